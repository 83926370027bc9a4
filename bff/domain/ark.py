"""ARK certificate requests (D7): which trips a travel-health contract certifies, and the destination
countries with their names in the certificate languages. Pure rules, so the server re-validates whatever
the form sent and the certificate bot names countries exactly as the form did."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, partial
from typing import Any

import pycountry
from babel import Locale

from bff.backends import models as up
from bff.domain.formatting import format_day
from bff.domain.problems import FieldProblem, field_problem

LANGUAGES = ("de", "en", "es", "fr")
"""Certificate languages, in the order the form offers them (seed 002: up to four)."""
HOME_COUNTRY = "DE"
"""Travel health insurance covers trips abroad: no certificate for a trip within Germany."""
LATEST_START_DAYS = 366
"""A trip starts within a year: a start further ahead is a typo (2062 for 2026), not a plan."""
_PASSPORT_NUMBER = re.compile(r"(?=.*\d)[A-Z0-9]{6,9}")
"""ICAO 9303 document numbers: up to nine letters and digits (German passports and ID cards: nine)."""
CERTIFIABLE_STATUSES = frozenset({up.ContractStatus.ACTIVE, up.ContractStatus.CANCELLED})
"""A cancelled contract still covers trips until its expiry date."""


@dataclass(frozen=True)
class ArkCertificateRequest:
    """A validated request: the normalised payload that goes into the outbox."""

    contract_id: str
    person_ids: tuple[str, ...]
    travel_start: date
    travel_end: date
    country: str
    languages: tuple[str, ...]
    passport_numbers: tuple[str, ...] = ()  # one per person, in the order of `person_ids`

    def payload(self) -> dict[str, Any]:
        """Same shape as the services system's ARK requests (see the simulator's seed)."""
        return {
            "contract_id": self.contract_id,
            "persons": list(self.person_ids),
            "travel_from": self.travel_start.isoformat(),
            "travel_to": self.travel_end.isoformat(),
            "country": self.country,
            "languages": list(self.languages),
            "passport_numbers": list(self.passport_numbers),
        }

    @classmethod
    def of_payload(cls, payload: dict[str, Any]) -> ArkCertificateRequest:
        return cls(
            contract_id=str(payload["contract_id"]),
            person_ids=tuple(str(p) for p in payload["persons"]),
            travel_start=date.fromisoformat(str(payload["travel_from"])),
            travel_end=date.fromisoformat(str(payload["travel_to"])),
            country=str(payload["country"]),
            languages=tuple(str(language) for language in payload["languages"]),
            passport_numbers=tuple(str(number) for number in payload.get("passport_numbers", ())),
        )


def insured_persons(contract: up.Contract) -> list[up.ContractRole]:
    """The persons a certificate can name: the contract's insured persons, each once, in contract order."""
    seen: dict[str, up.ContractRole] = {}
    for role in contract.roles:
        if role.role is up.RoleKind.INSURED:
            seen.setdefault(role.person_id, role)
    return list(seen.values())


def contract_problem(contract: up.Contract) -> FieldProblem | None:
    """Why this (visible) contract cannot certify a trip, if it cannot."""
    if contract.line is not up.Line.TRAVEL_HEALTH or contract.travel_health is None:
        return field_problem("contractId", "Für diesen Vertrag gibt es keine Reisebescheinigung.")
    if contract.status not in CERTIFIABLE_STATUSES:
        return field_problem("contractId", "Dieser Vertrag bietet keinen Versicherungsschutz mehr.")
    return None


def cover_end(contract: up.Contract) -> date | None:
    """The last day of cover, if the contract ends: only a cancelled contract does; an active one's
    expiry date is its next yearly renewal."""
    return contract.expiry_date if contract.status is up.ContractStatus.CANCELLED else None


def latest_start(today: date) -> date:
    return today + timedelta(days=LATEST_START_DAYS - 1)


