"""Factors behind a step-up and security notices (issue 18): a stolen session cannot plant a second
factor, a password reset leaves factors in place, and every security event sends its notice mail and
shows in `viewer.securityEvents`."""

from __future__ import annotations

import time
from typing import Any

from bff.demo_accounts import DEMO_PASSWORD
from bff.mail import KIND_HEADER
from tests.conftest import Client, unique
from tests.factories import create_account
from tests.support.mail import SmtpSink, body, link_token
from tests.support.otp import CONFIRM, ENROL, enrol_totp, key_of, step_up, totp
from tests.support.soft_authenticator import SoftAuthenticator

BEGIN_PASSKEY = """mutation($p: String, $g: String) {
  beginPasskeyRegistration(password: $p, stepUpGrant: $g) { __typename
  ... on PasskeyOptions { options } ... on StepUpRequired { operation payload message messageEn }
  ... on PasswordConfirmationRequired { wrongPassword message messageEn } } }"""
FINISH_PASSKEY = """mutation($c: JSON!) { finishPasskeyRegistration(credential: $c, name: "Laptop") {
  __typename ... on PasskeyRegistered { passkey { id } } } }"""
ENROL_WITH = """mutation($p: String, $g: String) { enrollTotp(password: $p, stepUpGrant: $g) { __typename
  ... on TotpEnrollment { secret } ... on StepUpRequired { operation payload }
  ... on PasswordConfirmationRequired { wrongPassword messageEn } } }"""
REMOVE_TOTP = """mutation($g: String) { removeTotp(stepUpGrant: $g) { __typename } }"""
CHANGE_PASSWORD = """mutation($c: String!, $n: String!, $g: String) {
  changePassword(currentPassword: $c, newPassword: $n, stepUpGrant: $g) { __typename } }"""
REQUEST_RESET = """mutation($n: String!) { requestPasswordReset(customerNumber: $n) { __typename } }"""
RESET = """mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) { __typename } }"""
LOGIN = """mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) {
  __typename ... on SecondFactorRequired { methods } } }"""
EVENTS = "{ viewer { securityEvents { kind occurredAt description descriptionEn } } }"
NEW_PASSWORD = "Gelbe-Kanus-am-Stausee-8"


def notices(sink: SmtpSink, address: str) -> list[str]:
    return [body(m) for m in sink.to(address) if m[KIND_HEADER] == "security-notice"]


async def test_the_first_factor_needs_the_password_again(app: Any, client: Client) -> None:
    account = await create_account(app)
    await client.login(account.customer_number)

    without = (await client.execute(ENROL_WITH, {}))["data"]["enrollTotp"]
    wrong = (await client.execute(ENROL_WITH, {"p": "Falsches-Passwort-1"}))["data"]["enrollTotp"]
    passkey_without = (await client.execute(BEGIN_PASSKEY, {}))["data"]["beginPasskeyRegistration"]

    assert without == {
        "__typename": "PasswordConfirmationRequired",
        "wrongPassword": False,
        "messageEn": ("Please confirm with your password."),
    }
    assert wrong["__typename"] == "PasswordConfirmationRequired" and wrong["wrongPassword"] is True
    assert passkey_without["__typename"] == "PasswordConfirmationRequired"
    right = (await client.execute(ENROL_WITH, {"p": DEMO_PASSWORD}))["data"]["enrollTotp"]
    assert right["__typename"] == "TotpEnrollment"


async def test_a_session_without_step_up_cannot_add_a_factor_to_an_account_that_has_one(
    app: Any, client: Client
) -> None:
    account = await create_account(app)
    await client.login(account.customer_number)
    authenticator = await enrol_totp(client)

    # The attacker holds the session and even knows the password: still no passkey without a TAN.
    for variables in ({}, {"p": DEMO_PASSWORD}, {"p": DEMO_PASSWORD, "g": "made-up-grant"}):
        refused = (await client.execute(BEGIN_PASSKEY, variables))["data"]["beginPasskeyRegistration"]
        assert refused["__typename"] == "StepUpRequired", refused
        assert refused["operation"] == "ADD_SECOND_FACTOR" and refused["payload"] == {"method": "PASSKEY"}
    # A grant for another operation does not do either.
    other = await step_up(client, "REMOVE_SECOND_FACTOR", {}, authenticator.next_code())
    assert (await client.execute(BEGIN_PASSKEY, {"g": other}))["data"]["beginPasskeyRegistration"][
        "__typename"
    ] == "StepUpRequired"
    assert (await client.execute("{ viewer { passkeys { id } } }"))["data"]["viewer"]["passkeys"] == []


