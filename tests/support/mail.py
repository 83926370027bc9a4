"""A real SMTP server for tests (aiosmtpd in its own thread) and a second app instance that sends its
mails there, sharing the session's simulator, database and Redis. Loaded as a pytest plugin by
tests/conftest.py: the fixtures `smtp`, `mail_app`, `sink` and `web` (one server and app per module)."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from email.message import EmailMessage
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from bff.app import create_app
from bff.settings import Settings
from bff.simulator.app import Simulator
from tests.conftest import Client, client_address

TOKEN = re.compile(r"[?&]token=([A-Za-z0-9_-]+)")


class SmtpSink:
    """aiosmtpd handler keeping every accepted message; the server thread appends, tests read."""

    def __init__(self) -> None:
        self._messages: list[EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self._messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [m for m in self._messages if str(m["To"]).lower() == address.lower()]

    def count(self) -> int:
        with self._lock:
            return len(self._messages)


def body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert isinstance(part, EmailMessage)
    content: str = part.get_content()
    return content


def link_token(message: EmailMessage) -> str:
    match = TOKEN.search(body(message))
    assert match, body(message)
    return match.group(1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@asynccontextmanager
async def smtp_server() -> AsyncIterator[tuple[SmtpSink, int]]:
    sink = SmtpSink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


@asynccontextmanager
async def running_app(settings: Settings, simulator: Simulator, **changes: Any) -> AsyncIterator[Any]:
    """Another app on the same database and store, with some settings changed."""
    application = create_app(settings.model_copy(update=changes), simulator=simulator)
    async with application.router.lifespan_context(application):
        yield application


@asynccontextmanager
async def client_of(application: Any) -> AsyncIterator[Client]:
    """A frontend talking to `application`, from a client address of its own (throttling is per address)."""
    transport = httpx.ASGITransport(app=application, client=(client_address(), 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield Client(http)


@pytest.fixture(scope="module")
async def smtp() -> AsyncIterator[tuple[SmtpSink, int]]:
    async with smtp_server() as server:
        yield server


@pytest.fixture(scope="module")
async def mail_app(
    settings: Settings, simulator: Simulator, smtp: tuple[SmtpSink, int]
) -> AsyncIterator[Any]:
    async with running_app(settings, simulator, smtp_host="127.0.0.1", smtp_port=smtp[1]) as application:
        yield application


@pytest.fixture
def sink(smtp: tuple[SmtpSink, int]) -> SmtpSink:
    return smtp[0]


@pytest.fixture
async def web(mail_app: Any) -> AsyncIterator[Client]:
    async with client_of(mail_app) as client:
        yield client
