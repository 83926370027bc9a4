"""Errors a client may see. Everything else is masked and logged with the request id."""

from __future__ import annotations

from typing import Any


class PublicError(Exception):
    """An expected failure whose message is safe to show; `code` goes to `extensions.code`."""

    code = "ERROR"

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.extensions = {"code": self.code, **extensions}


class NotFound(PublicError):
    """Unknown id or not the viewer's: the two are deliberately indistinguishable."""

    code = "NOT_FOUND"

    def __init__(self) -> None:
        super().__init__("Nicht gefunden / Not found")


class Unauthenticated(PublicError):
    code = "UNAUTHENTICATED"

    def __init__(self) -> None:
        super().__init__("Bitte melden Sie sich an. / Please sign in.")


class UpstreamUnavailable(PublicError):
    code = "UPSTREAM_UNAVAILABLE"

    def __init__(self, system: str) -> None:
        super().__init__(
            "Dieser Bereich ist gerade nicht verfügbar. / This part is unavailable right now.",
            system=system,
        )


class UpstreamInvalidAnswer(UpstreamUnavailable):
    """The system answered, but with data that does not fit its contract."""

    code = "UPSTREAM_INVALID"


class Forbidden(PublicError):
    """Signed in, but this viewer's role may not do this (e.g. a customer asking for staff views)."""

    code = "FORBIDDEN"

    def __init__(self) -> None:
        super().__init__("Dafür fehlt Ihnen die Berechtigung. / You are not allowed to do this.")


class SecondFactorRequired(PublicError):
    """Staff views need a session confirmed with a second factor (mandatory for agents and clerks)."""

    code = "SECOND_FACTOR_REQUIRED"

    def __init__(self) -> None:
        super().__init__(
            "Bitte richten Sie einen zweiten Faktor ein und melden Sie sich damit neu an. / "
            "Please set up a second factor and sign in again with it."
        )
