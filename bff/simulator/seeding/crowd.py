"""Generated customers: realistic German persons with a mix of contracts, documents and claims.

Each customer draws from its own random generator (and re-seeded Faker), so customer 200042 looks
the same whether 100 or 10,000 customers are generated.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from faker import Faker

from bff.backends.models import (
    AccountUsage,
    ContractStatus,
    DeliveryChannel,
    Line,
    MaritalStatus,
    RoleKind,
    SavingsKind,
    Title,
)
from bff.simulator.places import PLACES
from bff.simulator.seeding.banks import random_account
from bff.simulator.seeding.builder import CustomerBuilder
from bff.simulator.seeding.claims import random_claims
from bff.simulator.seeding.crm import add_impulses, agent_for, ascii_slug
from bff.simulator.seeding.documents import HEALTH_LINES, contract_documents, person_documents
from bff.simulator.seeding.rows import ContractRef, PersonRef, Rows, add_years
from bff.simulator.seeding.savings import savings_contract

FIRST_RANDOM_CUSTOMER = 200_001

LINE_WEIGHTS: dict[Line, int] = {
    Line.LIABILITY: 20,
    Line.HOUSEHOLD: 16,
    Line.MOTOR: 16,
    Line.LEGAL_EXPENSES: 10,
    Line.ACCIDENT: 8,
    Line.BUILDING: 6,
    Line.LIFE: 5,
    Line.PENSION: 6,
    Line.DISABILITY: 4,
    Line.HEALTH_SUPPLEMENTARY: 8,
    Line.HEALTH_FULL: 3,
    Line.CARE: 3,
    Line.TRAVEL_HEALTH: 7,
    Line.SAVINGS: 4,
    Line.ASSISTANCE: 5,
}
CONTRACT_COUNT_WEIGHTS = (14, 16, 15, 13, 10, 8, 6, 5, 4, 3, 3, 3)  # for 1..12 contracts
_TERM_LINES = frozenset({Line.LIFE, Line.PENSION, Line.DISABILITY})
_MOBILE_PREFIXES = ("151", "152", "157", "160", "162", "170", "171", "172", "175", "176", "177", "178", "179")


def customer_rng(seed: int, customer_number: int) -> random.Random:
    return random.Random(seed * 1_000_003 + customer_number)


def mobile_number(rng: random.Random) -> str:
    return f"+49{rng.choice(_MOBILE_PREFIXES)}{rng.randint(1_000_000, 99_999_999)}"


def random_person(b: CustomerBuilder, fake: Faker, *, agent_id: str) -> PersonRef:
    """The customer's own person row, with German name, address and contact data."""
    rng, today = b.rng, b.today
    female = rng.random() < 0.5
    first = fake.first_name_female() if female else fake.first_name_male()
    last = fake.last_name()
    roll = rng.random()
    title = Title.DR if roll < 0.03 else Title.PROF if roll < 0.035 else None
    birth = today - timedelta(days=rng.randint(19 * 365, 85 * 365))
    status = rng.choices(list(MaritalStatus), weights=(35, 45, 2, 12, 6))[0]
    since = None
    if status is not MaritalStatus.SINGLE:
        adult = add_years(birth, 19)
        since = adult + timedelta(days=rng.randint(0, max(1, (today - adult).days - 30)))
    place = rng.choice(PLACES)
    communications = [
        ("EMAIL", f"{ascii_slug(first)}.{ascii_slug(last)}{rng.randint(1, 99)}@example.org", True)
    ]
    if rng.random() < 0.85:
        communications.append(("MOBILE", mobile_number(rng), False))
    if rng.random() < 0.3:
        communications.append(("PHONE", f"+49{place.area_code}{rng.randint(2_000_000, 9_999_999)}", False))
    house = f"{rng.randint(1, 150)}{rng.choice('ab') if rng.random() < 0.08 else ''}"
    return b.person(
        customer=True,
        salutation="Frau" if female else "Herr",
        title=title,
        first_name=first,
        last_name=last,
        birth_date=birth,
        marital_status=status,
        marital_status_since=since,
        agent_id=agent_id,
        delivery_channel=DeliveryChannel.DIGITAL if rng.random() < 0.75 else DeliveryChannel.PAPER,
        consents=(rng.random() < 0.4, rng.random() < 0.2),
        address=(fake.street_name(), house, place.postal_code, place.city),
        communications=communications,
    )


