"""Engine, sessions and migrations; the app's lifespan owns one `Database`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# PostgreSQL advisory lock keys ("bff" and a number): one process at a time migrates, or seeds.
MIGRATION_LOCK = 0x62666600
STARTUP_LOCK = 0x62666601


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: AsyncEngine = create_async_engine(url, pool_pre_ping=True)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    async def migrate(self) -> None:
        """Bring the schema to the newest revision (safe to run on every start). On PostgreSQL several
        instances or uvicorn workers starting at once take turns under an advisory lock: without it the
        second one blocks on the first one's CREATE TABLE and then fails on the existing table."""

        def upgrade(connection: Connection) -> None:
            config = alembic_config(self.url)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

        async with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # released when the transaction ends
                await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            await connection.run_sync(upgrade)

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        """Start-up work (seeding demo data) one process at a time, when a rollout starts several
        instances and uvicorn workers at once; SQLite serialises writers by itself."""
        if self.engine.dialect.name != "postgresql":
            yield
            return
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": STARTUP_LOCK})
            try:
                yield
            finally:
                await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": STARTUP_LOCK})

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            yield session

    async def ping(self) -> bool:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return True

    async def close(self) -> None:
        await self.engine.dispose()
