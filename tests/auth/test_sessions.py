"""Sessions (ASVS 7.x) and login throttling (ASVS 6.3.1), through the GraphQL API and the real store."""

from __future__ import annotations

from typing import Any

import httpx

from bff.demo_accounts import DEMO_PASSWORD
from tests.conftest import Client, client_address
from tests.factories import create_account
from tests.support.otp import enrol_totp, step_up

LOGIN = """mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) { __typename
  ... on LoginSuccess { token expiresInSeconds }
  ... on LoginFailed { message messageEn retryAfterSeconds } } }"""
SESSIONS = "{ viewer { sessions { id platform createdAt lastSeenAt clientAddress current } } }"
END = """mutation($id: ID!) { endSession(id: $id) { __typename ... on SessionEnded { id }
  ... on SessionNotFound { message messageEn } } }"""
END_OTHERS = "mutation { endOtherSessions { count } }"


async def _login(
    client: Client, number: str, password: str = DEMO_PASSWORD, **headers: str
) -> dict[str, Any]:
    client.token = None
    result: dict[str, Any] = (await client.execute(LOGIN, {"n": number, "p": password}, **headers))["data"][
        "login"
    ]
    return result


async def test_7_4_1_logout_removes_the_session_from_the_store(client: Client, app: Any) -> None:
    account = await create_account(app)
    token = await client.login(account.customer_number)
    assert await app.state.bff.sessions.resolve(token) is not None
    await client.execute("mutation { logout { ok } }")
    assert await app.state.bff.sessions.resolve(token) is None
    assert await app.state.bff.sessions.active(account.id) == []


async def test_7_5_2_list_own_sessions_and_end_another(client: Client, app: Any) -> None:
    account = await create_account(app)
    phone = (await _login(client, account.customer_number, **{"X-Client-Platform": "IOS"}))["token"]
    web = await client.login(account.customer_number)
    sessions = (await client.execute(SESSIONS))["data"]["viewer"]["sessions"]
    assert [(s["platform"], s["current"]) for s in sessions] == [("WEB", True), ("IOS", False)]
    assert all(s["clientAddress"].startswith("10.") for s in sessions)

    # Someone else's session id is not found, and theirs stays alive.
    stranger = await create_account(app)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=(client_address(), 1)), base_url="http://testserver"
    ) as http:
        other = Client(http)
        await other.login(stranger.customer_number)
        theirs = (await other.execute(SESSIONS))["data"]["viewer"]["sessions"][0]["id"]
        assert (await client.execute(END, {"id": theirs}))["data"]["endSession"][
            "__typename"
        ] == "SessionNotFound"
        assert (await other.execute(SESSIONS))["data"]["viewer"] is not None

    phone_id = sessions[1]["id"]
    assert (await client.execute(END, {"id": phone_id}))["data"]["endSession"] == {
        "__typename": "SessionEnded",
        "id": phone_id,
    }
    client.token = phone
    assert (await client.execute(SESSIONS))["data"]["viewer"] is None
    client.token = web
    assert [s["platform"] for s in (await client.execute(SESSIONS))["data"]["viewer"]["sessions"]] == ["WEB"]


async def test_end_other_sessions_keeps_this_one(client: Client, app: Any) -> None:
    account = await create_account(app)
    others = [(await _login(client, account.customer_number))["token"] for _ in range(2)]
    await client.login(account.customer_number)
    assert (await client.execute(END_OTHERS))["data"]["endOtherSessions"]["count"] == 2
    assert len((await client.execute(SESSIONS))["data"]["viewer"]["sessions"]) == 1
    for token in others:
        assert await app.state.bff.sessions.resolve(token) is None


async def test_kiosk_sessions_idle_out_after_two_minutes(client: Client, app: Any) -> None:
    account = await create_account(app)
    kiosk = await _login(client, account.customer_number, **{"X-Client-Platform": "KIOSK"})
    web = await _login(client, account.customer_number)
    assert (kiosk["expiresInSeconds"], web["expiresInSeconds"]) == (120, 1800)


