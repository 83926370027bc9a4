"""Splits a .graphql file into one stored document per operation, named by the sha256 of its text.

Each document holds exactly one operation and the fragments it uses, printed by graphql-core, so the
same operation always gets the same id however the source file was formatted or combined."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    Node,
    OperationDefinitionNode,
    Visitor,
    parse,
    print_ast,
    visit,
)

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


class InvalidDocument(ValueError):
    """The file cannot be registered (syntax, missing fragment, unnamed operation among several)."""


@dataclass(frozen=True)
class OperationDocument:
    id: str
    name: str | None
    text: str


def document_id(text: str) -> str:
    """The id a client sends: sha256 of the exact document text, as Apollo's APQ hash is."""
    return hashlib.sha256(text.encode()).hexdigest()


def normalise_document_id(value: object) -> str | None:
    """A sha256 hex id, from Apollo's `sha256Hash` or a GraphQL-over-HTTP `documentId` (which may carry
    a `sha256:` prefix); None when it is not one."""
    if not isinstance(value, str):
        return None
    candidate = value.removeprefix("sha256:").lower()
    return candidate if _SHA256_HEX.fullmatch(candidate) else None


class _SpreadCollector(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_args: object) -> None:
        self.names.append(node.name.value)


def _spreads(node: Node) -> list[str]:
    collector = _SpreadCollector()
    visit(node, collector)
    return collector.names


def _fragments_used(
    operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]
) -> set[str]:
    used: set[str] = set()
    pending = _spreads(operation)
    while pending:
        name = pending.pop()
        if name in used:
            continue
        if name not in fragments:
            raise InvalidDocument(f"unknown fragment {name}")
        used.add(name)
        pending.extend(_spreads(fragments[name]))
    return used


def split_operations(source: str) -> list[OperationDocument]:
    """One document per operation of `source`, each with the fragments it uses (in source order)."""
    try:
        document = parse(source, no_location=True)
    except GraphQLError as error:
        raise InvalidDocument(error.message) from error
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    if len(operations) + len(fragments) != len(document.definitions):
        raise InvalidDocument("only operations and fragments can be registered")
    if not operations:
        raise InvalidDocument("no operation")
    if len(operations) > 1 and any(op.name is None for op in operations):
        raise InvalidDocument("several operations in one file need names")
    result = []
    for operation in operations:
        used = _fragments_used(operation, fragments)
        definitions = [operation, *(f for f in fragments.values() if f.name.value in used)]
        text = print_ast(DocumentNode(definitions=tuple(definitions)))
        name = operation.name.value if operation.name else None
        result.append(OperationDocument(id=document_id(text), name=name, text=text))
    return result
