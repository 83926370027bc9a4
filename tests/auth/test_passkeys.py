"""Passkeys (A5, WebAuthn) through the GraphQL API with a software authenticator: register, sign in
without a username, single-use challenges, sign counters, origins, removal behind a step-up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from bff.app import create_app
from bff.db.models import Account, AuditEvent
from bff.demo_accounts import DEMO_PASSWORD
from bff.settings import Settings
from bff.simulator.app import Simulator
from tests.conftest import Client
from tests.factories import create_account
from tests.support.otp import enrol_totp
from tests.support.soft_authenticator import (
    ExcludedCredentialError,
    SoftAuthenticator,
    b64url,
    unb64url,
)

APP_ORIGIN = "android:apk-key-hash:Zm9vYmFyLWtleS1oYXNoLW9mLXRoZS1hcHA"

BEGIN_REGISTRATION = """mutation($p: String, $g: String) {
  beginPasskeyRegistration(password: $p, stepUpGrant: $g) {
  __typename ... on PasskeyOptions { options } ... on StepUpRequired { operation payload }
  ... on PasswordConfirmationRequired { wrongPassword message messageEn } } }"""
FINISH_REGISTRATION = """mutation($c: JSON!, $n: String) {
  finishPasskeyRegistration(credential: $c, name: $n) { __typename
  ... on PasskeyRegistered { passkey { id name createdAt lastUsedAt backedUp } }
  ... on PasskeyRefused { message messageEn } } }"""
BEGIN_LOGIN = "mutation($n: String) { beginPasskeyLogin(customerNumber: $n) { options } }"
FINISH_LOGIN = """mutation($c: JSON!) { finishPasskeyLogin(credential: $c) { __typename
  ... on LoginSuccess { token expiresInSeconds } ... on LoginFailed { message messageEn } } }"""
REMOVE = """mutation($id: ID!, $g: String) { removePasskey(id: $id, stepUpGrant: $g) { __typename
  ... on PasskeyRemoved { id } ... on StepUpRequired { operation message messageEn }
  ... on PasskeyRefused { message messageEn } } }"""
VIEWER = "{ viewer { lastLoginAt passkeys { id name createdAt lastUsedAt backedUp } } }"
REQUEST_STEP_UP = """mutation($p: JSON!, $op: StepUpOperation! = REMOVE_PASSKEY) {
  requestStepUp(operation: $op, payload: $p) {
  __typename ... on StepUpChallenge { challengeId methods passkeyOptions } } }"""
CONFIRM_STEP_UP = """mutation($id: String!, $code: String, $c: JSON) {
  confirmStepUp(challengeId: $id, code: $code, credential: $c) {
  __typename ... on StepUpGranted { grant token } ... on StepUpFailed { messageEn } } }"""


async def _signed_in(app: Any, client: Client) -> Account:
    account = await create_account(app)
    await client.login(account.customer_number)
    return account


async def _begin_registration(
    client: Client, password: str | None = DEMO_PASSWORD, grant: str | None = None
) -> dict[str, Any]:
    body = await client.execute(BEGIN_REGISTRATION, {"p": password, "g": grant})
    begun = body["data"]["beginPasskeyRegistration"]
    assert begun["__typename"] == "PasskeyOptions", begun
    options: dict[str, Any] = begun["options"]
    return options


async def _finish_registration(
    client: Client, credential: dict[str, Any], name: str | None
) -> dict[str, Any]:
    body = await client.execute(FINISH_REGISTRATION, {"c": credential, "n": name})
    result: dict[str, Any] = body["data"]["finishPasskeyRegistration"]
    return result


async def _register(
    client: Client, new: SoftAuthenticator, /, name: str | None = "Laptop", **proof: Any
) -> dict[str, Any]:
    """The first factor with the password; with `code=` or `authenticator=` a further one (step-up)."""
    grant = await _grant(client, "ADD_SECOND_FACTOR", {"method": "PASSKEY"}, **proof) if proof else None
    credential = new.create(await _begin_registration(client, grant=grant))
    result = await _finish_registration(client, credential, name)
    assert result["__typename"] == "PasskeyRegistered", result
    passkey: dict[str, Any] = result["passkey"]
    return passkey


async def _login_options(client: Client, customer_number: str | None = None) -> dict[str, Any]:
    client.token = None  # signed out, as on the login screen
    body = await client.execute(BEGIN_LOGIN, {"n": customer_number})
    options: dict[str, Any] = body["data"]["beginPasskeyLogin"]["options"]
    return options


async def _finish_login(client: Client, assertion: dict[str, Any]) -> dict[str, Any]:
    client.token = None
    result: dict[str, Any] = (await client.execute(FINISH_LOGIN, {"c": assertion}))["data"][
        "finishPasskeyLogin"
    ]
    return result


async def _passkey_login(client: Client, authenticator: SoftAuthenticator, **get: Any) -> dict[str, Any]:
    return await _finish_login(client, authenticator.get(await _login_options(client), **get))


async def _viewer(client: Client) -> dict[str, Any]:
    viewer: dict[str, Any] = (await client.execute(VIEWER))["data"]["viewer"]
    return viewer


async def _audit_events(app: Any, account_id: int) -> list[AuditEvent]:
    async with app.state.bff.db.session() as session:
        return list(await session.scalars(select(AuditEvent).where(AuditEvent.account_id == account_id)))


async def test_register_a_passkey_and_sign_in_with_it_without_a_username(app: Any, client: Client) -> None:
    account = await _signed_in(app, client)
    options = await _begin_registration(client)
    assert options["rp"] == {"id": "localhost", "name": "Kundenportal"}
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "preferred"
    assert options["excludeCredentials"] == []
    # The user handle is opaque: no customer number or other personal data in it.
    assert account.customer_number.encode() not in unb64url(options["user"]["id"])
    laptop = SoftAuthenticator()
    registered = await _finish_registration(client, laptop.create(options), "Laptop")
    assert registered["__typename"] == "PasskeyRegistered", registered
    passkey = registered["passkey"]
    assert passkey["name"] == "Laptop" and passkey["lastUsedAt"] is None and passkey["backedUp"] is False
    before = await _viewer(client)
    assert before["passkeys"] == [passkey]

    options = await _login_options(client)
    assert options["allowCredentials"] == [] and options["userVerification"] == "required"
    signed_in = await _finish_login(client, laptop.get(options))
    assert signed_in["__typename"] == "LoginSuccess", signed_in
    client.token = signed_in["token"]
    viewer = await _viewer(client)
    assert [p["id"] for p in viewer["passkeys"]] == [passkey["id"]]  # signed in to this very account
    assert viewer["lastLoginAt"] is not None and viewer["lastLoginAt"] > before["lastLoginAt"]
    assert viewer["passkeys"][0]["lastUsedAt"] is not None

    events = await _audit_events(app, account.id)
    actions = [e.action for e in events]
    assert "passkey.registered" in actions
    assert {"platform": "WEB", "second_factor": "passkey"} in [
        e.detail for e in events if e.action == "login.succeeded"
    ]
    credential_id = laptop.credentials[0].credential_id
    assert all(b64url(credential_id) not in str(e.detail) for e in events)


async def test_a_second_passkey_on_the_same_authenticator_is_excluded(app: Any, client: Client) -> None:
    await _signed_in(app, client)
    laptop = SoftAuthenticator()
    first_options = await _begin_registration(client)
    first_response = laptop.create(first_options)
    assert (await _finish_registration(client, first_response, "Laptop"))["__typename"] == "PasskeyRegistered"

    grant = await _grant(client, "ADD_SECOND_FACTOR", {"method": "PASSKEY"}, authenticator=laptop)
    options = await _begin_registration(client, grant=grant)
    assert [c["id"] for c in options["excludeCredentials"]] == [first_response["id"]]
    assert options["excludeCredentials"][0]["transports"] == ["internal", "hybrid"]
    with pytest.raises(ExcludedCredentialError):
        laptop.create(options)
    # Sending the first registration again does not add it twice: its options are used up.
    again = await _finish_registration(client, first_response, "Laptop")
    assert again["__typename"] == "PasskeyRefused" and again["messageEn"]

    phone = SoftAuthenticator(backed_up=True)
    await _register(client, phone, name="  Handy  ", authenticator=laptop)
    passkeys = (await _viewer(client))["passkeys"]
    assert [(p["name"], p["backedUp"]) for p in passkeys] == [("Laptop", False), ("Handy", True)]


async def test_a_passkey_without_a_name_gets_a_default_name(app: Any, client: Client) -> None:
    await _signed_in(app, client)
    assert (await _register(client, SoftAuthenticator(), name=None))["name"] == "Passkey"


async def test_a_replayed_assertion_is_refused(app: Any, client: Client) -> None:
    account = await _signed_in(app, client)
    laptop = SoftAuthenticator()
    await _register(client, laptop)
    assertion = laptop.get(await _login_options(client))
    assert (await _finish_login(client, assertion))["__typename"] == "LoginSuccess"
    replay = await _finish_login(client, assertion)
    assert replay == {
        "__typename": "LoginFailed",
        "message": "Die Anmeldung mit dem Passkey ist fehlgeschlagen.",
        "messageEn": "Signing in with the passkey failed.",
    }
    assert "passkey.login_failed" in [e.action for e in await _audit_events(app, account.id)]


async def test_a_sign_count_must_grow_unless_it_stays_zero(app: Any, client: Client) -> None:
    await _signed_in(app, client)
    counting = SoftAuthenticator()
    await _register(client, counting)
    assert (await _passkey_login(client, counting, sign_count=5))["__typename"] == "LoginSuccess"
    # The same or a lower counter hints at a cloned authenticator.
    assert (await _passkey_login(client, counting, sign_count=5))["__typename"] == "LoginFailed"
    assert (await _passkey_login(client, counting, sign_count=3))["__typename"] == "LoginFailed"
    assert (await _passkey_login(client, counting, sign_count=0))["__typename"] == "LoginFailed"
    assert (await _passkey_login(client, counting, sign_count=6))["__typename"] == "LoginSuccess"

    await _signed_in(app, client)
    platform = SoftAuthenticator(counter_step=0)  # many platform authenticators always send 0
    await _register(client, platform)
    for _ in range(2):
        assert (await _passkey_login(client, platform))["__typename"] == "LoginSuccess"


async def test_responses_from_another_origin_are_refused(app: Any, client: Client) -> None:
    await _signed_in(app, client)
    phishing = SoftAuthenticator(origin="https://kundenportal.example.evil")
    refused = await _finish_registration(client, phishing.create(await _begin_registration(client)), "Evil")
    assert refused["__typename"] == "PasskeyRefused"

    laptop = SoftAuthenticator()
    await _register(client, laptop)
    phished = await _passkey_login(client, laptop, origin="https://kundenportal.example.evil")
    assert phished["__typename"] == "LoginFailed"
    # Nor is an app origin this portal was not configured for.
    assert (await _passkey_login(client, laptop, origin=APP_ORIGIN))["__typename"] == "LoginFailed"


@pytest.fixture
async def app_client(settings: Settings, simulator: Simulator) -> AsyncIterator[Client]:
    """A second portal instance on the same database and store whose settings also trust the app."""
    app_settings = settings.model_copy(update={"webauthn_origins": [*settings.webauthn_origins, APP_ORIGIN]})
    application = create_app(app_settings, simulator=simulator)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application, client=("10.250.0.1", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield Client(http)


async def test_an_app_origin_in_the_settings_is_accepted(
    app: Any, client: Client, app_client: Client
) -> None:
    await _signed_in(app, client)
    phone = SoftAuthenticator()
    passkey = await _register(client, phone)  # registered on the web
    signed_in = await _passkey_login(app_client, phone, origin=APP_ORIGIN)
    assert signed_in["__typename"] == "LoginSuccess", signed_in
    app_client.token = signed_in["token"]
    assert [p["id"] for p in (await _viewer(app_client))["passkeys"]] == [passkey["id"]]


async def test_a_customer_number_offers_only_that_customers_passkeys(app: Any, client: Client) -> None:
    mine = await _signed_in(app, client)
    laptop = SoftAuthenticator()
    await _register(client, laptop)
    await _signed_in(app, client)
    stranger = SoftAuthenticator()
    await _register(client, stranger)

    options = await _login_options(client, mine.customer_number)
    assert [c["id"] for c in options["allowCredentials"]] == [b64url(laptop.credentials[0].credential_id)]
    # Another customer's passkey cannot answer a ceremony started for this customer number.
    foreign = stranger.get({**options, "allowCredentials": []})
    assert (await _finish_login(client, foreign))["__typename"] == "LoginFailed"
    signed_in = await _finish_login(client, laptop.get(await _login_options(client, mine.customer_number)))
    assert signed_in["__typename"] == "LoginSuccess"
    # An unknown customer number gets the same answer as a usernameless request.
    assert (await _login_options(client, "999999999"))["allowCredentials"] == []


async def test_registration_needs_a_signed_in_customer(client: Client) -> None:
    body = await client.execute(BEGIN_REGISTRATION)
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_removing_a_passkey_needs_a_step_up(app: Any, client: Client) -> None:
    await _signed_in(app, client)
    passkey = await _register(client, SoftAuthenticator())
    for grant in (None, "made-up-grant"):
        refused = (await client.execute(REMOVE, {"id": passkey["id"], "g": grant}))["data"]["removePasskey"]
        assert refused["__typename"] == "StepUpRequired" and refused["operation"] == "REMOVE_PASSKEY"
        assert refused["message"] and refused["messageEn"]
    assert (await _viewer(client))["passkeys"] == [passkey]


async def test_another_customers_passkey_cannot_be_removed(app: Any, client: Client) -> None:
    await _signed_in(app, client)
    theirs = await _register(client, SoftAuthenticator())
    await _signed_in(app, client)
    refused = (await client.execute(REMOVE, {"id": theirs["id"]}))["data"]["removePasskey"]
    assert refused["__typename"] == "PasskeyRefused"


async def _step_up(client: Client, passkey_id: str, **proof: Any) -> str:
    return await _grant(client, "REMOVE_PASSKEY", {"passkeyId": passkey_id}, **proof)


async def _grant(client: Client, operation: str, payload: dict[str, Any], **proof: Any) -> str:
    """A step-up grant proven with `code=` (TOTP) or `authenticator=` (a registered passkey)."""
    requested = (await client.execute(REQUEST_STEP_UP, {"p": payload, "op": operation}))["data"]
    challenge = requested["requestStepUp"]
    assert challenge["__typename"] == "StepUpChallenge", challenge
    if "authenticator" in proof:
        proof = {"c": proof.pop("authenticator").get(challenge["passkeyOptions"])}
    confirmed = (await client.execute(CONFIRM_STEP_UP, {"id": challenge["challengeId"], **proof}))["data"]
    granted = confirmed["confirmStepUp"]
    assert granted["__typename"] == "StepUpGranted", granted
    client.token = granted["token"]  # the session continues under a new token
    grant: str = granted["grant"]
    return grant


async def test_removing_a_passkey_with_a_step_up_ends_the_other_sessions(app: Any, client: Client) -> None:
    account = await _signed_in(app, client)
    client.token = None
    other_session = await client.login(account.customer_number)
    client.token = None
    await client.login(account.customer_number)
    authenticator = await enrol_totp(client)
    laptop, phone = SoftAuthenticator(), SoftAuthenticator()
    lost = await _register(client, laptop, name="Altes Handy", code=authenticator.next_code())
    kept = await _register(client, phone, name="Neues Handy", authenticator=laptop)

    grant = await _step_up(client, lost["id"], authenticator=phone)
    # The grant confirms removing *this* passkey, not another one.
    wrong = (await client.execute(REMOVE, {"id": kept["id"], "g": grant}))["data"]["removePasskey"]
    assert wrong["__typename"] == "StepUpRequired"
    removed = (await client.execute(REMOVE, {"id": lost["id"], "g": grant}))["data"]["removePasskey"]
    assert removed == {"__typename": "PasskeyRemoved", "id": lost["id"]}

    viewer = await _viewer(client)  # this session goes on
    assert [p["name"] for p in viewer["passkeys"]] == ["Neues Handy"]
    current = client.token
    client.token = other_session
    assert (await client.execute(VIEWER))["data"]["viewer"] is None
    assert (await _passkey_login(client, laptop))["__typename"] == "LoginFailed"
    assert "passkey.removed" in [e.action for e in await _audit_events(app, account.id)]

    # The remaining passkey confirms removing itself (e.g. before selling the phone).
    client.token = current
    grant = await _step_up(client, kept["id"], authenticator=phone)
    removed = (await client.execute(REMOVE, {"id": kept["id"], "g": grant}))["data"]["removePasskey"]
    assert removed["__typename"] == "PasskeyRemoved"
    assert (await _viewer(client))["passkeys"] == []


PASSWORD_LOGIN = """mutation($n: String!) { login(customerNumber: $n, password: "Demo-Kunde-2026!") {
  __typename ... on SecondFactorRequired { challengeId methods passkeyOptions } } }"""
VERIFY_WITH_PASSKEY = """mutation($id: String!, $c: JSON!) {
  verifySecondFactor(challengeId: $id, credential: $c) { __typename ... on LoginSuccess { token } } }"""


async def test_with_a_passkey_the_password_alone_no_longer_signs_in(app: Any, client: Client) -> None:
    account = await _signed_in(app, client)
    authenticator = SoftAuthenticator()
    await _register(client, authenticator)
    client.token = None
    challenge = (await client.execute(PASSWORD_LOGIN, {"n": account.customer_number}))["data"]["login"]
    assert challenge["__typename"] == "SecondFactorRequired" and challenge["methods"] == ["PASSKEY"]
    assertion = authenticator.get(challenge["passkeyOptions"])
    verified = await client.execute(VERIFY_WITH_PASSKEY, {"id": challenge["challengeId"], "c": assertion})
    assert verified["data"]["verifySecondFactor"]["__typename"] == "LoginSuccess"
    client.token = verified["data"]["verifySecondFactor"]["token"]
    assert (await _viewer(client)) is not None
    replay = await client.execute(VERIFY_WITH_PASSKEY, {"id": challenge["challengeId"], "c": assertion})
    assert replay["data"]["verifySecondFactor"]["__typename"] == "LoginFailed"
