"""partners: persons, addresses, communication data, bank accounts and their contract links."""

from __future__ import annotations

from typing import Annotated

import msgspec
from fastapi import APIRouter, Body, Query, Request
from sqlalchemy import select

from bff.backends.models import (
    AccountLink,
    AccountUsage,
    Address,
    AddressCheck,
    BankAccount,
    Communication,
    Consents,
    DeliveryChannel,
    MaritalStatus,
    Page,
    Person,
    PersonKind,
    Title,
)
from bff.simulator.address_check import check_address
from bff.simulator.db import AccountLinkRow, BankAccountRow, PersonRow
from bff.simulator.runtime import runtime_of
from bff.simulator.systems import new_customers
from bff.simulator.systems.common import IDS_HELP, Session, address_of, rows_where_in, split_ids
from bff.simulator.systems.scheduled_changes import apply_due_changes

router = APIRouter(prefix="/partners", tags=["partners"])
SEARCH_LIMIT = 100


def person_model(row: PersonRow) -> Person:
    address = address_of(row)
    return Person(
        id=row.id,
        customer_number=row.customer_number,
        kind=PersonKind(row.kind),
        salutation=row.salutation,
        title=Title(row.title) if row.title else None,
        first_name=row.first_name,
        last_name=row.last_name,
        company_name=row.company_name,
        birth_date=row.birth_date,
        marital_status=MaritalStatus(row.marital_status) if row.marital_status else None,
        marital_status_since=row.marital_status_since,
        is_agent=row.is_agent,
        agent_id=row.agent_id,
        delivery_channel=DeliveryChannel(row.delivery_channel),
        consents=Consents(product_info_email=row.consent_email, product_info_phone=row.consent_phone),
        address=address,
        communications=[msgspec.convert(item, Communication) for item in row.communications],
    )


@router.get("/persons", summary="Persons by id")
async def persons(
    request: Request, session: Session, ids: Annotated[str, Query(description=IDS_HELP)]
) -> Page[Person]:
    await apply_due_changes(session, runtime_of(request))
    rows = await rows_where_in(session, PersonRow, PersonRow.id, split_ids(ids))
    return Page[Person](items=[person_model(row) for row in rows])


@router.get("/persons/by-customer-number", summary="Persons by customer number")
async def persons_by_customer_number(
    request: Request, session: Session, numbers: Annotated[str, Query(description=IDS_HELP)]
) -> Page[Person]:
    await apply_due_changes(session, runtime_of(request))
    rows = await rows_where_in(session, PersonRow, PersonRow.customer_number, split_ids(numbers))
    return Page[Person](items=[person_model(row) for row in rows])


@router.get("/persons/search", summary="Search persons by last-name prefix and postal code (G1)")
async def search_persons(
    request: Request,
    session: Session,
    last_name: Annotated[str, Query(min_length=1, description="Case-insensitive prefix of the last name")],
    postal_code: Annotated[str, Query(min_length=1, description="Exact postal code")],
    agent_id: Annotated[str | None, Query(description="Only persons this agent looks after")] = None,
) -> Page[Person]:
    await apply_due_changes(session, runtime_of(request))
    prefix = last_name.strip().lower()
    query = (
        select(PersonRow)
        .where(PersonRow.postal_code == postal_code.strip())
        .where(PersonRow.name_key >= prefix, PersonRow.name_key < prefix + "\U0010ffff")
    )
    if agent_id is not None:
        query = query.where(PersonRow.agent_id == agent_id)
    result = await session.scalars(query.order_by(PersonRow.name_key, PersonRow.id).limit(SEARCH_LIMIT))
    return Page[Person](items=[person_model(row) for row in result])


@router.get("/bank-accounts", summary="Bank accounts of persons, with their contract links (D1)")
async def bank_accounts(
    request: Request, session: Session, person_ids: Annotated[str, Query(description=IDS_HELP)]
) -> Page[BankAccount]:
    await apply_due_changes(session, runtime_of(request))
    accounts = await rows_where_in(session, BankAccountRow, BankAccountRow.person_id, split_ids(person_ids))
    links = await rows_where_in(session, AccountLinkRow, AccountLinkRow.account_id, [a.id for a in accounts])
    by_account: dict[str, list[AccountLink]] = {}
    for link in sorted(links, key=lambda item: item.id):
        by_account.setdefault(link.account_id, []).append(
            AccountLink(contract_id=link.contract_id, usage=AccountUsage(link.usage))
        )
    return Page[BankAccount](
        items=[
            BankAccount(
                id=a.id,
                person_id=a.person_id,
                iban=a.iban,
                bic=a.bic,
                bank_name=a.bank_name,
                holder_name=a.holder_name,
                links=by_account.get(a.id, []),
            )
            for a in accounts
        ]
    )


@router.post("/address-check", summary="Check an address against the postal database (D2)")
async def address_check(address: Annotated[Address, Body()]) -> AddressCheck:
    return check_address(address)


router.include_router(new_customers.router)
