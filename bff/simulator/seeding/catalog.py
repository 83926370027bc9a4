"""The simulated insurance group: companies, products per line, premiums and claim types.

Everything a generated contract needs that is specific to its line lives here, so the generators
stay line-agnostic and a new line is one entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bff.backends.models import (
    ClaimKind,
    CompanyContact,
    Line,
    PaymentFrequency,
    TravelCoverage,
    TravelHealthTerms,
)

COMPANIES: dict[str, str] = {
    "SV": "Muster Sachversicherung AG",
    "LV": "Muster Lebensversicherung AG",
    "KV": "Muster Krankenversicherung a.G.",
    "RS": "Muster Rechtsschutz AG",
    "BK": "Muster Bank AG",
}
"""Group companies by code; each contract belongs to exactly one (D6 serial change informs each)."""


def _contact(code: str, street: str, number: str, phone: str, email: str, creditor_id: str) -> CompanyContact:
    """Every company of the group sits in Köln (North Rhine-Westphalia: its public holidays apply)."""
    return CompanyContact(
        name=COMPANIES[code],
        street=street,
        house_number=number,
        postal_code="50670",
        city="Köln",
        phone=phone,
        email=email,
        federal_state="NW",
        creditor_id=creditor_id,
    )


COMPANY_CONTACTS: dict[str, CompanyContact] = {
    "SV": _contact(
        "SV", "Musterring", "1", "+4922140000", "service@muster-sach.example", "DE97ZZZ00000123450"
    ),
    "LV": _contact(
        "LV", "Musterring", "3", "+4922140001", "service@muster-leben.example", "DE70ZZZ00000123451"
    ),
    "KV": _contact(
        "KV", "Musterring", "5", "+4922140002", "service@muster-kranken.example", "DE43ZZZ00000123452"
    ),
    "RS": _contact(
        "RS", "Musterring", "7", "+4922140003", "service@muster-rechtsschutz.example", "DE16ZZZ00000123453"
    ),
    "BK": _contact(
        "BK", "Musterring", "9", "+4922140004", "service@muster-bank.example", "DE86ZZZ00000123454"
    ),
}
"""Address and service contact of each company, printed on its certificates (D7)."""


def travel_health_terms(
    max_trip_days: int, sum_insured: Decimal | None = Decimal(1_000_000)
) -> TravelHealthTerms:
    """An ARK tariff: every benefit, the group's 24/7 assistance line reachable from abroad."""
    return TravelHealthTerms(
        max_trip_days=max_trip_days,
        sum_insured=sum_insured,
        coverages=list(TravelCoverage),
        emergency_phone="+4922140002247",
    )


PERIODS: dict[PaymentFrequency, int] = {
    PaymentFrequency.MONTHLY: 12,
    PaymentFrequency.QUARTERLY: 4,
    PaymentFrequency.HALF_YEARLY: 2,
    PaymentFrequency.YEARLY: 1,
    PaymentFrequency.SINGLE: 1,
    PaymentFrequency.NONE: 1,
}


@dataclass(frozen=True)
class LineSpec:
    company: str
    products: tuple[str, ...]
    yearly_premium: tuple[int, int]  # euros
    frequencies: tuple[PaymentFrequency, ...]
    expiry: str  # "renewal" (rolls over yearly), "term" (fixed end) or "none"
    claim_kind: ClaimKind | None
    benefit_types: tuple[str, ...]
    insures_person: bool  # holder is also the insured person by default


_Y, _M, _Q, _H = (
    PaymentFrequency.YEARLY,
    PaymentFrequency.MONTHLY,
    PaymentFrequency.QUARTERLY,
    PaymentFrequency.HALF_YEARLY,
)
_PROPERTY = ClaimKind.PROPERTY

