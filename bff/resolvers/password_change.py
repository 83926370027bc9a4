"""Password change by the signed-in customer (A5): the current password, the strength rules and a
step-up grant for CHANGE_PASSWORD (payload `{}`); every other session ends (ASVS 7.4.3)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bff.auth import stepup
from bff.auth.password_policy import PasswordProblem, password_problems
from bff.auth.passwords import names_for_password_rules, replace_password
from bff.db.models import Account
from bff.resolvers.common import security_event
from bff.scope import RequestScope


class PasswordChangeRefusal(StrEnum):
    WRONG_PASSWORD = "WRONG_PASSWORD"  # noqa: S105 - a refusal name
    STEP_UP_REQUIRED = "STEP_UP_REQUIRED"


@dataclass(frozen=True)
class PasswordChanged:
    sessions_ended: int


async def resolve_change_password(
    *, scope: RequestScope, current_password: str, new_password: str, step_up_grant: str | None
) -> PasswordChanged | PasswordChangeRefusal | list[PasswordProblem]:
    account_id = scope.account_id
    throttle = scope.throttle
    async with scope.db.session() as session:
        account = await session.get(Account, account_id)
        if account is None:
            return PasswordChangeRefusal.WRONG_PASSWORD
        if not await throttle.password_matches(
            customer_number=account.customer_number,
            password_hash=account.password_hash,
            password=current_password,
            client_address=scope.client_address,
        ):
            return PasswordChangeRefusal.WRONG_PASSWORD
        names = await names_for_password_rules(scope.backends, account.person_id)
        problems = await password_problems(
            new_password, customer_number=account.customer_number, names=names, extra=[account.email or ""]
        )
        if problems:
            return problems
        if not await stepup.consume_grant(
            scope.store,
            grant=step_up_grant,
            account_id=account_id,
            operation=stepup.StepUpOperation.CHANGE_PASSWORD,
            payload={},
        ):
            return PasswordChangeRefusal.STEP_UP_REQUIRED
        await replace_password(account, new_password)
        await security_event(session, "password.changed", account_id=account_id, scope=scope)
        await session.commit()
    ended = await scope.sessions.end_all(account_id, except_token=scope.session_token)
    return PasswordChanged(sessions_ended=ended)
