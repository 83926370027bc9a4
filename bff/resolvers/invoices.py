"""Invoice submission (D8) by the signed-in policyholder, and sending a refused submission again.

Eligible are the viewer's visible contracts (B3: held as a natural person, so never one the viewer is
only co-insured on) of the lines full health, supplementary health and travel health (foreign bills
for the ARK, seed 001)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile

from bff.backends import models as up
from bff.db.models import ServiceRequestRecord
from bff.domain.amounts import euro_amount_problem
from bff.domain.form_rules import InvoiceRules, field_rule
from bff.domain.master_data import idempotency_key_problems
from bff.domain.problems import FieldProblem, field_problem
from bff.errors import NotFound
from bff.invoices.submission import (
    InvoiceLimits,
    check_contracts,
    check_files,
    files_of,
    note_problems,
    stage_files,
    submission_payload,
)
from bff.outbox.operations import requeue
from bff.outbox.pipeline import Change, KeyReused, Submitted, submit_change
from bff.outbox.requests import OutboxStatus
from bff.resolvers.common import audit_request
from bff.resolvers.contracts import resolve_visible_contracts
from bff.scope import RequestScope

INVOICE_LINES = frozenset({up.Line.HEALTH_FULL, up.Line.HEALTH_SUPPLEMENTARY, up.Line.TRAVEL_HEALTH})


class InvoiceStop(StrEnum):
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    NOT_RESENDABLE = "NOT_RESENDABLE"  # only a FAILED submission can be sent again


@dataclass(frozen=True)
class StoredFile:
    name: str
    media_type: str
    size_bytes: int


@dataclass(frozen=True)
class InvoicesStored:
    record: ServiceRequestRecord
    files: list[StoredFile]


MAX_TOTAL = field_rule(InvoiceRules, "total").maximum or Decimal(0)


async def eligible_contract_ids(*, scope: RequestScope) -> list[str]:
    return [c.id for c in await resolve_visible_contracts(scope=scope) if c.line in INVOICE_LINES]


async def resolve_submit_invoices(
    *,
    scope: RequestScope,
    contract_ids: Sequence[str],
    files: Sequence[object],
    note: str | None,
    idempotency_key: str,
    total: str | None = None,
    locale: str = "de",
) -> InvoicesStored | list[FieldProblem] | InvoiceStop:
    """`total` is the receipts' sum as the customer typed it ("1.234,56" in German, `locale`), optional."""
    person_id = scope.person_id
    uploads = [file for file in files if isinstance(file, UploadFile)]
    if len(uploads) != len(files):  # a variable that is not a multipart file part
        return [field_problem("files", "Bitte laden Sie Dateien hoch.")]
    receipts, file_problems = await check_files(uploads, InvoiceLimits.of(scope.settings))
    chosen, contract_problems = check_contracts(
        contract_ids, eligible=await eligible_contract_ids(scope=scope)
    )
    amount = None if total is None else euro_amount_problem("total", total, maximum=MAX_TOTAL, locale=locale)
    problems = (
        contract_problems
        + file_problems
        + note_problems(note)
        + ([amount] if isinstance(amount, FieldProblem) else [])
        + idempotency_key_problems(idempotency_key)
    )
    if problems or isinstance(amount, FieldProblem):
        return problems
    payload = submission_payload(contract_ids=chosen, receipts=receipts, note=note, total=amount)

    async def store_files(session: AsyncSession, record: ServiceRequestRecord) -> None:
        stage_files(session, record, receipts)

    outcome = await submit_change(
        Change(
            kind=up.ServiceRequestKind.INVOICE_SUBMISSION,
            payload=payload,
            idempotency_key=idempotency_key,
            audit_action="invoices.submitted",
            audit_detail={"files": len(receipts), "size_bytes": sum(len(r.content) for r in receipts)},
            stage=store_files,
        ),
        actor=scope.actor(person_id=person_id),
        db=scope.db,
        store=scope.store,
    )
    if isinstance(outcome, KeyReused):
        return InvoiceStop.IDEMPOTENCY_KEY_REUSED
    if not isinstance(outcome, Submitted):
        raise TypeError(f"unexpected outcome {outcome!r}")  # no checks, no step-up
    if not outcome.created:  # a retry of a submission already stored: answer it, store nothing
        async with scope.db.session() as session:
            stored = await files_of(session, outcome.record.id)
        return InvoicesStored(
            outcome.record, [StoredFile(f.file_name, f.media_type, f.size_bytes) for f in stored]
        )
    return InvoicesStored(
        outcome.record, [StoredFile(r.file_name, r.media_type, len(r.content)) for r in receipts]
    )


async def resolve_resend_invoice_submission(
    request_id: str, *, scope: RequestScope
) -> InvoicesStored | InvoiceStop:
    """A FAILED submission of the viewer goes back to the outbox as a fresh attempt with the stored
    files; another account's id reads as not found."""
    account_id = scope.account_id
    async with scope.db.session() as session:
        record = await session.get(ServiceRequestRecord, request_id)
        if (
            record is None
            or record.account_id != account_id
            or record.kind != up.ServiceRequestKind.INVOICE_SUBMISSION.value
        ):
            raise NotFound()
        if not await requeue(session, record.id, allowed=(OutboxStatus.FAILED,)):
            return InvoiceStop.NOT_RESENDABLE
        audit_request(
            session, "invoices.resent", account_id=account_id, service_request_id=record.id, scope=scope
        )
        await session.commit()
        await session.refresh(record)
        stored = await files_of(session, record.id)
    return InvoicesStored(record, [StoredFile(f.file_name, f.media_type, f.size_bytes) for f in stored])
