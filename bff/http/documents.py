"""Authorised PDF download (C1): the viewer's own documents only, streamed from the postbox."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from bff.backends import UpstreamError
from bff.context import AppState
from bff.domain.clock import BERLIN
from bff.domain.visibility import visible_documents
from bff.http.graphql_over_http import JSON
from bff.http.viewer import resolve_credentials
from bff.partners.access import partner_download_refusal
from bff.partners.read_audit import record_partner_read

NOT_FOUND = {"error": "Nicht gefunden / Not found"}


async def download_document(request: Request) -> Response:
    state: AppState = request.app.state.bff
    partner_refusal = await partner_download_refusal(request)  # H2: key, grant, rate limit, documents:read
    if partner_refusal is not None:
        return partner_refusal.response(JSON)
    credentials = await resolve_credentials(request, state.settings, state.sessions)
    if credentials.viewer.person_id is None:
        return JSONResponse({"error": "Bitte melden Sie sich an. / Please sign in."}, status_code=401)
    document_id = request.path_params["document_id"]
    try:
        documents = await state.backends.postbox.documents_by_ids([document_id])
    except UpstreamError:
        return JSONResponse({"error": "Postfach nicht erreichbar / Postbox unavailable"}, status_code=503)
    document = documents[0] if documents else None
    if document is None or document.person_id != credentials.viewer.person_id:
        return JSONResponse(NOT_FOUND, status_code=404)
    if document.contract_id is not None:  # B3, as in the postbox: no PDF of a hidden contract
        try:
            contracts = await state.backends.policies.contracts_by_person_ids([document.person_id])
        except UpstreamError:
            return JSONResponse({"error": "Postfach nicht erreichbar / Postbox unavailable"}, status_code=503)
        today = state.clock().astimezone(BERLIN).date()
        if not visible_documents([document], contracts=contracts, person_id=document.person_id, today=today):
            return JSONResponse(NOT_FOUND, status_code=404)
    await record_partner_read(
        state, request, credentials.viewer, operation_name="documentDownload", document=None
    )
    return StreamingResponse(
        state.backends.postbox.stream_content(document.id),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{document.id}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )
