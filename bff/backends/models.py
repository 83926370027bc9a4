"""The upstream contract: what the six backend systems answer, as pydantic models.

The simulator serves exactly these shapes (and documents them in its OpenAPI); the backend
clients parse them. An insurer's adapter speaks the same contract.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict


class UpstreamModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


# --- partners -------------------------------------------------------------------------------


class PersonKind(StrEnum):
    NATURAL = "NATURAL"
    COMPANY = "COMPANY"
    GROUP = "GROUP"  # Personengemeinschaft


class Title(StrEnum):
    DR = "DR"
    PROF = "PROF"


class MaritalStatus(StrEnum):
    SINGLE = "SINGLE"
    MARRIED = "MARRIED"
    CIVIL_PARTNERSHIP = "CIVIL_PARTNERSHIP"
    DIVORCED = "DIVORCED"
    WIDOWED = "WIDOWED"


class DeliveryChannel(StrEnum):
    DIGITAL = "DIGITAL"
    PAPER = "PAPER"


class CommunicationKind(StrEnum):
    EMAIL = "EMAIL"
    PHONE = "PHONE"
    MOBILE = "MOBILE"


class Address(UpstreamModel):
    street: str
    house_number: str
    postal_code: str
    city: str
    country: str = "DE"  # ISO 3166-1 alpha-2
    federal_state: str | None = None  # ISO 3166-2 without "DE-" (e.g. "NW"), as the address database says


class Communication(UpstreamModel):
    id: str
    kind: CommunicationKind
    value: str
    preferred: bool = False


class Consents(UpstreamModel):
    product_info_email: bool = False
    product_info_phone: bool = False


class Person(UpstreamModel):
    id: str
    customer_number: str | None
    kind: PersonKind
    salutation: str | None = None  # "Frau", "Herr", None for companies
    title: Title | None = None
    first_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None
    birth_date: date | None = None
    marital_status: MaritalStatus | None = None
    marital_status_since: date | None = None
    is_agent: bool = False
    agent_id: str | None = None
    delivery_channel: DeliveryChannel = DeliveryChannel.DIGITAL
    consents: Consents = Consents()
    address: Address | None = None
    communications: list[Communication] = []


class AccountUsage(StrEnum):
    DEBIT = "DEBIT"  # Beitragseinzug
    CREDIT = "CREDIT"  # Auszahlungen / Erstattungen


class AccountLink(UpstreamModel):
    contract_id: str
    usage: AccountUsage


class BankAccount(UpstreamModel):
    id: str
    person_id: str
    iban: str
    bic: str | None
    bank_name: str | None
    holder_name: str
    links: list[AccountLink] = []


class AddressCheckStatus(StrEnum):
    VALID = "VALID"
    CORRECTED = "CORRECTED"
    UNKNOWN = "UNKNOWN"


class AddressCheck(UpstreamModel):
    status: AddressCheckStatus
    suggestion: Address | None = None


# --- policies -------------------------------------------------------------------------------


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


class ContractRole(UpstreamModel):
    person_id: str
    role: RoleKind
    name: str  # display name, so a co-insured child needs no partners lookup


class DeductibleKind(StrEnum):
    NONE = "NONE"
    FIXED = "FIXED"
    VARIABLE = "VARIABLE"
    BONUS = "BONUS"


class LegalExpensesTerms(UpstreamModel):
    modules: list[str]  # e.g. PRIVAT, BERUF, VERKEHR, IMMOBILIEN, FIRMEN, 55PLUS
    deductible_kind: DeductibleKind
    fixed_deductible: Decimal | None = None
    prior_claim_free_years: int = 0  # leistungsfreie Vorversicherung, credited to the bonus deductible


class SavingsKind(StrEnum):
    TAGESGELD = "TAGESGELD"
    FESTGELD = "FESTGELD"


class DirectDebitMandate(UpstreamModel):
    reference: str
    iban: str
    signed_on: date


class SavingsTerms(UpstreamModel):
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


class TravelHealthTerms(UpstreamModel):
    max_trip_days: int  # longest covered trip
    sum_insured: Decimal | None = None  # per insured event, EUR; None: unlimited
    coverages: list[TravelCoverage] = []
    emergency_phone: str | None = None  # the 24/7 assistance line abroad, E.164


class CompanyContact(UpstreamModel):
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


class Fact(UpstreamModel):
    """A line-specific fact, already in German display form (Kennzeichen, Versicherungssumme, …)."""

    label: str
    value: str


class Contract(UpstreamModel):
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


class Transaction(UpstreamModel):
    id: str
    account_id: str
    value_date: date
    booking_date: date
    amount: Decimal  # positive = credit to the customer
    currency: str = "EUR"
    text: str


# --- postbox --------------------------------------------------------------------------------


class Direction(StrEnum):
    INBOUND = "INBOUND"  # from the customer to the insurer
    OUTBOUND = "OUTBOUND"  # from the insurer to the customer


class Document(UpstreamModel):
    id: str
    person_id: str
    contract_id: str | None
    content_type: str  # internal code, e.g. "POLICE", "BEITRAGSRECHNUNG"; the BFF maps it to clear text
    subject: str
    created_at: datetime
    direction: Direction = Direction.OUTBOUND
    read: bool = False
    legally_required: bool = False
    size_bytes: int
    recipient: str | None = None  # for a message the customer sent (INBOUND): who it went to (C5)


# --- claims ---------------------------------------------------------------------------------


class ClaimKind(StrEnum):
    PROPERTY = "PROPERTY"
    MOTOR = "MOTOR"
    HEALTH = "HEALTH"
    TRAVEL_HEALTH = "TRAVEL_HEALTH"
    LIFE = "LIFE"
    LEGAL_EXPENSES = "LEGAL_EXPENSES"


class ClaimStatus(StrEnum):
    REPORTED = "REPORTED"
    IN_REVIEW = "IN_REVIEW"
    WAITING_FOR_DOCUMENTS = "WAITING_FOR_DOCUMENTS"
    APPROVED = "APPROVED"
    PAID = "PAID"
    REJECTED = "REJECTED"
    CLOSED = "CLOSED"


class Payment(UpstreamModel):
    paid_on: date
    amount: Decimal
    currency: str = "EUR"


class LegalService(StrEnum):
    """Services of a legal-expenses claim that matter for the deductible (B7)."""

    STANDARD = "STANDARD"
    JURWAY = "JURWAY"
    JURLINE = "JURLINE"
    SERVICE_55PLUS = "SERVICE_55PLUS"
    REPUTATION_SERVICE = "REPUTATION_SERVICE"
    BONUS_ADVICE = "BONUS_ADVICE"


class LegalClaimFacts(UpstreamModel):
    service: LegalService
    costs_net: Decimal  # costs without VAT at closing
    cost_commitment: bool  # Kostenzusage / eintrittspflichtig


class Claim(UpstreamModel):
    id: str
    claim_number: str
    contract_id: str
    kind: ClaimKind
    benefit_type: str  # German, e.g. "Leitungswasserschaden", "Zahnbehandlung"
    status: ClaimStatus
    occurred_on: date
    reported_on: date
    expected_completion: date | None = None
    closed_on: date | None = None
    payments: list[Payment] = []
    legal: LegalClaimFacts | None = None
    reserve: Decimal | None = None  # still set aside for the claim (G3); None: not known


class InvoiceDocument(UpstreamModel):
    """A receipt sent to the health claims department (D8); `sha256` lets it check the content."""

    file_name: str
    media_type: str  # image/jpeg, image/png, image/heic, application/pdf
    size_bytes: int
    sha256: str
    content_base64: str


class NewInvoiceSubmission(UpstreamModel):
    person_id: str
    contract_ids: list[str]
    documents: list[InvoiceDocument]
    total_amount: Decimal | None = None  # the receipts' sum in EUR as the customer stated it


class InvoiceSubmission(UpstreamModel):
    """The claims system's receipt: one benefit case per contract the invoices were submitted for."""

    id: str
    person_id: str
    received_at: datetime
    claim_ids: list[str]


