"""The data a screen is built from, read once per layout request through the same resolvers (and so
the same loaders and authorisation) as the rest of the graph."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from strawberry import relay

from bff.auth.lifecycle import SetupStep
from bff.backends import models as up
from bff.errors import NotFound
from bff.layout.request import LayoutRequest
from bff.resolvers.campaigns import resolve_campaigns
from bff.resolvers.contracts import resolve_contracts, resolve_own_contract
from bff.resolvers.customer import resolve_viewer_person
from bff.resolvers.postbox import PostboxQuery, resolve_postbox_documents

if TYPE_CHECKING:
    from bff.resolvers.notifications import NotificationSettings

HEALTH_LINES = frozenset({up.Line.HEALTH_FULL, up.Line.HEALTH_SUPPLEMENTARY, up.Line.TRAVEL_HEALTH})


async def visible_contracts(request: LayoutRequest) -> list[up.Contract]:
    """The overview order (B4: the special contract first)."""
    return await request.once("contracts", lambda: resolve_contracts(scope=request.scope))


async def person(request: LayoutRequest) -> up.Person | None:
    return await request.once("person", lambda: resolve_viewer_person(scope=request.scope))


async def documents(request: LayoutRequest) -> list[up.Document]:
    return await request.once(
        "documents",
        lambda: resolve_postbox_documents(PostboxQuery(), scope=request.scope, locale=request.locale),
    )


async def unread_documents(request: LayoutRequest) -> list[up.Document]:
    return [document for document in await documents(request) if not document.read]


def contract_global_id(contract: up.Contract) -> str:
    """The id clients know from the graph (`Contract.id`) and the mutations take."""
    return relay.to_base64("Contract", contract.id)


def contract_node_id(param: str) -> str:
    """A `contractId` parameter as the graph's global id, or (older links) the upstream id itself."""
    try:
        type_name, node_id = relay.from_base64(param)
    except (ValueError, TypeError):
        return param
    return node_id if type_name == "Contract" else ""


async def screen_contract(request: LayoutRequest) -> up.Contract:
    """The contract of a detail screen, authorised: another customer's id is simply not found."""
    contract_id = contract_node_id(request.params.get("contractId", ""))

    async def load() -> up.Contract:
        contract = await resolve_own_contract(contract_id, scope=request.scope)
        if contract is None:
            raise NotFound()
        return contract

    return await request.once(("contract", contract_id), load)


async def running_campaigns(request: LayoutRequest) -> list[Any]:
    """F3: running campaigns with the customer's participation (None until taken part)."""
    return await request.once(
        "campaigns", lambda: resolve_campaigns(scope=request.scope, include_joined=True)
    )


async def claims(request: LayoutRequest) -> list[up.Claim]:
    from bff.resolvers.claims import resolve_claims

    return await request.once("claims", lambda: resolve_claims(scope=request.scope))


async def setup_steps(request: LayoutRequest) -> dict[SetupStep, bool]:
    """A9: the first-login assistant's steps and whether each is done ({} without an account)."""
    from bff.resolvers.lifecycle import resolve_setup_steps

    return await request.once("setup_steps", lambda: resolve_setup_steps(scope=request.scope))


async def external_contracts(request: LayoutRequest) -> list[Any]:
    """B5: contracts with other insurers the customer added (rows of the BFF's own database)."""
    from bff.resolvers.external_contracts import resolve_external_contracts

    return await request.once("external_contracts", lambda: resolve_external_contracts(scope=request.scope))


def external_contract_global_id(row: Any) -> str:
    """The id of an external contract as the graph and its mutations know it (`ExternalContract.id`)."""
    return relay.to_base64("ExternalContract", row.id)


async def screen_external_contract(request: LayoutRequest) -> Any:
    """B5: the external contract of the screen's `id` parameter, the viewer's own: any other is not found."""
    from bff.resolvers.external_contracts import resolve_own_external_contract

    try:
        type_name, row_id = relay.from_base64(request.params.get("id", ""))
    except (ValueError, TypeError):
        raise NotFound() from None

    async def load() -> Any:
        row = await resolve_own_external_contract(
            row_id if type_name == "ExternalContract" else "", scope=request.scope
        )
        if row is None:
            raise NotFound()
        return row

    return await request.once(("external_contract", row_id), load)


async def notification_settings(request: LayoutRequest) -> NotificationSettings | None:
    """E2: the account's notice channels and whether its mobile number is confirmed (None: no account)."""
    from bff.resolvers.notifications import resolve_notification_settings

    if request.scope.viewer.account_id is None:
        return None
    return await request.once(
        "notification_settings", lambda: resolve_notification_settings(scope=request.scope)
    )
