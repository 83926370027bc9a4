"""SMS TAN (seed 001, A5): a customer with neither authenticator app nor passkey but a confirmed mobile
number confirms bank, address and password changes with a TAN by SMS that names the change (dynamic
linking), works once, lives five minutes and takes few tries, per challenge and per account. The number
is confirmed first by a code sent there."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

from bff.auth import sms_tan
from bff.auth.stepup import StepUpOperation
from bff.mail.dev_mailbox import DevMailbox
from bff.store.memory import MemoryStore
from tests.conftest import Client
from tests.factories import app_state, create_account
from tests.support.bank import CHANGE, CONTRACTS

REQUEST = """mutation($op: StepUpOperation!, $payload: JSON!) {
  requestStepUp(operation: $op, payload: $payload) { __typename
    ... on StepUpChallenge { challengeId methods smsTo }
    ... on SecondFactorNeeded { message messageEn } } }"""
SEND = """mutation($id: String!) { sendStepUpTan(challengeId: $id) { __typename
  ... on StepUpTanSent { sentTo expiresInSeconds }
  ... on SmsNotAvailable { reason message messageEn }
  ... on TooManyRequests { message messageEn }
  ... on StepUpFailed { message messageEn } } }"""
CONFIRM = """mutation($id: String!, $code: String) { confirmStepUp(challengeId: $id, code: $code) {
  __typename ... on StepUpGranted { grant token } ... on StepUpFailed { message messageEn }
  ... on StepUpPaused { retryAfterSeconds message messageEn } } }"""
CHANGE_PASSWORD = """mutation($current: String!, $new: String!, $grant: String) {
  changePassword(currentPassword: $current, newPassword: $new, stepUpGrant: $grant) { __typename } }"""
REQUEST_CONFIRMATION = """mutation { requestMobileConfirmation { __typename
  ... on MobileConfirmationSent { sentTo expiresInSeconds }
  ... on MobileNumberConfirmed { mobile { masked confirmed } }
  ... on SmsNotAvailable { reason message messageEn } } }"""
CONFIRM_MOBILE = """mutation($code: String!) { confirmMobileNumber(code: $code) { __typename
  ... on MobileNumberConfirmed { mobile { masked confirmed } message messageEn }
  ... on MobileConfirmationFailed { message messageEn } } }"""
COMMERZBANK = "DE89370400440532013000"
_CODE = re.compile(r"(?:TAN|Code) (\d{6})")


def _mobile() -> str:
    return f"+49151{uuid.uuid4().int % 10**8:08d}"


async def _sms_customer(client: Client, app: Any, *, confirmed: bool = True) -> str:
    """A fresh account (no authenticator, no passkey) with a mobile number; returns the number."""
    mobile = _mobile()
    account = await create_account(
        app, like="100002", mobile=mobile, mobile_confirmed_at=datetime.now(UTC) if confirmed else None
    )
    await client.login(account.customer_number)
    return mobile


def _texts(app: Any, mobile: str) -> list[str]:
    mailbox = app_state(app).sms
    assert isinstance(mailbox, DevMailbox)
    return [entry.body for entry in mailbox.entries() if entry.channel == "sms" and entry.to == mobile]


def _latest_code(app: Any, mobile: str) -> str:
    match = _CODE.search(_texts(app, mobile)[0])
    assert match, _texts(app, mobile)
    return match.group(1)


async def _challenge(client: Client, operation: str, payload: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = (await client.execute(REQUEST, {"op": operation, "payload": payload}))["data"][
        "requestStepUp"
    ]
    return answer


async def _sms_grant(client: Client, app: Any, mobile: str, operation: str, payload: dict[str, Any]) -> str:
    challenge = await _challenge(client, operation, payload)
    assert challenge["methods"] == ["SMS"], challenge
    sent = (await client.execute(SEND, {"id": challenge["challengeId"]}))["data"]["sendStepUpTan"]
    assert sent["__typename"] == "StepUpTanSent", sent
    granted = await client.execute(
        CONFIRM, {"id": challenge["challengeId"], "code": _latest_code(app, mobile)}
    )
    assert granted["data"]["confirmStepUp"]["__typename"] == "StepUpGranted", granted
    client.token = granted["data"]["confirmStepUp"]["token"]
    grant: str = granted["data"]["confirmStepUp"]["grant"]
    return grant


async def test_a_bank_change_is_confirmed_by_an_sms_tan_naming_the_new_iban(client: Client, app: Any) -> None:
    mobile = await _sms_customer(client, app)
    contracts = (await client.execute(CONTRACTS))["data"]["viewer"]["contracts"]
    fields = {"iban": COMMERZBANK, "debitContractIds": [contracts[0]["id"]], "creditContractIds": []}
    challenge = await _challenge(client, "CHANGE_BANK_ACCOUNT", fields)
    assert challenge["methods"] == ["SMS"]
    assert challenge["smsTo"] == mobile[:3] + "•" * (len(mobile) - 5) + mobile[-2:]
    sent = (await client.execute(SEND, {"id": challenge["challengeId"]}))["data"]["sendStepUpTan"]
    assert sent == {"__typename": "StepUpTanSent", "sentTo": challenge["smsTo"], "expiresInSeconds": 300}
    (text,) = _texts(app, mobile)
    assert "Bankverbindung ändern, neue IBAN endet auf 3000" in text and "IBAN ending in 3000" in text
    code = _latest_code(app, mobile)

    granted = await client.execute(CONFIRM, {"id": challenge["challengeId"], "code": code})
    assert granted["data"]["confirmStepUp"]["__typename"] == "StepUpGranted"
    client.token = granted["data"]["confirmStepUp"]["token"]
    again = await client.execute(CONFIRM, {"id": challenge["challengeId"], "code": code})
    assert again["data"]["confirmStepUp"]["__typename"] == "StepUpFailed", "a TAN works once"

    variables = {
        "input": {
            **fields,
            "stepUpGrant": granted["data"]["confirmStepUp"]["grant"],
            "idempotencyKey": str(uuid.uuid4()),
            "sepaMandateConsent": True,
        }
    }
    accepted = (await client.execute(CHANGE, variables))["data"]["changeBankAccount"]
    assert accepted["__typename"] == "BankChangeAccepted", accepted


async def test_address_and_password_changes_by_sms_tan(client: Client, app: Any) -> None:
    mobile = await _sms_customer(client, app)
    address = {"street": "Hauptstraße", "houseNumber": "1", "postalCode": "70173", "city": "Stuttgart"}
    challenge = await _challenge(client, "CHANGE_ADDRESS", {**address, "country": "DE"})
    await client.execute(SEND, {"id": challenge["challengeId"]})
    assert "Adresse ändern, neue PLZ 70173" in _texts(app, mobile)[0]

    grant = await _sms_grant(client, app, mobile, "CHANGE_PASSWORD", {})
    assert "Passwort ändern" in _texts(app, mobile)[0]
    changed = await client.execute(
        CHANGE_PASSWORD, {"current": "Demo-Kunde-2026!", "new": "Ein-ganz-neues-Passwort-42", "grant": grant}
    )
    assert changed["data"]["changePassword"]["__typename"] == "PasswordChanged", changed


async def test_factor_changes_are_not_confirmed_by_sms(client: Client, app: Any) -> None:
    await _sms_customer(client, app)
    answer = await _challenge(client, "REMOVE_PASSKEY", {"passkeyId": "x"})
    assert answer["__typename"] == "SecondFactorNeeded"


async def test_wrong_tans_pause_step_up_for_the_account_across_challenges(client: Client, app: Any) -> None:
    mobile = await _sms_customer(client, app)
    failures = app_state(app).settings.step_up_max_failures
    for attempt in range(failures):
        if attempt % 2 == 0:  # a fresh challenge (and SMS) gives no fresh guesses
            challenge = await _challenge(client, "CHANGE_PASSWORD", {})
            await client.execute(SEND, {"id": challenge["challengeId"]})
        wrong = await client.execute(CONFIRM, {"id": challenge["challengeId"], "code": "000000"})
        assert wrong["data"]["confirmStepUp"]["__typename"] == "StepUpFailed"
    right = await client.execute(CONFIRM, {"id": challenge["challengeId"], "code": _latest_code(app, mobile)})
    paused = right["data"]["confirmStepUp"]
    assert paused["__typename"] == "StepUpPaused" and "Zu viele falsche Codes" in paused["message"]


async def test_an_unconfirmed_mobile_gets_no_tan_until_the_number_is_confirmed(
    client: Client, app: Any
) -> None:
    mobile = await _sms_customer(client, app, confirmed=False)
    refused = await _challenge(client, "CHANGE_PASSWORD", {})
    assert refused["__typename"] == "SecondFactorNeeded" and "Mobilnummer" in refused["message"]

    sent = (await client.execute(REQUEST_CONFIRMATION))["data"]["requestMobileConfirmation"]
    assert sent["__typename"] == "MobileConfirmationSent" and sent["sentTo"].endswith(mobile[-2:])
    assert "bestätigt diese Mobilnummer" in _texts(app, mobile)[0]
    wrong = (await client.execute(CONFIRM_MOBILE, {"code": "000000"}))["data"]["confirmMobileNumber"]
    assert wrong["__typename"] == "MobileConfirmationFailed" and wrong["messageEn"]
    confirmed = (await client.execute(CONFIRM_MOBILE, {"code": _latest_code(app, mobile)}))["data"]
    assert confirmed["confirmMobileNumber"]["mobile"]["confirmed"] is True
    again = (await client.execute(REQUEST_CONFIRMATION))["data"]["requestMobileConfirmation"]
    assert again["__typename"] == "MobileNumberConfirmed"

    await _sms_grant(client, app, mobile, "CHANGE_PASSWORD", {})


async def test_a_tan_expires_after_five_minutes_and_takes_five_tries() -> None:
    store, mailbox = MemoryStore(), DevMailbox()
    for purpose in ("one", "two"):
        await sms_tan.prepare_step_up(
            store,
            challenge_id=purpose,
            account_id=1,
            operation=StepUpOperation.CHANGE_PASSWORD,
            payload={},
        )
    send = {"account_id": 1, "mobile": "+4915100000000", "secret_key": "k"}
    await sms_tan.send_code(store, mailbox, purpose=sms_tan.step_up_purpose("one"), now=1000.0, **send)
    code = _CODE.search(mailbox.entries()[0].body)
    assert code
    use = {"purpose": sms_tan.step_up_purpose("one"), "account_id": 1, "secret_key": "k"}
    assert not await sms_tan.use_code(store, code=code.group(1), now=1300.0, **use), "five minutes are over"

    await sms_tan.send_code(store, mailbox, purpose=sms_tan.step_up_purpose("two"), now=2000.0, **send)
    code = _CODE.search(mailbox.entries()[0].body)
    assert code
    use["purpose"] = sms_tan.step_up_purpose("two")
    for _ in range(sms_tan.MAX_TRIES):
        assert not await sms_tan.use_code(store, code="000000", now=2001.0, **use)
    assert not await sms_tan.use_code(store, code=code.group(1), now=2002.0, **use), "tries used up"