# --- crm ------------------------------------------------------------------------------------


class Agent(UpstreamModel):
    id: str
    agent_number: str
    first_name: str
    last_name: str
    agency_name: str
    phone: str  # E.164
    email: str
    address: Address


class ImpulseAudience(StrEnum):
    """Whom the CRM aims an impulse at, so it is never shown to a customer who already has it."""

    NEWCOMERS = "NEWCOMERS"  # customers without a contract of the impulse's line
    HOLDERS = "HOLDERS"  # an add-on for holders of the line (e.g. a new legal-expenses module)
    PAPER_DELIVERY = "PAPER_DELIVERY"  # customers who still get their documents on paper


class SalesImpulse(UpstreamModel):
    id: str
    person_id: str
    title: str
    text: str
    line: Line | None = None
    audience: ImpulseAudience = ImpulseAudience.NEWCOMERS
    relevance: float  # 0..1, from the CRM's relevance model
    valid_from: date | None = None  # first day the offer may be shown
    valid_until: date | None = None  # last day; texts naming a deadline name this one


class CampaignOutcome(StrEnum):
    """A Gewinnspiel with a double chance (seed 002): an instant voucher, or else the yearly draw."""

    WIN = "WIN"  # the instant prize, with its voucher code
    ENTERED = "ENTERED"  # no instant prize: entered into the draw held on the campaign's `draw_on`


