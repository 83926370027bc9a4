"""Types shared by several domains: money, addresses, facts, and the upstream enums."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeAlias

import strawberry
from strawberry.scalars import JSON

from bff.backends import models as up
from bff.domain.formatting import format_money

# A JSON object argument or field (WebAuthn options and credentials, step-up payloads). Strawberry reads
# the annotation at runtime and sees the JSON scalar; mypy sees what the resolvers get: a dict.
if TYPE_CHECKING:
    JsonObject: TypeAlias = dict[str, Any]
else:
    JsonObject = JSON

# The upstream enums are exposed as they are; registering them names and documents them in GraphQL.
_ENUMS: list[tuple[type[Enum], str, str]] = [
    (up.Line, "LineOfBusiness", "Line of business (Sparte)."),
    (up.ContractStatus, "ContractStatus", "Lifecycle state of a contract."),
    (up.PaymentFrequency, "PaymentFrequency", "How often the premium is due."),
    (up.ClaimStatus, "ClaimStatus", "Processing state of a claim."),
    (up.ClaimKind, "ClaimKind", "Kind of claim or benefit case."),
    (up.RoleKind, "ContractRoleKind", "A person's role in a contract."),
    (up.AccountUsage, "AccountUsage", "What a bank account is used for on a contract."),
    (up.DeliveryChannel, "DeliveryChannel", "Digital postbox or paper mail (C4)."),
    (up.MaritalStatus, "MaritalStatus", "Marital status (D3)."),
    (up.Title, "AcademicTitle", "Academic title: Dr. or Professor only (D3)."),
    (up.DeductibleKind, "DeductibleKind", "Deductible model of a legal-expenses contract."),
    (up.Direction, "DocumentDirection", "Who sent a document."),
    (up.SavingsKind, "SavingsKind", "Tagesgeld (overnight) or Festgeld (fixed term)."),
    (up.CommunicationKind, "CommunicationKind", "Kind of contact entry."),
]
for _enum, _name, _description in _ENUMS:
    strawberry.enum(_enum, name=_name, description=_description)

LineOfBusiness: TypeAlias = up.Line
ContractStatus: TypeAlias = up.ContractStatus
PaymentFrequency: TypeAlias = up.PaymentFrequency
ClaimStatus: TypeAlias = up.ClaimStatus
ClaimKind: TypeAlias = up.ClaimKind
RoleKind: TypeAlias = up.RoleKind
AccountUsage: TypeAlias = up.AccountUsage
DeliveryChannel: TypeAlias = up.DeliveryChannel
MaritalStatus: TypeAlias = up.MaritalStatus
Title: TypeAlias = up.Title
DeductibleKind: TypeAlias = up.DeductibleKind
DocumentDirection: TypeAlias = up.Direction
SavingsKind: TypeAlias = up.SavingsKind
CommunicationKind: TypeAlias = up.CommunicationKind


@strawberry.type(description="An amount of money with its currency and a display string for the locale.")
class Money:
    amount: Decimal = strawberry.field(description="Exact decimal amount.")
    currency: str = strawberry.field(description="ISO 4217 code, e.g. EUR.")
    formatted: str = strawberry.field(description="Display string, e.g. '1.234,56 €'.")

    @classmethod
    def of(cls, amount: Decimal, currency: str, locale: str) -> Money:
        return cls(amount=amount, currency=currency, formatted=format_money(amount, currency, locale))


@strawberry.type(description="A postal address.")
class PostalAddress:
    street: str
    house_number: str
    postal_code: str
    city: str
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 country code.")

    @classmethod
    def of(cls, address: up.Address) -> PostalAddress:
        return cls(
            street=address.street,
            house_number=address.house_number,
            postal_code=address.postal_code,
            city=address.city,
            country=address.country,
        )

    @property
    def one_line(self) -> str:
        return f"{self.street} {self.house_number}, {self.postal_code} {self.city}"


@strawberry.type(description="A labelled, display-ready fact about a contract (German or English).")
class Fact:
    label: str
    value: str


@strawberry.type(description="A half-open period of days.")
class Period:
    start: date
    end: date