async def test_a_passkey_holder_cannot_get_an_authenticator_app_without_step_up(
    app: Any, client: Client
) -> None:
    account = await create_account(app)
    await client.login(account.customer_number)
    laptop = SoftAuthenticator()
    begun = (await client.execute(BEGIN_PASSKEY, {"p": DEMO_PASSWORD}))["data"]["beginPasskeyRegistration"]
    credential = laptop.create(begun["options"])
    assert (await client.execute(FINISH_PASSKEY, {"c": credential}))["data"]["finishPasskeyRegistration"][
        "__typename"
    ] == "PasskeyRegistered"

    refused = (await client.execute(ENROL_WITH, {"p": DEMO_PASSWORD}))["data"]["enrollTotp"]
    assert refused == {
        "__typename": "StepUpRequired",
        "operation": "ADD_SECOND_FACTOR",
        "payload": {"method": "TOTP"},
    }
    assert (await client.execute(CONFIRM, {"code": "123456"}))["data"]["confirmTotp"] == {}
    enabled = await client.execute("{ viewer { secondFactorEnabled } }")
    assert enabled["data"]["viewer"]["secondFactorEnabled"] is False


async def test_each_security_event_sends_its_notice_and_is_listed_and_a_reset_keeps_the_factors(
    web: Client, sink: SmtpSink, mail_app: Any
) -> None:
    address = f"{unique('kunde')}@example.net"
    account = await create_account(mail_app, like="100006", email=address)
    await web.login(account.customer_number)

    enrolment = (await web.execute(ENROL, {"p": DEMO_PASSWORD}))["data"]["enrollTotp"]
    key = key_of(enrolment["secret"])
    now = time.time()
    assert (await web.execute(CONFIRM, {"code": totp(key, now - 30)}))["data"]["confirmTotp"]
    laptop = SoftAuthenticator()
    grant = await step_up(web, "ADD_SECOND_FACTOR", {"method": "PASSKEY"}, totp(key, now))
    begun = (await web.execute(BEGIN_PASSKEY, {"g": grant}))["data"]["beginPasskeyRegistration"]
    credential = laptop.create(begun["options"])
    await web.execute(FINISH_PASSKEY, {"c": credential})
    grant = await step_up(web, "CHANGE_PASSWORD", {}, totp(key, now + 30))
    changed = await web.execute(CHANGE_PASSWORD, {"c": DEMO_PASSWORD, "n": NEW_PASSWORD, "g": grant})
    assert changed["data"]["changePassword"]["__typename"] == "PasswordChanged"
    events = (await web.execute(EVENTS))["data"]["viewer"]["securityEvents"]

    web.token = None
    await web.execute(REQUEST_RESET, {"n": account.customer_number})
    (reset_mail,) = [m for m in sink.to(address) if m[KIND_HEADER] == "password-reset"]
    reset = await web.execute(RESET, {"t": link_token(reset_mail), "p": NEW_PASSWORD + "-neu"})
    assert reset["data"]["resetPassword"]["__typename"] == "PasswordReset"
    after_reset = await web.execute(LOGIN, {"n": account.customer_number, "p": NEW_PASSWORD + "-neu"})

    assert [e["kind"] for e in events] == ["PASSWORD_CHANGED", "SECOND_FACTOR_ADDED", "SECOND_FACTOR_ADDED"]
    assert all(e["description"] and e["descriptionEn"] for e in events)
    assert after_reset["data"]["login"] == {
        "__typename": "SecondFactorRequired",
        "methods": ["TOTP", "PASSKEY"],
    }
    mails = notices(sink, address)
    assert len(mails) == 4, mails
    assert sum("zweiter Faktor" in text and "hinzugefügt" in text for text in mails) == 2
    assert sum("Passwort wurde geändert" in text for text in mails) == 1
    assert sum("zurückgesetzt" in text and "bleiben eingerichtet" in text for text in mails) == 1
    assert all("Hello" in text and "http" not in text for text in mails), "no link in a notice"


async def test_removing_a_factor_sends_a_notice(web: Client, sink: SmtpSink, mail_app: Any) -> None:
    address = f"{unique('kunde')}@example.net"
    account = await create_account(mail_app, like="100006", email=address)
    await web.login(account.customer_number)
    authenticator = await enrol_totp(web)
    grant = await step_up(web, "REMOVE_SECOND_FACTOR", {}, authenticator.next_code())
    assert (await web.execute(REMOVE_TOTP, {"g": grant}))["data"]["removeTotp"]["__typename"] == "TotpRemoved"
    kinds = [e["kind"] for e in (await web.execute(EVENTS))["data"]["viewer"]["securityEvents"]]
    assert kinds == ["SECOND_FACTOR_REMOVED", "SECOND_FACTOR_ADDED"]
    assert sum("entfernt" in text for text in notices(sink, address)) == 1
