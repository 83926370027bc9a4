"""Service hours of the services system: Mon–Fri 06:00–22:00 Europe/Berlin, not on public holidays of NRW.

The BFF must accept self-services at any time and deliver them later (D1, D7): the simulator
refuses writes outside these hours so that the outbox's retry path is exercised for real.
"""

from __future__ import annotations

import math
from datetime import datetime, time, timedelta

import holidays

from bff.domain.clock import BERLIN

OPENS, CLOSES = time(6, 0), time(22, 0)


STATE = "NW"
"""The simulated insurer sits in Köln: North Rhine-Westphalia's holidays (Corpus Christi, All Saints'
Day) close its back office too."""


class ServiceHours:
    """The calendar; the state's public holidays (nationwide and regional) come from `holidays`."""

    def __init__(self) -> None:
        self._holidays = holidays.country_holidays("DE", subdiv=STATE)

    @staticmethod
    def local(moment: datetime) -> datetime:
        """The moment in Berlin time; a naive datetime is taken to be Berlin time already."""
        return moment.replace(tzinfo=BERLIN) if moment.tzinfo is None else moment.astimezone(BERLIN)

    def is_working_day(self, moment: datetime) -> bool:
        day = moment.date()
        return day.weekday() < 5 and day not in self._holidays

    def is_open(self, moment: datetime) -> bool:
        local = self.local(moment)
        return self.is_working_day(local) and OPENS <= local.time() < CLOSES

    def next_opening(self, moment: datetime) -> datetime:
        """The next moment the services system opens (`moment` itself if it is open)."""
        local = self.local(moment)
        if self.is_open(local):
            return local
        day = local.date() if local.time() < OPENS else local.date() + timedelta(days=1)
        while True:
            candidate = datetime.combine(day, OPENS, tzinfo=BERLIN)
            if self.is_working_day(candidate):
                return candidate
            day += timedelta(days=1)

    def retry_after_seconds(self, moment: datetime) -> int:
        """Seconds until opening, for the `Retry-After` header (at least 1)."""
        wait = (self.next_opening(moment) - self.local(moment)).total_seconds()
        return max(1, math.ceil(wait))
