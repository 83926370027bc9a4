"""Second factor (A5, ASVS 6.5.1): the server interoperates with an independent RFC 6238
implementation, each code works once, recovery codes are single-use."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import select

from bff.auth.totp import SecretBox
from bff.db.models import AuditEvent, TotpFactor
from bff.demo_accounts import DEMO_PASSWORD
from tests.conftest import Client
from tests.factories import create_account
from tests.support.otp import key_of, totp

LOGIN = """mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) {
  __typename ... on LoginSuccess { token } ... on SecondFactorRequired { challengeId methods }
  ... on LoginFailed { message messageEn retryAfterSeconds } } }"""
VERIFY = """mutation($c: String!, $code: String!) { verifySecondFactor(challengeId: $c, code: $code) {
  __typename ... on LoginSuccess { token } ... on LoginFailed { message messageEn } } }"""
ENROL = """mutation($p: String) { enrollTotp(password: $p) {
  __typename ... on TotpEnrollment { secret provisioningUri qrSvg }
  ... on TotpAlreadyEnabled { message messageEn } } }"""
CONFIRM = """mutation($code: String!) { confirmTotp(code: $code) { __typename
  ... on TotpConfirmed { recoveryCodes } ... on InvalidCode { message messageEn } } }"""
VIEWER = "{ viewer { customerNumber secondFactorEnabled } }"


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
    ],
)
def test_independent_implementation_matches_rfc_6238_vectors(at: int, expected: str) -> None:
    assert totp(b"12345678901234567890", at, digits=8) == expected


async def _challenge(client: Client, customer: str, password: str = DEMO_PASSWORD) -> dict[str, Any]:
    client.token = None
    body = await client.execute(LOGIN, {"n": customer, "p": password})
    result: dict[str, Any] = body["data"]["login"]
    return result


async def _verify(client: Client, challenge_id: str, code: str) -> dict[str, Any]:
    result: dict[str, Any] = (await client.execute(VERIFY, {"c": challenge_id, "code": code}))["data"][
        "verifySecondFactor"
    ]
    return result


@pytest.fixture(scope="session")
async def enrolled(app: Any) -> dict[str, Any]:
    """Enrol and confirm an account of its own (100006's data) once through GraphQL; its customer number,
    the secret and recovery codes for the tests. Never a demo customer: other tests sign in there without
    a code."""
    import httpx

    customer = (await create_account(app, like="100006")).customer_number

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as h:
        client = Client(h)
        await client.login(customer)
        assert (await client.execute(VIEWER))["data"]["viewer"]["secondFactorEnabled"] is False
        first = (await client.execute(ENROL, {"p": DEMO_PASSWORD}))["data"]["enrollTotp"]
        second = (await client.execute(ENROL, {"p": DEMO_PASSWORD}))["data"][
            "enrollTotp"
        ]  # replaces the unconfirmed one
        assert first["secret"] != second["secret"]
        assert second["provisioningUri"].startswith(f"otpauth://totp/Kundenportal:{customer}?")
        assert "issuer=Kundenportal" in second["provisioningUri"]
        assert second["qrSvg"].startswith("<svg")
        key = key_of(second["secret"])
        wrong = await client.execute(CONFIRM, {"code": totp(key_of(first["secret"]), time.time())})
        assert wrong["data"]["confirmTotp"]["__typename"] == "InvalidCode"
        confirmed = (await client.execute(CONFIRM, {"code": totp(key, time.time())}))["data"]["confirmTotp"]
        assert confirmed["__typename"] == "TotpConfirmed"
        codes = confirmed["recoveryCodes"]
        assert len(codes) == 10 and len(set(codes)) == 10
        again = (await client.execute(ENROL, {"p": DEMO_PASSWORD}))["data"]["enrollTotp"]
        assert again["__typename"] == "TotpAlreadyEnabled" and again["messageEn"]
        return {"customer": customer, "secret": second["secret"], "key": key, "recovery_codes": codes}


async def test_enrolment_needs_a_signed_in_customer(client: Client) -> None:
    body = await client.execute(ENROL)
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_secret_is_encrypted_at_rest_and_audit_has_no_secret(
    enrolled: dict[str, Any], app: Any
) -> None:
    async with app.state.bff.db.session() as session:
        factor = (await session.scalars(select(TotpFactor))).all()
        events = (await session.scalars(select(AuditEvent))).all()
    stored = [f.secret_encrypted for f in factor]
    assert stored and enrolled["secret"] not in stored
    box = SecretBox(app.state.bff.settings.secret_key)
    assert enrolled["secret"] in [box.decrypt(s) for s in stored]
    actions = {e.action for e in events}
    assert {"totp.enrolled", "totp.confirmed"} <= actions
    assert all(enrolled["secret"] not in str(e.detail) for e in events)


async def test_sign_in_with_code_from_an_independent_implementation(
    client: Client, enrolled: dict[str, Any]
) -> None:
    challenge = await _challenge(client, enrolled["customer"])
    assert challenge["__typename"] == "SecondFactorRequired" and challenge["methods"] == ["TOTP"]
    # Next step's code: the one used at confirmation (this step) is spent already; drift of one step is ok.
    code = totp(enrolled["key"], time.time() + 30)
    result = await _verify(client, challenge["challengeId"], code)
    assert result["__typename"] == "LoginSuccess", result
    client.token = result["token"]
    viewer = (await client.execute(VIEWER))["data"]["viewer"]
    assert viewer == {"customerNumber": "100006", "secondFactorEnabled": True}  # the account reads 100006

    # Replay: the same code with a fresh challenge is refused (ASVS 6.5.1).
    replay = await _challenge(client, enrolled["customer"])
    refused = await _verify(client, replay["challengeId"], code)
    assert refused["__typename"] == "LoginFailed"
    # A code two steps old is outside the drift window.
    old = await _verify(client, replay["challengeId"], totp(enrolled["key"], time.time() - 60))
    assert old["__typename"] == "LoginFailed"
    assert refused == old


async def test_recovery_code_works_once(client: Client, enrolled: dict[str, Any]) -> None:
    recovery = enrolled["recovery_codes"][0]
    challenge = await _challenge(client, enrolled["customer"])
    result = await _verify(client, challenge["challengeId"], recovery)
    assert result["__typename"] == "LoginSuccess", result
    challenge = await _challenge(client, enrolled["customer"])
    assert (await _verify(client, challenge["challengeId"], recovery))["__typename"] == "LoginFailed"


async def test_wrong_password_gets_the_generic_failure_and_no_challenge(
    client: Client, enrolled: dict[str, Any]
) -> None:
    result = await _challenge(client, enrolled["customer"], password="falsch")
    assert result["__typename"] == "LoginFailed"
    assert result["message"] == "Kundennummer oder Passwort ist falsch."


async def test_five_wrong_codes_end_the_challenge_and_lock_the_account(
    client: Client, enrolled: dict[str, Any], app: Any
) -> None:
    now = time.time()
    valid = {totp(enrolled["key"], now + drift) for drift in (-30, 0, 30)}
    wrong_code = next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)
    challenge = await _challenge(client, enrolled["customer"])
    for _ in range(5):
        wrong = await _verify(client, challenge["challengeId"], wrong_code)
        assert wrong["__typename"] == "LoginFailed"
    # Even the right code no longer helps: the challenge is gone.
    late = await _verify(client, challenge["challengeId"], enrolled["recovery_codes"][1])
    assert late["__typename"] == "LoginFailed"
    # Wrong codes count like wrong passwords (ASVS 6.3.1): the customer number is locked for a while,
    # even with the right password.
    locked = await _challenge(client, enrolled["customer"])
    assert locked["__typename"] == "LoginFailed" and 880 < locked["retryAfterSeconds"] <= 15 * 60, locked
    failures_key = f"login-failures:account:{enrolled['customer']}"  # the lockout has run out:
    await app.state.bff.store.delete(failures_key, f"{failures_key}:locked-until")
    fresh = await _challenge(client, enrolled["customer"])
    assert (await _verify(client, fresh["challengeId"], enrolled["recovery_codes"][1]))[
        "__typename"
    ] == "LoginSuccess"
    async with app.state.bff.db.session() as session:
        failures = (
            await session.scalars(select(AuditEvent).where(AuditEvent.action == "login.second_factor_failed"))
        ).all()
    assert len(failures) >= 5
    assert all(wrong_code not in str(e.detail) for e in failures)
