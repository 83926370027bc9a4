"""The BFF's own business calendar: when the back office works (Mon–Fri 06:00–22:00 Europe/Berlin, not
on the public holidays of the insurer's federal state), so a customer is told when a request made at night
or on a holiday will be done (D1, D7). Holidays are regional in Germany: Corpus Christi and All Saints'
Day close the back office in Köln (North Rhine-Westphalia) but not in Hamburg. A letter reaches the
customer on a day the post delivers in the customer's state (Epiphany closes Bavaria, not Köln).
Kept apart from the simulator's copy: the BFF never imports upstream code."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import cache

import holidays

from bff.domain.clock import BERLIN

OPENS, CLOSES = time(6, 0), time(22, 0)
LEAD_TIME_OPEN = timedelta(minutes=5)
"""How long the back office takes for a request that arrives while it works ("within minutes")."""
LEAD_TIME_AFTER_OPENING = timedelta(minutes=15)
"""After a closed period the requests of the night are worked off first."""
INSURER_STATE = "NW"
"""The insurer's seat (Köln, North Rhine-Westphalia): its back office keeps that state's holidays."""
FEDERAL_STATES = frozenset(holidays.country_holidays("DE").subdivisions) - {"Augsburg"}
"""The 16 states by ISO 3166-2 code without "DE-" (the `holidays` package's subdivisions; Augsburg's
city holiday is no state)."""


def berlin(moment: datetime) -> datetime:
    """The moment in Berlin time; a naive datetime is taken to be Berlin time already."""
    return moment.replace(tzinfo=BERLIN) if moment.tzinfo is None else moment.astimezone(BERLIN)


class ServicesCalendar:
    """Service hours of the services system as the BFF knows them; the public holidays of each given
    federal state (nationwide and regional ones) come from the `holidays` package, computed per year,
    lazily. An unknown state (a foreign address) adds the nationwide ones only."""

    def __init__(self, states: Iterable[str]) -> None:
        known = sorted({state for state in states if state in FEDERAL_STATES})
        self.states = tuple(known)
        self._holidays = holidays.country_holidays("DE")
        for state in known:
            self._holidays += holidays.country_holidays("DE", subdiv=state)

    def is_holiday(self, day: date) -> bool:
        return day in self._holidays

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day)

    def is_open(self, moment: datetime) -> bool:
        local = berlin(moment)
        return self.is_working_day(local.date()) and OPENS <= local.time() < CLOSES

    def next_opening(self, moment: datetime) -> datetime:
        """The next moment the back office works, in Berlin time (`moment` itself if it works then)."""
        local = berlin(moment)
        if self.is_open(local):
            return local
        day = local.date() if local.time() < OPENS else local.date() + timedelta(days=1)
        return datetime.combine(self.working_day_from(day), OPENS, tzinfo=BERLIN)

    def working_day_from(self, day: date) -> date:
        """`day` if the back office works then, else the next day it does."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def expected_delivery(self, moment: datetime) -> datetime:
        """When a request made at `moment` is expected to be done: within minutes while the back office
        works, else a little after it next opens."""
        local = berlin(moment)
        if self.is_open(local):
            return local + LEAD_TIME_OPEN
        return self.next_opening(local) + LEAD_TIME_AFTER_OPENING


@cache
def calendar_for(*states: str | None) -> ServicesCalendar:
    """A calendar with the holidays of the given states (None or an unknown one: none of its own)."""
    return ServicesCalendar(state for state in states if state)


SERVICES_CALENDAR = calendar_for(INSURER_STATE)
POST_DAYS = 6
"""The post delivers letters Monday to Saturday."""


def expected_letter_arrival(moment: datetime, *, customer_state: str | None) -> date:
    """When a letter from the back office (the activation code, A2) is expected: posted the day the back
    office next works (the insurer's holidays), delivered the next day the post delivers where the
    customer lives (Monday to Saturday, not on a public holiday of the customer's state)."""
    posted = SERVICES_CALENDAR.next_opening(moment).date()
    there = calendar_for(customer_state)
    day = posted + timedelta(days=1)
    while day.weekday() >= POST_DAYS or there.is_holiday(day):
        day += timedelta(days=1)
    return day
