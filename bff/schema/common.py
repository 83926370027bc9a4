"""Types shared by several domains: money, addresses, facts, and the upstream enums."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NewType, TypeAlias

import strawberry
from strawberry.scalars import JSON

from bff.auth.ident_level import needs_postal_ident
from bff.backends import models as up
from bff.context import Info
from bff.domain.formatting import format_money
from bff.i18n import message_fields
from bff.schema.enum_values import described_enum

# A JSON object argument or field (WebAuthn options and credentials, step-up payloads). Strawberry reads
# the annotation at runtime and sees the JSON scalar; mypy sees what the resolvers get: a dict.
if TYPE_CHECKING:
    JsonObject: TypeAlias = dict[str, Any]
else:
    JsonObject = JSON


def _typed_amount(value: object) -> str:
    """The amount exactly as the client sent it: read later by `parse_amount`, so what is no amount is a
    named field problem, not a GraphQL error about a scalar."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise ValueError("an amount is a string or a number")
    return str(value)


AmountInput = NewType("AmountInput", str)
"""An amount as typed; the schema maps it to the `AmountInput` scalar (`SCALARS`)."""
SCALARS: dict[object, Any] = {
    AmountInput: strawberry.scalar(
        name="AmountInput",
        description='An amount as the customer typed it: German ("45,90", "1.234,56 €") or plain ("45.90") '
        "decimal notation, as a string (or a JSON number). The server reads it; what it cannot read is "
        "refused in ValidationFailed with the field's path.",
        serialize=str,
        parse_value=_typed_amount,
    )
}
"""Custom scalars for the schema's `StrawberryConfig.scalar_map`."""

