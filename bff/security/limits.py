"""Query limits (issue 6, OWASP GraphQL cheat sheet): too many tokens, too deep, too many aliases,
root fields or directives, or too costly (bff/security/cost.py) — refused before anything runs.

The token count runs before parsing (the lexer alone, so a huge document is never turned into an
AST); the other limits are a validation rule, so they depend on the document only and their result
may be cached with the rest of validation. The rule classes are made once per set of limits, which
keeps the validation cache's key (document, rules) stable across requests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import FragmentDefinitionNode, GraphQLError, GraphQLSyntaxError, ValidationRule
from graphql.language import DocumentNode, Lexer, Source, TokenKind
from strawberry.extensions import SchemaExtension
from strawberry.schema.exceptions import CannotGetOperationTypeError

from bff.context import Context
from bff.security.cost import ANALYSIS_STEPS, AnalysisTooLong, OperationMeasure, measure_operation, operations
from bff.settings import Settings


@dataclass(frozen=True)
class QueryLimits:
    depth: int
    aliases: int
    tokens: int
    cost: int
    root_fields: int
    directives: int

    @classmethod
    def of(cls, settings: Settings) -> QueryLimits:
        return cls(
            depth=settings.max_query_depth,
            aliases=settings.max_aliases,
            tokens=settings.max_tokens,
            cost=settings.max_query_cost,
            root_fields=settings.max_root_fields,
            directives=settings.max_directives,
        )


@dataclass(frozen=True)
class _Check:
    code: str
    limit: str  # QueryLimits attribute
    measured: str  # OperationMeasure attribute
    de: str
    en: str


CHECKS = (
    _Check(
        "QUERY_TOO_DEEP",
        "depth",
        "depth",
        "Die Abfrage ist zu tief verschachtelt",
        "The query is nested too deeply",
    ),
    _Check(
        "QUERY_TOO_COMPLEX",
        "cost",
        "cost",
        "Die Abfrage ist zu aufwendig",
        "The query is too complex",
    ),
    _Check(
        "TOO_MANY_ALIASES",
        "aliases",
        "aliases",
        "Die Abfrage enthält zu viele Aliase",
        "The query has too many aliases",
    ),
    _Check(
        "TOO_MANY_ROOT_FIELDS",
        "root_fields",
        "root_fields",
        "Die Abfrage fragt zu viele Felder auf einmal ab",
        "The query asks for too many root fields",
    ),
    _Check(
        "TOO_MANY_DIRECTIVES",
        "directives",
        "directives",
        "Die Abfrage enthält zu viele Direktiven",
        "The query has too many directives",
    ),
)


@lru_cache(maxsize=16)
def limits_rule(limits: QueryLimits) -> type[ValidationRule]:
    """A validation rule for these limits; the same class for the same limits (see module doc)."""

    class QueryLimitsRule(ValidationRule):
        def enter_document(self, node: DocumentNode, *_args: Any) -> Any:
            fragments = {
                definition.name.value: definition
                for definition in node.definitions
                if isinstance(definition, FragmentDefinitionNode)
            }
            for operation in operations(node.definitions):
                try:
                    measure = measure_operation(self.context.schema, operation, fragments)
                except AnalysisTooLong:
                    self.report_error(too_long_to_analyse(operation))
                    continue
                for error in violations(measure, limits, nodes=operation):
                    self.report_error(error)
            return self.SKIP

    return QueryLimitsRule


def violations(measure: OperationMeasure, limits: QueryLimits, *, nodes: Any = None) -> list[GraphQLError]:
    errors = []
    for check in CHECKS:
        measured, limit = getattr(measure, check.measured), getattr(limits, check.limit)
        if measured > limit:
            message = (
                f"{check.de} ({measured}, höchstens {limit}). / {check.en} ({measured}, at most {limit})."
            )
            extensions = {"code": check.code, "measured": measured, "limit": limit}
            errors.append(GraphQLError(message, nodes, extensions=extensions))
    return errors


def too_long_to_analyse(operation: Any) -> GraphQLError:
    check = CHECKS[1]  # QUERY_TOO_COMPLEX: the measure itself would cost more than any allowed query
    return GraphQLError(
        f"{check.de} (Prüfung nach {ANALYSIS_STEPS} Schritten abgebrochen). / "
        f"{check.en} (analysis stopped after {ANALYSIS_STEPS} steps).",
        operation,
        extensions={"code": check.code, "limit": ANALYSIS_STEPS},
    )


CACHED_QUERY_CHARS = 16 * 1024  # clients' real queries are a few KiB; keeps the cache at most ~8 MB


def token_count(query: str, *, stop_after: int) -> int:
    """Lexical tokens (comments not counted, like graphql-core's `max_lexical_tokens`), counted up to
    one past `stop_after`; a lexing error ends the count and is left to the parser to report. Counts
    of the usual short documents are cached, as their parse is (lexing the layout query takes ~1 ms)."""
    if len(query) <= CACHED_QUERY_CHARS:
        return _cached_token_count(query, stop_after)
    return _count_tokens(query, stop_after)


def _count_tokens(query: str, stop_after: int) -> int:
    lexer, count = Lexer(Source(query)), 0
    try:
        while count <= stop_after and lexer.advance().kind is not TokenKind.EOF:
            count += 1
    except GraphQLSyntaxError:
        pass
    return count


_cached_token_count = lru_cache(maxsize=512)(_count_tokens)


@lru_cache(maxsize=1)
def _default_limits() -> QueryLimits:
    """For executions without our Context (tools running the schema directly)."""
    return QueryLimits.of(Settings())


class OperationNameRequired(CannotGetOperationTypeError):
    """Several operations and no `operationName`: a request error (400), never the first one run."""

    def as_http_error_reason(self) -> str:
        return (
            "Das Dokument enthält mehrere Operationen: bitte operationName angeben. / "
            "The document has several operations: send operationName."
        )


class QueryLimitsExtension(SchemaExtension):
    """Adds the limits rule to validation and refuses documents with too many tokens before parsing,
    and documents with several operations but no operationName before validation.
    Must come before the ParserCache in the schema's extensions, whose parse runs in its own hook."""

    def _limits(self) -> QueryLimits:
        context = self.execution_context.context
        return QueryLimits.of(context.settings) if isinstance(context, Context) else _default_limits()

    def on_operation(self) -> Iterator[None]:
        execution = self.execution_context
        execution.validation_rules = (*execution.validation_rules, limits_rule(self._limits()))
        yield

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        document = execution.graphql_document
        named = execution._provided_operation_name
        if document and not named and len(operations(document.definitions)) > 1:
            raise OperationNameRequired(None)
        yield

    def on_parse(self) -> Iterator[None]:
        query, limit = self.execution_context.query, self._limits().tokens
        parsed = self.execution_context.graphql_document is not None
        if query and not parsed and token_count(query, stop_after=limit) > limit:
            raise GraphQLError(
                f"Die Abfrage ist zu lang (mehr als {limit} Token). / "
                f"The query is too long (more than {limit} tokens).",
                extensions={"code": "TOO_MANY_TOKENS", "limit": limit},
            )
        yield
