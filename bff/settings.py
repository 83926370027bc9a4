"""One place for configuration: every knob is a `BFF_` environment variable with a safe default."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

UPSTREAM_SYSTEMS = ("partners", "policies", "postbox", "claims", "services", "crm")
DEV_SECRET_KEY = "dev-only-not-secret-set-BFF_SECRET_KEY-in-production"  # noqa: S105


class Environment(StrEnum):
    DEV = "dev"
    PROD = "prod"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BFF_", env_file=".env", extra="ignore")

    environment: Environment = Environment.DEV
    database_url: str = "sqlite+aiosqlite:///./bff.db"
    redis_url: str = Field(default="", description="empty: in-process store (single instance only)")
    allowed_origins: list[str] = ["http://127.0.0.1:8000", "http://localhost:8000"]

    # Upstream systems: empty URL means the simulator runs in-process (httpx ASGI transport).
    partners_url: str = ""
    policies_url: str = ""
    postbox_url: str = ""
    claims_url: str = ""
    services_url: str = ""
    crm_url: str = ""
    upstream_timeout_seconds: float = 2.0  # well below the deadline: a hanging system opens its breaker
    upstream_retries: int = 2
    breaker_failure_threshold: int = 5
    breaker_reset_seconds: float = 10.0
    # Per-system overrides (JSON dicts keyed by system, e.g. {"postbox": 2.0}) of the values above, the
    # concurrent requests one process sends to a system, and the whole GraphQL request's deadline (H6).
    upstream_timeouts: dict[str, float] = {}
    upstream_retries_by_system: dict[str, int] = {}
    upstream_max_concurrency: int = 50
    upstream_max_concurrency_by_system: dict[str, int] = {}
    request_deadline_seconds: float = 8.0
    # Shared cache of slow-changing reads, TTL per resource in seconds (0 or absent: not cached).
    cache_ttl_seconds: dict[str, int] = {"agents": 300, "documents": 60}

    # In-process simulator (only used for systems without a URL).
    simulator_database_url: str = "sqlite+aiosqlite:///:memory:"
    simulator_customers: int = 200
    simulator_latency_ms: float = 0.0

    # Public address of the portal, used in emailed links (activation, password reset).
    public_base_url: str = "http://localhost:8000"

    # Outgoing mail (A1, A4). Empty host: mails land in the demo mailbox at /dev/mailbox and the log.
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    mail_from: str = "Kundenportal <no-reply@kundenportal.example>"

    # Outgoing SMS (seed 001 TAN, E2 notices): a JSON POST per message to the provider (docs/api.md).
    # Empty URL: SMS land in the dev mailbox at /dev/mailbox; in production SMS TAN and SMS notices are
    # then unavailable.
    sms_url: str = ""
    sms_token: str = Field(default="", description="sent as `Authorization: Bearer …`; empty: no header")
    sms_sender: str = "Kundenportal"  # alphanumeric sender id, at most 11 characters for most networks
    sms_timeout_seconds: float = 10.0
    sms_connect_timeout_seconds: float = 3.0

    # Registration (A3): whether people without a contract may register with a limited feature set.
    allow_non_customers: bool = True

    # Passkeys (WebAuthn): relying party and the origins whose assertions count (web origins and app
    # origins such as android:apk-key-hash:...).
    webauthn_rp_id: str = "localhost"
    webauthn_rp_name: str = "Kundenportal"
    webauthn_origins: list[str] = ["http://localhost:8000"]

    # Login throttling (ASVS 6.3.1): failures counted per account and per client address in the store.
    login_max_failures_per_account: int = 5
    login_max_failures_per_address: int = 20
    login_lockout_minutes: int = 15
    # Wrong step-up codes (TANs) per account, across any number of challenges, before step-up pauses for
    # BFF_LOGIN_LOCKOUT_MINUTES and a notice mail goes out.
    step_up_max_failures: int = 5

    # Sessions.
    session_idle_minutes: int = 30
    kiosk_session_idle_minutes: float = 2  # fractions too (0.1: 6 s, for the kiosk-wipe browser test)
    session_absolute_hours: int = 12
    session_cookie_name: str = "__Host-bff_session"

    # Encrypts second-factor secrets at rest. The default is for development only: production must set
    # BFF_SECRET_KEY to a long random value (rotating it makes existing TOTP enrolments unreadable).
    secret_key: str = DEV_SECRET_KEY

    # Invoice submission (D8): receipts per submission and their sizes (MiB). A multipart request
    # larger than the total plus 1 MiB for the form fields is refused before it is read (HTTP 413).
    invoice_max_file_mb: int = 10
    invoice_max_files: int = 10
    invoice_max_total_mb: int = 30

    # GraphQL transport (H1): any other request body above this many bytes is refused with 413 (Apollo
    # Router allows 2 MB; a portal query is a few KiB); automatic persisted queries live this long in
    # the store; anonymous GET query answers may be cached this long by browsers and CDNs; clients
    # (by `apollographql-client-name` / `X-Client-Name`) that may run only their registered operations.
    max_body_bytes: int = 1024 * 1024
    apq_ttl_seconds: int = 24 * 3600
    persisted_get_max_age_seconds: int = 30
    persisted_only_clients: list[str] = []

    # Hostile clients (issue 14): requests in flight per process (the excess gets 503 + Retry-After at
    # once; 0: no limit), GraphQL requests per client and minute (anonymous by client address, signed-in by
    # session; 429 + Retry-After; 0: no limit), and the time a client has to send its whole body (408).
    # 50: the admitted requests share the process's core, so the limit times the CPU of a request must stay
    # well inside the 8 s deadline even when the process gets a fraction of a core (docs/operations.md).
    max_concurrent_requests: int = 50
    rate_limit_anonymous_per_minute: int = 300
    rate_limit_signed_in_per_minute: int = 600
    body_read_timeout_seconds: float = 10.0

    # Query limits (issue 6), checked during validation before anything runs; measured against the
    # shipped queries (docs/api.md "Query limits"): the layout query has depth 6, 1076 tokens and cost ~89,000
    # (bff/security/cost.py), GraphiQL's introspection query depth 15.
    max_query_depth: int = 20
    max_aliases: int = 30
    max_tokens: int = 3000
    max_query_cost: int = 200_000
    max_root_fields: int = 20
    max_directives: int = 50

    # Outbox (D1, D7): a worker task inside the app delivers service requests (off when `bff worker`
    # processes do it); a claimed request is leased for `lease` seconds, then another worker may take it.
    outbox_in_process_worker: bool = True
    outbox_poll_seconds: float = 1.0
    outbox_batch_size: int = 10
    outbox_lease_seconds: float = 60.0
    outbox_backoff_base_seconds: float = 5.0
    outbox_backoff_cap_seconds: float = 1800.0
    # C3: how often the worker asks the postbox for new documents to send notice emails about (0: never).
    document_notice_interval_seconds: float = 60.0
    # E2: how often the worker reads opted-in customers' claims for status changes to notify (0: never).
    claim_notice_interval_seconds: float = 60.0

    # Dataloader batching; off only to measure the naive baseline in bench/.
    loader_batching: bool = True
    # Queries run on plans compiled once per document (bff/operations/compiled.py); off: graphql-core.
    compiled_execution: bool = True

    # Demo data: create the demo accounts (see README) at start-up. Never in production, which refuses to
    # start while a demo account with the published password exists in its database.
    seed_demo_accounts: bool = True
    log_level: str = "INFO"
    # Observability: log lines as JSON (one object per line) or text; empty: JSON for `bff serve` and
    # `bff worker`, text for `bff demo`. Traces: `none` (no tracer at all), `console` or `otlp` (HTTP,
    # to BFF_OTEL_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT); resolver spans cost per field, so opt-in.
    log_format: Literal["", "json", "text"] = ""
    otel_exporter: Literal["none", "console", "otlp"] = "none"
    otel_endpoint: str = Field(
        default="", description="OTLP/HTTP traces URL, e.g. http://collector:4318/v1/traces"
    )
    otel_service_name: str = "bff"
    otel_resolver_spans: bool = False
    # How often /metrics may re-count the waiting outbox requests (one grouped query).
    metrics_refresh_seconds: float = 5.0
    # In production /metrics answers only `Authorization: Bearer <this token>` (empty: 404 for everyone);
    # in development it is open.
    metrics_token: str = ""
    # `bff worker`: its own /metrics (deliveries, outbox gauges) on this port; 0: none (then use
    # PROMETHEUS_MULTIPROC_DIR shared with the app on the same host).
    worker_metrics_port: int = 0
    worker_metrics_host: str = "127.0.0.1"  # 0.0.0.0 for a Prometheus on another host
    # Server-driven UI: the manifest directory; edits there take effect without a restart.
    ui_manifests_dir: str = Field(default="", description="empty: this checkout's ui_manifests/")

    @model_validator(mode="after")
    def _no_dev_secret_in_production(self) -> Settings:
        """A known key would make the encrypted TOTP secrets readable to anyone with a database dump."""
        if self.environment is Environment.PROD and self.secret_key == DEV_SECRET_KEY:
            raise ValueError("BFF_SECRET_KEY must be set in production")
        return self

    @model_validator(mode="after")
    def _known_upstream_systems(self) -> Settings:
        """A misspelt system in a per-system override would silently not apply."""
        for name in ("upstream_timeouts", "upstream_retries_by_system", "upstream_max_concurrency_by_system"):
            unknown = set(getattr(self, name)) - set(UPSTREAM_SYSTEMS)
            if unknown:
                raise ValueError(f"BFF_{name.upper()}: unknown systems {sorted(unknown)}")
        return self

    def upstream_url(self, system: str) -> str:
        url: str = getattr(self, f"{system}_url")
        return url

    @property
    def uses_simulator(self) -> bool:
        return any(not self.upstream_url(system) for system in UPSTREAM_SYSTEMS)

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PROD


PACKAGE_DIR = Path(__file__).resolve().parent
