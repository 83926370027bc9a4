"""A private copy of a demo customer in the simulator, for tests whose delivered changes (address, name)
would otherwise alter the demo persons that other tests read from the shared simulator."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select, update

from bff.db.models import Account
from bff.outbox.worker import Worker, WorkerPolicy
from bff.simulator.app import Simulator
from bff.simulator.db import ContractRoleRow, ContractRow, PersonRow, SimBase
from tests.factories import app_state, create_account


def sequential_worker(app: Any, **options: Any) -> Worker:
    """A worker that delivers one request at a time, for tests that count upstream calls per delivery
    (the simulator itself keeps every write under concurrent deliveries:
    tests/outbox/test_outbox_order.py)."""
    return Worker(app_state(app), policy=WorkerPolicy(batch_size=1), **options)


def _copy(row: SimBase, **changes: Any) -> dict[str, Any]:
    values = {column.key: getattr(row, column.key) for column in row.__table__.columns}
    return {**values, **changes}


async def clone_customer(app: Any, simulator: Simulator, *, like: str, **person: Any) -> Account:
    """A new account whose person is a copy of demo customer `like` (with `person` overrides), holding
    copies of that customer's contracts, so the same group companies hold contracts of it."""
    suffix = uuid.uuid4().hex[:8]
    person_id = f"p-t{suffix}"
    async with simulator.sessionmaker() as session:
        original = (await session.scalars(select(PersonRow).where(PersonRow.customer_number == like))).one()
        session.add(PersonRow(**_copy(original, id=person_id, customer_number=f"9{suffix}", **person)))
        contracts = (
            await session.scalars(select(ContractRow).where(ContractRow.holder_id == original.id))
        ).all()
        for index, contract in enumerate(contracts):
            contract_id = f"{person_id}-{index}"
            session.add(
                ContractRow(
                    **_copy(contract, id=contract_id, policy_number=f"T{suffix}{index}", holder_id=person_id)
                )
            )
            roles = await session.scalars(
                select(ContractRoleRow).where(ContractRoleRow.contract_id == contract.id)
            )
            for role in roles:
                own = role.person_id == original.id
                session.add(
                    ContractRoleRow(
                        **_copy(
                            role,
                            id=None,
                            contract_id=contract_id,
                            person_id=person_id if own else role.person_id,
                        )
                    )
                )
        await session.commit()
    account = await create_account(app, like=None)
    async with app_state(app).db.session() as session:
        await session.execute(update(Account).where(Account.id == account.id).values(person_id=person_id))
        await session.commit()
    account.person_id = person_id
    return account
