"""Claims and benefit cases with status-consistent dates and payments (E1, E3, B7)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import msgspec

from bff.backends.models import (
    ClaimKind,
    ClaimStatus,
    ContractStatus,
    Direction,
    LegalClaimFacts,
    LegalService,
)
from bff.simulator.seeding.builder import CustomerBuilder
from bff.simulator.seeding.catalog import LINES
from bff.simulator.seeding.facts import german_date
from bff.simulator.seeding.rows import CENT, ContractRef

OPEN_STATUSES = frozenset(
    {ClaimStatus.REPORTED, ClaimStatus.IN_REVIEW, ClaimStatus.WAITING_FOR_DOCUMENTS, ClaimStatus.APPROVED}
)
_STATUS_WEIGHTS: dict[ClaimStatus, int] = {
    ClaimStatus.PAID: 40,
    ClaimStatus.CLOSED: 15,
    ClaimStatus.REJECTED: 10,
    ClaimStatus.REPORTED: 8,
    ClaimStatus.IN_REVIEW: 12,
    ClaimStatus.WAITING_FOR_DOCUMENTS: 8,
    ClaimStatus.APPROVED: 7,
}
_AMOUNTS: dict[ClaimKind, tuple[int, int]] = {
    ClaimKind.PROPERTY: (150, 8_000),
    ClaimKind.MOTOR: (250, 6_500),
    ClaimKind.HEALTH: (40, 3_500),
    ClaimKind.TRAVEL_HEALTH: (80, 2_500),
    ClaimKind.LIFE: (5_000, 90_000),
    ClaimKind.LEGAL_EXPENSES: (180, 4_500),
}
_LEGAL_SERVICES: dict[LegalService, int] = {
    LegalService.STANDARD: 60,
    LegalService.JURWAY: 15,
    LegalService.JURLINE: 10,
    LegalService.SERVICE_55PLUS: 5,
    LegalService.REPUTATION_SERVICE: 5,
    LegalService.BONUS_ADVICE: 5,
}
LEGAL_SERVICE_TEXT: dict[LegalService, str] = {
    LegalService.JURWAY: "Online-Rechtsberatung (JurWay)",
    LegalService.JURLINE: "Telefonische Rechtsberatung (JurLine)",
    LegalService.SERVICE_55PLUS: "Vorsorge-Service 55plus",
    LegalService.REPUTATION_SERVICE: "Reputationsschutz (Löschung von Online-Inhalten)",
    LegalService.BONUS_ADVICE: "Bonus-Rechtsberatung",
}


def claim(
    b: CustomerBuilder,
    c: ContractRef,
    *,
    status: ClaimStatus,
    occurred: date,
    benefit_type: str | None = None,
    amount: Decimal | None = None,
    legal: LegalClaimFacts | None = None,
    documents: bool = True,
) -> str:
    """One claim on contract `c`; dates, completion and payments follow from its status."""
    rng, today = b.rng, b.today
    kind = LINES[c.line].claim_kind or ClaimKind.PROPERTY
    benefit_type = benefit_type or rng.choice(LINES[c.line].benefit_types or ("Leistungsfall",))
    seq = b.next("claim")
    claim_id, number = f"cl-{b.number}-{seq:03d}", f"S{occurred.year}-{b.number}{seq:03d}"
    reported = min(occurred + timedelta(days=rng.randint(0, 6)), today)
    if amount is None:
        low, high = _AMOUNTS[kind]
        amount = legal.costs_net if legal else Decimal(rng.randint(low * 100, high * 100)) / 100
    amount = amount.quantize(CENT)
    expected = closed = None
    payments: list[tuple[date, Decimal]] = []
    if status in OPEN_STATUSES:
        expected = today + timedelta(days=rng.randint(7, 45))
        if status is ClaimStatus.APPROVED and amount > 0:
            payments.append((min(reported + timedelta(days=rng.randint(3, 10)), today), amount))
    else:
        closed = min(reported + timedelta(days=rng.randint(10, 75)), today)
        if status in (ClaimStatus.PAID, ClaimStatus.CLOSED) and amount > 0:
            if status is ClaimStatus.PAID and amount > 1_000 and rng.random() < 0.5:
                advance = (amount * Decimal("0.4")).quantize(CENT)
                payments.append((min(reported + timedelta(days=7), closed), advance))
                payments.append((closed, amount - advance))
            else:
                payments.append((closed, amount))
    b.rows.claims.append(
        {
            "id": claim_id,
            "claim_number": number,
            "contract_id": c.id,
            "kind": kind.value,
            "benefit_type": benefit_type,
            "status": status.value,
            "occurred_on": occurred,
            "reported_on": reported,
            "expected_completion": expected,
            "closed_on": closed,
            "payments": [
                {"paid_on": day.isoformat(), "amount": str(value), "currency": "EUR"}
                for day, value in payments
            ],
            "legal": msgspec.to_builtins(legal) if legal else None,
            # G3: an open claim keeps the expected amount less what was paid set aside; a closed one 0.
            "reserve_cents": int((amount - sum(v for _, v in payments)) * 100) if expected else 0,
        }
    )
    if documents:
        _claim_documents(
            b, c, kind=kind, number=number, benefit_type=benefit_type, reported=reported, payments=payments
        )
    return claim_id


def _claim_documents(
    b: CustomerBuilder,
    c: ContractRef,
    *,
    kind: ClaimKind,
    number: str,
    benefit_type: str,
    reported: date,
    payments: list[tuple[date, Decimal]],
) -> None:
    if kind in (ClaimKind.HEALTH, ClaimKind.TRAVEL_HEALTH):
        b.document(
            "NACHRICHT",
            f"Rechnungen eingereicht: {benefit_type}",
            reported,
            contract_id=c.id,
            direction=Direction.INBOUND,
        )
        for paid_on, _ in payments:
            b.document(
                "LEISTUNGSABRECHNUNG",
                f"Leistungsabrechnung vom {german_date(paid_on)} – {benefit_type}",
                paid_on,
                contract_id=c.id,
            )
        return
    label = "Ihr Rechtsschutzfall" if kind is ClaimKind.LEGAL_EXPENSES else "Ihre Schadenmeldung"
    b.document(
        "SCHADENMITTEILUNG",
        f"{label} {number}: {benefit_type}",
        reported + timedelta(days=b.rng.randint(1, 3)),
        contract_id=c.id,
    )


def random_legal_facts(b: CustomerBuilder, status: ClaimStatus) -> tuple[LegalClaimFacts, str | None]:
    """Legal facts for a generated legal claim, and the benefit type if the service implies one."""
    service = b.rng.choices(list(_LEGAL_SERVICES), weights=list(_LEGAL_SERVICES.values()))[0]
    if service is LegalService.STANDARD:
        settled = status not in OPEN_STATUSES and status is not ClaimStatus.REJECTED
        costs = Decimal(b.rng.randint(18_000, 450_000)) / 100 if settled else Decimal(0)
        committed = status not in (ClaimStatus.REJECTED, ClaimStatus.REPORTED)
        return LegalClaimFacts(service=service, costs_net=costs, cost_commitment=committed), None
    costs = Decimal(b.rng.randint(0, 15_000)) / 100
    return LegalClaimFacts(service=service, costs_net=costs, cost_commitment=True), LEGAL_SERVICE_TEXT[
        service
    ]


def random_claims(b: CustomerBuilder, c: ContractRef, count: int, *, documents: bool = True) -> None:
    """Up to `count` claims with a realistic status mix, dated inside the contract's life."""
    if LINES[c.line].claim_kind is None:
        return
    end = min(b.today, c.expiry) if c.status is ContractStatus.ENDED and c.expiry else b.today
    for _ in range(count):
        status = b.rng.choices(list(_STATUS_WEIGHTS), weights=list(_STATUS_WEIGHTS.values()))[0]
        if c.status is ContractStatus.ENDED or (b.today - c.start).days < 120:
            status = ClaimStatus.PAID if c.status is ContractStatus.ENDED else ClaimStatus.IN_REVIEW
        if status in OPEN_STATUSES:
            low, high = max(c.start, b.today - timedelta(days=60)), b.today - timedelta(days=2)
        else:
            low, high = max(c.start, b.today - timedelta(days=4 * 365)), end - timedelta(days=80)
        if high <= low:
            continue
        occurred = low + timedelta(days=b.rng.randint(0, (high - low).days))
        legal, benefit = (None, None)
        if LINES[c.line].claim_kind is ClaimKind.LEGAL_EXPENSES:
            legal, benefit = random_legal_facts(b, status)
        claim(b, c, status=status, occurred=occurred, benefit_type=benefit, legal=legal, documents=documents)
