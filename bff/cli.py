"""`bff demo | serve | simulator | worker | schema export | manifests validate/schema | db upgrade`."""

from __future__ import annotations

import asyncio
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
import uvicorn

from bff.layout.models import Platform
from bff.partners.commands import partners as partners_commands
from bff.partners.commands import with_database
from bff.settings import Settings

REPO_SCHEMA = Path("schema.graphql")


@click.group()
def main() -> None:
    """GraphQL backend-for-frontend for insurance customer portals."""


def _configure_logging(settings: Settings, *, default: str = "json") -> dict[str, Any]:
    """BFF_LOG_FORMAT, else `default` (text for the demo in a terminal); returns uvicorn's log_config."""
    from bff.observability.logging import LogFormat, configure_logging

    log_format = LogFormat(settings.log_format or default)
    return configure_logging(level=settings.log_level, log_format=log_format)


def _banner(host: str, port: int) -> str:
    from bff.demo_accounts import DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_STAFF
    from bff.partners.admin import DEMO_PARTNER_KEY

    lines = [
        "",
        f"  Reference client:    http://localhost:{port}/  (kiosk: /?platform=KIOSK)",
        f"  GraphQL + GraphiQL:  http://{host}:{port}/graphql",
        f"  Health / metrics:    http://{host}:{port}/readyz  http://{host}:{port}/metrics",
        f"  Demo sign-ins (password {DEMO_PASSWORD}):",
        *(f"    {number}  {what}" for number, what in DEMO_CUSTOMERS.items()),
        *(f"    {name}  {what} (enrol a second factor first)" for name, (_, what) in DEMO_STAFF.items()),
        f"  Mails, SMS and letters: http://{host}:{port}/dev/mailbox",
        f"  Partner (comparison portal): X-Api-Key: {DEMO_PARTNER_KEY}  (docs/api.md: partner access)",
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
    log_config = _configure_logging(settings, default="text")
    click.echo(_banner(host, port))
    # access_log off: uvicorn's would print query strings; the app logs its own access lines
    uvicorn.run(create_app(settings), host=host, port=port, log_config=log_config, access_log=False)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int, help="uvicorn worker processes")
