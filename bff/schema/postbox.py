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
from bff.domain.upstream_texts import upstream_text
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
    subject: str = strawberry.field(
        description="Subject as the sender wrote it, in the reader's language where its wording is known; "
        "searched by the `subject` filter (C2)."
    )
    created_at: datetime = strawberry.field(description="When it was filed.")
    direction: DocumentDirection = strawberry.field(description="Sent to or by the customer.")
    is_read: bool = strawberry.field(description="Whether the customer has opened it.")
    legally_required: bool = strawberry.field(
        description="Sent by post as well, whatever the delivery channel."
    )
    size_bytes: int = strawberry.field(description="Size of the PDF in bytes, to show before downloading.")
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
            subject=upstream_text(document.subject, locale),
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
        contract = await contract_resolvers.resolve_own_contract(self.contract_id, scope=info.context.scope)
        return None if contract is None else Contract.of(contract, info.context.locale)


@strawberry.enum(description="Sort order of the postbox by the date a document was created (C2).")
class PostboxOrder(Enum):
    NEWEST_FIRST = strawberry.enum_value(
        "NEWEST_FIRST", description="Newest document first; the default (C1)."
    )
    OLDEST_FIRST = strawberry.enum_value("OLDEST_FIRST", description="Oldest document first.")


@strawberry.input(description="Postbox filters (C2); all optional and combined with AND.")
class PostboxFilter:
    contract_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Only documents of this contract."
    )
    subject: str | None = strawberry.field(default=None, description="Substring of subject or document name.")
    since: date | None = strawberry.field(default=None, description="Only documents from this day on.")
    until: date | None = strawberry.field(default=None, description="Only documents up to this day.")
    unread_only: bool = strawberry.field(default=False, description="Only unread documents.")


@strawberry.type(description="The customer's postbox.")
class Postbox:
    @strawberry.field(description="Number of unread documents (badge).")
    async def unread_count(self, info: Info) -> int | None:
        return await resolvers.resolve_unread_count(scope=info.context.scope)

    @relay.connection(
        LimitedConnection[Document], description="Documents, filtered and sorted; at most 100 per page."
    )
    async def documents(
        self,
        info: Info,
        filter: Annotated[
            PostboxFilter | None, strawberry.argument(description="Which documents; null: all.")
        ] = None,
        order: Annotated[
            PostboxOrder,
            strawberry.argument(description="By creation date; newest first unless asked otherwise."),
        ] = PostboxOrder.NEWEST_FIRST,
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
        return [
            Document.of(d, locale)
            for d in await resolvers.resolve_postbox_documents(query, scope=info.context.scope, locale=locale)
        ]


@strawberry.type(description="The document is marked as read.")
class DocumentMarkedRead:
    document: Document = strawberry.field(description="The document, now read.")

    @strawberry.field(description="Unread documents left (badge).")
    async def unread_count(self, info: Info) -> int | None:
        return await resolvers.resolve_unread_count(scope=info.context.scope)


@strawberry.type(description="There is no such document in your postbox.")
class DocumentNotFound:
    message: str = strawberry.field(
        default="Dieses Dokument gibt es in Ihrem Postfach nicht.",
        description="What happened, in German, ready to show.",
    )
    message_en: str = strawberry.field(
        default="There is no such document in your postbox.", description="The same message in English."
    )


MarkDocumentReadResult = Annotated[
    DocumentMarkedRead | DocumentNotFound,
    strawberry.union(
        "MarkDocumentReadResult",
        description="What `markDocumentRead` answers; the member type tells the outcome.",
    ),
]


@strawberry.type
class PostboxMutation:
    @strawberry.mutation(description="Mark a document of the postbox as read (C1); only your own documents.")
    async def mark_document_read(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="Global id of the document.")],
    ) -> MarkDocumentReadResult:
        document = (
            await resolvers.resolve_mark_document_read(id.node_id, scope=info.context.scope)
            if id.type_name == "Document"
            else None
        )
        if document is None:
            return DocumentNotFound()
        return DocumentMarkedRead(document=Document.of(document, info.context.locale))
