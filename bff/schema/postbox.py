"""Postbox (C1, C2): documents with clear-text names, filters and Relay pagination."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from bff.backends import models as up
from bff.context import Info
from bff.domain.labels import document_label
from bff.resolvers import contracts as contract_resolvers
from bff.resolvers import postbox as resolvers
from bff.schema.common import DocumentDirection
from bff.schema.pagination import LimitedConnection

if TYPE_CHECKING:
    from bff.schema.contracts import Contract


@strawberry.type(description="A document or message in the customer's postbox.")
class Document(relay.Node):
    id: relay.NodeID[str]
    contract_id: strawberry.Private[str | None]
    title: str = strawberry.field(description="Clear-text document name (mapped from the DMS content type).")
    content_type: str = strawberry.field(description="The DMS's internal content type code.")
    subject: str
    created_at: datetime
    direction: DocumentDirection
    is_read: bool
    legally_required: bool = strawberry.field(
        description="Sent by post as well, whatever the delivery channel."
    )
    size_bytes: int
    recipient: str | None = strawberry.field(
        description="For a message the customer sent from the portal: who it went to (C5)."
    )

    @classmethod
    def of(cls, document: up.Document, locale: str) -> Document:
        return cls(
            id=document.id,
            contract_id=document.contract_id,
            title=document_label(document.content_type, locale),
            content_type=document.content_type,
            subject=document.subject,
            created_at=document.created_at,
            direction=document.direction,
            is_read=document.read,
            legally_required=document.legally_required,
            size_bytes=document.size_bytes,
            recipient=document.recipient,
        )

    @strawberry.field(description="Path of the authorised PDF download (send the session with it).")
    def download_url(self) -> str:
        return f"/documents/{self.id}/content"

    @strawberry.field(description="The contract the document belongs to, if any and visible.")
    async def contract(
        self, info: Info
    ) -> Annotated[Contract, strawberry.lazy("bff.schema.contracts")] | None:
        from bff.schema.contracts import Contract

        if self.contract_id is None:
            return None
        contract = await contract_resolvers.resolve_own_contract(info, self.contract_id)
        return None if contract is None else Contract.of(contract, info.context.locale)


@strawberry.enum(description="Sort order of the postbox.")
class PostboxOrder(Enum):
    NEWEST_FIRST = "NEWEST_FIRST"
    OLDEST_FIRST = "OLDEST_FIRST"


@strawberry.input(description="Postbox filters (C2); all optional and combined with AND.")
class PostboxFilter:
    contract_id: relay.GlobalID | None = None
    subject: str | None = strawberry.field(default=None, description="Substring of subject or document name.")
    since: date | None = None
    until: date | None = None
    unread_only: bool = False


@strawberry.type(description="The customer's postbox.")
class Postbox:
    @strawberry.field(description="Number of unread documents (badge).")
    async def unread_count(self, info: Info) -> int | None:
        return await resolvers.resolve_unread_count(info)

    @relay.connection(
        LimitedConnection[Document], description="Documents, filtered and sorted; at most 100 per page."
    )
    async def documents(
        self,
        info: Info,
        filter: PostboxFilter | None = None,
        order: PostboxOrder = PostboxOrder.NEWEST_FIRST,
    ) -> Iterable[Document]:
        f = filter or PostboxFilter()
        query = resolvers.PostboxQuery(
            contract_id=f.contract_id.node_id if f.contract_id is not None else None,
            subject=f.subject,
            since=f.since,
            until=f.until,
            unread_only=f.unread_only,
            newest_first=order is PostboxOrder.NEWEST_FIRST,
        )
        locale = info.context.locale
        return [Document.of(d, locale) for d in await resolvers.resolve_postbox_documents(info, query)]


@strawberry.type(description="The document is marked as read.")
class DocumentMarkedRead:
    document: Document

    @strawberry.field(description="Unread documents left (badge).")
    async def unread_count(self, info: Info) -> int | None:
        return await resolvers.resolve_unread_count(info)


@strawberry.type(description="There is no such document in your postbox.")
class DocumentNotFound:
    message: str = "Dieses Dokument gibt es in Ihrem Postfach nicht."
    message_en: str = "There is no such document in your postbox."


MarkDocumentReadResult = Annotated[
    DocumentMarkedRead | DocumentNotFound, strawberry.union("MarkDocumentReadResult")
]


@strawberry.type
class PostboxMutation:
    @strawberry.mutation(description="Mark a document of the postbox as read (C1); only your own documents.")
    async def mark_document_read(self, info: Info, id: relay.GlobalID) -> MarkDocumentReadResult:
        document = (
            await resolvers.resolve_mark_document_read(info, id.node_id)
            if id.type_name == "Document"
            else None
        )
        if document is None:
            return DocumentNotFound()
        return DocumentMarkedRead(document=Document.of(document, info.context.locale))
