"""Trusted documents (H1): `bff operations register` stores one document per operation, and a
persisted-only client runs nothing but its own registered operations."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result

from bff.app import create_app
from bff.cli import main
from bff.operations.documents import split_operations
from bff.operations.registry import register_operations
from bff.settings import Settings
from bff.simulator.app import Simulator
from tests.conftest import Client, client_address, unique
from tests.factories import app_state, create_account
from tests.support.persisted import error_code, sha256_hex

TWO_OPERATIONS = """
query Names { viewer { ...Names } }
fragment Names on Customer { customerNumber firstName }
query Ids { viewer { ...Ids } }
fragment Ids on Customer { customerNumber id }
"""
KIOSK = "kiosk-terminal"  # persisted-only in `persisted_only` below


async def invoke(settings: Settings, *args: str) -> Result:
    """The CLI in a thread of its own: it runs its own event loop, as from a shell."""
    runner = CliRunner()
    env = {"BFF_DATABASE_URL": settings.database_url}
    return await asyncio.to_thread(runner.invoke, main, list(args), env=env)


async def test_register_prints_one_id_per_operation_and_is_idempotent(
    settings: Settings, tmp_path: Path
) -> None:
    client = unique("app")
    source = tmp_path / "portal.graphql"
    source.write_text(TWO_OPERATIONS)
    expected = [document.id for document in split_operations(TWO_OPERATIONS)]

    first = await invoke(
        settings, "operations", "register", "--client", client, "--version", "1.0", str(source)
    )
    again = await invoke(
        settings, "operations", "register", "--client", client, "--version", "1.1", str(source)
    )
    listed = await invoke(settings, "operations", "list", "--client", client)

    assert first.exit_code == 0, first.output
    assert [line.split()[0] for line in first.output.splitlines()] == expected
    assert again.output == first.output
    assert sorted(line.split() for line in listed.output.splitlines()) == sorted(
        [[expected[0], client, "1.0", "Names"], [expected[1], client, "1.0", "Ids"]]
    )


async def test_an_operation_the_schema_refuses_is_not_registered(settings: Settings, tmp_path: Path) -> None:
    client = unique("app")
    source = tmp_path / "broken.graphql"
    source.write_text("query Broken { viewer { noSuchField } }")

    result = await invoke(
        settings, "operations", "register", "--client", client, "--version", "1", str(source)
    )

    assert result.exit_code != 0
    assert "noSuchField" in result.output
    assert (await invoke(settings, "operations", "list", "--client", client)).output == ""


@pytest.fixture(scope="module")
async def persisted_only(settings: Settings, simulator: Simulator) -> AsyncIterator[Any]:
    """An instance on the same database where the kiosk client is switched to persisted-only."""
    restricted = settings.model_copy(update={"persisted_only_clients": [KIOSK]})
    application = create_app(restricted, simulator=simulator)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def kiosk(persisted_only: Any) -> AsyncIterator[Client]:
    transport = httpx.ASGITransport(app=persisted_only, client=(client_address(), 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield Client(http)


async def run(client: Client, body: dict[str, Any], *, name: str = KIOSK) -> httpx.Response:
    """A request of the client called `name` (the kiosk signs in as an unrestricted client would)."""
    headers = {"X-Client-Name": name}
    if client.token:
        headers["Authorization"] = f"Bearer {client.token}"
    return await client.http.post("/graphql", json=body, headers=headers)


async def test_a_persisted_only_client_runs_its_registered_operations_only(
    kiosk: Client, persisted_only: Any
) -> None:
    db = app_state(persisted_only).db
    own = await register_operations(db, client=KIOSK, version="2.0", source=TWO_OPERATIONS)
    foreign = await register_operations(
        db, client=unique("other"), version="1", source="query Foreign { viewer { lastName } }"
    )
    await kiosk.login((await create_account(persisted_only)).customer_number)

    freeform = await run(kiosk, {"query": "query Names { viewer { customerNumber } }"})
    unknown = await run(kiosk, {"documentId": f"sha256:{sha256_hex('query Unknown { viewer { id } }')}"})
    other_client = await run(kiosk, {"documentId": f"sha256:{foreign[0]}"})
    by_document_id = await run(kiosk, {"documentId": f"sha256:{own[0]}"})
    by_apollo_hash = await run(
        kiosk, {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": own[1]}}}
    )

    assert (freeform.status_code, error_code(freeform.json())) == (400, "PERSISTED_QUERY_ONLY")
    assert (unknown.status_code, error_code(unknown.json())) == (404, "PERSISTED_QUERY_NOT_FOUND")
    assert (other_client.status_code, error_code(other_client.json())) == (403, "OPERATION_NOT_ALLOWED")
    assert by_document_id.status_code == 200
    assert by_document_id.json()["data"]["viewer"]["customerNumber"] == "100002"
    assert set(by_document_id.json()["data"]["viewer"]) == {"customerNumber", "firstName"}
    assert by_apollo_hash.json()["data"]["viewer"]["customerNumber"] == "100002"
    assert set(by_apollo_hash.json()["data"]["viewer"]) == {"customerNumber", "id"}


async def test_a_persisted_only_client_cannot_register_queries_through_apq(kiosk: Client) -> None:
    query = "query Sneaky { viewer { customerNumber } }"
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha256_hex(query)}}
    response = await run(kiosk, {"query": query, "extensions": extensions})
    assert (response.status_code, error_code(response.json())) == (400, "PERSISTED_QUERY_ONLY")


async def test_the_apollo_client_name_header_selects_the_policy_too(persisted_only: Any) -> None:
    transport = httpx.ASGITransport(app=persisted_only, client=(client_address(), 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        apollo = await http.post(
            "/graphql", json={"query": "{ viewer { id } }"}, headers={"apollographql-client-name": KIOSK}
        )
        other = await http.post(
            "/graphql", json={"query": "{ viewer { id } }"}, headers={"X-Client-Name": "web"}
        )
    assert apollo.status_code == 400
    assert other.json() == {"data": {"viewer": None}}


async def test_any_other_client_may_name_a_registered_operation(client: Client, app: Any) -> None:
    source = f"query Registered{unique('q').replace('-', '')} {{ viewer {{ customerNumber }} }}"
    [document_id] = await register_operations(
        app_state(app).db, client=unique("web"), version="1", source=source
    )

    known = await run(client, {"documentId": document_id}, name="web")
    unknown = await run(client, {"documentId": "sha256:" + sha256_hex(source)}, name="web")

    assert known.json() == {"data": {"viewer": None}}
    assert (unknown.status_code, error_code(unknown.json())) == (404, "PERSISTED_QUERY_NOT_FOUND")