async def test_a_client_learns_its_sessions_idle_time_to_clear_its_screen(client: Client, app: Any) -> None:
    """The session's own platform counts (the kiosk it signed in on), whatever a later request says."""
    account = await create_account(app)
    idle = "{ viewer { sessionIdleSeconds } }"
    client.token = (await _login(client, account.customer_number, **{"X-Client-Platform": "KIOSK"}))["token"]
    assert (await client.execute(idle))["data"]["viewer"]["sessionIdleSeconds"] == 120
    assert (await client.execute(idle, **{"X-Client-Platform": "WEB"}))["data"]["viewer"][
        "sessionIdleSeconds"
    ] == 120
    client.token = (await _login(client, account.customer_number))["token"]
    assert (await client.execute(idle))["data"]["viewer"]["sessionIdleSeconds"] == 1800


async def test_6_3_1_five_failures_lock_the_customer_number(client: Client, app: Any) -> None:
    account = await create_account(app)
    for _ in range(5):
        failed = await _login(client, account.customer_number, "falsch")
        assert (
            failed["retryAfterSeconds"] is None
            and failed["message"] == "Kundennummer oder Passwort ist falsch."
        )
    locked = await _login(client, account.customer_number)  # even the right password
    assert locked["__typename"] == "LoginFailed" and 880 < locked["retryAfterSeconds"] <= 900
    assert "Zu viele Fehlversuche" in locked["message"] and "Too many failed attempts" in locked["messageEn"]
    # An unknown customer number locks the same way, so the lock reveals nothing.
    for _ in range(5):
        await _login(client, "70000000", "falsch")
    assert 880 < (await _login(client, "70000000", "falsch"))["retryAfterSeconds"] <= 900
    # Another customer from another address is not affected.
    other = await create_account(app)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=(client_address(), 1)), base_url="http://testserver"
    ) as http:
        assert (await _login(Client(http), other.customer_number))["__typename"] == "LoginSuccess"


async def test_6_3_1_one_address_guessing_many_numbers_is_locked(client: Client, app: Any) -> None:
    limit = app.state.bff.settings.login_max_failures_per_address
    account = await create_account(app)
    for attempt in range(limit):  # one try per number, as in credential stuffing
        await _login(client, f"6{attempt:07d}", "falsch")
    locked = await _login(client, account.customer_number)
    assert locked["retryAfterSeconds"] == 900


async def test_a_successful_login_clears_the_count(client: Client, app: Any) -> None:
    account = await create_account(app)
    for _ in range(4):
        await _login(client, account.customer_number, "falsch")
    assert (await _login(client, account.customer_number))["__typename"] == "LoginSuccess"
    for _ in range(4):
        await _login(client, account.customer_number, "falsch")
    assert (await _login(client, account.customer_number))["__typename"] == "LoginSuccess"


CHANGE = """mutation($current: String!, $new: String!, $grant: String) {
  changePassword(currentPassword: $current, newPassword: $new, stepUpGrant: $grant) { __typename
    ... on PasswordChanged { sessionsEnded } ... on WeakPassword { problems }
    ... on StepUpRequired { operation } ... on PasswordIncorrect { messageEn } } }"""


async def test_7_4_3_other_sessions_end_after_a_password_change(client: Client, app: Any) -> None:
    account = await create_account(app)
    other_device = (await _login(client, account.customer_number))["token"]
    await client.login(account.customer_number)
    authenticator = await enrol_totp(client)
    new_password = "Sonnenblume-Elbe-42"
    variables = {"current": DEMO_PASSWORD, "new": new_password, "grant": None}
    assert (await client.execute(CHANGE, variables))["data"]["changePassword"] == {
        "__typename": "StepUpRequired",
        "operation": "CHANGE_PASSWORD",
    }
    wrong = await client.execute(CHANGE, variables | {"current": "falsch"})
    assert wrong["data"]["changePassword"]["__typename"] == "PasswordIncorrect"
    weak = await client.execute(CHANGE, variables | {"new": f"x{account.customer_number}x-lang"})
    assert weak["data"]["changePassword"]["problems"] == ["CONTAINS_CUSTOMER_NUMBER"]

    grant = await step_up(client, "CHANGE_PASSWORD", {}, authenticator.next_code())
    changed = await client.execute(CHANGE, variables | {"grant": grant})
    assert changed["data"]["changePassword"] == {"__typename": "PasswordChanged", "sessionsEnded": 1}
    assert await app.state.bff.sessions.resolve(other_device) is None
    assert (await client.execute(SESSIONS))["data"]["viewer"] is not None, "this session continues"
    refused = await _login(client, account.customer_number)
    assert refused["__typename"] == "LoginFailed", "the old password no longer works"
