"""Mail through the insurer's SMTP relay (aiosmtplib), one connection per message: portal mails are
rare, and a fresh connection never hands a broken one to the next mail."""

from __future__ import annotations

import logging
from email.message import EmailMessage

import aiosmtplib

from bff.mail.base import kind_of
from bff.settings import Settings

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 15.0


class SmtpMailer:
    def __init__(self, settings: Settings) -> None:
        self.hostname = settings.smtp_host
        self.port = settings.smtp_port
        self.username = settings.smtp_username or None
        self.password = settings.smtp_password or None
        self.start_tls = settings.smtp_starttls

    async def send(self, message: EmailMessage) -> None:
        await aiosmtplib.send(
            message,
            hostname=self.hostname,
            port=self.port,
            username=self.username,
            password=self.password,
            start_tls=self.start_tls,
            timeout=TIMEOUT_SECONDS,
        )
        log.info("mail sent: %s", kind_of(message))
