"""Registration, activation and the postal ident code for the GraphQL API: throttling per client address,
mails and letters after the response, the session raised to ident level 2."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bff.auth import ident_code, registration
from bff.auth.ident_code import CodeRefusal
from bff.auth.registration import Activated, RegistrationOutcome, RegistrationRequest
from bff.auth.request_throttle import Throttled, allow_anonymous_request, allow_per_key
from bff.context import Info
from bff.db.models import Account
from bff.errors import Unauthenticated
from bff.http.client_info import client_address
from bff.mail import Outgoing, deliver_after_response
from bff.resolvers.auth import hand_out
from bff.resolvers.common import audit_request, upstream, viewer_account_id

LETTERS_PER_DAY = 3  # each letter costs postage; a new one replaces the old code anyway


class IdentCodeRefusal(StrEnum):
    NOT_AVAILABLE = "NOT_AVAILABLE"  # non-customer, or no postal address on file
    ALREADY_IDENTIFIED = "ALREADY_IDENTIFIED"
    TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS"


@dataclass(frozen=True)
class IdentRaised:
    ident_level: int
    token: str
    expires_in_seconds: int


def send_later(info: Info, items: list[Outgoing]) -> None:
    ctx = info.context
    deliver_after_response(ctx.response, mailer=ctx.app.mailer, postal=ctx.app.postal, items=items)


async def throttled(info: Info, action: str) -> bool:
    address = client_address(info.context.request)
    return not await allow_anonymous_request(info.context.app.store, action=action, client_address=address)


async def resolve_register(info: Info, request: RegistrationRequest) -> RegistrationOutcome | Throttled:
    ctx = info.context
    if await throttled(info, "register"):
        return Throttled()
    outcome = await upstream(
        registration.register(
            db=ctx.app.db,
            backends=ctx.backends,
            settings=ctx.settings,
            request=request,
            client_address=client_address(ctx.request),
            request_id=ctx.request_id,
        )
    )
    if isinstance(outcome, registration.Received):
        send_later(info, outcome.outgoing)
    return outcome


async def resolve_activate_account(info: Info, token: str) -> Activated | Throttled | None:
    ctx = info.context
    if await throttled(info, "activate"):
        return Throttled()
    return await registration.activate(
        db=ctx.app.db, token=token, client_address=client_address(ctx.request), request_id=ctx.request_id
    )


async def postal_recipient(info: Info, account: Account) -> tuple[str, ...] | None:
    """Name and address on file for a letter to the account's customer; None for non-customers, staff
    and customers without a postal address."""
    if not account.is_customer or not account.person_id:
        return None
    persons = await upstream(info.context.backends.partners.persons_by_ids([account.person_id]))
    return ident_code.recipient_block(persons[0]) if persons else None


async def resolve_request_ident_code(info: Info) -> datetime | IdentCodeRefusal:
    """When the letter's code expires; the letter goes to the address the insurer has on file."""
    account_id = viewer_account_id(info)
    ctx = info.context
    async with ctx.app.db.session() as session:
        account = await session.get(Account, account_id)
        if account is None:
            raise Unauthenticated()
        if account.ident_level >= 2:
            return IdentCodeRefusal.ALREADY_IDENTIFIED
        recipient = await postal_recipient(info, account)
        if recipient is None:
            return IdentCodeRefusal.NOT_AVAILABLE
        if not await allow_per_key(
            ctx.app.store, key=f"ident-letter:{account_id}", limit=LETTERS_PER_DAY, window_seconds=86400
        ):
            return IdentCodeRefusal.TOO_MANY_REQUESTS
        sent = await ident_code.issue_code(session, account=account, recipient=recipient)
        audit_request(info, session, "ident_code.requested", account_id=account_id)
        await session.commit()
    send_later(info, [sent.letter])
    return sent.valid_until


async def resolve_confirm_ident_code(info: Info, code: str) -> IdentRaised | CodeRefusal:
    account_id = viewer_account_id(info)
    ctx = info.context
    async with ctx.app.db.session() as session:
        refusal = await ident_code.confirm_code(session, account_id=account_id, code=code)
        outcome = "confirmed" if refusal is None else refusal.value.lower()
        audit_request(info, session, "ident_code.checked", account_id=account_id, outcome=outcome)
        await session.commit()
    if refusal is not None:
        return refusal
    # The session continues at level 2 under a new token (a privilege change renews the session id).
    rotated = await ctx.app.sessions.rotate(ctx.session_token, ident_level=2) if ctx.session_token else None
    if rotated is None:
        raise Unauthenticated()
    token, data = rotated
    await hand_out(info, token)
    idle = ctx.app.sessions.idle_for(data.platform)
    return IdentRaised(ident_level=2, token=token, expires_in_seconds=int(idle.total_seconds()))