def serve(host: str, port: int, workers: int) -> None:
    """Run with the configuration from BFF_* environment variables (production)."""
    settings = Settings()
    log_config = _configure_logging(settings)
    uvicorn.run(
        "bff.app:create_server_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level.lower(),
        log_config=log_config,  # applied again in every worker process
        access_log=False,  # it would print query strings; the app logs its own access lines
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
@click.option(
    "--metrics-port",
    default=None,
    type=int,
    help="serve this process's /metrics on this port (default BFF_WORKER_METRICS_PORT; 0: none)",
)
def worker(concurrency: int, metrics_port: int | None) -> None:
    """Deliver outbox service requests (BFF_* settings as for `serve`); stops on SIGTERM/SIGINT."""
    from bff.observability.tracing import start_tracing, stop_tracing
    from bff.worker import WorkerConfigurationError, run_workers

    settings = Settings()
    _configure_logging(settings)
    tracing = start_tracing(settings)  # deliveries' upstream calls, as in the app
    try:
        if metrics_port is not None:
            settings = settings.model_copy(update={"worker_metrics_port": metrics_port})
        asyncio.run(run_workers(settings, concurrency=concurrency))
    except WorkerConfigurationError as error:
        raise click.UsageError(str(error)) from error
    finally:
        stop_tracing(tracing)


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
    from bff.layout.registry import load_manifests, manifest_directory
    from bff.layout.source import ManifestInvalid
    from bff.layout.tooling import summary
    from bff.schema.schema import manifest_catalogue

    target = (directory or manifest_directory(Settings())).resolve()
    try:
        loaded = load_manifests(target, manifest_catalogue())
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


@manifests.command("preview")
@click.argument("screen")
@click.option("--platform", type=click.Choice([p.value for p in Platform]), default="WEB", show_default=True)
@click.option("--customer", "customer_number", required=True, help="customer number, e.g. 100001")
@click.option("--app-version", default="99.0.0", show_default=True)
@click.option("--locale", type=click.Choice(["de", "en"]), default="de", show_default=True)
@click.option("--components", default=None, help="comma-separated component types; default: all")
@click.option("--param", "params", multiple=True, help="screen parameter as name=value, e.g. contractId=…")
def manifests_preview(
    screen: str,
    platform: str,
    customer_number: str,
    app_version: str,
    locale: str,
    components: str | None,
    params: tuple[str, ...],
) -> None:
    """Print the resolved layout of SCREEN as a customer's client gets it (real app, central switches)."""
    import json

    from bff.manifest_preview import PreviewFailed, preview_layout

    try:
        body = asyncio.run(
            preview_layout(
                Settings(),
                screen=screen,
                platform=Platform(platform),
                customer_number=customer_number,
                app_version=app_version,
                locale=locale,
                components=components.split(",") if components else None,
                params=dict(param.split("=", 1) for param in params),
            )
        )
    except PreviewFailed as failed:
        click.echo(str(failed), err=True)
        sys.exit(1)
    click.echo(json.dumps(body, indent=2, ensure_ascii=False))


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


@main.group()
def operations() -> None:
    """Trusted documents: the operations partners and persisted-only clients may run."""


@operations.command("register")
@click.option("--client", required=True, help="client name (a partner's, or an app's X-Client-Name)")
@click.option("--version", "client_version", required=True, help="the client's version")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
def operations_register(client: str, client_version: str, files: tuple[Path, ...]) -> None:
    """Register every operation of FILES (one document per operation, with its fragments) in
    BFF_DATABASE_URL and print `id  file` per operation. Registering again changes nothing."""
    from bff.db.engine import Database
    from bff.operations.documents import InvalidDocument
    from bff.operations.registry import register_operations
    from bff.schema.schema import schema as graphql_schema

    async def register() -> list[tuple[Path, list[str]]]:
        database = Database(Settings().database_url)
        try:
            await database.migrate()
            return [
                (
                    path,
                    await register_operations(
                        database,
                        client=client,
                        version=client_version,
                        source=path.read_text(encoding="utf-8"),
                        schema=graphql_schema._schema,
                    ),
                )
                for path in files
            ]
        finally:
            await database.close()

    try:
        for path, ids in asyncio.run(register()):
            for document_id in ids:
                click.echo(f"{document_id}  {path}")
    except InvalidDocument as error:
        raise click.ClickException(f"not registered: {error}") from error


@operations.command("list")
@click.option("--client", default=None, help="only this client's operations")
def operations_list(client: str | None) -> None:
    """Print `id client version name` of every registered operation."""
    from bff.db.engine import Database
    from bff.operations.registry import list_operations

    async def rows() -> list[str]:
        database = Database(Settings().database_url)
        try:
            await database.migrate()
            return [
                f"{op.id}  {op.client_name}  {op.client_version}  {op.operation_name or '-'}"
                for op in await list_operations(database, client=client)
            ]
        finally:
            await database.close()

    for row in asyncio.run(rows()):
        click.echo(row)


@main.group()
def staff() -> None:
    """Staff accounts (agents, clerks): created with a one-time enrolment link, never a shared password."""


@staff.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(["agent", "clerk", "ui_editor"]), required=True)
@click.option("--agent-id", default=None, help="the CRM agent an agent account acts as")
def staff_create(name: str, role: str, agent_id: str | None) -> None:
    """Create the pending staff account NAME in BFF_DATABASE_URL and print its enrolment link (24 h, once),
    where the person sets password and authenticator app; until then the account can do nothing."""
    from bff.db.engine import Database
    from bff.staff.enrolment import StaffNameTaken, create_staff, enrolment_link

    settings = Settings()

    async def create() -> str:
        database = Database(settings.database_url)
        try:
            await database.migrate()
            return await create_staff(database, name=name, role=role, agent_id=agent_id)
        finally:
            await database.close()

    try:
        token = asyncio.run(create())
    except StaffNameTaken as error:
        raise click.ClickException(f"an account named {error} exists already") from error
    click.echo(f"{name} ({role}) created. Enrolment link, valid for 24 hours, works once:")
    click.echo(enrolment_link(settings, token))


