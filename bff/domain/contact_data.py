"""Checks of the contact data given at registration (A8): a syntactically valid email address and a
mobile number with a Schengen-area country code, kept in E.164."""

from __future__ import annotations

from enum import StrEnum

import phonenumbers
from email_validator import EmailNotValidError, validate_email

DEFAULT_REGION = "DE"  # a number without country code is read as German
SCHENGEN_REGIONS = frozenset(
    {
        "AT", "BE", "BG", "CH", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IS",
        "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
        "AX",  # Åland (+358 18), part of Finland's Schengen territory
    }
)  # fmt: skip
"""The 29 Schengen states (Bulgaria and Romania in full since 2025) as phonenumbers region codes."""

_MOBILE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)


class MobileProblem(StrEnum):
    INVALID = "INVALID"
    NOT_A_MOBILE_NUMBER = "NOT_A_MOBILE_NUMBER"
    OUTSIDE_SCHENGEN_AREA = "OUTSIDE_SCHENGEN_AREA"


def normalised_email(raw: str) -> str | None:
    """The address as email-validator normalises it (domain lowercased), or None when invalid. No DNS
    lookup: registration must not depend on the network, and the activation mail proves the address."""
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def normalised_mobile(raw: str) -> str | MobileProblem:
    """The number in E.164 (+4915123456789), or why it is refused."""
    try:
        number = phonenumbers.parse(raw.strip(), DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return MobileProblem.INVALID
    if not phonenumbers.is_valid_number(number):
        return MobileProblem.INVALID
    if phonenumbers.region_code_for_number(number) not in SCHENGEN_REGIONS:
        return MobileProblem.OUTSIDE_SCHENGEN_AREA
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        return MobileProblem.NOT_A_MOBILE_NUMBER
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
