"""Named conditions for manifests (`when:`), written in Python and combined in YAML with all / any /
not. Nothing from a manifest is ever evaluated as code: a name selects one of these functions."""

from __future__ import annotations

import asyncio
import inspect
import typing
from collections.abc import Awaitable, Callable

from pydantic import BaseModel, ConfigDict, create_model

from bff.backends import models as up
from bff.layout.models import AllOf, AnyOf, Condition, NotOf, PredicateCall
from bff.layout.request import LayoutRequest
from bff.layout.views import (
    HEALTH_LINES,
    claims,
    external_contracts,
    notification_settings,
    person,
    running_campaigns,
    screen_contract,
    setup_steps,
    unread_documents,
    visible_contracts,
)
from bff.resolvers.customer import resolve_account
from bff.resolvers.passkeys import resolve_passkeys
from bff.resolvers.security import resolve_second_factor_enabled

Predicate = Callable[..., Awaitable[bool]]
PREDICATES: dict[str, Predicate] = {}
# name → the model of its arguments, from the function's signature: a manifest's `args` are checked
# against it when loaded, so `{lvl: 2}` is refused by the validator instead of failing a screen.
PREDICATE_ARGUMENTS: dict[str, type[BaseModel]] = {}


def predicate(name: str) -> Callable[[Predicate], Predicate]:
    def register(function: Predicate) -> Predicate:
        PREDICATES[name] = function
        PREDICATE_ARGUMENTS[name] = _arguments_model(name, function)
        return function

    return register


def _arguments_model(name: str, function: Predicate) -> type[BaseModel]:
    hints = typing.get_type_hints(function)
    parameters = list(inspect.signature(function).parameters.values())[1:]  # after the request
    fields: dict[str, typing.Any] = {
        parameter.name: (
            hints[parameter.name],
            ... if parameter.default is inspect.Parameter.empty else parameter.default,
        )
        for parameter in parameters
    }
    config = ConfigDict(extra="forbid", strict=True)
    model: type[BaseModel] = create_model(f"{name}_arguments", __config__=config, **fields)
    return model


async def evaluate(condition: Condition, request: LayoutRequest) -> bool:
    if isinstance(condition, str):
        return await PREDICATES[condition](request)
    if isinstance(condition, PredicateCall):
        return await PREDICATES[condition.predicate](request, **condition.args)
    if isinstance(condition, AllOf):
        results = await asyncio.gather(*(evaluate(part, request) for part in condition.all))
        return all(results)
    if isinstance(condition, AnyOf):
        results = await asyncio.gather(*(evaluate(part, request) for part in condition.any))
        return any(results)
    assert isinstance(condition, NotOf)
    return not await evaluate(condition.not_, request)


def decided_by_params(condition: Condition | None, params: frozenset[str]) -> bool | None:
    """What a condition comes to from the names of the screen's parameters alone (`has_param`), before any
    data is read: true, false, or None when it needs more. The engine tells this way which variant of a
    screen a link opens (an external contract's form to add, or with `id` to edit)."""
    if condition is None:
        return True
    if isinstance(condition, PredicateCall) and condition.predicate == "has_param":
        return condition.args.get("name") in params
    if isinstance(condition, NotOf):
        inner = decided_by_params(condition.not_, params)
        return None if inner is None else not inner
    if isinstance(condition, AllOf | AnyOf):
        parts = [
            decided_by_params(part, params)
            for part in (condition.all if isinstance(condition, AllOf) else condition.any)
        ]
        decisive = isinstance(condition, AnyOf)  # any: one true decides; all: one false decides
        if decisive in parts:
            return decisive
        return None if None in parts else not decisive
    return None


def _is_policyholder(contract: up.Contract, person_id: str) -> bool:
    return contract.holder_id == person_id


@predicate("has_param")
async def has_param(request: LayoutRequest, name: str) -> bool:
    """The screen was opened with this parameter, e.g. an external contract's `id`: its edit variant."""
    return bool(request.params.get(name))


