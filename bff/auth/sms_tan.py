"""SMS TAN (seed 001: "eine Transaktionsnummer (TAN) per SMS"): six digits sent to the account's
confirmed mobile number. Each code is bound to one purpose (a step-up challenge, or the confirmation of
the number itself), valid five minutes, works once, and is kept only as an HMAC. A step-up TAN's text
names the change (dynamic linking, PSD2 RTS art. 5): the operation and the new IBAN's last four digits
or the new postcode, so a customer tricked into confirming notices what they would confirm.

Limits, all in the store: a purpose's code takes MAX_SENDS sends and MAX_TRIES tries; an account
receives at most SENDS_PER_HOUR SMS; wrong codes count with the authenticator codes per account across
challenges (LoginThrottle.count_step_up_attempt, the one limiter)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from bff.auth.stepup import TTL_SECONDS, StepUpOperation
from bff.auth.throttle import Throttled, retry_after_per_window
from bff.i18n import N_, both, in_locale, translate
from bff.sms import Sms, SmsGateway, SmsNotSent
from bff.store import Store

MAX_SENDS = 3
MAX_TRIES = 5
SENDS_PER_HOUR = 10

SMS_OPERATIONS: frozenset[StepUpOperation] = frozenset(
    {
        StepUpOperation.CHANGE_BANK_ACCOUNT,
        StepUpOperation.CHANGE_ADDRESS,
        StepUpOperation.CHANGE_PASSWORD,
        StepUpOperation.CHANGE_COMMUNICATION_DATA,
        StepUpOperation.DELETE_ACCOUNT,
        StepUpOperation.GRANT_PARTNER_ACCESS,
    }
)
"""Changes an SMS TAN may confirm (seed 001 names address, bank and password). Adding or removing an
authenticator app or passkey needs one of those: an SMS never replaces a stronger factor."""

_WHAT: dict[StepUpOperation, str] = {
    StepUpOperation.CHANGE_BANK_ACCOUNT: N_("Bankverbindung ändern"),
    StepUpOperation.CHANGE_ADDRESS: N_("Adresse ändern"),
    StepUpOperation.CHANGE_PASSWORD: N_("Passwort ändern"),
    StepUpOperation.CHANGE_COMMUNICATION_DATA: N_("Kontaktdaten ändern"),
    StepUpOperation.DELETE_ACCOUNT: N_("Zugang löschen"),
    StepUpOperation.GRANT_PARTNER_ACCESS: N_("Freigabe für Vergleichsportal"),
}


def describe_change(operation: StepUpOperation, payload: Mapping[str, Any]) -> tuple[str, str]:
    """What the TAN confirms, in German and English: the operation, and for a bank change the new IBAN's
    last four digits, for an address change the new postcode."""
    change = in_locale(_WHAT[operation])
    if operation is StepUpOperation.CHANGE_BANK_ACCOUNT:
        iban = "".join(str(payload.get("iban", "")).split()).upper()
        return both("{change}, neue IBAN endet auf {last_digits}", change=change, last_digits=iban[-4:])
    if operation is StepUpOperation.CHANGE_ADDRESS:
        postcode = str(payload.get("postalCode", "")).strip()
        return both("{change}, neue PLZ {postcode}", change=change, postcode=postcode)
    return both(_WHAT[operation])


def step_up_text(code: str, what: tuple[str, str]) -> str:
    text = N_("TAN {code} für: {what}. 5 Minuten gültig. Niemals weitergeben!")
    return (
        f"{translate(text, 'de', code=code, what=what[0])} / {translate(text, 'en', code=code, what=what[1])}"
    )


def confirmation_text(code: str) -> str:
    return " / ".join(
        both("Code {code} bestätigt diese Mobilnummer für TANs im Kundenportal. 5 Minuten gültig.", code=code)
    )


class SmsUnavailable(StrEnum):
    """Why no TAN goes out by SMS."""

    NO_MOBILE_NUMBER = "NO_MOBILE_NUMBER"
    NO_CONFIRMED_MOBILE = "NO_CONFIRMED_MOBILE"
    NOT_FOR_THIS_CHANGE = "NOT_FOR_THIS_CHANGE"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"


def confirmed_mobile(*, mobile: str | None, confirmed: bool, gateway: SmsGateway | None) -> str | None:
    """The number TANs go to: only a confirmed one, and only while there is a gateway."""
    return mobile if mobile and confirmed and gateway is not None else None


class _Pending(BaseModel):
    """A purpose's code in the store: the account, its HMAC, sends and tries so far, and the text."""

    account_id: int
    code_mac: str = ""
    sends: int = 0
    tries: int = 0
    expires_at: float = 0.0  # epoch seconds: five minutes after the last send
    what: tuple[str, str] | None = None  # a step-up's change; None for the number's confirmation


