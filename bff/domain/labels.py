"""Display texts, German first and English second (DOMAIN: names in the API are English,
user-facing text German first). Keyed by the upstream codes."""

from __future__ import annotations

from bff.backends.models import ClaimStatus, ContractStatus, Line, PaymentFrequency

Label = tuple[str, str]  # (de, en)

LINE_LABELS: dict[Line, Label] = {
    Line.LIABILITY: ("Privathaftpflicht", "Personal liability"),
    Line.MOTOR: ("Kfz-Versicherung", "Motor insurance"),
    Line.ACCIDENT: ("Unfallversicherung", "Accident insurance"),
    Line.LEGAL_EXPENSES: ("Rechtsschutz", "Legal expenses insurance"),
    Line.HOUSEHOLD: ("Hausratversicherung", "Household contents insurance"),
    Line.BUILDING: ("Wohngebäudeversicherung", "Building insurance"),
    Line.CARE: ("Pflegeversicherung", "Long-term care insurance"),
    Line.DISABILITY: ("Berufsunfähigkeitsversicherung", "Disability insurance"),
    Line.LIFE: ("Lebensversicherung", "Life insurance"),
    Line.PENSION: ("Rentenversicherung", "Pension insurance"),
    Line.HEALTH_FULL: ("Krankenvollversicherung", "Comprehensive health insurance"),
    Line.HEALTH_SUPPLEMENTARY: ("Krankenzusatzversicherung", "Supplementary health insurance"),
    Line.TRAVEL_HEALTH: ("Auslandsreisekrankenversicherung", "Travel health insurance"),
    Line.SAVINGS: ("Sparen und Anlegen", "Savings"),
    Line.ASSISTANCE: ("Schutzbrief", "Assistance cover"),
}

CONTRACT_STATUS_LABELS: dict[ContractStatus, Label] = {
    ContractStatus.ACTIVE: ("Aktiv", "Active"),
    ContractStatus.SUSPENDED: ("Beitragsfrei", "Paid-up"),
    ContractStatus.CANCELLED: ("Gekündigt", "Cancelled"),
    ContractStatus.ENDED: ("Beendet", "Ended"),
}

PAYMENT_FREQUENCY_LABELS: dict[PaymentFrequency, Label] = {
    PaymentFrequency.MONTHLY: ("monatlich", "monthly"),
    PaymentFrequency.QUARTERLY: ("vierteljährlich", "quarterly"),
    PaymentFrequency.HALF_YEARLY: ("halbjährlich", "half-yearly"),
    PaymentFrequency.YEARLY: ("jährlich", "yearly"),
    PaymentFrequency.SINGLE: ("Einmalbeitrag", "single premium"),
    PaymentFrequency.NONE: ("beitragsfrei", "no premium"),
}

CLAIM_STATUS_LABELS: dict[ClaimStatus, Label] = {
    ClaimStatus.REPORTED: ("Gemeldet", "Reported"),
    ClaimStatus.IN_REVIEW: ("In Prüfung", "In review"),
    ClaimStatus.WAITING_FOR_DOCUMENTS: ("Unterlagen fehlen", "Waiting for documents"),
    ClaimStatus.APPROVED: ("Bewilligt", "Approved"),
    ClaimStatus.PAID: ("Ausgezahlt", "Paid"),
    ClaimStatus.REJECTED: ("Abgelehnt", "Rejected"),
    ClaimStatus.CLOSED: ("Abgeschlossen", "Closed"),
}

# B7: the legal-expenses modules (Bausteine) by the policy system's codes.
LEGAL_MODULE_LABELS: dict[str, Label] = {
    "PRIVAT": ("Privat-Rechtsschutz", "Private legal protection"),
    "BERUF": ("Berufs-Rechtsschutz", "Employment legal protection"),
    "VERKEHR": ("Verkehrs-Rechtsschutz", "Traffic legal protection"),
    "IMMOBILIEN": ("Immobilien-Rechtsschutz", "Property legal protection"),
    "FIRMEN": ("Firmen-Rechtsschutz", "Business legal protection"),
    "55PLUS": ("Rechtsschutz 55+", "Legal protection 55+"),
}


def legal_module_label(code: str, locale: str) -> str:
    """A module the list does not know yet shows as a word, never as the upper-case code."""
    return pick(LEGAL_MODULE_LABELS.get(code, (code.capitalize(), code.capitalize())), locale)


# C1: the postbox shows clear-text names instead of the DMS's internal content types.
DOCUMENT_TYPE_LABELS: dict[str, Label] = {
    "POLICE": ("Versicherungsschein", "Policy document"),
    "NACHTRAG": ("Nachtrag zum Versicherungsschein", "Policy addendum"),
    "BEITRAGSRECHNUNG": ("Beitragsrechnung", "Premium invoice"),
    "BEITRAGSANPASSUNG": ("Beitragsanpassung", "Premium adjustment"),
    "LEISTUNGSABRECHNUNG": ("Leistungsabrechnung", "Benefit statement"),
    "SCHADENMITTEILUNG": ("Schadenmitteilung", "Claim notice"),
    "KUENDIGUNGSBESTAETIGUNG": ("Kündigungsbestätigung", "Cancellation confirmation"),
    "VERTRAGSINFORMATION": ("Vertragsinformation", "Contract information"),
    "JAHRESKONTOAUSZUG": ("Jahreskontoauszug", "Annual account statement"),
    "DATENSCHUTZHINWEIS": ("Datenschutzhinweise", "Privacy notice"),
    "NACHRICHT": ("Nachricht", "Message"),
    "ARK_ZERTIFIKAT": ("Reiseversicherungsbescheinigung", "Travel insurance certificate"),
    "AENDERUNGSBESTAETIGUNG": ("Änderungsbestätigung", "Change confirmation"),
    "MAHNUNG": ("Zahlungserinnerung", "Payment reminder"),
    "STANDMITTEILUNG": ("Standmitteilung", "Annual status report"),
}
UNKNOWN_DOCUMENT_LABEL: Label = ("Dokument", "Document")


def pick(label: Label, locale: str) -> str:
    return label[1] if locale.startswith("en") else label[0]


def document_label(content_type: str, locale: str) -> str:
    return pick(DOCUMENT_TYPE_LABELS.get(content_type, UNKNOWN_DOCUMENT_LABEL), locale)
