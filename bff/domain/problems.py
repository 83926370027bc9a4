"""`FieldProblem`: a refused input field as service code reports it. A plain value type at the bottom
(DESIGN), so domain rules, services and the outbox pipeline report problems without GraphQL; the schema
maps them once to `ValidationFailed` (bff/schema/validation.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    """A refused input field: its dotted input path and what is wrong, in German and English."""

    path: str
    message: str
    message_en: str
