"""What a customer is told about a request's progress: its state and, while it waits for the services
system (closed at night, or down), when it will most likely be passed on."""

from __future__ import annotations

from datetime import datetime

from bff.db.models import ServiceRequestRecord
from bff.outbox.calendar import SERVICES_CALENDAR, ServicesCalendar
from bff.outbox.requests import OutboxStatus


def expected_delivery(
    record: ServiceRequestRecord, *, now: datetime, calendar: ServicesCalendar = SERVICES_CALENDAR
) -> datetime | None:
    """None when the request is not waiting or will go out right away; else the earliest moment."""
    if record.status != OutboxStatus.ACCEPTED:
        return None
    earliest = max(record.next_attempt_at, now)
    if not calendar.is_open(earliest):
        return calendar.next_opening(earliest)
    return earliest if earliest > now else None
