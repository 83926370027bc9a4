"""The links in the portal's mails: `BFF_PUBLIC_BASE_URL` + a path + a one-time token. The reference client
serves these paths and opens the matching screen (`activate`, `reset_password`, `communication_data`); the
verification link printed on ARK certificates works the same way (`verify_certificate`, its code as token)."""

from __future__ import annotations

from urllib.parse import quote

from bff.settings import Settings

ACTIVATE = "/activate"
RESET_PASSWORD = "/reset-password"  # noqa: S105 - a path, no secret
CONFIRM_EMAIL = "/confirm-email"
VERIFY_CERTIFICATE = "/verify-certificate"
MAIL_LINK_PATHS = (ACTIVATE, RESET_PASSWORD, CONFIRM_EMAIL, VERIFY_CERTIFICATE)


def mail_link(settings: Settings, path: str, token: str) -> str:
    return f"{settings.public_base_url}{path}?token={quote(token, safe='')}"
