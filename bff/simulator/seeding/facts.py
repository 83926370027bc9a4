"""German, display-ready facts per line (B2): Kennzeichen, Versicherungssumme, Ablaufdatum, …"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bff.backends.models import Line


@dataclass(frozen=True)
class FactContext:
    """What a facts generator may draw on besides randomness."""

    start: date
    expiry: date | None
    address: str | None


FactsFn = Callable[[random.Random, FactContext], list[tuple[str, str]]]


def euro(amount: int | Decimal) -> str:
    """German display form: 65.000 € / 1.234,56 €."""
    if isinstance(amount, int) or amount == amount.to_integral_value():
        return f"{int(amount):,} €".replace(",", ".")
    text = f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{text} €"


def german_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


CITY_CODES = ("K", "B", "M", "HH", "F", "S", "D", "DO", "E", "BN", "LEV", "GL", "SU", "KA", "H", "N")
VEHICLES = (
    "VW Golf 1.5 TSI",
    "Opel Astra Sports Tourer",
    "BMW 320d Touring",
    "Skoda Octavia Combi",
    "Ford Focus Turnier",
    "Mercedes-Benz A 180",
    "Audi A4 Avant",
    "Toyota Yaris Hybrid",
    "Hyundai Kona Elektro",
    "VW ID.3 Pro",
    "Seat Leon",
    "Fiat 500",
)


def licence_plate(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(rng.randint(1, 2)))
    return f"{rng.choice(CITY_CODES)}-{letters} {rng.randint(1, 9999)}"


def _liability(rng: random.Random, ctx: FactContext) -> list[tuple[str, str]]:
    return [
        ("Deckungssumme", euro(rng.choice((20_000_000, 50_000_000)))),
        ("Tarif", rng.choice(("Single", "Paar", "Familie"))),
        ("Selbstbeteiligung", euro(rng.choice((0, 150)))),
    ]


def _motor(rng: random.Random, ctx: FactContext) -> list[tuple[str, str]]:
    sf = rng.randint(1, 30)
    return [
        ("Kennzeichen", licence_plate(rng)),
        ("Fahrzeug", rng.choice(VEHICLES)),
        ("Erstzulassung", f"{rng.randint(1, 12):02d}/{rng.randint(ctx.start.year - 8, ctx.start.year)}"),
        ("SF-Klasse Haftpflicht", f"SF {sf}"),
        ("Deckung", rng.choice(("Vollkasko (SB 300 €, TK 150 €)", "Teilkasko (SB 150 €)", "Haftpflicht"))),
        ("Jährliche Fahrleistung", f"{rng.choice((6, 9, 12, 15, 20, 25))}.000 km"),
    ]


def _accident(rng: random.Random, ctx: FactContext) -> list[tuple[str, str]]:
    base = rng.choice((50_000, 100_000, 150_000))
    return [
        ("Grundsumme Invalidität", euro(base)),
        ("Progression", f"{rng.choice((225, 350, 500))} %"),
        ("Unfallrente monatlich", euro(rng.choice((0, 500, 1_000)))),
    ]


def _legal(rng: random.Random, ctx: FactContext) -> list[tuple[str, str]]:
    return [("Versicherungsumfang", "Privat, Beruf und Verkehr"), ("Wartezeit", "3 Monate")]


def _household(rng: random.Random, ctx: FactContext) -> list[tuple[str, str]]:
    area = rng.randint(45, 160)
    return [
        ("Versicherungssumme", euro(area * 650 // 1000 * 1000)),
        ("Wohnfläche", f"{area} m²"),
        ("Versicherungsort", ctx.address or "—"),
        ("Fahrraddiebstahl", rng.choice(("mitversichert bis 5.000 €", "nicht versichert"))),
    ]


def _building(rng: random.Random, ctx: FactContext) -> list[tuple[str, str]]:
    return [
        ("Versicherungsort", ctx.address or "—"),
        ("Gebäudeart", rng.choice(("Einfamilienhaus", "Doppelhaushälfte", "Reihenhaus"))),
        ("Baujahr", str(rng.randint(1955, 2015))),
        ("Wohnfläche", f"{rng.randint(95, 220)} m²"),
        ("Versicherungswert", "Gleitender Neuwert"),
        ("Elementarschutz", rng.choice(("eingeschlossen", "nicht eingeschlossen"))),
    ]


def _care(rng: random.Random, ctx: FactContext) -> list[tuple[str, str]]:
    return [("Tarif", "PflegeTop"), ("Pflegetagegeld Pflegegrad 5", euro(rng.choice((30, 50, 80))))]


def _disability(rng: random.Random, ctx: FactContext) -> list[tuple[str, str]]:
    return [
        ("Monatliche BU-Rente", euro(rng.choice((1_000, 1_500, 2_000, 2_500)))),
        ("Leistungsende", german_date(ctx.expiry) if ctx.expiry else "—"),
        ("Dynamik", "3 % jährlich"),
    ]


def _life(rng: random.Random, ctx: FactContext) -> list[tuple[str, str]]:
    return [
        ("Versicherungssumme", euro(rng.choice((50_000, 100_000, 150_000, 250_000)))),
        ("Ablaufdatum", german_date(ctx.expiry) if ctx.expiry else "—"),
    ]


def _pension(rng: random.Random, ctx: FactContext) -> list[tuple[str, str]]:
    return [
        ("Garantierte monatliche Rente", euro(Decimal(rng.randint(8_000, 90_000)) / 100)),
        ("Rentenbeginn", german_date(ctx.expiry) if ctx.expiry else "—"),
        ("Überschussbeteiligung", "verzinsliche Ansammlung"),
    ]


def _health_full(rng: random.Random, ctx: FactContext) -> list[tuple[str, str]]:
    return [
        ("Tarif", rng.choice(("Komfort 300", "Premium 600", "Basis 1200"))),
        ("Selbstbehalt jährlich", euro(rng.choice((300, 600, 1_200)))),
        ("Krankentagegeld ab 43. Tag", euro(rng.choice((50, 100, 150)))),
        ("Beitragsrückerstattung", "bis zu 3 Monatsbeiträge"),
    ]


def _health_supplementary(rng: random.Random, ctx: FactContext) -> list[tuple[str, str]]:
    share = rng.choice((70, 90, 100))
    return [
        ("Tarif", f"ZahnPlus {share}"),
        ("Erstattung Zahnersatz", f"{share} %"),
        ("Professionelle Zahnreinigung", "bis 200 € pro Jahr"),
    ]


def _travel(rng: random.Random, ctx: FactContext) -> list[tuple[str, str]]:
    return [("Tarif", "Reise Welt"), ("Geltungsbereich", "weltweit"), ("Krankenrücktransport", "ja")]


def _savings(rng: random.Random, ctx: FactContext) -> list[tuple[str, str]]:
    return [("Einlagensicherung", "bis 100.000 € je Kunde")]


def _assistance(rng: random.Random, ctx: FactContext) -> list[tuple[str, str]]:
    return [
        ("Pannen- und Unfallhilfe", "europaweit"),
        ("Abschleppen", "bis 300 €"),
        ("Mietwagen", "bis 7 Tage"),
    ]


def parse_facts(text: str) -> list[tuple[str, str]]:
    """`"Tarif: Familie | Selbstbeteiligung: 0 €"` → pairs; keeps hand-written demo facts compact."""
    return [
        (label.strip(), value.strip()) for label, value in (part.split(": ", 1) for part in text.split(" | "))
    ]


FACTS: dict[Line, FactsFn] = {
    Line.LIABILITY: _liability,
    Line.MOTOR: _motor,
    Line.ACCIDENT: _accident,
    Line.LEGAL_EXPENSES: _legal,
    Line.HOUSEHOLD: _household,
    Line.BUILDING: _building,
    Line.CARE: _care,
    Line.DISABILITY: _disability,
    Line.LIFE: _life,
    Line.PENSION: _pension,
    Line.HEALTH_FULL: _health_full,
    Line.HEALTH_SUPPLEMENTARY: _health_supplementary,
    Line.TRAVEL_HEALTH: _travel,
    Line.SAVINGS: _savings,
    Line.ASSISTANCE: _assistance,
}
