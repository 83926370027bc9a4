"""`changePersonalData` (D3): last name, title (Dr. or Professor only) and marital status with the
date since when it holds. Each change is confirmed by a postbox letter (C6) from every group company
holding a contract of the customer (D6)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from bff.context import Info
from bff.domain.master_data import PERSONAL_DATA_FIELDS, PersonalDataForm
from bff.i18n import message_fields
from bff.outbox.requests import IdempotencyKeyReused as KeyReused
from bff.resolvers import personal_data as resolvers
from bff.resolvers.address import ChangeRefusal
from bff.schema.address import ChangeNotAllowed
from bff.schema.common import MaritalStatus, Title
from bff.schema.services import IdempotencyKeyReused, ServiceRequest
from bff.schema.validation import ValidationFailed


@strawberry.input(
    description="The personal data as the customer wants it. A field left out stays as it is (an omitted "
    "title keeps Dr.); null clears title or marital status."
)
class ChangePersonalDataInput:
    last_name: str | None = strawberry.field(
        default=strawberry.UNSET, description="The new last name; left out: unchanged."
    )
    title: Title | None = strawberry.field(
        default=strawberry.UNSET, description="Dr., Professor, or null for none; left out: unchanged."
    )
    marital_status: MaritalStatus | None = strawberry.field(
        default=strawberry.UNSET, description="Null: not stated; left out: unchanged."
    )
    marital_status_since: date | None = strawberry.field(
        default=strawberry.UNSET,
        description="Since when the marital status holds (not for SINGLE); not in the future. Sent "
        "with a new marital status, else that status holds without a date.",
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


def personal_data_form(input: ChangePersonalDataInput) -> PersonalDataForm:
    """The fields the client sent; an explicit null last name is checked (and refused) like an empty one."""
    sent = {name: getattr(input, name) for name in PERSONAL_DATA_FIELDS}
    given = {name: value for name, value in sent.items() if value is not strawberry.UNSET}
    return PersonalDataForm(
        last_name=given.get("last_name") or "",
        title=given.get("title"),
        marital_status=given.get("marital_status"),
        marital_status_since=given.get("marital_status_since"),
        given=frozenset(given),
    )


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
            form=personal_data_form(input), idempotency_key=input.idempotency_key, scope=info.context.scope
        )
        if isinstance(outcome, list):
            return ValidationFailed.of(outcome)
        if isinstance(outcome, ChangeRefusal):
            return ChangeNotAllowed.of(outcome)
        if isinstance(outcome, KeyReused):
            return IdempotencyKeyReused()
        return PersonalDataChangeAccepted(
            request=ServiceRequest.of(outcome, now=info.context.app.clock()),
            **message_fields(
                "Ihre geänderten Daten sind eingegangen. Sie erhalten eine Bestätigung in Ihr Postfach."
            ),
        )
