"""Outgoing mail and letters (A1, A2, A4): SMTP or the embedded dev mailbox."""

from __future__ import annotations

import logging

from bff.mail.base import KIND_HEADER, Letter, Mailer, Outgoing, PostalService, kind_of
from bff.mail.delivery import Mailroom, deliver_after_response, dispatch_later, run_after_response
from bff.mail.dev_mailbox import DevMailbox
from bff.mail.smtp import SmtpMailer
from bff.settings import Settings

log = logging.getLogger(__name__)


def create_mailer(settings: Settings, mailbox: DevMailbox) -> Mailer:
    """SMTP when a host is configured, else the dev mailbox."""
    if settings.smtp_host:
        return SmtpMailer(settings)
    if settings.is_production:
        log.warning("BFF_SMTP_HOST is not set: mails are kept in memory and never delivered")
    return mailbox


__all__ = [
    "KIND_HEADER",
    "DevMailbox",
    "Letter",
    "Mailer",
    "Mailroom",
    "Outgoing",
    "PostalService",
    "SmtpMailer",
    "create_mailer",
    "deliver_after_response",
    "dispatch_later",
    "kind_of",
    "run_after_response",
]
