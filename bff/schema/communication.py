"""Contact settings: `changeCommunicationData` (D4), `changeConsents` (D5), `changeDeliveryChannel` (C4).
Every change is saved in the outbox (accepted also outside service hours or while the back office is
unavailable) and confirmed by a postbox letter from each group company with a contract (C6, D6)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from bff.auth.stepup import StepUpOperation
from bff.backends import models as up
from bff.context import Info
from bff.db.models import ServiceRequestRecord
from bff.domain.communication_data import MAX_ENTRIES, Entry
from bff.domain.problems import FieldProblem
from bff.i18n import N_
from bff.outbox.requests import IdempotencyKeyReused as KeyReused
from bff.resolvers import communication as resolvers
from bff.resolvers.address import ChangeRefusal
from bff.schema.address import ChangeNotAllowed
from bff.schema.common import (
    CommunicationKind,
    DeliveryChannel,
    PostalIdentRequired,
    postal_ident_refusal,
)
from bff.schema.registration import InvalidToken, invalid_token
from bff.schema.services import IdempotencyKeyReused, ServiceRequest
from bff.schema.stepup import StepUpRequired, step_up_required
from bff.schema.validation import ValidationFailed

_KEY_DESCRIPTION = "Chosen by the client per change; a retry with the same key answers the first request."


@strawberry.input(description="A new email address or phone number.")
class NewCommunicationInput:
    kind: CommunicationKind = strawberry.field(description="Phone, mobile or email.")
    value: str = strawberry.field(description="Email address, or phone number (national numbers as German).")
    preferred: bool = strawberry.field(default=False, description="Preferred entry of its kind.")


@strawberry.input(description="The new state of an existing entry (`Customer.communications`).")
class CommunicationUpdateInput:
    id: strawberry.ID = strawberry.field(description="Id of the entry to change.")
    kind: CommunicationKind = strawberry.field(description="Phone, mobile or email.")
    value: str = strawberry.field(description="New number or address.")
    preferred: bool = strawberry.field(
        default=False, description="Whether this is the preferred entry of its kind."
    )


@strawberry.input(
    description=f"One change of the communication data (D4): entries to add, change and remove, at most "
    f"{MAX_ENTRIES} per list."
)
class ChangeCommunicationDataInput:
    add: list[NewCommunicationInput] = strawberry.field(
        description="New emails and phone numbers.", default_factory=list
    )
    change: list[CommunicationUpdateInput] = strawberry.field(
        description="Existing entries to change.", default_factory=list
    )
    remove: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="`CommunicationEntry.id`s of entries to delete."
    )
    step_up_grant: str | None = strawberry.field(
        default=None, description="Grant for CHANGE_COMMUNICATION_DATA with the payload of `StepUpRequired`."
    )
    idempotency_key: str = strawberry.field(description=_KEY_DESCRIPTION)


@strawberry.type(
    description="The change is saved and will be passed on, also outside service hours; every group "
    "company with a contract of yours confirms it in the postbox (C6, D6)."
)
class CommunicationDataChangeAccepted:
    request: ServiceRequest = strawberry.field(
        description="The service request that carries this change (D1)."
    )
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.input(description="Consents to product information (D5), both as they should be.")
class ChangeConsentsInput:
    product_info_email: bool = strawberry.field(description="Allow product information by email.")
    product_info_phone: bool = strawberry.field(description="Allow product information by phone.")
    idempotency_key: str = strawberry.field(description=_KEY_DESCRIPTION)


@strawberry.type(description="The consents are saved and will be passed on; a confirmation follows (C6).")
class ConsentChangeAccepted:
    request: ServiceRequest = strawberry.field(
        description="The service request that carries this change (D1)."
    )
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.input(description="How documents should reach the customer (C4).")
class ChangeDeliveryChannelInput:
    channel: DeliveryChannel = strawberry.field(
        description="DIGITAL: paper waiver, documents in the postbox only; PAPER: by post as well. Legally "
        "required letters go by post either way, and every document lands in the postbox."
    )
    idempotency_key: str = strawberry.field(description=_KEY_DESCRIPTION)


@strawberry.type(
    description="The delivery channel is saved and will be passed on; a confirmation follows (C6)."
)
class DeliveryChannelChangeAccepted:
    request: ServiceRequest = strawberry.field(
        description="The service request that carries this change (D1)."
    )
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


ChangeCommunicationDataResult = Annotated[
    CommunicationDataChangeAccepted
    | ValidationFailed
    | StepUpRequired
    | ChangeNotAllowed
    | IdempotencyKeyReused
    | PostalIdentRequired,
    strawberry.union(
        "ChangeCommunicationDataResult",
        description="What `changeCommunicationData` answers; the member type tells the outcome.",
    ),
]
ChangeConsentsResult = Annotated[
    ConsentChangeAccepted | ValidationFailed | ChangeNotAllowed | IdempotencyKeyReused,
    strawberry.union(
        "ChangeConsentsResult",
        description="What `changeConsents` answers; the member type tells the outcome.",
    ),
]
ChangeDeliveryChannelResult = Annotated[
    DeliveryChannelChangeAccepted | ValidationFailed | ChangeNotAllowed | IdempotencyKeyReused,
    strawberry.union(
        "ChangeDeliveryChannelResult",
        description="What `changeDeliveryChannel` answers; the member type tells the outcome.",
    ),
]

_CONFIRMATION = N_("Ihre Änderung ist eingegangen. Sie erhalten eine Bestätigung in Ihr Postfach.")


def _refused(
    outcome: list[FieldProblem] | ChangeRefusal | KeyReused,
) -> ValidationFailed | ChangeNotAllowed | IdempotencyKeyReused:
    if isinstance(outcome, list):
        return ValidationFailed.of(outcome)
    if isinstance(outcome, ChangeRefusal):
        return ChangeNotAllowed.of(outcome)
    return IdempotencyKeyReused()


def _request(info: Info, record: ServiceRequestRecord) -> ServiceRequest:
    return ServiceRequest.of(record, now=info.context.app.clock())


@strawberry.type(
    description="The address from the link now receives the portal's notices (new documents, security "
    "events) (D4)."
)
class NotificationEmailConfirmed:
    message: str = strawberry.field(
        default="Ihre E-Mail-Adresse ist bestätigt. Benachrichtigungen senden wir ab jetzt dorthin.",
        description="What happened, in German, ready to show.",
    )
    message_en: str = strawberry.field(
        default="Your email address is confirmed. We send notices there from now on.",
        description="The same message in English.",
    )


ConfirmNotificationEmailResult = Annotated[
    NotificationEmailConfirmed | InvalidToken,
    strawberry.union(
        "ConfirmNotificationEmailResult",
        description="What `confirmNotificationEmail` answers; the member type tells the outcome.",
    ),
]


@strawberry.type
class CommunicationMutation:
    @strawberry.mutation(
        description="Confirm a changed email address with the token from the link sent to it (D4): only "
        "then do notices go there. Once; the link of a later change replaces an earlier one. Signed in as "
        "another account, the link is refused (and stays usable for its own account)."
    )
    async def confirm_notification_email(
        self,
        info: Info,
        token: Annotated[str, strawberry.argument(description="Token from the confirmation link.")],
    ) -> ConfirmNotificationEmailResult:
        if await resolvers.resolve_confirm_notification_email(token, scope=info.context.scope):
            return NotificationEmailConfirmed()
        return invalid_token()

    @strawberry.mutation(
        description="Add, change and remove email addresses and phone numbers (D4). Values are checked and "
        "normalised (phone numbers to E.164). Needs a step-up grant for CHANGE_COMMUNICATION_DATA bound to "
        "the normalised change `{add: [{kind, value, preferred}], change: [{id, kind, value, preferred}], "
        "remove: [id]}`: without one, a valid change answers `StepUpRequired` with exactly that `payload`."
    )
    async def change_communication_data(
        self,
        info: Info,
        input: Annotated[
            ChangeCommunicationDataInput, strawberry.argument(description="The request, field by field.")
        ],
    ) -> ChangeCommunicationDataResult:
        if (refusal := postal_ident_refusal(info)) is not None:
            return refusal
        outcome = await resolvers.resolve_change_communication_data(
            add=[Entry(kind=item.kind, value=item.value, preferred=item.preferred) for item in input.add],
            change=[
                Entry(kind=item.kind, value=item.value, preferred=item.preferred, id=str(item.id))
                for item in input.change
            ],
            remove=[str(entry_id) for entry_id in input.remove],
            step_up_grant=input.step_up_grant,
            idempotency_key=input.idempotency_key,
            scope=info.context.scope,
        )
        if isinstance(outcome, resolvers.StepUpNeeded):
            return step_up_required(StepUpOperation.CHANGE_COMMUNICATION_DATA, outcome.payload)
        if not isinstance(outcome, ServiceRequestRecord):
            return _refused(outcome)
        return CommunicationDataChangeAccepted(
            request=_request(info, outcome), message=_CONFIRMATION[0], message_en=_CONFIRMATION[1]
        )

    @strawberry.mutation(
        description="Consents to product information by email and by phone (D5). No step-up needed: no "
        "security-relevant change."
    )
    async def change_consents(
        self,
        info: Info,
        input: Annotated[
            ChangeConsentsInput, strawberry.argument(description="The request, field by field.")
        ],
    ) -> ChangeConsentsResult:
        outcome = await resolvers.resolve_change_consents(
            consents=up.Consents(
                product_info_email=input.product_info_email, product_info_phone=input.product_info_phone
            ),
            idempotency_key=input.idempotency_key,
            scope=info.context.scope,
        )
        if not isinstance(outcome, ServiceRequestRecord):
            return _refused(outcome)
        return ConsentChangeAccepted(
            request=_request(info, outcome), message=_CONFIRMATION[0], message_en=_CONFIRMATION[1]
        )

    @strawberry.mutation(
        description="Digital delivery (paper waiver) or paper mail (C4); also completes the first-login "
        "assistant's delivery-consent step (A9). No step-up needed. New-document emails (C3) are sent "
        "either way."
    )
    async def change_delivery_channel(
        self,
        info: Info,
        input: Annotated[
            ChangeDeliveryChannelInput, strawberry.argument(description="The request, field by field.")
        ],
    ) -> ChangeDeliveryChannelResult:
        outcome = await resolvers.resolve_change_delivery_channel(
            channel=input.channel, idempotency_key=input.idempotency_key, scope=info.context.scope
        )
        if not isinstance(outcome, ServiceRequestRecord):
            return _refused(outcome)
        return DeliveryChannelChangeAccepted(
            request=_request(info, outcome), message=_CONFIRMATION[0], message_en=_CONFIRMATION[1]
        )
