"""Erika Mustermann's contracts: one active contract of every line, plus the ones B3 hides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal as D

from bff.backends.models import (
    ContractStatus,
    DeductibleKind,
    LegalExpensesTerms,
    Line,
    PaymentFrequency,
    RoleKind,
)
from bff.simulator.seeding.builder import CustomerBuilder
from bff.simulator.seeding.catalog import travel_health_terms
from bff.simulator.seeding.facts import parse_facts as facts
from bff.simulator.seeding.rows import ContractRef, PersonRef
from bff.simulator.seeding.savings import savings_contract

Y, M, H = PaymentFrequency.YEARLY, PaymentFrequency.MONTHLY, PaymentFrequency.HALF_YEARLY
ERIKA_IBAN = "DE89370400440532013000"
HOME_TEXT = "Heidestraße 17, 51147 Köln"


@dataclass(frozen=True)
class Household:
    """Erika and the persons around her contracts."""

    erika: PersonRef
    max: PersonRef  # customer 100003, built separately
    lena: PersonRef  # their daughter, no customer
    firm: PersonRef  # Mustermann Consulting GmbH
    gerda: PersonRef  # mother-in-law, holder of a life contract for Erika's benefit


def visible_contracts(b: CustomerBuilder, h: Household, *, credit_iban: str) -> dict[str, ContractRef]:
    """Active contracts Erika holds as a natural person: every line at least once."""
    me, c, today = h.erika, b.contract, b.today
    return {
        "liability": c(
            Line.LIABILITY,
            holder=me,
            start=date(2008, 3, 1),
            product="Privathaftpflicht Premium",
            yearly_premium=D("89.90"),
            frequency=Y,
            facts=facts("Deckungssumme: 50.000.000 € | Tarif: Familie | Selbstbeteiligung: 0 €"),
        ),
        "motor": c(
            Line.MOTOR,
            holder=me,
            start=date(2019, 1, 1),
            product="Kfz-Versicherung Komfort",
            yearly_premium=D("612.40"),
            frequency=M,
            facts=facts(
                "Kennzeichen: K-EM 1964 | Fahrzeug: VW Golf Variant 1.5 eTSI | Erstzulassung: 12/2018 | "
                "SF-Klasse Haftpflicht: SF 25 | SF-Klasse Vollkasko: SF 22 | "
                "Deckung: Vollkasko (SB 300 €, TK 150 €) | Jährliche Fahrleistung: 12.000 km"
            ),
        ),
        "accident": c(
            Line.ACCIDENT,
            holder=me,
            start=date(2012, 7, 1),
            yearly_premium=D("168.00"),
            frequency=Y,
            facts=facts(
                "Grundsumme Invalidität: 100.000 € | Progression: 350 % | Unfallrente monatlich: 1.000 €"
            ),
        ),
        "legal": c(
            Line.LEGAL_EXPENSES,
            holder=me,
            start=date(today.year - 7, 1, 1),
            yearly_premium=D("318.60"),
            frequency=Y,
            facts=facts(
                "Versicherungsumfang: Privat, Beruf und Verkehr | Selbstbeteiligung: variabel (0 € bis 300 €)"
            ),
            legal_expenses=LegalExpensesTerms(
                modules=["PRIVAT", "BERUF", "VERKEHR"], deductible_kind=DeductibleKind.VARIABLE
            ),
        ),
        "household": c(
            Line.HOUSEHOLD,
            holder=me,
            start=date(2010, 10, 1),
            yearly_premium=D("142.80"),
            frequency=Y,
            facts=facts(
                f"Versicherungssumme: 65.000 € | Wohnfläche: 100 m² | Versicherungsort: {HOME_TEXT} | "
                "Fahrraddiebstahl: mitversichert bis 5.000 €"
            ),
        ),
        "building": c(
            Line.BUILDING,
            holder=me,
            start=date(2010, 10, 1),
            yearly_premium=D("724.50"),
            frequency=H,
            facts=facts(
                f"Versicherungsort: {HOME_TEXT} | Gebäudeart: Einfamilienhaus | Baujahr: 1987 | "
                "Wohnfläche: 142 m² | Versicherungswert: Gleitender Neuwert | Elementarschutz: eingeschlossen"
            ),
        ),
        "care": c(
            Line.CARE,
            holder=me,
            start=date(2016, 1, 1),
            yearly_premium=D("458.40"),
            frequency=M,
            facts=facts("Tarif: PflegeTop | Pflegetagegeld Pflegegrad 5: 50 €"),
        ),
        "disability": c(
            Line.DISABILITY,
            holder=me,
            start=date(2009, 4, 1),
            expiry=date(2031, 9, 1),
            yearly_premium=D("1126.80"),
            frequency=M,
            facts=facts("Monatliche BU-Rente: 1.500 € | Leistungsende: 01.09.2031 | Dynamik: 3 % jährlich"),
        ),
        "life": c(
            Line.LIFE,
            holder=me,
            start=date(2011, 5, 1),
            expiry=date(2031, 5, 1),
            product="Risikolebensversicherung",
            yearly_premium=D("214.80"),
            frequency=M,
            extra_roles=[(h.lena, RoleKind.BENEFICIARY)],
            facts=facts("Versicherungssumme: 150.000 € | Ablaufdatum: 01.05.2031"),
        ),
        "pension": c(
            Line.PENSION,
            holder=me,
            start=date(2014, 12, 1),
            expiry=date(2031, 9, 1),
            product="Private Rentenversicherung",
            yearly_premium=D("1800.00"),
            frequency=M,
            facts=facts(
                "Garantierte monatliche Rente: 412,37 € | Rentenbeginn: 01.09.2031 | "
                "Überschussbeteiligung: verzinsliche Ansammlung"
            ),
        ),
        "health": c(
            Line.HEALTH_FULL,
            holder=me,
            start=date(2013, 1, 1),
            yearly_premium=D("7348.20"),
            frequency=M,
            facts=facts(
                "Tarif: Komfort 300 | Selbstbehalt jährlich: 300 € | Krankentagegeld ab 43. Tag: 100 € | "
                "Beitragsrückerstattung: bis zu 3 Monatsbeiträge"
            ),
        ),
        "dental": c(
            Line.HEALTH_SUPPLEMENTARY,
            holder=me,
            start=date(2015, 7, 1),
            yearly_premium=D("502.80"),
            frequency=M,
            insured=[me, h.max],
            facts=facts(
                "Tarif: ZahnPlus 90 | Erstattung Zahnersatz: 90 % | "
                "Professionelle Zahnreinigung: bis 200 € pro Jahr"
            ),
        ),
        "ark": c(
            Line.TRAVEL_HEALTH,
            holder=me,
            start=date(2017, 1, 1),
            product="Auslandsreisekrankenversicherung Familie",
            yearly_premium=D("29.90"),
            frequency=Y,
            insured=[me, h.max, h.lena],
            travel_health=travel_health_terms(56),
            facts=facts("Tarif: Reise Welt Familie | Geltungsbereich: weltweit | Krankenrücktransport: ja"),
        ),
        "savings": savings_contract(
            b,
            holder=me,
            start=date(2019, 4, 15),
            payout_iban=credit_iban,
            debit_iban=ERIKA_IBAN,
            rate=D("2.25"),
            opening=D("12500.00"),
            deposit=D("150.00"),
            deposit_every=2,
            withdrawals=10,
        ),
        "schutzbrief": c(
            Line.ASSISTANCE,
            holder=me,
            start=date(2018, 1, 1),
            product="Mitglieder-Schutzbrief",
            yearly_premium=D(0),
            frequency=PaymentFrequency.NONE,
            special="MITGLIEDER_SCHUTZBRIEF",
            facts=facts(
                "Beitrag: beitragsfrei für Mitglieder | Mitgliedsnummer: M-100001 | "
                "Pannen- und Unfallhilfe: europaweit | Abschleppen: bis 300 € | Mietwagen: bis 7 Tage | "
                "Krankenrückholung: weltweit"
            ),
        ),
    }


def hidden_contracts(b: CustomerBuilder, h: Household) -> dict[str, ContractRef]:
    """Contracts with Erika's id in them that the BFF must not show her (B3), and an ended one."""
    me, c, today = h.erika, b.contract, b.today
    return {
        "future": c(
            Line.LIABILITY,
            holder=me,
            start=date(today.year + 1, 1, 1),
            product="Hundehalterhaftpflicht",
            yearly_premium=D("64.20"),
            frequency=Y,
            facts=facts("Deckungssumme: 20.000.000 € | Hund: Labrador „Bruno“"),
        ),
        "company": c(
            Line.ACCIDENT,
            holder=h.firm,
            start=date(2015, 1, 1),
            product="Gruppen-Unfallversicherung",
            yearly_premium=D("540.00"),
            frequency=Y,
            insured=[me],
        ),
        "beneficiary": c(
            Line.LIFE,
            holder=h.gerda,
            start=date(2005, 6, 1),
            expiry=date(today.year + 2, 6, 1),
            product="Kapitallebensversicherung",
            yearly_premium=D("1200.00"),
            frequency=M,
            insured=[h.gerda],
            extra_roles=[(me, RoleKind.BENEFICIARY)],
        ),
        "occupational": c(
            Line.PENSION,
            holder=me,
            start=date(2009, 1, 1),
            expiry=date(2031, 9, 1),
            product="Direktversicherung (privat fortgeführt)",
            yearly_premium=D("960.00"),
            frequency=M,
            occupational_pension_continued=True,
        ),
        "old_car": c(
            Line.MOTOR,
            holder=me,
            start=date(2008, 6, 1),
            status=ContractStatus.ENDED,
            expiry=date(2019, 1, 1),
            product="Kfz-Versicherung",
            yearly_premium=D("534.00"),
            frequency=Y,
            facts=facts("Kennzeichen: K-EM 1964 | Fahrzeug: Opel Astra Caravan 1.6"),
        ),
    }