# The upstream enums are exposed as they are; registering them names and documents them in GraphQL,
# every value included (`described_enum` keeps strawberry out of the upstream models).
described_enum(
    up.Line,
    name="LineOfBusiness",
    description="Line of business (Sparte) of a contract (B1).",
    values={
        up.Line.LIABILITY: "Personal liability insurance (Privathaftpflicht).",
        up.Line.MOTOR: "Motor insurance (Kfz-Versicherung).",
        up.Line.ACCIDENT: "Accident insurance (Unfallversicherung).",
        up.Line.LEGAL_EXPENSES: "Legal expenses insurance (Rechtsschutz); has a deductible model (B7).",
        up.Line.HOUSEHOLD: "Household contents insurance (Hausratversicherung).",
        up.Line.BUILDING: "Building insurance (Wohngebäudeversicherung).",
        up.Line.CARE: "Long-term care insurance (Pflegeversicherung).",
        up.Line.DISABILITY: "Disability insurance (Berufsunfähigkeitsversicherung).",
        up.Line.LIFE: "Life insurance (Lebensversicherung).",
        up.Line.PENSION: "Pension insurance (Rentenversicherung).",
        up.Line.HEALTH_FULL: "Comprehensive health insurance (Krankenvollversicherung); invoices can be "
        "submitted (D8).",
        up.Line.HEALTH_SUPPLEMENTARY: "Supplementary health insurance (Krankenzusatzversicherung); invoices "
        "can be submitted (D8).",
        up.Line.TRAVEL_HEALTH: "Travel health insurance (Auslandsreisekrankenversicherung, ARK); offers the "
        "ARK certificate (D7).",
        up.Line.SAVINGS: "Savings product, Tagesgeld or Festgeld (B6); no premium.",
        up.Line.ASSISTANCE: "Assistance cover (Schutzbrief), e.g. the highlighted Mitglieder-Schutzbrief "
        "(B4).",
    },
)
described_enum(
    up.ContractStatus,
    name="ContractStatus",
    description="Lifecycle state of a contract; the customer's overview lists contracts in force (B3).",
    values={
        up.ContractStatus.ACTIVE: "In force and premiums are due (Aktiv).",
        up.ContractStatus.SUSPENDED: "Paid-up or dormant (beitragsfrei / ruhend): still in force, no "
        "premiums due.",
        up.ContractStatus.CANCELLED: "Cancelled (gekündigt) but still running until its expiry date; "
        "hidden from customers after that day.",
        up.ContractStatus.ENDED: "Over (beendet); not shown to customers.",
    },
)
described_enum(
    up.PaymentFrequency,
    name="PaymentFrequency",
    description="How often the premium is due (B1).",
    values={
        up.PaymentFrequency.MONTHLY: "Every month (monatlich).",
        up.PaymentFrequency.QUARTERLY: "Every three months (vierteljährlich).",
        up.PaymentFrequency.HALF_YEARLY: "Every six months (halbjährlich).",
        up.PaymentFrequency.YEARLY: "Once a year (jährlich).",
        up.PaymentFrequency.SINGLE: "One single premium paid once (Einmalbeitrag).",
        up.PaymentFrequency.NONE: "No premium at all, e.g. savings products (B6).",
    },
)
described_enum(
    up.ClaimStatus,
    name="ClaimStatus",
    description="Processing state of a claim or benefit case (E1, E3).",
    values={
        up.ClaimStatus.REPORTED: "Reported, not yet looked at (Gemeldet).",
        up.ClaimStatus.IN_REVIEW: "Being reviewed by the claims department (In Prüfung).",
        up.ClaimStatus.WAITING_FOR_DOCUMENTS: "Waiting for documents from the customer (Unterlagen fehlen).",
        up.ClaimStatus.APPROVED: "Approved; payment follows (Bewilligt).",
        up.ClaimStatus.PAID: "Paid out (Ausgezahlt); see the claim's payments.",
        up.ClaimStatus.REJECTED: "Rejected, no benefit (Abgelehnt).",
        up.ClaimStatus.CLOSED: "Closed, nothing more happens (Abgeschlossen).",
    },
)
described_enum(
    up.ClaimKind,
    name="ClaimKind",
    description="Kind of claim or benefit case. Customers see property, motor, health and legal-expenses "
    "cases only (E1).",
    values={
        up.ClaimKind.PROPERTY: "Property claim (Sachschaden), e.g. household or building.",
        up.ClaimKind.MOTOR: "Motor claim (Kfz-Schaden).",
        up.ClaimKind.HEALTH: "Health benefit case (Leistungsfall Krankenversicherung), e.g. a submitted "
        "invoice (D8).",
        up.ClaimKind.TRAVEL_HEALTH: "Travel health benefit case (ARK); not shown to customers (E1).",
        up.ClaimKind.LIFE: "Life insurance benefit case; not shown to customers (E1).",
        up.ClaimKind.LEGAL_EXPENSES: "Legal expenses case (Rechtsschutzfall); counts for the deductible "
        "(B7).",
    },
)
described_enum(
    up.RoleKind,
    name="ContractRoleKind",
    description="A person's role in a contract.",
    values={
        up.RoleKind.HOLDER: "Policyholder (Versicherungsnehmer); only they see the contract in the portal "
        "(B3).",
        up.RoleKind.INSURED: "Insured person (versicherte Person), e.g. a co-insured child.",
        up.RoleKind.BENEFICIARY: "Beneficiary (Bezugsberechtigter) who receives the benefit.",
        up.RoleKind.PAYER: "Premium payer (Beitragszahler) when not the policyholder.",
    },
)
described_enum(
    up.AccountUsage,
    name="AccountUsage",
    description="What a bank account is used for on a contract (D1).",
    values={
        up.AccountUsage.DEBIT: "Premiums are collected from it by direct debit (Beitragseinzug).",
        up.AccountUsage.CREDIT: "Payouts and refunds go to it (Auszahlungen / Erstattungen).",
    },
)
described_enum(
    up.DeliveryChannel,
    name="DeliveryChannel",
    description="How the insurer sends documents (C4).",
    values={
        up.DeliveryChannel.DIGITAL: "Postbox only, no paper (Papierverzicht); legally required letters still "
        "go by post too.",
        up.DeliveryChannel.PAPER: "By post; documents are in the postbox too, and new ones are still "
        "announced by email (C3).",
    },
)
described_enum(
    up.MaritalStatus,
    name="MaritalStatus",
    description="Marital status (D3).",
    values={
        up.MaritalStatus.SINGLE: "Single, never married (ledig).",
        up.MaritalStatus.MARRIED: "Married (verheiratet).",
        up.MaritalStatus.CIVIL_PARTNERSHIP: "Registered civil partnership (eingetragene "
        "Lebenspartnerschaft).",
        up.MaritalStatus.DIVORCED: "Divorced (geschieden).",
        up.MaritalStatus.WIDOWED: "Widowed (verwitwet).",
    },
)
described_enum(
    up.Title,
    name="AcademicTitle",
    description="Academic title: Dr. or Professor only (D3).",
    values={
        up.Title.DR: 'Doctor, written "Dr." before the name.',
        up.Title.PROF: 'Professor, written "Prof." before the name.',
    },
)
described_enum(
    up.DeductibleKind,
    name="DeductibleKind",
    description="Deductible model (Selbstbeteiligung) of a legal-expenses contract (B7).",
    values={
        up.DeductibleKind.NONE: "No deductible; every covered claim costs 0 €.",
        up.DeductibleKind.FIXED: "The same fixed amount on every covered claim.",
        up.DeductibleKind.VARIABLE: "Variable: 0 → 100 → 200 → 300 € per covered claim, −100 € per "
        "claim-free year.",
        up.DeductibleKind.BONUS: "Bonus: starts at 300 €, −100 € per claim-free year, 500 € for a claim "
        "within a year of the last one.",
    },
)
described_enum(
    up.Direction,
    name="DocumentDirection",
    description="Who sent a postbox document (C1, C5).",
    values={
        up.Direction.INBOUND: "From the customer to the insurer, e.g. a message sent from the portal.",
        up.Direction.OUTBOUND: "From the insurer to the customer, e.g. a policy document or invoice.",
    },
)
described_enum(
    up.SavingsKind,
    name="SavingsKind",
    description="Kind of savings product (B6).",
    values={
        up.SavingsKind.TAGESGELD: "Overnight money (Tagesgeld): variable rate, available at any time.",
        up.SavingsKind.FESTGELD: "Fixed-term deposit (Festgeld): fixed rate until `fixedUntil`.",
    },
)
described_enum(
    up.CommunicationKind,
    name="CommunicationKind",
    description="Kind of contact entry (D4).",
    values={
        up.CommunicationKind.EMAIL: "Email address.",
        up.CommunicationKind.PHONE: "Landline or any phone number, stored in E.164 format (+49…).",
        up.CommunicationKind.MOBILE: "Mobile number, stored in E.164 format (+49…); registration needs one "
        "(A8).",
    },
)

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
    street: str = strawberry.field(description="Street name without house number.")
    house_number: str = strawberry.field(description="House number.")
    postal_code: str = strawberry.field(description="Postal code.")
    city: str = strawberry.field(description="Town or city (Ort).")
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
    label: str = strawberry.field(description="Label, localised.")
    value: str = strawberry.field(description="Value as display text.")


@strawberry.type(description="A half-open period of days.")
class Period:
    start: date
    end: date


@strawberry.type(
    description="This needs ident level 2: confirm your identity with the code we send by post to the "
    "address on file (`requestIdentCode`, then `confirmIdentCode`). Registered online (level 1) you read "
    "contracts, documents and claims; bank, address and contact changes and partner grants need level 2."
)
class PostalIdentRequired:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


def postal_ident_refusal(info: Info) -> PostalIdentRequired | None:
    """The typed refusal when the viewer is a customer at ident level 1 (bff/auth/ident_level.py)."""
    if not needs_postal_ident(info.context.viewer):
        return None
    return PostalIdentRequired(
        **message_fields(
            "Bitte bestätigen Sie zuerst Ihre Identität mit dem Ident-Code, den wir Ihnen per Post an Ihre "
            "Anschrift senden."
        ),
    )
