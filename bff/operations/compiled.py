"""Compiled execution of queries (issue 15; the idea of graphql-jit): an operation is planned once per
document (and per value of the variables its @skip/@include read), and then runs as a plan of plain
Python — field by field, without graphql-core's generic per-field machinery (ResolveInfo, argument
coercion, completion dispatch and strawberry's resolver wrappers for every field of every object).

Parsing, validation, query limits, APQ and trusted documents, masking and the schema's extensions stay
where they are: this is only graphql-core's *execution* step, plugged in as strawberry's executor class.
Everything the plan cannot run natively it runs through the field's reference resolver with a real
ResolveInfo: field extensions, exception handlers, introspection, and every field of a request whose
schema extensions hook each resolver (partners' scope checks, resolver spans). Mutations, subscriptions,
@defer/@stream and fragment arguments go to graphql-core. `BFF_COMPILED_EXECUTION=false` switches the
plans off; the test suite runs both ways (`pytest --compiled-execution=off`).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

from graphql import (
    FieldNode,
    GraphQLAbstractType,
    GraphQLError,
    GraphQLField,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLString,
    OperationDefinitionNode,
    OperationType,
    Undefined,
    is_abstract_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
    located_error,
    visit,
)
from graphql.execution.collect_fields import FieldDetails, collect_fields, collect_subfields
from graphql.execution.values import get_argument_values
from graphql.language import DirectiveNode, Node, VariableNode, Visitor
from graphql.pyutils import Path, inspect
from strawberry.execution.is_awaitable import optimized_is_awaitable as isawaitable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.arguments import convert_arguments
from strawberry.types.field import StrawberryField

from bff.metrics import GRAPHQL_EXECUTIONS

PLAN_CACHE_SIZE = 256
DEFINITION = "strawberry-definition"


def compiled_execution_on(context: object) -> bool:
    settings = getattr(context, "settings", None)
    return bool(getattr(settings, "compiled_execution", False))


class _Propagate(Exception):
    """A non-null position became null: the nearest nullable ancestor is null instead, carrying the error."""

    def __init__(self, error: GraphQLError) -> None:
        self.error = error


class _Unsettled:
    """An object whose fields wait for resolvers: its parent awaits them, together with its siblings'."""

    __slots__ = ("keys", "result")

    def __init__(self, result: dict[str, Any], keys: list[str]) -> None:
        self.result = result
        self.keys = keys


def _take(result: Any, propagated: _Propagate | None) -> tuple[Any, _Propagate | None]:
    """A settled sibling's value, and the first null to pass on so far."""
    if isinstance(result, _Propagate):
        return None, propagated or result
    if isinstance(result, BaseException):
        raise result
    return result, propagated


async def _settle(awaitables: Iterable[Any]) -> tuple[list[Any], _Propagate | None]:
    """Siblings awaited together (so their loads batch); the first null to pass on once all settled."""
    results = await asyncio.gather(*awaitables, return_exceptions=True)
    propagated: _Propagate | None = None
    for result in results:
        if isinstance(result, _Propagate):
            propagated = propagated or result
        elif isinstance(result, BaseException):
            raise result
    return results, propagated


# --- the plan ---------------------------------------------------------------------------------------