def _key(purpose: str) -> str:
    return f"sms-tan:{purpose}"


def step_up_purpose(challenge_id: str) -> str:
    return f"step-up:{challenge_id}"


def confirmation_purpose(account_id: int) -> str:
    return f"mobile-confirmation:{account_id}"


def _mac(secret_key: str, purpose: str, code: str) -> str:
    return hmac.new(secret_key.encode(), f"{purpose}:{code}".encode(), hashlib.sha256).hexdigest()


async def prepare_step_up(
    store: Store,
    *,
    challenge_id: str,
    account_id: int,
    operation: StepUpOperation,
    payload: Mapping[str, Any],
) -> None:
    """When a challenge is opened: remember what its SMS would name (the payload itself is only hashed)."""
    pending = _Pending(account_id=account_id, what=describe_change(operation, payload))
    await store.set(_key(step_up_purpose(challenge_id)), pending.model_dump_json(), ttl_seconds=TTL_SECONDS)


@dataclass(frozen=True)
class TanSent:
    expires_in_seconds: int


class NothingToSend:
    """No code of this purpose for this account (unknown, expired or already used challenge)."""


class SendLimitReached:
    """The purpose's code was sent MAX_SENDS times; open a new challenge."""


SendOutcome = TanSent | NothingToSend | SendLimitReached | Throttled | SmsNotSent


async def send_code(
    store: Store,
    gateway: SmsGateway,
    *,
    purpose: str,
    account_id: int,
    mobile: str,
    secret_key: str,
    now: float,
) -> SendOutcome:
    """Send a fresh code for `purpose` (a new one replaces the last; each lives five minutes). A step-up
    purpose must have been prepared; the number's confirmation starts here."""
    key = _key(purpose)
    raw = await store.get(key)
    if raw is not None:
        pending = _Pending.model_validate_json(raw)
        if pending.account_id != account_id:
            return NothingToSend()
    elif purpose == confirmation_purpose(account_id):
        pending = _Pending(account_id=account_id)
    else:
        return NothingToSend()
    if pending.sends >= MAX_SENDS:
        return SendLimitReached()
    wait = await retry_after_per_window(
        store, key=f"sms-per-account:{account_id}", limit=SENDS_PER_HOUR, window_seconds=3600, now=now
    )
    if wait is not None:
        return Throttled(retry_after_seconds=wait)
    code = f"{secrets.randbelow(10**6):06d}"
    updated = pending.model_copy(
        update={
            "code_mac": _mac(secret_key, purpose, code),
            "sends": pending.sends + 1,
            "tries": 0,
            "expires_at": now + TTL_SECONDS,
        }
    )
    await store.set(key, updated.model_dump_json(), ttl_seconds=TTL_SECONDS)
    text = step_up_text(code, pending.what) if pending.what else confirmation_text(code)
    kind = "step-up-tan" if pending.what else "mobile-confirmation"
    try:
        await gateway.send_sms(Sms(kind=kind, to=mobile, text=text))
    except SmsNotSent as error:
        return error
    return TanSent(expires_in_seconds=TTL_SECONDS)


async def use_code(
    store: Store, *, purpose: str, account_id: int, code: str, secret_key: str, now: float
) -> bool:
    """True once for the right code of `purpose` within its five minutes; MAX_TRIES tries per code."""
    key = _key(purpose)
    raw = await store.get(key)
    if raw is None:
        return False
    pending = _Pending.model_validate_json(raw)
    if pending.account_id != account_id or not pending.code_mac or pending.tries >= MAX_TRIES:
        return False
    if now >= pending.expires_at:
        return False
    if hmac.compare_digest(pending.code_mac, _mac(secret_key, purpose, code.strip())):
        return await store.compare_and_set(key, raw, None)  # works once, also against a parallel try
    tried = pending.model_copy(update={"tries": pending.tries + 1})
    remaining = max(1, int(pending.expires_at - now) + 1)
    await store.compare_and_set(key, raw, tried.model_dump_json(), ttl_seconds=remaining)
    return False


async def forget(store: Store, *, purpose: str) -> None:
    await store.delete(_key(purpose))