@staff.command("re-enrol")
@click.argument("name")
def staff_reenrol(name: str) -> None:
    """Staff member NAME lost the authenticator (or the account may be in other hands): password unknown,
    second factors removed, sessions ended (in the shared store, BFF_REDIS_URL), account pending again; prints
    a new one-time enrolment link (24 h)."""
    from bff.auth.sessions import SessionManager
    from bff.db.engine import Database
    from bff.staff.enrolment import NoSuchStaff, enrolment_link, reenrol_staff
    from bff.store import create_store

    settings = Settings()

    async def reenrol() -> str:
        database, store = Database(settings.database_url), create_store(settings.redis_url)
        try:
            await database.migrate()
            return await reenrol_staff(database, SessionManager.from_settings(store, settings), name=name)
        finally:
            await store.close()
            await database.close()

    try:
        token = asyncio.run(reenrol())
    except NoSuchStaff as error:
        raise click.ClickException(f"no staff account named {error}") from error
    click.echo(f"{name}: second factors removed, sessions ended. New enrolment link, valid for 24 hours:")
    click.echo(enrolment_link(settings, token))


@main.group()
def outbox() -> None:
    """Single service requests in the outbox: find, trace, send again, take out (BFF_DATABASE_URL)."""


@outbox.command("list")
@click.option(
    "--status", default=None, help="accepted, delivered, failed, routed_to_clerk, rejected, cancelled"
)
@click.option("--person", default=None, help="only this partners person's requests")
@click.option("--limit", default=50, show_default=True, type=int)
def outbox_list(status: str | None, person: str | None, limit: int) -> None:
    """Print `id status kind attempts created_at last_error`, newest first."""
    from bff.outbox.operations import list_requests
    from bff.outbox.requests import OutboxStatus

    wanted = OutboxStatus(status) if status else None
    records = with_database(lambda db: list_requests(db, status=wanted, person_id=person, limit=limit))
    for r in records:
        click.echo(
            f"{r.id}  {r.status}  {r.kind}  {r.attempts}  {r.created_at.isoformat()}  {r.last_error or '-'}"
        )


@outbox.command("show")
@click.argument("request_id")
def outbox_show(request_id: str) -> None:
    """Print one request as JSON: its HTTP request id (for the logs), attempts and errors; no payload."""
    import json

    from bff.outbox.operations import describe, find_request

    record = with_database(lambda db: find_request(db, request_id))
    if record is None:
        raise click.ClickException(f"no service request {request_id}")
    click.echo(json.dumps(describe(record), indent=2))


@outbox.command("retry")
@click.argument("request_id")
def outbox_retry(request_id: str) -> None:
    """Send a FAILED request again, or a waiting one now instead of after its backoff."""
    from bff.outbox.operations import retry_request

    _change_one(retry_request, request_id, done="due now")


@outbox.command("cancel")
@click.argument("request_id")
def outbox_cancel(request_id: str) -> None:
    """Take a waiting or FAILED request out of the outbox for good."""
    from bff.outbox.operations import cancel_request

    _change_one(cancel_request, request_id, done="cancelled")


def _change_one(change: Any, request_id: str, *, done: str) -> None:
    if not with_database(lambda db: change(db, request_id)):
        raise click.ClickException(f"{request_id}: not failed or waiting, or a worker holds it right now")
    click.echo(f"{request_id}: {done}")


main.add_command(partners_commands)


if __name__ == "__main__":
    main()
