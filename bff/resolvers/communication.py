"""Contact settings of the signed-in customer: communication data (D4, with a step-up bound to the
normalised change), consents to product information (D5) and the delivery channel (C4). Each is
committed to the outbox and confirmed by a postbox letter from every holding company (C6, D6)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bff.auth.stepup import StepUpOperation, consume_grant
from bff.backends import models as up
from bff.context import Info
from bff.db.models import Account, ServiceRequestRecord
from bff.domain import communication_data
from bff.domain.master_data import idempotency_key_problems
from bff.outbox.requests import IdempotencyKeyReused, enqueue, replay_of
from bff.resolvers.address import ChangeRefusal, viewer_person_for_change
from bff.resolvers.common import audit_request, security_event, viewer_account_id
from bff.schema.validation import FieldProblem


@dataclass(frozen=True)
class StepUpNeeded:
    """The change is valid; a grant for CHANGE_COMMUNICATION_DATA must confirm exactly `payload`."""

    payload: dict[str, Any]


ContactChangeOutcome = (
    ServiceRequestRecord | list[FieldProblem] | ChangeRefusal | StepUpNeeded | IdempotencyKeyReused
)


async def resolve_change_communication_data(
    info: Info,
    *,
    add: Sequence[communication_data.Entry],
    change: Sequence[communication_data.Entry],
    remove: Sequence[str],
    step_up_grant: str | None,
    idempotency_key: str,
) -> ContactChangeOutcome:
    account_id = viewer_account_id(info)
    normalised = communication_data.normalised_change(add=add, change=change, remove=remove)
    problems = idempotency_key_problems(idempotency_key)
    if isinstance(normalised, list) or problems:
        return problems + (normalised if isinstance(normalised, list) else [])
    person = await viewer_person_for_change(info)
    if isinstance(person, ChangeRefusal):
        return person
    payload = normalised.model_dump(mode="json")
    ctx = info.context
    async with ctx.app.db.session() as session:
        # A retry answers the first request before anything is compared with the (changed) stored data.
        try:
            earlier = await replay_of(
                session,
                account_id=account_id,
                key=idempotency_key,
                kind=up.ServiceRequestKind.COMMUNICATION_CHANGE,
                payload=payload,
            )
        except IdempotencyKeyReused as reused:
            return reused
        if earlier is not None:
            return earlier
        problems = communication_data.conflicts(normalised, person.communications)
        if problems:
            return problems
        if not await consume_grant(
            ctx.app.store,
            grant=step_up_grant,
            account_id=account_id,
            operation=StepUpOperation.CHANGE_COMMUNICATION_DATA,
            payload=payload,
        ):
            return StepUpNeeded(payload)
        try:
            record, created = await enqueue(
                session,
                account_id=account_id,
                person_id=person.id,
                kind=up.ServiceRequestKind.COMMUNICATION_CHANGE,
                payload=payload,
                idempotency_key=idempotency_key,
                commit=False,
            )
        except IdempotencyKeyReused as reused:
            return reused
        if created:
            audit_request(
                info,
                session,
                "communication.change_requested",
                account_id=account_id,
                request=record.id,
                added=len(normalised.add),
                changed=len(normalised.change),
                removed=len(normalised.remove),
            )
            if communication_data.email_touched(normalised, person.communications):  # a notice (issue 18)
                await security_event(info, session, "communication.email_changed", account_id=account_id)
        await session.commit()
    return record


SettingsOutcome = ServiceRequestRecord | list[FieldProblem] | ChangeRefusal | IdempotencyKeyReused


async def resolve_change_consents(
    info: Info, *, consents: up.Consents, idempotency_key: str
) -> SettingsOutcome:
    """D5: no step-up. A consent to advertising is no security-relevant change (A5 names address, bank,
    password; DESIGN adds communication data), and withdrawing one must stay as easy as giving it."""
    return await _enqueue_setting(
        info,
        kind=up.ServiceRequestKind.CONSENT_CHANGE,
        payload=consents.model_dump(mode="json"),
        idempotency_key=idempotency_key,
        audit_action="consents.change_requested",
    )


async def resolve_change_delivery_channel(
    info: Info, *, channel: up.DeliveryChannel, idempotency_key: str
) -> SettingsOutcome:
    """C4: no step-up (nothing is redirected: documents land in the postbox either way). Also settles
    the first-login assistant's delivery-consent step (A9) in the same transaction."""
    return await _enqueue_setting(
        info,
        kind=up.ServiceRequestKind.DELIVERY_CHANNEL_CHANGE,
        payload=up.DeliveryChannelChangePayload(channel=channel).model_dump(mode="json"),
        idempotency_key=idempotency_key,
        audit_action="delivery_channel.change_requested",
        decides_delivery_consent=True,
    )


async def _enqueue_setting(
    info: Info,
    *,
    kind: up.ServiceRequestKind,
    payload: dict[str, Any],
    idempotency_key: str,
    audit_action: str,
    decides_delivery_consent: bool = False,
) -> SettingsOutcome:
    account_id = viewer_account_id(info)
    problems = idempotency_key_problems(idempotency_key)
    if problems:
        return problems
    person = await viewer_person_for_change(info)
    if isinstance(person, ChangeRefusal):
        return person
    async with info.context.app.db.session() as session:
        try:
            record, created = await enqueue(
                session,
                account_id=account_id,
                person_id=person.id,
                kind=kind,
                payload=payload,
                idempotency_key=idempotency_key,
                commit=False,
            )
        except IdempotencyKeyReused as reused:
            return reused
        if created:
            audit_request(info, session, audit_action, account_id=account_id, request=record.id)
            account = await session.get(Account, account_id) if decides_delivery_consent else None
            if account is not None and account.delivery_consent_decided_at is None:
                account.delivery_consent_decided_at = datetime.now(UTC)
        await session.commit()
    return record
