"""RFC 4226/6238 written out with the standard library only, independent of the server's pyotp, and
a helper that switches the authenticator on for a signed-in test client."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time
from dataclasses import dataclass
from typing import Any

from bff.demo_accounts import DEMO_PASSWORD
from tests.conftest import Client

ENROL = (
    """mutation($p: String) { enrollTotp(password: $p) { __typename ... on TotpEnrollment { secret } } }"""
)
CONFIRM = "mutation($code: String!) { confirmTotp(code: $code) { ... on TotpConfirmed { recoveryCodes } } }"


def hotp(key: bytes, counter: int, digits: int) -> str:
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    (value,) = struct.unpack(">I", digest[offset : offset + 4])
    return str((value & 0x7FFFFFFF) % 10**digits).zfill(digits)


def totp(key: bytes, at: float, digits: int = 6, step: int = 30) -> str:
    return hotp(key, int(at // step), digits)


def key_of(base32_secret: str) -> bytes:
    return base64.b32decode(base32_secret + "=" * (-len(base32_secret) % 8))


@dataclass
class Authenticator:
    """An enrolled authenticator app. The confirmation spent this step's code; `next_code` is the
    following step's code, accepted once within the server's one-step drift window."""

    key: bytes
    recovery_codes: list[str]

    def next_code(self) -> str:
        return totp(self.key, time.time() + 30)


async def enrol_totp(client: Client, password: str = DEMO_PASSWORD) -> Authenticator:
    """The first factor: confirmed with the account's password (issue 18)."""
    enrolment = (await client.execute(ENROL, {"p": password}))["data"]["enrollTotp"]
    assert enrolment["__typename"] == "TotpEnrollment", enrolment
    secret = enrolment["secret"]
    key = key_of(secret)
    confirmed = (await client.execute(CONFIRM, {"code": totp(key, time.time())}))["data"]["confirmTotp"]
    return Authenticator(key=key, recovery_codes=confirmed["recoveryCodes"])


REQUEST_STEP_UP = """mutation($op: StepUpOperation!, $payload: JSON!) {
  requestStepUp(operation: $op, payload: $payload) { ... on StepUpChallenge { challengeId } } }"""
CONFIRM_STEP_UP = """mutation($id: String!, $code: String!) { confirmStepUp(challengeId: $id, code: $code) {
  ... on StepUpGranted { grant token } } }"""


async def step_up(client: Client, operation: str, payload: dict[str, Any], code: str) -> str:
    """A step-up grant for `operation` and `payload`; the client continues with the renewed token."""
    challenge = await client.execute(REQUEST_STEP_UP, {"op": operation, "payload": payload})
    challenge_id = challenge["data"]["requestStepUp"]["challengeId"]
    granted = (await client.execute(CONFIRM_STEP_UP, {"id": challenge_id, "code": code}))["data"][
        "confirmStepUp"
    ]
    client.token = granted["token"]
    grant: str = granted["grant"]
    return grant
