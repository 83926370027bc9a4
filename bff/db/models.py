"""What the BFF itself owns (DESIGN: state the BFF owns). Upstream data never lands here."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    Dialect,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC on every database; SQLite would otherwise hand back naive datetimes."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime, dict[str, Any]: JSON}


class Account(Base):
    """A portal sign-in. `person_id` links it to the partners system's person."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_number: Mapped[str] = mapped_column(String(20), unique=True)
    person_id: Mapped[str] = mapped_column(String(40), index=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="customer")  # customer, agent, clerk, ui_editor
    agent_id: Mapped[str | None] = mapped_column(String(40), default=None)  # the CRM agent, for agents
    ident_level: Mapped[int] = mapped_column(Integer, default=1)
    is_customer: Mapped[bool] = mapped_column(default=True)
    # A non-customer (A3) has no partners person: the name typed at registration greets them. Customers'
    # names come from the partners system and are not copied here.
    first_name: Mapped[str | None] = mapped_column(String(100), default=None)
    last_name: Mapped[str | None] = mapped_column(String(100), default=None)
    # "pending" until the emailed activation link is used (A1), then "active".
    status: Mapped[str] = mapped_column(String(20), default="active", server_default="active")
    email: Mapped[str | None] = mapped_column(String(254), default=None)
    # D4: a changed email address, until the customer confirms it by the link sent to it; then it becomes
    # `email`, the address notices go to.
    pending_email: Mapped[str | None] = mapped_column(String(254), default=None)
    mobile: Mapped[str | None] = mapped_column(String(20), default=None)
    # The mobile number (A8, E.164) receives TANs and notices only once the customer typed the code sent
    # there by SMS (bff/auth/sms_tan.py): a typo at registration never receives someone's TAN.
    mobile_confirmed_at: Mapped[datetime | None] = mapped_column(default=None)
    # E2: claim status notices, opted in per channel; `claim_notices_since` is when the notices' baseline
    # was taken (statuses known then are no news); None until the first round after opting in.
    claim_notices_by_email: Mapped[bool] = mapped_column(default=False, server_default=false())
    claim_notices_by_sms: Mapped[bool] = mapped_column(default=False, server_default=false())
    claim_notices_since: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    activated_at: Mapped[datetime | None] = mapped_column(default=None)
    terms_accepted_at: Mapped[datetime | None] = mapped_column(default=None)
    password_changed_at: Mapped[datetime | None] = mapped_column(default=None)
    # A9 first-login assistant: a password handed out by post must be replaced; the delivery
    # consent (paper waiver) is asked once.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    delivery_consent_decided_at: Mapped[datetime | None] = mapped_column(default=None)
    last_login_at: Mapped[datetime | None] = mapped_column(default=None)
    last_login_platform: Mapped[str | None] = mapped_column(String(20), default=None)
    previous_login_at: Mapped[datetime | None] = mapped_column(default=None)
    previous_login_platform: Mapped[str | None] = mapped_column(String(20), default=None)


class AuditEvent(Base):
    """Who did what, when, from where; never secrets or personal data in `detail`."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    account_id: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    action: Mapped[str] = mapped_column(String(60))
    client_address: Mapped[str | None] = mapped_column(String(64), default=None)
    request_id: Mapped[str | None] = mapped_column(String(64), default=None)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class TotpFactor(Base):
    """An account's authenticator app (A5). The secret is Fernet-encrypted; `last_used_step` refuses
    replays of an already accepted code (ASVS 6.5.1)."""

    __tablename__ = "totp_factors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, unique=True)
    secret_encrypted: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(default=None)
    last_used_step: Mapped[int | None] = mapped_column(Integer, default=None)


class RecoveryCode(Base):
    """A single-use fallback for a lost authenticator; only an argon2 hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, index=True)
    code_hash: Mapped[str] = mapped_column(String(200))
    used_at: Mapped[datetime | None] = mapped_column(default=None)


class PasskeyCredential(Base):
    """A WebAuthn credential (passkey) of an account; only the public key is kept."""

    __tablename__ = "passkey_credentials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, index=True)
    credential_id: Mapped[str] = mapped_column(String(1400), unique=True)  # base64url
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    sign_count: Mapped[int] = mapped_column(Integer, default=0)
    transports: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"transports": [...]}
    name: Mapped[str] = mapped_column(String(80))
    aaguid: Mapped[str | None] = mapped_column(String(36), default=None)
    backed_up: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)


