"""Browser tests: the reference client in Debian's Chromium (headless, driven by Playwright) against
a real server process — `tests.browser.server`, i.e. the demo app on uvicorn — with its own SQLite
database and store, so nothing here touches the database the rest of the suite uses."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect

from bff.demo_accounts import DEMO_PASSWORD
from tests.conftest import Client

CHROMIUM = Path(os.environ.get("BFF_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_PRESENT = CHROMIUM.exists()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ROOT = Path(__file__).resolve().parents[2]
# CI machines are small and shared: wait for what the user would wait for, not for a fixed 5 s.
TIMEOUT_MS = 30_000
expect.set_options(timeout=TIMEOUT_MS)
SCREENSHOTS = ROOT / "docs" / "screenshots"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _redis_url() -> str:
    """A separate Redis database (14) when the suite runs against Redis, else the in-process store."""
    url = os.environ.get("BFF_TEST_REDIS_URL", "")
    return url.rsplit("/", 1)[0] + "/14" if url else ""


@pytest.fixture(scope="session")
def server_directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The browser server's own directory: its SQLite database and log."""
    return tmp_path_factory.mktemp("browser-server")


@pytest.fixture(scope="session")
def server_database_url(server_directory: Path) -> str:
    """The browser server's database, for the CLI (`bff staff create`) in a test."""
    return f"sqlite+aiosqlite:///{server_directory / 'bff.db'}"


@contextmanager
def serving(directory: Path, database_url: str, **settings: str) -> Iterator[str]:
    """The demo app in a process of its own on a free port, its log in `directory`; `settings` are
    further BFF_* variables (a short kiosk idle time). Yields its base URL once it is ready."""
    port = _free_port()
    base_url = f"http://localhost:{port}"
    env = {
        **os.environ,
        "BFF_DATABASE_URL": database_url,
        "BFF_REDIS_URL": _redis_url(),
        "BFF_WEBAUTHN_ORIGINS": f'["{base_url}"]',
        "BFF_WEBAUTHN_RP_ID": "localhost",
        "BFF_PUBLIC_BASE_URL": base_url,  # the links in the dev mailbox open this server's client
        "BFF_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        **settings,
    }
    if env["BFF_REDIS_URL"]:
        import redis

        redis.Redis.from_url(env["BFF_REDIS_URL"]).flushdb()
    log = (directory / "server.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "tests.browser.server", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited: {(directory / 'server.log').read_text()}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server not ready within 90 s")
            time.sleep(0.3)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def server(server_directory: Path, server_database_url: str) -> Iterator[str]:
    with serving(server_directory, server_database_url) as base_url:
        yield base_url


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    if not CHROMIUM_PRESENT:
        if os.environ.get("CI"):  # CI installs Chromium: there a missing one is a failure, not a skip
            pytest.fail(f"Chromium is missing at {CHROMIUM} although .ci/run installs it")
        pytest.skip(
            f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium); .ci/run installs it"
        )
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        await chromium.close()


@pytest.fixture
async def context(browser: Browser, server: str) -> AsyncIterator[BrowserContext]:
    """A fresh browser profile per test: no cookies, no storage."""
    ctx = await browser.new_context(
        base_url=server, locale="de-DE", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    ctx.set_default_timeout(TIMEOUT_MS)
    yield ctx
    await ctx.close()


@pytest.fixture
async def page(context: BrowserContext) -> AsyncIterator[Page]:
    """A page that fails the test on a script error or a CSP violation in the client."""
    tab = await context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    tab.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield tab
    assert problems == []


@pytest.fixture
async def api(server: str) -> AsyncIterator[Client]:
    """GraphQL over HTTP against the browser tests' server, for set-up the browser does not show
    (enrolling TOTP); bearer tokens, so no browser cookie is involved."""
    async with httpx.AsyncClient(base_url=server, timeout=60) as http:
        yield Client(http)


async def sign_in(page: Page, customer_number: str, password: str = DEMO_PASSWORD, start: str = "/") -> None:
    """Password sign-in through the client's form (accounts without a second factor)."""
    await page.goto(start)
    await page.get_by_label("Kundennummer").fill(customer_number)
    await page.get_by_label("Passwort").fill(password)
    await page.get_by_role("button", name="Anmelden", exact=True).click()
    await expect(page.get_by_role("heading", level=1, name="Übersicht")).to_be_visible()


async def open_nav(page: Page, name: str) -> None:
    """Follow a link of the main navigation."""
    await page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name=name).click()
    await expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()


async def mailbox(server: str, wanted: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
    """The dev mailbox's entries that `wanted` picks. Many mails are produced after the response (so a
    lookup cannot be timed from outside), so this asks again until one is there, at most 100 times."""
    async with httpx.AsyncClient(base_url=server) as http:
        for _ in range(100):
            entries: list[dict[str, Any]] = (await http.get("/dev/mailbox.json")).json()
            picked = [entry for entry in entries if wanted(entry)]
            if picked:
                return picked
            await asyncio.sleep(0.1)
    return []
