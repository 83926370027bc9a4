"""Step-up (TAN, A5): a grant confirms exactly the requested change, once, and renews the session."""

from __future__ import annotations

from typing import Any

from bff.auth.stepup import StepUpOperation, consume_grant
from tests.conftest import Client
from tests.factories import create_account
from tests.support.otp import Authenticator, enrol_totp

REQUEST = """mutation($op: StepUpOperation!, $payload: JSON!) {
  requestStepUp(operation: $op, payload: $payload) { __typename
    ... on StepUpChallenge { challengeId operation methods passkeyOptions expiresInSeconds }
    ... on SecondFactorNeeded { message messageEn } } }"""
CONFIRM = """mutation($id: String!, $code: String) { confirmStepUp(challengeId: $id, code: $code) { __typename
  ... on StepUpGranted { grant token expiresInSeconds } ... on StepUpFailed { message messageEn } } }"""
REMOVE_TOTP = """mutation($grant: String) { removeTotp(stepUpGrant: $grant) { __typename
  ... on StepUpRequired { operation message messageEn } } }"""
VIEWER = "{ viewer { secondFactorEnabled } }"


async def _signed_in_with_totp(client: Client, app: Any) -> Authenticator:
    account = await create_account(app)
    await client.login(account.customer_number)
    return await enrol_totp(client)


async def _grant(client: Client, operation: str, payload: dict[str, Any], code: str) -> dict[str, Any]:
    challenge = (await client.execute(REQUEST, {"op": operation, "payload": payload}))["data"][
        "requestStepUp"
    ]
    assert challenge["__typename"] == "StepUpChallenge", challenge
    granted: dict[str, Any] = (await client.execute(CONFIRM, {"id": challenge["challengeId"], "code": code}))[
        "data"
    ]["confirmStepUp"]
    return granted


async def test_without_a_second_factor_the_customer_is_told_to_set_one_up(client: Client, app: Any) -> None:
    account = await create_account(app)
    await client.login(account.customer_number)
    answer = (await client.execute(REQUEST, {"op": "CHANGE_PASSWORD", "payload": {}}))["data"]
    assert answer["requestStepUp"]["__typename"] == "SecondFactorNeeded"
    assert "Authenticator" in answer["requestStepUp"]["message"]


async def test_grant_for_iban_x_does_not_confirm_iban_y_and_works_once(client: Client, app: Any) -> None:
    authenticator = await _signed_in_with_totp(client, app)
    account_id = (await app.state.bff.sessions.resolve(client.token)).account_id
    iban_x, iban_y = "DE89 3704 0044 0532 0130 00", "DE02120300000000202051"
    payload_x = {"iban": iban_x, "contractIds": ["c-1"]}
    granted = await _grant(client, "CHANGE_BANK_ACCOUNT", payload_x, authenticator.next_code())
    assert granted["__typename"] == "StepUpGranted" and granted["expiresInSeconds"] == 30 * 60
    store, grant = app.state.bff.store, granted["grant"]

    async def confirms(operation: StepUpOperation, payload: dict[str, Any]) -> bool:
        return await consume_grant(
            store, grant=grant, account_id=account_id, operation=operation, payload=payload
        )

    assert not await confirms(StepUpOperation.CHANGE_BANK_ACCOUNT, {"iban": iban_y, "contractIds": ["c-1"]})
    assert not await confirms(StepUpOperation.CHANGE_BANK_ACCOUNT, {"iban": iban_x, "contractIds": ["c-2"]})
    assert not await confirms(StepUpOperation.CHANGE_ADDRESS, payload_x)
    # The same IBAN written without spaces is the same change.
    assert await confirms(
        StepUpOperation.CHANGE_BANK_ACCOUNT, {"iban": "DE89370400440532013000", "contractIds": ["c-1"]}
    )
    assert not await confirms(StepUpOperation.CHANGE_BANK_ACCOUNT, payload_x), "a grant works once"


async def test_step_up_renews_the_session_token(client: Client, app: Any) -> None:
    authenticator = await _signed_in_with_totp(client, app)
    old_token = client.token
    granted = await _grant(client, "REMOVE_SECOND_FACTOR", {}, authenticator.next_code())
    assert granted["token"] != old_token
    assert (await client.execute(VIEWER))["data"]["viewer"] is None, "the old token has ended"
    client.token = granted["token"]
    assert (await client.execute(VIEWER))["data"]["viewer"]["secondFactorEnabled"] is True


async def test_removing_the_authenticator_needs_a_matching_grant(client: Client, app: Any) -> None:
    authenticator = await _signed_in_with_totp(client, app)
    refused = (await client.execute(REMOVE_TOTP, {"grant": None}))["data"]["removeTotp"]
    assert refused == {
        "__typename": "StepUpRequired",
        "operation": "REMOVE_SECOND_FACTOR",
        "message": "Bitte bestätigen Sie diese Änderung mit Ihrem zweiten Faktor (TAN).",
        "messageEn": "Please confirm this change with your second factor (TAN).",
    }
    other = await _grant(client, "CHANGE_PASSWORD", {}, authenticator.next_code())
    client.token = other["token"]
    wrong_operation = (await client.execute(REMOVE_TOTP, {"grant": other["grant"]}))["data"]["removeTotp"]
    assert wrong_operation["__typename"] == "StepUpRequired"

    granted = await _grant(client, "REMOVE_SECOND_FACTOR", {}, authenticator.recovery_codes[0])
    client.token = granted["token"]
    removed = (await client.execute(REMOVE_TOTP, {"grant": granted["grant"]}))["data"]["removeTotp"]
    assert removed["__typename"] == "TotpRemoved"
    assert (await client.execute(VIEWER))["data"]["viewer"]["secondFactorEnabled"] is False


async def test_a_wrong_code_fails_and_five_end_the_challenge(client: Client, app: Any) -> None:
    authenticator = await _signed_in_with_totp(client, app)
    challenge = (await client.execute(REQUEST, {"op": "CHANGE_PASSWORD", "payload": {}}))["data"][
        "requestStepUp"
    ]
    assert challenge["methods"] == ["TOTP"] and challenge["passkeyOptions"] is None
    for _ in range(5):
        failed = (await client.execute(CONFIRM, {"id": challenge["challengeId"], "code": "000000"}))["data"]
        assert failed["confirmStepUp"]["__typename"] == "StepUpFailed"
    late = await client.execute(CONFIRM, {"id": challenge["challengeId"], "code": authenticator.next_code()})
    # Five wrong codes also pause step-up for the whole account (issue 18), the right code included.
    assert late["data"]["confirmStepUp"]["__typename"] == "StepUpPaused"


async def test_a_challenge_of_another_customer_cannot_be_confirmed(client: Client, app: Any) -> None:
    authenticator = await _signed_in_with_totp(client, app)
    challenge = (await client.execute(REQUEST, {"op": "CHANGE_PASSWORD", "payload": {}}))["data"][
        "requestStepUp"
    ]
    intruder = await create_account(app)
    await client.login(intruder.customer_number)
    stolen = await client.execute(
        CONFIRM, {"id": challenge["challengeId"], "code": authenticator.next_code()}
    )
    assert stolen["data"]["confirmStepUp"]["__typename"] == "StepUpFailed"
