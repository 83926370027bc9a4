"""claims: property claims and health benefit cases with status, completion and payments (E1, E3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from bff.backends.models import Claim, ClaimKind, ClaimStatus, LegalClaimFacts, Page, Payment
from bff.simulator.db import ClaimRow
from bff.simulator.systems.common import IDS_HELP, Session, exactly_one, rows_where_in

router = APIRouter(prefix="/claims", tags=["claims"])


def claim_model(row: ClaimRow) -> Claim:
    return Claim(
        id=row.id,
        claim_number=row.claim_number,
        contract_id=row.contract_id,
        kind=ClaimKind(row.kind),
        benefit_type=row.benefit_type,
        status=ClaimStatus(row.status),
        occurred_on=row.occurred_on,
        reported_on=row.reported_on,
        expected_completion=row.expected_completion,
        closed_on=row.closed_on,
        payments=[Payment.model_validate(item) for item in row.payments],
        legal=LegalClaimFacts.model_validate(row.legal) if row.legal else None,
    )


@router.get("/claims", summary="Claims by contract or by id")
async def claims(
    session: Session,
    contract_ids: Annotated[str | None, Query(description="Claims of these contracts. " + IDS_HELP)] = None,
    ids: Annotated[str | None, Query(description="Claim ids. " + IDS_HELP)] = None,
) -> Page[Claim]:
    selector, values = exactly_one(contract_ids=contract_ids, ids=ids)
    column = ClaimRow.contract_id if selector == "contract_ids" else ClaimRow.id
    rows = await rows_where_in(session, ClaimRow, column, values)
    return Page[Claim](items=[claim_model(row) for row in rows])
