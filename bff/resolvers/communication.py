"""Contact settings of the signed-in customer: communication data (D4, with a step-up bound to the
normalised change), consents to product information (D5) and the delivery channel (C4). Each is
committed to the outbox and confirmed by a postbox letter from every holding company (C6, D6)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth.notification_email import confirm, notification_candidate, stage_confirmation
from bff.auth.stepup import StepUpOperation
from bff.backends import models as up
from bff.db.models import Account, ServiceRequestRecord
from bff.domain import communication_data
from bff.domain.master_data import idempotency_key_problems
from bff.domain.problems import FieldProblem
from bff.mail.links import CONFIRM_EMAIL, mail_link
from bff.mail.texts import email_confirmation_mail
from bff.outbox.pipeline import (
    Change,
    StepUp,
    StepUpRequired,
    submit_change,
)
from bff.outbox.requests import IdempotencyKeyReused
from bff.resolvers.address import ChangeRefusal, viewer_person_for_change
from bff.resolvers.common import security_event, settled
from bff.scope import RequestScope


@dataclass(frozen=True)
class StepUpNeeded:
    """The change is valid; a grant for CHANGE_COMMUNICATION_DATA must confirm exactly `payload`."""

    payload: dict[str, Any]


ContactChangeOutcome = (
    ServiceRequestRecord | list[FieldProblem] | ChangeRefusal | StepUpNeeded | IdempotencyKeyReused
)


async def resolve_change_communication_data(
    *,
    scope: RequestScope,
    add: Sequence[communication_data.Entry],
    change: Sequence[communication_data.Entry],
    remove: Sequence[str],
    step_up_grant: str | None,
    idempotency_key: str,
) -> ContactChangeOutcome:
    scope.require_signed_in()  # signed in at all, before any check
    normalised = communication_data.normalised_change(add=add, change=change, remove=remove)
    problems = idempotency_key_problems(idempotency_key)
    if isinstance(normalised, list) or problems:
        return problems + (normalised if isinstance(normalised, list) else [])
    person = await viewer_person_for_change(scope=scope)
    if isinstance(person, ChangeRefusal):
        return person
    payload = msgspec.to_builtins(normalised)
    stored = person.communications
    candidate = notification_candidate(
        [(e.value, e.preferred) for e in normalised.add if e.kind is up.CommunicationKind.EMAIL]
        + [(e.value, e.preferred) for e in normalised.change if e.kind is up.CommunicationKind.EMAIL]
    )
    link_tokens: list[str] = []

    async def confirm_new_address(session: AsyncSession, _record: ServiceRequestRecord) -> None:
        if candidate is not None:
            token = await stage_confirmation(session, account_id=scope.account_id, email=candidate)
            link_tokens.extend([token] if token else [])

    email_touched = communication_data.email_touched(normalised, stored)

    async def stage(session: AsyncSession, record: ServiceRequestRecord) -> None:
        """Stored with the change: the confirmation link for a new address (D4), and the security
        event with its notice when an email address changes (issue 18)."""
        await confirm_new_address(session, record)
        if email_touched:
            account_id = scope.account_id
            await security_event(session, "communication.email_changed", account_id=account_id, scope=scope)

    outcome = await submit_change(
        Change(
            kind=up.ServiceRequestKind.COMMUNICATION_CHANGE,
            payload=payload,
            idempotency_key=idempotency_key,
            audit_action="communication.change_requested",
            audit_detail={
                "added": len(normalised.add),
                "changed": len(normalised.change),
                "removed": len(normalised.remove),
            },
            step_up=StepUp(StepUpOperation.CHANGE_COMMUNICATION_DATA, payload, step_up_grant),
            checks=lambda: communication_data.conflicts(normalised, stored),
            stage=stage,
        ),
        actor=scope.actor(person_id=person.id),
        db=scope.db,
        store=scope.store,
    )
    if isinstance(outcome, StepUpRequired):
        return StepUpNeeded(outcome.payload)
    if link_tokens and candidate is not None:  # committed: now the link may go out
        settings = scope.settings
        link = mail_link(settings, CONFIRM_EMAIL, link_tokens[0])
        mail = email_confirmation_mail(sender=settings.mail_from, to=candidate, link=link)
        await scope.mail.send_now([mail])
    return settled(outcome)


SettingsOutcome = ServiceRequestRecord | list[FieldProblem] | ChangeRefusal | IdempotencyKeyReused


async def resolve_change_consents(
    *, scope: RequestScope, consents: up.Consents, idempotency_key: str
) -> SettingsOutcome:
    """D5: no step-up. A consent to advertising is no security-relevant change (A5 names address, bank,
    password; DESIGN adds communication data), and withdrawing one must stay as easy as giving it."""
    return await _enqueue_setting(
        kind=up.ServiceRequestKind.CONSENT_CHANGE,
        payload=msgspec.to_builtins(consents),
        idempotency_key=idempotency_key,
        audit_action="consents.change_requested",
        scope=scope,
    )


async def resolve_change_delivery_channel(
    *, scope: RequestScope, channel: up.DeliveryChannel, idempotency_key: str
) -> SettingsOutcome:
    """C4: no step-up (nothing is redirected: documents land in the postbox either way). Also settles
    the first-login assistant's delivery-consent step (A9) in the same transaction."""
    return await _enqueue_setting(
        kind=up.ServiceRequestKind.DELIVERY_CHANNEL_CHANGE,
        payload=msgspec.to_builtins(up.DeliveryChannelChangePayload(channel=channel)),
        idempotency_key=idempotency_key,
        audit_action="delivery_channel.change_requested",
        decides_delivery_consent=True,
        scope=scope,
    )


async def _enqueue_setting(
    *,
    scope: RequestScope,
    kind: up.ServiceRequestKind,
    payload: dict[str, Any],
    idempotency_key: str,
    audit_action: str,
    decides_delivery_consent: bool = False,
) -> SettingsOutcome:
    problems = idempotency_key_problems(idempotency_key)
    if problems:
        return problems
    person = await viewer_person_for_change(scope=scope)
    if isinstance(person, ChangeRefusal):
        return person

    async def settle_delivery_consent(session: AsyncSession, _record: ServiceRequestRecord) -> None:
        account = await session.get(Account, scope.account_id)
        if account is not None and account.delivery_consent_decided_at is None:
            account.delivery_consent_decided_at = datetime.now(UTC)

    return settled(
        await submit_change(
            Change(
                kind=kind,
                payload=payload,
                idempotency_key=idempotency_key,
                audit_action=audit_action,
                stage=settle_delivery_consent if decides_delivery_consent else None,
            ),
            actor=scope.actor(person_id=person.id),
            db=scope.db,
            store=scope.store,
        )
    )


async def resolve_confirm_notification_email(token: str, *, scope: RequestScope) -> bool:
    async with scope.db.session() as session:
        return await confirm(
            session,
            token=token,
            signed_in_account_id=scope.viewer.account_id,
            client_address=scope.client_address,
            request_id=scope.request_id,
        )
