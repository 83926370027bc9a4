"""Every operation a partner runs is recorded (H2): an audit event (partner, grant, operation, customer
account, time; no personal data) and the grant's read counter, so the customer sees who read when."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from starlette.requests import HTTPConnection
from strawberry.extensions import SchemaExtension

from bff.auth.audit import audit
from bff.auth.client_info import client_address
from bff.auth.viewer import Viewer
from bff.partners.grants import count_read

if TYPE_CHECKING:
    from bff.context import AppState, Context

READ_ACTION = "partner.read"


async def record_partner_read(
    state: AppState,
    request: HTTPConnection,
    viewer: Viewer,
    *,
    operation_name: str | None,
    document: str | None,
) -> None:
    """An audit event and one more read on the grant; `document` is the operation's text (or a path)."""
    if not viewer.is_partner or viewer.grant_id is None:
        return
    # Registered documents are named by the sha256 of their text, so this is the operation's id.
    operation_id = hashlib.sha256(document.encode()).hexdigest() if document else None
    async with state.db.session() as session:
        audit(
            session,
            READ_ACTION,
            account_id=viewer.account_id,
            client_address=client_address(request),
            request_id=request.scope.get("state", {}).get("request_id"),
            partner_id=viewer.partner_id,
            grant_id=viewer.grant_id,
            operation_name=operation_name,
            operation_id=operation_id,
        )
        await count_read(session, grant_id=viewer.grant_id, now=state.clock())
        await session.commit()


class PartnerReadAudit(SchemaExtension):
    """Records a partner's operation once it has run (not when it was refused before execution)."""

    async def on_execute(self) -> AsyncIterator[None]:
        yield
        execution = self.execution_context
        context: Context = execution.context
        if context.viewer.is_partner:
            await record_partner_read(
                context.app,
                context.request,
                context.viewer,
                operation_name=execution.operation_name,
                document=execution.query,
            )
