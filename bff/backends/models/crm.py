"""The CRM: agents, sales impulses, campaigns and participations, and the brokers' prospects (G1, G2)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from bff.backends.models.common import Address, UpstreamModel
from bff.backends.models.policies import Line


class Agent(UpstreamModel, frozen=True, kw_only=True):
    id: str
    agent_number: str
    first_name: str
    last_name: str
    agency_name: str
    phone: str  # E.164
    email: str
    address: Address


class ImpulseAudience(StrEnum):
    """Whom the CRM aims an impulse at, so it is never shown to a customer who already has it."""

    NEWCOMERS = "NEWCOMERS"  # customers without a contract of the impulse's line
    HOLDERS = "HOLDERS"  # an add-on for holders of the line (e.g. a new legal-expenses module)
    PAPER_DELIVERY = "PAPER_DELIVERY"  # customers who still get their documents on paper


class SalesImpulse(UpstreamModel, frozen=True, kw_only=True):
    id: str
    person_id: str
    title: str
    text: str
    line: Line | None = None
    audience: ImpulseAudience = ImpulseAudience.NEWCOMERS
    relevance: float  # 0..1, from the CRM's relevance model
    valid_from: date | None = None  # first day the offer may be shown
    valid_until: date | None = None  # last day; texts naming a deadline name this one


class CampaignOutcome(StrEnum):
    """A Gewinnspiel with a double chance (seed 002): an instant voucher, or else the yearly draw."""

    WIN = "WIN"  # the instant prize, with its voucher code
    ENTERED = "ENTERED"  # no instant prize: entered into the draw held on the campaign's `draw_on`


class Campaign(UpstreamModel, frozen=True, kw_only=True):
    """A marketing campaign of the CRM (F3), e.g. the yearly draw for customers at ident level 2."""

    id: str
    title: str
    text: str
    draw_on: date  # the day the yearly draw among those without an instant prize is held
    starts_on: date
    ends_on: date
    terms_url: str


class CampaignParticipation(UpstreamModel, frozen=True, kw_only=True):
    campaign_id: str
    person_id: str
    joined_at: datetime
    outcome: CampaignOutcome
    voucher_code: str | None = None  # only for an instant win


class ActiveCampaigns(UpstreamModel, frozen=True, kw_only=True):
    """The running campaigns once, plus the asked-for persons' participations in them: one answer
    serves any number of persons."""

    campaigns: list[Campaign]
    participations: list[CampaignParticipation]


class NewCampaignParticipation(UpstreamModel, frozen=True, kw_only=True):
    person_id: str


class Prospect(UpstreamModel, frozen=True, kw_only=True):
    """An Interessent in the CRM: a possible customer an agent looks after. No customer number until it is
    converted into a partners person (then `converted_person_id` is set and searches no longer find it)."""

    id: str
    agent_id: str
    salutation: str | None = None
    first_name: str
    last_name: str
    birth_date: date | None = None
    address: Address | None = None
    iban: str | None = None
    bic: str | None = None
    bank_name: str | None = None
    created_at: datetime
    converted_person_id: str | None = None


class NewProspect(UpstreamModel, frozen=True, kw_only=True):
    agent_id: str
    salutation: str | None = None
    first_name: str
    last_name: str
    birth_date: date | None = None
    address: Address | None = None


class ProspectUpdate(UpstreamModel, frozen=True, kw_only=True):
    """What a broker changes on a prospect, applied at once (G2); omitted parts stay."""

    address: Address | None = None
    iban: str | None = None
    bic: str | None = None
    bank_name: str | None = None


class ProspectConversion(UpstreamModel, frozen=True, kw_only=True):
    person_id: str  # the partners person the prospect became
