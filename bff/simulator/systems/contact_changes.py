"""The back office's side of contact settings and messages: communication data (D4), consents (D5) and
the delivery channel (C4) update the partners person and are confirmed in the postbox by every holding
company (C6, D6); a message from the portal is archived in the postbox as sent, with its recipient (C5).
Run inside the service request's transaction, so a replay never applies anything twice."""

from __future__ import annotations

from typing import Any

import msgspec
from fastapi import HTTPException, status
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bff.backends.models import (
    CommunicationChangePayload,
    Consents,
    DeliveryChannel,
    DeliveryChannelChangePayload,
    Direction,
    MessagePayload,
    ServiceRequestKind,
)
from bff.simulator.db import ContractRoleRow, DocumentRow, PersonRow, ServiceRequestRow
from bff.simulator.pdf import document_pdf
from bff.simulator.runtime import Runtime
from bff.simulator.seed import CONTENT_TYPES
from bff.simulator.systems.confirmations import salutation, write_change_confirmations
from bff.simulator.systems.partner_changes import payload_of
from bff.simulator.systems.service_effects import effect_of

MESSAGE_TYPE = "NACHRICHT"


async def _person_for_update(session: AsyncSession, row: ServiceRequestRow) -> PersonRow:
    """Locked (where the database can), so two changes of one person's JSON list never overwrite
    each other."""
    person = (
        await session.scalars(select(PersonRow).where(PersonRow.id == row.person_id).with_for_update())
    ).first()
    if person is None:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="unknown person")
    return person


def _with_preferred(entries: list[dict[str, Any]], chosen: dict[str, Any]) -> None:
    """One preferred entry per kind: choosing one clears the flag on the others of that kind."""
    for entry in entries:
        if entry is not chosen and entry["kind"] == chosen["kind"]:
            entry["preferred"] = False


def apply_communication_change(
    entries: list[dict[str, Any]], change: CommunicationChangePayload, *, new_id_prefix: str
) -> list[dict[str, Any]]:
    """The person's communication list after the change; ids that are gone already are ignored."""
    removed = set(change.remove)
    result = [dict(entry) for entry in entries if entry["id"] not in removed]
    by_id = {entry["id"]: entry for entry in result}
    for update in change.change:
        entry = by_id.get(update.id)
        if entry is not None:
            entry["kind"] = update.kind.value
            entry["value"] = update.value
            entry["preferred"] = update.preferred
            if update.preferred:
                _with_preferred(result, entry)
    for index, new in enumerate(change.add, start=1):
        entry = {"id": f"{new_id_prefix}-k{index}", **msgspec.to_builtins(new)}
        result.append(entry)
        if new.preferred:
            _with_preferred(result, entry)
    return result


_KIND_NAMES = {"EMAIL": "E-Mail", "PHONE": "Telefon", "MOBILE": "Mobil"}


def _yes_no(consented: bool) -> str:
    return "erteilt" if consented else "nicht erteilt"


@effect_of(ServiceRequestKind.COMMUNICATION_CHANGE)
async def change_communications(session: AsyncSession, row: ServiceRequestRow, _runtime: Runtime) -> None:
    change = payload_of(CommunicationChangePayload, row)
    person = await _person_for_update(session, row)
    # A new list object, so the JSON column is seen as changed.
    person.communications = apply_communication_change(person.communications, change, new_id_prefix=row.id)
    stored = [
        f"- {_KIND_NAMES.get(entry['kind'], entry['kind'])}: {entry['value']}"
        + (" (bevorzugt)" if entry.get("preferred") else "")
        for entry in person.communications
    ]
    body = f"{salutation(person)}\n\nwir haben Ihre Kontaktdaten geändert. Hinterlegt sind jetzt:\n" + (
        "\n".join(stored) if stored else "- keine E-Mail-Adressen oder Telefonnummern"
    )
    await write_change_confirmations(
        session, request=row, topic="Bestätigung Ihrer geänderten Kontaktdaten", body=body
    )


