"""What the BFF sends to people: emails (Mailer) and letters by post (PostalService, A2). Both are
protocols, so production plugs in SMTP and the insurer's print service while a demo keeps them local."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Protocol

log = logging.getLogger(__name__)

KIND_HEADER = "X-Kundenportal-Kind"
"""Names what a message is ("activation", "password-reset"), so logs can say it without content."""


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None: ...


@dataclass(frozen=True)
class Letter:
    """A letter for the print service: recipient block (name, street, town), subject and text."""

    kind: str
    customer_number: str
    recipient: tuple[str, ...]
    subject: str
    body: str
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))


class PostalService(Protocol):
    async def post(self, letter: Letter) -> None: ...


Outgoing = EmailMessage | Letter


def kind_of(message: EmailMessage) -> str:
    return str(message.get(KIND_HEADER, "other"))


async def dispatch(items: Sequence[Outgoing], *, mailer: Mailer, postal: PostalService) -> None:
    """Send each item; a failure is logged (by kind and error type only, never an address) and does not
    stop the others."""
    for item in items:
        kind = item.kind if isinstance(item, Letter) else kind_of(item)
        try:
            if isinstance(item, Letter):
                await postal.post(item)
            else:
                await mailer.send(item)
        except Exception as error:  # a mail server's error must not reach the client
            log.error("could not send %s: %s", kind, type(error).__name__)
