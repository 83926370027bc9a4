"""Log capture as `bff serve` renders it: the root handler with our JSON formatter, into a buffer."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bff.observability.logging import JsonLogFormatter, RequestContextFilter


@contextmanager
def json_log_lines(level: int = logging.INFO) -> Iterator[io.StringIO]:
    """Added after pytest's caplog handler, so caplog sees each record before this one formats it."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonLogFormatter())
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(min(level, previous) if previous else level)
    try:
        yield buffer
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


def parsed(buffer: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]
