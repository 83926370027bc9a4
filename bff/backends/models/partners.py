"""The partners system: persons, their addresses, communication data, consents and delivery channel,
bank accounts with their contract links, and the address check."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from bff.backends.models.common import Address, UpstreamModel


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


class Communication(UpstreamModel, frozen=True, kw_only=True):
    id: str
    kind: CommunicationKind
    value: str
    preferred: bool = False


class Consents(UpstreamModel, frozen=True, kw_only=True):
    product_info_email: bool = False
    product_info_phone: bool = False


class Person(UpstreamModel, frozen=True, kw_only=True):
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


class AccountLink(UpstreamModel, frozen=True, kw_only=True):
    contract_id: str
    usage: AccountUsage


class BankAccount(UpstreamModel, frozen=True, kw_only=True):
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


class AddressCheck(UpstreamModel, frozen=True, kw_only=True):
    status: AddressCheckStatus
    suggestion: Address | None = None


class NewPerson(UpstreamModel, frozen=True, kw_only=True):
    """A new customer in the partners system (`POST /partners/persons`); it gets a customer number."""

    salutation: str | None = None
    first_name: str
    last_name: str
    birth_date: date
    address: Address
    agent_id: str | None = None
