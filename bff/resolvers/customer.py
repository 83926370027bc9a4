"""The signed-in customer: person data from partners, bank accounts with their contract links."""

from __future__ import annotations

from asyncio import Future
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bff.backends import models as up
from bff.db.models import Account
from bff.errors import NotFound
from bff.resolvers.common import upstream
from bff.resolvers.contracts import resolve_visible_contracts
from bff.scope import RequestScope

# Customer fields whose upstream reads need nothing but the viewer's person id (and no other condition),
# and the loaders they read with that key. `viewer` starts them together with the person itself, so the
# dashboard waits for two upstream levels instead of three (issue 15); a field's own load then finds the
# same batch.
READS_BY_PERSON_ID: dict[str, tuple[str, ...]] = {
    "contracts": ("contracts_by_person_id",),
    "contractOverview": ("contracts_by_person_id",),
    "claims": ("contracts_by_person_id",),
    "bankAccounts": ("bank_accounts_by_person_id", "contracts_by_person_id"),
    "postbox": ("documents_by_person_id",),
    "salesImpulses": ("impulses_by_person_id",),
}  # not campaigns: below ident level 2 the CRM must not even be asked (F3)


def _observed(future: Future[Any]) -> None:
    if not future.cancelled():
        future.exception()  # a failure is the field's to report; never "exception was never retrieved"


def start_viewer_reads(selected: Collection[str], *, scope: RequestScope) -> None:
    """Start the reads of the `selected` viewer fields keyed by the viewer's person id at once
    (partners: their fields' scopes are checked first, so nothing is read ahead for them)."""
    viewer = scope.viewer
    if not viewer.person_id or viewer.is_partner:
        return
    loaders = scope.loaders
    for name in dict.fromkeys(loader for field in selected for loader in READS_BY_PERSON_ID.get(field, ())):
        getattr(loaders, name).load(viewer.person_id).add_done_callback(_observed)


async def resolve_viewer_person(*, scope: RequestScope) -> up.Person | None:
    if scope.viewer.person_id is None:
        return None
    if not scope.viewer.person_id:
        # A non-customer (A3) has no partners person: the account is all there is, with the name they gave.
        number = scope.viewer.customer_number or ""
        account = await resolve_account(scope=scope)
        return up.Person(
            id=f"nc-{number}",
            customer_number=number,
            kind=up.PersonKind.NATURAL,
            first_name=account.first_name if account else None,
            last_name=account.last_name if account else None,
        )
    person: up.Person | None = await upstream(scope.loaders.person_by_id.load(scope.viewer.person_id))
    if person is None:
        raise NotFound()
    return person


async def resolve_account(*, scope: RequestScope) -> Account | None:
    account_id = scope.viewer.account_id
    if account_id is None:
        return None
    account: Account | None = await scope.loaders.account_by_id.load(account_id)
    return account


async def resolve_signed_in_at(*, scope: RequestScope) -> datetime | None:
    """A6: when the current session's sign-in happened. The session knows it, so the dashboard needs no
    account read for it; the account's last sign-in may be another device's, later than this one."""
    if scope.viewer.signed_in_at is not None:
        return scope.viewer.signed_in_at
    account = await resolve_account(scope=scope)
    return account.last_login_at if account else None


@dataclass(frozen=True)
class LinkedContract:
    contract: up.Contract
    usage: up.AccountUsage


async def resolve_bank_accounts(*, scope: RequestScope) -> list[up.BankAccount]:
    person_id = scope.person_id
    if not person_id:
        return []
    accounts = await upstream(scope.loaders.bank_accounts_by_person_id.load(person_id))
    return sorted(accounts, key=lambda account: account.id)


async def resolve_account_links(account: up.BankAccount, *, scope: RequestScope) -> list[LinkedContract]:
    """D1: each account with its linked contracts; only contracts the customer may see."""
    visible = {contract.id: contract for contract in await resolve_visible_contracts(scope=scope)}
    return [
        LinkedContract(contract=visible[link.contract_id], usage=link.usage)
        for link in account.links
        if link.contract_id in visible
    ]
