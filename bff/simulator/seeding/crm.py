"""Agents (Vermittler) and sales impulses of the CRM (F1, F2)."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker

from bff.backends.models import DeliveryChannel, ImpulseAudience, Line
from bff.simulator.places import PLACES, Place
from bff.simulator.seeding.builder import CustomerBuilder
from bff.simulator.seeding.rows import Row

AGENT_COUNT = 20
AGENT_FOR_100004 = "a-021"
"""The agent record of customer 100004, who is an agent himself."""


@dataclass(frozen=True)
class Offer:
    """A sales impulse the CRM can show: who it is for, and its text. `{until}` in the text is the offer's
    last day, so a text never names a deadline other than the one the offer is valid until."""

    title: str
    text: str
    line: Line | None
    audience: ImpulseAudience
    last_day: tuple[int, int] | None = None  # a fixed (month, day) each year, e.g. the motor switching day


_NEW, _HOLDERS = ImpulseAudience.NEWCOMERS, ImpulseAudience.HOLDERS
OFFERS: tuple[Offer, ...] = (
    Offer(
        "Zahnzusatz jetzt mit Sofortleistung",
        "Bis zu 90 % Erstattung für Zahnersatz – ohne Wartezeit.",
        Line.HEALTH_SUPPLEMENTARY,
        _NEW,
    ),
    Offer(
        "Hausrat-Check: Passt Ihre Versicherungssumme noch?",
        "Vermeiden Sie Unterversicherung mit unserem Summenrechner.",
        Line.HOUSEHOLD,
        _HOLDERS,
    ),
    Offer(
        "Unfallschutz für die ganze Familie",
        "Kinder sind ab 4,90 € im Monat mitversichert.",
        Line.ACCIDENT,
        _NEW,
    ),
    Offer(
        "Berufsunfähigkeit absichern",
        "Ihre Arbeitskraft ist Ihr wichtigstes Kapital – jetzt Beitrag berechnen.",
        Line.DISABILITY,
        _NEW,
    ),
    Offer(
        "Elementarschutz für Ihr Zuhause",
        "Starkregen und Hochwasser: Ergänzen Sie Ihre Wohngebäudeversicherung.",
        Line.BUILDING,
        _HOLDERS,
    ),
    Offer(
        "Tagesgeld-Aktion: 3,00 % p. a. für Neugeld",
        "Bis zum {until} eröffnen: garantiert für sechs Monate, täglich verfügbar.",
        Line.SAVINGS,
        _NEW,
    ),
    Offer(
        "Auslandsreisekrankenschutz für 9,90 € im Jahr",
        "Weltweit versichert – auch für Ihre Familie.",
        Line.TRAVEL_HEALTH,
        _NEW,
    ),
    Offer(
        "Pflegelücke schließen",
        "Die gesetzliche Pflegeversicherung zahlt nur einen Teil – wir beraten Sie.",
        Line.CARE,
        _NEW,
    ),
    Offer(
        "Ihr Vorsorge-Check",
        "Wie viel Rente brauchen Sie? Vereinbaren Sie einen Beratungstermin.",
        Line.PENSION,
        _NEW,
    ),
    Offer(
        "Kfz-Versicherung: Jetzt wechseln und sparen",
        "Bis zum {until} wechseln – mit Rabattschutz und Werkstattbonus.",
        Line.MOTOR,
        _NEW,
        last_day=(11, 30),  # the usual switching day for motor insurance in Germany
    ),
    Offer(
        "Rechtsschutz: Neuer Baustein Immobilien",
        "Sichern Sie Streitigkeiten rund um Ihr Eigentum ab.",
        Line.LEGAL_EXPENSES,
        _HOLDERS,
    ),
    Offer(
        "Papierlos und sicher: digitale Post",
        "Stellen Sie auf digitale Zustellung um – für weniger Papier.",
        None,
        ImpulseAudience.PAPER_DELIVERY,
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
                (fake.street_name(), str(rng.randint(1, 120))),
                rng.choice(PLACES),
                rng,
            )
        )
    rows.append(
        _agent(
            21,
            "Thomas",
            "Berger",
            "Versicherungsbüro Dr. Berger",
            ("Poppelsdorfer Allee", "12"),
            Place("53115", "Bonn", "228"),
            rng,
        )
    )
    return rows


def _agent(
    index: int, first: str, last: str, agency: str, street: tuple[str, str], place: Place, rng: random.Random
) -> Row:
    """An agency in `place`; its number dials that town (area code) and is a valid German number."""
    (street_name, number), digits = street, 10 - len(place.area_code)
    subscriber = rng.randint(2 * 10 ** (digits - 1), 10**digits - 1)
    return {
        "id": f"a-{index:03d}",
        "agent_number": f"V{40_000 + index * 137}",
        "first_name": first,
        "last_name": last,
        "agency_name": agency,
        "phone": f"+49{place.area_code}{subscriber}",
        "email": f"{ascii_slug(first)}.{ascii_slug(last)}@example.com",
        "street": street_name,
        "house_number": number,
        "postal_code": place.postal_code,
        "city": place.city,
        "country": "DE",
    }


def agent_for(rng: random.Random) -> str:
    return f"a-{rng.randint(1, AGENT_COUNT):03d}"


def _for_customer(offer: Offer, *, held: set[Line], delivery: DeliveryChannel) -> bool:
    if offer.audience is ImpulseAudience.PAPER_DELIVERY:
        return delivery is DeliveryChannel.PAPER
    holds = offer.line in held
    return holds if offer.audience is ImpulseAudience.HOLDERS else not holds


def _validity(b: CustomerBuilder, offer: Offer) -> tuple[date, date]:
    """(first day, last day): a fixed yearly last day (this year's, even when passed: the CRM keeps ended
    impulses and the BFF hides them), or a few weeks to months from today."""
    if offer.last_day is not None:
        last = date(b.today.year, *offer.last_day)
        return last - timedelta(days=b.rng.randint(45, 75)), last
    return b.today - timedelta(days=b.rng.randint(1, 60)), b.today + timedelta(days=b.rng.randint(14, 120))


def add_impulses(b: CustomerBuilder, count: int, *, held: set[Line]) -> None:
    """Up to `count` impulses for offers that fit the customer: nothing they already hold, add-ons only
    to holders, digital post only to customers who still get paper."""
    fitting = [o for o in OFFERS if _for_customer(o, held=held, delivery=b.delivery_channel)]
    b.rng.shuffle(fitting)
    for offer in fitting[:count]:
        valid_from, valid_until = _validity(b, offer)
        b.impulse(
            title=offer.title,
            text=offer.text.format(until=f"{valid_until:%d.%m.%Y}"),
            line=offer.line,
            audience=offer.audience,
            relevance=round(b.rng.random(), 2),
            valid_from=valid_from,
            valid_until=valid_until,
        )


def campaign_rows(*, today: date) -> list[Row]:
    """F3 (seed 002): this year's Gewinnspiel with a double chance (an instant Amazon.de voucher, or else
    the yearly iPhone draw), running on `today`, and last year's, which has ended. Dates follow `today`,
    so the same settings give the same rows."""
    terms = "https://www.example.com/gewinnspiel/teilnahmebedingungen"
    return [_gewinnspiel(today.year - 1, terms), _gewinnspiel(today.year, terms)]


def _gewinnspiel(year: int, terms: str) -> Row:
    """Taking part runs through the year; the iPhone is drawn after it closes."""
    draw_on = date(year + 1, 1, 15)
    return {
        "id": f"cmp-gewinnspiel-{year}",
        "title": f"Gewinnspiel {year}: doppelte Gewinnchance",
        "text": "Sie sehen sofort, ob Sie einen Amazon.de-Gutschein im Wert von 20 Euro gewonnen haben. "
        f"Wenn nicht, nehmen Sie an der Verlosung eines iPhones am {draw_on:%d.%m.%Y} teil.",
        "starts_on": date(year, 1, 1),
        "ends_on": date(year, 12, 31),
        "draw_on": draw_on,
        "terms_url": f"{terms}#gewinnspiel-{year}",
    }
