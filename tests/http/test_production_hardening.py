"""Production (issue 18): nothing of the demo, security headers on every response, /metrics not public,
GraphiQL without any CDN."""

from __future__ import annotations

import re
import tempfile
from typing import Any

import pytest

from bff.app import create_app
from bff.demo_accounts import DEMO_PASSWORD, DemoAccountsInProduction
from bff.http.graphiql import ASSETS
from bff.settings import Environment, Settings
from bff.simulator.app import Simulator
from tests.conftest import Client
from tests.factories import create_account
from tests.support.instances import client_of, production_instance, running_instance

LOGIN = """mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) { __typename } }"""


async def test_production_on_a_fresh_database_has_no_demo_sign_in(
    settings: Settings, simulator: Simulator
) -> None:
    async with production_instance(settings, simulator, seed_demo_accounts=True) as production:
        answers = {
            name: (await production.client.execute(LOGIN, {"n": name, "p": DEMO_PASSWORD}))["data"]["login"]
            for name in ("clerk-01", "agent-erika", "100001")
        }
    assert {answer["__typename"] for answer in answers.values()} == {"LoginFailed"}, answers


async def test_production_refuses_to_start_while_a_demo_account_exists(
    settings: Settings, simulator: Simulator
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        database = f"sqlite+aiosqlite:///{directory}/bff.db"
        async with running_instance(settings, simulator, database_url=database) as development:
            await create_account(development.app)  # a real customer's account stays allowed
        production = create_app(
            settings.model_copy(
                update={"environment": Environment.PROD, "secret_key": "s" * 40, "database_url": database}
            ),
            simulator=simulator,
        )
        with pytest.raises(DemoAccountsInProduction, match="clerk-01"):
            async with production.router.lifespan_context(production):
                pass


async def test_production_starts_with_a_real_customer_whose_number_a_demo_account_has(
    settings: Settings, simulator: Simulator
) -> None:
    """Only the published password or a demo mailbox makes an account a demo sign-in: a real customer
    numbered 100001 in the insurer's own numbering does not keep production from starting."""
    with tempfile.TemporaryDirectory() as directory:
        database = f"sqlite+aiosqlite:///{directory}/bff.db"
        production = {"environment": Environment.PROD, "secret_key": "s" * 40, "database_url": database}
        async with running_instance(settings, simulator, **production) as first:
            await create_account(
                first.app, password="Eigenes-Kennwort-2026!", customer_number="100001", email="e@example.org"
            )
        async with running_instance(settings, simulator, **production) as second:
            assert (await second.client.http.get("/healthz")).status_code == 200


SECURITY_HEADERS = ("x-content-type-options", "content-security-policy", "referrer-policy")


async def test_every_response_carries_the_security_headers(client: Client) -> None:
    await client.login("100001")
    bearer = {"Authorization": f"Bearer {client.token}"}
    documents = await client.execute(
        "{ viewer { postbox { documents(first: 1) { edges { node { downloadUrl } } } } } }"
    )
    download_url = documents["data"]["viewer"]["postbox"]["documents"]["edges"][0]["node"]["downloadUrl"]
    responses = {
        "graphql": await client.http.post("/graphql", json={"query": "{ __typename }"}),
        "graphql error": await client.http.post("/graphql", content=b"{", headers=bearer),
        "document": await client.http.get(download_url, headers=bearer),
        "missing document": await client.http.get("/documents/nothing/content", headers=bearer),
        "graphiql": await client.http.get("/graphql", headers={"Accept": "text/html"}),
        "health": await client.http.get("/healthz"),
        "unknown path": await client.http.get("/nothing-here"),
    }
    for name, response in responses.items():
        for header in SECURITY_HEADERS:
            assert header in response.headers, (name, header)
        assert response.headers["x-content-type-options"] == "nosniff", name
        assert "strict-transport-security" not in response.headers, "no HSTS on a plain-HTTP dev server"
    assert responses["document"].headers["content-type"] == "application/pdf"
    assert "frame-ancestors 'self'" in responses["document"].headers["content-security-policy"]
    for name in ("graphql", "graphiql", "health"):
        assert "frame-ancestors 'none'" in responses[name].headers["content-security-policy"], name


async def test_graphiql_is_served_by_the_app_itself_under_a_csp(client: Client) -> None:
    page = await client.http.get("/graphql", headers={"Accept": "text/html"})
    csp = page.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce and f'<script nonce="{nonce.group(1)}">' in page.text
    assert "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp
    assert not re.search(r"(src|href)=\"https?://", page.text), "nothing from a CDN"
    referenced = re.findall(r"(?:src|href)=\"(/graphiql/[^\"]+)\"", page.text)
    assert len(referenced) == 7
    for path in referenced:
        asset = await client.http.get(path)
        assert asset.status_code == 200 and asset.headers["x-content-type-options"] == "nosniff", path
        assert asset.headers["content-type"].startswith(("text/javascript", "text/css")), path
    assert (ASSETS.parent / "licenses" / "graphiql-LICENSE.txt").is_file()
    for probe in ("/graphiql/..%2Fgraphiql.html", "/graphiql/nothing.js", "/graphiql/README.txt"):
        assert (await client.http.get(probe)).status_code == 404, probe


async def test_production_adds_hsts_and_keeps_metrics_for_the_scraper_with_the_token(
    settings: Settings, simulator: Simulator
) -> None:
    token = "metrics-scraper-token-0123456789"
    async with production_instance(settings, simulator, metrics_token=token) as production:
        http = production.client.http
        anonymous = await http.get("/metrics")
        wrong = await http.get("/metrics", headers={"Authorization": "Bearer wrong"})
        scraper = await http.get("/metrics", headers={"Authorization": f"Bearer {token}"})
    async with production_instance(settings, simulator) as without_token:
        unset = await without_token.client.http.get("/metrics", headers={"Authorization": "Bearer "})
    assert (anonymous.status_code, wrong.status_code, unset.status_code) == (404, 404, 404)
    assert scraper.status_code == 200 and "bff_" in scraper.text
    assert anonymous.headers["strict-transport-security"].startswith("max-age=")


async def test_metrics_are_open_in_development(app: Any) -> None:
    async with client_of(app) as client:
        assert (await client.http.get("/metrics")).status_code == 200
