"""The password rules (A5, ASVS 6.2) a customer meets at registration, reset and change."""

from __future__ import annotations

import pytest

from bff.auth.password_policy import PasswordProblem, check_password, common_passwords, messages

P = PasswordProblem


def problems(password: str, *, number: str | None = "100006", names: tuple[str, ...] = ()) -> list[P]:
    return check_password(password, customer_number=number, names=names)


def test_a_long_unusual_password_passes() -> None:
    assert problems("Zwei Eulen am Rhein 1987", names=("Michael", "Wagner")) == []


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("Kurz-123", [P.TOO_SHORT]),
        ("Zq8#vLp2m" + "é", []),
        ("x" * 9 + "é", [P.TOO_GUESSABLE]),
        ("Ab3-" * 33, [P.TOO_LONG]),
    ],
)
def test_length_is_counted_in_characters(password: str, expected: list[P]) -> None:
    assert problems(password, number=None) == expected


@pytest.mark.parametrize("password", ["Konto-100006-privat", "Konto 100 006 privat", "100-006-Sommerwiese"])
def test_customer_number_inside_is_refused_also_with_separators(password: str) -> None:
    assert P.CONTAINS_CUSTOMER_NUMBER in problems(password)


@pytest.mark.parametrize(
    "password", ["MICHAEL-mag-Radtouren", "ich-bin-doerschner-77", "Dorschner-im-Herbst"]
)
def test_names_are_found_whatever_the_case_and_umlaut_spelling(password: str) -> None:
    assert P.CONTAINS_NAME in problems(password, names=("Michael", "Juliane Dörschner"))


def test_very_short_name_parts_do_not_refuse_everything() -> None:
    assert problems("Lieblingsfarbe-gruen-9", names=("Li", "Xu")) == []


@pytest.mark.parametrize(
    "password",
    [
        "passwort1234",
        "Qwertzuiop",
        "HALLO123HALLO123",
        "Schatz2024!!",
        "1234567890",
        "Passwort!2026",
        "abababababab",
    ],
)
def test_common_passwords_are_refused_case_insensitively_also_with_digits_around(password: str) -> None:
    assert P.TOO_COMMON in problems(password, number=None)


def test_every_problem_is_listed_at_once_with_german_and_english_text() -> None:
    found = problems("Bohlander", names=("Jolanta Bohlander",))
    assert found == [P.TOO_SHORT, P.CONTAINS_NAME]
    german, english = messages(found)
    assert "mindestens 10 Zeichen" in german and "Namen" in german
    assert "at least 10 characters" in english and "name" in english


def test_bundled_list_is_large_lowercase_and_has_german_favourites() -> None:
    listed = common_passwords()
    assert len(listed) >= 10_000
    assert all(word == word.lower() for word in listed)
    assert {"passwort", "hallo123", "schatz", "123456", "qwertz"} <= listed


@pytest.mark.parametrize("password", ["Abcdefghij", "Passwort-Passwort", "Zugangsdaten"])
def test_easily_guessed_passwords_are_refused_with_a_reason_in_german_and_english(password: str) -> None:
    found = problems(password, number=None)
    assert found and set(found) <= {P.TOO_COMMON, P.TOO_GUESSABLE}, found
    german, english = messages(found)
    assert german.startswith("D") and "erraten" in german and "guess" in english


def test_the_customers_own_data_counts_as_easy_to_guess() -> None:
    own = check_password(
        "Sonnenblumenweg-7", customer_number="100006", names=(), extra=["Sonnenblumenweg 7", "1964-08-12"]
    )
    assert problems("Sonnenblumenweg-7") == [] and own == [P.TOO_GUESSABLE]
