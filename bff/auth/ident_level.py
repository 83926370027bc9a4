"""Ident levels that mean something (issue 18): the one policy on what an account registered online
(level 1: policy number, name and birth date, which others may know) may do, and what needs the postal
ident code that only reaches the address on file (level 2). Level 1 reads contracts, documents and
claims with IBANs masked; bank, address and contact changes, partner grants and the full IBAN need
level 2. Partners see bank data only with the customer's `bank:read` grant; staff see what they serve."""

from __future__ import annotations

import re

from bff.auth.viewer import Viewer, ViewerKind
from bff.domain.formatting import mask_iban

BANK_READ_SCOPE = "bank:read"  # PartnerScope.BANK_READ (bff/partners/scopes.py)
POSTAL_IDENT_LEVEL = 2
# An IBAN as people write it: country, check digits, then 11–30 letters/digits in groups of up to 4.
_IBAN_IN_TEXT = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{1,4}){3,8}\b")


def needs_postal_ident(viewer: Viewer) -> bool:
    """True for a customer at ident level 1: bank, address and contact changes and partner grants are
    refused until the postal ident code raised the account to level 2."""
    return viewer.kind is ViewerKind.CUSTOMER and viewer.ident_level < POSTAL_IDENT_LEVEL


def may_see_bank_data(viewer: Viewer) -> bool:
    """The full IBAN of `BankAccount.iban`; texts (facts, booking texts) are masked for everyone."""
    if viewer.is_partner:
        return BANK_READ_SCOPE in viewer.scopes
    if viewer.kind is ViewerKind.CUSTOMER:
        return viewer.ident_level >= POSTAL_IDENT_LEVEL
    return viewer.is_staff


def presented_iban(viewer: Viewer, iban: str) -> str:
    return iban if may_see_bank_data(viewer) else mask_iban(iban)


def mask_ibans_in_text(text: str) -> str:
    """'Auszahlung auf Referenzkonto DE43 5001 0517 …' → '… DE43 **** **** … 0000'."""
    return _IBAN_IN_TEXT.sub(lambda match: mask_iban(match.group(0)), text)
