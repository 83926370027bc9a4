"""100010 and 100100: exactly 10 / 100 visible contracts, for paging and upstream-call budgets."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal as D

from bff.backends.models import AccountUsage, Line
from bff.simulator.seeding.banks import random_account
from bff.simulator.seeding.claims import random_claims
from bff.simulator.seeding.crm import add_impulses
from bff.simulator.seeding.demo_others import new_customer
from bff.simulator.seeding.documents import minimal_documents
from bff.simulator.seeding.rows import ContractRef, Rows
from bff.simulator.seeding.savings import savings_contract


def numbered_customer(rows: Rows, *, seed: int, today: date, number: int, count: int) -> None:
    """Exactly `count` visible contracts (holder, natural person, active, started in the past)."""
    first, last = ("Anna", "Zehnder") if count == 10 else ("Bernd", "Hundertmark")
    b, me = new_customer(
        rows,
        seed=seed,
        today=today,
        number=number,
        female=count == 10,
        first=first,
        last=last,
        birth=date(1969, 4, 1),
        address=("Ringstraße", str(count), "50996", "Köln"),
        agent_id="a-005",
        since=date(1995, 6, 1),
    )
    rng: random.Random = b.rng
    lines = list(Line)
    contracts: list[ContractRef] = []
    bank, iban = random_account(rng)
    for index in range(count):
        line = lines[index % len(lines)]
        start = date(today.year - 1 - rng.randint(0, 15), rng.randint(1, 12), 1)
        if line is Line.SAVINGS:
            contract = savings_contract(
                b,
                holder=me,
                start=start,
                payout_iban=iban,
                debit_iban=None,
                rate=D("2.00"),
                opening=D(rng.randint(10, 200) * 100),
                deposit=D(0),
                withdrawals=0,
                months=6,
            )
        else:
            contract = b.contract(line, holder=me, start=start)
        contracts.append(contract)
        minimal_documents(b, contract, rng.randint(2, 3))
        random_claims(b, contract, rng.randint(0, 2), documents=False)
    links = [(c.id, AccountUsage.DEBIT) for c in contracts if c.premium > 0]
    b.account(holder=me, iban=iban, bic=bank.bic, bank_name=bank.name, links=links)
    add_impulses(b, 2, held={c.line for c in contracts})
