"""The ARK certificate as a PDF (D7), one per language, written with fpdf2. The core Helvetica font
needs no font file and covers Latin-1, which holds every letter of German, English, Spanish and French;
other characters (a name from elsewhere, typographic quotes) are brought down to their closest Latin-1
form. The output is deterministic for the same input, so a retried bot files the same bytes."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal
from fpdf import FPDF

from bff.backends.models import CompanyContact, TravelCoverage
from bff.domain.ark import country_name
from bff.domain.formatting import international_phone


@dataclass(frozen=True)
class CertificateTexts:
    title: str
    subtitle: str
    insurer: str
    policy_number: str
    insured_persons: str
    born: str
    travel_period: str
    period: str  # "{start}" and "{end}"
    destination: str
    maximum: str  # "{days}"
    coverage: str
    issued_on: str
    reference: str
    footer: str
    contact: str
    emergency: str  # "{phone}"
    scope: str
    sum_insured: str
    unlimited: str
    passport: str
    coverages: dict[TravelCoverage, str]
    verify: str  # "{url}"
    verification_code: str


TEXTS: dict[str, CertificateTexts] = {
    "de": CertificateTexts(
        title="Reisekrankenversicherungs-Bescheinigung",
        subtitle="Bescheinigung über den Versicherungsschutz in der Auslandsreisekrankenversicherung",
        insurer="Versicherer",
        policy_number="Versicherungsnummer",
        insured_persons="Versicherte Personen",
        born="geb. am",
        travel_period="Reisezeitraum",
        period="{start} bis {end}",
        destination="Reiseland",
        maximum="Versichert sind Reisen von bis zu {days} Tagen Dauer.",
        coverage="Hiermit bestätigen wir, dass die oben genannten Personen für die angegebene Reise "
        "Versicherungsschutz in der Auslandsreisekrankenversicherung haben. Versichert sind die Kosten "
        "medizinisch notwendiger Heilbehandlungen im Ausland einschließlich Krankenhausaufenthalten sowie "
        "der medizinisch sinnvolle Rücktransport.",
        issued_on="Ausgestellt am",
        reference="Bescheinigungs-Nr.",
        footer="Diese Bescheinigung wurde maschinell erstellt und ist ohne Unterschrift gültig.",
        contact="Anschrift und Kontakt",
        emergency="24-Stunden-Notrufservice weltweit: {phone}",
        scope="Versicherungsumfang",
        sum_insured="Versicherungssumme je Versicherungsfall",
        unlimited="unbegrenzt",
        passport="Pass-Nr.",
        verify="Echtheit und Gültigkeit prüfen: {url}",
        verification_code="Prüfcode",
        coverages={
            TravelCoverage.OUTPATIENT: "ambulante ärztliche Behandlung",
            TravelCoverage.INPATIENT: "stationäre Behandlung im Krankenhaus",
            TravelCoverage.MEDICINES: "ärztlich verordnete Arznei- und Verbandmittel",
            TravelCoverage.DENTAL: "schmerzstillende Zahnbehandlung",
            TravelCoverage.REPATRIATION: "medizinisch sinnvoller Rücktransport",
        },
    ),
    "en": CertificateTexts(
        title="Certificate of travel health insurance",
        subtitle="Confirmation of cover under a travel health insurance policy",
        insurer="Insurer",
        policy_number="Policy number",
        insured_persons="Insured persons",
        born="born",
        travel_period="Travel period",
        period="{start} to {end}",
        destination="Destination country",
        maximum="Trips of up to {days} days are covered.",
        coverage="We hereby confirm that the persons named above are covered by travel health insurance "
        "for the trip stated. Cover includes the costs of medically necessary treatment abroad, including "
        "hospital stays, and of medically appropriate repatriation.",
        issued_on="Issued on",
        reference="Certificate no.",
        footer="This certificate was produced automatically and is valid without a signature.",
        contact="Address and contact",
        emergency="24-hour emergency service worldwide: {phone}",
        scope="Scope of cover",
        sum_insured="Sum insured per insured event",
        unlimited="unlimited",
        passport="Passport no.",
        verify="Check that this certificate is genuine and valid: {url}",
        verification_code="Verification code",
        coverages={
            TravelCoverage.OUTPATIENT: "outpatient medical treatment",
            TravelCoverage.INPATIENT: "inpatient hospital treatment",
            TravelCoverage.MEDICINES: "prescribed medicines and dressings",
            TravelCoverage.DENTAL: "pain-relieving dental treatment",
            TravelCoverage.REPATRIATION: "medically appropriate repatriation",
        },
    ),
    "es": CertificateTexts(
        title="Certificado de seguro de viaje de enfermedad",
        subtitle="Confirmación de cobertura del seguro de enfermedad para viajes al extranjero",
        insurer="Aseguradora",
        policy_number="Número de póliza",
        insured_persons="Personas aseguradas",
        born="nacido/a el",
        travel_period="Periodo del viaje",
        period="del {start} al {end}",
        destination="País de destino",
        maximum="Están cubiertos los viajes de hasta {days} días de duración.",
        coverage="Por la presente confirmamos que las personas arriba mencionadas están cubiertas por el "
        "seguro de enfermedad para viajes al extranjero durante el viaje indicado. La cobertura incluye los "
        "gastos de los tratamientos médicamente necesarios en el extranjero, incluida la hospitalización, "
        "así como la repatriación médicamente aconsejable.",
        issued_on="Expedido el",
        reference="Certificado n.º",
        footer="Este certificado se ha generado automáticamente y es válido sin firma.",
        contact="Dirección y contacto",
        emergency="Servicio de urgencias 24 horas en todo el mundo: {phone}",
        scope="Alcance de la cobertura",
        sum_insured="Suma asegurada por siniestro",
        unlimited="ilimitada",
        passport="Pasaporte n.º",
        verify="Compruebe la autenticidad y validez: {url}",
        verification_code="Código de verificación",
        coverages={
            TravelCoverage.OUTPATIENT: "tratamiento médico ambulatorio",
            TravelCoverage.INPATIENT: "tratamiento hospitalario",
            TravelCoverage.MEDICINES: "medicamentos y material de curas prescritos",
            TravelCoverage.DENTAL: "tratamiento dental analgésico",
            TravelCoverage.REPATRIATION: "repatriación médicamente aconsejable",
        },
    ),
    "fr": CertificateTexts(
        title="Attestation d'assurance maladie voyage",
        subtitle="Attestation de couverture au titre de l'assurance maladie voyage à l'étranger",
        insurer="Assureur",
        policy_number="Numéro de police",
        insured_persons="Personnes assurées",
        born="né(e) le",
        travel_period="Période du voyage",
        period="du {start} au {end}",
        destination="Pays de destination",
        maximum="Les voyages d'une durée maximale de {days} jours sont couverts.",
        coverage="Nous certifions par la présente que les personnes mentionnées ci-dessus sont couvertes "
        "par l'assurance maladie voyage pour le voyage indiqué. La couverture comprend les frais des "
        "traitements médicalement nécessaires à l'étranger, y compris l'hospitalisation, ainsi que le "
        "rapatriement médicalement justifié.",
        issued_on="Établi le",
        reference="Attestation n°",
        footer="Cette attestation a été établie automatiquement et est valable sans signature.",
        contact="Adresse et contact",
        emergency="Service d'urgence 24h/24 dans le monde entier : {phone}",
        scope="Étendue de la couverture",
        sum_insured="Somme assurée par sinistre",
        unlimited="illimitée",
        passport="Passeport n°",
        verify="Vérifier l'authenticité et la validité : {url}",
        verification_code="Code de vérification",
        coverages={
            TravelCoverage.OUTPATIENT: "soins médicaux ambulatoires",
            TravelCoverage.INPATIENT: "hospitalisation",
            TravelCoverage.MEDICINES: "médicaments et pansements prescrits",
            TravelCoverage.DENTAL: "soins dentaires antidouleur",
            TravelCoverage.REPATRIATION: "rapatriement médicalement justifié",
        },
    ),
}
_DATE_LOCALES = {"de": "de_DE", "en": "en_GB", "es": "es_ES", "fr": "fr_FR"}
_TO_LATIN1 = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "€": "EUR"}
    | {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Œ": "OE", "œ": "oe", "ı": "i"}
)


@dataclass(frozen=True)
class InsuredPerson:
    name: str
    birth_date: date | None
    passport_number: str | None = None


@dataclass(frozen=True)
class Certificate:
    """What one certificate says, whatever its language."""

    insurer: str
    insurer_contact: CompanyContact | None
    emergency_phone: str | None  # E.164
    policy_number: str
    persons: tuple[InsuredPerson, ...]
    travel_start: date
    travel_end: date
    country: str  # ISO 3166 alpha-2
    max_trip_days: int
    sum_insured: Decimal | None  # EUR per insured event; None: unlimited
    coverages: tuple[TravelCoverage, ...]
    issued_at: datetime
    reference: str
    verification_code: str
    verification_url: str


def latin1(text: str) -> str:
    """`text` in Latin-1: typographic marks become plain ones, other letters their base letter; what has
    none becomes '?', which keeps the rest of a name readable."""
    out = []
    for char in text.translate(_TO_LATIN1):
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            out.append(base if base and base.isascii() else "?")
    return "".join(out)


def long_date(day: date, language: str) -> str:
    return format_date(day, format="long", locale=_DATE_LOCALES[language])


def _contact_lines(contact: CompanyContact, language: str) -> list[str]:
    country = country_name(contact.country, language)
    return [
        f"{contact.street} {contact.house_number}, {contact.postal_code} {contact.city}, {country}",
        f"{international_phone(contact.phone)} · {contact.email}",
    ]


def _sum_insured(amount: Decimal | None, texts: CertificateTexts, language: str) -> str:
    if amount is None:
        return texts.unlimited
    return f"{format_decimal(amount, format='#,##0', locale=_DATE_LOCALES[language])} EUR"


def render_certificate(certificate: Certificate, language: str) -> bytes:
    """One A4 page in `language` (de, en, es or fr)."""
    texts = TEXTS[language]
    pdf = FPDF(format="A4")
    pdf.set_creation_date(certificate.issued_at)
    pdf.set_title(latin1(texts.title))
    pdf.set_author(latin1(certificate.insurer))
    pdf.set_lang(language)
    pdf.set_margins(20, 20, 20)
    pdf.add_page()

    def line(text: str, *, size: float = 10, style: str = "", gap: float = 0) -> None:
        pdf.set_font("Helvetica", style=style, size=size)
        pdf.multi_cell(0, size * 0.5, latin1(text), new_x="LMARGIN", new_y="NEXT")
        if gap:
            pdf.ln(gap)

    def field(label: str, value: str) -> None:
        line(label, size=9, style="B")
        line(value, gap=2)

    line(certificate.insurer, size=10, gap=5)
    line(texts.title, size=16, style="B", gap=1)
    line(texts.subtitle, size=10, gap=6)
    line(texts.insurer, size=9, style="B")
    line(certificate.insurer)
    if certificate.insurer_contact is not None:
        for text in _contact_lines(certificate.insurer_contact, language):
            line(text)
    pdf.ln(2)
    if certificate.emergency_phone:
        line(texts.emergency.format(phone=international_phone(certificate.emergency_phone)), style="B", gap=3)
    field(texts.policy_number, certificate.policy_number)
    line(texts.insured_persons, size=9, style="B")
    for person in certificate.persons:
        born = f", {texts.born} {long_date(person.birth_date, language)}" if person.birth_date else ""
        passport = f", {texts.passport} {person.passport_number}" if person.passport_number else ""
        line(f"{person.name}{born}{passport}")
    pdf.ln(2)
    start, end = long_date(certificate.travel_start, language), long_date(certificate.travel_end, language)
    field(texts.travel_period, texts.period.format(start=start, end=end))
    field(texts.destination, country_name(certificate.country, language))
    line(texts.coverage, gap=1)
    line(texts.maximum.format(days=certificate.max_trip_days), gap=2)
    if certificate.coverages:
        field(texts.scope, "; ".join(texts.coverages[coverage] for coverage in certificate.coverages))
    field(texts.sum_insured, _sum_insured(certificate.sum_insured, texts, language))
    field(texts.issued_on, long_date(certificate.issued_at.date(), language))
    field(texts.reference, certificate.reference)
    field(texts.verification_code, certificate.verification_code)
    line(texts.verify.format(url=certificate.verification_url), size=9, gap=4)
    line(texts.footer, size=8)
    return bytes(pdf.output())
