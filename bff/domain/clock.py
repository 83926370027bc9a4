"""The insurer's time zone: one day per request and every business rule (service hours, deadlines,
letters) reads dates in Berlin time, wherever the server runs."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def berlin_now() -> datetime:
    return datetime.now(BERLIN)
