"""Passkeys (WebAuthn, A5): registration and sign-in ceremonies with single-use challenges in the store.

Only public keys are kept; a challenge is found again by the `challenge` inside clientDataJSON and is
consumed atomically, so every options/response pair works once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from bff.db.models import Account, PasskeyCredential
from bff.settings import Settings
from bff.store import Store

log = logging.getLogger(__name__)

CHALLENGE_TTL_SECONDS = 300
LOGIN = "login"
REGISTRATION = "registration"
MAX_PASSKEYS_PER_ACCOUNT = 20
NAME_MAX_LENGTH = 80
DEFAULT_NAME = "Passkey"


class _Ceremony(BaseModel):
    purpose: str
    account_id: int | None


def _challenge_key(challenge: bytes) -> str:
    return "webauthn-challenge:" + bytes_to_base64url(challenge)


def user_handle(settings: Settings, account_id: int) -> bytes:
    """A stable, opaque WebAuthn user id: no customer number or personal data leaves for the authenticator."""
    return hmac.new(
        settings.secret_key.encode(), f"webauthn-user:{account_id}".encode(), hashlib.sha256
    ).digest()


def _requires_user_verification(purpose: str) -> bool:
    """A passwordless sign-in rests on the passkey alone, so the authenticator must verify the user
    (PIN, biometrics); as a second step after a password, presence is enough."""
    return purpose == LOGIN


def _client_challenge(credential: dict[str, Any]) -> bytes | None:
    """The challenge the browser signed over, read from clientDataJSON; None when malformed."""
    try:
        client_data = json.loads(base64url_to_bytes(credential["response"]["clientDataJSON"]))
        challenge = base64url_to_bytes(client_data["challenge"])
    except (TypeError, KeyError, ValueError):
        return None
    return challenge or None


async def _take_ceremony(
    store: Store, credential: dict[str, Any], *, purpose: str, account_id: int | None
) -> tuple[bytes, _Ceremony] | None:
    """Consume the challenge the credential answers, if it was issued for this purpose (and account)."""
    challenge = _client_challenge(credential)
    if challenge is None:
        return None
    key = _challenge_key(challenge)
    raw = await store.get(key)
    if raw is None:
        return None
    try:
        ceremony = _Ceremony.model_validate_json(raw)
    except ValidationError:
        return None
    if ceremony.purpose != purpose:
        return None
    if account_id is not None and ceremony.account_id not in (None, account_id):
        return None
    if not await store.compare_and_set(key, raw, None):
        return None  # answered concurrently
    return challenge, ceremony


async def _open_ceremony(store: Store, challenge: bytes, ceremony: _Ceremony) -> None:
    await store.set(_challenge_key(challenge), ceremony.model_dump_json(), ttl_seconds=CHALLENGE_TTL_SECONDS)


def _descriptor(passkey: PasskeyCredential) -> PublicKeyCredentialDescriptor:
    transports = []
    for value in passkey.transports.get("transports", []):
        try:
            transports.append(AuthenticatorTransport(value))
        except ValueError:
            continue
    return PublicKeyCredentialDescriptor(id=base64url_to_bytes(passkey.credential_id), transports=transports)


async def passkeys_of(session: AsyncSession, account_id: int) -> list[PasskeyCredential]:
    rows = await session.scalars(
        select(PasskeyCredential)
        .where(PasskeyCredential.account_id == account_id)
        .order_by(PasskeyCredential.created_at, PasskeyCredential.id)
    )
    return list(rows)


async def has_passkey(session: AsyncSession, account_id: int) -> bool:
    count = await session.scalar(
        select(func.count()).select_from(PasskeyCredential).where(PasskeyCredential.account_id == account_id)
    )
    return bool(count)


async def begin_registration(
    session: AsyncSession, store: Store, settings: Settings, *, account: Account
) -> str:
    """Options for navigator.credentials.create(): a discoverable credential, none already registered."""
    options = generate_registration_options(
        rp_id=settings.webauthn_rp_id,
        rp_name=settings.webauthn_rp_name,
        user_id=user_handle(settings, account.id),
        user_name=account.customer_number,
        user_display_name=account.customer_number,
        timeout=CHALLENGE_TTL_SECONDS * 1000,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=[_descriptor(p) for p in await passkeys_of(session, account.id)],
    )
    await _open_ceremony(store, options.challenge, _Ceremony(purpose=REGISTRATION, account_id=account.id))
    return options_to_json(options)


async def finish_registration(
    session: AsyncSession,
    store: Store,
    settings: Settings,
    *,
    account_id: int,
    credential: dict[str, Any],
    name: str,
) -> PasskeyCredential | None:
    """The new passkey (added, not committed), or None when the response does not verify."""
    taken = await _take_ceremony(store, credential, purpose=REGISTRATION, account_id=account_id)
    if taken is None or taken[1].account_id != account_id:
        return None
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=taken[0],
            expected_rp_id=settings.webauthn_rp_id,
            expected_origin=settings.webauthn_origins,
        )
    except (WebAuthnException, ValueError) as exc:
        log.info("passkey registration refused: %s", str(exc)[:200])
        return None
    credential_id = bytes_to_base64url(verified.credential_id)
    known = await session.scalar(
        select(PasskeyCredential.id).where(PasskeyCredential.credential_id == credential_id)
    )
    owned = await session.scalar(
        select(func.count()).select_from(PasskeyCredential).where(PasskeyCredential.account_id == account_id)
    )
    if known is not None or (owned or 0) >= MAX_PASSKEYS_PER_ACCOUNT:
        return None
    passkey = PasskeyCredential(
        account_id=account_id,
        credential_id=credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        transports={"transports": _transports(credential)},
        name=name.strip()[:NAME_MAX_LENGTH] or DEFAULT_NAME,
        aaguid=verified.aaguid,
        backed_up=verified.credential_backed_up,
        created_at=datetime.now(UTC),
    )
    session.add(passkey)
    await session.flush()
    return passkey


def _transports(credential: dict[str, Any]) -> list[str]:
    """The transports the browser reported, offered again in allow/excludeCredentials."""
    response = credential.get("response")
    transports = response.get("transports") if isinstance(response, dict) else None
    return [t for t in transports if isinstance(t, str)][:10] if isinstance(transports, list) else []


async def begin_authentication(
    session: AsyncSession, store: Store, settings: Settings, *, account_id: int | None, purpose: str
) -> str:
    """Options for navigator.credentials.get(): the account's passkeys, or none for a usernameless
    sign-in with a discoverable credential."""
    allowed = [_descriptor(p) for p in await passkeys_of(session, account_id)] if account_id else []
    options = generate_authentication_options(
        rp_id=settings.webauthn_rp_id,
        timeout=CHALLENGE_TTL_SECONDS * 1000,
        allow_credentials=allowed,
        user_verification=UserVerificationRequirement.REQUIRED
        if _requires_user_verification(purpose)
        else UserVerificationRequirement.PREFERRED,
    )
    await _open_ceremony(store, options.challenge, _Ceremony(purpose=purpose, account_id=account_id))
    return options_to_json(options)


async def account_of_credential(session: AsyncSession, credential: dict[str, Any]) -> int | None:
    """The account a (possibly refused) credential belongs to, for the audit trail."""
    credential_id = credential.get("id")
    if not isinstance(credential_id, str):
        return None
    account_id: int | None = await session.scalar(
        select(PasskeyCredential.account_id).where(PasskeyCredential.credential_id == credential_id)
    )
    return account_id


async def finish_authentication(
    session: AsyncSession,
    store: Store,
    settings: Settings,
    *,
    credential: dict[str, Any],
    purpose: str,
    account_id: int | None = None,
) -> PasskeyCredential | None:
    """The passkey that signed the challenge (sign count and last use updated, not committed), or None."""
    taken = await _take_ceremony(store, credential, purpose=purpose, account_id=account_id)
    if taken is None:
        return None
    challenge, ceremony = taken
    credential_id = credential.get("id")
    if not isinstance(credential_id, str):
        return None
    passkey: PasskeyCredential | None = await session.scalar(
        select(PasskeyCredential).where(PasskeyCredential.credential_id == credential_id)
    )
    expected_owner = ceremony.account_id or account_id
    if passkey is None or expected_owner not in (None, passkey.account_id):
        return None
    if not _user_handle_matches(settings, credential, passkey, required=expected_owner is None):
        return None
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=settings.webauthn_rp_id,
            expected_origin=settings.webauthn_origins,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=_requires_user_verification(purpose),
        )
    except (WebAuthnException, ValueError) as exc:
        log.info("passkey assertion refused: %s", str(exc)[:200])
        return None
    # Conditional, so two assertions racing with the same counter cannot both pass.
    new_count = verified.new_sign_count
    counted = await session.execute(
        update(PasskeyCredential)
        .where(
            PasskeyCredential.id == passkey.id,
            PasskeyCredential.sign_count < new_count if new_count else PasskeyCredential.sign_count == 0,
        )
        .values(sign_count=new_count, last_used_at=datetime.now(UTC), backed_up=verified.credential_backed_up)
    )
    if counted.rowcount != 1:  # type: ignore[attr-defined]
        return None
    await session.refresh(passkey)
    return passkey


def _user_handle_matches(
    settings: Settings, credential: dict[str, Any], passkey: PasskeyCredential, *, required: bool
) -> bool:
    """WebAuthn §7.2 step 6: the user handle, when given (and always for usernameless sign-in), must
    name the passkey's owner."""
    response = credential.get("response")
    handle = response.get("userHandle") if isinstance(response, dict) else None
    if not handle:
        return not required
    try:
        given = base64url_to_bytes(handle)
    except (TypeError, ValueError):
        return False
    return hmac.compare_digest(given, user_handle(settings, passkey.account_id))


async def remove(session: AsyncSession, *, account_id: int, passkey_id: int) -> bool:
    """Delete one of the account's passkeys; False when it is not the account's. Not committed."""
    deleted = await session.execute(
        delete(PasskeyCredential).where(
            PasskeyCredential.id == passkey_id, PasskeyCredential.account_id == account_id
        )
    )
    return bool(deleted.rowcount == 1)  # type: ignore[attr-defined]


async def remove_all(session: AsyncSession, *, account_id: int) -> int:
    """Delete every passkey of the account (a lost factor recovered by post); how many. Not committed."""
    deleted = await session.execute(
        delete(PasskeyCredential).where(PasskeyCredential.account_id == account_id)
    )
    return int(deleted.rowcount or 0)  # type: ignore[attr-defined]
