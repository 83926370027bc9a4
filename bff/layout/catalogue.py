"""The names manifests may use, taken from the code and the schema so the two cannot drift."""

from __future__ import annotations

from collections.abc import Mapping

import strawberry
from graphql import GraphQLField, GraphQLInputObjectType, get_named_type

from bff.layout.predicates import PREDICATE_ARGUMENTS
from bff.layout.presenters import load_presenters
from bff.layout.registry import Catalogue


def catalogue_of(schema: strawberry.Schema, component_props: Mapping[str, frozenset[str]]) -> Catalogue:
    """`component_props`: what a manifest may set per component type (`bff.schema.components`), handed
    in by the caller so that the engine does not reach up into the schema's types."""
    graphql = schema._schema
    mutations = graphql.mutation_type.fields if graphql.mutation_type else {}
    return Catalogue(
        component_types=dict(component_props),
        presenters=load_presenters(),
        predicates=dict(PREDICATE_ARGUMENTS),
        mutations={name: _input_fields(field) for name, field in mutations.items()},
        queries=frozenset(graphql.query_type.fields if graphql.query_type else {}),
    )


def _input_fields(mutation: GraphQLField) -> frozenset[str]:
    """What a form or a run_mutation action may fill: the fields of the mutation's `input` argument, or
    its arguments when it has none (`changePassword(currentPassword, newPassword)`)."""
    argument = mutation.args.get("input")
    if argument is None:
        return frozenset(mutation.args)
    named = get_named_type(argument.type)
    return frozenset(named.fields) if isinstance(named, GraphQLInputObjectType) else frozenset()
