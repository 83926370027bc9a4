"""Verification codes of ARK certificates (D7): a hospital or border officer abroad types the code printed
on the certificate (or opens its link) and the portal confirms the certificate is genuine and valid.

A code is an HMAC of the service request id under the server's secret key: 80 bits, so it cannot be
guessed or enumerated, and the same request always prints the same code (a retried bot files the same
bytes). Only its SHA-256 is stored, which finds the certificate without keeping the code itself."""

from __future__ import annotations

import base64
import hashlib
import hmac

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford's base 32: no I, L, O or U, so a code read aloud or off paper is not misread."""
LENGTH = 16  # 80 bits
_STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_TO_CROCKFORD = str.maketrans(_STANDARD, ALPHABET)
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1"})


def certificate_code(secret_key: str, request_id: str) -> str:
    """e.g. "7K3M-9Q2D-HX4T-B8NW": the code of the certificates of one request, grouped for reading."""
    mac = hmac.new(secret_key.encode(), f"ark-certificate:{request_id}".encode(), hashlib.sha256).digest()
    code = base64.b32encode(mac[:10]).decode("ascii").translate(_TO_CROCKFORD)
    return "-".join(code[i : i + 4] for i in range(0, LENGTH, 4))


def normalise_code(typed: str) -> str | None:
    """The code as typed (any case, spaces or dashes, O for 0, I or L for 1), or None when it cannot be
    one: the answer to it is then the same as to an unknown code."""
    compact = "".join(ch for ch in typed.upper() if ch not in " -\t").translate(_TYPED)
    if len(compact) != LENGTH or any(ch not in ALPHABET for ch in compact):
        return None
    return compact


def code_digest(code: str) -> str:
    """SHA-256 of the normalised code, as stored and looked up."""
    compact = normalise_code(code)
    return hashlib.sha256((compact or "").encode("ascii")).hexdigest()
