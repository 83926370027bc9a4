"""Account deletion and withdrawal (A7) and the first-login assistant (A9) for the signed-in viewer."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from bff.auth import lifecycle, stepup
from bff.auth.audit import audit
from bff.context import Info
from bff.db.models import Account
from bff.http.client_info import client_address
from bff.resolvers.auth import end_browser_session
from bff.resolvers.common import audit_request, viewer_account_id


class DeletionRefusal(StrEnum):
    WRONG_PASSWORD = "WRONG_PASSWORD"  # noqa: S105 - a refusal name
    WITHDRAWAL_PERIOD_OVER = "WITHDRAWAL_PERIOD_OVER"
    STEP_UP_REQUIRED = "STEP_UP_REQUIRED"


async def resolve_delete_account(
    info: Info, *, password: str, withdrawal: bool, step_up_grant: str | None
) -> DeletionRefusal | None:
    """Delete the viewer's account: the password always, a step-up too when a second factor exists.
    A withdrawal (Widerruf) is only possible within 14 days of accepting the terms."""
    account_id = viewer_account_id(info)
    ctx = info.context
    async with ctx.app.db.session() as session:
        account = await session.get(Account, account_id)
        if account is None or not await ctx.app.throttle.password_matches(
            customer_number=account.customer_number,
            password_hash=account.password_hash,
            password=password,
            client_address=client_address(ctx.request),
        ):
            return DeletionRefusal.WRONG_PASSWORD
        if withdrawal and not lifecycle.may_withdraw(account):
            return DeletionRefusal.WITHDRAWAL_PERIOD_OVER
        steps = await lifecycle.setup_steps(session, account)
        if steps[lifecycle.SetupStep.SECOND_FACTOR] and not await stepup.consume_grant(
            ctx.app.store,
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
            request_id=ctx.request_id,
            withdrawal=withdrawal,
        )
        await session.commit()
    await ctx.app.sessions.end_all(account_id)
    end_browser_session(info)
    return None


async def resolve_withdrawal_deadline(info: Info) -> datetime | None:
    account = await info.context.loaders.account_by_id.load(viewer_account_id(info))
    if account is None:
        return None
    deadline = lifecycle.withdrawal_deadline(account)
    return deadline if deadline >= datetime.now(UTC) else None


async def resolve_setup_steps(info: Info) -> dict[lifecycle.SetupStep, bool]:
    account_id = viewer_account_id(info)
    async with info.context.app.db.session() as session:
        account = await session.get(Account, account_id)
        return {} if account is None else await lifecycle.setup_steps(session, account)


async def resolve_decide_delivery_consent(info: Info) -> None:
    """A9: the customer has seen the delivery-consent step (the choice itself is a service request)."""
    account_id = viewer_account_id(info)
    async with info.context.app.db.session() as session:
        account = await session.get(Account, account_id)
        if account is not None and account.delivery_consent_decided_at is None:
            account.delivery_consent_decided_at = datetime.now(UTC)
            audit_request(info, session, "setup.delivery_consent_decided", account_id=account_id)
            await session.commit()
