"""Erika's claims in every status, her legal-expenses history (B7) and extra postbox items."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from bff.backends.models import ClaimStatus, Direction, LegalClaimFacts, LegalService
from bff.simulator.seeding.builder import CustomerBuilder
from bff.simulator.seeding.claims import LEGAL_SERVICE_TEXT, claim
from bff.simulator.seeding.documents import person_documents
from bff.simulator.seeding.rows import ContractRef

S, L = ClaimStatus, LegalService

# (contract key, status, days ago, benefit type, amount)
CLAIMS: tuple[tuple[str, ClaimStatus, int, str, str | None], ...] = (
    ("household", S.PAID, 400, "Leitungswasserschaden", "2380.00"),
    ("household", S.IN_REVIEW, 12, "Fahrraddiebstahl", None),
    ("motor", S.PAID, 200, "Glasbruch (Steinschlag)", "489.90"),
    ("motor", S.WAITING_FOR_DOCUMENTS, 25, "Wildunfall", None),
    ("liability", S.REJECTED, 300, "Schlüsselverlust", None),
    ("liability", S.REPORTED, 2, "Sachschaden bei Dritten", None),
    ("building", S.APPROVED, 40, "Sturmschaden", "3150.00"),
    ("accident", S.PAID, 700, "Unfall – Krankenhaustagegeld", "450.00"),
    ("health", S.PAID, 90, "Arztrechnung", "286.45"),
    ("health", S.IN_REVIEW, 15, "Krankenhausaufenthalt", None),
    ("health", S.CLOSED, 500, "Zahnbehandlung", "812.30"),
    ("dental", S.APPROVED, 30, "Zahnersatz", "1450.00"),
    ("ark", S.PAID, 190, "Arztbesuch im Ausland (Spanien)", "184.00"),  # hidden by the BFF (E1)
    ("disability", S.IN_REVIEW, 60, "Berufsunfähigkeitsrente", None),  # kind LIFE, hidden by the BFF (E1)
    ("schutzbrief", S.PAID, 150, "Pannenhilfe", "145.00"),
)

# (years after the contract start or None for "days ago", month/day or days ago, status, benefit, service,
#  costs without VAT, cost commitment)
LEGAL_CLAIMS: tuple[
    tuple[int | None, tuple[int, int] | int, ClaimStatus, str, LegalService, str, bool], ...
] = (
    (1, (3, 14), S.CLOSED, "Arbeitsrecht – Kündigungsschutz", L.STANDARD, "1840.00", True),
    (2, (6, 2), S.CLOSED, LEGAL_SERVICE_TEXT[L.JURWAY], L.JURWAY, "38.50", True),
    (3, (9, 20), S.CLOSED, "Verkehrsrecht – Bußgeldverfahren", L.STANDARD, "212.40", True),  # ≤ 250 €
    (4, (2, 11), S.CLOSED, LEGAL_SERVICE_TEXT[L.JURLINE], L.JURLINE, "25.00", True),
    (6, (4, 3), S.PAID, "Mietrecht – Nebenkostenabrechnung", L.STANDARD, "1265.80", True),
    (6, (10, 15), S.REJECTED, "Baurecht – Streit mit Bauträger", L.STANDARD, "0.00", False),
    (None, 20, S.APPROVED, "Vertragsrecht – Online-Kauf", L.STANDARD, "420.00", True),
)


def erika_claims(b: CustomerBuilder, contracts: dict[str, ContractRef]) -> None:
    today = b.today
    for key, status, days, benefit, amount in CLAIMS:
        claim(
            b,
            contracts[key],
            status=status,
            occurred=today - timedelta(days=days),
            benefit_type=benefit,
            amount=D(amount) if amount else None,
        )
    legal = contracts["legal"]
    for years, when, status, benefit, service, costs, committed in LEGAL_CLAIMS:
        if years is None:
            assert isinstance(when, int)
            occurred = today - timedelta(days=when)
        else:
            assert isinstance(when, tuple)
            occurred = date(legal.start.year + years, *when)
        facts = LegalClaimFacts(service=service, costs_net=D(costs), cost_commitment=committed)
        claim(b, legal, status=status, occurred=occurred, benefit_type=benefit, legal=facts)


def erika_postbox(b: CustomerBuilder, ark: ContractRef) -> None:
    """ARK certificates and messages; some recent ones unread."""
    today = b.today
    b.document(
        "ARK_ZERTIFIKAT",
        "Reiseversicherungszertifikat – Spanien (deutsch/spanisch)",
        today - timedelta(days=199),
        contract_id=ark.id,
    )
    b.document(
        "ARK_ZERTIFIKAT",
        "Reiseversicherungszertifikat – USA (deutsch/englisch)",
        today - timedelta(days=560),
        contract_id=ark.id,
    )
    person_documents(b, since=date(2008, 3, 1), messages=0)
    b.document(
        "NACHRICHT",
        "Frage zu meiner Beitragsrechnung",
        today - timedelta(days=70),
        direction=Direction.INBOUND,
    )
    b.document(
        "NACHRICHT", "Antwort auf Ihre Frage zur Beitragsrechnung", today - timedelta(days=68), read=True
    )
    b.document(
        "AENDERUNGSBESTAETIGUNG",
        "Bestätigung Ihrer Änderung der Kommunikationsdaten",
        today - timedelta(days=120),
        read=True,
    )
    b.document(
        "NACHRICHT", "Anfrage zu einem Termin", today - timedelta(days=10), direction=Direction.INBOUND
    )
    b.document("NACHRICHT", "Bestätigung Ihres Beratungstermins", today - timedelta(days=9), read=False)
