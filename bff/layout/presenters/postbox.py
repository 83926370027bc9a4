"""The postbox screen (C1, C2): documents newest first with the unread count, filtered by the screen's
parameters. The filters come back as form fields holding the current values, so the client re-asks the
layout with changed `params` and needs no filter logic of its own."""

from __future__ import annotations

from datetime import date

from bff.domain.labels import LINE_LABELS, pick
from bff.domain.paging import page_number, page_size
from bff.i18n import N_, translate
from bff.layout import models as m
from bff.layout.models import ComponentSpec
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


def _paging(request: LayoutRequest, *, page: int, limit: int, total: int) -> Props | None:
    """ "51–100 von 374" with links to the neighbouring pages (the same filters, another `page`)."""
    if total <= limit and page == 1:
        return None
    locale = request.locale
    first, last = (page - 1) * limit + 1, min(page * limit, total)
    shown = f"{first}–{last}" if first <= last else "0"
    of = translate("{shown} von {total}", locale, shown=shown, total=total)

    def to(number: int, label: str) -> m.Navigate:
        params = {**request.params, "page": str(number)}
        if number == 1:
            del params["page"]
        return m.Navigate(kind="navigate", screen="postbox", params=params, label=m.localized(label))

    return {
        "summary": of,
        "previous": to(page - 1, N_("Vorherige Seite")) if page > 1 else None,
        "next": to(page + 1, N_("Nächste Seite")) if last < total else None,
    }


@presenter("postbox_documents")
async def postbox_documents(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """C1/C2: the filtered documents a page at a time, each with download (print on kiosks) and, if
    unread, mark-read; `params.page` picks the page, the paging links lead to its neighbours."""
    limit = page_size(spec.args.get("limit", DEFAULT_LIMIT), argument="limit") or DEFAULT_LIMIT
    page = page_number(request.params.get("page"))
    found = await resolve_postbox_documents(
        postbox_query(request.params), scope=request.scope, locale=request.locale
    )
    shown = found[(page - 1) * limit : page * limit]
    locale = request.locale
    props: Props = {
        "items": [document_item(document, locale, mark_read=True) for document in shown],
        "unread_count": len(await unread_documents(request)),
        "filters": await _filters(request),
        "empty_text": translate("Keine Dokumente gefunden.", locale),
        "paging": _paging(request, page=page, limit=limit, total=len(found)),
    }
    return [props]
