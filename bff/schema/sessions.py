"""The customer's own sessions: where they are signed in, and ending them (ASVS 7.5.2)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from bff.auth.sessions import SessionData
from bff.context import Info
from bff.i18n import message_fields
from bff.resolvers import sessions as resolvers


@strawberry.type(description="A signed-in device or browser of the customer.")
class Session:
    id: strawberry.ID = strawberry.field(description="Id of the session.")
    platform: str = strawberry.field(description="WEB, IOS, ANDROID or KIOSK.")
    created_at: datetime = strawberry.field(description="When this sign-in happened.")
    last_seen_at: datetime = strawberry.field(description="When it was last used.")
    client_address: str | None = strawberry.field(
        description="Client address it was last used from, shortened."
    )
    current: bool = strawberry.field(description="The session this request was made with.")

    @classmethod
    def of(cls, data: SessionData, current_id: str | None) -> Session:
        return cls(
            id=strawberry.ID(data.session_id),
            platform=data.platform,
            created_at=data.created_at,
            last_seen_at=data.last_seen_at,
            client_address=data.client_address,
            current=data.session_id == current_id,
        )


async def viewer_sessions(info: Info) -> list[Session]:
    current = info.context.viewer.session_id
    return [Session.of(data, current) for data in await resolvers.resolve_sessions(scope=info.context.scope)]


@strawberry.type(description="The session has ended; its token no longer works anywhere.")
class SessionEnded:
    id: strawberry.ID = strawberry.field(description="Id of the ended session.")
    message: str = strawberry.field(
        default="Die Sitzung ist beendet.",
        description="What happened, in German, ready to show.",
    )
    message_en: str = strawberry.field(
        default="The session has ended.",
        description="The same message in English.",
    )


@strawberry.type(description="No session of yours has this id (it may have ended already).")
class SessionNotFound:
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.type(description="Every other session of the account has ended.")
class OtherSessionsEnded:
    count: int = strawberry.field(description="Number of sessions ended.")
    message: str = strawberry.field(
        default="Alle anderen Sitzungen sind beendet.",
        description="What happened, in German, ready to show.",
    )
    message_en: str = strawberry.field(
        default="Every other session has ended.",
        description="The same message in English.",
    )


EndSessionResult = Annotated[
    SessionEnded | SessionNotFound,
    strawberry.union(
        "EndSessionResult", description="What `endSession` answers; the member type tells the outcome."
    ),
]


@strawberry.type
class SessionMutation:
    @strawberry.mutation(description="Sign out one of your sessions, e.g. a lost phone.")
    async def end_session(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Id of the session to end.")],
    ) -> EndSessionResult:
        if await resolvers.resolve_end_session(str(id), scope=info.context.scope):
            return SessionEnded(id=id)
        return SessionNotFound(
            **message_fields("Diese Sitzung gibt es nicht (mehr)."),
        )

    @strawberry.mutation(description="Sign out everywhere except here.")
    async def end_other_sessions(self, info: Info) -> OtherSessionsEnded:
        return OtherSessionsEnded(count=await resolvers.resolve_end_other_sessions(scope=info.context.scope))