def earliest_start(contract: up.Contract, today: date) -> date:
    """The earliest start of a trip still under way today that the contract may certify: a trip already
    begun counts (travellers ask on the way), one longer than the contract allows does not."""
    assert contract.travel_health is not None
    return max(contract.start_date, today - timedelta(days=contract.travel_health.max_trip_days - 1))


def _period_problems(contract: up.Contract, start: date, end: date, today: date) -> list[FieldProblem]:
    assert contract.travel_health is not None
    problems: list[FieldProblem] = []
    if end < today and start <= end:
        problems.append(
            field_problem(
                "travelEnd", "Diese Reise ist schon beendet; bescheinigt werden geplante und laufende Reisen."
            )
        )
        return problems
    if (start - today).days >= LATEST_START_DAYS:
        problems.append(
            field_problem(
                "travelStart",
                "Der Reisebeginn darf höchstens ein Jahr voraus liegen (bis {day}).",
                day=partial(format_day, latest_start(today)),
            )
        )
    elif start < contract.start_date:
        problems.append(
            field_problem(
                "travelStart",
                "Ihr Versicherungsschutz beginnt erst am {day}.",
                day=partial(format_day, contract.start_date),
            )
        )
    if end < start:
        problems.append(field_problem("travelEnd", "Das Reiseende darf nicht vor dem Reisebeginn liegen."))
        return problems
    maximum = contract.travel_health.max_trip_days
    if (end - start).days + 1 > maximum:
        problems.append(
            field_problem("travelEnd", "Eine Reise darf höchstens {maximum} Tage dauern.", maximum=maximum)
        )
    elif (cover_ends := cover_end(contract)) is not None and end > cover_ends:
        problems.append(
            field_problem("travelEnd", "Ihr Vertrag endet am {day}.", day=partial(format_day, cover_ends))
        )
    return problems


def normalise_country(code: str) -> str:
    return code.strip().upper()


def country_problem(code: str) -> FieldProblem | None:
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        return field_problem("destinationCountry", "Bitte wählen Sie ein Reiseland aus der Liste.")
    if code == HOME_COUNTRY:
        return field_problem("destinationCountry", "Das Reiseland muss im Ausland liegen.")
    return None


def language_name(code: str, locale: str) -> str:
    """e.g. "Spanisch" for es in German (CLDR via Babel)."""
    return str(Locale.parse(locale).languages.get(code, code)).capitalize()


def _language_problems(languages: Sequence[str]) -> list[FieldProblem]:
    if not languages:
        return [field_problem("languages", "Bitte wählen Sie mindestens eine Sprache.")]
    problems: list[FieldProblem] = []
    for index, language in enumerate(languages):
        if language not in LANGUAGES:
            problems.append(
                field_problem(
                    f"languages.{index}",
                    "Diese Sprache wird nicht angeboten (Deutsch, Englisch, Spanisch, Französisch).",
                )
            )
        elif language in languages[:index]:
            problems.append(field_problem(f"languages.{index}", "Diese Sprache ist doppelt gewählt."))
    return problems


def _person_problems(contract: up.Contract, person_ids: Sequence[str]) -> list[FieldProblem]:
    if not person_ids:
        return [field_problem("personIds", "Bitte wählen Sie mindestens eine versicherte Person.")]
    insured = {role.person_id for role in insured_persons(contract)}
    problems: list[FieldProblem] = []
    for index, person_id in enumerate(person_ids):
        if person_id not in insured:
            problems.append(
                field_problem(f"personIds.{index}", "Diese Person ist in diesem Vertrag nicht versichert.")
            )
        elif person_id in person_ids[:index]:
            problems.append(field_problem(f"personIds.{index}", "Diese Person ist doppelt gewählt."))
    return problems


def normalise_passport_number(number: str) -> str:
    """As printed in the passport's machine-readable zone: no spaces or dashes, upper case."""
    return "".join(number.split()).replace("-", "").upper()


def passport_number_valid(number: str) -> bool:
    return _PASSPORT_NUMBER.fullmatch(number) is not None


