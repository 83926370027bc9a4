"""The reference client's GraphQL documents (bff/web/static/operations/) are valid against the schema,
and every mutation a layout can name has one: manifests' forms and presenters' run-mutation actions.
No browser needed."""

from __future__ import annotations

import re
from pathlib import Path

from graphql import OperationType, parse, validate

from bff.schema.schema import schema
from bff.web import STATIC_DIR

OPERATIONS = STATIC_DIR / "operations"
ROOT = Path(__file__).resolve().parents[2]


def test_every_document_is_valid_against_the_schema() -> None:
    documents = sorted(OPERATIONS.glob("*.graphql"))
    assert len(documents) > 20
    for document in documents:
        ast = parse(document.read_text())
        assert validate(schema._schema, ast) == [], document.name
        mutations = {
            selection.name.value
            for definition in ast.definitions
            if getattr(definition, "operation", None) == OperationType.MUTATION
            for selection in definition.selection_set.selections  # type: ignore[attr-defined]
        }
        # mutations.js finds a mutation's document by the mutation's name
        assert not mutations or mutations == {document.stem}, document.name


def _named_mutations() -> set[str]:
    names = set()
    for manifest in (ROOT / "ui_manifests").glob("*.yaml"):
        text = manifest.read_text()
        names |= set(re.findall(r"^\s+mutation:\s*(\w+)", text, re.MULTILINE))
    for presenter in (ROOT / "bff" / "layout" / "presenters").glob("*.py"):
        names |= set(re.findall(r'mutation="(\w+)"', presenter.read_text()))
    return names


def test_every_mutation_a_layout_names_has_a_document_and_a_catalogue_entry() -> None:
    named = _named_mutations()
    assert {"requestArkCertificate", "changeBankAccount", "markDocumentRead", "joinCampaign"} <= named
    catalogue = (STATIC_DIR / "js" / "mutations.js").read_text()
    for name in named:
        assert (OPERATIONS / f"{name}.graphql").exists(), name
        assert re.search(rf"^\s+{name}: \{{", catalogue, re.MULTILINE), f"{name} missing in mutations.js"


def test_the_layout_tests_run_the_clients_layout_query() -> None:
    from tests.layout.queries import LAYOUT_QUERY

    assert (OPERATIONS / "layout.graphql").read_text() == LAYOUT_QUERY
