"""Passkeys for the GraphQL API (A5): registered on a signed-in session, used to sign in without a
password, removed only with a step-up; audit events name the passkey row, never key material."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from bff.auth import passkeys
from bff.auth.audit import audit
from bff.auth.devices import DEVICE_COOKIE
from bff.auth.factor_changes import FactorMethod, FactorProofMissing
from bff.auth.login import SignedIn, start_session
from bff.auth.stepup import StepUpOperation, consume_grant
from bff.context import Info
from bff.db.models import Account, PasskeyCredential
from bff.errors import Unauthenticated
from bff.http.client_info import client_address, client_platform
from bff.resolvers.auth import hand_out_sign_in
from bff.resolvers.common import factor_addition_refused, security_event, viewer_account_id


class Removal(StrEnum):
    REMOVED = "REMOVED"
    STEP_UP_REQUIRED = "STEP_UP_REQUIRED"
    NOT_FOUND = "NOT_FOUND"


async def resolve_passkeys(info: Info) -> list[PasskeyCredential]:
    account_id = viewer_account_id(info)
    async with info.context.app.db.session() as session:
        return await passkeys.passkeys_of(session, account_id)


async def resolve_begin_registration(
    info: Info, *, password: str | None, step_up_grant: str | None
) -> Any | FactorProofMissing:
    """The first factor needs the password again; a further one a step-up with an existing factor."""
    account_id = viewer_account_id(info)
    ctx = info.context
    async with ctx.app.db.session() as session:
        account = await session.get(Account, account_id)
        if account is None:
            raise Unauthenticated()
        missing = await factor_addition_refused(
            info,
            session,
            account,
            method=FactorMethod.PASSKEY,
            password=password,
            step_up_grant=step_up_grant,
        )
        if missing is not None:
            return missing
        options = await passkeys.begin_registration(session, ctx.app.store, ctx.settings, account=account)
    return json.loads(options)


async def resolve_finish_registration(
    info: Info, *, credential: object, name: str | None
) -> PasskeyCredential | None:
    """The registered passkey, or None when the response does not verify."""
    account_id = viewer_account_id(info)
    if not isinstance(credential, dict):
        return None
    ctx = info.context
    async with ctx.app.db.session() as session:
        passkey = await passkeys.finish_registration(
            session,
            ctx.app.store,
            ctx.settings,
            account_id=account_id,
            credential=credential,
            name=name or "",
        )
        if passkey is None:
            return None
        await security_event(
            info, session, "passkey.registered", account_id=account_id, passkey_id=passkey.id
        )
        await session.commit()
    return passkey


async def resolve_begin_login(info: Info, *, customer_number: str | None) -> Any:
    """Usernameless options; with a customer number, its passkeys in allowCredentials. An unknown number
    gets the same answer as a usernameless request."""
    ctx = info.context
    async with ctx.app.db.session() as session:
        account_id = None
        if customer_number and customer_number.strip():
            account_id = await session.scalar(
                select(Account.id).where(Account.customer_number == customer_number.strip())
            )
        options = await passkeys.begin_authentication(
            session, ctx.app.store, ctx.settings, account_id=account_id, purpose=passkeys.LOGIN
        )
    return json.loads(options)


async def resolve_finish_login(info: Info, *, credential: object) -> SignedIn | None:
    """A passkey is both factors at once (possession plus user verification), so no second step."""
    ctx = info.context
    if not isinstance(credential, dict):
        return None
    async with ctx.app.db.session() as session:
        passkey = await passkeys.finish_authentication(
            session, ctx.app.store, ctx.settings, credential=credential, purpose=passkeys.LOGIN
        )
        account = await session.get(Account, passkey.account_id) if passkey else None
        if account is None or account.status != "active":
            await session.rollback()
            audit(
                session,
                "passkey.login_failed",
                account_id=await passkeys.account_of_credential(session, credential),
                client_address=client_address(ctx.request),
                request_id=ctx.request_id,
            )
            await session.commit()
            return None
        signed_in = await start_session(
            session,
            ctx.app.sessions,
            account,
            platform=client_platform(ctx.request),
            client_address=client_address(ctx.request),
            request_id=ctx.request_id,
            second_factor="passkey",
            device_token=ctx.request.cookies.get(DEVICE_COOKIE),
        )
    await hand_out_sign_in(info, signed_in)
    return signed_in


async def resolve_remove_passkey(info: Info, *, passkey_id: str, step_up_grant: str | None) -> Removal:
    """Needs a step-up grant for exactly this passkey; afterwards every other session of the account
    ends, so whoever might have used the passkey is signed out."""
    account_id = viewer_account_id(info)
    ctx = info.context
    try:
        row_id = int(passkey_id)
    except ValueError:
        return Removal.NOT_FOUND
    async with ctx.app.db.session() as session:
        if row_id not in {p.id for p in await passkeys.passkeys_of(session, account_id)}:
            return Removal.NOT_FOUND
        granted = await consume_grant(
            ctx.app.store,
            grant=step_up_grant,
            account_id=account_id,
            operation=StepUpOperation.REMOVE_PASSKEY,
            payload={"passkeyId": str(row_id)},
        )
        if not granted:
            return Removal.STEP_UP_REQUIRED
        if not await passkeys.remove(session, account_id=account_id, passkey_id=row_id):
            return Removal.NOT_FOUND
        await security_event(info, session, "passkey.removed", account_id=account_id, passkey_id=row_id)
        await session.commit()
    await ctx.app.sessions.end_all(account_id, except_token=ctx.session_token)
    return Removal.REMOVED
