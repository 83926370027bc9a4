"""Text messages (seed 001: the TAN by SMS; E2: claim status notices). A protocol like the Mailer, so
production plugs in the insurer's SMS provider while development keeps them in the dev mailbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol


@dataclass(frozen=True)
class Sms:
    """One text message: `to` in E.164 (+49…); `kind` names what it is ("step-up-tan") for logs, which
    never hold the number or the text."""

    kind: str
    to: str
    text: str
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))


class SmsGateway(Protocol):
    async def send_sms(self, sms: Sms) -> None:
        """Hand the message to the provider; raises SmsNotSent when it was not accepted."""
        ...


class SmsNotSent(Exception):
    """The provider did not accept the message (unreachable, timed out, refused)."""


def masked_number(number: str) -> str:
    """What a screen may show of a mobile number: country code and the last two digits."""
    if len(number) <= 6:
        return "•" * len(number)
    return number[:3] + "•" * (len(number) - 5) + number[-2:]