def _pick_lines(rng: random.Random, count: int) -> list[Line]:
    """Weighted lines without repeats, except that a household may insure a second car."""
    chosen: list[Line] = []
    weights = dict(LINE_WEIGHTS)
    for _ in range(count):
        line = rng.choices(list(weights), weights=list(weights.values()))[0]
        chosen.append(line)
        if line is not Line.MOTOR or chosen.count(Line.MOTOR) > 1:
            weights.pop(line)
        if not weights:
            break
    return chosen


def _start_and_status(b: CustomerBuilder, line: Line, birth: date) -> tuple[date, ContractStatus]:
    rng, today = b.rng, b.today
    earliest = max(add_years(birth, 18), date(today.year - 25, 1, 1))
    start = earliest + timedelta(days=rng.randint(0, max(0, (today - earliest).days - 30)))
    start = date(start.year, start.month, 1)
    roll = rng.random()
    if roll < 0.04:
        return start, ContractStatus.CANCELLED
    if roll < 0.08 and (today - start).days > 400:
        return start, ContractStatus.ENDED
    if roll < 0.10 and line in _TERM_LINES:
        return start, ContractStatus.SUSPENDED
    if roll < 0.12:
        return date(today.year + (today.month == 12), today.month % 12 + 1, 1), ContractStatus.ACTIVE
    return start, ContractStatus.ACTIVE


def random_customer(rows: Rows, fake: Faker, *, seed: int, customer_number: int, today: date) -> None:
    """One generated customer with 1–12 contracts and everything around them."""
    rng = customer_rng(seed, customer_number)
    fake.seed_instance(seed * 1_000_003 + customer_number)
    b = CustomerBuilder(rows, customer_number=str(customer_number), today=today, rng=rng)
    me = random_person(b, fake, agent_id=agent_for(rng))
    birth = rows.persons[-1]["birth_date"]
    spouse: PersonRef | None = None
    if rows.persons[-1]["marital_status"] == MaritalStatus.MARRIED.value and rng.random() < 0.5:
        spouse_first = fake.first_name()
        spouse = b.person(
            customer=False,
            first_name=spouse_first,
            last_name=rows.persons[-1]["last_name"],
            birth_date=birth + timedelta(days=rng.randint(-2_000, 2_000)),
            marital_status=MaritalStatus.MARRIED,
            address=None,
        )
    primary_bank, primary_iban = random_account(rng)
    second = random_account(rng) if rng.random() < 0.2 else None
    contracts: list[ContractRef] = []
    count = rng.choices(range(1, 13), weights=CONTRACT_COUNT_WEIGHTS)[0]
    for line in _pick_lines(rng, count):
        start, status = _start_and_status(b, line, birth)
        if line is Line.SAVINGS:
            festgeld = rng.random() < 0.3
            contracts.append(
                savings_contract(
                    b,
                    holder=me,
                    start=start,
                    payout_iban=second[1] if second else primary_iban,
                    debit_iban=primary_iban if rng.random() < 0.6 else None,
                    rate=Decimal(rng.randint(150, 350)) / 100,
                    opening=Decimal(rng.randint(10, 500) * 100),
                    deposit=Decimal(rng.randint(1, 20) * 25),
                    deposit_every=rng.choice((1, 1, 3)),
                    withdrawals=rng.randint(0, 3),
                    kind=SavingsKind.FESTGELD if festgeld else SavingsKind.TAGESGELD,
                )
            )
            continue
        insured, extra = None, []
        if spouse and line in HEALTH_LINES | {Line.ACCIDENT} and rng.random() < 0.3:
            insured = [me, spouse]
        if spouse and line is Line.LIFE and rng.random() < 0.5:
            extra.append((spouse, RoleKind.BENEFICIARY))
        contracts.append(
            b.contract(line, holder=me, start=start, status=status, insured=insured, extra_roles=extra)
        )
    for contract in contracts:
        contract_documents(b, contract, history_years=1)
        random_claims(b, contract, rng.choices((0, 1, 2), weights=(65, 25, 10))[0])
    person_documents(b, since=min(c.start for c in contracts), messages=rng.randint(0, 2))
    debit = [(c.id, AccountUsage.DEBIT) for c in contracts if c.premium > 0]
    credit = [
        (c.id, AccountUsage.CREDIT) for c in contracts if c.line in HEALTH_LINES or c.line is Line.SAVINGS
    ]
    b.account(
        holder=me,
        iban=primary_iban,
        bic=primary_bank.bic,
        bank_name=primary_bank.name,
        links=debit + ([] if second else credit),
    )
    if second:
        b.account(holder=me, iban=second[1], bic=second[0].bic, bank_name=second[0].name, links=credit)
    add_impulses(b, rng.randint(2, 5), held={c.line for c in contracts})
