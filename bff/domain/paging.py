"""Page sizes and cursors a client sends: anything out of range is the client's mistake
(`BAD_USER_INPUT`), never a silently shortened list or a masked error."""

from __future__ import annotations

from bff.errors import PublicError

PAGE_LIMIT = 100  # no page holds more (bff.security.cost.VARIABLE_LIST_SIZE counts with it)


class InvalidPageArgument(PublicError):
    code = "BAD_USER_INPUT"

    def __init__(self, argument: str, de: str, en: str, **extensions: object) -> None:
        super().__init__(f"{argument}: {de} / {argument}: {en}", argument=argument, **extensions)


def page_size(value: int | None, *, argument: str = "first") -> int | None:
    """`value` if it is a page size from 0 to PAGE_LIMIT (None: the field's own default)."""
    if value is not None and not 0 <= value <= PAGE_LIMIT:
        raise InvalidPageArgument(
            argument,
            f"höchstens {PAGE_LIMIT} und nicht negativ.",
            f"at most {PAGE_LIMIT} and not negative.",
            limit=PAGE_LIMIT,
        )
    return value


def invalid_cursor(argument: str = "after") -> InvalidPageArgument:
    return InvalidPageArgument(
        argument,
        "unbekannter Cursor; bitte den endCursor einer Seite verwenden.",
        "unknown cursor; use the endCursor of a page.",
    )


def page_number(raw: str | None, *, argument: str = "page") -> int:
    """A 1-based page number as a screen's parameter carries it (none: the first page)."""
    if raw is None or raw == "":
        return 1
    # ASCII digits only ("²".isdigit() is true, int() refuses it), and short: no 5,000-digit conversion.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6 or int(raw) < 1:
        raise InvalidPageArgument(argument, "eine Seitenzahl ab 1.", "a page number from 1.", value=raw[:20])
    return int(raw)