def _passport_problems(
    contract: up.Contract, chosen: Sequence[str], passports: Sequence[tuple[str, str]]
) -> tuple[list[FieldProblem], dict[str, str]]:
    """Problems of the (person id, passport number) pairs, and the valid numbers by person."""
    problems: list[FieldProblem] = []
    numbers: dict[str, str] = {}
    for index, (person_id, raw) in enumerate(passports):
        number = normalise_passport_number(raw)
        if person_id not in chosen:
            problems.append(
                field_problem(f"passports.{index}", "Diese Person reist laut Ihrer Auswahl nicht mit.")
            )
        elif person_id in numbers:
            problems.append(
                field_problem(f"passports.{index}", "Für diese Person ist die Passnummer doppelt angegeben.")
            )
        elif not passport_number_valid(number):
            problems.append(
                field_problem(
                    f"passports.{index}",
                    "Bitte geben Sie die Passnummer so an, wie sie im Pass steht: 6 bis 9 Buchstaben und "
                    "Ziffern, z. B. C01X00T47.",
                )
            )
        else:
            numbers[person_id] = number
    names = {role.person_id: role.name for role in insured_persons(contract)}
    given = {person_id for person_id, _ in passports}  # a number given but malformed is reported above
    missing = [names[p] for p in chosen if p in names and p not in given]
    if missing:
        problems.append(
            field_problem(
                "passports",
                "Bitte geben Sie die Passnummer jeder reisenden Person an (fehlt für {names}).",
                names=", ".join(missing),
            )
        )
    return problems, numbers


def validate_request(
    *,
    contract: up.Contract,
    person_ids: Sequence[str] | None,
    travel_start: date,
    travel_end: date,
    destination_country: str,
    languages: Sequence[str],
    passports: Sequence[tuple[str, str]],
    today: date,
) -> ArkCertificateRequest | list[FieldProblem]:
    """Every problem at once, or the normalised request. `person_ids` None means all insured persons;
    `passports` pairs each traveller's person id with the passport number; `today` is the Berlin date."""
    refused = contract_problem(contract)
    if refused is not None:
        return [refused]
    chosen = (
        [role.person_id for role in insured_persons(contract)] if person_ids is None else list(person_ids)
    )
    country = normalise_country(destination_country)
    languages = [language.strip().lower() for language in languages]
    pairs = list(passports)
    person_problems = _person_problems(contract, chosen)
    passport_problems, numbers = _passport_problems(contract, chosen, pairs)
    problems = [
        *person_problems,
        *([] if person_problems else passport_problems),
        *_period_problems(contract, travel_start, travel_end, today),
        *([] if (problem := country_problem(country)) is None else [problem]),
        *_language_problems(languages),
    ]
    if problems:
        return problems
    return ArkCertificateRequest(
        contract_id=contract.id,
        person_ids=tuple(chosen),
        travel_start=travel_start,
        travel_end=travel_end,
        country=country,
        languages=tuple(languages),
        passport_numbers=tuple(numbers[person_id] for person_id in chosen),
    )


@cache
def _territories(language: str) -> dict[str, str]:
    return dict(Locale.parse(language).territories)


def country_name(code: str, language: str) -> str:
    """The country's name in `language` (CLDR via Babel), falling back to the ISO 3166 English name."""
    name = _territories(language).get(code)
    if name:
        return name
    country = pycountry.countries.get(alpha_2=code)
    return str(country.name) if country is not None else code


def _sort_key(name: str) -> str:
    """Dictionary order (DIN 5007-1): umlauts and accents sort with their base letter."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@cache
def destination_countries(language: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of every ISO 3166 country a trip may go to, sorted by the name in `language`."""
    named = (
        (str(country.alpha_2), country_name(str(country.alpha_2), language))
        for country in pycountry.countries
        if country.alpha_2 != HOME_COUNTRY
    )
    return tuple(sorted(named, key=lambda item: (_sort_key(item[1]), item[0])))
