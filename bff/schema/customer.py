"""The signed-in customer (`viewer`): person data, bank accounts, contracts, postbox, claims, agent."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry
from strawberry import relay

from bff.auth.ident_level import presented_iban
from bff.auth.viewer import Viewer
from bff.backends import models as up
from bff.context import Info
from bff.domain.formatting import mask_iban
from bff.errors import UpstreamUnavailable
from bff.resolvers import agent as agent_resolvers
from bff.resolvers import claims as claim_resolvers
from bff.resolvers import contracts as contract_resolvers
from bff.resolvers import customer as resolvers
from bff.resolvers import external_contracts as external_contract_resolvers
from bff.resolvers import lifecycle as lifecycle_resolvers
from bff.resolvers import passkeys as passkey_resolvers
from bff.resolvers import security as security_resolvers
from bff.resolvers import sessions as session_resolvers
from bff.schema.agent import Agent, SalesImpulse
from bff.schema.campaigns import Campaign, viewer_campaigns
from bff.schema.claims import Claim
from bff.schema.common import (
    AccountUsage,
    ClaimStatus,
    CommunicationKind,
    ContractStatus,
    DeliveryChannel,
    LineOfBusiness,
    MaritalStatus,
    PostalAddress,
    Title,
)
from bff.schema.contracts import Contract, ContractSummary
from bff.schema.external_contracts import ExternalContract
from bff.schema.lifecycle import SetupStepState, viewer_setup_steps
from bff.schema.partners import PartnerGrant, viewer_partner_grants
from bff.schema.passkeys import Passkey
from bff.schema.postbox import Postbox
from bff.schema.security import SecurityEvent, viewer_security_events
from bff.schema.sessions import Session, viewer_sessions


@strawberry.type(description="An email address or phone number of the customer (D4).")
class CommunicationEntry:
    id: strawberry.ID = strawberry.field(description="Id of the entry.")
    kind: CommunicationKind = strawberry.field(description="Phone, mobile or email.")
    value: str = strawberry.field(description="Email address, or phone number in E.164 format (+49…).")
    preferred: bool = strawberry.field(description="Whether this is the preferred entry of its kind.")


@strawberry.type(description="Consents to product information (D5).")
class ConsentSettings:
    product_info_email: bool = strawberry.field(description="Product information by email allowed.")
    product_info_phone: bool = strawberry.field(description="Product information by phone allowed.")


@strawberry.type(description="A contract that uses a bank account, and for what (D1).")
class AccountContractLink:
    contract: Contract = strawberry.field(
        description="One of the customer's contracts that uses this account."
    )
    usage: AccountUsage = strawberry.field(description="What the account is used for with this contract.")


@strawberry.type(description="A bank account of the customer; the holder is always the customer (D1).")
class BankAccount:
    upstream: strawberry.Private[up.BankAccount]
    id: strawberry.ID = strawberry.field(description="Id of the bank account.")
    iban: str = strawberry.field(
        description="Full IBAN for the account holder at ident level 2 (postal code); masked at level 1."
    )
    iban_masked: str = strawberry.field(description="IBAN with all but the last digits masked.")
    bic: str | None = strawberry.field(description="BIC of the bank.")
    bank_name: str | None = strawberry.field(description="Name of the bank.")
    holder_name: str = strawberry.field(description="Name of the account holder.")

    @strawberry.field(description="Contracts using this account for premiums (DEBIT) or payouts (CREDIT).")
    async def linked_contracts(self, info: Info) -> list[AccountContractLink] | None:
        links = await resolvers.resolve_account_links(self.upstream, scope=info.context.scope)
        return [
            AccountContractLink(contract=Contract.of(link.contract, info.context.locale), usage=link.usage)
            for link in links
        ]


@strawberry.type(description="The signed-in customer.")
class Customer(relay.Node):
    """The account's own fields (customer number, logins, sessions, factors) come from the BFF's database;
    the person's from the partners system. With partners failing, only the person's fields are null (each
    with the error), so a signed-in customer stays signed in."""

    id: relay.NodeID[str]
    person: strawberry.Private[up.Person | None]
    person_failure: strawberry.Private[UpstreamUnavailable | None]
    customer_number: str = strawberry.field(description="The customer number.")

    @classmethod
    def of(cls, person: up.Person) -> Customer:
        return cls(
            id=person.id, person=person, person_failure=None, customer_number=person.customer_number or ""
        )

    @classmethod
    def without_person(cls, viewer: Viewer, failure: UpstreamUnavailable) -> Customer:
        """The signed-in customer while the partners system cannot say who the person is."""
        return cls(
            id=viewer.person_id or "",
            person=None,
            person_failure=failure,
            customer_number=viewer.customer_number or "",
        )

    def _person(self) -> up.Person:
        if self.person is None:
            failure = self.person_failure
            assert failure is not None
            raise type(failure)(failure.extensions["system"])  # a fresh error per field
        return self.person

    @strawberry.field(description="Salutation, e.g. Frau.")
    def salutation(self) -> str | None:
        return self._person().salutation

    @strawberry.field(description="Academic title, if any.")
    def title(self) -> Title | None:
        return self._person().title

    @strawberry.field(description="First name.")
    def first_name(self) -> str | None:
        return self._person().first_name

    @strawberry.field(description="Last name.")
    def last_name(self) -> str | None:
        return self._person().last_name

    @strawberry.field(description="Date of birth.")
    def birth_date(self) -> date | None:
        return self._person().birth_date

    @strawberry.field(description="Marital status (D3); null: not stated.")
    def marital_status(self) -> MaritalStatus | None:
        return self._person().marital_status

    @strawberry.field(description="Since when the marital status holds.")
    def marital_status_since(self) -> date | None:
        return self._person().marital_status_since

    @strawberry.field(
        description="The customer is also an agent (no address self-service, D2); null while the partners "
        "system is unavailable."
    )
    def is_agent(self) -> bool | None:
        return self._person().is_agent

    @strawberry.field(
        description="Digital delivery or paper mail (C4); null while the partners system is unavailable."
    )
    def delivery_channel(self) -> DeliveryChannel | None:
        return self._person().delivery_channel

    @strawberry.field(
        description="Consents to product information by email and phone (D5); null while the partners "
        "system is unavailable."
    )
    def consents(self) -> ConsentSettings | None:
        consents = self._person().consents
        return ConsentSettings(
            product_info_email=consents.product_info_email, product_info_phone=consents.product_info_phone
        )

    @strawberry.field(description="Postal address.")
    def address(self) -> PostalAddress | None:
        address = self._person().address
        return PostalAddress.of(address) if address else None

    @strawberry.field(
        description="Phone numbers and email addresses; null while the partners system is unavailable."
    )
    def communications(self) -> list[CommunicationEntry] | None:
        return [
            CommunicationEntry(id=strawberry.ID(c.id), kind=c.kind, value=c.value, preferred=c.preferred)
            for c in self._person().communications
        ]

    @strawberry.field(
        description="Display name with title, e.g. 'Dr. Erika Mustermann'; null while the partners system is "
        "unavailable."
    )
    def full_name(self) -> str | None:
        person = self._person()
        title = {up.Title.DR: "Dr.", up.Title.PROF: "Prof."}.get(person.title) if person.title else None
        return " ".join(part for part in (title, person.first_name, person.last_name) if part)

    @strawberry.field(
        description="Ident level: 1 after online registration, 2 after the postal activation code (A2)."
    )
    async def ident_level(self, info: Info) -> int:
        account = await resolvers.resolve_account(scope=info.context.scope)
        return account.ident_level if account else info.context.viewer.ident_level

    @strawberry.field(description="Start of the current session's sign-in (A6).")
    async def last_login_at(self, info: Info) -> datetime | None:
        return await resolvers.resolve_signed_in_at(scope=info.context.scope)

    @strawberry.field(description="The sign-in before this one, to spot misuse (A6).")
    async def previous_login_at(self, info: Info) -> datetime | None:
        account = await resolvers.resolve_account(scope=info.context.scope)
        return account.previous_login_at if account else None

    @strawberry.field(description="Sign-in asks for an authenticator code after the password (A5).")
    async def second_factor_enabled(self, info: Info) -> bool:
        return await security_resolvers.resolve_second_factor_enabled(scope=info.context.scope)

    @strawberry.field(
        description="Security events of the account (new or removed factor, password change or reset, "
        "sign-in from a new device, …), newest first, at most 50; each also sent a notice mail."
    )
    async def security_events(self, info: Info) -> list[SecurityEvent]:
        return await viewer_security_events(info)

    @strawberry.field(description="The customer's passkeys (A5), oldest first.")
    async def passkeys(self, info: Info) -> list[Passkey] | None:
        return [Passkey.of(p) for p in await passkey_resolvers.resolve_passkeys(scope=info.context.scope)]

    @strawberry.field(
        description="The first-login assistant's steps (A9); the assistant is done when all are."
    )
    async def setup_steps(self, info: Info) -> list[SetupStepState]:
        return await viewer_setup_steps(info)

    @strawberry.field(
        description="Until when the customer may withdraw from the usage contract (A7); null afterwards."
    )
    async def withdrawal_possible_until(self, info: Info) -> datetime | None:
        return await lifecycle_resolvers.resolve_withdrawal_deadline(scope=info.context.scope)

    @strawberry.field(
        description="Seconds without a request after which this session ends (kiosks: a short time); "
        "a client clears its screen then. Null: not signed in with a session."
    )
    async def session_idle_seconds(self, info: Info) -> int | None:
        return await session_resolvers.resolve_session_idle_seconds(scope=info.context.scope)

    @strawberry.field(description="Where the customer is signed in (ASVS 7.5.2), most recently used first.")
    async def sessions(self, info: Info) -> list[Session]:
        return await viewer_sessions(info)

    @strawberry.field(
        description="Access granted to comparison portals (H2), newest first, with who read when."
    )
    async def partner_grants(self, info: Info) -> list[PartnerGrant]:
        return await viewer_partner_grants(info)

    @strawberry.field(description="Bank accounts with their linked contracts (D1).")
    async def bank_accounts(self, info: Info) -> list[BankAccount] | None:
        return [
            BankAccount(
                upstream=a,
                id=strawberry.ID(a.id),
                iban=presented_iban(info.context.viewer, a.iban),
                iban_masked=mask_iban(a.iban),
                bic=a.bic,
                bank_name=a.bank_name,
                holder_name=a.holder_name,
            )
            for a in await resolvers.resolve_bank_accounts(scope=info.context.scope)
        ]

    @strawberry.field(description="Visible contracts (B3), the highlighted special contract first (B4).")
    async def contracts(
        self,
        info: Info,
        lines: Annotated[
            list[LineOfBusiness] | None,
            strawberry.argument(description="Only these lines of business; null: all."),
        ] = None,
        statuses: Annotated[
            list[ContractStatus] | None,
            strawberry.argument(description="Only contracts in these states; null: all."),
        ] = None,
    ) -> list[Contract] | None:
        contracts = await contract_resolvers.resolve_contracts(
            lines=lines, statuses=statuses, scope=info.context.scope
        )
        return [Contract.of(c, info.context.locale) for c in contracts]

    @strawberry.field(description="Contracts with other insurers the customer added (B5), by insurer.")
    async def external_contracts(self, info: Info) -> list[ExternalContract]:
        rows = await external_contract_resolvers.resolve_external_contracts(scope=info.context.scope)
        return [ExternalContract.of(row, info.context.locale) for row in rows]

    @strawberry.field(
        description="The contract overview (B1, B5): the group's visible contracts as in `contracts`, then "
        "the external ones the customer added; `isExternal` tells them apart."
    )
    async def contract_overview(self, info: Info) -> list[ContractSummary] | None:
        locale = info.context.locale
        own = [
            Contract.of(c, locale)
            for c in await contract_resolvers.resolve_contracts(scope=info.context.scope)
        ]
        external = await external_contract_resolvers.resolve_external_contracts(scope=info.context.scope)
        return [*own, *(ExternalContract.of(row, locale) for row in external)]

    @strawberry.field(description="The postbox with all documents and messages (C1, C2).")
    def postbox(self) -> Postbox | None:
        return Postbox()

    @strawberry.field(description="Claims and benefit cases of all visible contracts, newest first (E1).")
    async def claims(
        self,
        info: Info,
        statuses: Annotated[
            list[ClaimStatus] | None,
            strawberry.argument(description="Only claims in these states; null: all."),
        ] = None,
    ) -> list[Claim] | None:
        claims = await claim_resolvers.resolve_claims(statuses=statuses, scope=info.context.scope)
        return [Claim.of(c, info.context.locale) for c in claims]

    @strawberry.field(description="The customer's agent with contact links (F1).")
    async def agent(self, info: Info) -> Agent | None:
        agent = await agent_resolvers.resolve_agent(scope=info.context.scope)
        origin = self.person.address if self.person else None  # without partners: a route without start
        return None if agent is None else Agent.of(agent, origin, info.context.locale)

    @strawberry.field(description="Sales impulses, most relevant first (F2).")
    async def sales_impulses(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="At most this many impulses (up to 100).")] = 3,
    ) -> list[SalesImpulse] | None:
        return [
            SalesImpulse.of(i, info.context.locale)
            for i in await agent_resolvers.resolve_sales_impulses(first=first, scope=info.context.scope)
        ]

    @strawberry.field(
        description="Running campaigns not taken part in yet (F3); empty below ident level 2. With "
        "`includeJoined` also those taken part in, with the outcome."
    )
    async def campaigns(
        self,
        info: Info,
        include_joined: Annotated[
            bool, strawberry.argument(description="Also campaigns the customer already took part in.")
        ] = False,
    ) -> list[Campaign] | None:
        return await viewer_campaigns(info, include_joined=include_joined)
