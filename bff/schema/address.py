"""`changeAddress` (D2): Germany only, checked against the postal address database with a correction
suggestion to confirm, not for customers who are also agents, confirmed with a step-up (A5)."""

from __future__ import annotations

from typing import Annotated

import msgspec
import strawberry

from bff.auth.stepup import StepUpOperation
from bff.backends import models as up
from bff.context import Info
from bff.domain.master_data import AddressForm
from bff.i18n import N_, message_fields
from bff.resolvers import address as resolvers
from bff.schema.common import PostalAddress, PostalIdentRequired, postal_ident_refusal
from bff.schema.enum_values import described_enum
from bff.schema.services import IdempotencyKeyReused, ServiceRequest
from bff.schema.stepup import StepUpRequired, step_up_required
from bff.schema.validation import ValidationFailed

described_enum(
    resolvers.ChangeRefusal,
    name="ChangeNotAllowedReason",
    description="Why the portal cannot make this change at all.",
    values={
        resolvers.ChangeRefusal.NOT_A_CUSTOMER: "No customer record, e.g. a registered non-customer (A3).",
        resolvers.ChangeRefusal.CUSTOMER_IS_AGENT: "The customer is also an agent; sales maintains their "
        "address (D2).",
    },
)


_REFUSALS: dict[resolvers.ChangeRefusal, str] = {
    resolvers.ChangeRefusal.NOT_A_CUSTOMER: N_(
        "Diese Änderung ist nur für Kundinnen und Kunden mit Verträgen bei uns möglich."
    ),
    resolvers.ChangeRefusal.CUSTOMER_IS_AGENT: N_(
        "Da Sie auch als Vermittler bei uns geführt sind, können Sie Ihre Anschrift nicht im Kundenportal "
        "ändern. Bitte wenden Sie sich an Ihre Vertriebsdirektion."
    ),
}


@strawberry.type(description="The portal cannot make this change for this customer; `reason` says why.")
class ChangeNotAllowed:
    reason: resolvers.ChangeRefusal = strawberry.field(description="Why the change is not possible.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")

    @classmethod
    def of(cls, refusal: resolvers.ChangeRefusal) -> ChangeNotAllowed:
        return cls(reason=refusal, **message_fields(_REFUSALS[refusal]))


@strawberry.input(description="The new address. Germany only.")
class ChangeAddressInput:
    street: str = strawberry.field(description="Street of the new address.")
    house_number: str = strawberry.field(description="House number of the new address.")
    postal_code: str = strawberry.field(description="Postal code of the new address.")
    city: str = strawberry.field(description="City of the new address.")
    country: str = strawberry.field(default="DE", description="ISO 3166-1 alpha-2; only DE is accepted.")
    confirm_suggestion: bool = strawberry.field(
        default=False,
        description="True when the customer confirmed the correction `AddressSuggestion` offered for "
        "exactly this input: the suggested address is saved. Sending the suggested address itself works "
        "too (with a grant for that address).",
    )
    step_up_grant: str | None = strawberry.field(
        default=None,
        description="Grant for CHANGE_ADDRESS with payload `{street, houseNumber, postalCode, city, "
        "country}` as in this input.",
    )
    idempotency_key: str = strawberry.field(
        description="Chosen by the client per change; a retry with the same key answers the first request."
    )


@strawberry.type(
    description="The address change is saved and will be passed on, also outside service hours; a "
    "confirmation from each company of the group follows in the postbox (C6, D6)."
)
class AddressChangeAccepted:
    request: ServiceRequest = strawberry.field(
        description="The service request that carries this change (D1)."
    )
    address: PostalAddress = strawberry.field(description="The address that will be saved.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(
    description="The address database suggests a corrected address. Show it; when the customer confirms, "
    "send the same input again with `confirmSuggestion: true` (nothing was saved yet, a grant was not used)."
)
class AddressSuggestion:
    suggestion: PostalAddress = strawberry.field(
        description="The corrected address the address check suggests."
    )
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


ChangeAddressResult = Annotated[
    AddressChangeAccepted
    | AddressSuggestion
    | StepUpRequired
    | ValidationFailed
    | ChangeNotAllowed
    | IdempotencyKeyReused
    | PostalIdentRequired,
    strawberry.union(
        "ChangeAddressResult", description="What `changeAddress` answers; the member type tells the outcome."
    ),
]


@strawberry.type
class AddressMutation:
    @strawberry.mutation(
        description="Change the customer's postal address (D2). Checked in this order: the fields "
        "(ValidationFailed, Germany only), agents (ChangeNotAllowed), the address database "
        "(AddressSuggestion), the step-up grant (StepUpRequired); then saved (AddressChangeAccepted)."
    )
    async def change_address(
        self,
        info: Info,
        input: Annotated[ChangeAddressInput, strawberry.argument(description="The request, field by field.")],
    ) -> ChangeAddressResult:
        if (refusal := postal_ident_refusal(info)) is not None:
            return refusal
        outcome = await resolvers.resolve_change_address(
            form=AddressForm(
                street=input.street,
                house_number=input.house_number,
                postal_code=input.postal_code,
                city=input.city,
                country=input.country,
            ),
            confirm_suggestion=input.confirm_suggestion,
            step_up_grant=input.step_up_grant,
            idempotency_key=input.idempotency_key,
            scope=info.context.scope,
        )
        if isinstance(outcome, list):
            return ValidationFailed.of(outcome)
        if isinstance(outcome, resolvers.Suggested):
            return AddressSuggestion(
                suggestion=PostalAddress.of(outcome.address),
                **message_fields(
                    "Die Adressprüfung schlägt diese Schreibweise vor. Bitte bestätigen Sie die korrigierte "
                    "Anschrift."
                ),
            )
        if isinstance(outcome, resolvers.ChangeRefusal):
            return ChangeNotAllowed.of(outcome)
        if outcome is resolvers.AddressChangeStop.STEP_UP_REQUIRED:
            return step_up_required(StepUpOperation.CHANGE_ADDRESS)
        if outcome is resolvers.AddressChangeStop.IDEMPOTENCY_KEY_REUSED:
            return IdempotencyKeyReused()
        saved = msgspec.convert(outcome.payload, up.AddressChangePayload).address
        return AddressChangeAccepted(
            request=ServiceRequest.of(outcome, now=info.context.app.clock()),
            address=PostalAddress.of(saved),
            **message_fields(
                "Ihre neue Anschrift ist eingegangen. Sie erhalten eine Bestätigung in Ihr Postfach."
            ),
        )
