"""`FieldProblem`: a refused input field as service code reports it. A plain value type at the bottom
(DESIGN), so domain rules, services and the outbox pipeline report problems without GraphQL; the schema
maps them once to `ValidationFailed` (bff/schema/validation.py)."""

from __future__ import annotations

from dataclasses import dataclass

from bff.i18n import both


@dataclass(frozen=True)
class FieldProblem:
    """A refused input field: its dotted input path and what is wrong, in German and English."""

    path: str
    message: str
    message_en: str


def field_problem(path: str, msgid: str, /, **params: object) -> FieldProblem:
    """A refused field with a catalogue text (bff/i18n), in German and English."""
    german, english = both(msgid, **params)
    return FieldProblem(path, german, english)
