"""How the BFF serves the reference client: the shell at `/`, modules under `/web/`, each with a
strict CSP and a real content type; nothing of it in production. No browser needed."""

from __future__ import annotations

from starlette.routing import Mount, Route

from bff.app import create_app
from bff.settings import Settings
from tests.conftest import Client


async def test_shell_and_modules_with_a_strict_csp(client: Client) -> None:
    shell = await client.http.get("/")
    assert shell.status_code == 200 and shell.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/web/app.js"></script>' in shell.text
    csp = shell.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for path, content_type in [
        ("/web/app.js", "text/javascript"),
        ("/web/styles.css", "text/css"),
        ("/web/i18n/en.json", "application/json"),
        ("/web/operations/layout.graphql", "text/plain"),
    ]:
        response = await client.http.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith(content_type), path
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-security-policy"] == csp
    missing = await client.http.get("/web/nothing.js")
    assert missing.status_code == 404 and missing.headers["content-security-policy"] == csp


def test_production_serves_no_reference_client() -> None:
    def paths(settings: Settings) -> set[str]:
        return {route.path for route in create_app(settings).routes if isinstance(route, Route | Mount)}

    assert {"/", "/web"} <= paths(Settings())
    production = paths(Settings(environment="prod", secret_key="a-long-random-production-secret-0123456789"))
    assert "/" not in production and "/web" not in production and "/graphql" in production
