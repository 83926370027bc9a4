"""Who is asking: resolved once per request from the session and carried on the Context."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ViewerKind(StrEnum):
    ANONYMOUS = "ANONYMOUS"
    CUSTOMER = "CUSTOMER"
    AGENT = "AGENT"
    CLERK = "CLERK"
    UI_EDITOR = "UI_EDITOR"  # edits the server-driven UI's flags and kill switches; sees no customer
    PARTNER = "PARTNER"


@dataclass(frozen=True)
class Viewer:
    kind: ViewerKind
    account_id: int | None = None
    person_id: str | None = None
    customer_number: str | None = None
    ident_level: int = 0
    session_id: str | None = None
    second_factor: str | None = None  # how this session's sign-in was confirmed
    agent_id: str | None = None  # the CRM agent an agent account acts as
    signed_in_at: datetime | None = None  # when this session's sign-in happened (A6); None: no session
    # Partners (H2): a comparison portal acting on one customer's grant, limited to its scopes and to
    # the registered operations of its client name.
    partner_id: int | None = None
    partner_client: str | None = None
    grant_id: str | None = None
    scopes: frozenset[str] = frozenset()

    @property
    def is_staff(self) -> bool:
        return self.kind in (ViewerKind.AGENT, ViewerKind.CLERK)

    @property
    def is_partner(self) -> bool:
        return self.kind is ViewerKind.PARTNER

    @property
    def is_internal(self) -> bool:
        """Internal tools (GraphiQL, introspection) are for staff and UI editors whose sign-in was
        confirmed with a second factor (H3): a stolen staff password alone gives away nothing, not even
        the schema."""
        return (self.is_staff or self.kind is ViewerKind.UI_EDITOR) and self.second_factor is not None

    @property
    def is_authenticated(self) -> bool:
        return self.kind is not ViewerKind.ANONYMOUS


ANONYMOUS = Viewer(kind=ViewerKind.ANONYMOUS)
