"""Communication data (D4): the server re-checks every email and phone number and normalises them
(email-validator, E.164), so the back office stores one spelling and the step-up binds to exactly the
change that will be applied. Problems carry the input path of the refused field."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import phonenumbers

from bff.backends import models as up
from bff.domain.contact_data import DEFAULT_REGION, normalised_email
from bff.domain.problems import FieldProblem, field_problem

MAX_ENTRIES = 10
"""Per list of one change; a person keeps a handful of addresses and numbers, not hundreds."""
MAX_VALUE_LENGTH = 254  # the longest valid email address

_MOBILE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)


@dataclass(frozen=True)
class Entry:
    """A new entry (`id` None) or the new state of an existing one."""

    kind: up.CommunicationKind
    value: str
    preferred: bool = False
    id: str | None = None


def normalised_phone(raw: str, *, mobile: bool) -> str | None:
    """E.164 (+49301234567), or None when it is no valid number (or, for MOBILE, no mobile number).
    Any country: unlike registration (A8), a contact number need not be from the Schengen area."""
    try:
        number = phonenumbers.parse(raw.strip(), DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    if mobile and phonenumbers.number_type(number) not in _MOBILE_TYPES:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _normalised_value(kind: up.CommunicationKind, raw: str, path: str) -> str | FieldProblem:
    if len(raw) > MAX_VALUE_LENGTH:
        return field_problem(path, "Die Angabe ist zu lang.")
    if kind is up.CommunicationKind.EMAIL:
        email = normalised_email(raw)
        if email is None:
            return field_problem(path, "Bitte geben Sie eine gültige E-Mail-Adresse an.")
        return email
    phone = normalised_phone(raw, mobile=kind is up.CommunicationKind.MOBILE)
    if phone is not None:
        return phone
    if kind is up.CommunicationKind.MOBILE:
        return field_problem(path, "Bitte geben Sie eine gültige Mobilfunknummer an, z. B. +49 151 12345678.")
    return field_problem(path, "Bitte geben Sie eine gültige Telefonnummer an, z. B. +49 30 1234567.")


def _too_many(path: str, entries: Sequence[object]) -> list[FieldProblem]:
    if len(entries) <= MAX_ENTRIES:
        return []
    return [
        field_problem(
            path, "Bitte ändern Sie höchstens {MAX_ENTRIES} Einträge auf einmal.", MAX_ENTRIES=MAX_ENTRIES
        )
    ]


def normalised_change(
    *, add: Sequence[Entry], change: Sequence[Entry], remove: Sequence[str]
) -> up.CommunicationChangePayload | list[FieldProblem]:
    """The change with normalised values, or every problem of the input itself. Needs no upstream
    data, so a retried request is recognised before its entries are compared with the stored ones."""
    problems = _too_many("add", add) + _too_many("change", change) + _too_many("remove", remove)
    if problems:
        return problems
    if not (add or change or remove):
        return [field_problem("", "Es gibt nichts zu ändern.")]
    seen: set[str] = set()
    targets = [(f"remove.{i}", entry_id) for i, entry_id in enumerate(remove)]
    targets += [(f"change.{i}.id", entry.id or "") for i, entry in enumerate(change)]
    for path, entry_id in targets:
        if entry_id in seen:
            problems.append(field_problem(path, "Dieser Eintrag ist mehrfach angegeben."))
        seen.add(entry_id)
    added: list[up.NewCommunication] = []
    changed: list[up.CommunicationUpdate] = []
    for name, given in (("add", add), ("change", change)):
        for index, entry in enumerate(given):
            value = _normalised_value(entry.kind, entry.value, f"{name}.{index}.value")
            if isinstance(value, FieldProblem):
                problems.append(value)
            elif entry.id is None:
                added.append(up.NewCommunication(kind=entry.kind, value=value, preferred=entry.preferred))
            else:
                changed.append(
                    up.CommunicationUpdate(
                        id=entry.id, kind=entry.kind, value=value, preferred=entry.preferred
                    )
                )
    if problems:
        return problems
    return up.CommunicationChangePayload(add=added, change=changed, remove=list(remove))


def conflicts(
    change: up.CommunicationChangePayload, existing: Sequence[up.Communication]
) -> list[FieldProblem]:
    """What the stored entries refuse: unknown ids, and values stored twice (an email address, or a
    number whatever its kind)."""
    known = {entry.id for entry in existing}
    problems = [
        field_problem(path, "Diesen Eintrag gibt es nicht (mehr).")
        for path, entry_id in [(f"remove.{i}", e) for i, e in enumerate(change.remove)]
        + [(f"change.{i}.id", edit.id) for i, edit in enumerate(change.change)]
        if entry_id not in known
    ]
    edit_index = {edit.id: index for index, edit in enumerate(change.change)}
    after: list[tuple[str | None, str]] = []  # (path of the changed field or None, value) after the change
    for entry in existing:
        if entry.id in change.remove:
            continue
        index = edit_index.get(entry.id)
        if index is None:
            after.append((None, entry.value))
        else:
            after.append((f"change.{index}.value", change.change[index].value))
    after += [(f"add.{index}.value", addition.value) for index, addition in enumerate(change.add)]
    counts = Counter(value.casefold() for _, value in after)
    problems += [_already(path) for path, value in after if path and counts[value.casefold()] > 1]
    return sorted(problems, key=lambda problem: problem.path)


def _already(path: str) -> FieldProblem:
    return field_problem(path, "Diese Angabe ist bereits hinterlegt.")


def email_touched(change: up.CommunicationChangePayload, existing: Sequence[up.Communication]) -> bool:
    """Whether the change adds, alters or removes an email address (a security event, issue 18)."""
    emails = {entry.id for entry in existing if entry.kind is up.CommunicationKind.EMAIL}
    return (
        any(entry.kind is up.CommunicationKind.EMAIL for entry in change.add)
        or any(entry.kind is up.CommunicationKind.EMAIL for entry in change.change)
        or any(entry_id in emails for entry_id in change.remove)
        or any(entry.id in emails for entry in change.change)
    )
