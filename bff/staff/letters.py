"""G4: the letter a customer gets in the postbox when a clerk rejects a request routed to them. Filing
it in the postbox also triggers the usual new-document mail (C3). The clerk's notes stay internal."""

from __future__ import annotations

from datetime import datetime

from bff.backends import Backends
from bff.backends import models as up
from bff.db.models import ServiceRequestRecord
from bff.outbox.kinds import title_of
from bff.outbox.letters import file_service_letter, received_on


def rejection_text(record: ServiceRequestRecord) -> str:
    title, _ = title_of(up.ServiceRequestKind(record.kind))
    return (
        f"Ihren Auftrag „{title}“ vom {received_on(record)} konnten wir leider nicht ausführen, weil ein "
        "Vertrag davon betroffen ist, für den gerade ein besonderer Vorgang läuft (zum Beispiel ein "
        "Mahnverfahren). Ihre bisherigen Daten bleiben unverändert."
    )


async def file_rejection_letter(
    record: ServiceRequestRecord, *, backends: Backends, now: datetime
) -> up.Document:
    """Once per request: a retry (the clerk sends the rejection again) answers the letter filed first."""
    return await file_service_letter(
        record, backends=backends, now=now, text=rejection_text(record), purpose="clerk-rejection"
    )
