"""A software WebAuthn authenticator with a browser in front of it: EC P-256 keys, attestation "none",
real signatures, and the JSON a browser's PublicKeyCredential.toJSON() produces. Written from the
WebAuthn spec with cbor2 and cryptography only, independent of the server's py_webauthn."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from dataclasses import dataclass
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

UP, UV, BE, BS, AT = 0x01, 0x04, 0x08, 0x10, 0x40
ES256 = -7


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class ExcludedCredentialError(Exception):
    """The browser's InvalidStateError: this authenticator already holds an excluded credential."""


class NoCredentialError(Exception):
    """The browser's NotAllowedError: no credential of this authenticator fits the request."""


@dataclass
class StoredCredential:
    credential_id: bytes
    private_key: ec.EllipticCurvePrivateKey
    rp_id: str
    user_handle: bytes
    sign_count: int


class SoftAuthenticator:
    """`counter_step` is added to a credential's counter at each use (0: always sends 0, as many
    platform authenticators do); `origin` is what the "browser" writes into clientDataJSON."""

    def __init__(
        self,
        *,
        origin: str = "http://localhost:8000",
        counter_step: int = 1,
        backed_up: bool = False,
        aaguid: bytes = bytes(16),
    ) -> None:
        self.origin = origin
        self.counter_step = counter_step
        self.backed_up = backed_up
        self.aaguid = aaguid
        self.credentials: list[StoredCredential] = []

    def _flags(self, *, attested: bool) -> int:
        flags = UP | UV | (BE | BS if self.backed_up else 0)
        return flags | AT if attested else flags

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        data = {"type": kind, "challenge": challenge, "origin": origin or self.origin, "crossOrigin": False}
        return json.dumps(data, separators=(",", ":")).encode()

    def create(self, options: dict[str, Any], *, origin: str | None = None) -> dict[str, Any]:
        """navigator.credentials.create() with the server's options (parseCreationOptionsFromJSON)."""
        rp_id = options["rp"]["id"]
        excluded = {unb64url(c["id"]) for c in options.get("excludeCredentials", [])}
        if any(c.credential_id in excluded for c in self.credentials):
            raise ExcludedCredentialError()
        if ES256 not in [p["alg"] for p in options["pubKeyCredParams"]]:
            raise NoCredentialError()
        key = ec.generate_private_key(ec.SECP256R1())
        numbers = key.public_key().public_numbers()
        cose_key = {
            1: 2,
            3: ES256,
            -1: 1,
            -2: numbers.x.to_bytes(32, "big"),
            -3: numbers.y.to_bytes(32, "big"),
        }
        credential = StoredCredential(
            credential_id=os.urandom(32),
            private_key=key,
            rp_id=rp_id,
            user_handle=unb64url(options["user"]["id"]),
            sign_count=0,
        )
        self.credentials.append(credential)  # resident: a discoverable credential
        auth_data = (
            hashlib.sha256(rp_id.encode()).digest()
            + bytes([self._flags(attested=True)])
            + struct.pack(">I", credential.sign_count)
            + self.aaguid
            + struct.pack(">H", len(credential.credential_id))
            + credential.credential_id
            + cbor2.dumps(cose_key)
        )
        attestation_object = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        return {
            "id": b64url(credential.credential_id),
            "rawId": b64url(credential.credential_id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": b64url(client_data),
                "attestationObject": b64url(attestation_object),
                "transports": ["internal", "hybrid"],
                "publicKeyAlgorithm": ES256,
            },
        }

    def get(
        self,
        options: dict[str, Any],
        *,
        origin: str | None = None,
        sign_count: int | None = None,
        credential_id: str | None = None,
    ) -> dict[str, Any]:
        """navigator.credentials.get(): the credential allowed by the options (or, for an empty
        allowCredentials, the newest discoverable one for the RP, or `credential_id`)."""
        rp_id = options["rpId"]
        allowed = {unb64url(c["id"]) for c in options.get("allowCredentials", [])}
        candidates = [
            c
            for c in self.credentials
            if c.rp_id == rp_id
            and (not allowed or c.credential_id in allowed)
            and (credential_id is None or b64url(c.credential_id) == credential_id)
        ]
        if not candidates:
            raise NoCredentialError()
        credential = candidates[-1]
        credential.sign_count = (
            credential.sign_count + self.counter_step if sign_count is None else sign_count
        )
        auth_data = (
            hashlib.sha256(rp_id.encode()).digest()
            + bytes([self._flags(attested=False)])
            + struct.pack(">I", credential.sign_count)
        )
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        signature = credential.private_key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": b64url(credential.credential_id),
            "rawId": b64url(credential.credential_id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
                "userHandle": b64url(credential.user_handle),
            },
        }