class FieldPlan:
    """One response key of an object: how to get its value and how to complete it."""

    __slots__ = (
        "attribute",
        "complete",
        "definition",
        "details",
        "func",
        "generic",
        "has_args",
        "info_name",
        "key",
        "name",
        "nodes",
        "parent",
        "pass_self",
        "source_names",
        "strawberry",
        "typename",
    )

    def __init__(
        self, key: str, parent: GraphQLObjectType, details: list[FieldDetails], planner: Planner
    ) -> None:
        self.key = key
        self.parent = parent
        self.details = details
        self.nodes: list[FieldNode] = [detail.node for detail in details]
        self.name = self.nodes[0].name.value
        self.typename = self.name == "__typename"
        self.attribute: str | None = None
        self.func: Any = None
        self.generic = True
        self.pass_self = False
        self.info_name: str | None = None
        self.source_names: tuple[str, ...] = ()
        self.strawberry: StrawberryField | None = None
        self.has_args = bool(self.nodes[0].arguments)
        if self.typename:
            self.definition: GraphQLField | None = None
            self.complete: Completion = _Leaf(GraphQLString, nonnull=True)
            return
        definition = planner.schema.get_field(parent, self.name)
        if definition is None:  # validation rules this out; keep graphql-core's behaviour
            raise _NotCompilable
        self.definition = definition
        self.complete = planner.completion(definition.type, self)
        field = definition.extensions.get(DEFINITION) if definition.extensions else None
        if not isinstance(field, StrawberryField) or field.extensions or planner.has_handlers(field):
            return  # the reference resolver, with a ResolveInfo
        self.strawberry = field
        resolver = field.base_resolver
        if resolver is None:
            if getattr(definition.resolve, "_is_default", False) and field.default_resolver is getattr:
                self.attribute = field.python_name
                self.generic = False
            return
        self.func = resolver.wrapped_func
        self.pass_self = resolver.self_parameter is not None
        self.info_name = resolver.info_parameter.name if resolver.info_parameter else None
        self.source_names = tuple(
            parameter.name for parameter in (resolver.parent_parameter, resolver.root_parameter) if parameter
        )
        self.generic = not callable(self.func)


class Completion:
    """How a value of one output type becomes JSON; raises _Propagate at a non-null position."""

    __slots__ = ("nonnull",)

    def __init__(self, *, nonnull: bool) -> None:
        self.nonnull = nonnull

    def complete(
        self, run: CompiledExecutor, field: FieldPlan, value: Any, parent: Path | None, key: Any
    ) -> Any:
        raise NotImplementedError


class _Leaf(Completion):
    __slots__ = ("coerce", "strings", "type")

    def __init__(self, leaf: GraphQLLeafType, *, nonnull: bool) -> None:
        super().__init__(nonnull=nonnull)
        self.type = leaf
        self.coerce = leaf.coerce_output_value
        self.strings = leaf is GraphQLString

    def complete(
        self, run: CompiledExecutor, field: FieldPlan, value: Any, parent: Path | None, key: Any
    ) -> Any:
        if value is None:
            return run.plan_null(field, self, parent, key)
        if self.strings and type(value) is str:
            return value
        try:
            coerced = self.coerce(value)
            if coerced is Undefined or coerced is None:
                raise TypeError(
                    f"Expected `{inspect(self.type)}.coerce_output_value({inspect(value)})` to return "
                    f"non-nullable value, returned: {inspect(coerced)}"
                )
        except Exception as error:
            return run.plan_error(error, field, self, parent, key)
        return coerced


class _List(Completion):
    __slots__ = ("item",)

    def __init__(self, item: Completion, *, nonnull: bool) -> None:
        super().__init__(nonnull=nonnull)
        self.item = item

    def complete(
        self, run: CompiledExecutor, field: FieldPlan, value: Any, parent: Path | None, key: Any
    ) -> Any:
        if value is None:
            return run.plan_null(field, self, parent, key)
        if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
            error = GraphQLError(
                f"Expected Iterable, but did not find one for field '{field.parent.name}.{field.name}'."
            )
            return run.plan_error(error, field, self, parent, key)
        path = Path(parent, key, None)
        item = self.item
        completed: list[Any] = []
        pending: list[int] = []
        unsettled: list[int] = []
        try:
            for index, element in enumerate(value):
                if isawaitable(element):
                    element = run.plan_awaited(element, field, item, path, index)
                else:
                    element = item.complete(run, field, element, path, index)
                if type(element) is _Unsettled:
                    unsettled.append(index)
                elif isawaitable(element):
                    pending.append(index)
                completed.append(element)
        except _Propagate as propagated:
            return run.plan_nulled(propagated, self, parent, key)
        if not pending and not unsettled:
            return completed
        return self._gather(run, completed, pending, unsettled, path, parent, key)

    async def _gather(
        self,
        run: CompiledExecutor,
        completed: list[Any],
        pending: list[int],
        unsettled: list[int],
        path: Path,
        parent: Path | None,
        key: Any,
    ) -> Any:
        """One gather for the whole list: its pending items and every pending field of its objects."""
        awaitables = [completed[index] for index in pending]
        for index in unsettled:
            awaitables.extend(completed[index].result[name] for name in completed[index].keys)
        results = iter(await asyncio.gather(*awaitables, return_exceptions=True))
        propagated: _Propagate | None = None
        for index in pending:
            completed[index], propagated = _take(next(results), propagated)
        for index in unsettled:
            element: _Unsettled = completed[index]
            nulled: _Propagate | None = None
            for name in element.keys:
                element.result[name], nulled = _take(next(results), nulled)
            completed[index] = element.result
            if nulled is not None:
                try:
                    completed[index] = run.plan_nulled(nulled, self.item, path, index)
                except _Propagate as passed_on:
                    propagated = propagated or passed_on
        if propagated is not None:
            return run.plan_nulled(propagated, self, parent, key)
        return completed


