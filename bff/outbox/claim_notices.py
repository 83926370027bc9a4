"""E2: a notice by email and/or SMS, as the customer opted in, when the claims system reports a new
status for one of their claims. The claims system has no push, so a periodic job of the worker reads the
opted-in accounts' claims (their visible contracts' claims, B3/E1) and notifies every (claim, status) it
has not recorded for the account. Keyed by claim and status, never by time: a restart, a second worker
or a slow round never notifies one change twice. The first round after opting in records what is
known silently (a baseline), so opting in does not replay old news. The notice names the claim number
and the new status only."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from bff.backends.models import Claim
from bff.db.models import Account, ClaimNotice
from bff.domain.labels import CLAIM_STATUS_LABELS
from bff.domain.visibility import visible_claims, visible_contracts
from bff.i18n import both, in_locale
from bff.mail.base import dispatch
from bff.mail.texts import claim_status_mail
from bff.outbox.periodic import run_periodically
from bff.sms import Sms, SmsNotSent

if TYPE_CHECKING:
    from bff.context import AppState

log = logging.getLogger(__name__)

BATCH_SIZE = 100


def claim_status_sms(*, to: str, claim_number: str, status: str) -> Sms:
    """`status`: a msgid (bff/domain/labels.py)."""
    text = both(
        "Kundenportal: Ihr Schaden {claim_number} hat einen neuen Stand: {status}.",
        claim_number=claim_number,
        status=in_locale(status),
    )
    return Sms(kind="claim-status", to=to, text=" / ".join(text))


async def send_claim_notices(state: AppState, *, batch_size: int = BATCH_SIZE) -> int:
    """One round over every opted-in customer account; returns the status changes notified."""
    sent = 0
    after_id = 0
    while True:
        async with state.db.session() as session:
            rows = (
                (
                    await session.execute(
                        select(Account)
                        .where(
                            Account.id > after_id,
                            Account.role == "customer",
                            Account.status == "active",
                            Account.person_id != "",
                            or_(Account.claim_notices_by_email, Account.claim_notices_by_sms),
                        )
                        .order_by(Account.id)
                        .limit(batch_size)
                    )
                )
                .scalars()
                .all()
            )
        if not rows:
            return sent
        after_id = rows[-1].id
        sent += await _notify_batch(state, rows)


async def _claims_by_person(state: AppState, persons: Sequence[str]) -> dict[str, list[Claim]]:
    today = state.clock().date()
    contracts = await state.backends.policies.contracts_by_person_ids(persons)
    owner: dict[str, str] = {}
    for person in persons:
        for contract in visible_contracts(contracts, person_id=person, today=today):
            owner[contract.id] = person
    claims = await state.backends.claims.claims_by_contract_ids(sorted(owner)) if owner else []
    by_person: dict[str, list[Claim]] = defaultdict(list)
    for claim in visible_claims(claims):
        by_person[owner[claim.contract_id]].append(claim)
    return by_person


async def _notify_batch(state: AppState, rows: Sequence[Account]) -> int:
    by_person = await _claims_by_person(state, sorted({row.person_id for row in rows}))
    async with state.db.session() as session:
        query = select(ClaimNotice.account_id, ClaimNotice.claim_id, ClaimNotice.status).where(
            ClaimNotice.account_id.in_([row.id for row in rows])
        )
        known: dict[int, set[tuple[str, str]]] = defaultdict(set)
        for account_id, claim_id, status in (await session.execute(query)).all():
            known[account_id].add((claim_id, status))
    sent = 0
    for row in rows:
        claims = [c for c in by_person[row.person_id] if (c.id, c.status.value) not in known[row.id]]
        if row.claim_notices_since is None:
            await _take_baseline(state, account_id=row.id, claims=claims)
            continue
        for claim in claims:
            if await _record(state, account_id=row.id, claim=claim):  # else another worker has it
                await _notify(state, row, claim)
                sent += 1
    return sent


async def _take_baseline(state: AppState, *, account_id: int, claims: Sequence[Claim]) -> None:
    for claim in claims:
        await _record(state, account_id=account_id, claim=claim)
    async with state.db.session() as session:
        await session.execute(
            update(Account)
            .where(Account.id == account_id, Account.claim_notices_since.is_(None))
            .values(claim_notices_since=state.clock())
        )
        await session.commit()


async def _record(state: AppState, *, account_id: int, claim: Claim) -> bool:
    """Record the status as notified; False when another worker recorded it first."""
    async with state.db.session() as session:
        session.add(ClaimNotice(account_id=account_id, claim_id=claim.id, status=claim.status.value))
        try:
            await session.commit()
        except IntegrityError:
            return False
    return True


async def _notify(state: AppState, account: Account, claim: Claim) -> None:
    status = CLAIM_STATUS_LABELS[claim.status]
    settings = state.settings
    if account.claim_notices_by_email and account.email:
        link = f"{settings.public_base_url}/"
        mail = claim_status_mail(
            sender=settings.mail_from,
            to=account.email,
            link=link,
            claim_number=claim.claim_number,
            status=status,
        )
        await dispatch([mail], mailer=state.mailer, postal=state.postal)
    mobile = account.mobile if account.mobile_confirmed_at is not None else None
    if account.claim_notices_by_sms and mobile and state.sms is not None:
        with contextlib.suppress(SmsNotSent):  # logged by the gateway; the status is recorded as told
            await state.sms.send_sms(
                claim_status_sms(to=mobile, claim_number=claim.claim_number, status=status)
            )


async def run_claim_notices(state: AppState, stop: asyncio.Event, *, interval_seconds: float) -> None:
    await run_periodically(
        "claim notices", lambda: send_claim_notices(state), stop, interval_seconds=interval_seconds
    )