@effect_of(ServiceRequestKind.CONSENT_CHANGE)
async def change_consents(session: AsyncSession, row: ServiceRequestRow, _runtime: Runtime) -> None:
    consents = payload_of(Consents, row)
    person = await _person_for_update(session, row)
    person.consent_email = consents.product_info_email
    person.consent_phone = consents.product_info_phone
    body = (
        f"{salutation(person)}\n\nwir haben Ihre Einwilligungen gespeichert:\n"
        f"- Produktinformationen per E-Mail: {_yes_no(consents.product_info_email)}\n"
        f"- Produktinformationen per Telefon: {_yes_no(consents.product_info_phone)}\n\n"
        "Sie können Ihre Einwilligungen jederzeit im Kundenportal ändern."
    )
    await write_change_confirmations(
        session, request=row, topic="Bestätigung Ihrer Einwilligungen", body=body
    )


@effect_of(ServiceRequestKind.DELIVERY_CHANNEL_CHANGE)
async def change_delivery_channel(session: AsyncSession, row: ServiceRequestRow, _runtime: Runtime) -> None:
    channel = payload_of(DeliveryChannelChangePayload, row).channel
    person = await _person_for_update(session, row)
    person.delivery_channel = channel.value
    if channel is DeliveryChannel.DIGITAL:
        topic = "Bestätigung Ihres Papierverzichts"
        text = (
            "Sie erhalten Ihre Dokumente ab sofort nur noch in Ihr Postfach im Kundenportal. Schreiben, die "
            "wir Ihnen gesetzlich per Post senden müssen, erhalten Sie weiterhin auch als Brief."
        )
    else:
        topic = "Bestätigung Ihres Wunsches nach Zustellung per Post"
        text = (
            "Sie erhalten Ihre Dokumente ab sofort wieder per Post. Zusätzlich finden Sie alle Dokumente "
            "weiterhin in Ihrem Postfach im Kundenportal."
        )
    body = f"{salutation(person)}\n\n{text}\n\nÜber neue Dokumente informieren wir Sie weiterhin per E-Mail."
    await write_change_confirmations(session, request=row, topic=topic, body=body)


@effect_of(ServiceRequestKind.MESSAGE)
async def archive_message(session: AsyncSession, row: ServiceRequestRow, _runtime: Runtime) -> None:
    """The insurer's mail system passes the message to its recipient; the portal's copy is an INBOUND
    postbox document (already read: the customer wrote it), so every sent message is archived (C5)."""
    message = payload_of(MessagePayload, row)
    if await session.get(PersonRow, row.person_id) is None:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="unknown person")
    if message.contract_id is not None and not await _has_role(session, row.person_id, message.contract_id):
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="contract of another person")
    document_id = f"d-{row.id}-msg"
    recipient = f"{message.recipient.name} <{message.recipient.email}>"
    size = len(
        document_pdf(
            document_id=document_id,
            type_name=CONTENT_TYPES[MESSAGE_TYPE],
            subject=message.subject,
            created_at=row.received_at,
            inbound=True,
            recipient=recipient,
            body=message.text,
        )
    )
    session.add(
        DocumentRow(
            id=document_id,
            person_id=row.person_id,
            contract_id=message.contract_id,
            content_type=MESSAGE_TYPE,
            subject=message.subject,
            created_at=row.received_at,
            direction=Direction.INBOUND.value,
            read=True,
            legally_required=False,
            size_bytes=size,
            body=message.text,
            recipient=recipient,
        )
    )


async def _has_role(session: AsyncSession, person_id: str, contract_id: str) -> bool:
    found = await session.scalars(
        select(ContractRoleRow.id)
        .where(ContractRoleRow.person_id == person_id, ContractRoleRow.contract_id == contract_id)
        .limit(1)
    )
    return found.first() is not None
