"""Online registration (A1–A3, A7, A8) and activation by the emailed link. Whether someone already has an
account is never told in the answer: that case mails the account's owner and answers like a success."""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bff.auth import account_tokens
from bff.auth.account_tokens import TokenPurpose
from bff.auth.audit import audit
from bff.auth.ident_code import recipient_block
from bff.auth.password_policy import PasswordProblem, password_problems
from bff.auth.passwords import hash_password
from bff.backends import Backends
from bff.backends import models as up
from bff.db.engine import Database
from bff.db.models import Account
from bff.domain.contact_data import MobileProblem, normalised_email, normalised_mobile
from bff.mail import Outgoing
from bff.mail import texts as mails
from bff.mail.links import ACTIVATE, mail_link
from bff.settings import Settings

ACTIVATION_VALID_FOR = timedelta(days=7)
NON_CUSTOMER_PREFIX = "9"  # generated customer numbers 9xxxxxxx never collide with the insurer's
_NON_CUSTOMER_DIGITS = 7


class RegistrationRefusal(StrEnum):
    TERMS_NOT_ACCEPTED = "TERMS_NOT_ACCEPTED"
    INVALID_EMAIL = "INVALID_EMAIL"
    NON_CUSTOMERS_NOT_ACCEPTED = "NON_CUSTOMERS_NOT_ACCEPTED"
    DATA_MISMATCH = "DATA_MISMATCH"  # policy number, last name and birth date do not fit together


@dataclass(frozen=True)
class RegistrationRequest:
    last_name: str
    first_name: str
    birth_date: date
    email: str
    mobile: str
    password: str
    accept_terms: bool
    policy_number: str | None = None


@dataclass(frozen=True)
class Received:
    """The same answer for a new and an existing account; only `outgoing` differs."""

    outgoing: list[Outgoing] = field(default_factory=list)


@dataclass(frozen=True)
class Activated:
    customer_number: str


RegistrationOutcome = Received | RegistrationRefusal | MobileProblem | list[PasswordProblem]


@dataclass(frozen=True)
class _Checked:
    email: str
    mobile: str


def comparable_name(name: str) -> str:
    """Case- and space-insensitive form of a name ('von der Heide' == 'VonderHeide')."""
    return "".join(unicodedata.normalize("NFC", name).casefold().split())


def _normalised_policy_number(raw: str) -> str:
    return "".join(char for char in raw if char.isalnum()).upper()[:32]


async def find_policyholder(backends: Backends, policy_number: str) -> up.Person | None:
    """The natural person holding the contract with this number (policies, then partners)."""
    number = _normalised_policy_number(policy_number)
    if not number:
        return None
    contracts = await backends.policies.contracts_by_policy_numbers([number])
    contract = next((c for c in contracts if c.policy_number == number), None)
    if contract is None or contract.holder_kind is not up.PersonKind.NATURAL:
        return None
    persons = await backends.partners.persons_by_ids([contract.holder_id])
    return persons[0] if persons else None


def _matches(person: up.Person, request: RegistrationRequest) -> bool:
    return (
        person.customer_number is not None
        and person.last_name is not None
        and comparable_name(person.last_name) == comparable_name(request.last_name)
        and person.birth_date == request.birth_date
    )


def _check_input(request: RegistrationRequest) -> _Checked | RegistrationRefusal | MobileProblem:
    if not request.accept_terms:
        return RegistrationRefusal.TERMS_NOT_ACCEPTED
    email = normalised_email(request.email)
    if email is None:
        return RegistrationRefusal.INVALID_EMAIL
    mobile = normalised_mobile(request.mobile)
    if isinstance(mobile, MobileProblem):
        return mobile
    return _Checked(email=email, mobile=mobile)


async def register(
    *,
    db: Database,
    backends: Backends,
    settings: Settings,
    request: RegistrationRequest,
    client_address: str | None,
    request_id: str | None,
) -> RegistrationOutcome:
    """Raises UpstreamError when policies or partners are unavailable."""
    customer = bool(request.policy_number and request.policy_number.strip())
    if not customer and not settings.allow_non_customers:
        return RegistrationRefusal.NON_CUSTOMERS_NOT_ACCEPTED
    checked = _check_input(request)
    if not isinstance(checked, _Checked):
        return checked
    person = await find_policyholder(backends, request.policy_number or "") if customer else None
    async with db.session() as session:
        if customer and (person is None or not _matches(person, request)):
            audit(
                session,
                "registration.mismatch",
                account_id=None,
                client_address=client_address,
                request_id=request_id,
            )
            await session.commit()
            return RegistrationRefusal.DATA_MISMATCH
        names = [request.first_name, request.last_name]
        if person is not None:
            names += [person.first_name or "", person.last_name or ""]
        customer_number = person.customer_number if person is not None else None
        problems = await password_problems(
            request.password,
            customer_number=customer_number,
            names=names,
            extra=[request.email, request.birth_date.isoformat()],
        )
        if problems:
            return problems
        # Hashed in every case, so the time taken does not tell a new account from an existing one.
        password_hash = await hash_password(request.password)
        existing = await _existing_account(session, customer_number=customer_number, email=checked.email)
        if existing is None:
            created = await _create_pending(
                session, person=person, request=request, contact=checked, password_hash=password_hash
            )
            if created is not None:
                return await _welcome(
                    session,
                    account=created,
                    settings=settings,
                    client_address=client_address,
                    request_id=request_id,
                )
            # A concurrent registration for the same customer won: answer as for an existing account.
            existing = await _existing_account(session, customer_number=customer_number, email=checked.email)
            if existing is None:
                raise RuntimeError("registration conflict without an existing account")
        return await _repeated(
            session,
            account=existing,
            person=person,
            settings=settings,
            client_address=client_address,
            request_id=request_id,
        )


