"""What agents and clerks see: a customer they serve with contracts, contact history and claim key
data (G3), and the search for customers and prospects (G1). Authorisation lives in the resolvers
(`bff.resolvers.staff`): these types are only built for people the viewer serves."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry import relay

from bff.backends import models as up
from bff.context import Info
from bff.domain.formatting import mask_iban
from bff.domain.labels import CLAIM_STATUS_LABELS, document_label, pick
from bff.errors import NotFound
from bff.resolvers import contracts as contract_resolvers
from bff.resolvers import staff as resolvers
from bff.schema.common import Money, PostalAddress
from bff.schema.contracts import Contract
from bff.schema.enum_values import described_enum
from bff.schema.validation import ValidationFailed
from bff.staff import contact_history, search
from bff.staff.contact_history import ContactDocumentKind

described_enum(
    ContactDocumentKind,
    name="ContactDocumentKind",
    description="A document of the customer contact history (G3).",
    values={
        ContactDocumentKind.POLICY: "The policy document (Versicherungsschein).",
        ContactDocumentKind.ADDENDUM: "An addendum to the policy (Nachtrag).",
        ContactDocumentKind.PREMIUM_INVOICE: "A premium invoice (Beitragsrechnung).",
    },
)


@strawberry.type(description="One document of a contract's customer contact history (G3).")
class ContactHistoryEntry:
    document_id: strawberry.ID = strawberry.field(description="The postbox document's id.")
    kind: ContactDocumentKind = strawberry.field(description="Policy document, addendum or premium invoice.")
    label: str = strawberry.field(description="The document type in clear text, in the request's language.")
    subject: str = strawberry.field(description="The document's subject, in German.")
    created_at: datetime = strawberry.field(description="When the document was sent.")

    @classmethod
    def of(cls, document: up.Document, locale: str) -> ContactHistoryEntry:
        return cls(
            document_id=strawberry.ID(document.id),
            kind=contact_history.CONTACT_KINDS[document.content_type],
            label=document_label(document.content_type, locale),
            subject=document.subject,
            created_at=document.created_at,
        )


@strawberry.type(description="The key data of a claim as staff see it (G3, E3).")
class ClaimKeyData:
    claim_number: str = strawberry.field(description="Claim number (Schaden-Nr.).")
    benefit_type: str = strawberry.field(description="Kind of loss or benefit, in German.")
    date_of_loss: date = strawberry.field(description="When the loss occurred.")
    status: up.ClaimStatus = strawberry.field(description="Processing state of the claim (G3).")
    status_label: str = strawberry.field(description="The state in clear text, in the request's language.")
    reserved: Money | None = strawberry.field(
        description="Still set aside for the claim; 0 once closed, null when the claims system does not say."
    )
    paid: Money = strawberry.field(description="Sum of all payments on the claim so far (E3).")

    @classmethod
    def of(cls, claim: up.Claim, locale: str) -> ClaimKeyData:
        paid = sum((p.amount for p in claim.payments), Decimal("0.00"))
        return cls(
            claim_number=claim.claim_number,
            benefit_type=claim.benefit_type,
            date_of_loss=claim.occurred_on,
            status=claim.status,
            status_label=pick(CLAIM_STATUS_LABELS[claim.status], locale),
            reserved=None if claim.reserve is None else Money.of(claim.reserve, "EUR", locale),
            paid=Money.of(paid, "EUR", locale),
        )


@strawberry.type(description="One contract of a served customer, with what staff need about it (G3).")
class ServicedContract:
    upstream: strawberry.Private[up.Contract]
    contract: Contract = strawberry.field(description="The contract as the customer sees it.")

    @strawberry.field(
        description="Customer contact history: policy document, addenda and premium invoices, newest first."
    )
    async def contact_history(self, info: Info) -> list[ContactHistoryEntry]:
        documents = await contact_history.contact_history(self.upstream, loaders=info.context.loaders)
        return [ContactHistoryEntry.of(d, info.context.locale) for d in documents]

    @strawberry.field(description="Key data of every claim on the contract, newest loss first.")
    async def claims(self, info: Info) -> list[ClaimKeyData]:
        claims = await contact_history.claim_key_data(self.upstream, loaders=info.context.loaders)
        return [ClaimKeyData.of(c, info.context.locale) for c in claims]


@strawberry.type(description="A customer as an agent or clerk sees them.")
class ServicedCustomer:
    person: strawberry.Private[up.Person]
    customer_number: str = strawberry.field(description="The customer number (Kundennummer).")
    first_name: str | None = strawberry.field(description="First name; null for companies.")
    last_name: str | None = strawberry.field(description="Family name; null for companies.")
    birth_date: date | None = strawberry.field(description="Date of birth.")
    address: PostalAddress | None = strawberry.field(
        description="Postal address as the partners system holds it today (a broker's change shows from its "
        "effective day)."
    )

    @classmethod
    def of(cls, person: up.Person) -> ServicedCustomer:
        return cls(
            person=person,
            customer_number=person.customer_number or "",
            first_name=person.first_name,
            last_name=person.last_name,
            birth_date=person.birth_date,
            address=PostalAddress.of(person.address) if person.address else None,
        )

    @strawberry.field(description="The customer's visible contracts (B3), as the customer sees them.")
    async def contracts(self, info: Info) -> list[Contract] | None:
        contracts = await contract_resolvers.resolve_contracts(
            person_id=self.person.id, scope=info.context.scope
        )
        return [Contract.of(c, info.context.locale) for c in contracts]

    @strawberry.field(
        description="One of the customer's visible contracts by its id (from `contracts`), with contact "
        "history and claim key data (G3); another customer's contract is NOT_FOUND."
    )
    async def contract(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="The contract's id (`Contract.id`).")],
    ) -> ServicedContract:
        if id.type_name != "Contract":
            raise NotFound()
        contract = await contact_history.served_contract(self.person, id.node_id, scope=info.context.scope)
        return ServicedContract(upstream=contract, contract=Contract.of(contract, info.context.locale))


@strawberry.type(description="A prospect (Interessent): a possible customer an agent looks after (G1, G2).")
class Prospect:
    id: strawberry.ID = strawberry.field(description="The CRM's prospect id (no customer number yet).")
    agent_id: str = strawberry.field(description="The CRM agent who looks after the prospect.")
    salutation: str | None = strawberry.field(description="Frau or Herr, if known.")
    first_name: str = strawberry.field(description="First name.")
    last_name: str = strawberry.field(description="Family name.")
    birth_date: date | None = strawberry.field(description="Date of birth, if known.")
    address: PostalAddress | None = strawberry.field(description="Postal address.")
    iban_masked: str | None = strawberry.field(description="The noted bank account, masked; null if none.")
    bank_name: str | None = strawberry.field(description="The noted account's bank.")
    created_at: datetime = strawberry.field(description="When the prospect was created.")

    @classmethod
    def of(cls, prospect: up.Prospect) -> Prospect:
        return cls(
            id=strawberry.ID(prospect.id),
            agent_id=prospect.agent_id,
            salutation=prospect.salutation,
            first_name=prospect.first_name,
            last_name=prospect.last_name,
            birth_date=prospect.birth_date,
            address=PostalAddress.of(prospect.address) if prospect.address else None,
            iban_masked=mask_iban(prospect.iban) if prospect.iban else None,
            bank_name=prospect.bank_name,
            created_at=prospect.created_at,
        )


@strawberry.type(description="What a staff search found: customers and prospects the viewer serves.")
class StaffSearchHits:
    customers: list[ServicedCustomer] = strawberry.field(description="Customers, by family name.")
    prospects: list[Prospect] = strawberry.field(
        description="Prospects, by family name; always empty for a policy number search."
    )


StaffSearchResult = Annotated[
    StaffSearchHits | ValidationFailed,
    strawberry.union("StaffSearchResult", description="The hits, or which search criteria are missing."),
]


async def serviced_customer(info: Info, customer_number: str) -> ServicedCustomer:
    return ServicedCustomer.of(
        await resolvers.resolve_serviced_customer(customer_number, scope=info.context.scope)
    )


@strawberry.type
class StaffQuery:
    @strawberry.field(
        description="Staff only (G1): find customers and prospects by family name (prefix, at least two "
        "letters) and postal code, or customers by policy number. Agents find their own customers and "
        "prospects only, clerks everyone; both need a sign-in confirmed with a second factor."
    )
    async def staff_search(
        self,
        info: Info,
        family_name: Annotated[
            str | None, strawberry.argument(description="Family name or its beginning; with postalCode.")
        ] = None,
        postal_code: Annotated[
            str | None, strawberry.argument(description="Five-digit postal code; with familyName.")
        ] = None,
        policy_number: Annotated[
            str | None, strawberry.argument(description="A policy number (VSNR), instead of name and code.")
        ] = None,
    ) -> StaffSearchResult:
        hits = await search.search(
            family_name=family_name,
            postal_code=postal_code,
            policy_number=policy_number,
            scope=info.context.scope,
        )
        if isinstance(hits, list):
            return ValidationFailed.of(hits)
        return StaffSearchHits(
            customers=[ServicedCustomer.of(p) for p in hits.customers],
            prospects=[Prospect.of(p) for p in hits.prospects],
        )
