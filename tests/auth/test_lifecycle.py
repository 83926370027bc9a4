"""Account lifecycle: withdrawal within 14 days and deletion (A7), the first-login assistant (A9)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from bff.db.models import Account, AuditEvent, PartnerGrant, RecoveryCode, TotpFactor
from bff.demo_accounts import DEMO_PASSWORD
from tests.conftest import Client
from tests.factories import create_account
from tests.support.otp import enrol_totp, step_up
from tests.support.partners import grant_access, new_portal

DELETE = """mutation($password: String!, $withdrawal: Boolean!, $grant: String) {
  deleteAccount(password: $password, withdrawal: $withdrawal, stepUpGrant: $grant) { __typename
    ... on AccountDeleted { withdrawal } ... on WithdrawalPeriodOver { message messageEn }
    ... on PasswordIncorrect { messageEn } ... on StepUpRequired { operation } } }"""
STEPS = "{ viewer { setupSteps { step done } withdrawalPossibleUntil } }"


async def test_first_login_assistant_lists_what_is_left(client: Client, app: Any) -> None:
    account = await create_account(app, must_change_password=True, terms_accepted_at=datetime.now(UTC))
    await client.login(account.customer_number)
    viewer = (await client.execute(STEPS))["data"]["viewer"]
    assert viewer["setupSteps"] == [
        {"step": "SECOND_FACTOR", "done": False},
        {"step": "DELIVERY_CONSENT", "done": False},
        {"step": "PASSWORD_CHANGE", "done": False},
    ]
    until = datetime.fromisoformat(viewer["withdrawalPossibleUntil"])
    assert timedelta(days=13, hours=23) < until - datetime.now(UTC) <= timedelta(days=14)

    await enrol_totp(client)
    done = await client.execute("mutation { completeDeliveryConsentStep { steps { step done } } }")
    assert [s["done"] for s in done["data"]["completeDeliveryConsentStep"]["steps"]] == [True, True, False]


async def test_withdrawal_within_14_days_deletes_account_and_data(client: Client, app: Any) -> None:
    account = await create_account(app, terms_accepted_at=datetime.now(UTC) - timedelta(days=13))
    other_device = await client.login(account.customer_number)
    await client.login(account.customer_number)
    portal = await new_portal(app)
    granted = await grant_access(client, portal.partner_id, ["CONTRACTS_READ"])
    assert granted["__typename"] == "PartnerAccessGranted", granted
    wrong = await client.execute(DELETE, {"password": "falsch", "withdrawal": True})
    assert wrong["data"]["deleteAccount"]["__typename"] == "PasswordIncorrect"

    deleted = await client.execute(DELETE, {"password": DEMO_PASSWORD, "withdrawal": True})
    assert deleted["data"]["deleteAccount"] == {"__typename": "AccountDeleted", "withdrawal": True}
    assert (await client.execute("{ viewer { id } }"))["data"]["viewer"] is None
    assert await app.state.bff.sessions.resolve(other_device) is None
    async with app.state.bff.db.session() as session:
        assert await session.get(Account, account.id) is None
        assert await session.get(PartnerGrant, granted["grant"]["id"]) is None, "the partner's access ends"
        events = (await session.scalars(select(AuditEvent).where(AuditEvent.account_id == account.id))).all()
    assert "account.deleted" in {e.action for e in events}
    assert all(e.client_address is None for e in events), "no address kept for a deleted account"
    client.token = None
    login = await client.execute(
        'mutation($n: String!) { login(customerNumber: $n, password: "Demo-Kunde-2026!") { __typename } }',
        {"n": account.customer_number},
    )
    assert login["data"]["login"]["__typename"] == "LoginFailed"


async def test_after_14_days_no_withdrawal_but_deletion_with_step_up(client: Client, app: Any) -> None:
    account = await create_account(app, terms_accepted_at=datetime.now(UTC) - timedelta(days=15))
    await client.login(account.customer_number)
    assert (await client.execute(STEPS))["data"]["viewer"]["withdrawalPossibleUntil"] is None
    late = await client.execute(DELETE, {"password": DEMO_PASSWORD, "withdrawal": True})
    assert late["data"]["deleteAccount"]["__typename"] == "WithdrawalPeriodOver"

    authenticator = await enrol_totp(client)
    refused = await client.execute(DELETE, {"password": DEMO_PASSWORD, "withdrawal": False})
    assert refused["data"]["deleteAccount"] == {"__typename": "StepUpRequired", "operation": "DELETE_ACCOUNT"}
    grant = await step_up(client, "DELETE_ACCOUNT", {}, authenticator.next_code())
    deleted = await client.execute(DELETE, {"password": DEMO_PASSWORD, "withdrawal": False, "grant": grant})
    assert deleted["data"]["deleteAccount"] == {"__typename": "AccountDeleted", "withdrawal": False}
    async with app.state.bff.db.session() as session:
        for model in (TotpFactor, RecoveryCode):
            assert (await session.scalars(select(model).where(model.account_id == account.id))).all() == []
