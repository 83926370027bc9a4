"""Passkeys for the GraphQL API (A5): registered on a signed-in session, used to sign in without a
password, removed only with a step-up; audit events name the passkey row, never key material."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from bff.auth import passkeys
from bff.auth.audit import audit
from bff.auth.factor_changes import FactorMethod, FactorProofMissing
from bff.auth.login import SignedIn, start_session
from bff.auth.stepup import StepUpOperation, consume_grant
from bff.db.models import Account, PasskeyCredential
from bff.errors import Unauthenticated
from bff.resolvers.auth import hand_out_sign_in
from bff.resolvers.common import factor_addition_refused, security_event
from bff.scope import RequestScope


class Removal(StrEnum):
    REMOVED = "REMOVED"
    STEP_UP_REQUIRED = "STEP_UP_REQUIRED"
    NOT_FOUND = "NOT_FOUND"


async def resolve_passkeys(*, scope: RequestScope) -> list[PasskeyCredential]:
    account_id = scope.account_id
    async with scope.db.session() as session:
        return await passkeys.passkeys_of(session, account_id)


async def resolve_begin_registration(
    *, scope: RequestScope, password: str | None, step_up_grant: str | None
) -> Any | FactorProofMissing:
    """The first factor needs the password again; a further one a step-up with an existing factor."""
    account_id = scope.account_id
    async with scope.db.session() as session:
        account = await session.get(Account, account_id)
        if account is None:
            raise Unauthenticated()
        missing = await factor_addition_refused(
            session,
            account,
            method=FactorMethod.PASSKEY,
            password=password,
            step_up_grant=step_up_grant,
            scope=scope,
        )
        if missing is not None:
            return missing
        options = await passkeys.begin_registration(session, scope.store, scope.settings, account=account)
    return json.loads(options)


async def resolve_finish_registration(
    *, scope: RequestScope, credential: object, name: str | None
) -> PasskeyCredential | None:
    """The registered passkey, or None when the response does not verify."""
    account_id = scope.account_id
    if not isinstance(credential, dict):
        return None
    async with scope.db.session() as session:
        passkey = await passkeys.finish_registration(
            session,
            scope.store,
            scope.settings,
            account_id=account_id,
            credential=credential,
            name=name or "",
        )
        if passkey is None:
            return None
        await security_event(
            session, "passkey.registered", account_id=account_id, passkey_id=passkey.id, scope=scope
        )
        await session.commit()
    return passkey


async def resolve_begin_login(*, scope: RequestScope, customer_number: str | None) -> Any:
    """Usernameless options; with a customer number, its passkeys in allowCredentials. An unknown number
    gets the same answer as a usernameless request."""
    async with scope.db.session() as session:
        account_id = None
        if customer_number and customer_number.strip():
            account_id = await session.scalar(
                select(Account.id).where(Account.customer_number == customer_number.strip())
            )
        options = await passkeys.begin_authentication(
            session, scope.store, scope.settings, account_id=account_id, purpose=passkeys.LOGIN
        )
    return json.loads(options)


async def resolve_finish_login(*, scope: RequestScope, credential: object) -> SignedIn | None:
    """A passkey is both factors at once (possession plus user verification), so no second step."""
    if not isinstance(credential, dict):
        return None
    async with scope.db.session() as session:
        passkey = await passkeys.finish_authentication(
            session, scope.store, scope.settings, credential=credential, purpose=passkeys.LOGIN
        )
        account = await session.get(Account, passkey.account_id) if passkey else None
        if account is None or account.status != "active":
            await session.rollback()
            audit(
                session,
                "passkey.login_failed",
                account_id=await passkeys.account_of_credential(session, credential),
                client_address=scope.client_address,
                request_id=scope.request_id,
            )
            await session.commit()
            return None
        signed_in = await start_session(
            session,
            scope.sessions,
            account,
            platform=scope.platform,
            client_address=scope.client_address,
            request_id=scope.request_id,
            second_factor="passkey",
            device_token=scope.device_token,
        )
    await hand_out_sign_in(signed_in, scope=scope)
    return signed_in


async def resolve_remove_passkey(
    *, scope: RequestScope, passkey_id: str, step_up_grant: str | None
) -> Removal:
    """Needs a step-up grant for exactly this passkey; afterwards every other session of the account
    ends, so whoever might have used the passkey is signed out."""
    account_id = scope.account_id
    try:
        row_id = int(passkey_id)
    except ValueError:
        return Removal.NOT_FOUND
    async with scope.db.session() as session:
        if row_id not in {p.id for p in await passkeys.passkeys_of(session, account_id)}:
            return Removal.NOT_FOUND
        granted = await consume_grant(
            scope.store,
            grant=step_up_grant,
            account_id=account_id,
            operation=StepUpOperation.REMOVE_PASSKEY,
            payload={"passkeyId": str(row_id)},
        )
        if not granted:
            return Removal.STEP_UP_REQUIRED
        if not await passkeys.remove(session, account_id=account_id, passkey_id=row_id):
            return Removal.NOT_FOUND
        await security_event(
            session, "passkey.removed", account_id=account_id, passkey_id=row_id, scope=scope
        )
        await session.commit()
    await scope.sessions.end_all(account_id, except_token=scope.session_token)
    return Removal.REMOVED
