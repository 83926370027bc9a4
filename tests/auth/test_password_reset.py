"""Forgotten password and forgotten customer number (A4) over real SMTP: one answer whatever exists, a
one-hour single-use link, every session ended, number and link in two separate mails."""

from __future__ import annotations

from typing import Any

from bff.demo_accounts import DEMO_PASSWORD
from bff.mail import KIND_HEADER
from tests.conftest import Client, unique
from tests.factories import create_account
from tests.support.mail import SmtpSink, body, client_of, link_token

REQUEST_RESET = """mutation($n: String!) { requestPasswordReset(customerNumber: $n) { __typename
  ... on RequestReceived { message messageEn }
  ... on TooManyRequests { retryAfterSeconds message messageEn } } }"""
RESET = """mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) { __typename
  ... on PasswordReset { customerNumber message } ... on InvalidToken { message messageEn }
  ... on WeakPassword { problems } } }"""
REQUEST_NUMBER = """mutation($e: String!, $l: String!, $b: Date!) {
  requestCustomerNumber(email: $e, lastName: $l, birthDate: $b) { __typename
  ... on RequestReceived { message messageEn } ... on TooManyRequests { retryAfterSeconds } } }"""
LOGIN = """mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) {
  __typename ... on LoginFailed { message } } }"""
NEW_PASSWORD = "Neues-Fahrrad-im-Keller-7"


def email() -> str:
    return f"{unique('kunde')}@example.net"


async def test_reset_by_mail_ends_every_session_and_the_old_password(
    web: Client, sink: SmtpSink, mail_app: Any
) -> None:
    address = email()
    account = await create_account(mail_app, like="100006", email=address)
    number = account.customer_number
    phone = await web.login(number)
    web.token = None
    laptop = await web.login(number)
    web.token = None

    received = (await web.execute(REQUEST_RESET, {"n": number}))["data"]["requestPasswordReset"]
    assert received["__typename"] == "RequestReceived"
    # The second login above came from a new device: its security notice is in the inbox too.
    (mail,) = [m for m in sink.to(address) if m[KIND_HEADER] == "password-reset"]
    text = body(mail)
    assert "/reset-password?token=" in text and text.index("Guten Tag") < text.index("Hello")
    token = link_token(mail)

    weak = (await web.execute(RESET, {"t": token, "p": "Wagner-2026-neu"}))["data"]["resetPassword"]
    assert weak == {"__typename": "WeakPassword", "problems": ["CONTAINS_NAME"]}
    done = (await web.execute(RESET, {"t": token, "p": NEW_PASSWORD}))["data"]["resetPassword"]
    assert done["__typename"] == "PasswordReset" and done["customerNumber"] == number, "a weak try keeps it"
    again = (await web.execute(RESET, {"t": token, "p": NEW_PASSWORD + "!"}))["data"]["resetPassword"]
    assert again["__typename"] == "InvalidToken", "the link works once"

    for old_session in (phone, laptop):
        web.token = old_session
        assert (await web.execute("{ viewer { id } }"))["data"]["viewer"] is None
    web.token = None
    old = await web.execute(LOGIN, {"n": number, "p": DEMO_PASSWORD})
    assert old["data"]["login"]["__typename"] == "LoginFailed"
    await web.login(number, NEW_PASSWORD)


async def test_unknown_customer_number_gets_the_identical_answer_and_no_mail(
    web: Client, sink: SmtpSink, mail_app: Any
) -> None:
    account = await create_account(mail_app, like="100006", email=email())
    known = await web.execute(REQUEST_RESET, {"n": account.customer_number})
    before = sink.count()
    unknown = await web.execute(REQUEST_RESET, {"n": "79999999"})
    assert unknown == known and known["data"]["requestPasswordReset"]["__typename"] == "RequestReceived"
    assert sink.count() == before
    without_email = await create_account(mail_app, like="100006")
    assert await web.execute(REQUEST_RESET, {"n": without_email.customer_number}) == known
    assert sink.count() == before


async def test_forgotten_customer_number_comes_in_two_separate_mails(
    web: Client, sink: SmtpSink, mail_app: Any
) -> None:
    address = email()
    account = await create_account(mail_app, like="100006", email=address)
    number = account.customer_number
    variables = {"e": address.upper(), "l": " wagner ", "b": "1975-12-12"}
    answer = (await web.execute(REQUEST_NUMBER, variables))["data"]["requestCustomerNumber"]
    assert answer["__typename"] == "RequestReceived"

    mails = sink.to(address)
    assert len(mails) == 2
    (with_number,) = [m for m in mails if number in body(m)]
    (with_link,) = [m for m in mails if "token=" in body(m)]
    assert with_number is not with_link, "never number and link in one mail"
    assert "token=" not in body(with_number) and number not in body(with_link)
    reset = (await web.execute(RESET, {"t": link_token(with_link), "p": NEW_PASSWORD}))["data"]
    assert reset["resetPassword"]["__typename"] == "PasswordReset"
    await web.login(number, NEW_PASSWORD)


async def test_forgotten_customer_number_needs_email_name_and_birth_date_to_fit(
    web: Client, sink: SmtpSink, mail_app: Any
) -> None:
    address = email()
    await create_account(mail_app, like="100006", email=address)
    answers = [
        await web.execute(REQUEST_NUMBER, {"e": address, "l": "Wagner", "b": "1975-12-13"}),
        await web.execute(REQUEST_NUMBER, {"e": address, "l": "Schmidt", "b": "1975-12-12"}),
        await web.execute(REQUEST_NUMBER, {"e": email(), "l": "Wagner", "b": "1975-12-12"}),
    ]
    assert answers[0] == answers[1] == answers[2]
    assert answers[0]["data"]["requestCustomerNumber"]["__typename"] == "RequestReceived"
    assert sink.to(address) == []


async def test_two_matching_accounts_get_no_mail(web: Client, sink: SmtpSink, mail_app: Any) -> None:
    address = email()
    await create_account(mail_app, like="100006", email=address)
    await create_account(mail_app, like="100006", email=address)
    await web.execute(REQUEST_NUMBER, {"e": address, "l": "Wagner", "b": "1975-12-12"})
    assert sink.to(address) == [], "only an unambiguous match is answered"


async def test_anonymous_requests_are_throttled_per_client_address(web: Client, mail_app: Any) -> None:
    answers = [
        (await web.execute(REQUEST_RESET, {"n": "79999999"}))["data"]["requestPasswordReset"]
        for _ in range(11)
    ]
    assert [a["__typename"] for a in answers] == ["RequestReceived"] * 10 + ["TooManyRequests"]
    minutes = -(-answers[-1]["retryAfterSeconds"] // 60)
    assert f"in {minutes} Minuten" in answers[-1]["message"], "the refusal says the wait it really has"
    assert f"in {minutes} minutes" in answers[-1]["messageEn"]
    async with client_of(mail_app) as other_address:
        fresh = await other_address.execute(REQUEST_RESET, {"n": "79999999"})
    assert fresh["data"]["requestPasswordReset"]["__typename"] == "RequestReceived"
