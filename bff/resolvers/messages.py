"""Messages from the portal (C5) and appointment requests (F1): the category decides the recipient (the
customer's agent or a department), the message is committed to the outbox as a MESSAGE request and
the back office archives it in the customer's postbox with its recipient."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import msgspec
from babel.dates import format_date

from bff.backends import models as up
from bff.db.models import ServiceRequestRecord
from bff.domain.master_data import idempotency_key_problems, tidy
from bff.domain.message_categories import (
    BY_CODE,
    CATEGORIES,
    MessageCategory,
    MessageCategoryCode,
)
from bff.domain.problems import FieldProblem, field_problem
from bff.outbox.pipeline import Change, submit_change
from bff.outbox.requests import IdempotencyKeyReused
from bff.resolvers.agent import resolve_agent
from bff.resolvers.common import settled
from bff.resolvers.contracts import resolve_own_contract
from bff.scope import RequestScope

MAX_SUBJECT = 120
MAX_TEXT = 5000
MAX_PREFERRED_DATES = 3


class MessagingRefusal(StrEnum):
    NOT_A_CUSTOMER = "NOT_A_CUSTOMER"  # no partners person, so no postbox to archive the message in


@dataclass(frozen=True)
class MessageForm:
    category: MessageCategoryCode
    text: str
    subject: str | None = None
    contract_id: str | None = None
    contract_id_invalid: bool = False  # a global id of another type than Contract
    preferred_dates: Sequence[date] = ()


@dataclass(frozen=True)
class MessageSent:
    request: ServiceRequestRecord
    recipient: up.MessageRecipient


MessageOutcome = MessageSent | list[FieldProblem] | MessagingRefusal | IdempotencyKeyReused


def recipient_of(category: MessageCategory, agent: up.Agent | None) -> up.MessageRecipient:
    if category.to_agent and agent is not None:
        return up.MessageRecipient(
            kind=up.RecipientKind.AGENT,
            name=f"{agent.first_name} {agent.last_name}, {agent.agency_name}",
            email=agent.email,
        )
    department = category.department
    return up.MessageRecipient(kind=up.RecipientKind.DEPARTMENT, name=department.name, email=department.email)


async def resolve_message_categories(
    *, scope: RequestScope
) -> list[tuple[MessageCategory, up.MessageRecipient]]:
    """Every category with the recipient this customer's message would go to."""
    _ = scope.person_id  # Unauthenticated without a viewer
    agent = await resolve_agent(scope=scope)
    return [(category, recipient_of(category, agent)) for category in CATEGORIES]


def _text_problems(form: MessageForm, category: MessageCategory, today: date) -> list[FieldProblem]:
    problems = []
    if category.fixed_subject is None:
        subject = tidy(form.subject or "")
        if not subject:
            problems.append(field_problem("subject", "Bitte geben Sie einen Betreff an."))
        elif len(subject) > MAX_SUBJECT:
            problems.append(
                field_problem(
                    "subject",
                    "Der Betreff darf höchstens {MAX_SUBJECT} Zeichen lang sein.",
                    MAX_SUBJECT=MAX_SUBJECT,
                )
            )
    text = form.text.strip()
    if not text:
        problems.append(field_problem("text", "Bitte schreiben Sie Ihre Nachricht."))
    elif len(text) > MAX_TEXT:
        problems.append(
            field_problem(
                "text", "Ihre Nachricht darf höchstens {MAX_TEXT} Zeichen lang sein.", MAX_TEXT=MAX_TEXT
            )
        )
    if len(form.preferred_dates) > MAX_PREFERRED_DATES:
        problems.append(
            field_problem(
                "preferredDates",
                "Bitte nennen Sie höchstens {MAX_PREFERRED_DATES} Wunschtermine.",
                MAX_PREFERRED_DATES=MAX_PREFERRED_DATES,
            )
        )
    problems += [
        field_problem(f"preferredDates.{index}", "Bitte wählen Sie einen Tag in der Zukunft.")
        for index, day in enumerate(form.preferred_dates)
        if day <= today
    ]
    return problems


def _message_text(form: MessageForm) -> str:
    """The text as sent; preferred dates of an appointment request are written below it, in German
    like the rest of what the agent receives."""
    text = form.text.strip()
    if not form.preferred_dates:
        return text
    days = ", ".join(
        format_date(day, "EEEE, d. MMMM y", locale="de_DE") for day in sorted(form.preferred_dates)
    )
    return f"{text}\n\nWunschtermine: {days}"


async def resolve_send_message(
    *, scope: RequestScope, form: MessageForm, idempotency_key: str
) -> MessageOutcome:
    scope.require_signed_in()  # signed in at all, before any check
    person_id = scope.person_id
    if not person_id:
        return MessagingRefusal.NOT_A_CUSTOMER
    category = BY_CODE[form.category]
    problems = _text_problems(form, category, scope.today) + idempotency_key_problems(idempotency_key)
    if form.contract_id_invalid or (
        form.contract_id is not None and await resolve_own_contract(form.contract_id, scope=scope) is None
    ):
        problems.append(field_problem("contractId", "Bitte wählen Sie einen Ihrer Verträge."))
    if problems:
        return problems
    recipient = recipient_of(category, await resolve_agent(scope=scope) if category.to_agent else None)
    payload = msgspec.to_builtins(
        up.MessagePayload(
            category=category.code.value,
            subject=category.fixed_subject or tidy(form.subject or ""),
            text=_message_text(form),
            contract_id=form.contract_id,
            recipient=recipient,
        )
    )
    record = settled(
        await submit_change(
            Change(
                kind=up.ServiceRequestKind.MESSAGE,
                payload=payload,
                idempotency_key=idempotency_key,
                audit_action="message.sent",
                audit_detail={"category": category.code.value, "recipient": recipient.kind.value},
            ),
            actor=scope.actor(person_id=person_id),
            db=scope.db,
            store=scope.store,
        )
    )
    if not isinstance(record, ServiceRequestRecord):
        return record
    return MessageSent(
        request=record, recipient=msgspec.convert(record.payload["recipient"], up.MessageRecipient)
    )
