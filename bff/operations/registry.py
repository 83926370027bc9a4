"""The registry of trusted documents in the database, and an in-process LRU in front of it.

A document never changes under its id (the id is its hash), so a found document may be cached for the
life of the process; only the set of clients that registered it can grow, which `find` re-reads."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from graphql import GraphQLSchema, parse, validate
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bff.db.engine import Database
from bff.db.models import PersistedOperation
from bff.metrics import CACHE_REQUESTS
from bff.operations.documents import InvalidDocument, OperationDocument, split_operations


@dataclass(frozen=True)
class RegisteredDocument:
    id: str
    text: str
    clients: frozenset[str]


def _checked(documents: list[OperationDocument], schema: GraphQLSchema | None) -> list[OperationDocument]:
    """Refuse operations the schema would refuse: registering one would only move the error to runtime."""
    for document in documents:
        errors = validate(schema, parse(document.text)) if schema is not None else []
        if errors:
            raise InvalidDocument(f"{document.name or 'operation'}: {errors[0].message}")
    return list({document.id: document for document in documents}.values())


async def register_operations(
    db: Database, *, client: str, version: str, source: str, schema: GraphQLSchema | None = None
) -> list[str]:
    """Register every operation of `source` for `client` and return their ids in source order.
    Idempotent: an id the client already has stays as it is (with the version that first sent it)."""
    documents = _checked(split_operations(source), schema)
    ids = [document.id for document in documents]
    for attempt in range(2):  # a concurrent registration of the same ids wins the race: look again
        async with db.session() as session:
            known = set(
                await session.scalars(
                    select(PersistedOperation.id).where(
                        PersistedOperation.client_name == client, PersistedOperation.id.in_(ids)
                    )
                )
            )
            session.add_all(
                PersistedOperation(
                    id=document.id,
                    client_name=client,
                    client_version=version,
                    operation_name=document.name,
                    document=document.text,
                )
                for document in documents
                if document.id not in known
            )
            try:
                await session.commit()
            except IntegrityError:
                if attempt:
                    raise
                continue
        break
    return ids


async def list_operations(db: Database, *, client: str | None = None) -> list[PersistedOperation]:
    statement = select(PersistedOperation).order_by(
        PersistedOperation.client_name, PersistedOperation.operation_name, PersistedOperation.id
    )
    if client is not None:
        statement = statement.where(PersistedOperation.client_name == client)
    async with db.session() as session:
        return list(await session.scalars(statement))


class OperationCatalog:
    """Registered documents by id, cached in-process (LRU). Misses are not cached: an operation
    registered while the app runs must work at once."""

    def __init__(self, maxsize: int = 1024) -> None:
        self._maxsize = maxsize
        self._documents: OrderedDict[str, RegisteredDocument] = OrderedDict()

    async def find(
        self, db: Database, document_id: str, *, client: str | None = None
    ) -> RegisteredDocument | None:
        """The document, if registered; with `client`, fresh from the database when the cached entry
        does not list that client yet (it may have registered the same document since)."""
        cached = self._documents.get(document_id)
        if cached is not None and (client is None or client in cached.clients):
            self._documents.move_to_end(document_id)
            CACHE_REQUESTS.labels("operations", "hit").inc()
            return cached
        CACHE_REQUESTS.labels("operations", "miss").inc()
        async with db.session() as session:
            rows = list(
                await session.scalars(select(PersistedOperation).where(PersistedOperation.id == document_id))
            )
        if not rows:
            return None
        found = RegisteredDocument(
            id=document_id, text=rows[0].document, clients=frozenset(row.client_name for row in rows)
        )
        self._documents[document_id] = found
        self._documents.move_to_end(document_id)
        while len(self._documents) > self._maxsize:
            self._documents.popitem(last=False)
        return found