class AccountToken(Base):
    """A one-time secret sent by email or post: activation link (A1), postal ident code (A2),
    password-reset link (A4). Only a hash is kept; attempts are counted for short codes."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, index=True)
    purpose: Mapped[str] = mapped_column(String(30))
    token_hash: Mapped[str] = mapped_column(String(200), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class ServiceRequestRecord(Base):
    """A customer's self-service request in the outbox: committed before the mutation answers,
    delivered later by a worker with `id` as the upstream idempotency key, so nothing is lost and
    nothing is applied twice. `lease_until` lets another worker take over from one that died."""

    __tablename__ = "service_requests"
    __table_args__ = (
        UniqueConstraint("account_id", "idempotency_key"),
        Index("ix_service_requests_ordering", "ordering_key", "status", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, index=True)
    person_id: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40))  # ServiceRequestKind
    payload: Mapped[dict[str, Any]] = mapped_column()
    idempotency_key: Mapped[str] = mapped_column(String(100))  # the client's key
    status: Mapped[str] = mapped_column(String(20), default="accepted", index=True)  # OutboxStatus
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str | None] = mapped_column(String(200), default=None)  # never personal data
    upstream_id: Mapped[str | None] = mapped_column(String(60), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(default=None)
    # G4 clerk queue: who took a request routed to clerks, and how they resolved it (applied, rejected).
    assigned_to: Mapped[int | None] = mapped_column(Integer, default=None)  # the clerk's account
    assigned_at: Mapped[datetime | None] = mapped_column(default=None)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    resolution: Mapped[str | None] = mapped_column(String(20), default=None)
    # Requests with the same key (a person's master data record) are delivered one at a time, in
    # submission order; None: no order needed (messages, certificates, invoices).
    ordering_key: Mapped[str | None] = mapped_column(String(80), default=None)
    # Why a request failed for good, as a code the portal explains to the customer (`outbox.failures`).
    failure_code: Mapped[str | None] = mapped_column(String(40), default=None)
    # The HTTP request that submitted it, to trace one change through logs, metrics and `bff outbox show`.
    request_id: Mapped[str | None] = mapped_column(String(64), default=None)


class UploadedFile(Base):
    """A receipt a customer uploaded (D8), in the shared database (every instance and worker sees it,
    no local disk) so the outbox can forward it and resend it after a refusal; stored in the same
    transaction as its service request, so an upload is never half-stored."""

    __tablename__ = "uploaded_files"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, index=True)
    service_request_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)
    position: Mapped[int] = mapped_column(Integer)  # order within the submission
    file_name: Mapped[str] = mapped_column(String(200))  # sanitised
    media_type: Mapped[str] = mapped_column(String(60))  # sniffed from the content
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExternalContract(Base):
    """A contract with another insurer that the customer keeps in the portal (B5, Fremdvertrag). Owned by
    the account, not by any upstream system; "Daten löschen" (A7) removes exactly these rows."""

    __tablename__ = "external_contracts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # random, so ids reveal nothing
    account_id: Mapped[int] = mapped_column(Integer, index=True)
    insurer: Mapped[str] = mapped_column(String(120))
    line: Mapped[str] = mapped_column(String(24))  # backends.models.Line
    product: Mapped[str | None] = mapped_column(String(120), default=None)
    policy_number: Mapped[str] = mapped_column(String(40))
    premium: Mapped[Decimal] = mapped_column(Numeric(12, 2))  # EUR per payment period
    payment_frequency: Mapped[str] = mapped_column(String(16))  # backends.models.PaymentFrequency
    renewal_date: Mapped[date | None] = mapped_column(default=None)  # Hauptfälligkeit / Ablauf
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TrustedDevice(Base):
    """A browser or app an account signed in from (issue 18), known by a long-lived random cookie of
    which only a hash is kept: a sign-in from elsewhere sends a notice, and the owner's device keeps
    signing in (with progressive delays) while strangers' wrong passwords lock the customer number."""

    __tablename__ = "trusted_devices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    platform: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnnouncedDocument(Base):
    """C3: a postbox document an account has been told about (or that predates the account), keyed by
    the document's identity, so a document filed with any timestamp is announced exactly once."""

    __tablename__ = "announced_documents"

    account_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    document_id: Mapped[str] = mapped_column(String(48), primary_key=True)
    announced_at: Mapped[datetime] = mapped_column(default=utcnow)


class DocumentNotice(Base):
    """C3: the account's baseline for new-document notices: documents up to `notified_up_to` (the
    account's creation, or the mark of the former time-keyed notices) are no news to it."""

    __tablename__ = "document_notices"

    account_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    notified_up_to: Mapped[datetime] = mapped_column()  # created_at of the newest document notified
    notified_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Documents up to `notified_up_to` were recorded in `announced_documents` (silently) once; from then
    # on a document is news when its identity is not recorded, whatever its timestamp.
    by_identity: Mapped[bool] = mapped_column(default=False, server_default=false())


