"""Staff mutations (G2): create prospects and customers, change a customer's address or bank data
(queued to the policy system, effective the next business day) or a prospect's (at once)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry import relay

from bff.backends import models as up
from bff.context import Info
from bff.domain.master_data import AddressForm
from bff.domain.problems import FieldProblem
from bff.i18n import message_fields
from bff.resolvers.address import AddressChangeStop, ChangeRefusal, Suggested
from bff.resolvers.bank import BankChangeForm
from bff.schema.address import AddressSuggestion, ChangeNotAllowed
from bff.schema.common import PostalAddress
from bff.schema.services import IdempotencyKeyReused, ServiceRequest
from bff.schema.staff import Prospect, ServicedCustomer
from bff.schema.validation import ValidationFailed
from bff.staff import changes, people
from bff.staff.changes import Queued

IDEMPOTENCY_KEY = "Chosen by the client per action; a retry with the same key answers the first result."
CONFIRM = (
    "True when staff confirmed the corrected address the address database suggested (AddressSuggestion)."
)


@strawberry.input(description="A postal address in Germany.")
class StaffAddressInput:
    street: str = strawberry.field(description="Street name without house number.")
    house_number: str = strawberry.field(description="House number, e.g. 12, 12a or 12-14.")
    postal_code: str = strawberry.field(description="Five-digit postal code.")
    city: str = strawberry.field(description="Town or city (Ort); checked with the postal code.")
    country: str = strawberry.field(default="DE", description="ISO 3166-1 alpha-2; only DE is accepted.")

    def form(self) -> AddressForm:
        return AddressForm(
            street=self.street,
            house_number=self.house_number,
            postal_code=self.postal_code,
            city=self.city,
            country=self.country,
        )


@strawberry.input(description="A new prospect (G2). An agent's prospect is theirs; a clerk names the agent.")
class NewProspectInput:
    first_name: str = strawberry.field(description="First name.")
    last_name: str = strawberry.field(description="Family name.")
    address: StaffAddressInput = strawberry.field(
        description="Postal address (searches use its postal code)."
    )
    salutation: str | None = strawberry.field(default=None, description="Frau or Herr.")
    birth_date: date | None = strawberry.field(default=None, description="Date of birth, if known.")
    agent_id: str | None = strawberry.field(default=None, description="Clerks only: the prospect's agent.")
    confirm_suggestion: bool = strawberry.field(default=False, description=CONFIRM)
    idempotency_key: str = strawberry.field(description=IDEMPOTENCY_KEY)


@strawberry.input(
    description="A new customer (G2): either `prospectId` (the prospect becomes a customer with its data; "
    "`birthDate` if the prospect has none) or the person's data."
)
class NewCustomerInput:
    idempotency_key: str = strawberry.field(description=IDEMPOTENCY_KEY)
    prospect_id: strawberry.ID | None = strawberry.field(default=None, description="The prospect to convert.")
    first_name: str | None = strawberry.field(default=None, description="First name.")
    last_name: str | None = strawberry.field(default=None, description="Family name.")
    address: StaffAddressInput | None = strawberry.field(default=None, description="Postal address.")
    salutation: str | None = strawberry.field(default=None, description="Frau or Herr.")
    birth_date: date | None = strawberry.field(default=None, description="Date of birth (required).")
    agent_id: str | None = strawberry.field(
        default=None, description="Clerks only: the customer's agent (none: a direct customer)."
    )
    confirm_suggestion: bool = strawberry.field(default=False, description=CONFIRM)


@strawberry.input(description="Whose address changes (a customer or a prospect) and the new address.")
class StaffChangeAddressInput:
    address: StaffAddressInput = strawberry.field(description="The new address.")
    customer_number: str | None = strawberry.field(default=None, description="The customer; or prospectId.")
    prospect_id: strawberry.ID | None = strawberry.field(
        default=None, description="`Prospect.id` from `staffSearch`; or customerNumber."
    )
    confirm_suggestion: bool = strawberry.field(default=False, description=CONFIRM)
    idempotency_key: str = strawberry.field(description=IDEMPOTENCY_KEY)


@strawberry.input(
    description="Whose bank account changes (a customer or a prospect), the IBAN, and for a customer the "
    "contracts it pays premiums for (debit) or receives payouts for (credit)."
)
class StaffChangeBankAccountInput:
    iban: str = strawberry.field(description="The new IBAN; checked, BIC and bank are filled in.")
    customer_number: str | None = strawberry.field(default=None, description="The customer; or prospectId.")
    prospect_id: strawberry.ID | None = strawberry.field(
        default=None, description="`Prospect.id` from `staffSearch`; or customerNumber."
    )
    debit_contract_ids: list[relay.GlobalID] = strawberry.field(
        default_factory=list, description="The customer's contracts whose premiums the account pays."
    )
    credit_contract_ids: list[relay.GlobalID] = strawberry.field(
        default_factory=list, description="The customer's contracts whose payouts go to the account."
    )
    idempotency_key: str = strawberry.field(description=IDEMPOTENCY_KEY)


@strawberry.type(description="The prospect was created (G2).")
class ProspectCreated:
    prospect: Prospect = strawberry.field(description="The new prospect.")


@strawberry.type(description="The customer was created and has a customer number (G2).")
class CustomerCreated:
    customer: ServicedCustomer = strawberry.field(description="The new customer.")


@strawberry.type(description="The prospect's data was changed at once (G2).")
class ProspectUpdated:
    prospect: Prospect = strawberry.field(description="The prospect as it is now.")


@strawberry.type(
    description="The customer's change is saved and passed on to the policy system, where it holds from "
    "`effectiveFrom` (the next business day); a change touching a contract in dunning waits for a clerk."
)
class StaffChangeQueued:
    request: ServiceRequest = strawberry.field(description="The service request that carries the change.")
    effective_from: date = strawberry.field(description="The day the change shows in the policy system.")
    routed_to_clerk: bool = strawberry.field(description="True when a clerk decides first (G4).")
    message: str = strawberry.field(description="What happens next, in German.")
    message_en: str = strawberry.field(description="What happens next, in English.")


def _suggestion(outcome: Suggested) -> AddressSuggestion:
    return AddressSuggestion(
        suggestion=PostalAddress.of(outcome.address),
        **message_fields(
            "Die Adressprüfung schlägt diese Schreibweise vor. Bitte bestätigen Sie die korrigierte "
            "Anschrift."
        ),
    )


def _queued(info: Info, outcome: Queued) -> StaffChangeQueued:
    routed = outcome.record.status == "routed_to_clerk"
    day = f"{outcome.effective_from:%d.%m.%Y}"
    return StaffChangeQueued(
        request=ServiceRequest.of(outcome.record, now=info.context.app.clock()),
        effective_from=outcome.effective_from,
        routed_to_clerk=routed,
        message="Ein Vertrag ist in einem Mahnverfahren: ein Sachbearbeiter entscheidet über die Änderung."
        if routed
        else f"Die Änderung ist gespeichert und gilt ab dem {day}.",
        message_en="A contract is in dunning: a clerk decides on the change."
        if routed
        else f"The change is saved and holds from {outcome.effective_from.isoformat()}.",
    )


StaffChangeResult = Annotated[
    StaffChangeQueued
    | ProspectUpdated
    | AddressSuggestion
    | ValidationFailed
    | ChangeNotAllowed
    | IdempotencyKeyReused,
    strawberry.union("StaffChangeResult", description="How a staff change of address or bank data went."),
]
CreateProspectResult = Annotated[
    ProspectCreated | AddressSuggestion | ValidationFailed,
    strawberry.union("CreateProspectResult", description="The new prospect, or why not yet."),
]
CreateCustomerResult = Annotated[
    CustomerCreated | AddressSuggestion | ValidationFailed,
    strawberry.union("CreateCustomerResult", description="The new customer, or why not yet."),
]


def _change_result(info: Info, outcome: changes.StaffChangeOutcome) -> StaffChangeResult:
    if isinstance(outcome, Queued):
        return _queued(info, outcome)
    if isinstance(outcome, up.Prospect):
        return ProspectUpdated(prospect=Prospect.of(outcome))
    if isinstance(outcome, Suggested):
        return _suggestion(outcome)
    if isinstance(outcome, ChangeRefusal):
        return ChangeNotAllowed.of(outcome)
    if isinstance(outcome, AddressChangeStop):
        return IdempotencyKeyReused()
    return ValidationFailed.of(outcome)


def _created(outcome: list[FieldProblem] | Suggested) -> AddressSuggestion | ValidationFailed:
    return _suggestion(outcome) if isinstance(outcome, Suggested) else ValidationFailed.of(outcome)


@strawberry.type
class StaffMutation:
    @strawberry.mutation(description="Staff only (G2): create a prospect (Interessent).")
    async def create_prospect(
        self,
        info: Info,
        input: Annotated[NewProspectInput, strawberry.argument(description="The new prospect.")],
    ) -> CreateProspectResult:
        outcome = await people.create_prospect(
            people.PersonForm(
                first_name=input.first_name,
                last_name=input.last_name,
                salutation=input.salutation,
                birth_date=input.birth_date,
                address=input.address.form(),
                agent_id=input.agent_id,
                idempotency_key=input.idempotency_key,
            ),
            confirm_suggestion=input.confirm_suggestion,
            scope=info.context.scope,
        )
        if isinstance(outcome, up.Prospect):
            return ProspectCreated(prospect=Prospect.of(outcome))
        return _created(outcome)

    @strawberry.mutation(description="Staff only (G2): create a customer, new or from a prospect.")
    async def create_customer(
        self,
        info: Info,
        input: Annotated[NewCustomerInput, strawberry.argument(description="The new customer.")],
    ) -> CreateCustomerResult:
        outcome = await people.create_customer(
            people.PersonForm(
                first_name=input.first_name,
                last_name=input.last_name,
                salutation=input.salutation,
                birth_date=input.birth_date,
                address=input.address.form() if input.address else None,
                agent_id=input.agent_id,
                idempotency_key=input.idempotency_key,
            ),
            prospect_id=input.prospect_id,
            confirm_suggestion=input.confirm_suggestion,
            scope=info.context.scope,
        )
        if isinstance(outcome, up.Person):
            return CustomerCreated(customer=ServicedCustomer.of(outcome))
        return _created(outcome)

    @strawberry.mutation(
        description="Staff only (G2): change a customer's address (passed on to the policy system, holds "
        "from the next business day) or a prospect's (at once)."
    )
    async def staff_change_address(
        self,
        info: Info,
        input: Annotated[
            StaffChangeAddressInput,
            strawberry.argument(description="Whose address changes, and the new address."),
        ],
    ) -> StaffChangeResult:
        outcome = await changes.change_address(
            customer_number=input.customer_number,
            prospect_id=input.prospect_id,
            form=input.address.form(),
            confirm_suggestion=input.confirm_suggestion,
            idempotency_key=input.idempotency_key,
            scope=info.context.scope,
        )
        return _change_result(info, outcome)

    @strawberry.mutation(
        description="Staff only (G2): change a customer's bank account for chosen contracts (passed on to "
        "the policy system, holds from the next business day; a contract in dunning goes to the clerk "
        "queue) or note a prospect's account (at once)."
    )
    async def staff_change_bank_account(
        self,
        info: Info,
        input: Annotated[
            StaffChangeBankAccountInput,
            strawberry.argument(description="Whose account changes, the IBAN and contracts."),
        ],
    ) -> StaffChangeResult:
        outcome = await changes.change_bank_account(
            customer_number=input.customer_number,
            prospect_id=input.prospect_id,
            form=BankChangeForm(
                iban=input.iban,
                debit_contract_ids=input.debit_contract_ids,
                credit_contract_ids=input.credit_contract_ids,
                idempotency_key=input.idempotency_key,
            ),
            scope=info.context.scope,
        )
        return _change_result(info, outcome)
