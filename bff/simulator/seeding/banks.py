"""Real German banks and IBANs that pass every check the BFF may run (D1).

The IBAN check digits (ISO 13616, mod 97) are computed; the account numbers also satisfy their
bank's own check-digit method (Bundesbank "Prüfzifferberechnungsmethoden" 00 and 01), so even a
strict validator such as schwifty with BBAN validation accepts them. BIC and name are those of
the Bundesbank bank-code register.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Bank:
    blz: str
    bic: str
    name: str
    method: str  # Bundesbank check-digit method of the account number


COMMERZBANK_KOELN = Bank("37040044", "COBADEFFXXX", "Commerzbank", "13")
ING = Bank("50010517", "INGDDEFFXXX", "ING-DiBa", "C1")
POSTBANK_BERLIN = Bank("10010010", "PBNKDEFFXXX", "Postbank Ndl der Deutsche Bank", "24")

RETAIL_BANKS: tuple[Bank, ...] = (
    Bank("37050198", "COLSDE33XXX", "Sparkasse KölnBonn", "00"),
    Bank("20050550", "HASPDEHHXXX", "Hamburger Sparkasse", "00"),
    Bank("12030000", "BYLADEM1001", "Deutsche Kreditbank Berlin", "00"),
    Bank("30050110", "DUSSDEDDXXX", "Stadtsparkasse Düsseldorf", "00"),
    Bank("70150000", "SSKMDEMMXXX", "Stadtsparkasse München", "00"),
    Bank("26050001", "NOLADE21GOE", "Sparkasse Göttingen", "00"),
    Bank("60050101", "SOLADEST600", "Landesbank Baden-Württemberg/Baden-Württembergische Bank", "01"),
)
"""Banks whose check-digit method this module implements, used for generated customers."""


def german_iban(blz: str, account_number: str) -> str:
    """IBAN for a German bank code and account number (ISO 13616 mod-97 check digits)."""
    bban = blz + account_number.zfill(10)
    check = 98 - int(bban + "131400") % 97  # "DE" = 13 14, check digits as 00
    return f"DE{check:02d}{bban}"


def _check_digit(body: str, method: str) -> int:
    """Check digit for a nine-digit account body (weights applied from the right)."""
    total = 0
    if method == "00":
        for index, digit in enumerate(reversed(body)):
            product = int(digit) * (2 if index % 2 == 0 else 1)
            total += product // 10 + product % 10
    elif method == "01":
        weights = (3, 7, 1)
        for index, digit in enumerate(reversed(body)):
            total += int(digit) * weights[index % 3]
    else:
        raise ValueError(f"check-digit method {method} is not implemented")
    return (10 - total % 10) % 10


def random_account(rng: random.Random) -> tuple[Bank, str]:
    """A retail bank and an IBAN there with a valid account number."""
    bank = rng.choice(RETAIL_BANKS)
    body = str(rng.randrange(10**8, 10**9))
    return bank, german_iban(bank.blz, body + str(_check_digit(body, bank.method)))
