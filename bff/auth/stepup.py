"""Step-up (TAN): a second-factor proof bound to one operation and a hash of its payload, so a TAN
for IBAN X can never confirm a change to IBAN Y (DESIGN: security model). Grants live 5 minutes and
work once."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from bff.store import Store

TTL_SECONDS = 300
MAX_CONFIRM_ATTEMPTS = 5


class StepUpOperation(StrEnum):
    CHANGE_BANK_ACCOUNT = "CHANGE_BANK_ACCOUNT"
    CHANGE_ADDRESS = "CHANGE_ADDRESS"
    CHANGE_PASSWORD = "CHANGE_PASSWORD"  # noqa: S105 - an operation name, not a password
    CHANGE_COMMUNICATION_DATA = "CHANGE_COMMUNICATION_DATA"
    REMOVE_SECOND_FACTOR = "REMOVE_SECOND_FACTOR"
    REMOVE_PASSKEY = "REMOVE_PASSKEY"
    DELETE_ACCOUNT = "DELETE_ACCOUNT"
    GRANT_PARTNER_ACCESS = "GRANT_PARTNER_ACCESS"  # with bank:read, a partner sees bank data (H2)
    ADD_SECOND_FACTOR = "ADD_SECOND_FACTOR"  # a further TOTP or passkey, proven with an existing factor


class Binding(BaseModel):
    """What a challenge, and the grant it turns into, is bound to."""

    account_id: int
    operation: StepUpOperation
    payload_hash: str


def _normalise(value: Any, key: str = "") -> Any:
    """The same change written differently hashes the same: trimmed strings, IBANs without spaces."""
    if isinstance(value, Mapping):
        return {str(k): _normalise(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalise(item, key) for item in value]
    if isinstance(value, str):
        text = value.strip()
        return "".join(text.split()).upper() if key.lower() == "iban" else text
    return value


def payload_hash(operation: StepUpOperation, payload: Mapping[str, Any]) -> str:
    canonical = json.dumps(
        [operation.value, _normalise(payload)], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _challenge_key(challenge_id: str) -> str:
    return f"stepup-challenge:{challenge_id}"


def _attempts_key(challenge_id: str) -> str:
    return f"stepup-attempts:{challenge_id}"


def _grant_key(grant: str) -> str:
    return "stepup-grant:" + hashlib.sha256(grant.encode()).hexdigest()


async def open_challenge(
    store: Store, *, account_id: int, operation: StepUpOperation, payload: Mapping[str, Any]
) -> str:
    challenge_id = secrets.token_urlsafe(24)
    challenge = Binding(
        account_id=account_id, operation=operation, payload_hash=payload_hash(operation, payload)
    )
    await store.set(_challenge_key(challenge_id), challenge.model_dump_json(), ttl_seconds=TTL_SECONDS)
    return challenge_id


@dataclass(frozen=True)
class PendingChallenge:
    challenge_id: str
    raw: str
    challenge: Binding


async def pending_challenge(store: Store, *, challenge_id: str, account_id: int) -> PendingChallenge | None:
    """The viewer's open challenge, counting this attempt; None when unknown, foreign or exhausted."""
    raw = await store.get(_challenge_key(challenge_id))
    if raw is None:
        return None
    challenge = Binding.model_validate_json(raw)
    if challenge.account_id != account_id:
        return None
    attempts = await store.incr(_attempts_key(challenge_id), ttl_seconds=TTL_SECONDS)
    if attempts > MAX_CONFIRM_ATTEMPTS:
        await store.delete(_challenge_key(challenge_id), _attempts_key(challenge_id))
        return None
    return PendingChallenge(challenge_id=challenge_id, raw=raw, challenge=challenge)


async def refresh_challenge(store: Store, *, challenge_id: str, account_id: int) -> bool:
    """Give the viewer's open challenge five minutes again (a TAN just sent by SMS is valid that long);
    False when it is unknown, foreign or closed."""
    key = _challenge_key(challenge_id)
    raw = await store.get(key)
    if raw is None or Binding.model_validate_json(raw).account_id != account_id:
        return False
    return await store.compare_and_set(key, raw, raw, ttl_seconds=TTL_SECONDS)


async def issue_grant(store: Store, pending: PendingChallenge) -> str | None:
    """Close the proven challenge and issue its grant; None when a concurrent proof closed it first."""
    if not await store.compare_and_set(_challenge_key(pending.challenge_id), pending.raw, None):
        return None
    await store.delete(_attempts_key(pending.challenge_id))
    grant = secrets.token_urlsafe(32)
    await store.set(_grant_key(grant), pending.raw, ttl_seconds=TTL_SECONDS)
    return grant


async def consume_grant(
    store: Store,
    *,
    grant: str | None,
    account_id: int,
    operation: StepUpOperation,
    payload: Mapping[str, Any],
) -> bool:
    """True exactly once for a grant issued to this account for this operation and this payload."""
    if not grant:
        return False
    key = _grant_key(grant)
    raw = await store.get(key)
    if raw is None:
        return False
    record = Binding.model_validate_json(raw)
    if (
        record.account_id != account_id
        or record.operation is not operation
        or record.payload_hash != payload_hash(operation, payload)
    ):
        return False
    return await store.compare_and_set(key, raw, None)
