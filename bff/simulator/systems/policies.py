"""policies: contracts of all lines with their roles, terms and facts; savings transactions.

Answers every contract in which a person has any role; hiding what a customer must not see (B3)
is the BFF's job, so the simulator deliberately returns future, company and beneficiary contracts.
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from fastapi import APIRouter, Query
from sqlalchemy import select

from bff.backends.models import (
    Contract,
    ContractRole,
    ContractStatus,
    Fact,
    LegalExpensesTerms,
    Line,
    Page,
    PaymentFrequency,
    PersonKind,
    RoleKind,
    SavingsTerms,
    Transaction,
    TravelHealthTerms,
)
from bff.simulator.db import ContractRoleRow, ContractRow, TransactionRow
from bff.simulator.seeding.catalog import COMPANY_CONTACTS
from bff.simulator.systems.common import (
    CHUNK,
    IDS_HELP,
    Session,
    exactly_one,
    money,
    rows_where_in,
    split_ids,
)

router = APIRouter(prefix="/policies", tags=["policies"])


def contract_model(row: ContractRow, roles: list[ContractRoleRow]) -> Contract:
    return Contract(
        id=row.id,
        policy_number=row.policy_number,
        company=row.company,
        company_name=row.company_name,
        company_contact=COMPANY_CONTACTS.get(row.company),
        product=row.product,
        line=Line(row.line),
        status=ContractStatus(row.status),
        start_date=row.start_date,
        expiry_date=row.expiry_date,
        premium=money(row.premium_cents),
        currency=row.currency,
        payment_frequency=PaymentFrequency(row.payment_frequency),
        holder_id=row.holder_id,
        holder_kind=PersonKind(row.holder_kind),
        roles=[ContractRole(person_id=r.person_id, role=RoleKind(r.role), name=r.name) for r in roles],
        occupational_pension_continued=row.occupational_pension_continued,
        special=row.special,
        critical_process=row.critical_process,
        facts=[msgspec.convert(fact, Fact) for fact in row.facts],
        legal_expenses=msgspec.convert(row.legal_expenses, LegalExpensesTerms)
        if row.legal_expenses
        else None,
        savings=msgspec.convert(row.savings, SavingsTerms) if row.savings else None,
        travel_health=msgspec.convert(row.travel_health, TravelHealthTerms) if row.travel_health else None,
    )


async def _contract_ids_of_persons(session: Session, person_ids: list[str]) -> list[str]:
    ids: dict[str, None] = {}
    for start in range(0, len(person_ids), CHUNK):
        result = await session.scalars(
            select(ContractRoleRow.contract_id).where(
                ContractRoleRow.person_id.in_(person_ids[start : start + CHUNK])
            )
        )
        ids.update(dict.fromkeys(result))
    return list(ids)


@router.get("/contracts", summary="Contracts by person (any role), by id or by policy number")
async def contracts(
    session: Session,
    person_ids: Annotated[
        str | None, Query(description="Persons with any role in the contract. " + IDS_HELP)
    ] = None,
    ids: Annotated[str | None, Query(description="Contract ids. " + IDS_HELP)] = None,
    policy_numbers: Annotated[str | None, Query(description="Policy numbers (VSNR). " + IDS_HELP)] = None,
) -> Page[Contract]:
    selector, values = exactly_one(person_ids=person_ids, ids=ids, policy_numbers=policy_numbers)
    if selector == "person_ids":
        values = await _contract_ids_of_persons(session, values)
    column = ContractRow.policy_number if selector == "policy_numbers" else ContractRow.id
    rows = await rows_where_in(session, ContractRow, column, values)
    roles = await rows_where_in(session, ContractRoleRow, ContractRoleRow.contract_id, [r.id for r in rows])
    by_contract: dict[str, list[ContractRoleRow]] = {}
    for role in sorted(roles, key=lambda item: item.position):
        by_contract.setdefault(role.contract_id, []).append(role)
    return Page[Contract](items=[contract_model(row, by_contract.get(row.id, [])) for row in rows])


@router.get("/transactions", summary="Transactions of savings accounts (B6)")
async def transactions(
    session: Session,
    account_ids: Annotated[str, Query(description="`savings.account_id` of contracts. " + IDS_HELP)],
) -> Page[Transaction]:
    rows = await rows_where_in(session, TransactionRow, TransactionRow.account_id, split_ids(account_ids))
    return Page[Transaction](
        items=[
            Transaction(
                id=r.id,
                account_id=r.account_id,
                value_date=r.value_date,
                booking_date=r.booking_date,
                amount=money(r.amount_cents),
                currency=r.currency,
                text=r.text,
            )
            for r in rows
        ]
    )
