"""The embedded mailbox for demos and development: with no SMTP host configured, mails and letters stay
in memory, and with no SMS provider the text messages too; they show at /dev/mailbox (and as JSON at
/dev/mailbox.json, never in production), so every flow can be tried end to end."""

from __future__ import annotations

import html
import logging
import re
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from bff.mail.base import Letter, kind_of
from bff.sms.base import Sms

log = logging.getLogger(__name__)
CAPACITY = 200
_LINK = re.compile(r"https?://[^\s<>\"']+")


@dataclass(frozen=True)
class MailboxEntry:
    channel: str  # "email", "letter" or "sms"
    kind: str
    to: str
    subject: str
    body: str
    at: datetime

    def as_json(self) -> dict[str, str]:
        return {
            "channel": self.channel,
            "kind": self.kind,
            "to": self.to,
            "subject": self.subject,
            "body": self.body,
            "at": self.at.isoformat(),
        }


def _plain_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if isinstance(part, EmailMessage) else ""


class DevMailbox:
    """Mailer, PostalService and SmsGateway at once; keeps the last 200 items, newest first."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self._entries: deque[MailboxEntry] = deque(maxlen=capacity)

    async def send(self, message: EmailMessage) -> None:
        entry = MailboxEntry(
            channel="email",
            kind=kind_of(message),
            to=str(message["To"]),
            subject=str(message["Subject"]),
            body=_plain_text(message),
            at=datetime.now(UTC),
        )
        self._entries.appendleft(entry)
        log.info("mail kept in the dev mailbox: %s", entry.kind)

    async def post(self, letter: Letter) -> None:
        entry = MailboxEntry(
            channel="letter",
            kind=letter.kind,
            to="\n".join(letter.recipient),
            subject=letter.subject,
            body=letter.body,
            at=letter.created_at,
        )
        self._entries.appendleft(entry)
        log.info("letter kept in the dev mailbox: %s", letter.kind)

    async def send_sms(self, sms: Sms) -> None:
        entry = MailboxEntry(
            channel="sms", kind=sms.kind, to=sms.to, subject=sms.to, body=sms.text, at=sms.created_at
        )
        self._entries.appendleft(entry)
        log.info("sms kept in the dev mailbox: %s", sms.kind)

    def entries(self) -> list[MailboxEntry]:
        return list(self._entries)


def _mailbox(request: Request) -> DevMailbox | None:
    """The dev mailbox when mails or SMS go there (one object holds both)."""
    state = request.app.state.bff
    for outlet in (getattr(state, "mailer", None), getattr(state, "sms", None)):
        if isinstance(outlet, DevMailbox):
            return outlet
    return None


async def mailbox_json(request: Request) -> Response:
    mailbox = _mailbox(request)
    if mailbox is None:
        return Response(status_code=404)
    return JSONResponse([entry.as_json() for entry in mailbox.entries()])


_ICONS = {"email": "✉", "letter": "📮 Brief / letter:", "sms": "📱 SMS an / to"}


def _linkified(text: str) -> str:
    escaped = html.escape(text)
    return _LINK.sub(lambda match: f'<a href="{match.group(0)}">{match.group(0)}</a>', escaped)


async def mailbox_html(request: Request) -> Response:
    mailbox = _mailbox(request)
    if mailbox is None:
        return Response(status_code=404)
    items = "".join(
        "<article><h2>{icon} {subject}</h2><p class=meta>{to} · {at} · {kind}</p><pre>{body}</pre>"
        "</article>".format(
            icon=_ICONS.get(entry.channel, ""),
            subject=html.escape(entry.subject),
            to=html.escape(entry.to).replace("\n", ", "),
            at=entry.at.isoformat(timespec="seconds"),
            kind=html.escape(entry.kind),
            body=_linkified(entry.body),
        )
        for entry in mailbox.entries()
    )
    page = (
        "<!doctype html><html lang=de><meta charset=utf-8><title>Dev-Postfach / dev mailbox</title>"
        "<style>body{font-family:sans-serif;max-width:60rem;margin:auto}article{border-bottom:1px solid"
        " #ccc}pre{white-space:pre-wrap}.meta{color:#666}</style>"
        "<h1>Dev-Postfach / dev mailbox</h1>"
        "<p>E-Mails, SMS und Briefe des Portals, neueste zuerst (nur außerhalb der Produktion). / The "
        "portal's mails, text messages and letters, newest first (never in production).</p>"
        f"{items or '<p>Leer / empty.</p>'}"
    )
    return HTMLResponse(page)
