"""External contracts (B5, Fremdverträge): contracts with other insurers that the customer adds, edits
and deletes in the portal, listed with the group's contracts and marked as external; "Daten löschen"
(A7) removes them all."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry
from strawberry import relay

from bff.backends import models as up
from bff.context import Info
from bff.db.models import ExternalContract as ExternalContractRow
from bff.domain.amounts import parse_amount
from bff.domain.external_contracts import ExternalContractForm
from bff.domain.labels import LINE_LABELS, PAYMENT_FREQUENCY_LABELS, pick
from bff.i18n import message_fields
from bff.resolvers import external_contracts as resolvers
from bff.schema.common import AmountInput, LineOfBusiness, Money, PaymentFrequency
from bff.schema.contracts import ContractSummary
from bff.schema.validation import ValidationFailed

CURRENCY = "EUR"


@strawberry.type(description="A contract with another insurer, kept by the customer in the portal (B5).")
class ExternalContract(ContractSummary):
    id: relay.NodeID[str]
    insurer: str = strawberry.field(description="The other insurer, as the customer entered it.")
    policy_number: str = strawberry.field(description="Policy number as the customer entered it.")
    product: str | None = strawberry.field(description="Product name, as the customer entered it.")
    renewal_date: date | None = strawberry.field(description="Renewal date (Hauptfälligkeit), if known.")
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it was last changed.")
    is_external: bool = strawberry.field(default=True, description="Always true: added by the customer.")
    premium_money: strawberry.Private[Money]

    @strawberry.field(description="Premium per payment period.")
    def premium(self) -> Money:
        return self.premium_money

    @classmethod
    def of(cls, row: ExternalContractRow, locale: str) -> ExternalContract:
        line, frequency = up.Line(row.line), up.PaymentFrequency(row.payment_frequency)
        return cls(
            id=row.id,
            insurer=row.insurer,
            company_name=row.insurer,
            policy_number=row.policy_number,
            product=row.product,
            line=line,
            line_label=pick(LINE_LABELS[line], locale),
            expiry_date=row.renewal_date,
            renewal_date=row.renewal_date,
            premium_money=Money.of(row.premium, CURRENCY, locale),
            payment_frequency=frequency,
            payment_frequency_label=pick(PAYMENT_FREQUENCY_LABELS[frequency], locale),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


@strawberry.input(description="An external contract as the customer enters it; premium in euros.")
class ExternalContractInput:
    insurer: str = strawberry.field(description="Name of the other insurer.")
    line: LineOfBusiness = strawberry.field(description="Line of business.")
    policy_number: str = strawberry.field(description="Policy number at the other insurer.")
    premium: AmountInput = strawberry.field(
        description='Amount per payment period in euros, at most two decimals: "45,90", "1.234,56", "45.90".'
    )
    payment_frequency: PaymentFrequency = strawberry.field(description="How often the premium is paid.")
    product: str | None = strawberry.field(default=None, description="Product name.")
    renewal_date: date | None = strawberry.field(default=None, description="Next renewal day.")

    def form(self, locale: str) -> ExternalContractForm:
        """`locale` decides an ambiguous amount ("1.234" is 1234 in German, 1.234 in English)."""
        return ExternalContractForm(
            insurer=self.insurer,
            line=self.line,
            product=self.product,
            policy_number=self.policy_number,
            premium=parse_amount(self.premium, locale),
            payment_frequency=self.payment_frequency,
            renewal_date=self.renewal_date,
        )


@strawberry.type(description="The external contract is saved.")
class ExternalContractSaved:
    contract: ExternalContract = strawberry.field(description="The external contract as stored now (B5).")


@strawberry.type(description="The external contract was deleted.")
class ExternalContractDeleted:
    id: strawberry.ID = strawberry.field(description="Id of the deleted contract.")
    message: str = strawberry.field(
        default="Der Fremdvertrag ist gelöscht.", description="What happened, in German, ready to show."
    )
    message_en: str = strawberry.field(
        default="The external contract is deleted.", description="The same message in English."
    )


@strawberry.type(description="No external contract of yours has this id.")
class ExternalContractNotFound:
    message: str = strawberry.field(
        default="Diesen Fremdvertrag gibt es nicht (mehr).",
        description="What happened, in German, ready to show.",
    )
    message_en: str = strawberry.field(
        default="This external contract does not exist (any more).",
        description="The same message in English.",
    )


@strawberry.type(
    description="Your manually added contracts are deleted; your account, consents and delivery settings "
    "stay (A7)."
)
class ManuallyAddedDataDeleted:
    deleted_external_contracts: int = strawberry.field(description="Number of deleted external contracts.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


AddExternalContractResult = Annotated[
    ExternalContractSaved | ValidationFailed,
    strawberry.union(
        "AddExternalContractResult",
        description="What `addExternalContract` answers; the member type tells the outcome.",
    ),
]
UpdateExternalContractResult = Annotated[
    ExternalContractSaved | ValidationFailed | ExternalContractNotFound,
    strawberry.union(
        "UpdateExternalContractResult",
        description="What `updateExternalContract` answers; the member type tells the outcome.",
    ),
]
DeleteExternalContractResult = Annotated[
    ExternalContractDeleted | ExternalContractNotFound,
    strawberry.union(
        "DeleteExternalContractResult",
        description="What `deleteExternalContract` answers; the member type tells the outcome.",
    ),
]


def _own_id(id: relay.GlobalID) -> str:
    """The row id when the global id names an external contract; anything else is simply not found."""
    return id.node_id if id.type_name == "ExternalContract" else ""


@strawberry.type
class ExternalContractMutation:
    @strawberry.mutation(description="Add a contract with another insurer to the overview (B5).")
    async def add_external_contract(
        self,
        info: Info,
        input: Annotated[
            ExternalContractInput, strawberry.argument(description="The request, field by field.")
        ],
    ) -> AddExternalContractResult:
        form = input.form(info.context.locale)
        saved = await resolvers.resolve_add_external_contract(form, scope=info.context.scope)
        if isinstance(saved, list):
            return ValidationFailed.of(saved)
        return ExternalContractSaved(contract=ExternalContract.of(saved, info.context.locale))

    @strawberry.mutation(description="Replace the data of one of your external contracts (B5).")
    async def update_external_contract(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="Id of the external contract.")],
        input: Annotated[
            ExternalContractInput, strawberry.argument(description="The request, field by field.")
        ],
    ) -> UpdateExternalContractResult:
        saved = await resolvers.resolve_update_external_contract(
            _own_id(id), input.form(info.context.locale), scope=info.context.scope
        )
        if saved is None:
            return ExternalContractNotFound()
        if isinstance(saved, list):
            return ValidationFailed.of(saved)
        return ExternalContractSaved(contract=ExternalContract.of(saved, info.context.locale))

    @strawberry.mutation(description="Delete one of your external contracts (B5).")
    async def delete_external_contract(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="Id of the external contract.")],
    ) -> DeleteExternalContractResult:
        if not await resolvers.resolve_delete_external_contract(_own_id(id), scope=info.context.scope):
            return ExternalContractNotFound()
        return ExternalContractDeleted(id=strawberry.ID(str(id)))

    @strawberry.mutation(
        description='"Daten löschen" (A7): delete all contracts you added yourself (external contracts). '
        "Your account, consents and delivery settings stay; your contracts with us are not affected."
    )
    async def delete_manually_added_data(self, info: Info) -> ManuallyAddedDataDeleted:
        removed = await resolvers.resolve_delete_manually_added_data(scope=info.context.scope)
        return ManuallyAddedDataDeleted(
            deleted_external_contracts=removed,
            **message_fields(
                "Ihre selbst hinzugefügten Verträge sind gelöscht. Ihr Benutzerkonto und Ihre Einstellungen "
                "bleiben erhalten."
            ),
        )
