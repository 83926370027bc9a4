"""`bff partners create | list | revoke-key`: managing comparison portals against BFF_DATABASE_URL."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import click

from bff.db.engine import Database
from bff.partners import admin
from bff.settings import Settings

T = TypeVar("T")


def with_database(work: Callable[[Database], Awaitable[T]]) -> T:
    """Run `work(database)` against BFF_DATABASE_URL, migrated (the CLI commands that manage rows)."""

    async def run() -> T:
        database = Database(Settings().database_url)
        try:
            await database.migrate()
            return await work(database)
        finally:
            await database.close()

    return asyncio.run(run())


@click.group("partners")
def partners() -> None:
    """Comparison portals (H2): API keys, client names of their registered operations, rate limits."""


@partners.command("create")
@click.option("--name", required=True, help="shown to customers when they grant access")
@click.option("--client-name", required=True, help="the client name its registered operations carry")
@click.option("--rate-limit", default=60, show_default=True, type=click.IntRange(1), help="requests/minute")
def create(name: str, client_name: str, rate_limit: int) -> None:
    """Create a partner and print its API key: the only time it is shown."""
    partner, key = with_database(
        lambda db: admin.create_partner(
            db, name=name, client_name=client_name, rate_limit_per_minute=rate_limit
        )
    )
    click.echo(f"partner {partner.id} ({partner.client_name}) created; API key (shown only now):")
    click.echo(key.key)


@partners.command("list")
def list_() -> None:
    """Print `id client-name key-prefix rate-limit active name` per partner."""
    for partner in with_database(admin.list_partners):
        prefix = f"{partner.key_prefix}…" if partner.key_prefix else "(no key)"
        state = "active" if partner.active else "inactive"
        click.echo(
            f"{partner.id}  {partner.client_name}  {prefix}  {partner.rate_limit_per_minute}/min  {state}  "
            f"{partner.name}"
        )


@partners.command("revoke-key")
@click.option("--client-name", required=True)
@click.option("--issue-new", is_flag=True, help="replace the key with a new one and print it")
def revoke_key(client_name: str, issue_new: bool) -> None:
    """The partner's key stops working at once (grants stay; a new key works with them)."""
    try:
        key = with_database(lambda db: admin.revoke_key(db, client_name=client_name, issue_new=issue_new))
    except admin.UnknownPartner as error:
        raise click.ClickException(f"no partner with client name {error}") from error
    click.echo("key revoked")
    if key is not None:
        click.echo("new API key (shown only now):")
        click.echo(key.key)
