"""A lost second factor recovered by post (issue 18, bff/auth/factor_recovery.py) for the GraphQL API:
the letter is asked for from an open sign-in challenge (the password proven), the owner's notice mail
goes out with the response; the letter's code is entered on a later challenge (`verifySecondFactor`'s
counting and throttling, bff/auth/login.py)."""

from __future__ import annotations

from bff.auth import factor_recovery
from bff.auth.ident_code import CodeRefusal, CodeSent
from bff.auth.login import LockedOut, SignedIn, challenged_account_id
from bff.auth.security_events import SecurityEventKind
from bff.db.models import Account
from bff.resolvers.auth import resolve_verify_second_factor
from bff.resolvers.common import notify_security_event
from bff.resolvers.registration import postal_recipient
from bff.scope import RequestScope


async def resolve_request_factor_recovery_letter(
    *, scope: RequestScope, challenge_id: str
) -> CodeSent | factor_recovery.LetterRefusal | None:
    """The letter to the address on file; None without an open sign-in challenge. The notice mail goes
    out at once, days before the letter arrives."""
    account_id = await challenged_account_id(scope.store, challenge_id)
    if account_id is None:
        return None
    async with scope.db.session() as session:
        account = await session.get(Account, account_id)
        if account is None:
            return None
        outcome = await factor_recovery.request_letter(
            session,
            scope.store,
            account=account,
            recipient=await postal_recipient(account, scope=scope),
            client_address=scope.client_address,
            request_id=scope.request_id,
        )
        await session.commit()
        email = account.email
    if isinstance(outcome, CodeSent):
        scope.mail.send_after_response([outcome.letter])
        notify_security_event(email=email, kind=SecurityEventKind.FACTOR_RECOVERY_REQUESTED, scope=scope)
    return outcome


async def resolve_recover_second_factor(
    *, scope: RequestScope, challenge_id: str, code: str
) -> SignedIn | LockedOut | CodeRefusal | None:
    """The letter's code on an open sign-in challenge: the lost factors are removed and the session
    starts (signed in with password and postal code); None when the challenge is gone."""
    return await resolve_verify_second_factor(
        scope=scope, challenge_id=challenge_id, code=None, credential=None, letter_code=code
    )