class Campaign(UpstreamModel):
    """A marketing campaign of the CRM (F3), e.g. the yearly draw for customers at ident level 2."""

    id: str
    title: str
    text: str
    draw_on: date  # the day the yearly draw among those without an instant prize is held
    starts_on: date
    ends_on: date
    terms_url: str


class CampaignParticipation(UpstreamModel):
    campaign_id: str
    person_id: str
    joined_at: datetime
    outcome: CampaignOutcome
    voucher_code: str | None = None  # only for an instant win


class ActiveCampaigns(UpstreamModel):
    """The running campaigns once, plus the asked-for persons' participations in them: one answer
    serves any number of persons."""

    campaigns: list[Campaign]
    participations: list[CampaignParticipation]


class NewCampaignParticipation(UpstreamModel):
    person_id: str


# --- services -------------------------------------------------------------------------------


class ServiceRequestKind(StrEnum):
    BANK_CHANGE = "BANK_CHANGE"
    ADDRESS_CHANGE = "ADDRESS_CHANGE"
    PERSONAL_DATA_CHANGE = "PERSONAL_DATA_CHANGE"
    COMMUNICATION_CHANGE = "COMMUNICATION_CHANGE"
    ARK_CERTIFICATE = "ARK_CERTIFICATE"
    INVOICE_SUBMISSION = "INVOICE_SUBMISSION"
    MESSAGE = "MESSAGE"
    CONSENT_CHANGE = "CONSENT_CHANGE"
    DELIVERY_CHANNEL_CHANGE = "DELIVERY_CHANNEL_CHANGE"


class ServiceRequestStatus(StrEnum):
    RECEIVED = "RECEIVED"
    IN_PROGRESS = "IN_PROGRESS"
    DONE = "DONE"
    REJECTED = "REJECTED"


class ServiceRequest(UpstreamModel):
    id: str
    person_id: str
    kind: ServiceRequestKind
    status: ServiceRequestStatus
    received_at: datetime
    payload: dict[str, object]


class NewServiceRequest(UpstreamModel):
    person_id: str
    kind: ServiceRequestKind
    payload: dict[str, object]
    approved_by_clerk: bool = False  # G4: a clerk reviewed the critical process and approved the change


class NewDocument(UpstreamModel):
    """A document a producer files into a person's postbox (`POST /postbox/documents`), e.g. an ARK
    certificate rendered by the BFF's bot (D7)."""

    person_id: str
    contract_id: str | None = None
    content_type: str  # one of the DMS's content type codes, e.g. "ARK_ZERTIFIKAT"
    subject: str
    pdf_base64: str  # the PDF itself, standard base64


class AddressChangePayload(UpstreamModel):
    """`payload` of an ADDRESS_CHANGE request (D2): the checked new address."""

    address: Address
    effective_from: date | None = None  # G2: a broker's change holds from this day (None: at once)


class SepaMandateReference(UpstreamModel):
    """One mandate of a SEPA direct-debit consent: the collecting company, its creditor identifier and the
    mandate reference (the contract's policy number)."""

    company: str  # group company code
    company_name: str
    creditor_id: str | None
    reference: str
    contract_id: str


