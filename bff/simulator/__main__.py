"""`python -m bff.simulator --port 9100 --customers 10000 --latency-ms 25` (same flags as `bff simulator`)."""

from __future__ import annotations

from datetime import date, datetime

import click

from bff.simulator.app import run


def _parse_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    return datetime.strptime(value, "%Y-%m-%d").date() if value else None


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=9100, show_default=True, type=int)
@click.option(
    "--customers", default=200, show_default=True, type=int, help="Generated customers beyond the demo ones"
)
@click.option("--seed", default=2026, show_default=True, type=int)
@click.option(
    "--latency-ms", default=0.0, show_default=True, type=float, help="Added latency for every system"
)
@click.option("--database-url", default="sqlite+aiosqlite:///:memory:", show_default=True)
@click.option(
    "--today", default=None, callback=_parse_day, help="Reference day of the seed data (YYYY-MM-DD)"
)
@click.option("--no-service-hours", is_flag=True, help="Accept service requests at any time")
def main(
    host: str,
    port: int,
    customers: int,
    seed: int,
    latency_ms: float,
    database_url: str,
    today: date | None,
    no_service_hours: bool,
) -> None:
    """Serve the six simulated upstream systems."""
    run(
        host=host,
        port=port,
        customers=customers,
        seed=seed,
        latency_ms=latency_ms,
        database_url=database_url,
        today=today,
        service_hours_enforced=not no_service_hours,
    )


if __name__ == "__main__":
    main()
