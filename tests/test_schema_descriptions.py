"""Issue 6: every public type, field and argument in schema.graphql has a description, so the schema
documents itself for the frontends (GraphiQL, codegen comments), enum values included."""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    specified_scalar_types,
)

from bff.schema.schema import schema


def _public_types() -> list[GraphQLNamedType]:
    return [
        named
        for name, named in sorted(schema._schema.type_map.items())
        if not name.startswith("__") and name not in specified_scalar_types
    ]


def undescribed() -> dict[str, list[str]]:
    missing: dict[str, list[str]] = {"types": [], "fields": [], "arguments": [], "enum values": []}
    for named in _public_types():
        if not named.description:
            missing["types"].append(named.name)
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in named.fields.items():
                if not field.description:
                    missing["fields"].append(f"{named.name}.{field_name}")
                for argument_name, argument in getattr(field, "args", {}).items():
                    if not argument.description:
                        missing["arguments"].append(f"{named.name}.{field_name}({argument_name})")
        if isinstance(named, GraphQLEnumType):
            undescribed_values = [name for name, value in named.values.items() if not value.description]
            missing["enum values"] += [f"{named.name}.{name}" for name in undescribed_values]
    return missing


def test_every_type_and_field_has_a_description() -> None:
    missing = undescribed()
    assert not missing["types"], f"types without a description: {missing['types']}"
    assert not missing["fields"], f"fields without a description: {missing['fields']}"


def test_every_argument_has_a_description() -> None:
    missing = undescribed()
    assert not missing["arguments"], f"arguments without a description: {missing['arguments']}"


def test_every_enum_value_has_a_description() -> None:
    missing = undescribed()
    assert not missing["enum values"], f"enum values without a description: {missing['enum values']}"