@predicate("is_customer")
async def is_customer(request: LayoutRequest) -> bool:
    return bool(request.scope.viewer.person_id)


@predicate("ident_level_at_least")
async def ident_level_at_least(request: LayoutRequest, level: int = 2) -> bool:
    """The account's stored level: a postal code confirmed on another device counts at once."""
    account = await request.once("account", lambda: resolve_account(scope=request.scope))
    return account is not None and account.ident_level >= level


@predicate("holds_line_as_policyholder")
async def holds_line_as_policyholder(request: LayoutRequest, lines: list[str] | None = None) -> bool:
    """E.g. D8: "Rechnungen einreichen" only for health policyholders, never for the co-insured."""
    wanted = {up.Line(line) for line in lines} if lines else HEALTH_LINES
    person_id = request.scope.viewer.person_id or ""
    contracts = await visible_contracts(request)
    return any(c.line in wanted and _is_policyholder(c, person_id) for c in contracts)


@predicate("has_special_contract")
async def has_special_contract(request: LayoutRequest, special: str = "MITGLIEDER_SCHUTZBRIEF") -> bool:
    return any(contract.special == special for contract in await visible_contracts(request))


@predicate("has_unread_documents")
async def has_unread_documents(request: LayoutRequest) -> bool:
    return bool(await unread_documents(request))


@predicate("has_agent")
async def has_agent(request: LayoutRequest) -> bool:
    found = await person(request)
    return found is not None and found.agent_id is not None


@predicate("is_agent_person")
async def is_agent_person(request: LayoutRequest) -> bool:
    """D2: customers who are also agents change their address elsewhere."""
    found = await person(request)
    return found is not None and found.is_agent


@predicate("has_campaign")
async def has_campaign(request: LayoutRequest) -> bool:
    """F3: a running campaign, to take part in or to see what taking part brought."""
    return bool(await running_campaigns(request))


@predicate("contract_line")
async def contract_line(request: LayoutRequest, lines: list[str]) -> bool:
    """On the contract screen: the shown contract is of one of these lines."""
    contract = await screen_contract(request)
    return contract.line.value in lines


@predicate("contract_special")
async def contract_special(request: LayoutRequest, special: str) -> bool:
    return (await screen_contract(request)).special == special


@predicate("viewer_is_policyholder_of_contract")
async def viewer_is_policyholder_of_contract(request: LayoutRequest) -> bool:
    contract = await screen_contract(request)
    return _is_policyholder(contract, request.scope.viewer.person_id or "")


@predicate("has_claims")
async def has_claims(request: LayoutRequest) -> bool:
    return bool(await claims(request))


@predicate("setup_complete")
async def setup_complete(request: LayoutRequest) -> bool:
    """A9: every step of the first-login assistant is done."""
    return all((await setup_steps(request)).values())


@predicate("has_contract_in_critical_process")
async def has_contract_in_critical_process(request: LayoutRequest) -> bool:
    """D1: e.g. an active dunning procedure; a bank change touching it goes to a clerk."""
    return any(contract.critical_process for contract in await visible_contracts(request))


@predicate("has_external_contracts")
async def has_external_contracts(request: LayoutRequest) -> bool:
    return bool(await external_contracts(request))


@predicate("has_second_factor")
async def has_second_factor(request: LayoutRequest) -> bool:
    """A5: an authenticator app or a passkey, which a step-up (TAN) needs."""
    scope = request.scope
    return await resolve_second_factor_enabled(scope=scope) or bool(await resolve_passkeys(scope=scope))


@predicate("mobile_to_confirm")
async def mobile_to_confirm(request: LayoutRequest) -> bool:
    """A mobile number is on file but not confirmed yet, and the portal can send it a code by SMS."""
    found = await notification_settings(request)
    return (
        found is not None and found.mobile is not None and not found.mobile_confirmed and found.sms_available
    )
