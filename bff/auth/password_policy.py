"""Password rules for registration, reset and change (A5, ASVS 6.2, NIST 800-63B): length, no customer
number or name inside, not a commonly used password, and a strength estimate (zxcvbn) that knows the
customer's own data, the common list and this portal's words. Every problem is listed, so the customer
fixes all at once."""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Sequence
from enum import StrEnum
from functools import cache, partial
from importlib.resources import files

from zxcvbn import zxcvbn
from zxcvbn.matching import add_frequency_lists

from bff.i18n import N_, translate
from bff.offload import run_cpu_bound

MIN_LENGTH = 10
MAX_LENGTH = 128
_MIN_NAME_PART = 3  # shorter name parts ("Li", "Xu") would refuse too many good passwords
_SEPARATORS = " -._/"
_EDGE_CHARACTERS = string.digits + string.punctuation + string.whitespace
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# zxcvbn: score 3 means more than 10^8 guesses, beyond any online attack under our throttling. It reads
# at most 72 characters; longer passwords are estimated by their start (plenty for a verdict).
MIN_STRENGTH_SCORE = 3
_ESTIMATE_LENGTH = 64
# Context-specific words (NIST 800-63B 5.1.1.2): what people type when asked for a portal password.
SITE_WORDS = (
    "kundenportal",
    "portal",
    "zugangsdaten",
    "zugang",
    "passwort",
    "kennwort",
    "versicherung",
    "versicherungen",
    "kunde",
    "kundin",
    "anmeldung",
    "login",
    "sicherheit",
    "geheim",
)


class PasswordProblem(StrEnum):
    TOO_SHORT = "TOO_SHORT"
    TOO_LONG = "TOO_LONG"
    CONTAINS_CUSTOMER_NUMBER = "CONTAINS_CUSTOMER_NUMBER"
    CONTAINS_NAME = "CONTAINS_NAME"
    TOO_COMMON = "TOO_COMMON"
    TOO_GUESSABLE = "TOO_GUESSABLE"


MESSAGES: dict[PasswordProblem, str] = {  # msgids; placeholders {min_length} and {max_length}
    PasswordProblem.TOO_SHORT: N_("Das Passwort muss mindestens {min_length} Zeichen lang sein."),
    PasswordProblem.TOO_LONG: N_("Das Passwort darf höchstens {max_length} Zeichen lang sein."),
    PasswordProblem.CONTAINS_CUSTOMER_NUMBER: N_("Das Passwort darf Ihre Kundennummer nicht enthalten."),
    PasswordProblem.CONTAINS_NAME: N_("Das Passwort darf Ihren Namen nicht enthalten."),
    PasswordProblem.TOO_COMMON: N_(
        "Dieses Passwort ist zu verbreitet und leicht zu erraten. Bitte wählen Sie ein anderes."
    ),
    PasswordProblem.TOO_GUESSABLE: N_(
        "Das Passwort ist zu leicht zu erraten: es besteht aus Wörtern, Namen, Daten, Wiederholungen oder "
        "Tastaturfolgen. Verlängern Sie es zum Beispiel um weitere, nicht zusammengehörende Wörter."
    ),
}


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list (see the file's header for its source), loaded once."""
    text = files("bff.auth").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


@cache
def _strength_dictionaries() -> None:
    """The common list and the portal's words become a zxcvbn dictionary (German passwords), once."""
    add_frequency_lists({"portal_common": [*SITE_WORDS, *sorted(common_passwords())]})


def guessable(password: str, *, user_inputs: Sequence[str]) -> bool:
    """zxcvbn's estimate below MIN_STRENGTH_SCORE, with the customer's own data as extra dictionary."""
    _strength_dictionaries()
    words = [word for value in user_inputs for word in _user_words(value)]
    score: int = zxcvbn(password[:_ESTIMATE_LENGTH], user_inputs=words)["score"]
    return score < MIN_STRENGTH_SCORE


def _user_words(value: str) -> list[str]:
    """A value and its parts ("1964-08-12" → also "1964", "08", "12", "19640812")."""
    value = value.strip()
    parts = [part for part in re.split(r"[\s\-._/@]+", value) if part]
    return [value, _without_separators(value), *parts] if value else []


async def password_problems(
    password: str, *, customer_number: str | None, names: Sequence[str], extra: Sequence[str] = ()
) -> list[PasswordProblem]:
    """`check_password` in a worker thread: the estimate costs up to ~60 ms of CPU for a long password."""
    check = partial(check_password, password, customer_number=customer_number, names=names, extra=extra)
    return await run_cpu_bound(check)


def check_password(
    password: str, *, customer_number: str | None, names: Sequence[str], extra: Sequence[str] = ()
) -> list[PasswordProblem]:
    """All problems of `password`, in a stable order; an empty list means it is acceptable. `extra`: more
    of the customer's data (email, birth date) the estimate treats as easy to guess."""
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
    elif MIN_LENGTH <= len(password) <= MAX_LENGTH and guessable(
        password, user_inputs=[*names, *([customer_number] if customer_number else []), *extra]
    ):
        problems.append(PasswordProblem.TOO_GUESSABLE)
    return problems


def messages(problems: Sequence[PasswordProblem]) -> tuple[str, str]:
    """German and English text naming every problem."""
    german, english = (
        " ".join(
            translate(MESSAGES[problem], locale, min_length=MIN_LENGTH, max_length=MAX_LENGTH)
            for problem in problems
        )
        for locale in ("de", "en")
    )
    return german, english


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
    words = {word for word in re.split(f"[{re.escape(_SEPARATORS)}]+", lowered) if word}
    if len(words) == 1 and words != {lowered} and words <= listed:  # "Passwort-Passwort"
        return True
    unit = _repeated_unit(lowered)
    if unit != lowered and (len(unit) < 4 or unit in listed):
        return True
    core = lowered.strip(_EDGE_CHARACTERS)
    return lowered in listed or (len(core) >= 4 and core in listed)
