"""A lost second factor recovered with the postal code (issue 18): from the sign-in challenge (password
proven) a letter goes to the address on file and the owner's notice mail goes out at once; the letter's
code, on a later challenge, removes the factors and starts the session. It works once, expires, wrong
codes count against the customer number and end the code, and the owner signing in with the factor
cancels it. Real app, database, store, simulator and SMTP server."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import update

from bff.auth.account_tokens import TokenPurpose
from bff.db.models import AccountToken
from bff.demo_accounts import DEMO_PASSWORD
from bff.mail import KIND_HEADER
from tests.conftest import Client, unique
from tests.factories import app_state, create_account
from tests.support.mail import SmtpSink, body, client_of
from tests.support.otp import Authenticator, enrol_totp, step_up
from tests.support.soft_authenticator import SoftAuthenticator

LOGIN = """mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) { __typename
  ... on SecondFactorRequired { challengeId methods } ... on LoginSuccess { token } } }"""
VERIFY = """mutation($c: String!, $code: String!) { verifySecondFactor(challengeId: $c, code: $code) {
  __typename ... on LoginSuccess { token } } }"""
REQUEST = """mutation($c: String!) { requestFactorRecoveryLetter(challengeId: $c) { __typename
  ... on FactorRecoveryLetterRequested { validUntil message messageEn }
  ... on IdentCodeNotAvailable { message messageEn } ... on TooManyRequests { message messageEn }
  ... on LoginFailed { message messageEn } } }"""
RECOVER = """mutation($c: String!, $code: String!) { recoverSecondFactor(challengeId: $c, code: $code) {
  __typename ... on SecondFactorRecovered { token message messageEn }
  ... on InvalidCode { message messageEn } ... on CodeExpired { message messageEn }
  ... on TooManyAttempts { message messageEn }
  ... on LoginFailed { message messageEn retryAfterSeconds } } }"""
BEGIN_PASSKEY = """mutation($g: String) { beginPasskeyRegistration(stepUpGrant: $g) { __typename
  ... on PasskeyOptions { options } } }"""
FINISH_PASSKEY = """mutation($c: JSON!) { finishPasskeyRegistration(credential: $c, name: "Handy") {
  __typename } }"""
VIEWER = """{ viewer { identLevel secondFactorEnabled passkeys { id }
  securityEvents { kind description descriptionEn } } }"""
CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b")


def recovery_letters(app: Any, customer_number: str) -> list[Any]:
    """The factor-recovery letters of the customer, newest first."""
    postal = app_state(app).postal.entries()
    return [e for e in postal if e.kind == "factor-recovery" and customer_number in e.body]


def code_in(letter: Any) -> str:
    match = CODE.search(letter.body)
    assert match, letter.body
    return match.group(0)


def notices(sink: SmtpSink, address: str) -> list[str]:
    return [body(m) for m in sink.to(address) if m[KIND_HEADER] == "security-notice"]


async def challenge(client: Client, customer_number: str) -> str:
    login = (await client.execute(LOGIN, {"n": customer_number, "p": DEMO_PASSWORD}))["data"]["login"]
    assert login["__typename"] == "SecondFactorRequired", login
    challenge_id: str = login["challengeId"]
    return challenge_id


async def customer_with_factors(
    app: Any, client: Client, *, passkey: bool = False
) -> tuple[Any, str, str, Authenticator]:
    """A customer (postal address on file) with an authenticator app, optionally a passkey; the client
    signed out, the token of the session that set the factors up (still open), and the app."""
    address = f"{unique('kunde')}@example.net"
    account = await create_account(app, like="100006", email=address, ident_level=1)
    await client.login(account.customer_number)
    authenticator = await enrol_totp(client)
    if passkey:
        grant = await step_up(client, "ADD_SECOND_FACTOR", {"method": "PASSKEY"}, authenticator.next_code())
        begun = (await client.execute(BEGIN_PASSKEY, {"g": grant}))["data"]["beginPasskeyRegistration"]
        credential = SoftAuthenticator().create(begun["options"])
        assert (await client.execute(FINISH_PASSKEY, {"c": credential}))["data"]["finishPasskeyRegistration"][
            "__typename"
        ] == "PasskeyRegistered"
    session, client.token = client.token, None
    assert session is not None
    return account, address, session, authenticator


async def test_a_lost_factor_is_recovered_with_the_letter_and_the_owner_hears_of_it_at_once(
    mail_app: Any, web: Client, sink: SmtpSink
) -> None:
    account, address, old_session, _ = await customer_with_factors(mail_app, web, passkey=True)
    first = await challenge(web, account.customer_number)
    before_letter = len(notices(sink, address))

    requested = (await web.execute(REQUEST, {"c": first}))["data"]["requestFactorRecoveryLetter"]
    assert requested["__typename"] == "FactorRecoveryLetterRequested", requested
    assert requested["message"] and requested["messageEn"]
    (letter,) = recovery_letters(mail_app, account.customer_number)
    (person,) = await app_state(mail_app).backends.partners.persons_by_ids([account.person_id])
    assert person.address is not None
    assert f"{person.address.street} {person.address.house_number}" in letter.to, "only the address on file"
    assert f"{person.address.postal_code} {person.address.city}" in letter.to
    new_notices = notices(sink, address)[before_letter:]
    assert len(new_notices) == 1 and "Brief" in new_notices[0] and "letter" in new_notices[0]
    assert CODE.search(new_notices[0]) is None, "the mail never carries the code"

    code = code_in(letter)
    # The letter's code is no second factor for an ordinary sign-in, and a wrong code recovers nothing.
    assert (await web.execute(VERIFY, {"c": first, "code": code}))["data"]["verifySecondFactor"][
        "__typename"
    ] == "LoginFailed"
    wrong = (await web.execute(RECOVER, {"c": first, "code": "AAAA-BBBB-CCCC"}))["data"][
        "recoverSecondFactor"
    ]
    assert wrong["__typename"] == "InvalidCode" and wrong["message"] and wrong["messageEn"]

    recovered = (await web.execute(RECOVER, {"c": first, "code": code.lower()}))["data"][
        "recoverSecondFactor"
    ]
    assert recovered["__typename"] == "SecondFactorRecovered", recovered
    web.token = recovered["token"]
    viewer = (await web.execute(VIEWER))["data"]["viewer"]
    assert viewer["secondFactorEnabled"] is False and viewer["passkeys"] == []
    assert viewer["identLevel"] == 2, "the code reached the address on file"
    kinds = [event["kind"] for event in viewer["securityEvents"]]
    recovery = [kind for kind in kinds if kind.startswith("FACTOR")]
    assert recovery == ["FACTORS_RECOVERED", "FACTOR_RECOVERY_REQUESTED"], kinds
    assert sum("mit dem Code aus dem Brief entfernt" in text for text in notices(sink, address)) == 1
    ended = await web.execute("{ viewer { identLevel } }", Authorization=f"Bearer {old_session}")
    assert ended["data"]["viewer"] is None, "every other session has ended"

    # The code works once: with a new factor and a new challenge it recovers nothing.
    await enrol_totp(web)
    web.token = None
    again = await challenge(web, account.customer_number)
    reused = (await web.execute(RECOVER, {"c": again, "code": code}))["data"]["recoverSecondFactor"]
    assert reused["__typename"] == "InvalidCode", reused


async def test_wrong_codes_count_against_the_customer_number_and_end_the_code(
    mail_app: Any, web: Client
) -> None:
    account, _, _, _ = await customer_with_factors(mail_app, web)
    first = await challenge(web, account.customer_number)
    assert (await web.execute(REQUEST, {"c": first}))["data"]["requestFactorRecoveryLetter"][
        "__typename"
    ] == "FactorRecoveryLetterRequested"
    code = code_in(recovery_letters(mail_app, account.customer_number)[0])

    guesses = [
        (await web.execute(RECOVER, {"c": first, "code": f"AAAA-BBBB-CC{n}{n}"}))["data"][
            "recoverSecondFactor"
        ]
        for n in range(2, 7)
    ]
    assert [g["__typename"] for g in guesses] == ["InvalidCode"] * 5
    # Five wrong codes: the challenge is over and the customer number locked like after wrong passwords.
    locked = (await web.execute(RECOVER, {"c": first, "code": code}))["data"]["recoverSecondFactor"]
    assert locked["__typename"] == "LoginFailed", locked
    relogin = (await web.execute(LOGIN, {"n": account.customer_number, "p": DEMO_PASSWORD}))["data"]["login"]
    assert relogin["__typename"] == "LoginFailed" and relogin  # locked: even the right password waits

    # When the lock is over, the code itself is used up: the right code no longer works.
    await app_state(mail_app).throttle.record_success(customer_number=account.customer_number)
    later = await challenge(web, account.customer_number)
    dead = (await web.execute(RECOVER, {"c": later, "code": code}))["data"]["recoverSecondFactor"]
    assert dead["__typename"] == "TooManyAttempts" and dead["message"] and dead["messageEn"], dead


async def test_the_code_expires_and_letters_are_limited(mail_app: Any, web: Client) -> None:
    account, _, _, _ = await customer_with_factors(mail_app, web)
    first = await challenge(web, account.customer_number)
    answers = [
        (await web.execute(REQUEST, {"c": first}))["data"]["requestFactorRecoveryLetter"] for _ in range(4)
    ]
    assert [a["__typename"] for a in answers] == ["FactorRecoveryLetterRequested"] * 3 + ["TooManyRequests"]
    assert answers[3]["message"] and answers[3]["messageEn"]
    letters = recovery_letters(mail_app, account.customer_number)
    assert len(letters) == 3
    older, newest = code_in(letters[1]), code_in(letters[0])
    replaced = (await web.execute(RECOVER, {"c": first, "code": older}))["data"]["recoverSecondFactor"]
    assert replaced["__typename"] == "InvalidCode", "a new letter replaces the earlier code"

    async with app_state(mail_app).db.session() as session:  # 30 days later
        await session.execute(
            update(AccountToken)
            .where(
                AccountToken.account_id == account.id,
                AccountToken.purpose == TokenPurpose.FACTOR_RECOVERY.value,
            )
            .values(expires_at=AccountToken.created_at)
        )
        await session.commit()
    expired = (await web.execute(RECOVER, {"c": first, "code": newest}))["data"]["recoverSecondFactor"]
    assert expired["__typename"] == "CodeExpired" and expired["message"] and expired["messageEn"], expired


async def test_an_attacker_with_the_password_gets_nowhere_once_the_owner_signs_in_with_the_factor(
    mail_app: Any, web: Client
) -> None:
    account, _, _, authenticator = await customer_with_factors(mail_app, web)
    async with client_of(mail_app) as attacker:
        unknown = (await attacker.execute(REQUEST, {"c": "made-up"}))["data"]["requestFactorRecoveryLetter"]
        assert unknown["__typename"] == "LoginFailed", "no letter without the password"
        stolen = await challenge(attacker, account.customer_number)
        assert (await attacker.execute(REQUEST, {"c": stolen}))["data"]["requestFactorRecoveryLetter"][
            "__typename"
        ] == "FactorRecoveryLetterRequested"
        code = code_in(recovery_letters(mail_app, account.customer_number)[0])  # say the attacker got it

        # The owner, warned by the notice mail, signs in with the authenticator app: the code is void.
        owner = await challenge(web, account.customer_number)
        signed_in = await web.execute(VERIFY, {"c": owner, "code": authenticator.next_code()})
        assert signed_in["data"]["verifySecondFactor"]["__typename"] == "LoginSuccess"

        later = await challenge(attacker, account.customer_number)
        refused = (await attacker.execute(RECOVER, {"c": later, "code": code}))["data"]["recoverSecondFactor"]
        assert refused["__typename"] == "InvalidCode", refused
    web.token = signed_in["data"]["verifySecondFactor"]["token"]
    assert (await web.execute(VIEWER))["data"]["viewer"]["secondFactorEnabled"] is True


async def test_no_letter_without_a_postal_address(app: Any, client: Client) -> None:
    account = await create_account(app, like=None)  # a non-customer: no address on file
    await client.login(account.customer_number)
    await enrol_totp(client)
    client.token = None
    first = await challenge(client, account.customer_number)
    refused = (await client.execute(REQUEST, {"c": first}))["data"]["requestFactorRecoveryLetter"]
    assert refused["__typename"] == "IdentCodeNotAvailable" and refused["message"] and refused["messageEn"]
