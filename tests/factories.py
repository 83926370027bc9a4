"""Fresh accounts per test, so security tests (factors, lockouts, password changes) never disturb the
demo accounts other tests sign in with. Each account points at a real simulator person."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

from argon2 import PasswordHasher

from bff.auth.passwords import hash_password
from bff.context import AppState
from bff.db.models import Account
from bff.demo_accounts import DEMO_PASSWORD

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
    account = Account(
        customer_number=fields.pop("customer_number", number),
        person_id=persons[0].id if persons else "",
        password_hash=_DEMO_HASH if password == DEMO_PASSWORD else await hash_password(password),
        role=role,
        ident_level=ident_level,
        **fields,
    )
    async with state.db.session() as session:
        session.add(account)
        await session.commit()
    return account
