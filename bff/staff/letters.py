"""G4: the letter a customer gets in the postbox when a clerk rejects a request routed to them. Filing
it in the postbox also triggers the usual new-document mail (C3). The clerk's notes stay internal."""

from __future__ import annotations

import base64
from datetime import datetime

from bff.backends import models as up
from bff.context import AppState
from bff.db.models import ServiceRequestRecord
from bff.outbox.kinds import title_of
from bff.outbox.letters import received_on, service_letter


def rejection_letter(record: ServiceRequestRecord, *, now: datetime) -> tuple[str, bytes]:
    title, _ = title_of(up.ServiceRequestKind(record.kind))
    return service_letter(
        record,
        now=now,
        text=f"Ihren Auftrag „{title}“ vom {received_on(record)} konnten wir leider nicht ausführen, weil "
        "ein Vertrag davon betroffen ist, für den gerade ein besonderer Vorgang läuft (zum Beispiel ein "
        "Mahnverfahren). Ihre bisherigen Daten bleiben unverändert.",
    )


async def file_rejection_letter(state: AppState, record: ServiceRequestRecord) -> up.Document:
    """Once per request: a retry (the clerk sends the rejection again) answers the letter filed first."""
    subject, pdf = rejection_letter(record, now=state.clock())
    return await state.backends.postbox.add_document(
        up.NewDocument(
            person_id=record.person_id,
            content_type="NACHRICHT",
            subject=subject,
            pdf_base64=base64.b64encode(pdf).decode("ascii"),
        ),
        idempotency_key=f"clerk-rejection-{record.id}",
    )
