"""The typed per-request Context (DESIGN: no dict contexts) and the long-lived AppState it reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any, TypeAlias

from starlette.requests import Request
from starlette.responses import Response
from strawberry.types import Info as StrawberryInfo

from bff.auth.client_info import client_address, client_platform
from bff.auth.devices import DEVICE_COOKIE
from bff.auth.sessions import SessionManager
from bff.auth.throttle import LoginThrottle
from bff.auth.viewer import Viewer
from bff.backends import Backends
from bff.backends.cache import SharedCache
from bff.db.engine import Database
from bff.domain.clock import BERLIN, berlin_now
from bff.layout.registry import ManifestRegistry
from bff.layout.switches import SwitchBoard
from bff.loaders import Loaders
from bff.mail import DevMailbox, Mailer, Mailroom, PostalService, create_mailer
from bff.scope import RequestScope
from bff.settings import Settings
from bff.sms import HttpSmsGateway, SmsGateway, create_sms_gateway
from bff.store import Store, create_store


@dataclass
class AppState:
    """Everything the lifespan opens once and closes at shutdown."""

    settings: Settings
    db: Database
    store: Store
    backends: Backends
    sessions: SessionManager
    throttle: LoginThrottle
    clock: Callable[[], datetime] = berlin_now
    simulator: Any = None  # the in-process simulator, when one runs
    mailer: Mailer = field(default_factory=DevMailbox)  # SMTP, or the dev mailbox
    postal: PostalService = field(default_factory=DevMailbox)  # letters (A2) for the print service
    sms: SmsGateway | None = None  # the SMS provider, the dev mailbox, or none (production unconfigured)
    layouts: ManifestRegistry | None = None  # the server-driven UI's manifests, hot-reloaded
    switches: SwitchBoard = field(default_factory=SwitchBoard)  # flags and kill switches from the database

    @classmethod
    async def open(cls, settings: Settings, *, backends: Backends, **extra: Any) -> AppState:
        """Database (migrated), store, sessions and mail, opened one way for the app's lifespan and
        for a `bff worker` process; `close()` releases them with the backends."""
        db = Database(settings.database_url)
        await db.migrate()
        store = create_store(settings.redis_url)
        mailbox = DevMailbox()  # letters always; mails and SMS too unless SMTP and a provider are set
        return cls(
            settings=settings,
            db=db,
            store=store,
            backends=backends,
            sessions=SessionManager.from_settings(store, settings),
            throttle=LoginThrottle.from_settings(store, settings),
            mailer=create_mailer(settings, mailbox),
            postal=mailbox,
            sms=create_sms_gateway(settings, mailbox),
            **extra,
        )

    async def close(self) -> None:
        if isinstance(self.sms, HttpSmsGateway):
            await self.sms.close()
        await self.backends.close()
        await self.store.close()
        await self.db.close()


@dataclass
class Context:
    app: AppState
    request: Request
    response: Response
    viewer: Viewer
    request_id: str
    locale: str = "de"
    session_token: str | None = None

    @property
    def settings(self) -> Settings:
        return self.app.settings

    @property
    def backends(self) -> Backends:
        return self.app.backends

    @cached_property
    def cache(self) -> SharedCache:
        """The shared cache of slow-changing reads, scoped to the viewer's person (H6)."""
        ttls = self.app.settings.cache_ttl_seconds
        return SharedCache(self.app.store, ttls=ttls, person_id=self.viewer.person_id or None)

    def release(self) -> None:
        """Called once the response is sent. graphql-core's execution context is a reference cycle
        (its `async_helpers` hold its own bound methods) that holds this Context, and with it every
        upstream model the request loaded (a dashboard: ~3,400 objects, most of them documents), until
        a full garbage collection; those collections cost about a tenth of the CPU per dashboard.
        Emptying the loaders here frees the models by reference counting instead."""
        loaders: Loaders | None = self.__dict__.get("loaders")
        if loaders is not None:
            loaders.release()

    @cached_property
    def loaders(self) -> Loaders:
        settings = self.app.settings
        return Loaders(self.app.backends, self.app.db, batching=settings.loader_batching, cache=self.cache)

    @cached_property
    def today(self) -> date:
        """One date per request, in the insurer's time zone, so every rule sees the same day."""
        return self.app.clock().astimezone(BERLIN).date()

    @cached_property
    def scope(self) -> RequestScope:
        """What services see of this request (bff/scope.py): built once, read by the GraphQL entry
        points, which hand it on; no service sees this Context."""
        app = self.app
        return RequestScope(
            viewer=self.viewer,
            request_id=self.request_id,
            client_address=client_address(self.request),
            platform=client_platform(self.request),
            session_token=self.session_token,
            device_token=self.request.cookies.get(DEVICE_COOKIE),
            locale=self.locale,
            today=self.today,
            clock=app.clock,
            settings=app.settings,
            db=app.db,
            store=app.store,
            backends=app.backends,
            loaders=self.loaders,
            cache=self.cache,
            sessions=app.sessions,
            throttle=app.throttle,
            mail=Mailroom(mailer=app.mailer, postal=app.postal, response=self.response),
            sms=app.sms,
        )


Info: TypeAlias = StrawberryInfo[Context, None]
