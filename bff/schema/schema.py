"""Composes Query and Mutation from the domains' classes."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig

from bff.context import Info
from bff.errors import UpstreamUnavailable
from bff.layout.catalogue import catalogue_of
from bff.layout.registry import Catalogue
from bff.observability.graphql import observed_operation
from bff.operations.compiled import CompiledExecutor
from bff.partners.read_audit import PartnerReadAudit
from bff.partners.scopes import partner_scopes
from bff.resolvers.customer import resolve_viewer_person, start_viewer_reads
from bff.schema.address import AddressMutation
from bff.schema.ark import ArkMutation, ArkQuery
from bff.schema.auth import AuthMutation
from bff.schema.bank import BankMutation, BankQuery
from bff.schema.campaigns import CampaignMutation
from bff.schema.clerk_queue import ClerkQueueMutation, ClerkQueueQuery
from bff.schema.common import SCALARS
from bff.schema.communication import CommunicationMutation
from bff.schema.components import COMPONENT_TYPES, component_props
from bff.schema.customer import Customer
from bff.schema.external_contracts import ExternalContractMutation
from bff.schema.factor_recovery import FactorRecoveryMutation
from bff.schema.ident_code import IdentCodeMutation
from bff.schema.invoices import InvoiceMutation
from bff.schema.layout import LayoutQuery
from bff.schema.lifecycle import LifecycleMutation
from bff.schema.messages import MessagesMutation, MessagesQuery
from bff.schema.nodes import resolve_node
from bff.schema.notifications import NotificationsMutation, NotificationsQuery
from bff.schema.partners import PartnerMutation, PartnersQuery
from bff.schema.passkeys import PasskeyMutation
from bff.schema.password_change import PasswordChangeMutation
from bff.schema.password_reset import PasswordResetMutation
from bff.schema.personal_data import PersonalDataMutation
from bff.schema.postbox import PostboxMutation
from bff.schema.registration import RegistrationMutation
from bff.schema.security import SecurityMutation
from bff.schema.selection import selected_fields
from bff.schema.services import ServicesQuery
from bff.schema.sessions import SessionMutation
from bff.schema.staff import ServicedCustomer, StaffQuery, serviced_customer
from bff.schema.staff_changes import StaffMutation
from bff.schema.staff_enrolment import StaffEnrolmentMutation
from bff.schema.stepup import StepUpMutation
from bff.schema.ui_events import UiEventsMutation
from bff.schema.ui_switches import UiSwitchesMutation, UiSwitchesQuery
from bff.security.errors import LoggingSchema, MaskUnexpectedErrors
from bff.security.introspection import IntrospectionPolicy
from bff.security.limits import QueryLimitsExtension


@strawberry.type(description="Entry points for reading.")
class Query(
    ServicesQuery,
    BankQuery,
    LayoutQuery,
    ArkQuery,
    MessagesQuery,
    PartnersQuery,
    StaffQuery,
    ClerkQueueQuery,
    UiSwitchesQuery,
    NotificationsQuery,
):
    @strawberry.field(description="The signed-in customer; null when signed out.")
    async def viewer(self, info: Info) -> Customer | None:
        start_viewer_reads(selected_fields(info), scope=info.context.scope)
        try:
            person = await resolve_viewer_person(scope=info.context.scope)
        except UpstreamUnavailable as failure:  # partners: the account still says who is signed in
            return Customer.without_person(info.context.viewer, failure)
        return None if person is None else Customer.of(person)

    @strawberry.field(
        description="Staff only: a customer by customer number. Agents see their own customers, clerks "
        "any; both need a sign-in confirmed with a second factor. Others get NOT_FOUND or FORBIDDEN."
    )
    async def customer(
        self,
        info: Info,
        customer_number: Annotated[str, strawberry.argument(description="The customer's number.")],
    ) -> ServicedCustomer | None:
        return await serviced_customer(info, customer_number)

    @strawberry.field(
        description="Any object by its global id, if the viewer may see it (else null and an error)."
    )
    async def node(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="Global id of the object.")],
    ) -> relay.Node | None:
        return await resolve_node(info, id)


@strawberry.type(description="Entry points for changing things.")
class Mutation(
    AuthMutation,
    FactorRecoveryMutation,
    StaffEnrolmentMutation,
    SecurityMutation,
    StepUpMutation,
    PasskeyMutation,
    SessionMutation,
    PasswordChangeMutation,
    RegistrationMutation,
    IdentCodeMutation,
    PasswordResetMutation,
    LifecycleMutation,
    CampaignMutation,
    ArkMutation,
    InvoiceMutation,
    BankMutation,
    AddressMutation,
    PersonalDataMutation,
    ExternalContractMutation,
    CommunicationMutation,
    NotificationsMutation,
    MessagesMutation,
    PostboxMutation,
    PartnerMutation,
    StaffMutation,
    ClerkQueueMutation,
    UiSwitchesMutation,
    UiEventsMutation,
):
    pass


def build_schema() -> strawberry.Schema:
    # Factories: a fresh extension per request; the parse/validation caches live at module level.
    return LoggingSchema(
        query=Query,
        mutation=Mutation,
        types=COMPONENT_TYPES,  # reachable only through the Component interface
        execution_context_class=CompiledExecutor,  # queries on compiled plans (BFF_COMPILED_EXECUTION)
        config=StrawberryConfig(scalar_map=SCALARS),
        extensions=[
            observed_operation,  # first, so its latency covers the other extensions' work too
            MaskUnexpectedErrors,
            partner_scopes,  # partners reach only the fields their grant's scopes cover (H2)
            PartnerReadAudit,
            QueryLimitsExtension,  # before ParserCache: counts tokens before the parse
            IntrospectionPolicy,
            lambda: ParserCache(maxsize=512),
            lambda: ValidationCache(maxsize=512),
        ],
    )


schema = build_schema()


def manifest_catalogue() -> Catalogue:
    """The names manifests may use: this schema's queries and mutations and its component types."""
    return catalogue_of(schema, component_props())
