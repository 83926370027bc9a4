"""Registration, activation and the postal ident code for the GraphQL API: throttling per client address,
mails and letters after the response, the session raised to ident level 2."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bff.auth import ident_code, registration
from bff.auth.ident_code import CodeRefusal
from bff.auth.registration import Activated, RegistrationOutcome, RegistrationRequest
from bff.auth.throttle import Throttled, allow_anonymous_request, allow_per_key
from bff.backends import models as up
from bff.db.models import Account
from bff.errors import Unauthenticated
from bff.outbox.calendar import expected_letter_arrival
from bff.resolvers.auth import hand_out
from bff.resolvers.common import audit_request, upstream
from bff.scope import RequestScope

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


async def throttled(action: str, *, scope: RequestScope) -> bool:
    address = scope.client_address
    return not await allow_anonymous_request(scope.store, action=action, client_address=address)


async def resolve_register(
    request: RegistrationRequest, *, scope: RequestScope
) -> RegistrationOutcome | Throttled:
    if await throttled("register", scope=scope):
        return Throttled()
    outcome = await upstream(
        registration.register(
            db=scope.db,
            backends=scope.backends,
            settings=scope.settings,
            request=request,
            client_address=scope.client_address,
            request_id=scope.request_id,
        )
    )
    if isinstance(outcome, registration.Received):
        scope.mail.send_after_response(outcome.outgoing)
    return outcome


async def resolve_activate_account(token: str, *, scope: RequestScope) -> Activated | Throttled | None:
    if await throttled("activate", scope=scope):
        return Throttled()
    return await registration.activate(
        db=scope.db, token=token, client_address=scope.client_address, request_id=scope.request_id
    )


async def _postal_person(account: Account, *, scope: RequestScope) -> up.Person | None:
    if not account.is_customer or not account.person_id:
        return None
    persons = await upstream(scope.backends.partners.persons_by_ids([account.person_id]))
    return persons[0] if persons else None


async def postal_recipient(account: Account, *, scope: RequestScope) -> tuple[str, ...] | None:
    """Name and address on file for a letter to the account's customer; None for non-customers, staff
    and customers without a postal address."""
    person = await _postal_person(account, scope=scope)
    return None if person is None else ident_code.recipient_block(person)


@dataclass(frozen=True)
class IdentLetterSent:
    valid_until: datetime
    expected_on: date  # a delivery day where the customer lives (their state's holidays count)


async def resolve_request_ident_code(*, scope: RequestScope) -> IdentLetterSent | IdentCodeRefusal:
    """When the letter is expected and its code expires; it goes to the address the insurer has on file."""
    account_id = scope.account_id
    async with scope.db.session() as session:
        account = await session.get(Account, account_id)
        if account is None:
            raise Unauthenticated()
        if account.ident_level >= 2:
            return IdentCodeRefusal.ALREADY_IDENTIFIED
        person = await _postal_person(account, scope=scope)
        recipient = None if person is None else ident_code.recipient_block(person)
        if person is None or recipient is None:
            return IdentCodeRefusal.NOT_AVAILABLE
        if not await allow_per_key(
            scope.store, key=f"ident-letter:{account_id}", limit=LETTERS_PER_DAY, window_seconds=86400
        ):
            return IdentCodeRefusal.TOO_MANY_REQUESTS
        sent = await ident_code.issue_code(session, account=account, recipient=recipient)
        audit_request(session, "ident_code.requested", account_id=account_id, scope=scope)
        await session.commit()
    scope.mail.send_after_response([sent.letter])
    state = person.address.federal_state if person.address else None
    return IdentLetterSent(
        valid_until=sent.valid_until, expected_on=expected_letter_arrival(scope.clock(), customer_state=state)
    )


async def resolve_confirm_ident_code(code: str, *, scope: RequestScope) -> IdentRaised | CodeRefusal:
    account_id = scope.account_id
    async with scope.db.session() as session:
        refusal = await ident_code.confirm_code(session, account_id=account_id, code=code)
        outcome = "confirmed" if refusal is None else refusal.value.lower()
        audit_request(session, "ident_code.checked", account_id=account_id, outcome=outcome, scope=scope)
        await session.commit()
    if refusal is not None:
        return refusal
    # The session continues at level 2 under a new token (a privilege change renews the session id).
    rotated = await scope.sessions.rotate(scope.session_token, ident_level=2) if scope.session_token else None
    if rotated is None:
        raise Unauthenticated()
    token, data = rotated
    await hand_out(token, scope=scope)
    idle = scope.sessions.idle_for(data.platform)
    return IdentRaised(ident_level=2, token=token, expires_in_seconds=int(idle.total_seconds()))