class SepaMandate(UpstreamModel):
    """The SEPA direct-debit mandate the customer gave with a bank change (D1), on the day of the request: the
    text they agreed to and a mandate per contract whose premiums the new account pays."""

    text: str  # German, as shown in the form
    mandates: list[SepaMandateReference]


class BankChangePayload(UpstreamModel):
    """`payload` of a BANK_CHANGE request (D1): the checked new account of the requesting person (always
    its holder) and the contracts whose premiums it pays (debit) and whose payouts it receives (credit)."""

    iban: str  # compact, upper case
    bic: str | None = None
    bank_name: str | None = None
    debit_contract_ids: list[str] = []
    credit_contract_ids: list[str] = []
    sepa_mandate: SepaMandate | None = None  # the customer's consent, when premiums are collected (debit)
    effective_from: date | None = None  # G2: a broker's change holds from this day (None: at once)


class PersonalDataChangePayload(UpstreamModel):
    """`payload` of a PERSONAL_DATA_CHANGE request (D3): the fields the customer changed; a field that
    is absent stays as it is (an omitted title keeps "Dr."). A marital status comes with its date."""

    last_name: str | None = None
    title: Title | None = None
    marital_status: MaritalStatus | None = None
    marital_status_since: date | None = None


class NewCommunication(UpstreamModel):
    kind: CommunicationKind
    value: str  # emails normalised, phone numbers in E.164
    preferred: bool = False


class CommunicationUpdate(UpstreamModel):
    id: str
    kind: CommunicationKind
    value: str
    preferred: bool = False


class CommunicationChangePayload(UpstreamModel):
    """`payload` of a COMMUNICATION_CHANGE request (D4); unknown ids are ignored (already removed)."""

    add: list[NewCommunication] = []
    change: list[CommunicationUpdate] = []
    remove: list[str] = []


class DeliveryChannelChangePayload(UpstreamModel):
    """`payload` of a DELIVERY_CHANNEL_CHANGE request (C4); CONSENT_CHANGE (D5) sends `Consents`."""

    channel: DeliveryChannel


class RecipientKind(StrEnum):
    AGENT = "AGENT"  # the customer's own agent (F1)
    DEPARTMENT = "DEPARTMENT"  # a specialist department or customer service


class MessageRecipient(UpstreamModel):
    kind: RecipientKind
    name: str
    email: str


class MessagePayload(UpstreamModel):
    """`payload` of a MESSAGE request (C5): archived in the postbox as an INBOUND document."""

    category: str
    subject: str
    text: str
    contract_id: str | None = None
    recipient: MessageRecipient


# --- broker tools (G1, G2) ------------------------------------------------------------------------


class Prospect(UpstreamModel):
    """An Interessent in the CRM: a possible customer an agent looks after. No customer number until it is
    converted into a partners person (then `converted_person_id` is set and searches no longer find it)."""

    id: str
    agent_id: str
    salutation: str | None = None
    first_name: str
    last_name: str
    birth_date: date | None = None
    address: Address | None = None
    iban: str | None = None
    bic: str | None = None
    bank_name: str | None = None
    created_at: datetime
    converted_person_id: str | None = None


class NewProspect(UpstreamModel):
    agent_id: str
    salutation: str | None = None
    first_name: str
    last_name: str
    birth_date: date | None = None
    address: Address | None = None


class ProspectUpdate(UpstreamModel):
    """What a broker changes on a prospect, applied at once (G2); omitted parts stay."""

    address: Address | None = None
    iban: str | None = None
    bic: str | None = None
    bank_name: str | None = None


class ProspectConversion(UpstreamModel):
    person_id: str  # the partners person the prospect became


class NewPerson(UpstreamModel):
    """A new customer in the partners system (`POST /partners/persons`); it gets a customer number."""

    salutation: str | None = None
    first_name: str
    last_name: str
    birth_date: date
    address: Address
    agent_id: str | None = None


# --- bulk envelopes ---------------------------------------------------------------------------


T = TypeVar("T")


class Page(UpstreamModel, Generic[T]):
    """Every bulk endpoint answers `{"items": [...]}` in no particular order."""

    items: list[T]
