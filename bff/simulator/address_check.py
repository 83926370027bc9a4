"""A deterministic stand-in for a postal address database (D2: check with a correction suggestion).

Rules, in order: a foreign country, a postal code that is not five digits or lies below 01001, or
an empty street/city → UNKNOWN. Abbreviated or misspelt street types ("Hauptstr.", "Hauptstrasse"),
wrongly cased city names, a city that does not match a known postal code, or a spaced house
number ("17 a") → CORRECTED with the suggestion. Otherwise VALID.
"""

from __future__ import annotations

import re

from bff.backends.models import Address, AddressCheck, AddressCheckStatus
from bff.simulator.places import CITY_OF_POSTAL_CODE

_STREET_FIXES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"([Ss])tr(?:\.|asse|aße)?$"), r"\1traße"),
    (re.compile(r"([Ss])trasse\b"), r"\1traße"),
    (re.compile(r"([Pp])l\.$"), r"\1latz"),
    (re.compile(r"\s+"), " "),
)


def _fix_street(street: str) -> str:
    fixed = street.strip()
    for pattern, replacement in _STREET_FIXES:
        fixed = pattern.sub(replacement, fixed)
    return fixed


def _fix_city(city: str, postal_code: str) -> str:
    known = CITY_OF_POSTAL_CODE.get(postal_code)
    if known:
        return known
    city = " ".join(city.split())
    if city.islower() or city.isupper():
        return "-".join(part.capitalize() for part in city.title().split("-"))
    return city


def check_address(address: Address) -> AddressCheck:
    postal_code = address.postal_code.strip()
    if (
        address.country.upper() != "DE"
        or not re.fullmatch(r"\d{5}", postal_code)
        or int(postal_code) < 1001
        or not address.street.strip()
        or not address.city.strip()
        or not address.house_number.strip()
    ):
        return AddressCheck(status=AddressCheckStatus.UNKNOWN)
    suggestion = Address(
        street=_fix_street(address.street),
        house_number=re.sub(r"\s+", "", address.house_number).lower(),
        postal_code=postal_code,
        city=_fix_city(address.city, postal_code),
        country="DE",
    )
    if suggestion == address:
        return AddressCheck(status=AddressCheckStatus.VALID)
    return AddressCheck(status=AddressCheckStatus.CORRECTED, suggestion=suggestion)