async def _create_pending(
    session: AsyncSession,
    *,
    person: up.Person | None,
    request: RegistrationRequest,
    contact: _Checked,
    password_hash: str,
) -> Account | None:
    """The new, not yet activated account; None when the customer number was taken meanwhile. A
    non-customer's account keeps the name they typed: it is all the portal knows of them."""
    now = datetime.now(UTC)
    account = Account(
        customer_number=person.customer_number if person else await _new_customer_number(session),
        person_id=person.id if person is not None else "",
        password_hash=password_hash,
        ident_level=1,
        is_customer=person is not None,
        first_name=None if person is not None else _clean_name(request.first_name),
        last_name=None if person is not None else _clean_name(request.last_name),
        status="pending",
        email=contact.email,
        mobile=contact.mobile,
        terms_accepted_at=now,
        password_changed_at=now,
    )
    session.add(account)
    try:
        await session.flush()
    except IntegrityError:
        await session.rollback()
        return None
    return account


def _clean_name(name: str) -> str | None:
    return " ".join(unicodedata.normalize("NFC", name).split())[:100] or None


async def _welcome(
    session: AsyncSession,
    *,
    account: Account,
    settings: Settings,
    client_address: str | None,
    request_id: str | None,
) -> Received:
    """The activation link for a new account, by email."""
    token = await account_tokens.issue_link_token(
        session, account_id=account.id, purpose=TokenPurpose.ACTIVATION, valid_for=ACTIVATION_VALID_FOR
    )
    audit(
        session,
        "registration.received",
        account_id=account.id,
        client_address=client_address,
        request_id=request_id,
        customer=account.is_customer,
    )
    await session.commit()
    assert account.email is not None
    link = mail_link(settings, ACTIVATE, token)
    return Received([mails.activation_mail(sender=settings.mail_from, to=account.email, link=link)])


async def _existing_account(
    session: AsyncSession, *, customer_number: str | None, email: str
) -> Account | None:
    """A customer's account by customer number; a non-customer's by email (their only identity)."""
    if customer_number is not None:
        return await session.scalar(select(Account).where(Account.customer_number == customer_number))
    return await session.scalar(
        select(Account).where(func.lower(Account.email) == email.lower()).order_by(Account.id).limit(1)
    )


async def _repeated(
    session: AsyncSession,
    *,
    account: Account,
    person: up.Person | None,
    settings: Settings,
    client_address: str | None,
    request_id: str | None,
) -> Received:
    """Tell the account's owner (a pending account also gets a fresh activation link), and, for a
    customer, the person at the postal address on file (issue 18: whoever registered first with policy
    number, name and birth date may not be the customer; the letter reaches the real one)."""
    link = None
    if account.status == "pending":
        token = await account_tokens.issue_link_token(
            session, account_id=account.id, purpose=TokenPurpose.ACTIVATION, valid_for=ACTIVATION_VALID_FOR
        )
        link = mail_link(settings, ACTIVATE, token)
    audit(
        session,
        "registration.repeated",
        account_id=account.id,
        client_address=client_address,
        request_id=request_id,
    )
    await session.commit()
    recipient = recipient_block(person) if person is not None else None
    letter: list[Outgoing] = []
    if recipient is not None:
        letter.append(
            mails.registration_attempt_letter(customer_number=account.customer_number, recipient=recipient)
        )
    if not account.email:
        return Received(letter)
    mail = mails.registration_attempt_mail(sender=settings.mail_from, to=account.email, activation_link=link)
    return Received([mail, *letter])


async def _new_customer_number(session: AsyncSession) -> str:
    while True:
        number = NON_CUSTOMER_PREFIX + "".join(
            secrets.choice("0123456789") for _ in range(_NON_CUSTOMER_DIGITS)
        )
        if await session.scalar(select(Account.id).where(Account.customer_number == number)) is None:
            return number


async def activate(
    *, db: Database, token: str, client_address: str | None, request_id: str | None
) -> Activated | None:
    """Use the emailed link once: the account becomes active and can sign in. None for any bad link."""
    async with db.session() as session:
        row = await account_tokens.find_link_token(session, token=token, purpose=TokenPurpose.ACTIVATION)
        account = await session.get(Account, row.account_id) if row is not None else None
        if row is None or account is None or not await account_tokens.mark_used(session, row.id):
            return None
        if account.status == "pending":
            account.status = "active"
            account.activated_at = datetime.now(UTC)
        audit(
            session,
            "account.activated",
            account_id=account.id,
            client_address=client_address,
            request_id=request_id,
        )
        await session.commit()
        return Activated(customer_number=account.customer_number)
