"""The letter a customer gets in the postbox about one of their requests (a clerk's rejection, a late
refusal): subject and PDF in German, as every postbox document; the texts name no personal data."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import TYPE_CHECKING

from fpdf import FPDF

from bff.backends import models as up
from bff.db.models import ServiceRequestRecord
from bff.domain.clock import BERLIN
from bff.offload import run_cpu_bound
from bff.outbox.ark_pdf import latin1, long_date
from bff.outbox.kinds import title_of

if TYPE_CHECKING:
    from bff.backends import Backends


def received_on(record: ServiceRequestRecord) -> str:
    return long_date(record.created_at.astimezone(BERLIN).date(), "de")


def service_letter(record: ServiceRequestRecord, *, now: datetime, text: str) -> tuple[str, bytes]:
    """Subject ("Ihr Auftrag: …") and PDF with `text` as its message."""
    title, _ = title_of(up.ServiceRequestKind(record.kind))
    subject = f"Ihr Auftrag: {title}"
    pdf = FPDF(format="A4")
    pdf.set_creation_date(now)
    pdf.set_title(latin1(subject))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    for paragraph, size, style in (
        (subject, 15, "B"),
        ("Guten Tag,", 11, ""),
        (text, 11, ""),
        ("Bei Fragen erreichen Sie uns über das Postfach im Kundenportal oder telefonisch.", 11, ""),
        ("Mit freundlichen Grüßen\nIhr Kundenservice", 11, ""),
    ):
        pdf.set_font("Helvetica", style=style, size=size)
        pdf.multi_cell(0, size * 0.5, latin1(paragraph), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    return subject, bytes(pdf.output())


async def file_service_letter(
    record: ServiceRequestRecord, *, backends: Backends, now: datetime, text: str, purpose: str
) -> up.Document:
    """Once per request and `purpose`: a retry answers the letter filed first (the postbox's key)."""
    subject, pdf = await run_cpu_bound(service_letter, record, now=now, text=text)
    return await backends.postbox.add_document(
        up.NewDocument(
            person_id=record.person_id,
            content_type="NACHRICHT",
            subject=subject,
            pdf_base64=base64.b64encode(pdf).decode("ascii"),
        ),
        idempotency_key=f"{purpose}-{record.id}",
    )