class ClaimNotice(Base):
    """E2: a claim status an account was told of (or knew when its baseline was taken), keyed by claim and
    status, not by time: a restart or a second worker never notifies the same change twice."""

    __tablename__ = "claim_notices"

    account_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    claim_id: Mapped[str] = mapped_column(String(48), primary_key=True)
    status: Mapped[str] = mapped_column(String(24), primary_key=True)
    noticed_at: Mapped[datetime] = mapped_column(default=utcnow)


class Partner(Base):
    """A comparison portal (H2). Its API key is a high-entropy random token, so a SHA-256 of it is
    enough for the lookup (a slow password hash would only cost time); the prefix is for display."""

    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    client_name: Mapped[str] = mapped_column(String(60), unique=True)  # of its registered operations
    key_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)  # None: revoked
    key_prefix: Mapped[str | None] = mapped_column(String(16), default=None)
    rate_limit_per_minute: Mapped[int] = mapped_column(Integer, default=60)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PartnerGrant(Base):
    """A customer's permission for one partner to read some of their data (H2), until it expires or
    the customer revokes it. The id is what the partner receives; reads are counted here and written
    to the audit log."""

    __tablename__ = "partner_grants"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # random uuid4
    partner_id: Mapped[int] = mapped_column(Integer, index=True)
    account_id: Mapped[int] = mapped_column(Integer, index=True)
    person_id: Mapped[str] = mapped_column(String(40))
    scopes: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    last_read_at: Mapped[datetime | None] = mapped_column(default=None)
    read_count: Mapped[int] = mapped_column(Integer, default=0)


class PersistedOperation(Base):
    """A trusted document (H2/H3): one operation a client registered at build time, named by the
    sha256 of its text and never changed; partners and persisted-only clients run nothing else. The
    same document may be registered by several clients, hence the key (id, client_name)."""

    __tablename__ = "persisted_operations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of `document`
    client_name: Mapped[str] = mapped_column(String(60), primary_key=True)
    client_version: Mapped[str] = mapped_column(String(40))  # the version that first registered it
    operation_name: Mapped[str | None] = mapped_column(String(200), default=None)
    document: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ServiceRequestNote(Base):
    """A clerk's note on a request in the clerk queue (G4); internal, never shown to the customer."""

    __tablename__ = "service_request_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_request_id: Mapped[str] = mapped_column(String(36), index=True)
    author_account_id: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class UiSwitch(Base):
    """A flag, experiment or kill switch of the server-driven UI (issue 16), as a UI editor set it;
    `flags.yaml` seeds what has no row yet. `spec` is the FlagSpec, ExperimentSpec or KillSwitch."""

    __tablename__ = "ui_switches"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # flag, experiment or kill_switch
    spec: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(Integer, default=None)  # the editor's account


class UiEvent(Base):
    """An impression or tap a client reported (`reportUiEvents`), kept for experiment analysis. No
    account, no person: only what was shown to which kind of client."""

    __tablename__ = "ui_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(20))  # impression or tap
    screen: Mapped[str] = mapped_column(String(60))
    component_id: Mapped[str] = mapped_column(String(80))
    component_type: Mapped[str] = mapped_column(String(60))
    experiment: Mapped[str | None] = mapped_column(String(80), default=None, index=True)
    variant: Mapped[str | None] = mapped_column(String(40), default=None)
    platform: Mapped[str] = mapped_column(String(10))
    app_version: Mapped[str] = mapped_column(String(20))


class ArkCertificate(Base):
    """An issued ARK certificate as its public verification shows it (D7): what the certificate prints,
    less the birth dates, with passport numbers masked. The code is not stored, only its SHA-256."""

    __tablename__ = "ark_certificates"

    request_id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the service request's id
    code_digest: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[str] = mapped_column(String(48))  # the policyholder, to check the contract live
    contract_id: Mapped[str] = mapped_column(String(48))
    policy_number: Mapped[str] = mapped_column(String(40))
    insurer: Mapped[str] = mapped_column(String(120))
    travellers: Mapped[list[dict[str, str]]] = mapped_column(JSON)  # [{name, passport (masked)}]
    travel_start: Mapped[date] = mapped_column()
    travel_end: Mapped[date] = mapped_column()
    country: Mapped[str] = mapped_column(String(2))
    sum_insured: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), default=None)
    coverages: Mapped[list[str]] = mapped_column(JSON)
    emergency_phone: Mapped[str | None] = mapped_column(String(20), default=None)
    issued_at: Mapped[datetime] = mapped_column()
