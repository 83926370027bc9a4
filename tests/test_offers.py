"""Offers (F2) a customer believes: shown only while valid by the portal's clock, never for what the customer
already has, and a deadline in a text is the offer's own last day."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, select

from bff.backends.models import DeliveryChannel, ImpulseAudience, Line
from bff.db.models import Account
from bff.domain.clock import BERLIN
from bff.simulator.app import Simulator
from bff.simulator.db import ContractRow, ImpulseRow, PersonRow
from tests.conftest import Client
from tests.factories import app_state, create_account
from tests.layout.conftest import rendered
from tests.layout.queries import LAYOUT_QUERY, client_input

LIKE = "200016"
"""A generated customer whose impulses this test replaces for a while."""
OFFERS = "{ viewer { deliveryChannel salesImpulses(first: 20) { title validFrom validUntil } } }"


@pytest.fixture
async def customer(app: Any, simulator: Simulator) -> AsyncIterator[Account]:
    account = await create_account(app, like=LIKE)
    async with simulator.sessionmaker() as session:
        kept = list(
            await session.scalars(select(ImpulseRow).where(ImpulseRow.person_id == account.person_id))
        )
        await session.execute(delete(ImpulseRow).where(ImpulseRow.person_id == account.person_id))
        await session.commit()
        saved = [{c.name: getattr(row, c.name) for c in ImpulseRow.__table__.columns} for row in kept]
    try:
        yield account
    finally:
        async with simulator.sessionmaker() as session:
            await session.execute(delete(ImpulseRow).where(ImpulseRow.person_id == account.person_id))
            session.add_all(ImpulseRow(**row) for row in saved)
            await session.commit()


async def test_offers_are_shown_while_valid_by_the_portals_clock_and_only_when_they_fit(
    app: Any, client: Client, simulator: Simulator, customer: Account
) -> None:
    today = app_state(app).clock().astimezone(BERLIN).date()
    async with simulator.sessionmaker() as session:
        person = await session.get(PersonRow, customer.person_id)
        assert person is not None
        held = {
            Line(line)
            for line in await session.scalars(
                select(ContractRow.line).where(ContractRow.holder_id == customer.person_id)
            )
        }
        missing = next(
            line for line in (Line.CARE, Line.PENSION, Line.DISABILITY, Line.ACCIDENT) if line not in held
        )
        owned = next(iter(held))
        paper = person.delivery_channel == DeliveryChannel.PAPER.value

        def offer(
            title: str, line: Line | None, audience: ImpulseAudience, start: int, end: int
        ) -> ImpulseRow:
            return ImpulseRow(
                id=f"i-test-{title}",
                person_id=customer.person_id,
                title=title,
                text=title,
                line=line.value if line else None,
                audience=audience.value,
                relevance=0.5,
                valid_from=today + timedelta(days=start),
                valid_until=today + timedelta(days=end),
            )

        session.add_all(
            [
                offer("current", missing, ImpulseAudience.NEWCOMERS, -10, 10),
                offer("last-day-today", missing, ImpulseAudience.NEWCOMERS, -10, 0),
                offer("ended-yesterday", missing, ImpulseAudience.NEWCOMERS, -10, -1),
                offer("starts-tomorrow", missing, ImpulseAudience.NEWCOMERS, 1, 10),
                offer("already-held", owned, ImpulseAudience.NEWCOMERS, -10, 10),
                offer("add-on-for-holders", owned, ImpulseAudience.HOLDERS, -10, 10),
                offer("add-on-not-held", missing, ImpulseAudience.HOLDERS, -10, 10),
                offer("digital-post", None, ImpulseAudience.PAPER_DELIVERY, -10, 10),
            ]
        )
        await session.commit()

    await client.login(customer.customer_number)
    viewer = (await client.execute(OFFERS))["data"]["viewer"]
    expected = {"current", "last-day-today", "add-on-for-holders"} | ({"digital-post"} if paper else set())
    assert {o["title"] for o in viewer["salesImpulses"]} == expected
    assert all(date.fromisoformat(o["validUntil"]) >= today for o in viewer["salesImpulses"])
    body = await client.execute(LAYOUT_QUERY, {"screen": "offers", "client": client_input("WEB")})
    assert {c["title"] for c in rendered(body) if c["type"] == "card.offer/1"} == expected

    # The customer switches to the other delivery channel: the digital-post offer follows at once, whatever
    # the CRM scored before.
    async with simulator.sessionmaker() as session:
        person = await session.get(PersonRow, customer.person_id)
        assert person is not None
        person.delivery_channel = (DeliveryChannel.DIGITAL if paper else DeliveryChannel.PAPER).value
        await session.commit()
    try:
        titles = {o["title"] for o in (await client.execute(OFFERS))["data"]["viewer"]["salesImpulses"]}
        assert ("digital-post" in titles) is not paper
    finally:
        async with simulator.sessionmaker() as session:
            person = await session.get(PersonRow, customer.person_id)
            assert person is not None
            person.delivery_channel = (DeliveryChannel.PAPER if paper else DeliveryChannel.DIGITAL).value
            await session.commit()


async def test_the_seeds_offers_fit_their_customers_and_name_their_own_deadline(simulator: Simulator) -> None:
    async with simulator.sessionmaker() as session:
        impulses = list(await session.scalars(select(ImpulseRow)))
        channels = dict((await session.execute(select(PersonRow.id, PersonRow.delivery_channel))).all())
        holdings: dict[str, set[str]] = {}
        for holder, line in (await session.execute(select(ContractRow.holder_id, ContractRow.line))).all():
            holdings.setdefault(holder, set()).add(line)
    assert impulses
    for impulse in impulses:
        assert impulse.valid_from is not None and impulse.valid_until is not None, impulse.id
        assert impulse.valid_from <= impulse.valid_until, impulse.id
        for day, month, year in re.findall(r"[Bb]is zum (\d{2})\.(\d{2})\.(\d{4})?", impulse.text):
            assert year, f"{impulse.id}: a deadline without a year: {impulse.text}"
            assert date(int(year), int(month), int(day)) == impulse.valid_until, impulse.text
        held = holdings.get(impulse.person_id, set())
        if impulse.audience == ImpulseAudience.PAPER_DELIVERY:
            assert channels[impulse.person_id] == DeliveryChannel.PAPER.value, impulse.id
        elif impulse.audience == ImpulseAudience.NEWCOMERS:
            assert impulse.line not in held, f"{impulse.id}: {impulse.title} to a holder of {impulse.line}"
        else:
            assert impulse.line in held, f"{impulse.id}: an add-on to a customer without {impulse.line}"
