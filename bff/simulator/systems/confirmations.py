"""C6/D6 in the simulated back office: a master-data change is confirmed by a postbox document from
every group company that holds a contract of the customer (serial change), so each company's letter
names itself. Shared by the effects of all master-data changes (address, personal data, bank, contact)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bff.backends.models import ContractStatus, Direction
from bff.simulator.db import ContractRow, DocumentRow, PersonRow, ServiceRequestRow
from bff.simulator.pdf import document_pdf
from bff.simulator.seed import CONTENT_TYPES

CONFIRMATION_TYPE = "AENDERUNGSBESTAETIGUNG"
GROUP_NAME = "Muster Versicherungsgruppe"
"""Sender when the person holds no contract (a prospect): the group itself confirms."""


async def holding_companies(session: AsyncSession, person_id: str) -> list[tuple[str, str]]:
    """(code, name) of every group company holding a contract of the person that has not ended, by code."""
    rows = await session.execute(
        select(ContractRow.company, ContractRow.company_name)
        .where(ContractRow.holder_id == person_id, ContractRow.status != ContractStatus.ENDED.value)
        .distinct()
        .order_by(ContractRow.company)
    )
    return [(code, name) for code, name in rows.all()]


def salutation(person: PersonRow) -> str:
    """The letter's opening line, e.g. "Sehr geehrte Frau Dr. Berger,"."""
    title = {"DR": "Dr. ", "PROF": "Prof. "}.get(person.title or "", "")
    if person.salutation == "Frau":
        return f"Sehr geehrte Frau {title}{person.last_name},"
    if person.salutation == "Herr":
        return f"Sehr geehrter Herr {title}{person.last_name},"
    return "Sehr geehrte Damen und Herren,"


def effective_text(effective_from: date | None) -> str:
    """When a change holds, as the letter says it: a broker's change holds from its day (G2)."""
    return f"ab dem {effective_from:%d.%m.%Y}" if effective_from is not None else "ab sofort"


async def write_change_confirmations(
    session: AsyncSession,
    *,
    request: ServiceRequestRow,
    topic: str,
    body: str | Callable[[str], str] = "",
) -> list[DocumentRow]:
    """One unread confirmation per holding company, e.g. topic "Bestätigung Ihrer Adressänderung" and a
    body saying what changed (German; it is the customer's own letter, so it may name the new data; may be
    empty). A body that differs per company (its own contracts only) is a function of the company code.
    Ids derive from the request id, so the documents of one request can never be written twice."""
    companies = await holding_companies(session, request.person_id) or [("GRP", GROUP_NAME)]
    type_name = CONTENT_TYPES[CONFIRMATION_TYPE]
    documents = []
    for code, name in companies:
        text = body(code) if callable(body) else body
        document_id = f"d-{request.id}-{code}"
        subject = f"{topic} – {name}"
        letter = (
            (f"{text}\n\n" if text else "")
            + f"Diese Bestätigung erhalten Sie von der {name} für Ihre Verträge dort; jede "
            f"Gesellschaft der Gruppe, bei der Sie Verträge haben, hat die Änderung übernommen.\n\n"
            f"Mit freundlichen Grüßen\n{name}"
        )
        document = DocumentRow(
            id=document_id,
            person_id=request.person_id,
            contract_id=None,
            content_type=CONFIRMATION_TYPE,
            subject=subject,
            created_at=request.received_at,
            direction=Direction.OUTBOUND.value,
            read=False,
            legally_required=False,
            body=letter,
            size_bytes=len(
                document_pdf(
                    document_id=document_id,
                    type_name=type_name,
                    subject=subject,
                    created_at=request.received_at,
                    inbound=False,
                    body=letter,
                )
            ),
        )
        session.add(document)
        documents.append(document)
    return documents
