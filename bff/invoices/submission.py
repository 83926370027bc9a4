"""Checking an invoice submission (D8) and staging it with its receipts: the outbox row and every file
are committed in one transaction, so a refused or broken upload leaves nothing behind."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer
from strawberry.relay import GlobalID, GlobalIDValueError

from bff.db.models import ServiceRequestRecord, UploadedFile
from bff.domain.form_rules import InvoiceRules, field_rule
from bff.domain.problems import FieldProblem, field_problem
from bff.i18n import both
from bff.invoices.files import clean_file_name, sniff_media_type
from bff.settings import Settings

MIB = 1024 * 1024
MAX_CONTRACTS = field_rule(InvoiceRules, "contractIds").max_length or 0
MAX_NOTE_LENGTH = field_rule(InvoiceRules, "note").max_length or 0


class IncomingFile(Protocol):
    """What an upload offers (Starlette's `UploadFile`): a client-chosen name and the bytes."""

    filename: str | None

    async def read(self, size: int = -1) -> bytes: ...


@dataclass(frozen=True)
class InvoiceLimits:
    max_file_bytes: int
    max_files: int
    max_total_bytes: int

    @classmethod
    def of(cls, settings: Settings) -> InvoiceLimits:
        return cls(
            max_file_bytes=settings.invoice_max_file_mb * MIB,
            max_files=settings.invoice_max_files,
            max_total_bytes=settings.invoice_max_total_mb * MIB,
        )


@dataclass(frozen=True)
class Receipt:
    """An accepted file: type sniffed from its content, name cleaned."""

    position: int
    file_name: str
    media_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _mb(size: int) -> str:
    return f"{size // MIB} MB"


async def check_files(
    files: Sequence[IncomingFile], limits: InvoiceLimits
) -> tuple[list[Receipt], list[FieldProblem]]:
    """Reads at most one byte over the limit of each file, so an oversized one is never held whole."""
    if not files:
        return [], [field_problem("files", "Bitte fügen Sie mindestens eine Rechnung hinzu.")]
    if len(files) > limits.max_files:
        return [], [
            field_problem(
                "files",
                "Bitte reichen Sie höchstens {limits_max_files} Dateien auf einmal ein.",
                limits_max_files=limits.max_files,
            )
        ]
    receipts, problems = [], []
    for position, file in enumerate(files):
        content = await file.read(limits.max_file_bytes + 1)
        media_type = sniff_media_type(content)
        problem = _file_problem(len(content), media_type, limits)
        if problem is not None:
            problems.append(FieldProblem(f"files.{position}", *problem))
            continue
        assert media_type is not None  # unknown content is a problem above
        name = clean_file_name(file.filename, media_type=media_type, position=position)
        receipts.append(Receipt(position=position, file_name=name, media_type=media_type, content=content))
    total = sum(len(receipt.content) for receipt in receipts)
    if not problems and total > limits.max_total_bytes:
        problems.append(
            field_problem(
                "files",
                "Alle Dateien zusammen dürfen höchstens {limit} groß sein.",
                limit=_mb(limits.max_total_bytes),
            )
        )
    return receipts, problems


def _file_problem(size: int, media_type: str | None, limits: InvoiceLimits) -> tuple[str, str] | None:
    if size > limits.max_file_bytes:
        limit = _mb(limits.max_file_bytes)
        return both("Die Datei ist größer als {limit}.", limit=limit)
    if size == 0:
        return both("Die Datei ist leer.")
    if media_type is None:
        return both("Dateityp nicht unterstützt. Erlaubt sind JPEG, PNG, HEIC und PDF.")
    return None


def check_contracts(
    raw_ids: Sequence[str], *, eligible: Iterable[str]
) -> tuple[list[str], list[FieldProblem]]:
    """The chosen contracts as upstream ids (duplicates dropped), each one a health contract the viewer
    holds; co-insured persons never have one of those (B3), so they are refused here."""
    if not raw_ids:
        return [], [field_problem("contractIds", "Bitte wählen Sie einen Vertrag aus.")]
    if len(raw_ids) > MAX_CONTRACTS:
        return [], [
            field_problem(
                "contractIds",
                "Bitte wählen Sie höchstens {MAX_CONTRACTS} Verträge aus.",
                MAX_CONTRACTS=MAX_CONTRACTS,
            )
        ]
    allowed = set(eligible)
    chosen: list[str] = []
    problems = []
    for position, raw in enumerate(raw_ids):
        contract_id = _contract_node_id(raw)
        if contract_id is None or contract_id not in allowed:
            problems.append(
                field_problem(
                    f"contractIds.{position}",
                    "Rechnungen können Sie nur zu Krankenversicherungen einreichen, deren "
                    "Versicherungsnehmer Sie sind.",
                )
            )
        elif contract_id not in chosen:
            chosen.append(contract_id)
    return chosen, problems


def _contract_node_id(raw: str) -> str | None:
    try:
        global_id = GlobalID.from_id(raw)
    except GlobalIDValueError:  # a malformed id is simply not one of the viewer's contracts
        return None
    return global_id.node_id if global_id.type_name == "Contract" else None


def note_problems(note: str | None) -> list[FieldProblem]:
    if note is None or len(note) <= MAX_NOTE_LENGTH:
        return []
    return [
        field_problem(
            "note",
            "Der Titel darf höchstens {MAX_NOTE_LENGTH} Zeichen lang sein.",
            MAX_NOTE_LENGTH=MAX_NOTE_LENGTH,
        )
    ]


def submission_payload(
    *, contract_ids: list[str], receipts: list[Receipt], note: str | None, total: Decimal | None = None
) -> dict[str, Any]:
    """What the outbox row keeps (no content: that is in `uploaded_files`). The files' hashes make a
    retry with the same key and files a replay, and the same key with other files a reused key."""
    return {
        "contract_ids": contract_ids,
        "note": note,
        "total": None if total is None else str(total),
        "files": [
            {
                "name": r.file_name,
                "media_type": r.media_type,
                "size_bytes": len(r.content),
                "sha256": r.sha256,
            }
            for r in receipts
        ],
    }


def stage_files(session: AsyncSession, record: ServiceRequestRecord, receipts: list[Receipt]) -> None:
    """Adds a new submission's files to `session`, to commit with its outbox row: never half-stored."""
    session.add_all(
        UploadedFile(
            id=str(uuid.uuid4()),
            account_id=record.account_id,
            service_request_id=record.id,
            position=receipt.position,
            file_name=receipt.file_name,
            media_type=receipt.media_type,
            size_bytes=len(receipt.content),
            sha256=receipt.sha256,
            content=receipt.content,
        )
        for receipt in receipts
    )


async def files_of(session: AsyncSession, request_id: str) -> list[UploadedFile]:
    """The request's files in submission order, without their content (only names and sizes are shown)."""
    query = (
        select(UploadedFile)
        .where(UploadedFile.service_request_id == request_id)
        .order_by(UploadedFile.position)
        .options(defer(UploadedFile.content, raiseload=True))
    )
    return list((await session.scalars(query)).all())
