"""Account deletion and withdrawal (A7) and the first-login assistant (A9) for the signed-in viewer."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from bff.auth import lifecycle, stepup
from bff.auth.audit import audit
from bff.db.models import Account
from bff.resolvers.common import audit_request
from bff.scope import RequestScope


class DeletionRefusal(StrEnum):
    WRONG_PASSWORD = "WRONG_PASSWORD"  # noqa: S105 - a refusal name
    WITHDRAWAL_PERIOD_OVER = "WITHDRAWAL_PERIOD_OVER"
    STEP_UP_REQUIRED = "STEP_UP_REQUIRED"


async def resolve_delete_account(
    *, scope: RequestScope, password: str, withdrawal: bool, step_up_grant: str | None
) -> DeletionRefusal | None:
    """Delete the viewer's account: the password always, a step-up too when a second factor exists.
    A withdrawal (Widerruf) is only possible within 14 days of accepting the terms."""
    account_id = scope.account_id
    async with scope.db.session() as session:
        account = await session.get(Account, account_id)
        if account is None or not await scope.throttle.password_matches(
            customer_number=account.customer_number,
            password_hash=account.password_hash,
            password=password,
            client_address=scope.client_address,
        ):
            return DeletionRefusal.WRONG_PASSWORD
        if withdrawal and not lifecycle.may_withdraw(account):
            return DeletionRefusal.WITHDRAWAL_PERIOD_OVER
        steps = await lifecycle.setup_steps(session, account)
        if steps[lifecycle.SetupStep.SECOND_FACTOR] and not await stepup.consume_grant(
            scope.store,
            grant=step_up_grant,
            account_id=account_id,
            operation=stepup.StepUpOperation.DELETE_ACCOUNT,
            payload={},
        ):
            return DeletionRefusal.STEP_UP_REQUIRED
        await lifecycle.delete_account(session, account)
        # Recorded without the client address, like every earlier event of the deleted account.
        audit(
            session,
            "account.deleted",
            account_id=account_id,
            client_address=None,
            request_id=scope.request_id,
            withdrawal=withdrawal,
        )
        await session.commit()
    await scope.sessions.end_all(account_id)  # the entry point tells a browser to drop the cookie
    return None


async def resolve_withdrawal_deadline(*, scope: RequestScope) -> datetime | None:
    account = await scope.loaders.account_by_id.load(scope.account_id)
    if account is None:
        return None
    deadline = lifecycle.withdrawal_deadline(account)
    return deadline if deadline >= datetime.now(UTC) else None


async def resolve_setup_steps(*, scope: RequestScope) -> dict[lifecycle.SetupStep, bool]:
    account_id = scope.account_id
    async with scope.db.session() as session:
        account = await session.get(Account, account_id)
        return {} if account is None else await lifecycle.setup_steps(session, account)


async def resolve_decide_delivery_consent(*, scope: RequestScope) -> None:
    """A9: the customer has seen the delivery-consent step (the choice itself is a service request)."""
    account_id = scope.account_id
    async with scope.db.session() as session:
        account = await session.get(Account, account_id)
        if account is not None and account.delivery_consent_decided_at is None:
            account.delivery_consent_decided_at = datetime.now(UTC)
            audit_request(session, "setup.delivery_consent_decided", account_id=account_id, scope=scope)
            await session.commit()
