"""User-facing text from a gettext catalogue (Babel): German source strings are the msgids, English
lives in `locale/en/LC_MESSAGES/messages.po`. `translate` is the one way to turn a msgid into the
customer's language; the rest are shapes of it for the places that need both languages at once.

Placeholders are `str.format` fields (`{minutes}`), the same names in German and English. The package
ships the `.po`; it is compiled in memory on first use when no `.mo` is there or the `.mo` is older
(`pybabel compile` writes one). docs/i18n.md says how to add a string."""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypedDict

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
SOURCE_LOCALE = "de"  # the msgids are German
LOCALES = ("de", "en")


class MessageFields(TypedDict):
    """A typed result's `message` (German) and `messageEn` (English): `Refused(**message_fields(...))`."""

    message: str
    message_en: str


def N_(msgid: str) -> str:
    """Marks a msgid in a table for extraction; the table's user translates it with `translate`."""
    return msgid


def translate(msgid: str, locale: str, /, **params: object) -> str:
    """`msgid` (German) in `locale`, its `{placeholders}` filled from `params`; a param that is a function
    of the locale (a date in the customer's format, another msgid) is called with it. A msgid the
    catalogue does not know stays German (tests/test_i18n.py makes that a failing test, not a silent
    fallback)."""
    text = msgid if locale == SOURCE_LOCALE else _translations(locale).gettext(msgid)
    if not params:
        return text
    return text.format(
        **{name: value(locale) if callable(value) else value for name, value in params.items()}
    )


def in_locale(msgid: str, /, **params: object) -> Callable[[str], str]:
    """A msgid as a param of another text, translated into that text's locale."""
    return lambda locale: translate(msgid, locale, **params)


def both(msgid: str, /, **params: object) -> tuple[str, str]:
    """(German, English): for mails and letters, which carry both languages."""
    return translate(msgid, "de", **params), translate(msgid, "en", **params)


def message_fields(msgid: str, /, **params: object) -> MessageFields:
    """The `message` / `messageEn` pair every typed refusal and confirmation carries."""
    german, english = both(msgid, **params)
    return {"message": german, "message_en": english}


@cache
def _translations(locale: str) -> gettext.NullTranslations:
    if locale not in LOCALES:
        return gettext.NullTranslations()
    po = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    return gettext.GNUTranslations(io.BytesIO(compile_catalogue(po)))


def compile_catalogue(po: Path) -> bytes:
    """The `.mo` bytes of a `.po` file (what `pybabel compile` writes)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalogue = read_po(source, locale=po.parent.parent.name)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    return compiled.getvalue()
