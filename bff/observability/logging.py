"""Logging set-up: one JSON object per line (or plain text for the demo), every line with the request
id (and the trace and span id while tracing), rendered text passed through `redact`, and third-party
loggers that would print URLs, headers or SQL parameters kept quiet."""

from __future__ import annotations

import logging
import logging.config
from contextvars import ContextVar
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import httpx
from opentelemetry import trace
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from bff.observability.redaction import redact

REQUEST_ID: ContextVar[str | None] = ContextVar("bff_request_id", default=None)
"""Set by RequestIdMiddleware for the duration of a request, so every log line carries it."""

ACCESS_LOG = logging.getLogger("bff.access")
OWN_IDS = frozenset({"request_id", "trace_id", "span_id"})  # ours, checked: never mistaken for secrets

# Loggers that print full URLs with query strings (httpx), headers (httpcore), SQL with its parameters
# (sqlalchemy.engine at INFO) or call arguments (aiosqlite at DEBUG): personal data, whatever our level.
QUIET_LOGGERS = ("httpx", "httpcore", "sqlalchemy", "aiosqlite", "multipart", "python_multipart")


class LogFormat(StrEnum):
    JSON = "json"
    TEXT = "text"


class RequestContextFilter(logging.Filter):
    """Adds `request_id` (None outside a request) and, inside a recorded span, `trace_id`/`span_id`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = REQUEST_ID.get()
        span = trace.get_current_span().get_span_context()
        if span.is_valid:
            record.trace_id = format(span.trace_id, "032x")
            record.span_id = format(span.span_id, "016x")
        return True


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple):
        return [_redacted(item) for item in value]
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    return redact(str(value))


class JsonLogFormatter(JsonFormatter):
    """python-json-logger with our field names; every value (message, extras, traceback) redacted.
    Redacting the structured values rather than the record leaves the record intact for other
    handlers and covers what the message's arguments, extras and tracebacks add alike."""

    def __init__(self) -> None:
        super().__init__(
            ["asctime", "levelname", "name", "message", "request_id"],
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            reserved_attrs=[*RESERVED_ATTRS, "color_message"],  # uvicorn's ANSI-coloured duplicate
            json_ensure_ascii=False,
        )

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        """ISO 8601 in UTC with milliseconds (no microseconds: six-digit runs look like codes)."""
        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        return {key: value if key in OWN_IDS else _redacted(value) for key, value in log_data.items()}


class TextLogFormatter(logging.Formatter):
    """For a terminal (`bff demo`): one line per record, redacted like the JSON lines."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class DropQueryStrings(logging.Filter):
    """httpx logs every request's URL at INFO; a query string can hold search terms (names, postal
    codes). Attached to the `httpx` logger itself, so it holds for every handler, whatever its level."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                str(arg).partition("?")[0] if isinstance(arg, httpx.URL) else arg for arg in record.args
            )
        return True


# Loggers that print SQL statements with their parameters (rows of accounts, outbox payloads) below
# WARNING: pinned there in every process that builds the app, whatever level the root logger has.
SQL_LOGGERS = ("aiosqlite", "sqlalchemy.engine")


def install_source_filters() -> None:
    """Idempotent; `create_app` calls it, so tests and embedders get it without our handlers."""
    for name in SQL_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    httpx_logger = logging.getLogger("httpx")
    if not any(isinstance(existing, DropQueryStrings) for existing in httpx_logger.filters):
        httpx_logger.addFilter(DropQueryStrings())


def logging_config(*, level: str, log_format: LogFormat) -> dict[str, Any]:
    """A `logging.config.dictConfig` dict; uvicorn applies it in every worker process it starts.
    uvicorn's own access log is off: it would print query strings (GET /graphql?variables=…), so the
    request middleware logs an access line with the route template instead."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": RequestContextFilter}},
        "formatters": {
            LogFormat.JSON.value: {"()": JsonLogFormatter},
            LogFormat.TEXT.value: {"()": TextLogFormatter},
        },
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": log_format.value,
                "filters": ["request"],
            }
        },
        "root": {"level": level.upper(), "handlers": ["stderr"]},
        "loggers": {
            **{name: {"level": "WARNING"} for name in QUIET_LOGGERS},
            "uvicorn": {"level": level.upper(), "handlers": [], "propagate": True},
            "uvicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
        },
    }


def configure_logging(*, level: str, log_format: LogFormat) -> dict[str, Any]:
    """Configure this process and return the dict for uvicorn's `log_config` (its worker processes)."""
    config = logging_config(level=level, log_format=log_format)
    logging.config.dictConfig(config)
    install_source_filters()
    return config


def log_access(
    *, method: str, route: str, status: int, duration_seconds: float, level: int = logging.INFO
) -> None:
    """One line per HTTP request: the route template, never the path or query (they can hold ids
    and personal data)."""
    if not ACCESS_LOG.isEnabledFor(level):
        return
    duration_ms = round(duration_seconds * 1000, 1)
    ACCESS_LOG.log(
        level,
        "%s %s %d %.1f ms",
        method,
        route,
        status,
        duration_ms,
        extra={"method": method, "route": route, "status": status, "duration_ms": duration_ms},
    )
