"""The BFF's business calendar (D1, D7): Mon–Fri 06:00–22:00 Berlin, no public holidays of the insurer's
state (and the customer's, where it matters), and the delivery time a customer is promised."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bff.outbox.calendar import (
    BERLIN,
    INSURER_STATE,
    SERVICES_CALENDAR,
    ServicesCalendar,
    calendar_for,
    expected_letter_arrival,
)
from bff.staff.changes import next_business_day

calendar: ServicesCalendar = SERVICES_CALENDAR


def berlin(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (berlin(2026, 11, 20, 21, 59), True),  # Friday, last minute
        (berlin(2026, 11, 20, 22, 0), False),  # Friday, closing time
        (berlin(2026, 11, 23, 5, 59), False),  # Monday before opening
        (berlin(2026, 11, 23, 6, 0), True),  # Monday, opening time
        (berlin(2026, 11, 21, 10, 0), False),  # Saturday
        (berlin(2026, 11, 22, 10, 0), False),  # Sunday
        (berlin(2026, 4, 6, 10, 0), False),  # Easter Monday
        (berlin(2026, 4, 3, 10, 0), False),  # Good Friday
        (berlin(2026, 12, 24, 10, 0), True),  # Christmas Eve is a working day
        (berlin(2026, 12, 25, 10, 0), False),  # Christmas Day
        (berlin(2026, 12, 26, 10, 0), False),  # Boxing Day (a Saturday anyway)
        (berlin(2027, 1, 1, 10, 0), False),  # New Year's Day (a Friday)
        (berlin(2026, 10, 3, 10, 0), False),  # German Unity Day (a Saturday anyway)
        (berlin(2027, 10, 1, 10, 0), True),  # an ordinary Friday
    ],
)
def test_service_hours(moment: datetime, is_open: bool) -> None:
    assert calendar.is_open(moment) is is_open


def test_moments_in_other_zones_and_naive_berlin_time() -> None:
    assert calendar.is_open(datetime(2026, 11, 20, 20, 59, tzinfo=UTC))  # 21:59 CET
    assert not calendar.is_open(datetime(2026, 11, 20, 21, 0, tzinfo=UTC))  # 22:00 CET
    assert calendar.is_open(datetime(2026, 7, 3, 19, 59, tzinfo=UTC))  # 21:59 CEST (summer time)
    assert not calendar.is_open(datetime(2026, 7, 3, 20, 0, tzinfo=UTC))
    assert calendar.is_open(datetime(2026, 11, 20, 21, 59))  # naive: Berlin time


@pytest.mark.parametrize(
    ("moment", "opening"),
    [
        (berlin(2026, 11, 20, 21, 59), berlin(2026, 11, 20, 21, 59)),  # open: now
        (berlin(2026, 11, 20, 22, 0), berlin(2026, 11, 23, 6, 0)),  # Friday night → Monday
        (berlin(2026, 11, 21, 10, 0), berlin(2026, 11, 23, 6, 0)),  # Saturday → Monday
        (berlin(2026, 11, 23, 5, 0), berlin(2026, 11, 23, 6, 0)),  # early Monday → same day
        (berlin(2026, 4, 2, 22, 30), berlin(2026, 4, 7, 6, 0)),  # Easter: Good Friday to Easter Monday
        (berlin(2026, 12, 24, 22, 0), berlin(2026, 12, 28, 6, 0)),  # Christmas Day, Boxing Day, Sunday
        (berlin(2026, 12, 31, 23, 0), berlin(2027, 1, 4, 6, 0)),  # New Year's Day, weekend
    ],
)
def test_next_opening(moment: datetime, opening: datetime) -> None:
    assert calendar.next_opening(moment) == opening


def test_expected_delivery_within_minutes_when_open_else_after_next_opening() -> None:
    assert calendar.expected_delivery(berlin(2026, 11, 24, 10, 0)) == berlin(2026, 11, 24, 10, 5)
    assert calendar.expected_delivery(berlin(2026, 11, 20, 22, 0)) == berlin(2026, 11, 23, 6, 15)
    assert calendar.expected_delivery(berlin(2026, 4, 5, 12, 0)) == berlin(2026, 4, 7, 6, 15)
    assert calendar.expected_delivery(berlin(2026, 12, 31, 23, 0)) == berlin(2027, 1, 4, 6, 15)


def test_the_insurers_regional_holidays_close_the_back_office_in_koeln() -> None:
    """Corpus Christi and All Saints' Day are holidays in North Rhine-Westphalia, where the insurer sits:
    a request made the evening before is done on the day after, not "tomorrow"."""
    corpus_christi, all_saints = berlin(2026, 6, 4, 10, 0), berlin(2027, 11, 1, 10, 0)  # Thursday, Monday
    assert not calendar.is_open(corpus_christi) and not calendar.is_open(all_saints)
    assert calendar.next_opening(berlin(2026, 6, 3, 22, 30)) == berlin(2026, 6, 5, 6, 0)
    assert calendar.expected_delivery(berlin(2027, 10, 29, 23, 0)) == berlin(2027, 11, 2, 6, 15)
    assert next_business_day(date(2026, 6, 3)) == date(2026, 6, 5)  # G2: a staff change holds from Friday
    assert calendar.is_open(berlin(2026, 1, 6, 10, 0))  # Epiphany: a holiday in Bavaria, not in Köln


def test_a_state_calendar_has_that_states_holidays() -> None:
    bavaria, both = calendar_for("BY"), calendar_for(INSURER_STATE, "HH")
    assert not bavaria.is_open(berlin(2026, 1, 6, 10, 0))  # Epiphany in Bavaria
    assert bavaria.working_day_from(date(2026, 1, 6)) == date(2026, 1, 7)
    assert not both.is_open(berlin(2026, 6, 4, 10, 0))  # Köln's Corpus Christi counts in a combined one
    assert both.is_open(berlin(2026, 1, 6, 10, 0))
    assert calendar_for(None).states == calendar_for("XX").states == ()  # abroad: nationwide ones only
    assert calendar_for("NW", "BY").states == ("BY", "NW")


def test_a_letter_arrives_on_a_day_the_post_delivers_where_the_customer_lives() -> None:
    monday = berlin(2026, 1, 5, 10, 0)
    assert expected_letter_arrival(monday, customer_state="NW") == date(2026, 1, 6)  # Köln: Tuesday
    assert expected_letter_arrival(monday, customer_state="BY") == date(2026, 1, 7)  # Epiphany in München
    # Asked on the evening before Corpus Christi: posted Friday (Köln closed Thursday), there Saturday.
    assert expected_letter_arrival(berlin(2026, 6, 3, 23, 0), customer_state="HH") == date(2026, 6, 6)
    assert expected_letter_arrival(berlin(2026, 6, 6, 10, 0), customer_state=None) == date(2026, 6, 9)
