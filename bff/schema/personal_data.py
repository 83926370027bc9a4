"""`changePersonalData` (D3): last name, title (Dr. or Professor only) and marital status with the
date since when it holds. Each change is confirmed by a postbox letter (C6) from every group company
holding a contract of the customer (D6)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from bff.context import Info
from bff.domain.master_data import PersonalDataForm
from bff.outbox.requests import IdempotencyKeyReused as KeyReused
from bff.resolvers import personal_data as resolvers
from bff.resolvers.address import ChangeRefusal
from bff.schema.address import ChangeNotAllowed
from bff.schema.common import MaritalStatus, Title
from bff.schema.services import IdempotencyKeyReused, ServiceRequest
from bff.schema.validation import ValidationFailed


@strawberry.input(
    description="The personal data as the customer wants it; all fields are sent, as the form shows them."
)
class ChangePersonalDataInput:
    last_name: str = strawberry.field(description="The new last name.")
    title: Title | None = strawberry.field(default=None, description="Dr., Professor, or null for none.")
    marital_status: MaritalStatus | None = strawberry.field(default=None, description="Null: not stated.")
    marital_status_since: date | None = strawberry.field(
        default=None,
        description="Since when the marital status holds (not for SINGLE); not in the future.",
    )
    idempotency_key: str = strawberry.field(
        description="Chosen by the client per change; a retry with the same key answers the first request."
    )


@strawberry.type(
    description="The change is saved and will be passed on, also outside service hours; a confirmation "
    "follows in the postbox (C6)."
)
class PersonalDataChangeAccepted:
    request: ServiceRequest = strawberry.field(
        description="The service request that carries this change (D1)."
    )
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


ChangePersonalDataResult = Annotated[
    PersonalDataChangeAccepted | ValidationFailed | ChangeNotAllowed | IdempotencyKeyReused,
    strawberry.union(
        "ChangePersonalDataResult",
        description="What `changePersonalData` answers; the member type tells the outcome.",
    ),
]


@strawberry.type
class PersonalDataMutation:
    @strawberry.mutation(
        description="Change last name, title and marital status (D3). No step-up needed: the TAN "
        "confirms address, bank and password changes only (A5)."
    )
    async def change_personal_data(
        self,
        info: Info,
        input: Annotated[
            ChangePersonalDataInput, strawberry.argument(description="The request, field by field.")
        ],
    ) -> ChangePersonalDataResult:
        outcome = await resolvers.resolve_change_personal_data(
            info,
            form=PersonalDataForm(
                last_name=input.last_name,
                title=input.title,
                marital_status=input.marital_status,
                marital_status_since=input.marital_status_since,
            ),
            idempotency_key=input.idempotency_key,
        )
        if isinstance(outcome, list):
            return ValidationFailed.of(outcome)
        if isinstance(outcome, ChangeRefusal):
            return ChangeNotAllowed.of(outcome)
        if isinstance(outcome, KeyReused):
            return IdempotencyKeyReused()
        return PersonalDataChangeAccepted(
            request=ServiceRequest.of(outcome, now=info.context.app.clock()),
            message="Ihre geänderten Daten sind eingegangen. Sie erhalten eine Bestätigung in Ihr Postfach.",
            message_en="We have received your changed data. A confirmation will arrive in your postbox.",
        )
