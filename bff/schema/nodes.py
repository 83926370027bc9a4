"""`node(id:)`: every object is authorised on resolution; someone else's id reads as not found."""

from __future__ import annotations

from strawberry import relay

from bff.context import Info
from bff.errors import NotFound
from bff.resolvers.claims import resolve_own_claim
from bff.resolvers.contracts import resolve_own_contract
from bff.resolvers.customer import resolve_viewer_person
from bff.resolvers.external_contracts import resolve_own_external_contract
from bff.resolvers.postbox import resolve_own_document
from bff.schema.claims import Claim
from bff.schema.contracts import Contract
from bff.schema.customer import Customer
from bff.schema.external_contracts import ExternalContract
from bff.schema.postbox import Document


async def resolve_node(info: Info, global_id: relay.GlobalID) -> relay.Node:
    locale = info.context.locale
    node_id = global_id.node_id
    node: relay.Node | None = None
    if global_id.type_name == "Contract":
        contract = await resolve_own_contract(node_id, scope=info.context.scope)
        node = Contract.of(contract, locale) if contract else None
    elif global_id.type_name == "Document":
        document = await resolve_own_document(node_id, scope=info.context.scope)
        node = Document.of(document, locale) if document else None
    elif global_id.type_name == "Claim":
        claim = await resolve_own_claim(node_id, scope=info.context.scope)
        node = Claim.of(claim, locale) if claim else None
    elif global_id.type_name == "ExternalContract":
        external = await resolve_own_external_contract(node_id, scope=info.context.scope)
        node = ExternalContract.of(external, locale) if external else None
    elif global_id.type_name == "Customer":
        person = await resolve_viewer_person(scope=info.context.scope)
        node = Customer.of(person) if person is not None and person.id == node_id else None
    if node is None:
        raise NotFound()
    return node
