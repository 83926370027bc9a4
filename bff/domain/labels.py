"""Display texts keyed by the upstream codes: German msgids of the catalogue (bff/i18n), translated where
they are shown (DOMAIN: names in the API are English, user-facing text German first)."""

from __future__ import annotations

from bff.backends.models import ClaimStatus, ContractStatus, Line, PaymentFrequency
from bff.i18n import N_, translate

Label = str  # a German msgid

LINE_LABELS: dict[Line, Label] = {
    Line.LIABILITY: N_("Privathaftpflicht"),
    Line.MOTOR: N_("Kfz-Versicherung"),
    Line.ACCIDENT: N_("Unfallversicherung"),
    Line.LEGAL_EXPENSES: N_("Rechtsschutz"),
    Line.HOUSEHOLD: N_("Hausratversicherung"),
    Line.BUILDING: N_("Wohngebäudeversicherung"),
    Line.CARE: N_("Pflegeversicherung"),
    Line.DISABILITY: N_("Berufsunfähigkeitsversicherung"),
    Line.LIFE: N_("Lebensversicherung"),
    Line.PENSION: N_("Rentenversicherung"),
    Line.HEALTH_FULL: N_("Krankenvollversicherung"),
    Line.HEALTH_SUPPLEMENTARY: N_("Krankenzusatzversicherung"),
    Line.TRAVEL_HEALTH: N_("Auslandsreisekrankenversicherung"),
    Line.SAVINGS: N_("Sparen und Anlegen"),
    Line.ASSISTANCE: N_("Schutzbrief"),
}

CONTRACT_STATUS_LABELS: dict[ContractStatus, Label] = {
    ContractStatus.ACTIVE: N_("Aktiv"),
    ContractStatus.SUSPENDED: N_("Beitragsfrei"),
    ContractStatus.CANCELLED: N_("Gekündigt"),
    ContractStatus.ENDED: N_("Beendet"),
}

PAYMENT_FREQUENCY_LABELS: dict[PaymentFrequency, Label] = {
    PaymentFrequency.MONTHLY: N_("monatlich"),
    PaymentFrequency.QUARTERLY: N_("vierteljährlich"),
    PaymentFrequency.HALF_YEARLY: N_("halbjährlich"),
    PaymentFrequency.YEARLY: N_("jährlich"),
    PaymentFrequency.SINGLE: N_("Einmalbeitrag"),
    PaymentFrequency.NONE: N_("beitragsfrei"),
}

CLAIM_STATUS_LABELS: dict[ClaimStatus, Label] = {
    ClaimStatus.REPORTED: N_("Gemeldet"),
    ClaimStatus.IN_REVIEW: N_("In Prüfung"),
    ClaimStatus.WAITING_FOR_DOCUMENTS: N_("Unterlagen fehlen"),
    ClaimStatus.APPROVED: N_("Bewilligt"),
    ClaimStatus.PAID: N_("Ausgezahlt"),
    ClaimStatus.REJECTED: N_("Abgelehnt"),
    ClaimStatus.CLOSED: N_("Abgeschlossen"),
}

# B7: the legal-expenses modules (Bausteine) by the policy system's codes.
LEGAL_MODULE_LABELS: dict[str, Label] = {
    "PRIVAT": N_("Privat-Rechtsschutz"),
    "BERUF": N_("Berufs-Rechtsschutz"),
    "VERKEHR": N_("Verkehrs-Rechtsschutz"),
    "IMMOBILIEN": N_("Immobilien-Rechtsschutz"),
    "FIRMEN": N_("Firmen-Rechtsschutz"),
    "55PLUS": N_("Rechtsschutz 55+"),
}


def legal_module_label(code: str, locale: str) -> str:
    """A module the list does not know yet shows as a word, never as the upper-case code."""
    return pick(LEGAL_MODULE_LABELS[code], locale) if code in LEGAL_MODULE_LABELS else code.capitalize()


# C1: the postbox shows clear-text names instead of the DMS's internal content types.
DOCUMENT_TYPE_LABELS: dict[str, Label] = {
    "POLICE": N_("Versicherungsschein"),
    "NACHTRAG": N_("Nachtrag zum Versicherungsschein"),
    "BEITRAGSRECHNUNG": N_("Beitragsrechnung"),
    "BEITRAGSANPASSUNG": N_("Beitragsanpassung"),
    "LEISTUNGSABRECHNUNG": N_("Leistungsabrechnung"),
    "SCHADENMITTEILUNG": N_("Schadenmitteilung"),
    "KUENDIGUNGSBESTAETIGUNG": N_("Kündigungsbestätigung"),
    "VERTRAGSINFORMATION": N_("Vertragsinformation"),
    "JAHRESKONTOAUSZUG": N_("Jahreskontoauszug"),
    "DATENSCHUTZHINWEIS": N_("Datenschutzhinweise"),
    "NACHRICHT": N_("Nachricht"),
    "ARK_ZERTIFIKAT": N_("Reiseversicherungsbescheinigung"),
    "AENDERUNGSBESTAETIGUNG": N_("Änderungsbestätigung"),
    "MAHNUNG": N_("Zahlungserinnerung"),
    "STANDMITTEILUNG": N_("Standmitteilung"),
}
UNKNOWN_DOCUMENT_LABEL: Label = N_("Dokument")


def pick(label: Label, locale: str) -> str:
    return translate(label, "en" if locale.startswith("en") else "de")


def document_label(content_type: str, locale: str) -> str:
    return pick(DOCUMENT_TYPE_LABELS.get(content_type, UNKNOWN_DOCUMENT_LABEL), locale)
