"""D4 (issue 21): a changed email address becomes the address notices go to only after the customer
opens the link sent to it; until then (and for a wrong or used link) notices keep going to the old one."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import update

from bff.db.models import Account
from bff.outbox.document_notices import send_document_notices
from bff.simulator.app import Simulator
from tests.factories import app_state
from tests.support.customers import clone_customer
from tests.support.mail import SmtpSink, body, client_of, link_token
from tests.support.otp import enrol_totp, step_up
from tests.test_document_notices import _file_document

CHANGE = """mutation($input: ChangeCommunicationDataInput!) { changeCommunicationData(input: $input) {
  __typename ... on StepUpRequired { payload } } }"""
CONFIRM = """mutation($token: String!) { confirmNotificationEmail(token: $token) { __typename
  ... on NotificationEmailConfirmed { message messageEn } ... on InvalidToken { message } } }"""


async def test_a_changed_email_receives_notices_once_confirmed_by_link(
    mail_app: Any, simulator: Simulator, sink: SmtpSink, services_open: Any
) -> None:
    state = app_state(mail_app)
    account = await clone_customer(mail_app, simulator, like="100002")
    old, new = f"alt-{uuid.uuid4().hex[:8]}@kunden.example", f"neu-{uuid.uuid4().hex[:8]}@kunden.example"
    async with state.db.session() as session:
        await session.execute(update(Account).where(Account.id == account.id).values(email=old))
        await session.commit()
    async with client_of(mail_app) as client:
        await client.login(account.customer_number)
        authenticator = await enrol_totp(client)
        change = {"add": [{"kind": "EMAIL", "value": new, "preferred": True}]}
        asked = await client.execute(CHANGE, {"input": {**change, "idempotencyKey": uuid.uuid4().hex}})
        payload = asked["data"]["changeCommunicationData"]["payload"]
        grant = await step_up(client, "CHANGE_COMMUNICATION_DATA", payload, authenticator.next_code())
        sent = await client.execute(
            CHANGE, {"input": {**change, "stepUpGrant": grant, "idempotencyKey": uuid.uuid4().hex}}
        )
        assert sent["data"]["changeCommunicationData"]["__typename"] == "CommunicationDataChangeAccepted"

        (confirmation,) = sink.to(new)
        assert "bestätigen" in body(confirmation) and "/confirm-email?token=" in body(confirmation)
        await _file_document(simulator, account.person_id, "Beitragsrechnung")
        await send_document_notices(state)
        assert len(sink.to(old)) >= 1 and len(sink.to(new)) == 1, "unconfirmed: notices go to the old one"

        wrong = await client.execute(CONFIRM, {"token": "not-the-token"})
        assert wrong["data"]["confirmNotificationEmail"]["__typename"] == "InvalidToken"
        token = link_token(confirmation)
        done = await client.execute(CONFIRM, {"token": token})
        assert done["data"]["confirmNotificationEmail"]["__typename"] == "NotificationEmailConfirmed"
        again = await client.execute(CONFIRM, {"token": token})
        assert again["data"]["confirmNotificationEmail"]["__typename"] == "InvalidToken", "once"

    async with state.db.session() as session:
        confirmed = await session.get(Account, account.id)
    assert confirmed is not None and (confirmed.email, confirmed.pending_email) == (new, None)
    before = len(sink.to(old))
    await _file_document(simulator, account.person_id, "Leistungsabrechnung")
    await send_document_notices(state)
    assert len(sink.to(new)) == 2 and len(sink.to(old)) == before


async def _pending_confirmation(app: Any, simulator: Simulator, sink: SmtpSink) -> tuple[Any, str, str, str]:
    """A customer whose changed email waits for its link: (account, old address, new address, token)."""
    state = app_state(app)
    account = await clone_customer(app, simulator, like="100002")
    old, new = f"alt-{uuid.uuid4().hex[:8]}@kunden.example", f"neu-{uuid.uuid4().hex[:8]}@kunden.example"
    async with state.db.session() as session:
        await session.execute(update(Account).where(Account.id == account.id).values(email=old))
        await session.commit()
    async with client_of(app) as owner:
        await owner.login(account.customer_number)
        authenticator = await enrol_totp(owner)
        change = {"add": [{"kind": "EMAIL", "value": new, "preferred": True}]}
        asked = await owner.execute(CHANGE, {"input": {**change, "idempotencyKey": uuid.uuid4().hex}})
        payload = asked["data"]["changeCommunicationData"]["payload"]
        grant = await step_up(owner, "CHANGE_COMMUNICATION_DATA", payload, authenticator.next_code())
        sent = await owner.execute(
            CHANGE, {"input": {**change, "stepUpGrant": grant, "idempotencyKey": uuid.uuid4().hex}}
        )
        assert sent["data"]["changeCommunicationData"]["__typename"] == "CommunicationDataChangeAccepted"
    (confirmation,) = sink.to(new)
    return account, old, new, link_token(confirmation)


async def _emails(app: Any, account_id: int) -> tuple[str | None, str | None]:
    async with app_state(app).db.session() as session:
        account = await session.get(Account, account_id)
    assert account is not None
    return account.email, account.pending_email


async def test_a_used_confirmation_link_changes_nothing_the_second_time(
    mail_app: Any, simulator: Simulator, sink: SmtpSink, services_open: Any
) -> None:
    account, _, _, token = await _pending_confirmation(mail_app, simulator, sink)
    async with client_of(mail_app) as anonymous:  # opened from the mail, without a session
        first = await anonymous.execute(CONFIRM, {"token": token})
        assert first["data"]["confirmNotificationEmail"]["__typename"] == "NotificationEmailConfirmed"
        # The owner changes the address again; the old link, replayed, must not bring `new` back.
        async with app_state(mail_app).db.session() as session:
            await session.execute(
                update(Account).where(Account.id == account.id).values(email="spaeter@kunden.example")
            )
            await session.commit()
        replayed = await anonymous.execute(CONFIRM, {"token": token})
    assert replayed["data"]["confirmNotificationEmail"]["__typename"] == "InvalidToken"
    assert await _emails(mail_app, account.id) == ("spaeter@kunden.example", None)


async def test_another_signed_in_account_cannot_use_the_confirmation_link(
    mail_app: Any, simulator: Simulator, sink: SmtpSink, services_open: Any
) -> None:
    account, old, new, token = await _pending_confirmation(mail_app, simulator, sink)
    other = await clone_customer(mail_app, simulator, like="100006")
    before_other = await _emails(mail_app, other.id)
    async with client_of(mail_app) as intruder:
        await intruder.login(other.customer_number)
        refused = await intruder.execute(CONFIRM, {"token": token})
    assert refused["data"]["confirmNotificationEmail"]["__typename"] == "InvalidToken"
    assert await _emails(mail_app, account.id) == (old, new), "the owner's address is unchanged"
    assert await _emails(mail_app, other.id) == before_other, "and the other account's too"

    async with client_of(mail_app) as owner:  # the link still works for its own account, from the mail
        done = await owner.execute(CONFIRM, {"token": token})
    assert done["data"]["confirmNotificationEmail"]["__typename"] == "NotificationEmailConfirmed"
    assert await _emails(mail_app, account.id) == (new, None)
