"""Introspection policy (DESIGN security model, OWASP GraphQL cheat sheet): in production only internal
viewers (staff) may read the schema (`__schema`, `__type`) and get "Did you mean …?" hints, which
would otherwise give the schema away field by field; `__typename` is always allowed. In development
everyone may (the demo's GraphiQL).

The refusal is a validation rule added only for viewers who may not introspect: the validation cache
is keyed by document *and* rules, so an agent's cached "valid" never answers a customer's request.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import FieldNode, GraphQLError, ValidationRule
from strawberry.extensions import SchemaExtension

from bff.context import Context

INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})
_SUGGESTION = re.compile(r" Did you mean [^?]*\?$")  # graphql-core's did_you_mean(), at a message's end


def may_introspect(context: object) -> bool:
    """Executions without our Context come from code in this process (tools), never from a client."""
    if not isinstance(context, Context):
        return True
    return not context.settings.is_production or context.viewer.is_internal


class IntrospectionDisabledRule(ValidationRule):
    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        if node.name.value in INTROSPECTION_FIELDS:
            self.report_error(
                GraphQLError(
                    "Die Abfrage des Schemas ist abgeschaltet. / Introspection is disabled.",
                    node,
                    extensions={"code": "INTROSPECTION_DISABLED"},
                )
            )


class IntrospectionPolicy(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        execution = self.execution_context
        if not may_introspect(execution.context):
            execution.validation_rules = (*execution.validation_rules, IntrospectionDisabledRule)
        yield


def without_suggestions(message: str) -> str:
    return _SUGGESTION.sub("", message)
