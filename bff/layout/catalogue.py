"""The names manifests may use, taken from the code and the schema so the two cannot drift."""

from __future__ import annotations

import strawberry

from bff.layout.predicates import PREDICATES
from bff.layout.presenters import load_presenters
from bff.layout.registry import Catalogue


def catalogue_of(schema: strawberry.Schema) -> Catalogue:
    from bff.schema.layout import COMPONENT_CLASSES

    graphql = schema._schema
    mutations = graphql.mutation_type.fields if graphql.mutation_type else {}
    return Catalogue(
        component_types=frozenset(COMPONENT_CLASSES),
        presenters=load_presenters(),
        predicates=frozenset(PREDICATES),
        mutations=frozenset(mutations),
        queries=frozenset(graphql.query_type.fields if graphql.query_type else {}),
    )
