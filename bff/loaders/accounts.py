"""The BFF's own accounts, loaded once per request however many fields ask for them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiodataloader import DataLoader
from sqlalchemy import select

from bff.db.engine import Database
from bff.db.models import Account
from bff.loaders.base import one_per_key


class AccountByIdLoader(DataLoader[int, Account | None]):
    def __init__(self, db: Database, **options: Any) -> None:
        super().__init__(**options)
        self.db = db

    async def batch_load_fn(self, ids: Sequence[int]) -> list[Account | None]:
        async with self.db.session() as session:
            accounts = list(await session.scalars(select(Account).where(Account.id.in_(ids))))
        return one_per_key(accounts, ids, lambda account: account.id)
