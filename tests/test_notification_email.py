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
