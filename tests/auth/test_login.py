"""Minimal sign-in: bearer tokens and cookies, one generic failure, logout ends the session."""

from __future__ import annotations

from tests.conftest import Client

LOGIN = """mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) {
  __typename ... on LoginSuccess { token } ... on LoginFailed { message messageEn } } }"""


async def test_wrong_password_and_unknown_customer_get_the_same_answer(client: Client) -> None:
    wrong = await client.execute(LOGIN, {"n": "100001", "p": "falsch"})
    unknown = await client.execute(LOGIN, {"n": "999999", "p": "Demo-Kunde-2026!"})
    assert wrong["data"]["login"]["__typename"] == "LoginFailed"
    assert wrong["data"]["login"] == unknown["data"]["login"]


async def test_new_token_every_login_replaces_the_old_session(client: Client) -> None:
    first = await client.login("100001")
    second = await client.login("100001")  # sent with the first token: that session ends
    assert first != second and len(second) >= 32
    client.token = first
    assert (await client.execute("{ viewer { id } }"))["data"]["viewer"] is None
    client.token = second
    assert (await client.execute("{ viewer { id } }"))["data"]["viewer"] is not None


async def test_logout_ends_only_this_session(client: Client) -> None:
    other_device = await client.login("100001")
    client.token = None
    this_device = await client.login("100001")
    assert (await client.execute("mutation { logout { ok } }"))["data"]["logout"]["ok"] is True
    assert (await client.execute("{ viewer { id } }"))["data"]["viewer"] is None
    client.token = other_device
    assert (await client.execute("{ viewer { id } }"))["data"]["viewer"] is not None
    assert this_device != other_device


async def test_browser_cookie_session_and_cross_site_cookie_ignored(client: Client) -> None:
    response = await client.http.post(
        "/graphql", json={"query": LOGIN, "variables": {"n": "100001", "p": "Demo-Kunde-2026!"}}
    )
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("__Host-bff_session=") and "HttpOnly" in cookie and "Secure" in cookie
    assert "samesite=lax" in cookie.lower()
    token = response.json()["data"]["login"]["token"]
    client.http.cookies.set("__Host-bff_session", token)
    same_origin = await client.http.post(
        "/graphql",
        json={"query": "{ viewer { customerNumber lastLoginAt } }"},
        headers={"Origin": "http://testserver"},
    )
    assert same_origin.json()["data"]["viewer"]["customerNumber"] == "100001"
    assert same_origin.json()["data"]["viewer"]["lastLoginAt"].endswith("+00:00"), "A6: an unambiguous time"
    cross_site = await client.http.post(
        "/graphql",
        json={"query": "{ viewer { customerNumber } }"},
        headers={"Origin": "https://evil.example"},
    )
    assert cross_site.json()["data"]["viewer"] is None
