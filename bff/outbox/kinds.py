"""How a customer's request of each kind is named in the portal (msgids of the catalogue, bff/i18n)."""

from __future__ import annotations

from bff.backends.models import ServiceRequestKind
from bff.i18n import N_, both

TITLES: dict[ServiceRequestKind, str] = {
    ServiceRequestKind.BANK_CHANGE: N_("Änderung der Bankverbindung"),
    ServiceRequestKind.ADDRESS_CHANGE: N_("Änderung der Anschrift"),
    ServiceRequestKind.PERSONAL_DATA_CHANGE: N_("Änderung persönlicher Daten"),
    ServiceRequestKind.COMMUNICATION_CHANGE: N_("Änderung der Kontaktdaten"),
    ServiceRequestKind.ARK_CERTIFICATE: N_("Bescheinigung Auslandsreisekrankenversicherung"),
    ServiceRequestKind.INVOICE_SUBMISSION: N_("Einreichung von Rechnungen"),
    ServiceRequestKind.MESSAGE: N_("Nachricht"),
    ServiceRequestKind.CONSENT_CHANGE: N_("Änderung der Einwilligungen"),
    ServiceRequestKind.DELIVERY_CHANNEL_CHANGE: N_("Änderung des Versandwegs"),
}


def title_of(kind: ServiceRequestKind) -> tuple[str, str]:
    """(German, English)."""
    return both(TITLES[kind])


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
