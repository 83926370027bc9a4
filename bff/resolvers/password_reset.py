"""Forgotten password and customer number for the GraphQL API: the same answer whatever exists, the
lookup and the mails after the response, throttled per client address."""

from __future__ import annotations

from datetime import date

from bff.auth import password_reset
from bff.auth.password_policy import PasswordProblem
from bff.auth.password_reset import PasswordWasReset, Requester
from bff.auth.request_throttle import Throttled
from bff.auth.security_events import SecurityEventKind
from bff.context import Info
from bff.http.client_info import client_address
from bff.mail import Outgoing, dispatch_later
from bff.resolvers.common import notify_security_event
from bff.resolvers.registration import throttled


def _requester(info: Info) -> Requester:
    return Requester(client_address=client_address(info.context.request), request_id=info.context.request_id)


async def resolve_request_password_reset(info: Info, customer_number: str) -> Throttled | None:
    ctx = info.context
    if await throttled(info, "password-reset"):
        return Throttled()
    requester = _requester(info)

    async def find() -> list[Outgoing]:
        return await password_reset.request_password_reset(
            db=ctx.app.db,
            store=ctx.app.store,
            settings=ctx.settings,
            customer_number=customer_number,
            requester=requester,
        )

    dispatch_later(ctx.response, mailer=ctx.app.mailer, postal=ctx.app.postal, produce=find)
    return None


async def resolve_request_customer_number(
    info: Info, *, email: str, last_name: str, birth_date: date
) -> Throttled | None:
    ctx = info.context
    if await throttled(info, "customer-number"):
        return Throttled()
    requester = _requester(info)

    async def find() -> list[Outgoing]:
        return await password_reset.request_customer_number(
            db=ctx.app.db,
            backends=ctx.backends,
            store=ctx.app.store,
            settings=ctx.settings,
            email=email,
            last_name=last_name,
            birth_date=birth_date,
            requester=requester,
        )

    dispatch_later(ctx.response, mailer=ctx.app.mailer, postal=ctx.app.postal, produce=find)
    return None


async def resolve_reset_password(
    info: Info, *, token: str, new_password: str
) -> PasswordWasReset | list[PasswordProblem] | Throttled | None:
    ctx = info.context
    if await throttled(info, "reset-password"):
        return Throttled()
    outcome = await password_reset.reset_password(
        db=ctx.app.db,
        backends=ctx.backends,
        sessions=ctx.app.sessions,
        token=token,
        new_password=new_password,
        requester=_requester(info),
    )
    if isinstance(outcome, PasswordWasReset):
        # The link proved the owner: a lockout from earlier wrong passwords no longer applies.
        await ctx.app.throttle.record_success(customer_number=outcome.customer_number)
        notify_security_event(info, email=outcome.email, kind=SecurityEventKind.PASSWORD_RESET)
    return outcome
