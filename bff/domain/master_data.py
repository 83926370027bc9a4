"""Rules for the customer's own master data (D2 address, D3 personal data), re-checked on the server
whatever the form did. Pure functions: problems come back with the input path they belong to, in
German and English, all at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bff.backends.models import Address, MaritalStatus, Title
from bff.domain.form_rules import (
    HOUSE_NUMBER_PATTERN,
    NAME_PATTERN,
    POSTAL_CODE_PATTERN,
    AddressRules,
    PersonalDataRules,
    field_rule,
)
from bff.domain.problems import FieldProblem, field_problem

SELF_SERVICE_COUNTRY = "DE"
"""D2: the portal changes addresses in Germany only; anything else goes through a clerk."""

_LETTER = re.compile(r"[^\W\d_]")
_HOUSE_NUMBER = re.compile(HOUSE_NUMBER_PATTERN)
_POSTAL_CODE = re.compile(POSTAL_CODE_PATTERN)
_NAME = re.compile(NAME_PATTERN)
MAX_LAST_NAME = field_rule(PersonalDataRules, "lastName").max_length or 0
MAX_STREET = field_rule(AddressRules, "street").max_length or 0
MAX_CITY = field_rule(AddressRules, "city").max_length or 0


def tidy(text: str) -> str:
    """Trimmed, with inner runs of whitespace collapsed: what a form field means."""
    return " ".join(text.split())


@dataclass(frozen=True)
class AddressForm:
    """The address as the customer typed it."""

    street: str
    house_number: str
    postal_code: str
    city: str
    country: str

    def tidied(self) -> Address:
        return Address(
            street=tidy(self.street),
            house_number=tidy(self.house_number),
            postal_code=self.postal_code.strip(),
            city=tidy(self.city),
            country=self.country.strip().upper(),
        )


def address_problems(form: AddressForm) -> list[FieldProblem]:
    address = form.tidied()
    problems: list[FieldProblem] = []
    if not _LETTER.search(address.street) or len(address.street) > MAX_STREET:
        problems.append(field_problem("street", "Bitte geben Sie die Straße an."))
    if not _HOUSE_NUMBER.fullmatch(address.house_number):
        problems.append(
            field_problem("houseNumber", "Bitte geben Sie eine Hausnummer wie 12, 12a oder 12-14 an.")
        )
    if not _POSTAL_CODE.fullmatch(address.postal_code) or int(address.postal_code) < 1001:
        problems.append(
            field_problem("postalCode", "Bitte geben Sie eine fünfstellige deutsche Postleitzahl an.")
        )
    if (
        not _LETTER.search(address.city)
        or any(c.isdigit() for c in address.city)
        or len(address.city) > MAX_CITY
    ):
        problems.append(field_problem("city", "Bitte geben Sie den Ort an."))
    if address.country != SELF_SERVICE_COUNTRY:
        problems.append(
            field_problem(
                "country",
                "Im Kundenportal können Sie nur eine Anschrift in Deutschland angeben. Für einen "
                "Umzug ins Ausland wenden Sie sich bitte an uns.",
            )
        )
    return problems


def is_name(text: str) -> bool:
    """A person's first or last name as forms accept it (letters, spaces, hyphens, apostrophes)."""
    name = tidy(text)
    return bool(_NAME.fullmatch(name)) and len(name) <= MAX_LAST_NAME


UNKNOWN_ADDRESS = field_problem(
    "street",
    "Diese Anschrift ist in der Adressdatenbank nicht bekannt. Bitte prüfen Sie Straße, Postleitzahl "
    "und Ort.",
)


PERSONAL_DATA_FIELDS = frozenset({"last_name", "title", "marital_status", "marital_status_since"})


@dataclass(frozen=True)
class PersonalDataForm:
    """D3: what the dialog lets the customer change; title only Dr. or Professor, or none. Only the
    fields in `given` change: one left out stays as it is (an omitted title keeps "Dr."); a marital
    status always comes with its date, so a new status never keeps the date of the former one."""

    last_name: str
    title: Title | None
    marital_status: MaritalStatus | None
    marital_status_since: date | None
    given: frozenset[str] = PERSONAL_DATA_FIELDS

    def changes(self) -> frozenset[str]:
        return self.given | ({"marital_status_since"} if "marital_status" in self.given else set())

    def completed(self, current: PersonalDataForm) -> PersonalDataForm:
        """The form as it will stand: what was left out taken from `current`, for the checks."""
        changes = self.changes()
        values = {name: getattr(self if name in changes else current, name) for name in PERSONAL_DATA_FIELDS}
        return PersonalDataForm(**values, given=changes)


def personal_data_problems(
    form: PersonalDataForm, *, today: date, birth_date: date | None
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    last_name = tidy(form.last_name)
    if not _NAME.fullmatch(last_name) or len(last_name) > MAX_LAST_NAME:
        problems.append(
            field_problem(
                "lastName",
                "Bitte geben Sie Ihren Nachnamen an: Buchstaben, Leerzeichen, Bindestrich oder Apostroph, "
                "höchstens {MAX_LAST_NAME} Zeichen.",
                MAX_LAST_NAME=MAX_LAST_NAME,
            )
        )
    since = form.marital_status_since
    if since is None:
        return problems
    if form.marital_status in (None, MaritalStatus.SINGLE):
        problems.append(
            field_problem(
                "maritalStatusSince",
                "Ein Datum gibt es nur für verheiratet, verpartnert, geschieden oder verwitwet.",
            )
        )
    elif since > today:
        problems.append(field_problem("maritalStatusSince", "Das Datum darf nicht in der Zukunft liegen."))
    elif birth_date is not None and since < birth_date:
        problems.append(
            field_problem("maritalStatusSince", "Das Datum darf nicht vor Ihrem Geburtsdatum liegen.")
        )
    return problems


def idempotency_key_problems(key: str) -> list[FieldProblem]:
    """The outbox stores at most 100 characters of the client's key."""
    if 1 <= len(key.strip()) <= 100:
        return []
    return [field_problem("idempotencyKey", "Der Anfrageschlüssel muss 1 bis 100 Zeichen lang sein.")]
