"""Campaigns (F3): the Gewinnspiel of seed 002 with a double chance (an instant voucher, or else entry into
the yearly draw), only at ident level 2, once per customer, with one CRM call per request, on the API and
on the dashboard."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from bff.db.models import Account, AuditEvent
from bff.simulator.app import Simulator
from bff.simulator.db import CampaignParticipationRow
from tests.conftest import Client
from tests.factories import app_state, create_account
from tests.layout.conftest import rendered
from tests.layout.queries import LAYOUT_QUERY, client_input

CAMPAIGNS = """
query($all: Boolean! = false) { viewer { campaigns(includeJoined: $all) {
  id title text startsOn endsOn drawOn termsUrl participation { outcome voucherCode joinedAt } } } }
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


async def campaign_banners(client: Client) -> list[dict[str, Any]]:
    variables = {"screen": "dashboard", "client": client_input("WEB")}
    body = await client.execute(LAYOUT_QUERY, variables)
    assert "errors" not in body, body["errors"]
    return [c for c in rendered(body) if c["type"] == "banner.campaign/1"]


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

    refused = await join(client, gewinnspiel(simulator))
    assert refused["__typename"] == "IdentLevelTooLow"
    assert "Freischaltcode" in refused["message"] and "by post" in refused["messageEn"]

    # The activation code confirmed on another device: the account's level counts, not the session's.
    async with app_state(app).db.session() as session:
        await session.execute(update(Account).where(Account.id == participant.id).values(ident_level=2))
        await session.commit()
    assert len(await campaigns(client)) == 1


def gewinnspiel(simulator: Simulator, years_ago: int = 0) -> str:
    return f"cmp-gewinnspiel-{simulator.today.year - years_ago}"


async def test_one_gewinnspiel_with_a_double_chance_and_the_outcome_on_the_dashboard(
    app: Any, client: Client, simulator: Simulator, participant: Account
) -> None:
    await client.login(participant.customer_number)
    simulator.reset_stats()
    [offered] = await campaigns(client)
    assert crm_campaign_calls(simulator) == 1
    assert offered["id"] == gewinnspiel(simulator) and offered["participation"] is None
    assert "Amazon.de-Gutschein" in offered["text"] and "iPhone" in offered["text"]
    assert offered["startsOn"] <= simulator.today.isoformat() <= offered["endsOn"] < offered["drawOn"]
    assert offered["termsUrl"].startswith("https://")
    [banner] = await campaign_banners(client)
    assert banner["action"]["input"]["campaignId"] == offered["id"]

    joined = await join(client, offered["id"])
    assert joined["__typename"] == "CampaignJoined" and joined["campaignId"] == offered["id"]
    if joined["outcome"] == "WIN":
        assert joined["voucherCode"] and joined["voucherCode"] in joined["message"]
    else:  # no instant prize: the second chance, the yearly draw
        assert (joined["outcome"], joined["voucherCode"]) == ("ENTERED", None)
        assert "Jahresverlosung" in joined["message"] and "yearly draw" in joined["messageEn"]

    simulator.reset_stats()
    assert await campaigns(client) == []
    assert crm_campaign_calls(simulator) == 1
    [taken] = await campaigns(client, include_joined=True)
    assert taken["participation"]["outcome"] == joined["outcome"]
    [after] = await campaign_banners(client)
    assert after["action"] is None, "taken part: the banner tells the outcome and offers nothing more"
    if joined["outcome"] == "WIN":
        assert joined["voucherCode"] in after["text"]
    else:
        draw_on = date.fromisoformat(offered["drawOn"])
        assert "Jahresverlosung" in after["text"] and f"{draw_on:%d.%m.%Y}" in after["text"]

    async with app_state(app).db.session() as session:
        events = (
            await session.scalars(
                select(AuditEvent).where(
                    AuditEvent.account_id == participant.id, AuditEvent.action == "campaign.joined"
                )
            )
        ).all()
    assert [e.detail for e in events] == [{"campaign_id": offered["id"], "outcome": joined["outcome"]}]


async def test_taking_part_twice_answers_the_first_outcome(
    client: Client, simulator: Simulator, participant: Account
) -> None:
    await client.login(participant.customer_number)
    instant = gewinnspiel(simulator)
    first = await join(client, instant)
    assert first["__typename"] == "CampaignJoined"
    assert first["outcome"] in ("WIN", "ENTERED")
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
    refused = await join(client, gewinnspiel(simulator), accept=False)
    assert refused["__typename"] == "CampaignTermsNotAccepted"
    for campaign_id in (gewinnspiel(simulator, years_ago=1), "cmp-unknown", "../agents"):
        assert (await join(client, campaign_id))["__typename"] == "CampaignNotFound", campaign_id
    assert len(await campaigns(client)) == 1, "nothing was taken part in"


async def test_a_non_customer_has_no_campaigns(app: Any, client: Client, simulator: Simulator) -> None:
    account = await create_account(app, like=None, ident_level=2)
    await client.login(account.customer_number)
    simulator.reset_stats()
    assert await campaigns(client) == []
    assert (await join(client, gewinnspiel(simulator)))["__typename"] == "CampaignNotFound"
    assert crm_campaign_calls(simulator) == 0


async def test_every_participant_wins_the_voucher_or_enters_the_draw_and_one_call_serves_many(
    app: Any, simulator: Simulator
) -> None:
    """Seed 002's double chance: nobody leaves with nothing; a no-win is an entry into the yearly draw."""
    backends = app_state(app).backends
    numbers = [f"2000{n:02d}" for n in range(1, 21) if f"2000{n:02d}" != LIKE]
    persons = await backends.partners.persons_by_customer_numbers(numbers)
    person_ids = [person.id for person in persons]
    current = gewinnspiel(simulator)
    try:
        outcomes = []
        for person_id in person_ids:
            taken = await backends.crm.join_campaign(current, person_id=person_id)
            assert taken is not None
            assert (taken.voucher_code is not None) == (taken.outcome == "WIN"), taken
            outcomes.append(taken.outcome)
        assert set(outcomes) == {"WIN", "ENTERED"}, outcomes
        simulator.reset_stats()
        active = await backends.crm.campaigns_of_persons(person_ids)
        assert crm_campaign_calls(simulator) == 1
        assert [c.id for c in active.campaigns] == [current], "the campaign once, however many persons"
        assert sorted((p.person_id, p.campaign_id) for p in active.participations) == sorted(
            (person_id, current) for person_id in person_ids
        )
        assert await backends.crm.join_campaign(gewinnspiel(simulator, 1), person_id=person_ids[0]) is None
    finally:
        async with simulator.sessionmaker() as session:
            await session.execute(
                delete(CampaignParticipationRow).where(CampaignParticipationRow.person_id.in_(person_ids))
            )
            await session.commit()
