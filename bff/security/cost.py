"""Static measures of one operation (depth, cost, aliases, directives, root fields), taken from the
document alone so that they can be checked during validation, before anything runs, and cached.

The cost estimator follows IBM's GraphQL cost directives spec in its simplest form:
- every field costs 1; a root field of a mutation costs `MUTATION_FIELD_COST`;
- a list field multiplies the cost of its selection by its size: the `first`/`last`/`limit` argument
  if it has one (a literal, or a variable's default; a variable without default counts as
  `VARIABLE_LIST_SIZE`, the largest page a list field serves), else `DEFAULT_LIST_SIZE`;
- a field with a slicing argument that returns an object (a connection) passes its size on to the
  list fields directly below it (`edges`, `nodes`), which then do not multiply again;
- fragments on different concrete types (`... on Heading`, `... on Form`) are alternatives: an object
  is only ever one of them, so they count with the most expensive one, not their sum.
Depth counts fields on the longest path, fragments followed (`{ a { b } }` has depth 2), with
introspection fields counted like any other field.

The analysis itself is linear in the document: every fragment definition is measured once (per page
size it is spread under) and its measure reused for every spread, root fields included — a fan-out of
fragments that spread the next one twice would otherwise double the work with each fragment. A ceiling
on the selections visited (`ANALYSIS_STEPS`) ends the walk of anything larger; such a document is
refused as too complex.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    TypeNameMetaFieldDef,
    ValueNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
)

DEFAULT_LIST_SIZE = 10
VARIABLE_LIST_SIZE = 100  # bff.schema.pagination.PAGE_LIMIT: no page holds more
MUTATION_FIELD_COST = 10
SLICING_ARGUMENTS = ("first", "last", "limit")
ANALYSIS_STEPS = 20_000  # selections visited per document; the largest shipped query visits ~700


class AnalysisTooLong(Exception):
    """The document needs more than ANALYSIS_STEPS to be measured."""


@dataclass(frozen=True)
class Measure:
    depth: int = 0
    cost: int = 0
    aliases: int = 0
    directives: int = 0

    def __add__(self, other: Measure) -> Measure:
        """Selections side by side: all of them run."""
        return Measure(
            depth=max(self.depth, other.depth),
            cost=self.cost + other.cost,
            aliases=self.aliases + other.aliases,
            directives=self.directives + other.directives,
        )

    def or_else(self, other: Measure) -> Measure:
        """Alternative type branches: only one of them runs for any object."""
        return Measure(
            depth=max(self.depth, other.depth),
            cost=max(self.cost, other.cost),
            aliases=self.aliases + other.aliases,
            directives=self.directives + other.directives,
        )


@dataclass(frozen=True)
class OperationMeasure(Measure):
    root_fields: int = 0
    steps: int = 0  # selections visited to measure it (each fragment definition's once)


def measure_operation(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    *,
    max_steps: int = ANALYSIS_STEPS,
) -> OperationMeasure:
    """Raises AnalysisTooLong after `max_steps` selections."""
    walker = _Walker(schema, operation, fragments, max_steps)
    measure = walker.measure()
    return OperationMeasure(
        depth=measure.depth,
        cost=measure.cost,
        aliases=measure.aliases,
        directives=measure.directives + len(operation.directives or ()),
        root_fields=walker.root_fields(operation.selection_set),
        steps=walker.steps,
    )


@dataclass
class _Walker:
    """One walk per operation; each fragment is measured once, so a document that spreads fragments
    into each other many times is measured in linear time (and a fragment cycle ends the walk)."""

    schema: GraphQLSchema
    operation: OperationDefinitionNode
    fragments: Mapping[str, FragmentDefinitionNode]
    max_steps: int
    steps: int = 0
    _measured: dict[tuple[str, int | None], Measure] = field(default_factory=dict)
    _root_fields: dict[str, int] = field(default_factory=dict)

    def measure(self) -> Measure:
        root = self.schema.get_root_type(self.operation.operation)
        selections = self.selections(self.operation.selection_set, root, None)
        if self.operation.operation is not OperationType.MUTATION:
            return selections
        extra = (MUTATION_FIELD_COST - 1) * self.root_fields(self.operation.selection_set)
        return selections + Measure(cost=extra)

    def _step(self, selection_set: SelectionSetNode) -> None:
        self.steps += len(selection_set.selections)
        if self.steps > self.max_steps:
            raise AnalysisTooLong

    def root_fields(self, selection_set: SelectionSetNode) -> int:
        self._step(selection_set)
        count = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                count += 1
            elif isinstance(selection, InlineFragmentNode):
                count += self.root_fields(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in self._root_fields and (definition := self.fragments.get(name)) is not None:
                    self._root_fields[name] = 0  # a cycle counts as empty (NoFragmentCyclesRule reports it)
                    self._root_fields[name] = self.root_fields(definition.selection_set)
                count += self._root_fields.get(name, 0)
        return count

    def selections(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None, size: int | None
    ) -> Measure:
        self._step(selection_set)
        common = Measure()
        branches: dict[str, Measure] = {}
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                common += self.field(selection, parent, size)
                continue
            if isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition.name.value if selection.type_condition else None
                measure = self.selections(selection.selection_set, self._type(condition, parent), size)
            else:
                assert isinstance(selection, FragmentSpreadNode)
                condition, measure = self.fragment(selection.name.value, size)
            measure += Measure(directives=len(selection.directives or ()))
            if condition is None or parent is None or condition == parent.name:
                common += measure
            else:
                branches[condition] = branches.get(condition, Measure()) + measure
        widest = Measure()
        for branch in branches.values():
            widest = widest.or_else(branch)
        return common + widest

    def fragment(self, name: str, size: int | None) -> tuple[str | None, Measure]:
        definition = self.fragments.get(name)
        if definition is None:
            return None, Measure()  # unknown fragment: KnownFragmentNamesRule reports it
        condition = definition.type_condition.name.value
        key = (name, size)
        if key not in self._measured:
            self._measured[key] = Measure()  # a cycle counts as empty (NoFragmentCyclesRule reports it)
            self._measured[key] = self.selections(definition.selection_set, self._type(condition, None), size)
        return condition, self._measured[key]

    def field(self, node: FieldNode, parent: GraphQLNamedType | None, size: int | None) -> Measure:
        """`size`: the page size of the connection this field is directly in, if any."""
        own = Measure(depth=1, cost=1, aliases=1 if node.alias else 0, directives=len(node.directives or ()))
        if node.selection_set is None:
            return own
        definition = self._field_definition(parent, node.name.value)
        child_type = get_named_type(definition.type) if definition else None
        multiplier, child_size = 1, None
        if definition is not None:
            sliced = self._slice_size(node, definition)
            if is_list_type(get_nullable_type(definition.type)):
                multiplier = sliced or size or DEFAULT_LIST_SIZE
            else:
                child_size = sliced
        child = self.selections(node.selection_set, child_type, child_size)
        return Measure(
            depth=1 + child.depth,
            cost=1 + multiplier * child.cost,
            aliases=own.aliases + child.aliases,
            directives=own.directives + child.directives,
        )

    def _slice_size(self, node: FieldNode, definition: GraphQLField) -> int | None:
        given = {argument.name.value: argument.value for argument in node.arguments or ()}
        for name in SLICING_ARGUMENTS:
            argument = definition.args.get(name)
            if argument is None:
                continue
            value = given.get(name)
            if value is None:
                default = argument.default_value
                return default if isinstance(default, int) and default > 0 else None
            return self._int_value(value)
        return None

    def _int_value(self, value: ValueNode) -> int | None:
        if isinstance(value, IntValueNode):
            return max(int(value.value), 0) or None
        if isinstance(value, VariableNode):
            for variable in self.operation.variable_definitions or ():
                if variable.variable.name.value == value.name.value:
                    default = variable.default_value
                    return self._int_value(default) if default is not None else VARIABLE_LIST_SIZE
        return None

    def _type(self, name: str | None, fallback: GraphQLNamedType | None) -> GraphQLNamedType | None:
        return self.schema.get_type(name) if name else fallback

    def _field_definition(self, parent: GraphQLNamedType | None, name: str) -> GraphQLField | None:
        if name == "__typename":
            return TypeNameMetaFieldDef
        if parent is self.schema.query_type and name in ("__schema", "__type"):
            return SchemaMetaFieldDef if name == "__schema" else TypeMetaFieldDef
        definition: GraphQLField | None = None
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            definition = parent.fields.get(name)
        return definition


def operations(definitions: Iterable[object]) -> list[OperationDefinitionNode]:
    return [definition for definition in definitions if isinstance(definition, OperationDefinitionNode)]
