"""What every resolver needs: the signed-in person, and upstream failures as field errors."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from bff.backends import UpstreamError
from bff.context import Info
from bff.errors import Unauthenticated, UpstreamUnavailable

T = TypeVar("T")


def viewer_person_id(info: Info) -> str:
    person_id = info.context.viewer.person_id
    if person_id is None:
        raise Unauthenticated()
    return person_id


async def upstream(call: Awaitable[T]) -> T:
    """Await an upstream-backed value; a failing system becomes a public error on this field only."""
    try:
        return await call
    except UpstreamError as error:
        raise UpstreamUnavailable(error.system) from error