class _Composite(Completion):
    """A value with a selection set: the field's nodes are planned against its (runtime) object type."""

    __slots__ = ("details", "planner")

    def __init__(self, details: list[FieldDetails], planner: Planner, *, nonnull: bool) -> None:
        super().__init__(nonnull=nonnull)
        self.details = details
        self.planner = planner


class _Object(_Composite):
    __slots__ = ("fields", "type")

    def __init__(
        self, object_type: GraphQLObjectType, details: list[FieldDetails], planner: Planner, *, nonnull: bool
    ) -> None:
        super().__init__(details, planner, nonnull=nonnull)
        self.type = object_type
        self.fields: list[FieldPlan] | None = None  # planned on first use (recursive types)

    def plan(self) -> list[FieldPlan]:
        if self.fields is None:
            self.fields = self.planner.subfields(self.type, self.details)
        return self.fields

    def complete(
        self, run: CompiledExecutor, field: FieldPlan, value: Any, parent: Path | None, key: Any
    ) -> Any:
        if value is None:
            return run.plan_null(field, self, parent, key)
        path = Path(parent, key, None)
        if self.type.is_type_of is not None:
            matches = self.type.is_type_of(value, run.plan_info(field, path))
            if isawaitable(matches) or not matches:
                return self._checked(run, field, value, matches, parent, key)
        return self.run(run, value, path, parent, key)

    def run(self, run: CompiledExecutor, value: Any, path: Path, parent: Path | None, key: Any) -> Any:
        try:
            return run.plan_fields(self.type, self.plan(), value, path)  # a dict, or _Unsettled
        except _Propagate as propagated:
            return run.plan_nulled(propagated, self, parent, key)

    async def _checked(
        self, run: CompiledExecutor, field: FieldPlan, value: Any, matches: Any, parent: Path | None, key: Any
    ) -> Any:
        if isawaitable(matches):
            matches = await matches
        if not matches:
            error = GraphQLError(
                f"Expected value of type '{self.type.name}' but got: {inspect(value)}.", field.nodes
            )
            return run.plan_error(error, field, self, parent, key)
        result = self.run(run, value, Path(parent, key, None), parent, key)
        return await run.plan_settled(result, self, parent, key)


class _Abstract(_Composite):
    __slots__ = ("by_type", "type")

    def __init__(
        self, abstract: GraphQLAbstractType, details: list[FieldDetails], planner: Planner, *, nonnull: bool
    ) -> None:
        super().__init__(details, planner, nonnull=nonnull)
        self.type = abstract
        self.by_type: dict[str, _Object] = {}

    def complete(
        self, run: CompiledExecutor, field: FieldPlan, value: Any, parent: Path | None, key: Any
    ) -> Any:
        if value is None:
            return run.plan_null(field, self, parent, key)
        path = Path(parent, key, None)
        info = run.plan_info(field, path)
        try:
            resolve_type = self.type.resolve_type or run.type_resolver
            runtime: Any = resolve_type(value, info, self.type)
            if isawaitable(runtime):
                return self._awaited(run, field, value, runtime, info, parent, key)
            concrete = self._concrete(run, runtime, field, info, value)
        except Exception as error:
            return run.plan_error(error, field, self, parent, key)
        return concrete.complete(run, field, value, parent, key)

    async def _awaited(
        self,
        run: CompiledExecutor,
        field: FieldPlan,
        value: Any,
        runtime: Awaitable[Any],
        info: GraphQLResolveInfo[Any],
        parent: Path | None,
        key: Any,
    ) -> Any:
        try:
            concrete = self._concrete(run, await runtime, field, info, value)
        except Exception as error:
            return run.plan_error(error, field, self, parent, key)
        result = concrete.complete(run, field, value, parent, key)
        return await run.plan_settled(result, concrete, parent, key)

    def _concrete(
        self, run: CompiledExecutor, name: Any, field: FieldPlan, info: GraphQLResolveInfo[Any], value: Any
    ) -> _Object:
        concrete = self.by_type.get(name) if isinstance(name, str) else None
        if concrete is None:
            object_type = run.ensure_valid_runtime_type(name, self.type, field.details, info, value)
            concrete = _Object(object_type, self.details, self.planner, nonnull=self.nonnull)
            self.by_type[object_type.name] = concrete
        return concrete


