"""The customer's side of partner access (H2): which partners exist, the grants issued, issuing and
revoking one. Only customers grant: staff act for others and partners never change anything. A grant
that includes bank data needs a step-up bound to exactly that grant, like a bank change."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bff.auth.stepup import StepUpOperation, consume_grant
from bff.auth.viewer import ViewerKind
from bff.db.models import Partner
from bff.domain.problems import FieldProblem, field_problem
from bff.errors import Forbidden
from bff.partners.grants import (
    MAX_VALID_DAYS,
    GrantWithPartner,
    grantable_partner,
    grantable_partners,
    grants_of,
    issue_grant,
    own_grant,
)
from bff.partners.scopes import PartnerScope
from bff.resolvers.common import audit_request
from bff.scope import RequestScope

STEP_UP_SCOPES = frozenset({PartnerScope.BANK_READ})


class GrantStop(StrEnum):
    STEP_UP_REQUIRED = "STEP_UP_REQUIRED"


@dataclass(frozen=True)
class GrantRequest:
    partner_id: str
    scopes: list[PartnerScope]
    valid_days: int


def _customer_account_id(*, scope: RequestScope) -> int:
    account_id = scope.account_id
    if scope.viewer.kind is not ViewerKind.CUSTOMER:
        raise Forbidden()
    return account_id


def step_up_payload(request: GrantRequest) -> dict[str, Any]:
    """What the GRANT_PARTNER_ACCESS step-up confirms: this partner, these scopes (by their GraphQL
    names, sorted), this many days."""
    return {
        "partnerId": request.partner_id,
        "scopes": sorted({scope.name for scope in request.scopes}),
        "validDays": request.valid_days,
    }


def needs_step_up(request: GrantRequest) -> bool:
    return bool(STEP_UP_SCOPES.intersection(request.scopes))


def _problems(request: GrantRequest, partner: Partner | None) -> list[FieldProblem]:
    problems = []
    if partner is None:
        problems.append(field_problem("partnerId", "Diesen Partner gibt es nicht."))
    if not request.scopes:
        problems.append(
            field_problem("scopes", "Bitte wählen Sie mindestens einen Bereich, den der Partner lesen darf.")
        )
    if not 1 <= request.valid_days <= MAX_VALID_DAYS:
        problems.append(
            field_problem(
                "validDays", "Eine Freigabe gilt 1 bis {MAX_VALID_DAYS} Tage.", MAX_VALID_DAYS=MAX_VALID_DAYS
            )
        )
    return problems


async def resolve_partners(*, scope: RequestScope) -> list[Partner]:
    _customer_account_id(scope=scope)
    async with scope.db.session() as session:
        return await grantable_partners(session)


async def resolve_partner_grants(*, scope: RequestScope) -> list[GrantWithPartner]:
    account_id = _customer_account_id(scope=scope)
    async with scope.db.session() as session:
        return await grants_of(session, account_id)


async def resolve_grant_partner_access(
    *, scope: RequestScope, request: GrantRequest, step_up_grant: str | None
) -> GrantWithPartner | list[FieldProblem] | GrantStop:
    account_id = _customer_account_id(scope=scope)
    async with scope.db.session() as session:
        partner = await grantable_partner(session, request.partner_id)
        problems = _problems(request, partner)
        if problems:
            return problems
        assert partner is not None
        if needs_step_up(request) and not await consume_grant(
            scope.store,
            grant=step_up_grant,
            account_id=account_id,
            operation=StepUpOperation.GRANT_PARTNER_ACCESS,
            payload=step_up_payload(request),
        ):
            return GrantStop.STEP_UP_REQUIRED
        grant = await issue_grant(
            session,
            account_id=account_id,
            person_id=scope.person_id,
            partner=partner,
            scopes=request.scopes,
            valid_days=request.valid_days,
            now=scope.clock(),
        )
        audit_request(
            session,
            "partner.grant.issued",
            account_id=account_id,
            partner_id=partner.id,
            grant_id=grant.id,
            scopes=grant.scopes,
            expires_at=grant.expires_at.isoformat(),
            scope=scope,
        )
        await session.commit()
    return GrantWithPartner(grant=grant, partner=partner)


async def resolve_revoke_partner_access(grant_id: str, *, scope: RequestScope) -> GrantWithPartner | None:
    """The revoked grant (revoking twice keeps the first time); None when it is not the viewer's."""
    account_id = _customer_account_id(scope=scope)
    async with scope.db.session() as session:
        found = await own_grant(session, account_id=account_id, grant_id=grant_id)
        if found is None:
            return None
        if found.grant.revoked_at is None:
            found.grant.revoked_at = scope.clock()
            audit_request(
                session,
                "partner.grant.revoked",
                account_id=account_id,
                partner_id=found.partner.id,
                grant_id=found.grant.id,
                scope=scope,
            )
            await session.commit()
    return found
