"""GraphQL over HTTP (H1): content negotiation and status codes for `application/json` (legacy: 200
for every GraphQL answer) and `application/graphql-response+json` (4xx when nothing was executed);
transport limits; GraphiQL for internal viewers only in production."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bff.settings import Settings
from bff.simulator.app import Simulator
from tests.conftest import Client, client_address
from tests.factories import create_account
from tests.support.instances import client_of, production_instance
from tests.support.persisted import apq_extensions, error_code, fresh
from tests.support.staff import sign_in_staff

GRAPHQL_JSON = "application/graphql-response+json"
INVALID = "{ viewer { noSuchField } }"
FIELD_ERROR = '{ viewer { customerNumber } customer(customerNumber: "100001") { customerNumber } }'


async def post(client: Client, body: Any, *, accept: str | None = None, **headers: str) -> httpx.Response:
    if accept is not None:
        headers["Accept"] = accept
    return await client.http.post("/graphql", json=body, headers=headers)


def media_type(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0]


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "application/*"])
async def test_application_json_is_the_default_and_keeps_200_for_graphql_errors(
    client: Client, accept: str | None
) -> None:
    invalid = await post(client, {"query": INVALID}, accept=accept)
    unparsable = await post(client, {"query": "{ viewer {"}, accept=accept)

    assert (invalid.status_code, media_type(invalid)) == (200, "application/json")
    assert invalid.json()["data"] is None and invalid.json()["errors"]
    assert unparsable.status_code == 200 and unparsable.json()["errors"][0]["message"].startswith(
        "Syntax Error"
    )


@pytest.mark.parametrize(
    "accept", [GRAPHQL_JSON, f"{GRAPHQL_JSON}, application/json;q=0.9", f"application/json, {GRAPHQL_JSON}"]
)
async def test_graphql_response_json_when_preferred(client: Client, accept: str) -> None:
    response = await post(client, {"query": "{ viewer { customerNumber } }"}, accept=accept)
    assert (response.status_code, media_type(response)) == (200, GRAPHQL_JSON)
    assert response.json() == {"data": {"viewer": None}}


async def test_application_json_wins_when_the_client_prefers_it(client: Client) -> None:
    response = await post(
        client, {"query": "{ viewer { id } }"}, accept=f"{GRAPHQL_JSON};q=0.5, application/json"
    )
    assert media_type(response) == "application/json"


async def test_graphql_response_json_answers_request_errors_with_400_and_no_data(client: Client) -> None:
    invalid = await post(client, {"query": INVALID}, accept=GRAPHQL_JSON)
    unparsable = await post(client, {"query": "{ viewer {"}, accept=GRAPHQL_JSON)
    no_query = await post(client, {"variables": {}}, accept=GRAPHQL_JSON)

    for response in (invalid, unparsable, no_query):
        assert (response.status_code, media_type(response)) == (400, GRAPHQL_JSON), response.text
        assert "data" not in response.json() and response.json()["errors"]


async def test_graphql_response_json_answers_field_errors_with_200_and_data(client: Client) -> None:
    response = await post(client, {"query": FIELD_ERROR}, accept=GRAPHQL_JSON)
    assert response.status_code == 200
    assert response.json()["data"]["viewer"] is None
    assert response.json()["errors"][0]["path"] == ["customer"]


async def test_an_unknown_persisted_query_is_404_for_graphql_response_json(client: Client) -> None:
    response = await post(
        client, {"extensions": apq_extensions(fresh("{ viewer { id } }"))}, accept=GRAPHQL_JSON
    )
    assert (response.status_code, error_code(response.json())) == (404, "PERSISTED_QUERY_NOT_FOUND")


@pytest.mark.parametrize("accept", ["text/plain", "application/xml, text/html;q=0.9", f"{GRAPHQL_JSON};q=0"])
async def test_an_unacceptable_accept_header_is_406(client: Client, accept: str) -> None:
    response = await post(client, {"query": "{ viewer { id } }"}, accept=accept)
    assert (response.status_code, error_code(response.json())) == (406, "NOT_ACCEPTABLE")


@pytest.mark.parametrize("accept", [None, GRAPHQL_JSON])
async def test_transport_refusals_are_graphql_error_bodies(client: Client, accept: str | None) -> None:
    headers = {"Accept": accept} if accept else {}
    text_body = await client.http.post(
        "/graphql", content=b"{ viewer { id } }", headers={**headers, "Content-Type": "text/plain"}
    )
    bad_json = await client.http.post(
        "/graphql", content=b"{not json", headers={**headers, "Content-Type": "application/json"}
    )
    get_mutation = await client.http.get(
        "/graphql", params={"query": "mutation { logout { ok } }"}, headers=headers
    )
    batch = await post(client, [{"query": "{ viewer { id } }"}] * 2, accept=accept)

    assert (text_body.status_code, error_code(text_body.json())) == (415, "UNSUPPORTED_MEDIA_TYPE")
    assert (bad_json.status_code, error_code(bad_json.json())) == (400, "BAD_REQUEST")
    assert (get_mutation.status_code, error_code(get_mutation.json())) == (405, "METHOD_NOT_ALLOWED")
    assert (batch.status_code, error_code(batch.json())) == (400, "BATCHING_NOT_SUPPORTED")
    assert "send one operation per request" in batch.json()["errors"][0]["message"]
    for response in (text_body, bad_json, get_mutation, batch):
        assert media_type(response) == (accept or "application/json")


async def test_a_body_over_the_limit_is_413_whether_declared_or_streamed(
    client: Client, settings: Settings
) -> None:
    padding = " " * settings.max_body_bytes
    declared = await post(client, {"query": "{ viewer { id } }" + padding})

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ viewer { id } }'
        for _ in range(settings.max_body_bytes // 65536 + 1):
            yield b" " * 65536
        yield b'"}'

    streamed = await client.http.post(
        "/graphql", content=chunks(), headers={"Content-Type": "application/json"}
    )

    assert (declared.status_code, error_code(declared.json())) == (413, "PAYLOAD_TOO_LARGE")
    assert "content-length" not in streamed.request.headers
    assert (streamed.status_code, error_code(streamed.json())) == (413, "PAYLOAD_TOO_LARGE")


async def test_graphiql_is_served_to_everyone_in_development(client: Client) -> None:
    page = await client.http.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


@pytest.fixture(scope="module")
async def production(settings: Settings, simulator: Simulator) -> AsyncIterator[Any]:
    async with production_instance(settings, simulator) as instance:
        yield instance.app


async def test_graphiql_is_for_staff_confirmed_with_a_second_factor_only_in_production(
    production: Any,
) -> None:
    async with client_of(production) as customer, client_of(production) as clerk:
        anonymous = await customer.http.get("/graphql", headers={"Accept": "text/html"})
        await customer.login((await create_account(production)).customer_number)
        as_customer = await customer.http.get("/graphql", headers=ide_request(customer))
        await clerk.login((await create_account(production, like=None, role="clerk")).customer_number)
        password_only = await clerk.http.get("/graphql", headers=ide_request(clerk))
        introspection_password_only = await clerk.execute("{ __schema { queryType { name } } }")
        await sign_in_staff(clerk, production, role="clerk")
        confirmed = await clerk.http.get("/graphql", headers=ide_request(clerk))

    assert anonymous.status_code == 404 and as_customer.status_code == 404
    assert password_only.status_code == 404, "a stolen staff password alone opens no internal tool"
    assert introspection_password_only["errors"][0]["extensions"]["code"] == "INTROSPECTION_DISABLED"
    assert confirmed.status_code == 200 and "graphiql" in confirmed.text.lower()


def ide_request(client: Client) -> dict[str, str]:
    return {"Accept": "text/html", "Authorization": f"Bearer {client.token}"}


async def test_a_client_leaving_before_its_body_arrives_is_no_server_error(
    app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """A mobile client losing its connection mid-upload: nothing to answer, nothing logged as an error."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/json")],
        "client": (client_address(), 40000),
        "server": ("testserver", 80),
    }
    await app(scope, receive, send)

    assert not any(message["type"] == "http.response.start" for message in sent)
    assert not [record for record in caplog.records if record.levelname == "ERROR"]
