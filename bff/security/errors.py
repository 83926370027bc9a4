"""Error policy: expected errors reach the client as they are; anything else is masked, and logged
once with the request id so support can find it. Input the client got wrong (variables that fail
coercion, unparsable ids) is expected: it keeps graphql-core's message with the code BAD_USER_INPUT.
This is also the one place that drops "Did you mean …?" hints for viewers who may not introspect."""

from __future__ import annotations

import logging
from typing import Any

from graphql.error import GraphQLError
from graphql.validation.validate import ValidationAbortedError
from strawberry import Schema
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import MaskErrors
from strawberry.types import ExecutionContext

from bff.errors import PublicError
from bff.security.introspection import may_introspect, without_suggestions

log = logging.getLogger("bff.errors")


def is_input_error(error: GraphQLError) -> bool:
    """graphql-core reports a variable that fails coercion as an error without a path wrapping the
    coercion's GraphQLError; strawberry raises StrawberryInputCoercionError for e.g. a broken GlobalID.
    (A GraphQLError *with* a path wrapping another is a resolver's or a serialiser's: unexpected.)"""
    original = error.original_error
    return isinstance(original, StrawberryInputCoercionError) or (
        isinstance(original, GraphQLError) and not error.path
    )


def is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, PublicError) and not is_input_error(error)


def copy_error(
    error: GraphQLError, *, message: str, extensions: dict[str, Any] | None = None
) -> GraphQLError:
    """A changed copy: validation errors are cached and shared between requests, never edit them."""
    return GraphQLError(
        message,
        error.nodes,
        error.source,
        error.positions,
        error.path,
        error.original_error,
        error.extensions if extensions is None else extensions,
    )


def _request_id(execution_context: ExecutionContext | None) -> str | None:
    context: Any = execution_context.context if execution_context else None
    return getattr(context, "request_id", None)


class MaskUnexpectedErrors(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected)

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        """MaskErrors' per-result hook (also for streamed results), extended by the input-error code
        and the suggestion policy."""
        hide_suggestions = not may_introspect(self.execution_context.context)
        processed = []
        for error in super()._process_errors(errors):
            if is_input_error(error) and not (error.extensions or {}).get("code"):
                error = copy_error(error, message=error.message, extensions={"code": "BAD_USER_INPUT"})
            if isinstance(error, ValidationAbortedError):  # graphql-core's own work budget ran out
                error = copy_error(error, message=error.message, extensions={"code": "QUERY_TOO_COMPLEX"})
            if hide_suggestions and (message := without_suggestions(error.message)) != error.message:
                error = copy_error(error, message=message)
            processed.append(error)
        return processed

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = _request_id(self.execution_context)
        return GraphQLError(
            message="Ein unerwarteter Fehler ist aufgetreten. / An unexpected error occurred.",
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": "INTERNAL", "requestId": request_id},
        )


class LoggingSchema(Schema):
    """Logs unexpected errors with the request id (never the variables: they may hold personal data)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        request_id = _request_id(execution_context)
        for error in errors:
            if is_unexpected(error):
                log.error(
                    "unexpected error at %s (request %s)",
                    ".".join(str(p) for p in error.path or []),
                    request_id,
                    exc_info=error.original_error,
                )
