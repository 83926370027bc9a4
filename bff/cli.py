"""`bff demo | serve | simulator | worker | schema export | manifests validate/schema | db upgrade`."""

from __future__ import annotations

import asyncio
import logging
import sys
from datetime import date, datetime
from pathlib import Path

import click
import uvicorn

from bff.settings import Settings

REPO_SCHEMA = Path("schema.graphql")


@click.group()
def main() -> None:
    """GraphQL backend-for-frontend for insurance customer portals."""


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # httpx logs full URLs at INFO; upstream query strings can hold search terms (personal data).
    logging.getLogger("httpx").setLevel(logging.WARNING)


def _banner(host: str, port: int) -> str:
    from bff.demo_accounts import DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_STAFF

    lines = [
        "",
        f"  GraphQL + GraphiQL:  http://{host}:{port}/graphql",
        f"  Health / metrics:    http://{host}:{port}/readyz  http://{host}:{port}/metrics",
        f"  Demo sign-ins (password {DEMO_PASSWORD}):",
        *(f"    {number}  {what}" for number, what in DEMO_CUSTOMERS.items()),
        *(f"    {name}  {what} (enrol a second factor first)" for name, (_, what) in DEMO_STAFF.items()),
        f"  Mails and letters: http://{host}:{port}/dev/mailbox",
        '  mutation { login(customerNumber: "100001", password: "Demo-Kunde-2026!") '
        "{ __typename ... on LoginSuccess { token } } }",
        "",
    ]
    return "\n".join(lines)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def demo(host: str, port: int) -> None:
    """Run with embedded defaults: SQLite, in-process store, simulated upstreams, demo data."""
    from bff.app import create_app

    settings = Settings(allowed_origins=[f"http://{host}:{port}", f"http://localhost:{port}"])
    _configure_logging(settings.log_level)
    click.echo(_banner(host, port))
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int, help="uvicorn worker processes")
def serve(host: str, port: int, workers: int) -> None:
    """Run with the configuration from BFF_* environment variables (production)."""
    settings = Settings()
    _configure_logging(settings.log_level)
    uvicorn.run(
        "bff.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level.lower(),
        proxy_headers=True,
    )


def _parse_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    return datetime.strptime(value, "%Y-%m-%d").date() if value else None


def _parse_rates(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict[str, float]:
    rates = {}
    for value in values:
        system, _, rate = value.partition("=")
        rates[system] = float(rate)
    return rates


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=9100, show_default=True, type=int)
@click.option(
    "--customers", default=200, show_default=True, type=int, help="random customers beyond the demo ones"
)
@click.option("--seed", default=2026, show_default=True, type=int)
@click.option(
    "--latency-ms", default=0.0, show_default=True, type=float, help="added latency for every system"
)
@click.option(
    "--error-rate", multiple=True, callback=_parse_rates, help="SYSTEM=RATE, e.g. claims=0.2 (repeatable)"
)
@click.option("--down", multiple=True, help="a system that answers 503 (repeatable)")
@click.option("--database-url", default="sqlite+aiosqlite:///:memory:", show_default=True)
@click.option(
    "--today", default=None, callback=_parse_day, help="reference day of the seed data (YYYY-MM-DD)"
)
@click.option("--no-service-hours", is_flag=True, help="accept service requests at any time")
def simulator(
    host: str,
    port: int,
    customers: int,
    seed: int,
    latency_ms: float,
    error_rate: dict[str, float],
    down: tuple[str, ...],
    database_url: str,
    today: date | None,
    no_service_hours: bool,
) -> None:
    """Serve the six simulated upstream systems (OpenAPI at /docs; knobs and counters under /_sim)."""
    from bff.simulator.app import run

    run(
        host=host,
        port=port,
        customers=customers,
        seed=seed,
        latency_ms=latency_ms,
        error_rate=error_rate,
        down=set(down),
        database_url=database_url,
        today=today,
        service_hours_enforced=not no_service_hours,
    )


@main.command()
@click.option("--concurrency", default=1, show_default=True, type=int, help="worker loops in this process")
def worker(concurrency: int) -> None:
    """Deliver outbox service requests (BFF_* settings as for `serve`); stops on SIGTERM/SIGINT."""
    from bff.outbox.process import WorkerConfigurationError, run_workers

    settings = Settings()
    _configure_logging(settings.log_level)
    try:
        asyncio.run(run_workers(settings, concurrency=concurrency))
    except WorkerConfigurationError as error:
        raise click.UsageError(str(error)) from error


@main.group()
def schema() -> None:
    """The GraphQL schema."""


@schema.command("export")
@click.option("--output", type=click.Path(path_type=Path), default=None, help="default: stdout")
@click.option("--check", is_flag=True, help="fail if the file differs from the code (CI drift check)")
def schema_export(output: Path | None, check: bool) -> None:
    from bff.schema.schema import schema as graphql_schema

    sdl = graphql_schema.as_str() + "\n"
    if check:
        target = output or REPO_SCHEMA
        if not target.exists() or target.read_text() != sdl:
            click.echo(f"{target} differs from the code: run `bff schema export --output {target}`", err=True)
            sys.exit(1)
        click.echo(f"{target} is up to date")
    elif output:
        output.write_text(sdl)
    else:
        click.echo(sdl, nl=False)


@main.group()
def manifests() -> None:
    """The server-driven UI's manifests (ui_manifests/)."""


@manifests.command("validate")
@click.argument("directory", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
def manifests_validate(directory: Path | None) -> None:
    """Check every manifest and reference; one `file:line: message at path` per error, exit 1 on errors.
    Default: BFF_UI_MANIFESTS_DIR or this checkout's ui_manifests/."""
    from bff.layout.catalogue import catalogue_of
    from bff.layout.registry import load_manifests, manifest_directory
    from bff.layout.source import ManifestInvalid
    from bff.layout.tooling import summary
    from bff.schema.schema import schema as graphql_schema

    target = (directory or manifest_directory(Settings())).resolve()
    try:
        loaded = load_manifests(target, catalogue_of(graphql_schema))
    except ManifestInvalid as invalid:
        for error in invalid.errors:
            click.echo(str(error))
        click.echo(f"{target.name}/: {len(invalid.errors)} error(s)", err=True)
        sys.exit(1)
    if not loaded.screens:
        click.echo(f"{target.name}/: no screen manifests (*.yaml)", err=True)
        sys.exit(1)
    click.echo(summary(target, loaded))


@manifests.command("schema")
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="default: ui_manifests/manifest.schema.json",
)
@click.option("--check", is_flag=True, help="fail if the file differs from the models (CI drift check)")
def manifests_schema(output: Path | None, check: bool) -> None:
    """Write the manifests' JSON schema (for editors), generated from the pydantic models."""
    from bff.layout.tooling import DEFAULT_SCHEMA_PATH, manifest_json_schema_text

    target = output or DEFAULT_SCHEMA_PATH
    text = manifest_json_schema_text()
    if check:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            click.echo(f"{target} differs from the models: run `bff manifests schema`", err=True)
            sys.exit(1)
        click.echo(f"{target} is up to date")
    else:
        target.write_text(text, encoding="utf-8")
        click.echo(f"wrote {target}")


@main.group()
def db() -> None:
    """The BFF's own database."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply migrations to BFF_DATABASE_URL (the app also does this at start-up)."""
    from bff.db.engine import Database

    async def upgrade() -> None:
        database = Database(Settings().database_url)
        await database.migrate()
        await database.close()

    asyncio.run(upgrade())
    click.echo("database is at the newest revision")


if __name__ == "__main__":
    main()
