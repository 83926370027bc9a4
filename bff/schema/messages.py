"""Messages through the secure postbox (C5): `messageCategories` with their preset recipients,
`sendMessage`, and `requestAppointment` (F1, subject "Anfrage zu einem Termin"). A message is saved in
the outbox (accepted also outside service hours) and archived in the customer's postbox when sent."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry import relay

from bff.backends import models as up
from bff.context import Info
from bff.domain.message_categories import APPOINTMENT_SUBJECT, MessageCategoryCode
from bff.i18n import message_fields
from bff.resolvers import messages as resolvers
from bff.schema.enum_values import described_enum
from bff.schema.services import IdempotencyKeyReused, ServiceRequest
from bff.schema.validation import ValidationFailed

described_enum(
    MessageCategoryCode,
    name="MessageCategory",
    description="What a message is about (C5); the category decides the recipient (`messageCategories`).",
    values={
        MessageCategoryCode.CONTRACT_ADVICE: "Contract questions and advice (Vertrag / Beratung); to the "
        "agent, else customer service.",
        MessageCategoryCode.APPOINTMENT: "Book an appointment (Termin vereinbaren) with the fixed subject "
        '"Anfrage zu einem Termin" (F1); to the agent, else customer service.',
        MessageCategoryCode.OFFER: "Offer request (Angebot anfordern); to the agent, else customer service.",
        MessageCategoryCode.HEALTH_BENEFITS: "Health insurance benefits (Leistungen Krankenversicherung); to "
        "the health benefits department.",
        MessageCategoryCode.CLAIM: "A claim or benefit case (Schaden / Leistungsfall); to claims.",
        MessageCategoryCode.PERSONAL_DATA: "Personal data (Persönliche Daten); to customer service.",
        MessageCategoryCode.PORTAL: "Questions about the customer portal; to customer service.",
        MessageCategoryCode.OTHER: "Anything else (Sonstiges); to the agent, else customer service.",
    },
)
described_enum(
    up.RecipientKind,
    name="MessageRecipientKind",
    description="Who receives a message (C5).",
    values={
        up.RecipientKind.AGENT: "The customer's own agent (Vermittler, F1).",
        up.RecipientKind.DEPARTMENT: "A specialist department or customer service of the insurer.",
    },
)

_KEY_DESCRIPTION = "Chosen by the client per message; a retry with the same key answers the first request."


@strawberry.type(description="Who receives a message of a category.")
class MessageRecipient:
    kind: up.RecipientKind = strawberry.field(description="Agent or service centre.")
    name: str = strawberry.field(description="The agent with agency, or the department's name.")
    email: str = strawberry.field(description="Address the message goes to.")

    @classmethod
    def of(cls, recipient: up.MessageRecipient) -> MessageRecipient:
        return cls(kind=recipient.kind, name=recipient.name, email=recipient.email)


@strawberry.type(description="A predefined message category with the recipient it is preset to.")
class MessageCategoryOption:
    category: MessageCategoryCode = strawberry.field(description="Pass as `category` to `sendMessage`.")
    label: str = strawberry.field(description="Category name in German, e.g. Vertrag / Beratung.")
    label_en: str = strawberry.field(description="Category name in English.")
    recipient: MessageRecipient = strawberry.field(description="Who receives messages of this category.")
    fixed_subject: str | None = strawberry.field(description="Set by the server; `subject` is not asked for.")


@strawberry.input(description="A message to the insurer (C5).")
class SendMessageInput:
    category: MessageCategoryCode = strawberry.field(
        description="Decides the recipient (`messageCategories`)."
    )
    subject: str | None = strawberry.field(
        default=None, description="Required, except for categories with a fixed subject (ignored there)."
    )
    text: str = strawberry.field(description="Message body as plain text, at most 5000 characters.")
    contract_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The contract the message is about, if any (one of the customer's)."
    )
    idempotency_key: str = strawberry.field(description=_KEY_DESCRIPTION)


@strawberry.input(description=f'An appointment request to the agent (F1): subject "{APPOINTMENT_SUBJECT}".')
class RequestAppointmentInput:
    text: str = strawberry.field(description="What the appointment is about and when it would suit best.")
    preferred_dates: list[date] = strawberry.field(
        default_factory=list, description="Up to three preferred days, after today."
    )
    contract_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Global id of the contract it concerns, if any."
    )
    idempotency_key: str = strawberry.field(description=_KEY_DESCRIPTION)


@strawberry.type(
    description="The message is saved and will be passed on to `recipient`, also outside service hours; "
    "a copy is kept in the postbox (C5)."
)
class MessageAccepted:
    request: ServiceRequest = strawberry.field(
        description="The service request that carries this change (D1)."
    )
    recipient: MessageRecipient = strawberry.field(description="Who receives the message.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(description="Only customers with a postbox can send messages from the portal.")
class MessagingNotAvailable:
    message: str = strawberry.field(
        default="Nachrichten können Sie senden, sobald Sie Verträge bei uns haben.",
        description="What happened, in German, ready to show.",
    )
    message_en: str = strawberry.field(
        default="You can send messages once you have contracts with us.",
        description="The same message in English.",
    )


SendMessageResult = Annotated[
    MessageAccepted | ValidationFailed | MessagingNotAvailable | IdempotencyKeyReused,
    strawberry.union(
        "SendMessageResult", description="What `sendMessage` answers; the member type tells the outcome."
    ),
]


def _contract_id(global_id: relay.GlobalID | None) -> tuple[str | None, bool]:
    """(node id, whether the id names another type than a contract)."""
    if global_id is None:
        return None, False
    return global_id.node_id, global_id.type_name != "Contract"


async def _send(info: Info, form: resolvers.MessageForm, idempotency_key: str) -> SendMessageResult:
    outcome = await resolvers.resolve_send_message(
        form=form, idempotency_key=idempotency_key, scope=info.context.scope
    )
    if isinstance(outcome, list):
        return ValidationFailed.of(outcome)
    if isinstance(outcome, resolvers.MessagingRefusal):
        return MessagingNotAvailable()
    if not isinstance(outcome, resolvers.MessageSent):
        return IdempotencyKeyReused()
    recipient = MessageRecipient.of(outcome.recipient)
    return MessageAccepted(
        request=ServiceRequest.of(outcome.request, now=info.context.app.clock()),
        recipient=recipient,
        **message_fields(
            "Ihre Nachricht an {recipient_name} ist eingegangen. Eine Kopie liegt in Ihrem Postfach.",
            recipient_name=recipient.name,
        ),
    )


@strawberry.type
class MessagesQuery:
    @strawberry.field(
        description="The message categories (C5) with the recipient each is preset to for the signed-in "
        "customer: their agent for many, a department for the others."
    )
    async def message_categories(self, info: Info) -> list[MessageCategoryOption]:
        return [
            MessageCategoryOption(
                category=category.code,
                label=category.label,
                label_en=category.label_en,
                recipient=MessageRecipient.of(recipient),
                fixed_subject=category.fixed_subject,
            )
            for category, recipient in await resolvers.resolve_message_categories(scope=info.context.scope)
        ]


@strawberry.type
class MessagesMutation:
    @strawberry.mutation(
        description="Send a message through the secure postbox (C5) to the category's recipient."
    )
    async def send_message(
        self,
        info: Info,
        input: Annotated[SendMessageInput, strawberry.argument(description="The request, field by field.")],
    ) -> SendMessageResult:
        contract_id, invalid = _contract_id(input.contract_id)
        form = resolvers.MessageForm(
            category=input.category,
            subject=input.subject,
            text=input.text,
            contract_id=contract_id,
            contract_id_invalid=invalid,
        )
        return await _send(info, form, input.idempotency_key)

    @strawberry.mutation(
        description="Ask the agent for an appointment (F1): a message with the subject "
        f'"{APPOINTMENT_SUBJECT}" and the preferred days written below the text.'
    )
    async def request_appointment(
        self,
        info: Info,
        input: Annotated[
            RequestAppointmentInput, strawberry.argument(description="The request, field by field.")
        ],
    ) -> SendMessageResult:
        contract_id, invalid = _contract_id(input.contract_id)
        form = resolvers.MessageForm(
            category=MessageCategoryCode.APPOINTMENT,
            text=input.text,
            contract_id=contract_id,
            contract_id_invalid=invalid,
            preferred_dates=input.preferred_dates,
        )
        return await _send(info, form, input.idempotency_key)
