"""What the request says about the client: platform, address, session token, locale."""

from __future__ import annotations

from babel import negotiate_locale
from packaging.version import InvalidVersion, Version
from starlette.requests import HTTPConnection

from bff.i18n import LOCALES, SOURCE_LOCALE

PLATFORMS = frozenset({"WEB", "IOS", "ANDROID", "KIOSK"})


def client_platform(request: HTTPConnection) -> str:
    """Apps and kiosks send `X-Client-Platform`; anything else counts as web."""
    platform = request.headers.get("x-client-platform", "WEB").upper()
    return platform if platform in PLATFORMS else "WEB"


def app_major_version(raw: str | None) -> str:
    """An app version as a metric label: its major version only, so the label set stays bounded."""
    try:
        major = Version(raw or "").major
    except InvalidVersion:
        return "unknown"
    return str(major) if major < 100 else "unknown"


def client_app_version(request: HTTPConnection) -> str:
    """Apps send `X-App-Version` (as in `layout`'s client input); the major version, or 'unknown'."""
    return app_major_version(request.headers.get("x-app-version"))


def client_name(request: HTTPConnection) -> str | None:
    """The client application's name, as Apollo clients (`apollographql-client-name`) or others
    (`X-Client-Name`) send it; it selects persisted-only policies, so it is never trusted for more."""
    name = request.headers.get("apollographql-client-name") or request.headers.get("x-client-name")
    return name.strip() or None if name else None


def client_address(request: HTTPConnection) -> str | None:
    return request.client.host if request.client else None


def bearer_token(request: HTTPConnection) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def request_locale(request: HTTPConnection) -> str:
    """The best of our languages for `Accept-Language` (quality values honoured, Babel's negotiation);
    German, the portal's first language, when the header names neither."""
    return negotiated_locale(request.headers.get("accept-language"))


def negotiated_locale(accept_language: str | None) -> str:
    preferred = []
    for part in (accept_language or "").split(","):
        tag, _, parameters = part.strip().partition(";")
        quality = parameters.strip().removeprefix("q=") if parameters.strip().startswith("q=") else "1"
        try:
            weight = float(quality)
        except ValueError:
            continue
        if tag and weight > 0:
            preferred.append((weight, tag.strip().lower()))
    ordered = [tag for _, tag in sorted(preferred, key=lambda item: -item[0])]
    return negotiate_locale(ordered, LOCALES, sep="-") or SOURCE_LOCALE
