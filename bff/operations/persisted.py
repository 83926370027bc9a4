"""Which document a GraphQL request runs: its own `query`, an Apollo APQ hash, or a registered
operation (trusted document) named by `extensions.persistedQuery.sha256Hash` or `documentId`.

Partners and persisted-only clients may run only operations registered under their client name
(Apollo Router's safelisting with `require_id`); everyone else may also send freeform queries and
use APQ. A freeform query from a persisted-only client is refused before it is even parsed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Any

from strawberry.http import GraphQLRequestData

from bff.db.engine import Database
from bff.errors import TransportError
from bff.operations.apq import load_query
from bff.operations.documents import normalise_document_id
from bff.operations.registry import OperationCatalog
from bff.store import Store

PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"


@dataclass
class BffRequestData(GraphQLRequestData):
    """Strawberry's request data plus the GraphQL-over-HTTP `documentId` it does not read."""

    document_id: str | None = None


@dataclass(frozen=True)
class ResolvedRequest:
    data: GraphQLRequestData
    remember_as: str | None = None  # an APQ hash to store once the query proved valid


def _not_found(*, apq: bool = False) -> TransportError:
    if apq:  # Apollo clients match this message and code and retry with the query (200 as Apollo)
        return TransportError(404, PERSISTED_QUERY_NOT_FOUND, "PersistedQueryNotFound", legacy_status=200)
    return TransportError(
        404,
        PERSISTED_QUERY_NOT_FOUND,
        "Diese Operation ist nicht registriert. / This operation is not registered.",
    )


def _persisted_query_hash(extensions: dict[str, Any] | None) -> str | None:
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise TransportError(
            400, "PERSISTED_QUERY_VERSION_UNSUPPORTED", "Unsupported persisted query version"
        )
    sha256_hash = normalise_document_id(persisted.get("sha256Hash"))
    if sha256_hash is None:
        raise TransportError(400, "BAD_REQUEST", "persistedQuery.sha256Hash must be a sha256 hex digest")
    return sha256_hash


@dataclass(frozen=True)
class Asker:
    """Who sends the request, as far as persisted operations care: a partner (with its client name), or
    a client naming itself (`apollographql-client-name` / `X-Client-Name`), persisted-only or not."""

    partner_client: str | None  # None: no partner; "": a partner without a client name
    client_name: str | None
    persisted_only_clients: frozenset[str]

    def restricted_client(self) -> str | None:
        """The client name whose registered operations are the only ones this request may run, if any."""
        if self.partner_client is not None:
            return self.partner_client  # a partner without a client name runs nothing
        name = self.client_name
        return name if name is not None and name in self.persisted_only_clients else None


async def _registered_only(
    data: GraphQLRequestData,
    identifier: str | None,
    *,
    client: str,
    db: Database,
    catalog: OperationCatalog,
) -> ResolvedRequest:
    if data.query is not None or identifier is None:
        raise TransportError(
            400,
            "PERSISTED_QUERY_ONLY",
            "Nur registrierte Operationen sind erlaubt (documentId). / "
            "Only registered operations may be run (documentId).",
        )
    document = await catalog.find(db, identifier, client=client)
    if document is None:
        raise _not_found()
    if client not in document.clients:
        raise TransportError(
            403,
            "OPERATION_NOT_ALLOWED",
            "Diese Operation ist für Ihren Client nicht freigegeben. / "
            "This operation is not allowed for your client.",
        )
    return ResolvedRequest(replace(data, query=document.text))


async def resolve_request(
    data: GraphQLRequestData, *, asker: Asker, db: Database, store: Store, catalog: OperationCatalog
) -> ResolvedRequest:
    """The request with the document it may run, or a TransportError saying why it may not."""
    document_id = data.document_id if isinstance(data, BffRequestData) else None
    if document_id is not None and normalise_document_id(document_id) is None:
        raise TransportError(400, "BAD_REQUEST", "documentId must be a sha256 hex digest (sha256:<hex>)")
    identifier = normalise_document_id(document_id) or _persisted_query_hash(data.extensions)
    client = asker.restricted_client()
    if client is not None:
        return await _registered_only(data, identifier, client=client, db=db, catalog=catalog)
    if identifier is None:
        return ResolvedRequest(data)
    if data.query is None:
        # An APQ hash is looked up in the store first: Apollo clients send one on every request, and
        # most are no registered document (the registry does not cache misses, the database would).
        query = None if document_id is not None else await load_query(store, identifier)
        if query is not None:
            return ResolvedRequest(replace(data, query=query))
        document = await catalog.find(db, identifier)
        if document is not None:
            return ResolvedRequest(replace(data, query=document.text))
        raise _not_found(apq=document_id is None)
    if document_id is not None:
        raise TransportError(400, "BAD_REQUEST", "Send either documentId or query, not both.")
    if hashlib.sha256(data.query.encode()).hexdigest() != identifier:
        raise TransportError(400, "PERSISTED_QUERY_HASH_MISMATCH", "provided sha does not match query")
    return ResolvedRequest(data, remember_as=identifier)
