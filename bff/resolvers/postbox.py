"""The postbox (C1, C2): every document of the customer, filtered and sorted."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

from bff.backends import models as up
from bff.domain.labels import document_label
from bff.domain.upstream_texts import upstream_text
from bff.domain.visibility import visible_documents
from bff.resolvers.common import upstream
from bff.scope import RequestScope


@dataclass(frozen=True)
class PostboxQuery:
    contract_id: str | None = None
    subject: str | None = None
    since: date | None = None
    until: date | None = None
    unread_only: bool = False
    newest_first: bool = True


async def _documents_of(person_id: str, *, scope: RequestScope) -> list[up.Document]:
    """The one read of a person's postbox: B3 applied here, so lists, counts and by-id reads agree."""
    loaders = scope.loaders
    documents, contracts = await asyncio.gather(
        upstream(loaders.documents_by_person_id.load(person_id)),
        upstream(loaders.contracts_by_person_id.load(person_id)),
    )
    return visible_documents(documents, contracts=contracts, person_id=person_id, today=scope.today)


async def resolve_postbox_documents(
    query: PostboxQuery, *, scope: RequestScope, locale: str
) -> list[up.Document]:
    """The viewer's visible documents matching `query`; the subject search also matches the subject and
    the document type's label as shown in `locale`."""
    person_id = scope.person_id
    if not person_id:
        return []
    documents = await _documents_of(person_id, scope=scope)
    needle = (query.subject or "").casefold()

    def matches(document: up.Document) -> bool:
        day = document.created_at.date()
        return (
            (query.contract_id is None or document.contract_id == query.contract_id)
            and (
                not needle
                or needle in document.subject.casefold()
                or needle in upstream_text(document.subject, locale).casefold()
                or needle in document_label(document.content_type, locale).casefold()
            )
            and (query.since is None or day >= query.since)
            and (query.until is None or day <= query.until)
            and (not query.unread_only or not document.read)
        )

    selected = [document for document in documents if matches(document)]
    return sorted(selected, key=lambda d: (d.created_at, d.id), reverse=query.newest_first)


async def resolve_unread_count(*, scope: RequestScope) -> int:
    person_id = scope.person_id
    if not person_id:
        return 0
    documents = await _documents_of(person_id, scope=scope)
    return sum(1 for document in documents if not document.read)


async def resolve_own_document(document_id: str, *, scope: RequestScope) -> up.Document | None:
    """The document if it is addressed to the viewer (authorised on resolution), else None."""
    person_id = scope.person_id
    if not person_id:
        return None
    document = await upstream(scope.loaders.document_by_id.load(document_id))
    if document is None or document.person_id != person_id:
        return None
    return document if document in await _documents_of(person_id, scope=scope) else None


async def resolve_mark_document_read(document_id: str, *, scope: RequestScope) -> up.Document | None:
    """Marks one of the viewer's own documents read; None for any other id (as for reads, another
    customer's document is indistinguishable from an unknown one)."""
    document = await resolve_own_document(document_id, scope=scope)
    if document is None or document.read:
        return document
    updated = await upstream(scope.backends.postbox.mark_read(document.id))
    await scope.cache.invalidate_person(updated.person_id)  # cached lists on every instance
    loaders = scope.loaders
    loaders.document_by_id.clear(updated.id).prime(updated.id, updated)
    loaders.documents_by_person_id.clear(updated.person_id)  # the unread count changed
    return updated
