"""The postbox screen (C1, C2): documents newest first with the unread count, filtered by the screen's
parameters. The filters come back as form fields holding the current values, so the client re-asks the
layout with changed `params` and needs no filter logic of its own."""

from __future__ import annotations

from datetime import date

from bff.domain.labels import LINE_LABELS, pick
from bff.i18n import translate
from bff.layout.models import ComponentSpec, localize
from bff.layout.presenters import Props, presenter
from bff.layout.presenters.common import document_item
from bff.layout.request import LayoutRequest
from bff.layout.views import contract_global_id, contract_node_id, unread_documents, visible_contracts
from bff.resolvers.postbox import PostboxQuery, resolve_postbox_documents

DEFAULT_LIMIT = 50
ORDERS = ("NEWEST_FIRST", "OLDEST_FIRST")


def _day(raw: str | None) -> date | None:
    """A date filter as the client's date picker sends it (ISO); anything else filters nothing."""
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def postbox_query(params: dict[str, str]) -> PostboxQuery:
    contract = params.get("contractId")
    return PostboxQuery(
        contract_id=contract_node_id(contract) if contract else None,
        subject=params.get("subject") or None,
        since=_day(params.get("since")),
        until=_day(params.get("until")),
        unread_only=params.get("unreadOnly", "").lower() == "true",
        newest_first=params.get("order") != "OLDEST_FIRST",
    )


async def _filters(request: LayoutRequest) -> list[Props]:
    locale, params = request.locale, request.params
    contracts = await visible_contracts(request)
    contract_options = [
        {"value": contract_global_id(c), "label": f"{pick(LINE_LABELS[c.line], locale)} · {c.policy_number}"}
        for c in contracts
    ]
    order_labels = {
        "NEWEST_FIRST": translate("Neueste zuerst", locale),
        "OLDEST_FIRST": translate("Älteste zuerst", locale),
    }

    def field(name: str, kind: str, label: str, options: list[Props] | None = None) -> Props:
        return {
            "name": name,
            "kind": kind,
            "label": label,
            "required": False,
            "options": options or [],
            "value": params.get(name) or None,
        }

    return [
        field("contractId", "SELECT", translate("Vertrag", locale), contract_options),
        field("subject", "TEXT", translate("Betreff oder Dokumentart", locale)),
        field("since", "DATE", translate("Von", locale)),
        field("until", "DATE", translate("Bis", locale)),
        field("unreadOnly", "CHECKBOX", translate("Nur ungelesene", locale)),
        field(
            "order",
            "SELECT",
            translate("Sortierung", locale),
            [{"value": order, "label": order_labels[order]} for order in ORDERS],
        ),
    ]


@presenter("postbox_documents")
async def postbox_documents(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """C1/C2: the filtered documents, each with download (print on kiosks) and, if unread, mark-read."""
    limit = spec.args.get("limit", DEFAULT_LIMIT)
    found = await resolve_postbox_documents(
        postbox_query(request.params), scope=request.scope, locale=request.locale
    )
    shown = found[:limit]
    locale = request.locale
    props: Props = {
        "items": [document_item(document, locale, mark_read=True) for document in shown],
        "unread_count": len(await unread_documents(request)),
        "filters": await _filters(request),
        "empty_text": translate("Keine Dokumente gefunden.", locale),
    }
    if len(shown) < len(found):
        counted = translate("{shown} von {total}", locale, shown=len(shown), total=len(found))
        title = localize(spec.title, locale)
        props["title"] = f"{title} ({counted})" if title else counted
    return [props]
