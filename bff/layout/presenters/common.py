"""Small pieces several presenters share: a point in time, a label-value entry, a document row."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_datetime
from strawberry import relay

from bff.backends import models as up
from bff.domain.clock import BERLIN
from bff.domain.formatting import babel_locale, format_day
from bff.domain.labels import document_label
from bff.domain.upstream_texts import upstream_text
from bff.i18n import translate
from bff.layout import models as m
from bff.layout.models import localized
from bff.layout.presenters import Props


def moment(value: datetime | None, locale: str) -> str:
    """A point in time as the customer reads it (Berlin time), "–" for none."""
    if value is None:
        return "–"
    return format_datetime(value, format="medium", tzinfo=BERLIN, locale=babel_locale(locale))


def entry(label: str, value: str) -> Props:
    return {"label": label, "value": value}


def document_global_id(document: up.Document) -> str:
    return relay.to_base64("Document", document.id)


def document_item(document: up.Document, locale: str, *, mark_read: bool = False) -> Props:
    """C1: a document row with its clear-text name and download (kiosks get a print job instead); with
    `mark_read` an unread one also offers "mark as read"."""
    document_id = document_global_id(document)
    more: list[m.ActionBase] = []
    if mark_read and not document.read:
        more.append(
            m.RunMutation(
                kind="run_mutation",
                mutation="markDocumentRead",
                input={"id": document_id},
                label=localized("Als gelesen markieren"),
            )
        )
    return {
        "id": document_id,
        "title": document_label(document.content_type, locale),
        "subtitle": upstream_text(document.subject, locale),
        "trailing": format_day(document.created_at.astimezone(BERLIN).date(), locale),
        "unread": not document.read,
        "badge": translate("Neu", locale) if not document.read else None,
        "action": m.Download(
            kind="download",
            document_id=document_id,
            url=f"/documents/{document.id}/content",
            label=localized("Herunterladen"),
        ),
        "more_actions": more,
    }
