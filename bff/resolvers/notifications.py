"""The customer's mobile number for TANs (confirmed by a code sent there, seed 001 / A8) and the claim
status notices they opted into per channel (E2)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bff.auth import sms_tan
from bff.auth.stepup import TTL_SECONDS
from bff.auth.throttle import Throttled
from bff.db.models import Account
from bff.resolvers.common import audit_request, security_event
from bff.resolvers.stepup import Paused, count_code_attempt
from bff.scope import RequestScope
from bff.sms import SmsNotSent, masked_number


@dataclass(frozen=True)
class NotificationSettings:
    claim_status_by_email: bool
    claim_status_by_sms: bool
    email: str | None
    mobile: str | None  # masked
    mobile_confirmed: bool
    sms_available: bool  # an SMS gateway exists (in production: a provider is configured)


def _settings_of(account: Account, *, scope: RequestScope) -> NotificationSettings:
    return NotificationSettings(
        claim_status_by_email=account.claim_notices_by_email,
        claim_status_by_sms=account.claim_notices_by_sms,
        email=account.email,
        mobile=masked_number(account.mobile) if account.mobile else None,
        mobile_confirmed=account.mobile_confirmed_at is not None,
        sms_available=scope.sms is not None,
    )


async def resolve_notification_settings(*, scope: RequestScope) -> NotificationSettings | None:
    async with scope.db.session() as session:
        account = await session.get(Account, scope.account_id)
        return _settings_of(account, scope=scope) if account is not None else None


class NotificationRefusal(StrEnum):
    NO_EMAIL = "NO_EMAIL"
    MOBILE_NOT_CONFIRMED = "MOBILE_NOT_CONFIRMED"
    SMS_UNAVAILABLE = "SMS_UNAVAILABLE"


async def resolve_change_notification_settings(
    *, scope: RequestScope, claim_status_by_email: bool, claim_status_by_sms: bool
) -> NotificationSettings | NotificationRefusal:
    """E2 opt-in per channel: email needs the account's (confirmed) address, SMS a confirmed mobile
    number. Opting in afresh takes a new baseline: only status changes from now on are notified."""
    async with scope.db.session() as session:
        account = await session.get(Account, scope.account_id)
        if account is None:
            return NotificationRefusal.NO_EMAIL
        if claim_status_by_email and not account.email:
            return NotificationRefusal.NO_EMAIL
        if claim_status_by_sms and scope.sms is None:
            return NotificationRefusal.SMS_UNAVAILABLE
        if claim_status_by_sms and account.mobile_confirmed_at is None:
            return NotificationRefusal.MOBILE_NOT_CONFIRMED
        was_on = account.claim_notices_by_email or account.claim_notices_by_sms
        if not was_on and (claim_status_by_email or claim_status_by_sms):
            account.claim_notices_since = None
        account.claim_notices_by_email = claim_status_by_email
        account.claim_notices_by_sms = claim_status_by_sms
        audit_request(
            session,
            "notifications.changed",
            account_id=account.id,
            claim_status_by_email=claim_status_by_email,
            claim_status_by_sms=claim_status_by_sms,
            scope=scope,
        )
        await session.commit()
        return _settings_of(account, scope=scope)


@dataclass(frozen=True)
class CodeSent:
    sent_to: str  # masked
    expires_in_seconds: int


@dataclass(frozen=True)
class AlreadyConfirmed:
    """The mobile number is confirmed already."""

    mobile: str  # masked


async def resolve_request_mobile_confirmation(
    *, scope: RequestScope
) -> CodeSent | AlreadyConfirmed | sms_tan.SmsUnavailable | Throttled:
    account_id = scope.account_id
    async with scope.db.session() as session:
        account = await session.get(Account, account_id)
    if account is None or not account.mobile:
        return sms_tan.SmsUnavailable.NO_MOBILE_NUMBER
    if account.mobile_confirmed_at is not None:
        return AlreadyConfirmed(mobile=masked_number(account.mobile))
    if scope.sms is None:
        return sms_tan.SmsUnavailable.SERVICE_UNAVAILABLE
    sent = await sms_tan.send_code(
        scope.store,
        scope.sms,
        purpose=sms_tan.confirmation_purpose(account_id),
        account_id=account_id,
        mobile=account.mobile,
        secret_key=scope.settings.secret_key,
        now=scope.clock().timestamp(),
    )
    if isinstance(sent, Throttled):
        return sent
    if isinstance(sent, sms_tan.TanSent):
        return CodeSent(sent_to=masked_number(account.mobile), expires_in_seconds=sent.expires_in_seconds)
    if isinstance(sent, sms_tan.SendLimitReached):  # three codes in five minutes: wait for the last
        return Throttled(retry_after_seconds=TTL_SECONDS)
    assert isinstance(sent, SmsNotSent | sms_tan.NothingToSend)
    return sms_tan.SmsUnavailable.SERVICE_UNAVAILABLE


@dataclass(frozen=True)
class MobileConfirmed:
    mobile: str  # masked


async def resolve_confirm_mobile(*, scope: RequestScope, code: str) -> MobileConfirmed | Paused | None:
    """None for a wrong or expired code. Wrong codes count with step-up codes per account (one limiter)."""
    account_id = scope.account_id
    paused = await count_code_attempt(scope)
    if paused is not None:
        return paused
    used = await sms_tan.use_code(
        scope.store,
        purpose=sms_tan.confirmation_purpose(account_id),
        account_id=account_id,
        code=code,
        secret_key=scope.settings.secret_key,
        now=scope.clock().timestamp(),
    )
    if not used:
        return None
    async with scope.db.session() as session:
        account = await session.get(Account, account_id)
        if account is None or not account.mobile:
            return None
        account.mobile_confirmed_at = scope.clock()
        await security_event(session, "mobile.confirmed", account_id=account_id, scope=scope)
        await session.commit()
        mobile = account.mobile
    await scope.throttle.step_up_succeeded(account_id)
    return MobileConfirmed(mobile=masked_number(mobile))
