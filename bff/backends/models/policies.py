"""The policies system: contracts of every line with their roles, terms and facts, and savings
transactions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from bff.backends.models.common import UpstreamModel
from bff.backends.models.partners import PersonKind


class Line(StrEnum):
    """Line of business (Sparte)."""

    LIABILITY = "LIABILITY"
    MOTOR = "MOTOR"
    ACCIDENT = "ACCIDENT"
    LEGAL_EXPENSES = "LEGAL_EXPENSES"
    HOUSEHOLD = "HOUSEHOLD"
    BUILDING = "BUILDING"
    CARE = "CARE"
    DISABILITY = "DISABILITY"
    LIFE = "LIFE"
    PENSION = "PENSION"
    HEALTH_FULL = "HEALTH_FULL"
    HEALTH_SUPPLEMENTARY = "HEALTH_SUPPLEMENTARY"
    TRAVEL_HEALTH = "TRAVEL_HEALTH"  # Auslandsreisekrankenversicherung (ARK)
    SAVINGS = "SAVINGS"
    ASSISTANCE = "ASSISTANCE"  # Schutzbrief


class ContractStatus(StrEnum):
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"  # beitragsfrei / ruhend
    CANCELLED = "CANCELLED"  # gekündigt, läuft noch bis expiry
    ENDED = "ENDED"


class PaymentFrequency(StrEnum):
    MONTHLY = "MONTHLY"
    QUARTERLY = "QUARTERLY"
    HALF_YEARLY = "HALF_YEARLY"
    YEARLY = "YEARLY"
    SINGLE = "SINGLE"
    NONE = "NONE"  # savings without premium


class RoleKind(StrEnum):
    HOLDER = "HOLDER"  # Versicherungsnehmer
    INSURED = "INSURED"  # versicherte Person
    BENEFICIARY = "BENEFICIARY"  # Bezugsberechtigter
    PAYER = "PAYER"  # Beitragszahler


class ContractRole(UpstreamModel, frozen=True, kw_only=True):
    person_id: str
    role: RoleKind
    name: str  # display name, so a co-insured child needs no partners lookup


class DeductibleKind(StrEnum):
    NONE = "NONE"
    FIXED = "FIXED"
    VARIABLE = "VARIABLE"
    BONUS = "BONUS"


class LegalExpensesTerms(UpstreamModel, frozen=True, kw_only=True):
    modules: list[str]  # e.g. PRIVAT, BERUF, VERKEHR, IMMOBILIEN, FIRMEN, 55PLUS
    deductible_kind: DeductibleKind
    fixed_deductible: Decimal | None = None
    prior_claim_free_years: int = 0  # leistungsfreie Vorversicherung, credited to the bonus deductible


class SavingsKind(StrEnum):
    TAGESGELD = "TAGESGELD"
    FESTGELD = "FESTGELD"


class DirectDebitMandate(UpstreamModel, frozen=True, kw_only=True):
    reference: str
    iban: str
    signed_on: date


class SavingsTerms(UpstreamModel, frozen=True, kw_only=True):
    kind: SavingsKind
    account_id: str  # key for the transactions endpoint
    interest_rate: Decimal  # percent p.a.
    balance: Decimal
    payout_iban: str
    fixed_until: date | None = None
    direct_debit_mandate: DirectDebitMandate | None = None


class TravelCoverage(StrEnum):
    """What travel health insurance pays abroad (D7): the certificate names each."""

    OUTPATIENT = "OUTPATIENT"  # medically necessary outpatient treatment
    INPATIENT = "INPATIENT"  # hospital stays
    MEDICINES = "MEDICINES"  # prescribed medicines and dressings
    DENTAL = "DENTAL"  # pain-relieving dental treatment
    REPATRIATION = "REPATRIATION"  # medically appropriate transport home


class TravelHealthTerms(UpstreamModel, frozen=True, kw_only=True):
    max_trip_days: int  # longest covered trip
    sum_insured: Decimal | None = None  # per insured event, EUR; None: unlimited
    coverages: list[TravelCoverage] = []
    emergency_phone: str | None = None  # the 24/7 assistance line abroad, E.164


class CompanyContact(UpstreamModel, frozen=True, kw_only=True):
    """A group company's postal address and service contact, as its letters and certificates print it."""

    name: str
    street: str
    house_number: str
    postal_code: str
    city: str
    country: str = "DE"
    phone: str  # E.164
    email: str
    federal_state: str  # ISO 3166-2 subdivision of DE without the prefix, e.g. "NW"
    creditor_id: str | None = None  # SEPA creditor identifier (Gläubiger-ID) for its direct debits


class Fact(UpstreamModel, frozen=True, kw_only=True):
    """A line-specific fact, already in German display form (Kennzeichen, Versicherungssumme, …)."""

    label: str
    value: str


class Contract(UpstreamModel, frozen=True, kw_only=True):
    id: str
    policy_number: str  # VSNR
    company: str  # group company code
    company_name: str
    company_contact: CompanyContact | None = None
    product: str
    line: Line
    status: ContractStatus
    start_date: date
    expiry_date: date | None
    premium: Decimal
    currency: str = "EUR"
    payment_frequency: PaymentFrequency
    holder_id: str
    holder_kind: PersonKind
    roles: list[ContractRole]
    occupational_pension_continued: bool = False  # bAV privately continued
    special: str | None = None  # e.g. "MITGLIEDER_SCHUTZBRIEF"
    critical_process: str | None = None  # e.g. "DUNNING"
    facts: list[Fact] = []
    legal_expenses: LegalExpensesTerms | None = None
    savings: SavingsTerms | None = None
    travel_health: TravelHealthTerms | None = None


class Transaction(UpstreamModel, frozen=True, kw_only=True):
    id: str
    account_id: str
    value_date: date
    booking_date: date
    amount: Decimal  # positive = credit to the customer
    currency: str = "EUR"
    text: str
