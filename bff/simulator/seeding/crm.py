"""Agents (Vermittler) and sales impulses of the CRM (F1, F2)."""

from __future__ import annotations

import random
import unicodedata
from datetime import date, timedelta

from faker import Faker

from bff.backends.models import Line
from bff.simulator.seeding.builder import CustomerBuilder
from bff.simulator.seeding.rows import Row

AGENT_COUNT = 20
AGENT_FOR_100004 = "a-021"
"""The agent record of customer 100004, who is an agent himself."""

IMPULSES: tuple[tuple[str, str, Line | None], ...] = (
    (
        "Zahnzusatz jetzt mit Sofortleistung",
        "Bis zu 90 % Erstattung für Zahnersatz – ohne Wartezeit.",
        Line.HEALTH_SUPPLEMENTARY,
    ),
    (
        "Hausrat-Check: Passt Ihre Versicherungssumme noch?",
        "Vermeiden Sie Unterversicherung mit unserem Summenrechner.",
        Line.HOUSEHOLD,
    ),
    ("Unfallschutz für die ganze Familie", "Kinder sind ab 4,90 € im Monat mitversichert.", Line.ACCIDENT),
    (
        "Berufsunfähigkeit absichern",
        "Ihre Arbeitskraft ist Ihr wichtigstes Kapital – jetzt Beitrag berechnen.",
        Line.DISABILITY,
    ),
    (
        "Elementarschutz für Ihr Zuhause",
        "Starkregen und Hochwasser: Ergänzen Sie Ihre Wohngebäudeversicherung.",
        Line.BUILDING,
    ),
    (
        "Tagesgeld-Aktion: 3,00 % p. a. für Neugeld",
        "Garantiert für sechs Monate, täglich verfügbar.",
        Line.SAVINGS,
    ),
    (
        "Auslandsreisekrankenschutz für 9,90 € im Jahr",
        "Weltweit versichert – auch für Ihre Familie.",
        Line.TRAVEL_HEALTH,
    ),
    (
        "Pflegelücke schließen",
        "Die gesetzliche Pflegeversicherung zahlt nur einen Teil – wir beraten Sie.",
        Line.CARE,
    ),
    (
        "Ihr Vorsorge-Check",
        "Wie viel Rente brauchen Sie? Vereinbaren Sie einen Beratungstermin.",
        Line.PENSION,
    ),
    (
        "Kfz-Versicherung: Jetzt wechseln und sparen",
        "Bis zum 30.11. wechseln – mit Rabattschutz und Werkstattbonus.",
        Line.MOTOR,
    ),
    (
        "Rechtsschutz: Neuer Baustein Immobilien",
        "Sichern Sie Streitigkeiten rund um Ihr Eigentum ab.",
        Line.LEGAL_EXPENSES,
    ),
    (
        "Papierlos und sicher: digitale Post",
        "Stellen Sie auf digitale Zustellung um – für weniger Papier.",
        None,
    ),
)

_AGENCY_FORMS = (
    "Versicherungsbüro {last}",
    "Generalagentur {last}",
    "{last} & Partner Versicherungen",
    "Agentur {first} {last}",
)


def ascii_slug(text: str) -> str:
    """Lower-case ASCII for email local parts (Jürgen Weiß → juergen.weiss, René → rene)."""
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "-", "'": ""})
    folded = unicodedata.normalize("NFKD", text.lower().translate(table))
    return "".join(ch for ch in folded if ch.isascii() and (ch.isalnum() or ch in "-."))