class _NotCompilable(Exception):
    """The operation needs graphql-core's executor."""


class Planner:
    """Plans the fields of one operation for one set of @skip/@include values."""

    def __init__(self, run: CompiledExecutor) -> None:
        self.schema = run.schema
        self.fragments = run.fragments
        self.variable_values = run.variable_values
        self.operation = run.operation
        self.hide_suggestions = run.hide_suggestions
        strawberry_schema = getattr(run.schema, "_strawberry_schema", None)
        converter = getattr(strawberry_schema, "schema_converter", None)
        self._handlers: Callable[[StrawberryField], Sequence[Any]] | None = getattr(
            converter, "_get_field_exception_handlers", None
        )

    def has_handlers(self, field: StrawberryField) -> bool:
        return self._handlers is None or bool(self._handlers(field))

    def root(self, root_type: GraphQLObjectType) -> list[FieldPlan]:
        grouped, defer_usages, _ = collect_fields(
            self.schema,
            self.fragments,
            self.variable_values,
            root_type,
            self.operation,
            self.hide_suggestions,
        )
        if defer_usages:
            raise _NotCompilable
        return [FieldPlan(key, root_type, details, self) for key, details in grouped.items()]

    def subfields(self, object_type: GraphQLObjectType, details: list[FieldDetails]) -> list[FieldPlan]:
        grouped, defer_usages, _ = collect_subfields(
            self.schema,
            self.fragments,
            self.variable_values,
            self.operation,
            object_type,
            details,
            self.hide_suggestions,
        )
        if defer_usages:
            raise _NotCompilable
        return [FieldPlan(key, object_type, group, self) for key, group in grouped.items()]

    def completion(self, output: GraphQLOutputType, field: FieldPlan, *, nonnull: bool = False) -> Completion:
        if is_non_null_type(output):
            assert isinstance(output, GraphQLNonNull)
            return self.completion(output.of_type, field, nonnull=True)
        if is_list_type(output):
            assert isinstance(output, GraphQLList)
            return _List(self.completion(output.of_type, field), nonnull=nonnull)
        if is_leaf_type(output):
            return _Leaf(output, nonnull=nonnull)
        if is_object_type(output):
            assert isinstance(output, GraphQLObjectType)
            return _Object(output, field.details, self, nonnull=nonnull)
        if is_abstract_type(output):
            return _Abstract(output, field.details, self, nonnull=nonnull)
        raise _NotCompilable


class _DocumentFacts(Visitor):
    """What decides whether and how an operation can be planned."""

    def __init__(self) -> None:
        super().__init__()
        self.switch_variables: set[str] = set()
        self.incremental = False

    def enter_directive(self, node: DirectiveNode, *_args: Any) -> None:
        name = node.name.value
        if name in ("defer", "stream"):
            self.incremental = True
        if name in ("skip", "include"):
            for argument in node.arguments or ():
                if isinstance(argument.value, VariableNode):
                    self.switch_variables.add(argument.value.name.value)


class _OperationPlans:
    __slots__ = ("operation", "plans", "switches", "usable")

    def __init__(self, operation: OperationDefinitionNode, fragments: Iterable[Node]) -> None:
        self.operation = operation  # held, so that its id is not reused while cached
        facts = _DocumentFacts()
        for node in (operation, *fragments):
            visit(node, facts)
        self.usable = not facts.incremental
        self.switches = tuple(sorted(facts.switch_variables))
        self.plans: dict[tuple[Any, ...], list[FieldPlan]] = {}


