"""The postbox (C1, C2): every document of the customer, filtered and sorted."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

from bff.backends import models as up
from bff.context import Info
from bff.domain.labels import document_label
from bff.domain.visibility import visible_documents
from bff.resolvers.common import upstream, viewer_person_id


@dataclass(frozen=True)
class PostboxQuery:
    contract_id: str | None = None
    subject: str | None = None
    since: date | None = None
    until: date | None = None
    unread_only: bool = False
    newest_first: bool = True


async def _documents_of(info: Info, person_id: str) -> list[up.Document]:
    """The one read of a person's postbox: B3 applied here, so lists, counts and by-id reads agree."""
    loaders = info.context.loaders
    documents, contracts = await asyncio.gather(
        upstream(loaders.documents_by_person_id.load(person_id)),
        upstream(loaders.contracts_by_person_id.load(person_id)),
    )
    return visible_documents(documents, contracts=contracts, person_id=person_id, today=info.context.today)


async def resolve_postbox_documents(info: Info, query: PostboxQuery) -> list[up.Document]:
    person_id = viewer_person_id(info)
    if not person_id:
        return []
    documents = await _documents_of(info, person_id)
    locale = info.context.locale
    needle = (query.subject or "").casefold()

    def matches(document: up.Document) -> bool:
        day = document.created_at.date()
        return (
            (query.contract_id is None or document.contract_id == query.contract_id)
            and (
                not needle
                or needle in document.subject.casefold()
                or needle in document_label(document.content_type, locale).casefold()
            )
            and (query.since is None or day >= query.since)
            and (query.until is None or day <= query.until)
            and (not query.unread_only or not document.read)
        )

    selected = [document for document in documents if matches(document)]
    return sorted(selected, key=lambda d: (d.created_at, d.id), reverse=query.newest_first)


async def resolve_unread_count(info: Info) -> int:
    person_id = viewer_person_id(info)
    if not person_id:
        return 0
    documents = await _documents_of(info, person_id)
    return sum(1 for document in documents if not document.read)


async def resolve_own_document(info: Info, document_id: str) -> up.Document | None:
    """The document if it is addressed to the viewer (authorised on resolution), else None."""
    person_id = viewer_person_id(info)
    if not person_id:
        return None
    document = await upstream(info.context.loaders.document_by_id.load(document_id))
    if document is None or document.person_id != person_id:
        return None
    return document if document in await _documents_of(info, person_id) else None


async def resolve_mark_document_read(info: Info, document_id: str) -> up.Document | None:
    """Marks one of the viewer's own documents read; None for any other id (as for reads, another
    customer's document is indistinguishable from an unknown one)."""
    document = await resolve_own_document(info, document_id)
    if document is None or document.read:
        return document
    updated = await upstream(info.context.backends.postbox.mark_read(document.id))
    await info.context.cache.invalidate_person(updated.person_id)  # cached lists on every instance
    loaders = info.context.loaders
    loaders.document_by_id.clear(updated.id).prime(updated.id, updated)
    loaders.documents_by_person_id.clear(updated.person_id)  # the unread count changed
    return updated
