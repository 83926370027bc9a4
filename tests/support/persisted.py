"""Requests as persisted-query clients send them (Apollo APQ, GraphQL-over-HTTP `documentId`)."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def fresh(query: str) -> str:
    """The query with a unique comment: its own hash, so no earlier test has persisted it already."""
    return f"# {uuid.uuid4().hex}\n{query}"


def apq_extensions(query: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256_hex(query)}}


def apollo_get_params(query: str, *, operation_name: str = "", include_query: bool = False) -> dict[str, str]:
    """Apollo Client's GET form (`useGETForHashedQueries`): JSON-encoded extensions and variables."""
    params = {
        "operationName": operation_name,
        "variables": json.dumps({}),
        "extensions": json.dumps(apq_extensions(query)),
    }
    if include_query:
        params["query"] = query
    return params


def error_code(body: dict[str, Any]) -> str:
    code: str = body["errors"][0]["extensions"]["code"]
    return code
