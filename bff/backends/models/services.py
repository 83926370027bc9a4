"""The services system: service requests and the payload of each kind of change it accepts."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from msgspec import UNSET, UnsetType

from bff.backends.models.common import Address, UpstreamModel
from bff.backends.models.partners import CommunicationKind, DeliveryChannel, MaritalStatus, Title


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


class ServiceRequest(UpstreamModel, frozen=True, kw_only=True):
    id: str
    person_id: str
    kind: ServiceRequestKind
    status: ServiceRequestStatus
    received_at: datetime
    payload: dict[str, Any]  # any JSON object


class NewServiceRequest(UpstreamModel, frozen=True, kw_only=True):
    person_id: str
    kind: ServiceRequestKind
    payload: dict[str, Any]  # any JSON object
    approved_by_clerk: bool = False  # G4: a clerk reviewed the critical process and approved the change


class AddressChangePayload(UpstreamModel, frozen=True, kw_only=True):
    """`payload` of an ADDRESS_CHANGE request (D2): the checked new address."""

    address: Address
    effective_from: date | None = None  # G2: a broker's change holds from this day (None: at once)


class SepaMandateReference(UpstreamModel, frozen=True, kw_only=True):
    """One mandate of a SEPA direct-debit consent: the collecting company, its creditor identifier and the
    mandate reference (the contract's policy number)."""

    company: str  # group company code
    company_name: str
    creditor_id: str | None
    reference: str
    contract_id: str


class SepaMandate(UpstreamModel, frozen=True, kw_only=True):
    """The SEPA direct-debit mandate the customer gave with a bank change (D1), on the day of the request: the
    text they agreed to and a mandate per contract whose premiums the new account pays."""

    text: str  # German, as shown in the form
    mandates: list[SepaMandateReference]


class BankChangePayload(UpstreamModel, frozen=True, kw_only=True):
    """`payload` of a BANK_CHANGE request (D1): the checked new account of the requesting person (always
    its holder) and the contracts whose premiums it pays (debit) and whose payouts it receives (credit)."""

    iban: str  # compact, upper case
    bic: str | None = None
    bank_name: str | None = None
    debit_contract_ids: list[str] = []
    credit_contract_ids: list[str] = []
    sepa_mandate: SepaMandate | None = None  # the customer's consent, when premiums are collected (debit)
    effective_from: date | None = None  # G2: a broker's change holds from this day (None: at once)


class PersonalDataChangePayload(UpstreamModel, frozen=True, kw_only=True):
    """`payload` of a PERSONAL_DATA_CHANGE request (D3): the fields the customer changed; a field that
    is absent (UNSET, left out when encoded) stays as it is: an omitted title keeps "Dr.", a null one
    removes it. A marital status comes with its date."""

    last_name: str | UnsetType = UNSET
    title: Title | UnsetType | None = UNSET
    marital_status: MaritalStatus | UnsetType | None = UNSET
    marital_status_since: date | UnsetType | None = UNSET


class NewCommunication(UpstreamModel, frozen=True, kw_only=True):
    kind: CommunicationKind
    value: str  # emails normalised, phone numbers in E.164
    preferred: bool = False


class CommunicationUpdate(UpstreamModel, frozen=True, kw_only=True):
    id: str
    kind: CommunicationKind
    value: str
    preferred: bool = False


class CommunicationChangePayload(UpstreamModel, frozen=True, kw_only=True):
    """`payload` of a COMMUNICATION_CHANGE request (D4); unknown ids are ignored (already removed)."""

    add: list[NewCommunication] = []
    change: list[CommunicationUpdate] = []
    remove: list[str] = []


class DeliveryChannelChangePayload(UpstreamModel, frozen=True, kw_only=True):
    """`payload` of a DELIVERY_CHANNEL_CHANGE request (C4); CONSENT_CHANGE (D5) sends `Consents`."""

    channel: DeliveryChannel


class RecipientKind(StrEnum):
    AGENT = "AGENT"  # the customer's own agent (F1)
    DEPARTMENT = "DEPARTMENT"  # a specialist department or customer service


class MessageRecipient(UpstreamModel, frozen=True, kw_only=True):
    kind: RecipientKind
    name: str
    email: str


class MessagePayload(UpstreamModel, frozen=True, kw_only=True):
    """`payload` of a MESSAGE request (C5): archived in the postbox as an INBOUND document."""

    category: str
    subject: str
    text: str
    contract_id: str | None = None
    recipient: MessageRecipient
