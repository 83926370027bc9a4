"""Upstream German in English (bff/domain/upstream_texts.py): every text the simulated systems send for a
customer to read shows in English, numbers and dates in English format; German stays as sent."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest

from bff.domain.upstream_texts import upstream_text
from bff.outbox.ark_bot import _subject as ark_certificate_subject
from bff.simulator.seed import generate
from tests.test_i18n import english

# Facts whose values are names and numbers, not words: the car, the plate, the address, the dog, tariffs.
NAMED_FACTS = {"Fahrzeug", "Kennzeichen", "Versicherungsort", "Hund", "Mitgliedsnummer", "Tarif"}
WORD = re.compile(r"[^\W\d_]{3,}")


def seeded_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every display text the simulator seeds: demo customers and 20 others."""
    for _, rows in generate(seed=2026, customers=20, today=date(2026, 6, 15)):
        for contract in rows.contracts:
            yield "product", contract["product"]
            for fact in contract["facts"]:
                yield "fact label", fact["label"]
                if fact["label"] not in NAMED_FACTS:
                    yield f"fact {fact['label']}", fact["value"]
        yield from (("subject", row["subject"]) for row in rows.documents)
        yield from (("benefit type", row["benefit_type"]) for row in rows.claims)
        yield from (("booking text", row["text"]) for row in rows.transactions)
        for row in [*rows.impulses, *rows.campaigns]:
            yield "offer", row["title"]
            yield "offer", row["text"]


def test_every_text_the_upstream_systems_send_shows_in_english() -> None:
    catalogue = english()
    untranslated = sorted(
        {
            f"{where}: {text!r}"
            for where, text in seeded_texts()
            if WORD.search(text) and text not in catalogue and upstream_text(text, "en") == text
        }
    )
    assert not untranslated, "add to bff/domain/upstream_texts.py:\n" + "\n".join(untranslated)


@pytest.mark.parametrize(
    ("german", "english_text"),
    [
        ("Privathaftpflicht Premium", "Personal liability Premium"),
        (
            "Beitragsrechnung 2026 – Privathaftpflicht Premium",
            "Premium invoice 2026 – Personal liability Premium",
        ),
        ("Leistungsabrechnung vom 09.11.2026 – Zahnersatz", "Benefit statement of 9 Nov 2026 – Dentures"),
        ("Ihre Schadenmeldung S2026-0001: Glasbruch", "Your claim S2026-0001: Glass breakage"),
        ("Eingereichte Rechnungen (3 Belege)", "Submitted invoices (3 receipts)"),
        ("Pannen- und Unfallhilfe", "Breakdown and accident assistance"),
        ("2,25 % p. a.", "2.25% p.a."),
        ("20.000.000 €", "€20,000,000"),
        ("134,87 €", "€134.87"),
        ("variabel (0 € bis 300 €)", "variable (€0 to €300)"),
        ("12.000 km", "12,000 km"),
        ("01.02.2044", "1 Feb 2044"),
        (
            "Reiseversicherungszertifikat – USA (deutsch/englisch)",
            "Travel insurance certificate – USA (German/English)",
        ),
        ("31.02.2026", "31.02.2026"),  # no such day: shown as sent
        ("Labrador „Bruno“", "Labrador „Bruno“"),  # a name: shown as sent
        ("Frage zu meinem Garten", "Frage zu meinem Garten"),  # unknown: shown as sent
    ],
)
def test_upstream_texts_in_english(german: str, english_text: str) -> None:
    assert upstream_text(german, "en") == english_text
    assert upstream_text(german, "de") == german


def test_the_certificate_the_bff_files_is_named_in_the_readers_language() -> None:
    subject = ark_certificate_subject("US", "es")
    assert subject == "Reisekrankenversicherungs-Bescheinigung – Vereinigte Staaten (Spanisch)"
    assert upstream_text(subject, "en") == "Travel health insurance certificate – United States (Spanish)"
