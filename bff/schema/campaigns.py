"""Campaigns (F3): the Gewinnspiel with a double chance for customers at ident level 2 (seed 002): taking
part tells at once whether an instant voucher was won, or else enters the customer into the yearly draw."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, TypeAlias

import strawberry

from bff.backends import models as up
from bff.context import Info
from bff.domain.upstream_texts import upstream_text
from bff.i18n import message_fields
from bff.resolvers import campaigns as resolvers
from bff.resolvers.campaigns import OUTCOME_MESSAGES, JoinRefusal
from bff.schema.enum_values import described_enum

described_enum(
    up.CampaignOutcome,
    name="CampaignOutcome",
    description="Result of taking part in a campaign (F3).",
    values={
        up.CampaignOutcome.WIN: "The instant prize was won; the voucher's code is in `voucherCode`.",
        up.CampaignOutcome.ENTERED: "No instant prize: entered into the yearly draw held on `drawOn`.",
    },
)
CampaignOutcome: TypeAlias = up.CampaignOutcome


@strawberry.type(description="How the customer took part in a campaign.")
class CampaignParticipation:
    joined_at: datetime = strawberry.field(description="When the customer took part.")
    outcome: CampaignOutcome = strawberry.field(description="Outcome of taking part.")
    voucher_code: str | None = strawberry.field(description="The voucher won instantly; null otherwise.")

    @classmethod
    def of(cls, participation: up.CampaignParticipation) -> CampaignParticipation:
        return cls(
            joined_at=participation.joined_at,
            outcome=participation.outcome,
            voucher_code=participation.voucher_code,
        )


@strawberry.type(description="A running campaign (F3), open to customers at ident level 2.")
class Campaign:
    id: strawberry.ID = strawberry.field(description="Id of the campaign.")
    title: str = strawberry.field(description="Title of the campaign.")
    text: str = strawberry.field(description="What the campaign offers.")
    starts_on: date = strawberry.field(description="First day of the campaign.")
    ends_on: date = strawberry.field(description="Last day of the campaign.")
    draw_on: date = strawberry.field(
        description="Day of the yearly draw among those without an instant prize."
    )
    terms_url: str = strawberry.field(description="Conditions of participation, to accept before joining.")
    participation: CampaignParticipation | None = strawberry.field(
        description="Null until the customer has taken part."
    )

    @classmethod
    def of(
        cls, campaign: up.Campaign, locale: str, participation: up.CampaignParticipation | None = None
    ) -> Campaign:
        return cls(
            id=strawberry.ID(campaign.id),
            title=upstream_text(campaign.title, locale),
            text=upstream_text(campaign.text, locale),
            starts_on=campaign.starts_on,
            ends_on=campaign.ends_on,
            draw_on=campaign.draw_on,
            terms_url=campaign.terms_url,
            participation=CampaignParticipation.of(participation) if participation else None,
        )


async def viewer_campaigns(info: Info, *, include_joined: bool) -> list[Campaign]:
    entries = await resolvers.resolve_campaigns(include_joined=include_joined, scope=info.context.scope)
    return [Campaign.of(entry.campaign, info.context.locale, entry.participation) for entry in entries]


@strawberry.input(description="Taking part in a campaign (F3).")
class JoinCampaignInput:
    campaign_id: strawberry.ID = strawberry.field(description="Id of the campaign to take part in.")
    accept_terms: bool = strawberry.field(description="The customer accepts the conditions of participation.")


@strawberry.type(description="The customer takes part. A repeated call answers the outcome of the first one.")
class CampaignJoined:
    campaign_id: strawberry.ID = strawberry.field(description="Id of the campaign taken part in.")
    outcome: CampaignOutcome = strawberry.field(description="Outcome of taking part.")
    voucher_code: str | None = strawberry.field(description="The voucher won instantly; null otherwise.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(description="Campaigns need ident level 2: the activation code sent by post.")
class IdentLevelTooLow:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(description="The conditions of participation were not accepted.")
class CampaignTermsNotAccepted:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(description="No running campaign has this id (it may have ended).")
class CampaignNotFound:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


JoinCampaignResult = Annotated[
    CampaignJoined | IdentLevelTooLow | CampaignTermsNotAccepted | CampaignNotFound,
    strawberry.union(
        "JoinCampaignResult", description="What `joinCampaign` answers; the member type tells the outcome."
    ),
]


def _joined(participation: up.CampaignParticipation) -> CampaignJoined:
    return CampaignJoined(
        campaign_id=strawberry.ID(participation.campaign_id),
        outcome=participation.outcome,
        voucher_code=participation.voucher_code,
        **message_fields(OUTCOME_MESSAGES[participation.outcome], code=participation.voucher_code or ""),
    )


def _refused(refusal: JoinRefusal) -> IdentLevelTooLow | CampaignTermsNotAccepted | CampaignNotFound:
    if refusal is JoinRefusal.IDENT_LEVEL_TOO_LOW:
        return IdentLevelTooLow(
            **message_fields(
                "Am Gewinnspiel können Sie teilnehmen, sobald Ihr Zugang mit dem Freischaltcode "
                "freigeschaltet ist, den wir Ihnen per Post senden."
            ),
        )
    if refusal is JoinRefusal.TERMS_NOT_ACCEPTED:
        return CampaignTermsNotAccepted(
            **message_fields("Bitte akzeptieren Sie die Teilnahmebedingungen."),
        )
    return CampaignNotFound(
        **message_fields("Dieses Gewinnspiel gibt es nicht oder es ist bereits beendet."),
    )


@strawberry.type
class CampaignMutation:
    @strawberry.mutation(
        description="Take part in the Gewinnspiel (F3): ident level 2 and accepted conditions needed. The "
        "answer tells at once whether the instant voucher was won, or else that the customer is entered into "
        "the yearly draw. Taking part again answers the first outcome."
    )
    async def join_campaign(
        self,
        info: Info,
        input: Annotated[JoinCampaignInput, strawberry.argument(description="The request, field by field.")],
    ) -> JoinCampaignResult:
        outcome = await resolvers.resolve_join_campaign(
            campaign_id=str(input.campaign_id), accept_terms=input.accept_terms, scope=info.context.scope
        )
        return _refused(outcome) if isinstance(outcome, JoinRefusal) else _joined(outcome)
