"""The claims system: property claims and health benefit cases with their payments, and invoice
submissions (D8)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from bff.backends.models.common import UpstreamModel


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


class Payment(UpstreamModel, frozen=True, kw_only=True):
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


class LegalClaimFacts(UpstreamModel, frozen=True, kw_only=True):
    service: LegalService
    costs_net: Decimal  # costs without VAT at closing
    cost_commitment: bool  # Kostenzusage / eintrittspflichtig


class Claim(UpstreamModel, frozen=True, kw_only=True):
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


class InvoiceDocument(UpstreamModel, frozen=True, kw_only=True):
    """A receipt sent to the health claims department (D8); `sha256` lets it check the content."""

    file_name: str
    media_type: str  # image/jpeg, image/png, image/heic, application/pdf
    size_bytes: int
    sha256: str
    content_base64: str


class NewInvoiceSubmission(UpstreamModel, frozen=True, kw_only=True):
    person_id: str
    contract_ids: list[str]
    documents: list[InvoiceDocument]
    total_amount: Decimal | None = None  # the receipts' sum in EUR as the customer stated it


class InvoiceSubmission(UpstreamModel, frozen=True, kw_only=True):
    """The claims system's receipt: one benefit case per contract the invoices were submitted for."""

    id: str
    person_id: str
    received_at: datetime
    claim_ids: list[str]
