"""Password rules for registration, reset and change (A5, ASVS 6.2): length, no customer number or name
inside, not a commonly used password. Every problem is listed, so the customer fixes all at once."""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Sequence
from enum import StrEnum
from functools import cache
from importlib.resources import files

MIN_LENGTH = 10
MAX_LENGTH = 128
_MIN_NAME_PART = 3  # shorter name parts ("Li", "Xu") would refuse too many good passwords
_SEPARATORS = " -._/"
_EDGE_CHARACTERS = string.digits + string.punctuation + string.whitespace
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


class PasswordProblem(StrEnum):
    TOO_SHORT = "TOO_SHORT"
    TOO_LONG = "TOO_LONG"
    CONTAINS_CUSTOMER_NUMBER = "CONTAINS_CUSTOMER_NUMBER"
    CONTAINS_NAME = "CONTAINS_NAME"
    TOO_COMMON = "TOO_COMMON"


MESSAGES: dict[PasswordProblem, tuple[str, str]] = {
    PasswordProblem.TOO_SHORT: (
        f"Das Passwort muss mindestens {MIN_LENGTH} Zeichen lang sein.",
        f"The password must be at least {MIN_LENGTH} characters long.",
    ),
    PasswordProblem.TOO_LONG: (
        f"Das Passwort darf höchstens {MAX_LENGTH} Zeichen lang sein.",
        f"The password must be at most {MAX_LENGTH} characters long.",
    ),
    PasswordProblem.CONTAINS_CUSTOMER_NUMBER: (
        "Das Passwort darf Ihre Kundennummer nicht enthalten.",
        "The password must not contain your customer number.",
    ),
    PasswordProblem.CONTAINS_NAME: (
        "Das Passwort darf Ihren Namen nicht enthalten.",
        "The password must not contain your name.",
    ),
    PasswordProblem.TOO_COMMON: (
        "Dieses Passwort ist zu verbreitet und leicht zu erraten. Bitte wählen Sie ein anderes.",
        "This password is too common and easy to guess. Please choose another one.",
    ),
}


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list (see the file's header for its source), loaded once."""
    text = files("bff.auth").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def check_password(
    password: str, *, customer_number: str | None, names: Sequence[str]
) -> list[PasswordProblem]:
    """All problems of `password`, in a stable order; an empty list means it is acceptable."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(PasswordProblem.TOO_SHORT)
    if len(password) > MAX_LENGTH:
        problems.append(PasswordProblem.TOO_LONG)
    if customer_number and _contains_customer_number(password, customer_number):
        problems.append(PasswordProblem.CONTAINS_CUSTOMER_NUMBER)
    if _contains_name(password, names):
        problems.append(PasswordProblem.CONTAINS_NAME)
    if _is_common(password):
        problems.append(PasswordProblem.TOO_COMMON)
    return problems


def messages(problems: Sequence[PasswordProblem]) -> tuple[str, str]:
    """German and English text naming every problem."""
    return (
        " ".join(MESSAGES[problem][0] for problem in problems),
        " ".join(MESSAGES[problem][1] for problem in problems),
    )


def _without_separators(text: str) -> str:
    return "".join(char for char in text if char not in _SEPARATORS)


def _contains_customer_number(password: str, customer_number: str) -> bool:
    number = _without_separators(customer_number.strip())
    return bool(number) and (number in password or number in _without_separators(password))


def _spellings(text: str) -> set[str]:
    """'Dörschner' → {'dörschner', 'doerschner', 'dorschner'}: how people write names in passwords."""
    folded = unicodedata.normalize("NFC", text).casefold()
    plain = "".join(char for char in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(char))
    return {folded, folded.translate(_UMLAUTS), plain}


def _contains_name(password: str, names: Sequence[str]) -> bool:
    haystacks = _spellings(password) | {_without_separators(s) for s in _spellings(password)}
    for name in names:
        for part in name.replace("-", " ").split():
            if len(part) < _MIN_NAME_PART:
                continue
            if any(spelling in haystack for spelling in _spellings(part) for haystack in haystacks):
                return True
    return False


def _repeated_unit(text: str) -> str:
    """'hallo123hallo123' → 'hallo123'; text that repeats nothing comes back as it is."""
    for length in range(1, len(text) // 2 + 1):
        if len(text) % length == 0 and text[:length] * (len(text) // length) == text:
            return text[:length]
    return text


def _is_common(password: str) -> bool:
    """Listed as is, a listed word with digits and symbols around it ('Schatz2024!'), or a short or
    listed unit repeated ('abababababab', 'hallo123hallo123')."""
    listed = common_passwords()
    lowered = password.lower().strip()
    unit = _repeated_unit(lowered)
    if unit != lowered and (len(unit) < 4 or unit in listed):
        return True
    core = lowered.strip(_EDGE_CHARACTERS)
    return lowered in listed or (len(core) >= 4 and core in listed)