def agent_rows(*, seed: int, fake: Faker) -> list[Row]:
    """The agents every customer is linked to, plus the agent record of customer 100004."""
    rng = random.Random(seed * 7_919 + 1)
    fake.seed_instance(seed * 7_919 + 1)
    rows: list[Row] = []
    for index in range(1, AGENT_COUNT + 1):
        first = fake.first_name_female() if rng.random() < 0.4 else fake.first_name_male()
        last = fake.last_name()
        rows.append(
            _agent(
                index,
                first,
                last,
                rng.choice(_AGENCY_FORMS).format(first=first, last=last),
                (fake.street_name(), str(rng.randint(1, 120)), fake.postcode(), fake.city()),
                rng,
            )
        )
    rows.append(
        _agent(
            21,
            "Thomas",
            "Berger",
            "Versicherungsbüro Dr. Berger",
            ("Poppelsdorfer Allee", "12", "53115", "Bonn"),
            rng,
        )
    )
    return rows


def _agent(
    index: int, first: str, last: str, agency: str, address: tuple[str, str, str, str], rng: random.Random
) -> Row:
    street, number, postal_code, city = address
    return {
        "id": f"a-{index:03d}",
        "agent_number": f"V{40_000 + index * 137}",
        "first_name": first,
        "last_name": last,
        "agency_name": agency,
        "phone": f"+49{rng.choice(('221', '228', '211', '30', '40', '89', '69'))}"
        f"{rng.randint(1_000_000, 9_999_999)}",
        "email": f"{ascii_slug(first)}.{ascii_slug(last)}@example.com",
        "street": street,
        "house_number": number,
        "postal_code": postal_code,
        "city": city,
        "country": "DE",
    }


def agent_for(rng: random.Random) -> str:
    return f"a-{rng.randint(1, AGENT_COUNT):03d}"


def add_impulses(b: CustomerBuilder, count: int, *, held: set[Line]) -> None:
    """`count` impulses, preferring lines the customer does not hold yet."""
    fresh = [impulse for impulse in IMPULSES if impulse[2] not in held]
    known = [impulse for impulse in IMPULSES if impulse[2] in held]
    b.rng.shuffle(fresh)
    b.rng.shuffle(known)
    for title, text, line in (fresh + known)[:count]:
        valid: date | None = (
            b.today + timedelta(days=b.rng.randint(14, 120)) if b.rng.random() < 0.8 else None
        )
        b.impulse(title=title, text=text, line=line, relevance=round(b.rng.random(), 2), valid_until=valid)


def campaign_rows(*, today: date) -> list[Row]:
    """F3 (seed 002): the yearly draw and an instant-win campaign, both running on `today`, and one that
    has ended; dates follow `today`, so the same settings give the same rows."""
    year = today.year
    terms = "https://www.example.com/gewinnspiel/teilnahmebedingungen"
    return [
        {
            "id": f"cmp-draw-{year}",
            "title": f"Jahresgewinnspiel {year}",
            "text": "Jetzt teilnehmen und ein iPhone gewinnen! Unter allen Teilnehmenden verlosen wir am "
            "Jahresende ein iPhone.",
            "kind": "DRAW",
            "starts_on": date(year, 1, 1),
            "ends_on": date(year, 12, 31),
            "terms_url": f"{terms}#jahresgewinnspiel-{year}",
        },
        {
            "id": f"cmp-instant-{year}",
            "title": "Sofortgewinn: Amazon.de-Gutschein",
            "text": "Nach der Freischaltung gleich mitmachen: Sie sehen sofort, ob Sie einen "
            "Amazon.de-Gutschein im Wert von 20 Euro gewonnen haben.",
            "kind": "INSTANT_WIN",
            "starts_on": today - timedelta(days=30),
            "ends_on": today + timedelta(days=60),
            "terms_url": f"{terms}#sofortgewinn-{year}",
        },
        {
            "id": f"cmp-spring-{year - 1}",
            "title": f"Frühlingsaktion {year - 1}",
            "text": "Die Frühlingsaktion ist beendet. Vielen Dank fürs Mitmachen!",
            "kind": "INSTANT_WIN",
            "starts_on": date(year - 1, 3, 1),
            "ends_on": date(year - 1, 5, 31),
            "terms_url": f"{terms}#fruehlingsaktion-{year - 1}",
        },
    ]
