"""`RequestScope`: what a service may use of one GraphQL request, as explicit collaborators (DESIGN:
services take the actor, database, loaders and clock; only the thin GraphQL entry points see `Info`).

Built once per request from the Context (`Context.scope`) and handed to services as the keyword argument
`scope`. It is no Context: it holds no request or response, only the facts a service needs about the
caller (viewer, request id, client address and platform, the session and device tokens it presented,
the day and clock, and the application's collaborators. What must happen after the
response (mails) goes through the narrow `Mailroom`; cookies and other response changes are the entry
points' to apply from what a service returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from bff.auth.sessions import SessionManager
from bff.auth.throttle import LoginThrottle
from bff.auth.viewer import Viewer
from bff.backends import Backends
from bff.backends.cache import SharedCache
from bff.db.engine import Database
from bff.errors import Unauthenticated
from bff.loaders import Loaders
from bff.mail import Mailroom
from bff.outbox.pipeline import Actor
from bff.settings import Settings
from bff.sms import SmsGateway
from bff.store import Store


@dataclass(frozen=True)
class RequestScope:
    # the caller
    viewer: Viewer
    request_id: str
    client_address: str | None
    platform: str
    session_token: str | None  # the session the request came with, if any
    device_token: str | None  # the known-device cookie it presented (issue 18)
    locale: str  # de or en, negotiated from Accept-Language (bff/auth/client_info.py)
    # time: one day per request, in the insurer's time zone, so every rule sees the same day
    today: date
    clock: Callable[[], datetime]
    # the application's collaborators
    settings: Settings
    db: Database
    store: Store
    backends: Backends
    loaders: Loaders
    cache: SharedCache
    sessions: SessionManager
    throttle: LoginThrottle
    mail: Mailroom
    sms: SmsGateway | None  # None: no provider in production, so SMS TAN is unavailable

    @property
    def account_id(self) -> int:
        """The signed-in viewer's account; Unauthenticated without one."""
        if self.viewer.account_id is None:
            raise Unauthenticated()
        return self.viewer.account_id

    def require_signed_in(self) -> None:
        """Unauthenticated unless a signed-in viewer asks (checked before anything else is)."""
        _ = self.account_id

    @property
    def person_id(self) -> str:
        """The viewer's partners person; "" for a non-customer (A3), whose reads answer empty without
        asking upstream. Unauthenticated without one."""
        if self.viewer.person_id is None:
            raise Unauthenticated()
        return self.viewer.person_id

    def actor(self, *, person_id: str) -> Actor:
        """The viewer as the one who submits a change to `person_id`'s data (their own, or a customer's)."""
        return Actor(
            account_id=self.account_id,
            person_id=person_id,
            request_id=self.request_id,
            client_address=self.client_address,
        )
