"""Staff accounts for production (issue 18): `bff staff create` prints a one-time enrolment link (24 h);
through it the person sets password and authenticator app; before that the account can do nothing, and
afterwards GraphiQL opens only for the session confirmed with the second factor."""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from bff.settings import Environment, Settings
from bff.simulator.app import Simulator
from bff.staff import enrolment
from tests.conftest import Client, unique
from tests.factories import app_state
from tests.support.instances import running_instance
from tests.support.mail import TOKEN
from tests.support.otp import key_of, totp

BEGIN = """mutation($t: String!) { beginStaffEnrolment(token: $t) { __typename
  ... on TotpEnrollment { secret } } }"""
COMPLETE = """mutation($t: String!, $p: String!, $c: String!) {
  completeStaffEnrolment(token: $t, password: $p, code: $c) { __typename
  ... on StaffEnrolled { name recoveryCodes } ... on WeakPassword { problems } } }"""
LOGIN = """mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) { __typename
  ... on SecondFactorRequired { challengeId } } }"""
VERIFY = """mutation($c: String!, $code: String!) { verifySecondFactor(challengeId: $c, code: $code) {
  __typename ... on LoginSuccess { token } } }"""
PASSWORD = "Sieben-Kraniche-ueber-Wismar"


async def bff_staff_create(database_url: str, *args: str) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bff.cli", "staff", "create", *args,
        env={**os.environ, "BFF_DATABASE_URL": database_url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return out.decode()


async def test_a_staff_member_enrols_with_the_link_and_then_needs_the_second_factor(
    settings: Settings, simulator: Simulator
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        database = f"sqlite+aiosqlite:///{directory}/bff.db"
        printed = await bff_staff_create(database, "clerk-anna", "--role", "clerk")
        match = TOKEN.search(printed)
        assert match and "/staff/enrol?token=" in printed and "24" in printed
        token = match.group(1)
        async with running_instance(
            settings, simulator, environment=Environment.PROD, secret_key="s" * 40, database_url=database
        ) as production:
            client = production.client
            before = (await client.execute(LOGIN, {"n": "clerk-anna", "p": PASSWORD}))["data"]["login"]
            secret = (await client.execute(BEGIN, {"t": token}))["data"]["beginStaffEnrolment"]["secret"]
            key = key_of(secret)
            weak = await client.execute(
                COMPLETE, {"t": token, "p": "Abcdefghij", "c": totp(key, time.time())}
            )
            wrong = await client.execute(COMPLETE, {"t": token, "p": PASSWORD, "c": "000000"})
            done = await client.execute(COMPLETE, {"t": token, "p": PASSWORD, "c": totp(key, time.time())})
            again = await client.execute(BEGIN, {"t": token})
            login = (await client.execute(LOGIN, {"n": "clerk-anna", "p": PASSWORD}))["data"]["login"]
            password_only_ide = await client.http.get("/graphql", headers={"Accept": "text/html"})
            link_page = await client.http.get(f"/staff/enrol?token={token}")
            verified = await client.execute(
                VERIFY, {"c": login["challengeId"], "code": totp(key, time.time() + 30)}
            )
            session = verified["data"]["verifySecondFactor"]["token"]
            ide = await client.http.get(
                "/graphql", headers={"Accept": "text/html", "Authorization": f"Bearer {session}"}
            )

    assert link_page.status_code == 200 and "/staff/enrol/enrol.js" in link_page.text, "served in production"
    assert "script-src 'self'" in link_page.headers["content-security-policy"]
    assert before["__typename"] == "LoginFailed", "a pending staff account cannot sign in"
    assert weak["data"]["completeStaffEnrolment"]["__typename"] == "WeakPassword"
    assert wrong["data"]["completeStaffEnrolment"]["__typename"] == "InvalidCode"
    enrolled = done["data"]["completeStaffEnrolment"]
    assert enrolled["__typename"] == "StaffEnrolled" and len(enrolled["recoveryCodes"]) == 10
    assert again["data"]["beginStaffEnrolment"]["__typename"] == "InvalidToken", "the link works once"
    assert login["__typename"] == "SecondFactorRequired", "staff always sign in with the second factor"
    assert password_only_ide.status_code == 404
    assert ide.status_code == 200 and "graphiql" in ide.text.lower()


async def _enrolment_link(app: Any) -> str:
    """What `bff staff create` does, on the test app's database: a pending clerk and the link's token."""
    return await enrolment.create_staff(app_state(app).db, name=unique("clerk"), role="clerk", agent_id=None)


@contextmanager
def clock_moved(app: Any, by: timedelta) -> Iterator[None]:
    state = app_state(app)
    original = state.clock
    state.clock = lambda: original() + by
    try:
        yield
    finally:
        state.clock = original


async def test_the_enrolment_link_works_once(app: Any, client: Client) -> None:
    token = await _enrolment_link(app)
    key = key_of((await client.execute(BEGIN, {"t": token}))["data"]["beginStaffEnrolment"]["secret"])
    done = await client.execute(COMPLETE, {"t": token, "p": PASSWORD, "c": totp(key, time.time())})
    assert done["data"]["completeStaffEnrolment"]["__typename"] == "StaffEnrolled"

    # Whoever finds the used link (browser history, a forwarded mail) cannot set password or factor again.
    again = await client.execute(
        COMPLETE, {"t": token, "p": PASSWORD + "-2", "c": totp(key, time.time() + 30)}
    )
    assert again["data"]["completeStaffEnrolment"]["__typename"] == "InvalidToken"
    assert (await client.execute(BEGIN, {"t": token}))["data"]["beginStaffEnrolment"][
        "__typename"
    ] == "InvalidToken"


async def test_the_enrolment_link_expires_after_24_hours(app: Any, client: Client) -> None:
    token = await _enrolment_link(app)
    with clock_moved(app, timedelta(hours=23)):
        begun = (await client.execute(BEGIN, {"t": token}))["data"]["beginStaffEnrolment"]
        assert begun["__typename"] == "TotpEnrollment"
    key = key_of(begun["secret"])
    with clock_moved(app, timedelta(hours=24, minutes=1)):
        late_begin = (await client.execute(BEGIN, {"t": token}))["data"]["beginStaffEnrolment"]
        late = await client.execute(COMPLETE, {"t": token, "p": PASSWORD, "c": totp(key, time.time())})
    assert late_begin["__typename"] == "InvalidToken"
    assert late["data"]["completeStaffEnrolment"]["__typename"] == "InvalidToken"


async def test_a_guessed_or_tampered_enrolment_token_does_nothing(app: Any, client: Client) -> None:
    token = await _enrolment_link(app)
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    for forged in (flipped, token[:-1], token + "A", "", " " * 5, "x" * 500, secrets.token_urlsafe(32)):
        begun = (await client.execute(BEGIN, {"t": forged}))["data"]["beginStaffEnrolment"]
        completed = await client.execute(COMPLETE, {"t": forged, "p": PASSWORD, "c": "123456"})
        assert begun["__typename"] == "InvalidToken", forged
        assert completed["data"]["completeStaffEnrolment"]["__typename"] == "InvalidToken", forged
    # The real link still works: the forgeries used nothing up.
    key = key_of((await client.execute(BEGIN, {"t": token}))["data"]["beginStaffEnrolment"]["secret"])
    done = await client.execute(COMPLETE, {"t": token, "p": PASSWORD, "c": totp(key, time.time())})
    assert done["data"]["completeStaffEnrolment"]["__typename"] == "StaffEnrolled"


VIEWER = "{ viewer { __typename } }"


async def test_a_staff_member_who_lost_the_authenticator_is_enrolled_again(app: Any, client: Client) -> None:
    """`bff staff re-enrol NAME`: whoever holds the old password, authenticator or session is out; only the
    new one-time link sets them again. A customer number is refused (customers recover by post)."""
    state = app_state(app)
    name = unique("clerk")
    token = await enrolment.create_staff(state.db, name=name, role="clerk", agent_id=None)
    key = key_of((await client.execute(BEGIN, {"t": token}))["data"]["beginStaffEnrolment"]["secret"])
    await client.execute(COMPLETE, {"t": token, "p": PASSWORD, "c": totp(key, time.time())})
    challenge = (await client.execute(LOGIN, {"n": name, "p": PASSWORD}))["data"]["login"]["challengeId"]
    verified = await client.execute(VERIFY, {"c": challenge, "code": totp(key, time.time() + 30)})
    session = {"Authorization": f"Bearer {verified['data']['verifySecondFactor']['token']}"}
    assert (await client.http.post("/graphql", json={"query": VIEWER}, headers=session)).json()["data"][
        "viewer"
    ]

    new_token = await enrolment.reenrol_staff(state.db, state.sessions, name=name)

    old_session = (await client.http.post("/graphql", json={"query": VIEWER}, headers=session)).json()
    old_password = (await client.execute(LOGIN, {"n": name, "p": PASSWORD}))["data"]["login"]
    old_link = (await client.execute(BEGIN, {"t": token}))["data"]["beginStaffEnrolment"]
    new_key = key_of((await client.execute(BEGIN, {"t": new_token}))["data"]["beginStaffEnrolment"]["secret"])
    done = await client.execute(
        COMPLETE, {"t": new_token, "p": PASSWORD + "-neu", "c": totp(new_key, time.time())}
    )
    challenge = (await client.execute(LOGIN, {"n": name, "p": PASSWORD + "-neu"}))["data"]["login"][
        "challengeId"
    ]
    with_old_key = await client.execute(VERIFY, {"c": challenge, "code": totp(key, time.time() + 60)})

    assert old_session["data"]["viewer"] is None or old_session.get("errors"), "the old session ended"
    assert old_password["__typename"] == "LoginFailed", "the pending account signs in no more"
    assert old_link["__typename"] == "InvalidToken"
    assert done["data"]["completeStaffEnrolment"]["__typename"] == "StaffEnrolled"
    assert with_old_key["data"]["verifySecondFactor"]["__typename"] != "LoginSuccess", "the old key is gone"
    customer = await bff_staff_reenrol_fails(state.settings.database_url, "100001")
    assert "no staff account named 100001" in customer


async def bff_staff_reenrol_fails(database_url: str, name: str) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bff.cli", "staff", "re-enrol", name,
        env={**os.environ, "BFF_DATABASE_URL": database_url, "BFF_REDIS_URL": ""},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await process.communicate()
    assert process.returncode != 0
    return err.decode()
