"""C5: the predefined categories of a message from the portal and who receives each. The customer's
agent is the preset recipient of many (seed 002: "als Empfänger vieler Anliegen hinterlegt"); the
others go to a department's address. One declarative table: a new category is one line here."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bff.i18n import N_

APPOINTMENT_SUBJECT = N_("Anfrage zu einem Termin")
"""F1: "book appointment" writes to the agent with this subject (seed 002), in German; the compose form
shows it in the customer's language."""


class MessageCategoryCode(StrEnum):
    CONTRACT_ADVICE = "CONTRACT_ADVICE"
    APPOINTMENT = "APPOINTMENT"
    OFFER = "OFFER"
    HEALTH_BENEFITS = "HEALTH_BENEFITS"
    CLAIM = "CLAIM"
    PERSONAL_DATA = "PERSONAL_DATA"
    PORTAL = "PORTAL"
    OTHER = "OTHER"


@dataclass(frozen=True)
class Department:
    name: str
    name_en: str
    email: str


CUSTOMER_SERVICE = Department(
    "Kundenservice", "Customer service", "kundenservice@muster-versicherung.example"
)
HEALTH_CLAIMS = Department(
    "Leistungsabteilung Krankenversicherung",
    "Health insurance benefits department",
    "leistung-kranken@muster-versicherung.example",
)
CLAIMS = Department("Schadenabteilung", "Claims department", "schaden@muster-versicherung.example")


@dataclass(frozen=True)
class MessageCategory:
    code: MessageCategoryCode
    label: str
    label_en: str
    department: Department
    """Receives the message; for `to_agent` categories only when the customer has no agent."""
    to_agent: bool = False
    fixed_subject: str | None = None


CATEGORIES: tuple[MessageCategory, ...] = (
    MessageCategory(
        MessageCategoryCode.CONTRACT_ADVICE, "Vertrag / Beratung", "Contract / advice", CUSTOMER_SERVICE, True
    ),
    MessageCategory(
        MessageCategoryCode.APPOINTMENT,
        "Termin vereinbaren",
        "Book an appointment",
        CUSTOMER_SERVICE,
        True,
        APPOINTMENT_SUBJECT,
    ),
    MessageCategory(
        MessageCategoryCode.OFFER, "Angebot anfordern", "Request an offer", CUSTOMER_SERVICE, True
    ),
    MessageCategory(
        MessageCategoryCode.HEALTH_BENEFITS,
        "Leistungen Krankenversicherung",
        "Health insurance benefits",
        HEALTH_CLAIMS,
    ),
    MessageCategory(MessageCategoryCode.CLAIM, "Schaden / Leistungsfall", "Claim", CLAIMS),
    MessageCategory(
        MessageCategoryCode.PERSONAL_DATA, "Persönliche Daten", "Personal data", CUSTOMER_SERVICE
    ),
    MessageCategory(
        MessageCategoryCode.PORTAL, "Fragen zum Kundenportal", "Questions about the portal", CUSTOMER_SERVICE
    ),
    MessageCategory(MessageCategoryCode.OTHER, "Sonstiges", "Other", CUSTOMER_SERVICE, True),
)

BY_CODE: dict[MessageCategoryCode, MessageCategory] = {category.code: category for category in CATEGORIES}