_PLANS: OrderedDict[int, _OperationPlans] = OrderedDict()


_NO_PLAN = object()


def _probe(*_args: Any, **_kwargs: Any) -> None:
    """A resolver that a middleware manager without hooks hands back unwrapped."""


def _plans_of(run: CompiledExecutor) -> _OperationPlans:
    key = id(run.operation)
    plans = _PLANS.get(key)
    if plans is None or plans.operation is not run.operation:
        fragments = [detail.definition for detail in run.fragments.values()]
        plans = _OperationPlans(run.operation, fragments)
        if any(detail.variable_signatures for detail in run.fragments.values()):
            plans.usable = False
        _PLANS[key] = plans
        while len(_PLANS) > PLAN_CACHE_SIZE:
            _PLANS.popitem(last=False)
    else:
        _PLANS.move_to_end(key)
    return plans


# --- running a plan ---------------------------------------------------------------------------------


class CompiledExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor class; queries of a request whose settings allow it run on a plan."""

    def execute_operation(self, serially: bool | None = None) -> Any:
        result = _NO_PLAN if serially else self._execute_on_plan()
        if result is _NO_PLAN:
            GRAPHQL_EXECUTIONS.labels("graphql-core").inc()
            return super().execute_operation(serially)
        GRAPHQL_EXECUTIONS.labels("compiled").inc()
        return result

    def _execute_on_plan(self) -> Any:
        if (
            self.operation.operation is not OperationType.QUERY
            or not self.error_propagation
            or self.abort_signal is not None
            or not compiled_execution_on(self.context_value)
        ):
            return _NO_PLAN
        plans = _plans_of(self)
        root_type = self.schema.query_type
        if not plans.usable or root_type is None:
            return _NO_PLAN
        coerced = self.variable_values.coerced
        switches = tuple(repr(coerced.get(name)) for name in plans.switches)
        fields = plans.plans.get(switches)
        if fields is None:
            try:
                fields = Planner(self).root(root_type)
            except _NotCompilable:
                plans.usable = False
                return _NO_PLAN
            plans.plans[switches] = fields
        manager = self.middleware_manager  # strawberry always passes one; it may hold no resolver hooks
        self._generic = manager is not None and manager.get_field_resolver(_probe) is not _probe
        self._arguments: dict[int, dict[str, Any]] = {}
        try:
            data = self.plan_fields(root_type, fields, self.root_value, None)
        except _Propagate as propagated:
            self.collected_errors.add(propagated.error, None)
            return self.build_response(None)
        if type(data) is _Unsettled:
            return self._finish_async(data)
        return self.build_response(data)

    async def _finish_async(self, data: _Unsettled) -> Any:
        values, propagated = await _settle(data.result[key] for key in data.keys)
        if propagated is not None:
            self.collected_errors.add(propagated.error, None)
            return self.build_response(None)
        data.result.update(zip(data.keys, values, strict=True))
        return self.build_response(data.result)

    # -- fields --

    def plan_fields(
        self, parent_type: GraphQLObjectType, fields: list[FieldPlan], source: Any, path: Path | None
    ) -> Any:
        result: dict[str, Any] = {}
        pending: list[str] | None = None
        generic = self._generic
        for field in fields:
            key = field.key
            if field.typename:
                result[key] = parent_type.name
                continue
            try:
                if field.attribute is not None and not generic:
                    value = getattr(source, field.attribute)
                else:
                    value = self._resolve(field, source, path)
            except Exception as error:
                result[key] = self.plan_error(error, field, field.complete, path, key)
                continue
            if isawaitable(value):
                value = self.plan_awaited(value, field, field.complete, path, key)
            else:
                value = field.complete.complete(self, field, value, path, key)
                if type(value) is _Unsettled:
                    value = self.plan_settled(value, field.complete, path, key)
            if isawaitable(value):
                if pending is None:
                    pending = []
                pending.append(key)
            result[key] = value
        if pending is None:
            return result
        return _Unsettled(result, pending)

    async def plan_settled(self, value: Any, completion: Completion, parent: Path | None, key: Any) -> Any:
        """The value at (parent, key) once everything below it has settled."""
        if type(value) is _Unsettled:
            values, propagated = await _settle(value.result[name] for name in value.keys)
            if propagated is not None:
                return self.plan_nulled(propagated, completion, parent, key)
            value.result.update(zip(value.keys, values, strict=True))
            return value.result
        return await value if isawaitable(value) else value

    def _resolve(self, field: FieldPlan, source: Any, path: Path | None) -> Any:
        if field.generic or self._generic:
            assert field.definition is not None
            info = self.build_resolve_info(
                field.definition, field.nodes, field.parent, Path(path, field.key, field.parent.name)
            )
            resolver = field.definition.resolve or self.field_resolver
            if self.middleware_manager is not None:
                resolver = self.middleware_manager.get_field_resolver(resolver)
            return resolver(source, info, **self._raw_arguments(field))
        kwargs = self._converted(field, path)
        if field.source_names:
            kwargs = {**kwargs, **dict.fromkeys(field.source_names, source)}
        assert field.func is not None
        if field.pass_self:
            return field.func(source, **kwargs)
        return field.func(**kwargs)

    def _raw_arguments(self, field: FieldPlan) -> dict[str, Any]:
        if not field.has_args:
            return {}
        assert field.definition is not None
        return get_argument_values(
            field.definition, field.nodes[0], self.variable_values, None, self.hide_suggestions
        )

    def _converted(self, field: FieldPlan, path: Path | None) -> dict[str, Any]:
        """Arguments as the resolver takes them, converted once per field and request."""
        cached = self._arguments.get(id(field))
        if cached is not None:
            return cached
        strawberry_field = field.strawberry
        assert strawberry_field is not None and field.definition is not None
        info = None
        if field.info_name is not None or field.has_args:
            raw = self.build_resolve_info(
                field.definition, field.nodes, field.parent, Path(path, field.key, field.parent.name)
            )
            schema = self.schema._strawberry_schema  # type: ignore[attr-defined]
            info = schema.config.info_class(_raw_info=raw, _field=strawberry_field)
        kwargs: dict[str, Any] = {}
        if field.has_args:
            schema = self.schema._strawberry_schema  # type: ignore[attr-defined]
            kwargs = convert_arguments(
                self._raw_arguments(field),
                strawberry_field.arguments,
                scalar_registry=schema.schema_converter.scalar_registry,
                config=schema.config,
                info=info,
            )
        if field.info_name is not None:
            kwargs[field.info_name] = info
        self._arguments[id(field)] = kwargs
        return kwargs

    def plan_info(self, field: FieldPlan, path: Path) -> GraphQLResolveInfo[Any]:
        assert field.definition is not None
        return self.build_resolve_info(field.definition, field.nodes, field.parent, path)

    # -- values --

    def plan_awaited(
        self, value: Awaitable[Any], field: FieldPlan, completion: Completion, parent: Path | None, key: Any
    ) -> Any:
        return self._await_and_complete(value, field, completion, parent, key)

    async def _await_and_complete(
        self, value: Awaitable[Any], field: FieldPlan, completion: Completion, parent: Path | None, key: Any
    ) -> Any:
        try:
            resolved = await value
        except Exception as error:
            return self.plan_error(error, field, completion, parent, key)
        completed = completion.complete(self, field, resolved, parent, key)
        return await self.plan_settled(completed, completion, parent, key)

    def plan_null(self, field: FieldPlan, completion: Completion, parent: Path | None, key: Any) -> Any:
        if completion.nonnull:
            error = TypeError(f"Cannot return null for non-nullable field {field.parent.name}.{field.name}.")
            raise _Propagate(located_error(error, field.nodes, Path(parent, key, None).as_list()))
        return None

    def plan_error(
        self, error: Exception, field: FieldPlan, completion: Completion, parent: Path | None, key: Any
    ) -> Any:
        path = Path(parent, key, None)
        located = located_error(error, field.nodes, path.as_list())
        if completion.nonnull:
            raise _Propagate(located)
        self.collected_errors.add(located, path)
        return None

    def plan_nulled(
        self, propagated: _Propagate, completion: Completion, parent: Path | None, key: Any
    ) -> Any:
        """A non-null descendant was null: this position is null, or passes it on if it is non-null too."""
        if completion.nonnull:
            raise propagated
        self.collected_errors.add(propagated.error, Path(parent, key, None))
        return None
