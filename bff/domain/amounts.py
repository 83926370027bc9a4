"""Amounts as customers type them (issue 20): "45,90" and "1.234,56" in German, "45.90" and "1,234.56" in
English, with or without "€". Babel's `parse_decimal` reads each locale's separators strictly, so
"1.234,56" is never misread as 1.23456; the request's language is tried first, the other one next, and
anything neither reads is None (the form then names the field, never a generic error)."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal

from bff.domain.formatting import babel_locale
from bff.domain.problems import FieldProblem, field_problem

_NOISE = str.maketrans("", "", " \u00a0\u202f\u2009€")
_LOCALES = ("de", "en")


def parse_amount(text: str, locale: str = "de") -> Decimal | None:
    """The amount in `text`, or None. `locale` (de or en) says which reading wins when both fit ("1.234")."""
    compact = text.translate(_NOISE).removesuffix("EUR").removeprefix("EUR").strip()
    if not compact or len(compact) > 40 or "e" in compact.lower():  # nobody types an exponent
        return None
    first = "en" if locale.startswith("en") else "de"
    for language in (first, *(other for other in _LOCALES if other != first)):
        try:
            amount = parse_decimal(compact, locale=babel_locale(language), strict=True)
        except NumberFormatError:
            continue
        return amount if amount.is_finite() else None
    return None


def euro_amount_problem(path: str, typed: str, *, maximum: Decimal, locale: str) -> Decimal | FieldProblem:
    """A typed amount in euros (0 to `maximum`, whole cents), or the field's problem."""
    amount = parse_amount(typed, locale)
    if amount is None or amount < 0 or amount > maximum or amount != round(amount, 2):
        return field_problem(
            path, "Bitte geben Sie einen Betrag in Euro mit höchstens zwei Nachkommastellen an, z. B. 45,90."
        )
    return amount
