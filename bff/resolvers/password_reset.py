"""Forgotten password and customer number for the GraphQL API: the same answer whatever exists, the
lookup and the mails after the response, throttled per client address."""

from __future__ import annotations

from datetime import date

from bff.auth import password_reset
from bff.auth.password_policy import PasswordProblem
from bff.auth.password_reset import PasswordWasReset, Requester
from bff.auth.security_events import SecurityEventKind
from bff.auth.throttle import Throttled
from bff.mail import Outgoing
from bff.resolvers.common import notify_security_event
from bff.resolvers.registration import throttled
from bff.scope import RequestScope


def _requester(*, scope: RequestScope) -> Requester:
    return Requester(client_address=scope.client_address, request_id=scope.request_id)


async def resolve_request_password_reset(customer_number: str, *, scope: RequestScope) -> Throttled | None:
    if await throttled("password-reset", scope=scope):
        return Throttled()
    requester = _requester(scope=scope)

    async def find() -> list[Outgoing]:
        return await password_reset.request_password_reset(
            db=scope.db,
            store=scope.store,
            settings=scope.settings,
            customer_number=customer_number,
            requester=requester,
        )

    scope.mail.produce_after_response(find)
    return None


async def resolve_request_customer_number(
    *, scope: RequestScope, email: str, last_name: str, birth_date: date
) -> Throttled | None:
    if await throttled("customer-number", scope=scope):
        return Throttled()
    requester = _requester(scope=scope)

    async def find() -> list[Outgoing]:
        return await password_reset.request_customer_number(
            db=scope.db,
            backends=scope.backends,
            store=scope.store,
            settings=scope.settings,
            email=email,
            last_name=last_name,
            birth_date=birth_date,
            requester=requester,
        )

    scope.mail.produce_after_response(find)
    return None


async def resolve_reset_password(
    *, scope: RequestScope, token: str, new_password: str
) -> PasswordWasReset | list[PasswordProblem] | Throttled | None:
    if await throttled("reset-password", scope=scope):
        return Throttled()
    outcome = await password_reset.reset_password(
        db=scope.db,
        backends=scope.backends,
        sessions=scope.sessions,
        token=token,
        new_password=new_password,
        requester=_requester(scope=scope),
    )
    if isinstance(outcome, PasswordWasReset):
        # The link proved the owner: a lockout from earlier wrong passwords no longer applies.
        await scope.throttle.record_success(customer_number=outcome.customer_number)
        notify_security_event(email=outcome.email, kind=SecurityEventKind.PASSWORD_RESET, scope=scope)
    return outcome
