"""IBAN check for the bank change (D1) with schwifty: ISO checksum, length and structure per country,
the German account check-digit methods of the Bundesbank, and BIC and bank name from its bank registry.
Each failure kind has its own reason so the form can say exactly what is wrong."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from enum import StrEnum

from schwifty import IBAN, exceptions

from bff.i18n import N_


class IbanProblem(StrEnum):
    INVALID_FORMAT = "INVALID_FORMAT"  # characters or structure not allowed for the country
    INVALID_LENGTH = "INVALID_LENGTH"
    UNKNOWN_COUNTRY = "UNKNOWN_COUNTRY"
    INVALID_CHECKSUM = "INVALID_CHECKSUM"  # the two IBAN check digits (ISO 13616)
    INVALID_NATIONAL_CHECKSUM = "INVALID_NATIONAL_CHECKSUM"  # the bank's own account check digit
    UNKNOWN_BANK = "UNKNOWN_BANK"  # a German bank code that no bank uses
    NOT_SEPA = "NOT_SEPA"  # premiums are collected by SEPA direct debit


MESSAGES: dict[IbanProblem, str] = {
    IbanProblem.INVALID_FORMAT: N_("Die IBAN enthält unzulässige Zeichen oder ist falsch aufgebaut."),
    IbanProblem.INVALID_LENGTH: N_("Die IBAN hat nicht die richtige Länge für dieses Land."),
    IbanProblem.UNKNOWN_COUNTRY: N_("Die IBAN beginnt nicht mit einem gültigen Ländercode."),
    IbanProblem.INVALID_CHECKSUM: N_(
        "Die Prüfziffer der IBAN stimmt nicht. Bitte prüfen Sie Ihre Eingabe auf Tippfehler."
    ),
    IbanProblem.INVALID_NATIONAL_CHECKSUM: N_("Die Kontonummer in der IBAN ist für diese Bank nicht gültig."),
    IbanProblem.UNKNOWN_BANK: N_("Zu dieser IBAN ist keine Bank bekannt."),
    IbanProblem.NOT_SEPA: N_("Bitte geben Sie ein Konto aus dem SEPA-Raum an."),
}

_PROBLEM_OF: list[tuple[type[Exception], IbanProblem]] = [
    (exceptions.InvalidCountryCode, IbanProblem.UNKNOWN_COUNTRY),
    (exceptions.InvalidLength, IbanProblem.INVALID_LENGTH),
    (exceptions.InvalidChecksumDigits, IbanProblem.INVALID_CHECKSUM),
    (exceptions.InvalidBBANChecksum, IbanProblem.INVALID_NATIONAL_CHECKSUM),
    (exceptions.InvalidBankCode, IbanProblem.UNKNOWN_BANK),
    (exceptions.InvalidBranchCode, IbanProblem.UNKNOWN_BANK),
]


@dataclass(frozen=True)
class CheckedIban:
    iban: str  # compact, upper case (as entered when it cannot be parsed)
    problem: IbanProblem | None = None
    bic: str | None = None
    bank_name: str | None = None
    formatted: str | None = None  # in groups of four, when valid

    @property
    def valid(self) -> bool:
        return self.problem is None


def compact(text: str) -> str:
    return "".join(text.split()).upper()


def check_iban(text: str) -> CheckedIban:
    entered = compact(text)
    try:
        with warnings.catch_warnings():  # national check digits without a known method are accepted
            warnings.simplefilter("ignore", exceptions.NationalChecksumNotVerified)
            iban = IBAN(entered, validate_bban=True)
    except exceptions.SchwiftyException as error:
        problem = next((p for kind, p in _PROBLEM_OF if isinstance(error, kind)), IbanProblem.INVALID_FORMAT)
        return CheckedIban(iban=entered, problem=problem)
    except ValueError:  # e.g. an empty string
        return CheckedIban(iban=entered, problem=IbanProblem.INVALID_FORMAT)
    if iban.country_code == "DE" and iban.bank is None:
        return CheckedIban(iban=iban.compact, problem=IbanProblem.UNKNOWN_BANK)
    if not iban.in_sepa_zone:
        return CheckedIban(iban=iban.compact, problem=IbanProblem.NOT_SEPA)
    bank = iban.bank
    return CheckedIban(
        iban=iban.compact,
        bic=str(iban.bic) if iban.bic else None,
        bank_name=bank.name if bank is not None else None,
        formatted=iban.formatted,
    )
