"""The clerk queue (G4) for clerks: requests routed away from self-service, with a summary that never
shows an IBAN in clear, who took them, notes, and how they were resolved."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any

import msgspec
import strawberry

from bff.backends import models as up
from bff.context import Info
from bff.db.models import ServiceRequestNote, ServiceRequestRecord
from bff.domain.formatting import mask_iban
from bff.i18n import N_, both, in_locale
from bff.outbox.kinds import TITLES
from bff.resolvers.common import upstream
from bff.schema.enum_values import described_enum
from bff.schema.validation import ValidationFailed
from bff.staff import clerk_queue as queue
from bff.staff.clerk_queue import QueueConflict, QueueFilter, Resolution

described_enum(
    QueueFilter,
    name="ClerkQueueStatus",
    description="Which requests of the clerk queue to list.",
    values={
        QueueFilter.OPEN: "Routed to clerks and not resolved yet, taken or not.",
        QueueFilter.RESOLVED: "Decided by a clerk.",
    },
)
described_enum(
    Resolution,
    name="ClerkResolution",
    description="How a clerk decided on a request routed to them.",
    values={
        Resolution.APPLIED: "The change is passed on after all, despite the critical process.",
        Resolution.REJECTED: "The change is not made; the customer gets a letter in the postbox.",
    },
)
described_enum(
    QueueConflict,
    name="ClerkQueueConflictReason",
    description="Why a clerk queue action is not possible now.",
    values={
        QueueConflict.TAKEN_BY_ANOTHER_CLERK: "Another clerk took the request.",
        QueueConflict.NOT_TAKEN_BY_YOU: "Take the request first.",
        QueueConflict.ALREADY_RESOLVED: "The request is resolved already.",
    },
)

_CONFLICTS: dict[QueueConflict, str] = {
    QueueConflict.TAKEN_BY_ANOTHER_CLERK: N_("Diesen Auftrag bearbeitet bereits ein anderer Sachbearbeiter."),
    QueueConflict.NOT_TAKEN_BY_YOU: N_("Bitte übernehmen Sie den Auftrag zuerst."),
    QueueConflict.ALREADY_RESOLVED: N_("Dieser Auftrag ist bereits erledigt."),
}


def summary_of(record: ServiceRequestRecord) -> tuple[str, str]:
    """What the request asks for, for the clerk; the IBAN masked."""
    kind = up.ServiceRequestKind(record.kind)
    title = in_locale(TITLES[kind])
    if kind is up.ServiceRequestKind.BANK_CHANGE:
        change = msgspec.convert(record.payload, up.BankChangePayload)
        iban, count = mask_iban(change.iban), len({*change.debit_contract_ids, *change.credit_contract_ids})
        return both("{title}: {iban} für {count} Vertrag/Verträge", title=title, iban=iban, count=count)
    if kind is up.ServiceRequestKind.ADDRESS_CHANGE:
        address = msgspec.convert(record.payload, up.AddressChangePayload).address
        line = f"{address.street} {address.house_number}, {address.postal_code} {address.city}"
        return both("{title}: {line}", title=title, line=line)
    return both(TITLES[kind])


@strawberry.type(description="A clerk's note on a queued request; internal.")
class ClerkNote:
    text: str = strawberry.field(description="What the clerk wrote; never shown to the customer.")
    author: str = strawberry.field(description="The clerk's sign-in name.")
    created_at: datetime = strawberry.field(description="When it was written.")


@strawberry.type(description="A service request in the clerk queue (G4).")
class ClerkQueueItem:
    record: strawberry.Private[ServiceRequestRecord]
    notes_of: strawberry.Private[list[ServiceRequestNote]]
    id: strawberry.ID = strawberry.field(description="The request's id.")
    kind: up.ServiceRequestKind = strawberry.field(description="What the request asks for.")
    summary: str = strawberry.field(description="What it asks for in a line, in German; IBANs masked.")
    summary_en: str = strawberry.field(description="The same in English.")
    created_at: datetime = strawberry.field(description="When the request was made.")
    assigned_at: datetime | None = strawberry.field(description="When a clerk took it.")
    resolution: Resolution | None = strawberry.field(description="How it was resolved; null while open.")
    resolved_at: datetime | None = strawberry.field(description="When it was resolved.")

    @classmethod
    def of(
        cls, record: ServiceRequestRecord, notes: list[ServiceRequestNote] | None = None
    ) -> ClerkQueueItem:
        summary, summary_en = summary_of(record)
        return cls(
            record=record,
            notes_of=notes or [],
            id=strawberry.ID(record.id),
            kind=up.ServiceRequestKind(record.kind),
            summary=summary,
            summary_en=summary_en,
            created_at=record.created_at,
            assigned_at=record.assigned_at,
            resolution=Resolution(record.resolution) if record.resolution else None,
            resolved_at=record.resolved_at,
        )

    @strawberry.field(description="The customer number of the person whose data the request changes.")
    async def customer_number(self, info: Info) -> str | None:
        person = await upstream(info.context.loaders.person_by_id.load(self.record.person_id))
        return person.customer_number if person else None

    @strawberry.field(description="The sign-in name of the clerk who took it; null while nobody has.")
    async def assignee(self, info: Info) -> str | None:
        return await _sign_in_name(info, self.record.assigned_to)

    @strawberry.field(description="Clerks' notes, oldest first.")
    async def notes(self, info: Info) -> list[ClerkNote]:
        authors = await asyncio.gather(*(_sign_in_name(info, n.author_account_id) for n in self.notes_of))
        return [
            ClerkNote(text=n.text, author=author or "", created_at=n.created_at)
            for n, author in zip(self.notes_of, authors, strict=True)
        ]


async def _sign_in_name(info: Info, account_id: int | None) -> str | None:
    if account_id is None:
        return None
    account = await info.context.loaders.account_by_id.load(account_id)
    return account.customer_number if account else None


@strawberry.type(description="A page of the clerk queue, oldest request first.")
class ClerkQueuePage:
    items: list[ClerkQueueItem] = strawberry.field(description="The requests on this page.")
    has_next_page: bool = strawberry.field(description="Whether `after: endCursor` gives more.")
    end_cursor: str | None = strawberry.field(description="Pass as `after` for the next page.")


@strawberry.type(description="The queue action is not possible for this request now; `reason` says why.")
class ClerkQueueConflict:
    reason: QueueConflict = strawberry.field(description="Why the action is not possible.")
    message: str = strawberry.field(description="The reason in German, ready to show.")
    message_en: str = strawberry.field(description="The same reason in English.")

    @classmethod
    def of(cls, conflict: QueueConflict) -> ClerkQueueConflict:
        message, message_en = both(_CONFLICTS[conflict])
        return cls(reason=conflict, message=message, message_en=message_en)


@strawberry.type(description="The queue action was done; the request as it is now.")
class ClerkQueueUpdated:
    item: ClerkQueueItem = strawberry.field(description="The request after the action.")


ClerkQueueResult = Annotated[
    ClerkQueueUpdated | ClerkQueueConflict | ValidationFailed,
    strawberry.union("ClerkQueueResult", description="The updated request, or why the action failed."),
]


async def _item(info: Info, record: ServiceRequestRecord) -> ClerkQueueItem:
    return ClerkQueueItem.of(record, (await queue.notes_of([record.id], scope=info.context.scope))[record.id])


async def _result(info: Info, outcome: Any) -> ClerkQueueResult:
    if isinstance(outcome, QueueConflict):
        return ClerkQueueConflict.of(outcome)
    if isinstance(outcome, list):
        return ValidationFailed.of(outcome)
    return ClerkQueueUpdated(item=await _item(info, outcome))


@strawberry.type
class ClerkQueueQuery:
    @strawberry.field(
        description="Clerks only (G4): requests routed away from self-service (e.g. a bank change on a "
        "contract in dunning), oldest first, at most `first` (max 100) after the cursor `after`."
    )
    async def clerk_queue(
        self,
        info: Info,
        status: Annotated[QueueFilter, strawberry.argument(description="Open or resolved requests.")] = (
            QueueFilter.OPEN
        ),
        first: Annotated[int, strawberry.argument(description="Page size, at most 100.")] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="`endCursor` of the page before.")
        ] = None,
    ) -> ClerkQueuePage:
        page = await queue.list_queue(status=status, first=first, after=after, scope=info.context.scope)
        notes = await queue.notes_of([r.id for r in page.records], scope=info.context.scope)
        return ClerkQueuePage(
            items=[ClerkQueueItem.of(r, notes[r.id]) for r in page.records],
            has_next_page=page.has_next_page,
            end_cursor=page.end_cursor,
        )


@strawberry.type
class ClerkQueueMutation:
    @strawberry.mutation(
        description="Clerks only (G4): take a queued request; another clerk's is a conflict."
    )
    async def take_service_request(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The request.")]
    ) -> ClerkQueueResult:
        return await _result(info, await queue.take(id, scope=info.context.scope))

    @strawberry.mutation(
        description="Clerks only (G4): resolve a request you took. APPLIED passes it on after all; REJECTED "
        "ends it and files a letter in the customer's postbox. `note` is kept with the request."
    )
    async def resolve_service_request(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The request.")],
        outcome: Annotated[Resolution, strawberry.argument(description="Applied or rejected.")],
        note: Annotated[str | None, strawberry.argument(description="Optional internal note.")] = None,
    ) -> ClerkQueueResult:
        return await _result(
            info, await queue.resolve(id, resolution=outcome, note=note, scope=info.context.scope)
        )

    @strawberry.mutation(description="Clerks only (G4): add an internal note to a queued request.")
    async def add_service_request_note(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The request.")],
        text: Annotated[str, strawberry.argument(description="The note, at most 2000 characters.")],
    ) -> ClerkQueueResult:
        outcome = await queue.add_note(id, text, scope=info.context.scope)
        if isinstance(outcome, list):
            return ValidationFailed.of(outcome)
        async with info.context.app.db.session() as session:
            record = await session.get(ServiceRequestRecord, outcome.service_request_id)
        return await _result(info, record)
