"""Partner access (H2) as the customer sees it: the comparison portals there are, the grants issued
(with who read when), and issuing and revoking a grant. Partners themselves read through persisted
operations with an API key and a grant id (docs/api.md: partner access)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from bff.auth.stepup import StepUpOperation
from bff.context import Info
from bff.db import models
from bff.i18n import message_fields
from bff.partners.grants import GrantWithPartner, is_live
from bff.partners.scopes import PartnerScope
from bff.resolvers import partners as resolvers
from bff.schema.common import PostalIdentRequired, postal_ident_refusal
from bff.schema.enum_values import described_enum
from bff.schema.stepup import StepUpRequired, step_up_required
from bff.schema.validation import ValidationFailed

described_enum(
    PartnerScope,
    name="PartnerScope",
    description="What a partner may read. The customer's name comes with every grant; nothing else does.",
    values={
        PartnerScope.CONTRACTS_READ: "Contracts and their details.",
        PartnerScope.BANK_READ: "Bank accounts and IBANs; granting it needs a step-up.",
        PartnerScope.DOCUMENTS_READ: "Postbox documents and their PDFs.",
        PartnerScope.CLAIMS_READ: "Claims and benefit cases.",
    },
)


@strawberry.type(description="A comparison portal a customer may let read some of their data (H2).")
class Partner:
    id: strawberry.ID = strawberry.field(description="Pass as `partnerId` to `grantPartnerAccess`.")
    name: str = strawberry.field(description="The portal's name as customers know it.")

    @classmethod
    def of(cls, partner: models.Partner) -> Partner:
        return cls(id=strawberry.ID(str(partner.id)), name=partner.name)


@strawberry.type(description="The customer's permission for one partner to read some of their data.")
class PartnerGrant:
    id: strawberry.ID = strawberry.field(
        description="The grant id: the customer hands it to the partner, who sends it as X-Partner-Grant."
    )
    partner: Partner = strawberry.field(description="The comparison portal that may read.")
    scopes: list[PartnerScope] = strawberry.field(description="What the partner may read.")
    created_at: datetime = strawberry.field(description="When the customer granted it.")
    expires_at: datetime = strawberry.field(description="From then on the partner's requests are refused.")
    revoked_at: datetime | None = strawberry.field(description="When the customer revoked it; null if not.")
    active: bool = strawberry.field(description="Neither expired nor revoked: the partner can read now.")
    last_read_at: datetime | None = strawberry.field(description="The partner's most recent read.")
    read_count: int = strawberry.field(description="How many operations the partner ran with this grant.")

    @classmethod
    def of(cls, found: GrantWithPartner, *, now: datetime) -> PartnerGrant:
        grant = found.grant
        return cls(
            id=strawberry.ID(grant.id),
            partner=Partner.of(found.partner),
            scopes=[PartnerScope(scope) for scope in grant.scopes],
            created_at=grant.created_at,
            expires_at=grant.expires_at,
            revoked_at=grant.revoked_at,
            active=is_live(grant, now=now),
            last_read_at=grant.last_read_at,
            read_count=grant.read_count,
        )


async def viewer_partner_grants(info: Info) -> list[PartnerGrant]:
    now = info.context.app.clock()
    return [
        PartnerGrant.of(found, now=now)
        for found in await resolvers.resolve_partner_grants(scope=info.context.scope)
    ]


@strawberry.type(description="The partner may read the granted data until `grant.expiresAt`.")
class PartnerAccessGranted:
    grant: PartnerGrant = strawberry.field(description="The new grant; hand its id to the partner.")
    message: str = strawberry.field(description="What happened, in German.")
    message_en: str = strawberry.field(description="What happened, in English.")


@strawberry.type(description="The partner can no longer read anything with this grant.")
class PartnerAccessRevoked:
    grant: PartnerGrant = strawberry.field(description="The grant, now with `revokedAt`.")
    message: str = strawberry.field(description="What happened, in German.")
    message_en: str = strawberry.field(description="What happened, in English.")


@strawberry.type(description="No grant of the signed-in customer has this id.")
class PartnerGrantNotFound:
    message: str = strawberry.field(description="What happened, in German.")
    message_en: str = strawberry.field(description="What happened, in English.")


GrantPartnerAccessResult = Annotated[
    PartnerAccessGranted | StepUpRequired | ValidationFailed | PostalIdentRequired,
    strawberry.union("GrantPartnerAccessResult", description="The grant, or why it was not issued."),
]
RevokePartnerAccessResult = Annotated[
    PartnerAccessRevoked | PartnerGrantNotFound,
    strawberry.union("RevokePartnerAccessResult", description="The revoked grant, or that there is none."),
]


@strawberry.type
class PartnersQuery:
    @strawberry.field(description="Signed-in customers: the partners access may be granted to, by name.")
    async def partners(self, info: Info) -> list[Partner]:
        return [Partner.of(partner) for partner in await resolvers.resolve_partners(scope=info.context.scope)]


@strawberry.type
class PartnerMutation:
    @strawberry.mutation(
        description="Let a partner read the chosen scopes of the customer's data for `validDays` days "
        "(1–365). With BANK_READ it needs a step-up grant for GRANT_PARTNER_ACCESS with payload "
        "`{partnerId, scopes, validDays}`, scopes sorted (StepUpRequired.payload shows it)."
    )
    async def grant_partner_access(
        self,
        info: Info,
        partner_id: Annotated[strawberry.ID, strawberry.argument(description="From `partners`.")],
        scopes: Annotated[list[PartnerScope], strawberry.argument(description="What it may read.")],
        valid_days: Annotated[int, strawberry.argument(description="How long, 1 to 365 days.")] = 30,
        step_up_grant: Annotated[
            str | None, strawberry.argument(description="Needed with BANK_READ (see above).")
        ] = None,
    ) -> GrantPartnerAccessResult:
        if (refusal := postal_ident_refusal(info)) is not None:
            return refusal
        request = resolvers.GrantRequest(partner_id=str(partner_id), scopes=scopes, valid_days=valid_days)
        outcome = await resolvers.resolve_grant_partner_access(
            request=request, step_up_grant=step_up_grant, scope=info.context.scope
        )
        if isinstance(outcome, list):
            return ValidationFailed.of(outcome)
        if outcome is resolvers.GrantStop.STEP_UP_REQUIRED:
            return step_up_required(StepUpOperation.GRANT_PARTNER_ACCESS, resolvers.step_up_payload(request))
        return PartnerAccessGranted(
            grant=PartnerGrant.of(outcome, now=info.context.app.clock()),
            **message_fields(
                "{partner_name} darf Ihre Daten jetzt im gewählten Umfang lesen.",
                partner_name=outcome.partner.name,
            ),
        )

    @strawberry.mutation(description="End a grant at once: the partner's next request is refused.")
    async def revoke_partner_access(
        self,
        info: Info,
        grant_id: Annotated[
            strawberry.ID, strawberry.argument(description="`PartnerGrant.id` of the grant to end.")
        ],
    ) -> RevokePartnerAccessResult:
        found = await resolvers.resolve_revoke_partner_access(str(grant_id), scope=info.context.scope)
        if found is None:
            return PartnerGrantNotFound(**message_fields("Diese Freigabe gibt es nicht."))
        return PartnerAccessRevoked(
            grant=PartnerGrant.of(found, now=info.context.app.clock()),
            **message_fields(
                "{partner_name} kann Ihre Daten nicht mehr lesen.", partner_name=found.partner.name
            ),
        )
