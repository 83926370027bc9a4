"""Test data of a test's own, so that neither a test's changes nor a change to the demo data reach other
tests: fresh accounts (security tests: factors, lockouts, password changes) and whole customers in the
simulator (person, contracts, documents), built with the seed's own builders."""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from argon2 import PasswordHasher

from bff.auth.passwords import hash_password
from bff.backends.models import Line
from bff.context import AppState
from bff.db.models import Account
from bff.demo_accounts import DEMO_PASSWORD
from bff.simulator.app import Simulator
from bff.simulator.seeding.builder import CustomerBuilder
from bff.simulator.seeding.rows import ContractRef, Rows

_numbers = itertools.count(1)
_DEMO_HASH = PasswordHasher().hash(DEMO_PASSWORD)  # at import, outside any event loop


def app_state(app: Any) -> AppState:
    state: AppState = app.state.bff
    return state


async def create_account(
    app: Any,
    *,
    like: str | None = "100002",
    role: str = "customer",
    ident_level: int = 2,
    password: str = DEMO_PASSWORD,
    **fields: Any,
) -> Account:
    """A new active account with its own customer number, reading the data of demo customer `like`
    (None: no person, as for staff). Ident level 2 (postal code used) unless the test says 1."""
    state = app_state(app)
    persons = await state.backends.partners.persons_by_customer_numbers([like]) if like else []
    number = f"7{uuid.uuid4().int % 10**5:05d}{next(_numbers) % 100:02d}"
    person_id = fields.pop("person_id", persons[0].id if persons else "")
    account = Account(
        customer_number=fields.pop("customer_number", number),
        person_id=person_id,
        password_hash=_DEMO_HASH if password == DEMO_PASSWORD else await hash_password(password),
        role=role,
        ident_level=ident_level,
        **fields,
    )
    async with state.db.session() as session:
        session.add(account)
        await session.commit()
    return account


@dataclass(frozen=True)
class NewCustomer:
    """A customer of the test's own: the BFF account and what the simulator holds of them."""

    account: Account
    person_id: str
    contracts: list[ContractRef]
    document_ids: list[str]

    @property
    def customer_number(self) -> str:
        return self.account.customer_number


async def new_customer(
    app: Any,
    simulator: Simulator,
    *,
    lines: Sequence[Line] = (Line.LIABILITY,),
    documents: Sequence[tuple[str, str]] = (("POLICE", "Versicherungsschein"),),
    last_name: str = "Beispiel",
    agent_id: str | None = "a-001",
    **account_fields: Any,
) -> NewCustomer:
    """A customer in the simulator with one active contract per line (held as policyholder, started a
    year ago) and, per contract, the postbox `documents` as (content type, subject), newest first; plus
    an account for them (demo password, ident level 2 unless `account_fields` say otherwise)."""
    number = f"6{uuid.uuid4().int % 10**6:06d}{next(_numbers) % 100:02d}"
    today = simulator.today
    rows = Rows()
    builder = CustomerBuilder(rows, customer_number=number, today=today, rng=random.Random(number))
    holder = builder.person(
        customer=True,
        salutation="Frau",
        first_name="Ida",
        last_name=last_name,
        birth_date=date(1980, 1, 31),
        agent_id=agent_id,
        address=("Hohe Straße", "5", "50667", "Köln"),
        communications=[("EMAIL", f"{number}@kunden.example", True)],
    )
    contracts = [builder.contract(line, holder=holder, start=today - timedelta(days=365)) for line in lines]
    document_ids = [
        builder.document(content_type, subject, today - timedelta(days=age), contract_id=contract.id)
        for contract in contracts
        for age, (content_type, subject) in enumerate(documents)
    ]
    await simulator.add_rows(rows)
    account = await create_account(
        app, like=None, person_id=builder.person_id, customer_number=number, **account_fields
    )
    return NewCustomer(
        account=account, person_id=builder.person_id, contracts=contracts, document_ids=document_ids
    )
