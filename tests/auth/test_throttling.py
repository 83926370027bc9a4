"""Throttling that slows attackers, not owners (issue 18, ASVS 6.3.1): step-up codes are limited per
account across any number of challenges, every password check counts like a sign-in, the lock counts
down, and the owner's passkey still signs in while an attacker's wrong passwords lock the number."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from bff.demo_accounts import DEMO_PASSWORD
from bff.mail import KIND_HEADER
from tests.conftest import Client, client_address, unique
from tests.factories import create_account
from tests.support.instances import client_of
from tests.support.mail import SmtpSink, body, link_token
from tests.support.otp import enrol_totp
from tests.support.soft_authenticator import SoftAuthenticator

REQUEST = """mutation { requestStepUp(operation: CHANGE_PASSWORD, payload: {}) { __typename
  ... on StepUpChallenge { challengeId } ... on StepUpPaused { retryAfterSeconds message messageEn } } }"""
CONFIRM = """mutation($id: String!, $code: String!) { confirmStepUp(challengeId: $id, code: $code) {
  __typename ... on StepUpFailed { message messageEn } ... on StepUpPaused { retryAfterSeconds } } }"""
LOGIN = """mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) { __typename
  ... on SecondFactorRequired { challengeId } ... on LoginFailed { message retryAfterSeconds } } }"""
VERIFY = """mutation($c: String!, $code: String!) { verifySecondFactor(challengeId: $c, code: $code) {
  __typename ... on LoginFailed { message messageEn } } }"""
DELETE = """mutation($p: String!) { deleteAccount(password: $p) { __typename } }"""
BEGIN_PASSKEY = """mutation($p: String) { beginPasskeyRegistration(password: $p) {
  ... on PasskeyOptions { options } } }"""
FINISH_PASSKEY = """mutation($c: JSON!) { finishPasskeyRegistration(credential: $c) { __typename } }"""
REQUEST_RESET = """mutation($n: String!) { requestPasswordReset(customerNumber: $n) { __typename } }"""
RESET = """mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) { __typename } }"""
BEGIN_LOGIN = "mutation($n: String) { beginPasskeyLogin(customerNumber: $n) { options } }"
FINISH_LOGIN = """mutation($c: JSON!) { finishPasskeyLogin(credential: $c) { __typename } }"""


def wrong_code(right: str) -> str:
    return f"{(int(right) + 1) % 1_000_000:06d}"


async def test_twenty_wrong_tans_across_any_number_of_challenges_never_yield_a_grant(
    web: Client, sink: SmtpSink, mail_app: Any
) -> None:
    address = f"{unique('kunde')}@example.net"
    account = await create_account(mail_app, email=address)
    await web.login(account.customer_number)
    authenticator = await enrol_totp(web)
    right = authenticator.next_code()

    answers = []
    for _ in range(20):  # a fresh challenge for each guess: five tries each would mean 100 guesses
        opened = (await web.execute(REQUEST))["data"]["requestStepUp"]
        if opened["__typename"] != "StepUpChallenge":
            answers.append(opened["__typename"])
            continue
        confirmed = await web.execute(CONFIRM, {"id": opened["challengeId"], "code": wrong_code(right)})
        answers.append(confirmed["data"]["confirmStepUp"]["__typename"])
    paused = (await web.execute(REQUEST))["data"]["requestStepUp"]

    assert "StepUpGranted" not in answers
    assert answers[:5] == ["StepUpFailed"] * 5 and set(answers[5:]) == {"StepUpPaused"}, answers
    assert paused["__typename"] == "StepUpPaused" and 0 < paused["retryAfterSeconds"] <= 900
    assert "Zu viele falsche Codes" in paused["message"] and "Too many wrong codes" in paused["messageEn"]
    notices = [body(m) for m in sink.to(address) if m[KIND_HEADER] == "security-notice"]
    assert sum("Sicherheitscodes" in text for text in notices) == 1, "one notice when step-up pauses"
    events = (await web.execute("{ viewer { securityEvents { kind } } }"))["data"]["viewer"]
    assert events["securityEvents"][0] == {"kind": "STEP_UP_PAUSED"}


async def test_a_wrong_tan_says_what_went_wrong(app: Any, client: Client) -> None:
    account = await create_account(app)
    await client.login(account.customer_number)
    authenticator = await enrol_totp(client)
    opened = (await client.execute(REQUEST))["data"]["requestStepUp"]
    failed = await client.execute(
        CONFIRM, {"id": opened["challengeId"], "code": wrong_code(authenticator.next_code())}
    )
    assert failed["data"]["confirmStepUp"]["message"] == "Der Code ist falsch oder abgelaufen."

    client.token = None
    challenge = await client.execute(LOGIN, {"n": account.customer_number, "p": DEMO_PASSWORD})
    verified = await client.execute(
        VERIFY, {"c": challenge["data"]["login"]["challengeId"], "code": "000000"}
    )
    refusal = verified["data"]["verifySecondFactor"]
    assert refusal["message"].startswith("Der Code ist falsch oder abgelaufen.")
    assert "Passwort" not in refusal["message"] and "code is wrong" in refusal["messageEn"]


async def test_delete_account_password_guesses_count_like_sign_ins(app: Any, client: Client) -> None:
    account = await create_account(app)
    await client.login(account.customer_number)
    for _ in range(5):
        refused = await client.execute(DELETE, {"p": "Falsch-geraten-1"})
        assert refused["data"]["deleteAccount"]["__typename"] == "PasswordIncorrect", refused
    # Locked now: even the right password neither deletes the account nor signs in.
    assert (await client.execute(DELETE, {"p": DEMO_PASSWORD}))["data"]["deleteAccount"][
        "__typename"
    ] == "PasswordIncorrect"
    client.token = None
    locked = await client.execute(LOGIN, {"n": account.customer_number, "p": DEMO_PASSWORD})
    assert locked["data"]["login"]["__typename"] == "LoginFailed"
    assert locked["data"]["login"]["retryAfterSeconds"] > 0


async def test_retry_after_counts_down(app: Any, client: Client) -> None:
    account = await create_account(app)
    for _ in range(5):
        await client.execute(LOGIN, {"n": account.customer_number, "p": "falsch"})
    first = (await client.execute(LOGIN, {"n": account.customer_number, "p": "falsch"}))["data"]["login"]
    await asyncio.sleep(2.1)
    later = (await client.execute(LOGIN, {"n": account.customer_number, "p": "falsch"}))["data"]["login"]
    assert 0 < later["retryAfterSeconds"] < first["retryAfterSeconds"] <= 900
    assert "15 Minuten" in first["message"]


async def test_the_owner_signs_in_with_a_passkey_while_an_attacker_hits_the_customer_number(
    app: Any, client: Client
) -> None:
    account = await create_account(app)
    await client.login(account.customer_number)
    phone = SoftAuthenticator()
    options = (await client.execute(BEGIN_PASSKEY, {"p": DEMO_PASSWORD}))["data"]
    registered = await client.execute(
        FINISH_PASSKEY, {"c": phone.create(options["beginPasskeyRegistration"]["options"])}
    )
    assert registered["data"]["finishPasskeyRegistration"]["__typename"] == "PasskeyRegistered"
    client.token = None

    async with client_of(app) as attacker:
        for _ in range(8):
            await attacker.execute(LOGIN, {"n": account.customer_number, "p": unique("geraten")})
    locked = await client.execute(LOGIN, {"n": account.customer_number, "p": DEMO_PASSWORD})
    assert locked["data"]["login"]["__typename"] == "LoginFailed", "the password path is locked"

    login_options = (await client.execute(BEGIN_LOGIN, {"n": account.customer_number}))["data"]
    signed_in = await client.execute(
        FINISH_LOGIN, {"c": phone.get(login_options["beginPasskeyLogin"]["options"])}
    )
    assert signed_in["data"]["finishPasskeyLogin"]["__typename"] == "LoginSuccess"


async def test_strangers_flooding_the_reset_form_send_one_mail_whose_link_still_works(
    sink: SmtpSink, mail_app: Any
) -> None:
    address = f"{unique('kunde')}@example.net"
    account = await create_account(mail_app, email=address)
    for _ in range(10):  # ten addresses, each well inside its own limit
        async with client_of(mail_app) as stranger:
            await stranger.execute(REQUEST_RESET, {"n": account.customer_number})
    mails = [m for m in sink.to(address) if m[KIND_HEADER] == "password-reset"]
    assert len(mails) == 1, "one mail, not ten: the inbox is not flooded"
    async with client_of(mail_app) as owner:
        reset = await owner.execute(RESET, {"t": link_token(mails[0]), "p": "Drei-Moewen-am-Deich-4"})
    assert reset["data"]["resetPassword"]["__typename"] == "PasswordReset", "the owner still resets"


@asynccontextmanager
async def browser(app: Any) -> AsyncIterator[Client]:
    """A browser over HTTPS, so it keeps and sends the `__Host-` cookies (session and trusted device)."""
    transport = httpx.ASGITransport(app=app, client=(client_address(), 443))
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as http:
        yield Client(http)


async def test_a_sign_in_from_a_new_device_sends_a_notice_the_known_device_does_not(
    sink: SmtpSink, mail_app: Any
) -> None:
    address = f"{unique('kunde')}@example.net"
    account = await create_account(mail_app, email=address)
    async with browser(mail_app) as laptop:
        await laptop.login(account.customer_number)  # the account's first device: nothing to report
        await laptop.login(account.customer_number)  # the same browser again
        assert laptop.http.cookies.get("__Host-bff_device")
    async with browser(mail_app) as phone:
        await phone.login(account.customer_number)
        events = (await phone.execute("{ viewer { securityEvents { kind } } }"))["data"]["viewer"]
    notices = [body(m) for m in sink.to(address) if m[KIND_HEADER] == "security-notice"]
    assert len(notices) == 1 and "neuen Gerät" in notices[0]
    assert events["securityEvents"] == [{"kind": "NEW_DEVICE_SIGN_IN"}]


async def test_the_owners_known_device_signs_in_while_strangers_lock_the_number(app: Any) -> None:
    account = await create_account(app)
    async with browser(app) as owner:
        await owner.login(account.customer_number)
        async with client_of(app) as attacker:
            for _ in range(8):
                await attacker.execute(LOGIN, {"n": account.customer_number, "p": unique("geraten")})
            from_elsewhere = await attacker.execute(LOGIN, {"n": account.customer_number, "p": DEMO_PASSWORD})
        assert from_elsewhere["data"]["login"]["__typename"] == "LoginFailed", "the number is locked"
        assert (await owner.execute(LOGIN, {"n": account.customer_number, "p": DEMO_PASSWORD}))["data"][
            "login"
        ]["__typename"] == "LoginSuccess", "the owner's browser is not"
        # The owner's own typos on that device: a short, growing wait instead of the 15-minute lock.
        for _ in range(5):
            await owner.execute(LOGIN, {"n": account.customer_number, "p": "vertippt"})
        waiting = (await owner.execute(LOGIN, {"n": account.customer_number, "p": DEMO_PASSWORD}))["data"]
    assert waiting["login"]["__typename"] == "LoginFailed" and 0 < waiting["login"]["retryAfterSeconds"] <= 30
