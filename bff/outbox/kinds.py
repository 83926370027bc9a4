"""How a customer's request of each kind is named in the portal (German first, English second)."""

from __future__ import annotations

from bff.backends.models import ServiceRequestKind

TITLES: dict[ServiceRequestKind, tuple[str, str]] = {
    ServiceRequestKind.BANK_CHANGE: ("Änderung der Bankverbindung", "Change of bank details"),
    ServiceRequestKind.ADDRESS_CHANGE: ("Änderung der Anschrift", "Change of address"),
    ServiceRequestKind.PERSONAL_DATA_CHANGE: ("Änderung persönlicher Daten", "Change of personal data"),
    ServiceRequestKind.COMMUNICATION_CHANGE: ("Änderung der Kontaktdaten", "Change of contact details"),
    ServiceRequestKind.ARK_CERTIFICATE: (
        "Bescheinigung Auslandsreisekrankenversicherung",
        "Travel health insurance certificate",
    ),
    ServiceRequestKind.INVOICE_SUBMISSION: ("Einreichung von Rechnungen", "Submission of invoices"),
    ServiceRequestKind.MESSAGE: ("Nachricht", "Message"),
    ServiceRequestKind.CONSENT_CHANGE: ("Änderung der Einwilligungen", "Change of consents"),
    ServiceRequestKind.DELIVERY_CHANNEL_CHANGE: ("Änderung des Versandwegs", "Change of delivery channel"),
}


def title_of(kind: ServiceRequestKind) -> tuple[str, str]:
    return TITLES[kind]


# Which upstream record a kind of request writes: requests of one person to the same record are
# delivered one at a time in submission order (a withdrawal never overtaken by the consent before it).
# Kinds not listed (messages, certificates, invoices) create something new each time and need no order.
_RECORDS: dict[ServiceRequestKind, str] = {
    ServiceRequestKind.BANK_CHANGE: "bank",
    ServiceRequestKind.ADDRESS_CHANGE: "person",
    ServiceRequestKind.PERSONAL_DATA_CHANGE: "person",
    ServiceRequestKind.COMMUNICATION_CHANGE: "person",
    ServiceRequestKind.CONSENT_CHANGE: "person",
    ServiceRequestKind.DELIVERY_CHANNEL_CHANGE: "person",
}


def ordering_key(kind: ServiceRequestKind, person_id: str) -> str | None:
    record = _RECORDS.get(kind)
    return f"{record}:{person_id}" if record else None
