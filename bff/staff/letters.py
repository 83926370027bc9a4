"""G4: the letter a customer gets in the postbox when a clerk rejects a request routed to them. Filing
it in the postbox also triggers the usual new-document mail (C3). The clerk's notes stay internal."""

from __future__ import annotations

import base64
from datetime import datetime

from fpdf import FPDF

from bff.backends import models as up
from bff.context import BERLIN, AppState
from bff.db.models import ServiceRequestRecord
from bff.offload import run_cpu_bound
from bff.outbox.ark_pdf import latin1, long_date
from bff.outbox.kinds import title_of


def rejection_letter(record: ServiceRequestRecord, *, now: datetime) -> tuple[str, bytes]:
    """Subject and PDF, in German as every postbox document; the texts name no personal data."""
    title, _ = title_of(up.ServiceRequestKind(record.kind))
    subject = f"Ihr Auftrag: {title}"
    received = long_date(record.created_at.astimezone(BERLIN).date(), "de")
    pdf = FPDF(format="A4")
    pdf.set_creation_date(now)
    pdf.set_title(latin1(subject))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    for text, size, style in (
        (subject, 15, "B"),
        ("Guten Tag,", 11, ""),
        (
            f"Ihren Auftrag „{title}“ vom {received} konnten wir leider nicht ausführen, weil ein Vertrag "
            "davon betroffen ist, für den gerade ein besonderer Vorgang läuft (zum Beispiel ein "
            "Mahnverfahren). Ihre bisherigen Daten bleiben unverändert.",
            11,
            "",
        ),
        ("Bei Fragen erreichen Sie uns über das Postfach im Kundenportal oder telefonisch.", 11, ""),
        ("Mit freundlichen Grüßen\nIhr Kundenservice", 11, ""),
    ):
        pdf.set_font("Helvetica", style=style, size=size)
        pdf.multi_cell(0, size * 0.5, latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    return subject, bytes(pdf.output())


async def file_rejection_letter(state: AppState, record: ServiceRequestRecord) -> up.Document:
    """Once per request: a retry (the clerk sends the rejection again) answers the letter filed first."""
    subject, pdf = await run_cpu_bound(rejection_letter, record, now=state.clock())
    return await state.backends.postbox.add_document(
        up.NewDocument(
            person_id=record.person_id,
            content_type="NACHRICHT",
            subject=subject,
            pdf_base64=base64.b64encode(pdf).decode("ascii"),
        ),
        idempotency_key=f"clerk-rejection-{record.id}",
    )