LINES: dict[Line, LineSpec] = {
    Line.LIABILITY: LineSpec(
        "SV",
        ("Privathaftpflicht Komfort", "Privathaftpflicht Premium"),
        (55, 140),
        (_Y, _Y, _M),
        "renewal",
        _PROPERTY,
        ("Haftpflichtschaden", "Schlüsselverlust", "Sachschaden bei Dritten"),
        False,
    ),
    Line.MOTOR: LineSpec(
        "SV",
        ("Kfz-Versicherung", "Kfz-Versicherung Komfort"),
        (320, 1_150),
        (_Y, _M, _Q),
        "renewal",
        ClaimKind.MOTOR,
        ("Glasbruch", "Parkschaden", "Wildunfall", "Hagelschaden"),
        False,
    ),
    Line.ACCIDENT: LineSpec(
        "SV",
        ("Unfallversicherung Plus",),
        (90, 320),
        (_Y, _M),
        "renewal",
        _PROPERTY,
        ("Unfall – Invaliditätsleistung", "Unfall – Krankenhaustagegeld"),
        True,
    ),
    Line.LEGAL_EXPENSES: LineSpec(
        "RS",
        ("Rechtsschutz Privat, Beruf & Verkehr",),
        (220, 480),
        (_Y, _M),
        "renewal",
        ClaimKind.LEGAL_EXPENSES,
        ("Arbeitsrecht", "Verkehrsrecht", "Mietrecht", "Vertragsrecht"),
        False,
    ),
    Line.HOUSEHOLD: LineSpec(
        "SV",
        ("Hausratversicherung Komfort",),
        (60, 260),
        (_Y, _Y, _M),
        "renewal",
        _PROPERTY,
        ("Leitungswasserschaden", "Einbruchdiebstahl", "Fahrraddiebstahl", "Überspannungsschaden"),
        False,
    ),
    Line.BUILDING: LineSpec(
        "SV",
        ("Wohngebäudeversicherung",),
        (260, 950),
        (_Y, _H),
        "renewal",
        _PROPERTY,
        ("Sturmschaden", "Leitungswasserschaden", "Hagelschaden", "Elementarschaden"),
        False,
    ),
    Line.CARE: LineSpec(
        "KV",
        ("Pflegetagegeld PflegeTop",),
        (150, 620),
        (_M,),
        "none",
        ClaimKind.HEALTH,
        ("Pflegetagegeld",),
        True,
    ),
    Line.DISABILITY: LineSpec(
        "LV",
        ("Berufsunfähigkeitsversicherung",),
        (480, 1_500),
        (_M,),
        "term",
        ClaimKind.LIFE,
        ("Berufsunfähigkeitsrente",),
        True,
    ),
    Line.LIFE: LineSpec(
        "LV",
        ("Risikolebensversicherung", "Kapitallebensversicherung"),
        (120, 900),
        (_M, _Y),
        "term",
        ClaimKind.LIFE,
        ("Todesfallleistung", "Ablaufleistung"),
        True,
    ),
    Line.PENSION: LineSpec(
        "LV",
        ("Private Rentenversicherung", "Fondsgebundene Rentenversicherung"),
        (600, 2_400),
        (_M,),
        "term",
        None,
        (),
        True,
    ),
    Line.HEALTH_FULL: LineSpec(
        "KV",
        ("Krankheitskostenvollversicherung",),
        (4_200, 9_000),
        (_M,),
        "none",
        ClaimKind.HEALTH,
        (
            "Arztrechnung",
            "Krankenhausaufenthalt",
            "Arzneimittel",
            "Zahnbehandlung",
            "Heilmittel (Physiotherapie)",
        ),
        True,
    ),
    Line.HEALTH_SUPPLEMENTARY: LineSpec(
        "KV",
        ("Zahnzusatzversicherung ZahnPlus",),
        (150, 520),
        (_M,),
        "none",
        ClaimKind.HEALTH,
        ("Zahnersatz", "Professionelle Zahnreinigung", "Zahnbehandlung"),
        True,
    ),
    Line.TRAVEL_HEALTH: LineSpec(
        "KV",
        ("Auslandsreisekrankenversicherung",),
        (12, 39),
        (_Y,),
        "renewal",
        ClaimKind.TRAVEL_HEALTH,
        ("Arztbesuch im Ausland", "Krankenhausbehandlung im Ausland", "Krankenrücktransport"),
        True,
    ),
    Line.SAVINGS: LineSpec(
        "BK", ("Tagesgeldkonto",), (0, 0), (PaymentFrequency.NONE,), "none", None, (), False
    ),
    Line.ASSISTANCE: LineSpec(
        "SV",
        ("Auto-Schutzbrief",),
        (15, 45),
        (_Y,),
        "renewal",
        ClaimKind.MOTOR,
        ("Pannenhilfe", "Abschleppen", "Mietwagen nach Panne"),
        False,
    ),
}
