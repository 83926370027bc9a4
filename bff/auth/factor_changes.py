"""Adding a second factor (issue 18): with a factor in place only a step-up with an existing one may add
another; the very first factor needs the password again. A stolen session alone can never plant a factor
(and a password reset leaves factors alone, so the planted one could not outlive the owner's reset)."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth import passkeys, stepup, totp
from bff.auth.throttle import LoginThrottle
from bff.db.models import Account
from bff.store import Store


class FactorMethod(StrEnum):
    TOTP = "TOTP"
    PASSKEY = "PASSKEY"


class FactorProofMissing(StrEnum):
    PASSWORD_REQUIRED = "PASSWORD_REQUIRED"  # noqa: S105 - an outcome, not a password
    WRONG_PASSWORD = "WRONG_PASSWORD"  # noqa: S105
    STEP_UP_REQUIRED = "STEP_UP_REQUIRED"


def add_factor_payload(method: FactorMethod) -> dict[str, str]:
    """The step-up payload for ADD_SECOND_FACTOR."""
    return {"method": method.value}


async def has_any_factor(session: AsyncSession, account_id: int) -> bool:
    return await totp.has_confirmed_factor(session, account_id) or await passkeys.has_passkey(
        session, account_id
    )


async def prove_factor_addition(
    session: AsyncSession,
    *,
    store: Store,
    throttle: LoginThrottle,
    account: Account,
    method: FactorMethod,
    password: str | None,
    step_up_grant: str | None,
    client_address: str | None,
) -> FactorProofMissing | None:
    """None when the viewer proved it may add a factor; a wrong password counts like a failed sign-in."""
    if await has_any_factor(session, account.id):
        granted = await stepup.consume_grant(
            store,
            grant=step_up_grant,
            account_id=account.id,
            operation=stepup.StepUpOperation.ADD_SECOND_FACTOR,
            payload=add_factor_payload(method),
        )
        return None if granted else FactorProofMissing.STEP_UP_REQUIRED
    if not password:
        return FactorProofMissing.PASSWORD_REQUIRED
    matches = await throttle.password_matches(
        customer_number=account.customer_number,
        password_hash=account.password_hash,
        password=password,
        client_address=client_address,
    )
    return None if matches else FactorProofMissing.WRONG_PASSWORD
