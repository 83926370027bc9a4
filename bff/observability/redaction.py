"""The safety net under "never log personal data": scrubs what looks like an IBAN, an email address,
a bearer or session token, a JWT, a TOTP secret or another long secret from rendered log text.
It catches mistakes; the rule stays to not pass such values to a logger in the first place."""

from __future__ import annotations

import re

REDACTED = "[redacted]"

_PATTERNS = [
    # Bearer credentials in a header or a message: keep the scheme, drop the credential.
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}"), r"\1 " + REDACTED),
    # JWT-like: three base64url parts, the first a JSON object ("eyJ").
    (re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), REDACTED),
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"), REDACTED),
    # IBANs, printed in groups of four or as one run (any country: 15 to 34 characters).
    (re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b"), REDACTED),
    (re.compile(r"(?i)\b[a-z]{2}\d{13,32}\b"), REDACTED),  # lower case, digits only (DE, AT, CH …)
]
# Secrets without a telltale shape: long runs of base64url, hex or base32 characters.
_LONG_RUN = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])")
_HEX = re.compile(r"[0-9a-fA-F]+")
_BASE32 = re.compile(r"[A-Z2-7]+")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _looks_secret(run: str) -> bool:
    """Request ids and trace ids (32 lowercase hex, or UUIDs) and identifiers (snake_case words) stay
    readable; session tokens (base64url, 43 characters), hashes (64 hex) and TOTP secrets (base32) do not."""
    has_digit = any(c.isdigit() for c in run)
    if _UUID.fullmatch(run):  # service request ids, client request ids: needed to trace a request
        return False
    if _HEX.fullmatch(run):
        return len(run) >= 40
    if _BASE32.fullmatch(run):
        return has_digit
    has_upper = any(c.isupper() for c in run)
    has_lower = any(c.islower() for c in run)
    return len(run) >= 32 and ((has_upper and has_lower) or (has_digit and (has_upper or has_lower)))


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return _LONG_RUN.sub(lambda match: REDACTED if _looks_secret(match.group()) else match.group(), text)
