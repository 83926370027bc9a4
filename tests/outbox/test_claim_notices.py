"""E2: a claim status change the claims system reports produces one email and one SMS for a customer who
opted into both, none for one who opted out; never twice (a second round, two workers at once), never
for statuses known when the customer opted in, and naming only claim number and new status."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from email.message import EmailMessage
from typing import Any

import pytest
from sqlalchemy import update

from bff.db.models import Account
from bff.mail import kind_of
from bff.outbox.claim_notices import send_claim_notices
from bff.settings import Settings
from bff.simulator.app import Simulator
from bff.simulator.db import ClaimRow
from tests.factories import app_state
from tests.support.customers import clone_customer
from tests.support.mail import SmtpSink, body, client_of, running_app
from tests.support.sms import SmsProvider, sms_provider

SETTINGS = """{ notificationSettings { claimStatusByEmail claimStatusBySms email smsAvailable
  mobile { masked confirmed } } }"""
CHANGE = """mutation($email: Boolean!, $sms: Boolean!) {
  changeNotificationSettings(claimStatusByEmail: $email, claimStatusBySms: $sms) { __typename
    ... on NotificationSettings { claimStatusByEmail claimStatusBySms }
    ... on NotificationSettingsRefused { reason message messageEn } } }"""


@pytest.fixture(scope="module")
async def provider() -> AsyncIterator[SmsProvider]:
    with sms_provider() as running:
        yield running


@pytest.fixture(scope="module")
async def notice_app(
    settings: Settings, simulator: Simulator, smtp: tuple[SmtpSink, int], provider: SmsProvider
) -> AsyncIterator[Any]:
    """The app with a real SMTP server and a real SMS provider endpoint."""
    changes = {"smtp_host": "127.0.0.1", "smtp_port": smtp[1], "sms_url": provider.url}
    async with running_app(settings, simulator, **changes) as application:
        yield application


async def _customer_with_a_claim(
    app: Any, simulator: Simulator, *, confirmed: bool = True
) -> tuple[Account, str]:
    """A copy of demo customer 100002 (one contract) with an open property claim; returns the claim id."""
    account = await clone_customer(app, simulator, like="100002")
    suffix = uuid.uuid4().hex[:8]
    values: dict[str, Any] = {"email": f"claims-{suffix}@kunden.example"}
    values["mobile"] = f"+49151{uuid.uuid4().int % 10**8:08d}"
    values["mobile_confirmed_at"] = datetime.now(UTC) if confirmed else None
    async with app_state(app).db.session() as session:
        await session.execute(update(Account).where(Account.id == account.id).values(**values))
        await session.commit()
    for key, value in values.items():
        setattr(account, key, value)
    claim_id = f"cl-t{suffix}"
    async with simulator.sessionmaker() as session:
        session.add(
            ClaimRow(
                id=claim_id,
                claim_number=f"S-{suffix.upper()}",
                contract_id=f"{account.person_id}-0",
                kind="PROPERTY",
                benefit_type="Leitungswasserschaden",
                status="REPORTED",
                occurred_on=date(2026, 11, 2),
                reported_on=date(2026, 11, 3),
                expected_completion=None,
                closed_on=None,
                payments=[{"paid_on": "2026-11-20", "amount": "1234.56", "currency": "EUR"}],
                legal=None,
                reserve_cents=500000,
            )
        )
        await session.commit()
    return account, claim_id


async def _set_status(simulator: Simulator, claim_id: str, status: str) -> None:
    """What the claims handler does in the claims system."""
    async with simulator.sessionmaker() as session:
        await session.execute(update(ClaimRow).where(ClaimRow.id == claim_id).values(status=status))
        await session.commit()


def _claim_mails(sink: SmtpSink, address: str | None) -> list[EmailMessage]:
    """Claim status mails only (a sign-in from a new browser sends a security notice too)."""
    return [mail for mail in sink.to(address or "") if kind_of(mail) == "claim-status"]


async def _opt(app: Any, account: Account, *, email: bool, sms: bool) -> dict[str, Any]:
    async with client_of(app) as client:
        await client.login(account.customer_number)
        answer: dict[str, Any] = (await client.execute(CHANGE, {"email": email, "sms": sms}))["data"][
            "changeNotificationSettings"
        ]
        return answer


async def test_one_mail_and_one_sms_per_status_change_for_who_opted_in_only(
    notice_app: Any, simulator: Simulator, smtp: tuple[SmtpSink, int], provider: SmsProvider
) -> None:
    sink = smtp[0]
    state = app_state(notice_app)
    opted_in, claim_in = await _customer_with_a_claim(notice_app, simulator)
    opted_out, claim_out = await _customer_with_a_claim(notice_app, simulator)
    assert (await _opt(notice_app, opted_in, email=True, sms=True))["claimStatusBySms"] is True
    await _opt(notice_app, opted_out, email=True, sms=True)
    await _opt(notice_app, opted_out, email=False, sms=False)

    await send_claim_notices(state)  # the baseline: the claim was REPORTED before opting in, no news
    assert _claim_mails(sink, opted_in.email) == [] and provider.to(opted_in.mobile or "") == []

    await _set_status(simulator, claim_in, "APPROVED")
    await _set_status(simulator, claim_out, "APPROVED")
    await asyncio.gather(send_claim_notices(state), send_claim_notices(state, batch_size=1))
    await send_claim_notices(state)  # a later round (or a restarted worker) does not send it again

    (mail,) = _claim_mails(sink, opted_in.email)
    (sms,) = provider.to(opted_in.mobile or "")
    number = f"S-{claim_in.removeprefix('cl-t').upper()}"
    assert number in body(mail) and "Bewilligt" in body(mail) and "Approved" in body(mail)
    assert number in sms["text"] and "Bewilligt" in sms["text"] and sms["reference"] == "claim-status"
    for text in (body(mail), sms["text"]):  # claim number and status only: no amounts, no damage
        assert "1234" not in text and "5000" not in text and "Leitungswasser" not in text
    assert _claim_mails(sink, opted_out.email) == [] and provider.to(opted_out.mobile or "") == []

    await _set_status(simulator, claim_in, "PAID")
    await send_claim_notices(state)
    assert len(_claim_mails(sink, opted_in.email)) == 2 and len(provider.to(opted_in.mobile or "")) == 2


async def test_sms_notices_need_a_confirmed_mobile_number(notice_app: Any, simulator: Simulator) -> None:
    account, _ = await _customer_with_a_claim(notice_app, simulator, confirmed=False)
    refused = await _opt(notice_app, account, email=True, sms=True)
    assert refused["__typename"] == "NotificationSettingsRefused"
    assert refused["reason"] == "MOBILE_NOT_CONFIRMED" and refused["messageEn"]
    async with client_of(notice_app) as client:
        await client.login(account.customer_number)
        settings = (await client.execute(SETTINGS))["data"]["notificationSettings"]
    assert settings["claimStatusByEmail"] is False and settings["smsAvailable"] is True
    assert settings["mobile"]["confirmed"] is False and settings["mobile"]["masked"].endswith(
        (account.mobile or "")[-2:]
    )
