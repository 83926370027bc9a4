"""The back office's side of an address change (D2) and a personal-data change (D3): the partners
person is updated and every group company holding a contract of the customer confirms the change in
the postbox (C6, D6). Run inside the service request's transaction, so a replay never applies it twice."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

import msgspec
from fastapi import HTTPException, status
from msgspec import UNSET
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bff.backends.models import (
    AddressChangePayload,
    MaritalStatus,
    PersonalDataChangePayload,
    PersonKind,
    ServiceRequestKind,
    Title,
    UpstreamModel,
)
from bff.simulator.db import BankAccountRow, ContractRoleRow, PersonRow, ServiceRequestRow
from bff.simulator.runtime import Runtime
from bff.simulator.seeding.rows import display_name
from bff.simulator.systems.confirmations import effective_text, salutation, write_change_confirmations
from bff.simulator.systems.scheduled_changes import deferred
from bff.simulator.systems.service_effects import effect_of

PayloadT = TypeVar("PayloadT", bound=UpstreamModel)

MARITAL_STATUS_TEXT: dict[MaritalStatus, str] = {
    MaritalStatus.SINGLE: "ledig",
    MaritalStatus.MARRIED: "verheiratet",
    MaritalStatus.CIVIL_PARTNERSHIP: "eingetragene Lebenspartnerschaft",
    MaritalStatus.DIVORCED: "geschieden",
    MaritalStatus.WIDOWED: "verwitwet",
}


def payload_of(model: type[PayloadT], row: ServiceRequestRow) -> PayloadT:
    """The request's payload in its documented shape; anything else is refused (422), not half applied."""
    try:
        return msgspec.convert(row.payload, model)
    except msgspec.ValidationError as error:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail=f"invalid {row.kind} payload"
        ) from error


async def _natural_person(session: AsyncSession, row: ServiceRequestRow) -> PersonRow:
    person = await session.get(PersonRow, row.person_id)
    if person is None or person.kind != PersonKind.NATURAL.value:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="not a natural person")
    return person


@effect_of(ServiceRequestKind.ADDRESS_CHANGE)
async def change_address(session: AsyncSession, row: ServiceRequestRow, runtime: Runtime) -> None:
    """D2: the partners system refuses the self-service change for agents (their agency address is
    maintained by sales), whatever the portal checked before. G2: a broker's change holds from its
    effective day."""
    change = payload_of(AddressChangePayload, row)
    address = change.address
    person = await _natural_person(session, row)
    if person.is_agent:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="person is also an agent")
    if address.country != "DE":
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="only German addresses")
    if deferred(session, row, change.effective_from, runtime):
        return
    person.street = address.street
    person.house_number = address.house_number
    person.postal_code = address.postal_code
    person.city = address.city
    person.country = address.country
    body = (
        f"{salutation(person)}\n\nwir haben Ihre neue Anschrift gespeichert:\n"
        f"{address.street} {address.house_number}, {address.postal_code} {address.city}\n\n"
        f"Sie gilt {effective_text(change.effective_from)}."
    )
    await write_change_confirmations(
        session, request=row, topic="Bestätigung Ihrer Adressänderung", body=body
    )


@effect_of(ServiceRequestKind.PERSONAL_DATA_CHANGE)
async def change_personal_data(session: AsyncSession, row: ServiceRequestRow, _runtime: Runtime) -> None:
    """D3: a new name also renames the person where other systems keep it as display text (contract
    roles, account holder), as the back office's serial change would."""
    change = payload_of(PersonalDataChangePayload, row)
    person = await _natural_person(session, row)
    if isinstance(change.last_name, str):
        person.last_name = change.last_name
        person.name_key = change.last_name.lower()
    if change.title is not UNSET:
        person.title = change.title.value if isinstance(change.title, Title) else None
    if change.marital_status is not UNSET:
        person.marital_status = (
            change.marital_status.value if isinstance(change.marital_status, MaritalStatus) else None
        )
    if change.marital_status_since is not UNSET or change.marital_status is not UNSET:
        since = change.marital_status_since
        person.marital_status_since = since if person.marital_status and isinstance(since, date) else None
    title = Title(person.title) if person.title else None
    marital_status = MaritalStatus(person.marital_status) if person.marital_status else None
    name = display_name(person.first_name, person.last_name, title)
    await session.execute(
        update(ContractRoleRow).where(ContractRoleRow.person_id == person.id).values(name=name)
    )
    await session.execute(
        update(BankAccountRow).where(BankAccountRow.person_id == person.id).values(holder_name=name)
    )
    status_line = "nicht angegeben"
    if marital_status:
        status_line = MARITAL_STATUS_TEXT[marital_status]
        if person.marital_status_since:
            status_line += f" seit {person.marital_status_since:%d.%m.%Y}"
    body = (
        f"{salutation(person)}\n\nwir haben Ihre Personendaten geändert:\n"
        f"Name: {name}\nFamilienstand: {status_line}"
    )
    await write_change_confirmations(
        session, request=row, topic="Bestätigung Ihrer geänderten Personendaten", body=body
    )
