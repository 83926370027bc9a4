"""The smaller named demo customers, each built to exercise one rule of the BFF.

100002 one contract · 100003 Max, Erika's husband · 100004 also an agent (D2) · 100005 dunning (D1) ·
100006 bonus deductible (B7).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from bff.backends.models import (
    AccountUsage,
    ClaimStatus,
    DeductibleKind,
    DeliveryChannel,
    LegalClaimFacts,
    LegalExpensesTerms,
    LegalService,
    Line,
    MaritalStatus,
    PaymentFrequency,
    Title,
)
from bff.simulator.seeding.banks import POSTBANK_BERLIN, german_iban, random_account
from bff.simulator.seeding.builder import CustomerBuilder
from bff.simulator.seeding.claims import LEGAL_SERVICE_TEXT, claim, random_claims
from bff.simulator.seeding.crm import AGENT_FOR_100004, add_impulses
from bff.simulator.seeding.crowd import customer_rng, mobile_number
from bff.simulator.seeding.documents import (
    HEALTH_LINES,
    contract_documents,
    person_documents,
)
from bff.simulator.seeding.rows import ContractRef, PersonRef, Rows

D = Decimal
MAX_IBAN = german_iban(POSTBANK_BERLIN.blz, "4711080002")


def new_customer(
    rows: Rows,
    *,
    seed: int,
    today: date,
    number: int,
    female: bool,
    first: str,
    last: str,
    birth: date,
    address: tuple[str, str, str, str],
    agent_id: str,
    title: Title | None = None,
    is_agent: bool = False,
    marital: MaritalStatus = MaritalStatus.MARRIED,
    since: date | None = None,
    delivery: DeliveryChannel = DeliveryChannel.DIGITAL,
) -> tuple[CustomerBuilder, PersonRef]:
    b = CustomerBuilder(rows, customer_number=str(number), today=today, rng=customer_rng(seed, number))
    email = f"{first.lower()}.{last.lower()}@example.org"
    me = b.person(
        customer=True,
        salutation="Frau" if female else "Herr",
        title=title,
        first_name=first,
        last_name=last,
        birth_date=birth,
        marital_status=marital,
        marital_status_since=since,
        agent_id=agent_id,
        is_agent=is_agent,
        delivery_channel=delivery,
        consents=(True, True),
        address=address,
        communications=[("EMAIL", email, True), ("MOBILE", mobile_number(b.rng), False)],
    )
    return b, me


def _finish(b: CustomerBuilder, me: PersonRef, contracts: list[ContractRef], *, impulses: int = 2) -> None:
    """Bank account with links, person-level documents and impulses, as every customer has."""
    bank, iban = random_account(b.rng)
    links = [(c.id, AccountUsage.DEBIT) for c in contracts if c.premium > 0]
    links += [(c.id, AccountUsage.CREDIT) for c in contracts if c.line in HEALTH_LINES]
    b.account(holder=me, iban=iban, bic=bank.bic, bank_name=bank.name, links=links)
    person_documents(b, since=min(c.start for c in contracts), messages=1)
    add_impulses(b, impulses, held={c.line for c in contracts})


def one_contract_customer(rows: Rows, *, seed: int, today: date) -> None:
    b, me = new_customer(
        rows,
        seed=seed,
        today=today,
        number=100002,
        female=False,
        first="Jonas",
        last="Becker",
        birth=date(1988, 2, 14),
        address=("Venloer Straße", "210", "50823", "Köln"),
        agent_id="a-002",
        marital=MaritalStatus.SINGLE,
        delivery=DeliveryChannel.PAPER,
    )
    liability = b.contract(
        Line.LIABILITY, holder=me, start=date(2020, 4, 1), product="Privathaftpflicht Komfort"
    )
    contract_documents(b, liability, history_years=None)
    claim(
        b,
        liability,
        status=ClaimStatus.PAID,
        occurred=today - timedelta(days=150),
        benefit_type="Schlüsselverlust",
        amount=D("320.00"),
    )
    _finish(b, me, [liability])


def agent_customer(rows: Rows, *, seed: int, today: date) -> None:
    b, me = new_customer(
        rows,
        seed=seed,
        today=today,
        number=100004,
        female=False,
        first="Thomas",
        last="Berger",
        title=Title.DR,
        birth=date(1971, 5, 30),
        address=("Schillerstraße", "8", "53113", "Bonn"),
        agent_id=AGENT_FOR_100004,
        is_agent=True,
        since=date(2001, 7, 14),
    )
    contracts = [
        b.contract(Line.LIABILITY, holder=me, start=date(2005, 1, 1)),
        b.contract(Line.MOTOR, holder=me, start=date(2021, 1, 1)),
        b.contract(Line.HOUSEHOLD, holder=me, start=date(2012, 4, 1)),
    ]
    for contract in contracts:
        contract_documents(b, contract, history_years=3)
    _finish(b, me, contracts)


def dunning_customer(rows: Rows, *, seed: int, today: date) -> None:
    b, me = new_customer(
        rows,
        seed=seed,
        today=today,
        number=100005,
        female=True,
        first="Sabine",
        last="Schulz",
        birth=date(1979, 9, 2),
        address=("Kölner Landstraße", "40", "40591", "Düsseldorf"),
        agent_id="a-003",
        marital=MaritalStatus.DIVORCED,
        since=date(2019, 3, 1),
    )
    motor = b.contract(Line.MOTOR, holder=me, start=date(2017, 1, 1), critical_process="DUNNING")
    contracts = [
        motor,
        b.contract(Line.HOUSEHOLD, holder=me, start=date(2014, 8, 1)),
        b.contract(Line.LIABILITY, holder=me, start=date(2014, 8, 1)),
        b.contract(Line.HEALTH_SUPPLEMENTARY, holder=me, start=date(2019, 10, 1)),
    ]
    for contract in contracts:
        contract_documents(b, contract, history_years=3)
    b.document(
        "MAHNUNG",
        f"Zahlungserinnerung zu Ihrem Vertrag {motor.policy_number}",
        today - timedelta(days=30),
        contract_id=motor.id,
        legally_required=True,
        read=True,
    )
    b.document(
        "MAHNUNG",
        f"Mahnung mit Fristsetzung nach § 38 VVG – Vertrag {motor.policy_number}",
        today - timedelta(days=8),
        contract_id=motor.id,
        legally_required=True,
        read=False,
    )
    random_claims(b, contracts[1], 1)
    _finish(b, me, contracts)


def bonus_deductible_customer(rows: Rows, *, seed: int, today: date) -> None:
    b, me = new_customer(
        rows,
        seed=seed,
        today=today,
        number=100006,
        female=False,
        first="Michael",
        last="Wagner",
        birth=date(1975, 12, 12),
        address=("Marienplatz", "3", "80331", "München"),
        agent_id="a-004",
        since=date(2004, 9, 18),
    )
    y0 = today.year - 5
    legal = b.contract(
        Line.LEGAL_EXPENSES,
        holder=me,
        start=date(y0, 1, 1),
        product="Rechtsschutz Privat, Beruf, Verkehr & Wohnen",
        facts=[
            ("Versicherungsumfang", "Privat, Beruf, Verkehr und Immobilien"),
            ("Selbstbeteiligung", "Bonus-Selbstbeteiligung"),
        ],
        legal_expenses=LegalExpensesTerms(
            modules=["PRIVAT", "BERUF", "VERKEHR", "IMMOBILIEN"],
            deductible_kind=DeductibleKind.BONUS,
            prior_claim_free_years=1,
        ),
    )
    contracts = [
        legal,
        b.contract(Line.LIABILITY, holder=me, start=date(2010, 1, 1)),
        b.contract(Line.HOUSEHOLD, holder=me, start=date(2010, 1, 1)),
    ]
    for contract in contracts:
        contract_documents(b, contract, history_years=None if contract is legal else 2)
    S, L = ClaimStatus, LegalService
    for occurred, status, benefit, service, costs, committed in (
        (date(y0, 9, 20), S.CLOSED, "Arbeitsrecht – Abmahnung", L.STANDARD, "1340.00", True),
        (date(y0 + 1, 5, 5), S.CLOSED, LEGAL_SERVICE_TEXT[L.JURWAY], L.JURWAY, "40.00", True),
        (date(y0 + 2, 3, 9), S.CLOSED, "Verkehrsrecht – Unfallregulierung", L.STANDARD, "230.00", True),
        (date(y0 + 3, 6, 17), S.PAID, "Mietrecht – Mieterhöhung", L.STANDARD, "2100.00", True),
        (today - timedelta(days=14), S.IN_REVIEW, "Nachbarrecht – Grenzbebauung", L.STANDARD, "0.00", False),
    ):
        claim(
            b,
            legal,
            status=status,
            occurred=occurred,
            benefit_type=benefit,
            legal=LegalClaimFacts(service=service, costs_net=D(costs), cost_commitment=committed),
        )
    _finish(b, me, contracts)


def max_mustermann(rows: Rows, *, seed: int, today: date) -> None:
    """100003: co-insured on Erika's health contracts; holds only a liability contract himself."""
    b, me = new_customer(
        rows,
        seed=seed,
        today=today,
        number=100003,
        female=False,
        first="Max",
        last="Mustermann",
        birth=date(1961, 11, 23),
        address=("Heidestraße", "17", "51147", "Köln"),
        agent_id="a-001",
        since=date(1990, 5, 18),
    )
    liability = b.contract(
        Line.LIABILITY,
        holder=me,
        start=date(2016, 9, 1),
        product="Privathaftpflicht Komfort",
        yearly_premium=D("74.50"),
        frequency=PaymentFrequency.YEARLY,
    )
    contract_documents(b, liability, history_years=3)
    person_documents(b, since=liability.start, messages=1)
    b.account(
        holder=me,
        iban=MAX_IBAN,
        bic=POSTBANK_BERLIN.bic,
        bank_name=POSTBANK_BERLIN.name,
        links=[(liability.id, AccountUsage.DEBIT)],
    )
    add_impulses(b, 2, held={Line.LIABILITY})
