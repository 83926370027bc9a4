"""External contracts (B5) of the signed-in customer and "Daten löschen" (A7). Every read and write is
scoped to the viewer's account: someone else's id is simply not found."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth.viewer import ViewerKind
from bff.db.models import ExternalContract
from bff.domain.external_contracts import (
    DUPLICATE,
    MAX_PER_ACCOUNT,
    TOO_MANY,
    ExternalContractForm,
    external_contract_problems,
    policy_key,
)
from bff.domain.problems import FieldProblem
from bff.errors import Forbidden
from bff.resolvers.common import audit_request
from bff.scope import RequestScope


def _customer_account_id(*, scope: RequestScope) -> int:
    """Only customers keep an insurance folder; staff accounts act for others and have none."""
    account_id = scope.account_id
    if scope.viewer.kind is not ViewerKind.CUSTOMER:
        raise Forbidden()
    return account_id


async def _owned(session: AsyncSession, account_id: int, contract_id: str) -> ExternalContract | None:
    if not contract_id:
        return None
    contract = await session.get(ExternalContract, contract_id)
    return contract if contract is not None and contract.account_id == account_id else None


async def _account_problems(
    session: AsyncSession, account_id: int, form: ExternalContractForm, *, editing: str | None
) -> list[FieldProblem]:
    """Per-account rules: no second entry of the same insurer and policy number, and a size limit."""
    rows = (
        await session.execute(
            select(ExternalContract.id, ExternalContract.insurer, ExternalContract.policy_number).where(
                ExternalContract.account_id == account_id
            )
        )
    ).all()
    others = [row for row in rows if row.id != editing]
    wanted = (form.insurer.casefold(), policy_key(form.policy_number))
    if any((row.insurer.casefold(), policy_key(row.policy_number)) == wanted for row in others):
        return [DUPLICATE]
    if editing is None and len(others) >= MAX_PER_ACCOUNT:
        return [TOO_MANY]
    return []


def _apply(contract: ExternalContract, form: ExternalContractForm) -> None:
    """Only a validated form, whose premium is an amount."""
    assert form.premium is not None
    contract.insurer = form.insurer
    contract.line = form.line.value
    contract.product = form.product
    contract.policy_number = form.policy_number
    contract.premium = form.premium
    contract.payment_frequency = form.payment_frequency.value
    contract.renewal_date = form.renewal_date


async def resolve_external_contracts(*, scope: RequestScope) -> list[ExternalContract]:
    """The viewer's external contracts, by insurer and policy number (staff and non-customers: none)."""
    account_id = scope.viewer.account_id
    if account_id is None or scope.viewer.kind is not ViewerKind.CUSTOMER:
        return []
    query = (
        select(ExternalContract)
        .where(ExternalContract.account_id == account_id)
        .order_by(func.lower(ExternalContract.insurer), ExternalContract.policy_number, ExternalContract.id)
    )
    async with scope.db.session() as session:
        return list((await session.scalars(query)).all())


async def resolve_own_external_contract(contract_id: str, *, scope: RequestScope) -> ExternalContract | None:
    account_id = scope.viewer.account_id
    if account_id is None or scope.viewer.kind is not ViewerKind.CUSTOMER:
        return None
    async with scope.db.session() as session:
        return await _owned(session, account_id, contract_id)


async def resolve_add_external_contract(
    form: ExternalContractForm, *, scope: RequestScope
) -> ExternalContract | list[FieldProblem]:
    account_id = _customer_account_id(scope=scope)
    form = form.tidied()
    problems = external_contract_problems(form)
    if problems:
        return problems
    async with scope.db.session() as session:
        problems = await _account_problems(session, account_id, form, editing=None)
        if problems:
            return problems
        contract = ExternalContract(id=str(uuid.uuid4()), account_id=account_id)
        _apply(contract, form)
        session.add(contract)
        audit_request(
            session, "external_contract.added", account_id=account_id, contract=contract.id, scope=scope
        )
        await session.commit()
        return contract


async def resolve_update_external_contract(
    contract_id: str, form: ExternalContractForm, *, scope: RequestScope
) -> ExternalContract | list[FieldProblem] | None:
    """None when the contract is not the viewer's (or does not exist)."""
    account_id = _customer_account_id(scope=scope)
    form = form.tidied()
    async with scope.db.session() as session:
        contract = await _owned(session, account_id, contract_id)
        if contract is None:
            return None
        problems = external_contract_problems(form)
        if problems:
            return problems
        problems = await _account_problems(session, account_id, form, editing=contract.id)
        if problems:
            return problems
        _apply(contract, form)
        audit_request(
            session, "external_contract.updated", account_id=account_id, contract=contract.id, scope=scope
        )
        await session.commit()
        await session.refresh(contract)
        return contract


async def resolve_delete_external_contract(contract_id: str, *, scope: RequestScope) -> bool:
    """False when the contract is not the viewer's (or does not exist)."""
    account_id = _customer_account_id(scope=scope)
    async with scope.db.session() as session:
        contract = await _owned(session, account_id, contract_id)
        if contract is None:
            return False
        await session.delete(contract)
        audit_request(
            session, "external_contract.deleted", account_id=account_id, contract=contract_id, scope=scope
        )
        await session.commit()
        return True


async def delete_external_contracts(session: AsyncSession, account_ids: Sequence[int]) -> int:
    """Remove every external contract of these accounts; not committed. Used by "Daten löschen" and by
    account deletion (A7)."""
    query = delete(ExternalContract).where(ExternalContract.account_id.in_(account_ids))
    result = await session.execute(query)
    return int(getattr(result, "rowcount", 0) or 0)


async def resolve_delete_manually_added_data(*, scope: RequestScope) -> int:
    """A7 "Daten löschen": only the manually added contracts go; the account, its consents and delivery
    settings stay. Returns how many contracts were removed."""
    account_id = _customer_account_id(scope=scope)
    async with scope.db.session() as session:
        removed = await delete_external_contracts(session, [account_id])
        audit_request(
            session, "manually_added_data.deleted", account_id=account_id, contracts=removed, scope=scope
        )
        await session.commit()
    return removed
