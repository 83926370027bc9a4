"""Security events (issue 18): the audit events a customer must hear about. Each sends a notice mail to
the account's address and is listed in `viewer.securityEvents`, so a stolen session that adds a factor,
or a reset the owner did not ask for, is noticed. The audit log is the one record; this module names
which of its actions count."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bff.db.models import AuditEvent
from bff.i18n import N_
from bff.mail import texts as mails


class SecurityEventKind(StrEnum):
    SECOND_FACTOR_ADDED = "SECOND_FACTOR_ADDED"
    SECOND_FACTOR_REMOVED = "SECOND_FACTOR_REMOVED"
    PASSWORD_CHANGED = "PASSWORD_CHANGED"  # noqa: S105 - an event name, not a password
    PASSWORD_RESET = "PASSWORD_RESET"  # noqa: S105
    EMAIL_CHANGED = "EMAIL_CHANGED"
    NEW_DEVICE_SIGN_IN = "NEW_DEVICE_SIGN_IN"
    STEP_UP_PAUSED = "STEP_UP_PAUSED"
    FACTOR_RECOVERY_REQUESTED = "FACTOR_RECOVERY_REQUESTED"
    FACTORS_RECOVERED = "FACTORS_RECOVERED"
    MOBILE_CONFIRMED = "MOBILE_CONFIRMED"


# audit action → what the customer is told happened
AUDIT_ACTIONS: dict[str, SecurityEventKind] = {
    "totp.confirmed": SecurityEventKind.SECOND_FACTOR_ADDED,
    "passkey.registered": SecurityEventKind.SECOND_FACTOR_ADDED,
    "totp.removed": SecurityEventKind.SECOND_FACTOR_REMOVED,
    "passkey.removed": SecurityEventKind.SECOND_FACTOR_REMOVED,
    "password.changed": SecurityEventKind.PASSWORD_CHANGED,
    "password_reset.completed": SecurityEventKind.PASSWORD_RESET,
    "communication.email_changed": SecurityEventKind.EMAIL_CHANGED,
    "login.new_device": SecurityEventKind.NEW_DEVICE_SIGN_IN,
    "stepup.paused": SecurityEventKind.STEP_UP_PAUSED,
    "factor_recovery.requested": SecurityEventKind.FACTOR_RECOVERY_REQUESTED,
    "factor_recovery.completed": SecurityEventKind.FACTORS_RECOVERED,
    "mobile.confirmed": SecurityEventKind.MOBILE_CONFIRMED,
}

# kind → the sentence (a msgid) for the notice mail and the list
DESCRIPTIONS: dict[SecurityEventKind, str] = {
    SecurityEventKind.SECOND_FACTOR_ADDED: N_(
        "Ein zweiter Faktor (Authenticator-App oder Passkey) wurde hinzugefügt."
    ),
    SecurityEventKind.SECOND_FACTOR_REMOVED: N_(
        "Ein zweiter Faktor (Authenticator-App oder Passkey) wurde entfernt."
    ),
    SecurityEventKind.PASSWORD_CHANGED: N_("Ihr Passwort wurde geändert."),
    SecurityEventKind.PASSWORD_RESET: N_(
        "Ihr Passwort wurde über einen Link zurückgesetzt; Ihre zweiten Faktoren bleiben eingerichtet."
    ),
    SecurityEventKind.EMAIL_CHANGED: N_("Ihre E-Mail-Adresse wurde geändert."),
    SecurityEventKind.NEW_DEVICE_SIGN_IN: N_("Sie haben sich auf einem neuen Gerät oder Browser angemeldet."),
    SecurityEventKind.STEP_UP_PAUSED: N_(
        "Es wurden zu viele falsche Sicherheitscodes eingegeben; Bestätigungen sind vorübergehend gesperrt."
    ),
    SecurityEventKind.FACTOR_RECOVERY_REQUESTED: N_(
        "Mit Ihrem Passwort wurde ein Brief mit einem Code angefordert, der Ihre zweiten Faktoren entfernt. "
        "Der Code funktioniert nur zusammen mit Ihrem Passwort; melden Sie sich mit Ihrem zweiten Faktor "
        "an, wird er ungültig."
    ),
    SecurityEventKind.FACTORS_RECOVERED: N_(
        "Ihre zweiten Faktoren wurden mit dem Code aus dem Brief entfernt; richten Sie bitte einen neuen ein."
    ),
    SecurityEventKind.MOBILE_CONFIRMED: N_(
        "Ihre Mobilnummer wurde bestätigt; Änderungen können jetzt auch mit einer TAN per SMS bestätigt "
        "werden."
    ),
}


def notice_mail(*, sender: str, to: str, kind: SecurityEventKind, at: datetime) -> EmailMessage:
    return mails.security_notice_mail(sender=sender, to=to, what=DESCRIPTIONS[kind], at=at)


async def security_events_of(session: AsyncSession, account_id: int, *, limit: int = 50) -> list[AuditEvent]:
    """The account's security events, newest first."""
    rows = await session.scalars(
        select(AuditEvent)
        .where(AuditEvent.account_id == account_id, AuditEvent.action.in_(AUDIT_ACTIONS))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return list(rows)
