"""Forgotten password and customer number (A4): run after the response, so neither answer nor timing
tells whether an account exists; the customer number and the reset link travel in separate mails."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth import account_tokens
from bff.auth.account_tokens import TokenPurpose
from bff.auth.audit import audit
from bff.auth.password_policy import PasswordProblem, password_problems
from bff.auth.passwords import names_for_password_rules, replace_password
from bff.auth.registration import comparable_name
from bff.auth.sessions import SessionManager
from bff.auth.throttle import allow_per_key
from bff.backends import Backends, UpstreamError
from bff.db.engine import Database
from bff.db.models import Account
from bff.domain.contact_data import normalised_email
from bff.mail import Outgoing
from bff.mail import texts as mails
from bff.mail.links import RESET_PASSWORD, mail_link
from bff.settings import Settings
from bff.store import Store

log = logging.getLogger(__name__)

RESET_VALID_FOR = timedelta(hours=1)
MAILS_PER_ACCOUNT = 5
"""Reset mails per account, requesting address and hour."""
DEDUP_SECONDS = 300
"""One reset or customer-number mail per account in this time, whoever asks: nobody floods an inbox."""
MAIL_WINDOW_SECONDS = 3600


@dataclass(frozen=True)
class PasswordWasReset:
    customer_number: str
    sessions_ended: int
    email: str | None = None  # where the security notice goes


@dataclass(frozen=True)
class Requester:
    """Where an anonymous request came from, for the audit log."""

    client_address: str | None
    request_id: str | None


async def _reset_mail(session: AsyncSession, *, settings: Settings, account: Account) -> Outgoing:
    token = await account_tokens.issue_link_token(
        session, account_id=account.id, purpose=TokenPurpose.PASSWORD_RESET, valid_for=RESET_VALID_FOR
    )
    link = mail_link(settings, RESET_PASSWORD, token)
    assert account.email is not None
    return mails.password_reset_mail(sender=settings.mail_from, to=account.email, link=link)


async def _mail_allowed(store: Store, account: Account, requester: Requester) -> bool:
    """At most one mail per account in DEDUP_SECONDS, whoever asks (the link in the last one still
    works), and MAILS_PER_ACCOUNT per hour for each requesting address: strangers flooding the number
    neither fill the inbox nor use up the owner's own requests (issue 18)."""
    if not await allow_per_key(
        store, key=f"reset-mail-dedup:{account.id}", limit=1, window_seconds=DEDUP_SECONDS
    ):
        return False
    return await allow_per_key(
        store,
        key=f"reset-mail:{account.id}:{requester.client_address or 'unknown'}",
        limit=MAILS_PER_ACCOUNT,
        window_seconds=MAIL_WINDOW_SECONDS,
    )


async def request_password_reset(
    *, db: Database, store: Store, settings: Settings, customer_number: str, requester: Requester
) -> list[Outgoing]:
    """The reset mail when the account exists and has an email address; else nothing."""
    async with db.session() as session:
        account = await session.scalar(
            select(Account).where(Account.customer_number == customer_number.strip())
        )
        if account is None or not account.email or not await _mail_allowed(store, account, requester):
            return []
        mail = await _reset_mail(session, settings=settings, account=account)
        audit(
            session,
            "password_reset.requested",
            account_id=account.id,
            client_address=requester.client_address,
            request_id=requester.request_id,
        )
        await session.commit()
        return [mail]


async def reset_password(
    *,
    db: Database,
    backends: Backends,
    sessions: SessionManager,
    token: str,
    new_password: str,
    requester: Requester,
) -> PasswordWasReset | list[PasswordProblem] | None:
    """Set the new password with a reset link (once) and end every session; None for a bad link. A weak
    password leaves the link usable. A pending account becomes active: the link proved the address."""
    async with db.session() as session:
        row = await account_tokens.find_link_token(session, token=token, purpose=TokenPurpose.PASSWORD_RESET)
        account = await session.get(Account, row.account_id) if row is not None else None
        if row is None or account is None:
            return None
        names = await names_for_password_rules(backends, account.person_id)
        problems = await password_problems(
            new_password, customer_number=account.customer_number, names=names, extra=[account.email or ""]
        )
        if problems:
            return problems
        if not await account_tokens.mark_used(session, row.id):
            return None
        await replace_password(account, new_password)
        if account.status == "pending":
            account.status, account.activated_at = "active", datetime.now(UTC)
        audit(
            session,
            "password_reset.completed",
            account_id=account.id,
            client_address=requester.client_address,
            request_id=requester.request_id,
        )
        await session.commit()
        account_id, customer_number, email = account.id, account.customer_number, account.email
    ended = await sessions.end_all(account_id)
    return PasswordWasReset(customer_number=customer_number, sessions_ended=ended, email=email)


async def _matching_accounts(
    session: AsyncSession, backends: Backends, *, email: str, last_name: str, birth_date: date
) -> Sequence[Account]:
    """Accounts with this email whose partners person has this name and birth date. A non-customer has
    no person: the email alone identifies them (registration keeps it unique), and the mail goes only
    to that address."""
    accounts = list(await session.scalars(select(Account).where(func.lower(Account.email) == email.lower())))
    person_ids = [account.person_id for account in accounts if account.person_id]
    persons = {p.id: p for p in await backends.partners.persons_by_ids(person_ids)} if person_ids else {}

    def matches(account: Account) -> bool:
        if not account.person_id:
            return not account.is_customer
        person = persons.get(account.person_id)
        return (
            person is not None
            and person.last_name is not None
            and comparable_name(person.last_name) == comparable_name(last_name)
            and person.birth_date == birth_date
        )

    return [account for account in accounts if matches(account)]


async def request_customer_number(
    *,
    db: Database,
    backends: Backends,
    store: Store,
    settings: Settings,
    email: str,
    last_name: str,
    birth_date: date,
    requester: Requester,
) -> list[Outgoing]:
    """Two mails when exactly one account matches: the customer number, and a reset link."""
    address = normalised_email(email)
    if address is None:
        return []
    async with db.session() as session:
        try:
            found = await _matching_accounts(
                session, backends, email=address, last_name=last_name, birth_date=birth_date
            )
        except UpstreamError:
            log.warning("partners unavailable: forgotten customer number request not answered by mail")
            return []
        account = found[0] if len(found) == 1 else None
        if account is None or not account.email or not await _mail_allowed(store, account, requester):
            return []
        number_mail = mails.customer_number_mail(
            sender=settings.mail_from, to=account.email, customer_number=account.customer_number
        )
        reset_mail = await _reset_mail(session, settings=settings, account=account)
        audit(
            session,
            "customer_number.requested",
            account_id=account.id,
            client_address=requester.client_address,
            request_id=requester.request_id,
        )
        await session.commit()
        return [number_mail, reset_mail]
