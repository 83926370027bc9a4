"""Mails go out after the response: a slow relay never delays the answer, and an answer's timing does
not tell whether a mail was sent (A4: no answer reveals whether an account exists)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from starlette.background import BackgroundTasks
from starlette.responses import Response

from bff.mail.base import Mailer, Outgoing, PostalService, dispatch

log = logging.getLogger(__name__)


def run_after_response(response: Response, job: Callable[[], Awaitable[None]], *, name: str) -> None:
    """Run `job` once the response is sent; a failure is logged by `name` and error type only."""

    async def guarded() -> None:
        try:
            await job()
        except Exception as error:  # after the response nobody can receive it; keep the server quiet
            log.error("%s failed after the response: %s", name, type(error).__name__)

    tasks = response.background if isinstance(response.background, BackgroundTasks) else BackgroundTasks()
    if response.background is not None and response.background is not tasks:
        tasks.add_task(response.background)
    tasks.add_task(guarded)
    response.background = tasks


def deliver_after_response(
    response: Response, *, mailer: Mailer, postal: PostalService, items: Sequence[Outgoing]
) -> None:
    if items:
        outgoing = list(items)
        run_after_response(
            response, lambda: dispatch(outgoing, mailer=mailer, postal=postal), name="mail delivery"
        )


def dispatch_later(
    response: Response,
    *,
    mailer: Mailer,
    postal: PostalService,
    produce: Callable[[], Awaitable[Sequence[Outgoing]]],
) -> None:
    """Work out after the response what to send (a lookup whose duration must not show), then send it."""

    async def job() -> None:
        await dispatch(await produce(), mailer=mailer, postal=postal)

    run_after_response(response, job, name="mail request")


class Mailroom:
    """Where a service hands its mails and letters: sent now, or after the response (deliver, or work
    out what to send and then send it). Services see this narrow collaborator, never the response it
    is bound to. Without a response (a worker, a test) "after the response" is refused, never dropped."""

    def __init__(self, *, mailer: Mailer, postal: PostalService, response: Response | None = None) -> None:
        self._mailer = mailer
        self._postal = postal
        self._response = response

    async def send_now(self, items: Sequence[Outgoing]) -> None:
        await dispatch(items, mailer=self._mailer, postal=self._postal)

    def send_after_response(self, items: Sequence[Outgoing]) -> None:
        if self._response is None:
            raise RuntimeError("no response to send after; use send_now")
        deliver_after_response(self._response, mailer=self._mailer, postal=self._postal, items=items)

    def produce_after_response(self, produce: Callable[[], Awaitable[Sequence[Outgoing]]]) -> None:
        if self._response is None:
            raise RuntimeError("no response to send after; use send_now")
        dispatch_later(self._response, mailer=self._mailer, postal=self._postal, produce=produce)
