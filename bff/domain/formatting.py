"""Display-ready values with Babel, so every client shows money and dates the same way."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

import phonenumbers
from babel.dates import format_date
from babel.numbers import format_currency


def babel_locale(locale: str) -> str:
    return "en_GB" if locale.startswith("en") else "de_DE"


@lru_cache(maxsize=4096)
def format_money(amount: Decimal, currency: str, locale: str) -> str:
    """Cached: Babel parses the locale on every call (17 µs), and a dashboard formats dozens of
    amounts that repeat across requests (premiums, payments)."""
    return format_currency(amount, currency, locale=babel_locale(locale))


def format_day(day: date, locale: str) -> str:
    return format_date(day, format="medium", locale=babel_locale(locale))


def mask_iban(iban: str) -> str:
    """DE89 **** **** **** **30 00: enough to recognise one's account, not enough to reuse it."""
    compact = iban.replace(" ", "")
    masked = compact[:4] + "*" * (len(compact) - 8) + compact[-4:]
    return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))


def international_phone(e164: str) -> str:
    """+49 221 40002247: a number dialled from abroad (the ARK certificate's emergency line), grouped."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
