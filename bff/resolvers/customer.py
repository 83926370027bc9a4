"""The signed-in customer: person data from partners, bank accounts with their contract links."""

from __future__ import annotations

from dataclasses import dataclass

from bff.backends import models as up
from bff.context import Info
from bff.db.models import Account
from bff.errors import NotFound
from bff.resolvers.common import upstream, viewer_person_id
from bff.resolvers.contracts import resolve_visible_contracts


async def resolve_viewer_person(info: Info) -> up.Person | None:
    if info.context.viewer.person_id is None:
        return None
    if not info.context.viewer.person_id:
        # A non-customer (A3) has no partners person: the account is all there is.
        number = info.context.viewer.customer_number or ""
        return up.Person(id=f"nc-{number}", customer_number=number, kind=up.PersonKind.NATURAL)
    person: up.Person | None = await upstream(
        info.context.loaders.person_by_id.load(info.context.viewer.person_id)
    )
    if person is None:
        raise NotFound()
    return person


async def resolve_account(info: Info) -> Account | None:
    account_id = info.context.viewer.account_id
    if account_id is None:
        return None
    account: Account | None = await info.context.loaders.account_by_id.load(account_id)
    return account


@dataclass(frozen=True)
class LinkedContract:
    contract: up.Contract
    usage: up.AccountUsage


async def resolve_bank_accounts(info: Info) -> list[up.BankAccount]:
    person_id = viewer_person_id(info)
    if not person_id:
        return []
    accounts = await upstream(info.context.loaders.bank_accounts_by_person_id.load(person_id))
    return sorted(accounts, key=lambda account: account.id)


async def resolve_account_links(info: Info, account: up.BankAccount) -> list[LinkedContract]:
    """D1: each account with its linked contracts; only contracts the customer may see."""
    visible = {contract.id: contract for contract in await resolve_visible_contracts(info)}
    return [
        LinkedContract(contract=visible[link.contract_id], usage=link.usage)
        for link in account.links
        if link.contract_id in visible
    ]
