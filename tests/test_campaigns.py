"""Campaigns (F3): only at ident level 2, once per customer, with one CRM call per request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from bff.db.models import Account, AuditEvent
from bff.simulator.app import Simulator
from bff.simulator.db import CampaignParticipationRow
from tests.conftest import Client
from tests.factories import app_state, create_account

CAMPAIGNS = """
query($all: Boolean! = false) { viewer { campaigns(includeJoined: $all) {
  id title kind startsOn endsOn termsUrl participation { outcome voucherCode joinedAt } } } }
"""
JOIN = """
mutation($id: ID!, $accept: Boolean!) { joinCampaign(input: {campaignId: $id, acceptTerms: $accept}) {
  __typename
  ... on CampaignJoined { campaignId outcome voucherCode message messageEn }
  ... on IdentLevelTooLow { message messageEn }
  ... on CampaignTermsNotAccepted { message messageEn }
  ... on CampaignNotFound { message messageEn }
} }
"""
LIKE = "200013"
"""A generated customer no other test signs in as; the fixture removes what the tests took part in."""


@pytest.fixture
async def participant(app: Any, simulator: Simulator) -> AsyncIterator[Account]:
    account = await create_account(app, like=LIKE, ident_level=2)
    try:
        yield account
    finally:
        async with simulator.sessionmaker() as session:
            await session.execute(
                delete(CampaignParticipationRow).where(
                    CampaignParticipationRow.person_id == account.person_id
                )
            )
            await session.commit()


def crm_campaign_calls(simulator: Simulator) -> int:
    return simulator.stats().get("crm", {"endpoints": {}})["endpoints"].get("GET /crm/campaigns", 0)


async def campaigns(client: Client, *, include_joined: bool = False) -> list[dict[str, Any]]:
    body = await client.execute(CAMPAIGNS, {"all": include_joined})
    assert "errors" not in body, body["errors"]
    result: list[dict[str, Any]] = body["data"]["viewer"]["campaigns"]
    return result


async def join(client: Client, campaign_id: str, *, accept: bool = True) -> dict[str, Any]:
    body = await client.execute(JOIN, {"id": campaign_id, "accept": accept})
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]["joinCampaign"]
    return result


async def test_level_1_sees_no_campaigns_and_is_refused_until_the_code_is_confirmed(
    app: Any, client: Client, simulator: Simulator, participant: Account
) -> None:
    async with app_state(app).db.session() as session:
        await session.execute(update(Account).where(Account.id == participant.id).values(ident_level=1))
        await session.commit()
    await client.login(participant.customer_number)
    simulator.reset_stats()
    assert await campaigns(client) == []
    assert crm_campaign_calls(simulator) == 0, "below ident level 2 the CRM is not even asked"

    refused = await join(client, f"cmp-draw-{simulator.today.year}")
    assert refused["__typename"] == "IdentLevelTooLow"
    assert "Freischaltcode" in refused["message"] and "by post" in refused["messageEn"]

    # The activation code confirmed on another device: the account's level counts, not the session's.
    async with app_state(app).db.session() as session:
        await session.execute(update(Account).where(Account.id == participant.id).values(ident_level=2))
        await session.commit()
    assert len(await campaigns(client)) == 2


async def test_level_2_customer_joins_one_campaign_and_then_sees_only_the_other(
    app: Any, client: Client, simulator: Simulator, participant: Account
) -> None:
    year = simulator.today.year
    await client.login(participant.customer_number)
    simulator.reset_stats()
    both = await campaigns(client)
    assert crm_campaign_calls(simulator) == 1
    assert {c["title"]: c["kind"] for c in both} == {
        f"Jahresgewinnspiel {year}": "DRAW",
        "Sofortgewinn: Amazon.de-Gutschein": "INSTANT_WIN",
    }
    assert all(c["participation"] is None and c["termsUrl"].startswith("https://") for c in both)
    draw = next(c for c in both if c["kind"] == "DRAW")
    assert draw["startsOn"] <= simulator.today.isoformat() <= draw["endsOn"]

    joined = await join(client, draw["id"])
    assert joined["__typename"] == "CampaignJoined"
    assert (joined["campaignId"], joined["outcome"], joined["voucherCode"]) == (draw["id"], "ENTERED", None)
    assert "Verlosung" in joined["message"] and "draw" in joined["messageEn"]

    simulator.reset_stats()
    assert [c["kind"] for c in await campaigns(client)] == ["INSTANT_WIN"]
    assert crm_campaign_calls(simulator) == 1
    with_joined = {c["id"]: c for c in await campaigns(client, include_joined=True)}
    assert with_joined[draw["id"]]["participation"]["outcome"] == "ENTERED"

    async with app_state(app).db.session() as session:
        events = (
            await session.scalars(
                select(AuditEvent).where(
                    AuditEvent.account_id == participant.id, AuditEvent.action == "campaign.joined"
                )
            )
        ).all()
    assert [e.detail for e in events] == [{"campaign_id": draw["id"], "outcome": "ENTERED"}]


async def test_taking_part_twice_answers_the_first_outcome(
    client: Client, simulator: Simulator, participant: Account
) -> None:
    await client.login(participant.customer_number)
    instant = f"cmp-instant-{simulator.today.year}"
    first = await join(client, instant)
    assert first["__typename"] == "CampaignJoined"
    assert first["outcome"] in ("WIN", "NO_WIN")
    assert (first["voucherCode"] is not None) == (first["outcome"] == "WIN")
    if first["voucherCode"]:
        assert first["voucherCode"] in first["message"]
    again = await join(client, instant)
    assert again == first
    [taken] = [c for c in await campaigns(client, include_joined=True) if c["id"] == instant]
    assert taken["participation"]["outcome"] == first["outcome"]
    assert taken["participation"]["voucherCode"] == first["voucherCode"]


async def test_unaccepted_terms_and_unknown_or_ended_campaigns_are_refused(
    client: Client, simulator: Simulator, participant: Account
) -> None:
    await client.login(participant.customer_number)
    year = simulator.today.year
    refused = await join(client, f"cmp-draw-{year}", accept=False)
    assert refused["__typename"] == "CampaignTermsNotAccepted"
    for campaign_id in (f"cmp-spring-{year - 1}", "cmp-unknown", "../agents"):
        assert (await join(client, campaign_id))["__typename"] == "CampaignNotFound", campaign_id
    assert len(await campaigns(client)) == 2, "nothing was taken part in"


async def test_a_non_customer_has_no_campaigns(app: Any, client: Client, simulator: Simulator) -> None:
    account = await create_account(app, like=None, ident_level=2)
    await client.login(account.customer_number)
    simulator.reset_stats()
    assert await campaigns(client) == []
    assert (await join(client, f"cmp-draw-{simulator.today.year}"))["__typename"] == "CampaignNotFound"
    assert crm_campaign_calls(simulator) == 0


async def test_one_crm_call_serves_the_campaigns_of_many_persons(app: Any, simulator: Simulator) -> None:
    backends = app_state(app).backends
    persons = await backends.partners.persons_by_customer_numbers([LIKE, "200014"])
    person_ids = [person.id for person in persons]
    draw = f"cmp-draw-{simulator.today.year}"
    try:
        for person_id in person_ids:
            entered = await backends.crm.join_campaign(draw, person_id=person_id)
            assert entered is not None and entered.outcome == "ENTERED"
        simulator.reset_stats()
        active = await backends.crm.campaigns_of_persons(person_ids)
        assert crm_campaign_calls(simulator) == 1
        assert len(active.campaigns) == 2, "each running campaign once, however many persons"
        assert sorted((p.person_id, p.campaign_id) for p in active.participations) == sorted(
            (person_id, draw) for person_id in person_ids
        )
        assert (
            await backends.crm.join_campaign(
                f"cmp-spring-{simulator.today.year - 1}", person_id=person_ids[0]
            )
            is None
        )
    finally:
        async with simulator.sessionmaker() as session:
            await session.execute(
                delete(CampaignParticipationRow).where(CampaignParticipationRow.person_id.in_(person_ids))
            )
            await session.commit()
