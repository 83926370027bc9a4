"""D3 personal data (last name, title, marital status with its date) for the signed-in customer:
validated here, committed to the outbox, confirmed by a postbox letter from each group company (C6, D6).
No step-up: A5 asks for a TAN for address, bank and password changes only."""

from __future__ import annotations

import msgspec
from msgspec import UNSET

from bff.backends import models as up
from bff.db.models import ServiceRequestRecord
from bff.domain.master_data import (
    PersonalDataForm,
    idempotency_key_problems,
    personal_data_problems,
    tidy,
)
from bff.domain.problems import FieldProblem
from bff.outbox.pipeline import Change, submit_change
from bff.outbox.requests import IdempotencyKeyReused
from bff.resolvers.address import ChangeRefusal, viewer_person_for_change
from bff.resolvers.common import settled
from bff.scope import RequestScope

PersonalDataOutcome = ServiceRequestRecord | list[FieldProblem] | ChangeRefusal | IdempotencyKeyReused


async def resolve_change_personal_data(
    *, scope: RequestScope, form: PersonalDataForm, idempotency_key: str
) -> PersonalDataOutcome:
    scope.require_signed_in()  # signed in at all, before any check
    person = await viewer_person_for_change(scope=scope)
    if isinstance(person, ChangeRefusal):
        return person
    current = PersonalDataForm(
        last_name=person.last_name or "",
        title=person.title,
        marital_status=person.marital_status,
        marital_status_since=person.marital_status_since,
    )
    form = form.completed(current)
    problems = personal_data_problems(
        form, today=scope.today, birth_date=person.birth_date
    ) + idempotency_key_problems(idempotency_key)
    if problems:
        return problems
    # Only what the customer sent: an older request delivered later must not undo a field of a newer one.
    given = form.given
    payload = msgspec.to_builtins(  # UNSET fields are left out
        up.PersonalDataChangePayload(
            last_name=tidy(form.last_name) if "last_name" in given else UNSET,
            title=form.title if "title" in given else UNSET,
            marital_status=form.marital_status if "marital_status" in given else UNSET,
            marital_status_since=form.marital_status_since if "marital_status_since" in given else UNSET,
        )
    )
    changed = sorted(field for field in form.given if getattr(current, field) != getattr(form, field))
    return settled(
        await submit_change(
            Change(
                kind=up.ServiceRequestKind.PERSONAL_DATA_CHANGE,
                payload=payload,
                idempotency_key=idempotency_key,
                audit_action="personal_data.change_requested",
                audit_detail={"fields": changed},
            ),
            actor=scope.actor(person_id=person.id),
            db=scope.db,
            store=scope.store,
        )
    )
