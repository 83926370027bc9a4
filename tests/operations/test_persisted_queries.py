"""Automatic persisted queries exactly as Apollo Client sends them (hash, then hash and query), over
POST and over GET, with cache headers on GET answers (H1)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bff.app import create_app
from bff.settings import Settings
from bff.simulator.app import Simulator
from tests.conftest import TEST_REDIS_URL, Client, client_address
from tests.factories import create_account
from tests.support.persisted import apollo_get_params, apq_extensions, error_code, fresh, sha256_hex

VIEWER = "query Viewer { viewer { customerNumber } }"


async def post(client: Client, body: dict[str, Any], **headers: str) -> httpx.Response:
    if client.token:
        headers.setdefault("Authorization", f"Bearer {client.token}")
    return await client.http.post("/graphql", json=body, headers=headers)


async def get(client: Client, params: dict[str, str], **headers: str) -> httpx.Response:
    if client.token:
        headers.setdefault("Authorization", f"Bearer {client.token}")
    return await client.http.get("/graphql", params=params, headers=headers)


def assert_not_found(response: httpx.Response) -> None:
    assert response.status_code == 200, response.text  # as Apollo Server: the client retries
    assert response.json() == {
        "errors": [{"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}]
    }


async def test_apollo_client_sequence_over_post(client: Client, app: Any) -> None:
    await client.login((await create_account(app)).customer_number)
    query = fresh(VIEWER)
    hashed = {"operationName": "Viewer", "variables": {}, "extensions": apq_extensions(query)}

    assert_not_found(await post(client, hashed))
    registered = await post(client, {**hashed, "query": query})
    assert registered.status_code == 200
    served = await post(client, hashed)

    assert served.status_code == 200
    assert served.json() == registered.json()
    assert served.json()["data"]["viewer"]["customerNumber"] == "100002"


async def test_apollo_client_sequence_over_get(client: Client) -> None:
    query = fresh(VIEWER)

    assert_not_found(await get(client, apollo_get_params(query, operation_name="Viewer")))
    registered = await get(client, apollo_get_params(query, operation_name="Viewer", include_query=True))
    assert registered.json() == {"data": {"viewer": None}}
    served = await get(client, apollo_get_params(query, operation_name="Viewer"))

    assert served.status_code == 200
    assert served.json() == {"data": {"viewer": None}}


async def test_a_query_registered_over_post_is_served_over_get(client: Client) -> None:
    query = fresh(VIEWER)
    await post(client, {"query": query, "extensions": apq_extensions(query)})
    assert (await get(client, apollo_get_params(query))).json() == {"data": {"viewer": None}}


async def test_a_hash_that_does_not_match_the_query_is_refused_and_not_stored(client: Client) -> None:
    query = fresh(VIEWER)
    other = fresh(VIEWER)
    mismatched = await post(client, {"query": other, "extensions": apq_extensions(query)})

    assert mismatched.status_code == 400
    assert mismatched.json()["errors"][0]["message"] == "provided sha does not match query"
    assert error_code(mismatched.json()) == "PERSISTED_QUERY_HASH_MISMATCH"
    assert_not_found(await post(client, {"extensions": apq_extensions(query)}))
    assert_not_found(await post(client, {"extensions": apq_extensions(other)}))


async def test_an_invalid_query_is_not_persisted(client: Client) -> None:
    query = fresh("{ viewer { noSuchField } }")
    invalid = await post(client, {"query": query, "extensions": apq_extensions(query)})

    assert invalid.json()["errors"][0]["message"].startswith("Cannot query field 'noSuchField'")
    assert_not_found(await post(client, {"extensions": apq_extensions(query)}))


async def test_unsupported_persisted_query_version_is_refused(client: Client) -> None:
    extensions = {"persistedQuery": {"version": 2, "sha256Hash": sha256_hex(VIEWER)}}
    response = await post(client, {"extensions": extensions})
    assert response.status_code == 400
    assert error_code(response.json()) == "PERSISTED_QUERY_VERSION_UNSUPPORTED"


async def test_anonymous_get_answers_are_publicly_cacheable_with_an_etag(client: Client) -> None:
    query = fresh(VIEWER)
    await get(client, apollo_get_params(query, include_query=True))
    first = await get(client, apollo_get_params(query))

    assert first.headers["cache-control"] == "public, max-age=30"
    vary = {name.strip() for name in first.headers["vary"].split(",")}
    assert {"Authorization", "Cookie", "X-Api-Key", "X-Partner-Grant", "Accept-Language"} <= vary
    etag = first.headers["etag"]
    again = await get(client, apollo_get_params(query), **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    stale = await get(client, apollo_get_params(query), **{"If-None-Match": '"other"'})
    assert stale.status_code == 200 and stale.json() == first.json()


async def test_signed_in_get_answers_are_private(client: Client, app: Any) -> None:
    await client.login((await create_account(app)).customer_number)
    query = fresh(VIEWER)
    response = await get(client, apollo_get_params(query, include_query=True))

    assert response.json()["data"]["viewer"]["customerNumber"] == "100002"
    assert response.headers["cache-control"] == "private, max-age=0, must-revalidate"
    assert "public" not in response.headers["cache-control"]
    etag = response.headers["etag"]
    assert (await get(client, apollo_get_params(query), **{"If-None-Match": etag})).status_code == 304


async def test_get_answers_with_errors_are_not_cached(client: Client) -> None:
    response = await get(client, {"query": '{ customer(customerNumber: "100001") { customerNumber } }'})
    assert response.json()["errors"]
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers


async def test_a_mutation_over_get_is_refused(client: Client) -> None:
    query = fresh("mutation { logout { ok } }")
    response = await get(client, apollo_get_params(query, include_query=True))

    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert error_code(response.json()) == "METHOD_NOT_ALLOWED"
    assert_not_found(await post(client, {"extensions": apq_extensions(query)}))


async def test_post_answers_carry_no_cache_headers(client: Client) -> None:
    response = await post(client, {"query": VIEWER})
    assert "cache-control" not in response.headers and "etag" not in response.headers


@pytest.mark.skipif(not TEST_REDIS_URL, reason="needs Redis (BFF_TEST_REDIS_URL)")
async def test_a_persisted_query_is_known_to_every_instance_sharing_redis(
    client: Client, settings: Settings, simulator: Simulator
) -> None:
    query = fresh(VIEWER)
    await post(client, {"query": query, "extensions": apq_extensions(query)})

    other = create_app(settings.model_copy(), simulator=simulator)
    async with other.router.lifespan_context(other):
        transport = httpx.ASGITransport(app=other, client=(client_address(), 1))
        async with httpx.AsyncClient(transport=transport, base_url="http://second-instance") as http:
            served = await http.post("/graphql", json={"extensions": apq_extensions(query)})

    assert served.json() == {"data": {"viewer": None}}
