"""The postbox (DMS): documents and messages of a person, and documents filed by other producers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from bff.backends.models.common import UpstreamModel


class Direction(StrEnum):
    INBOUND = "INBOUND"  # from the customer to the insurer
    OUTBOUND = "OUTBOUND"  # from the insurer to the customer


class Document(UpstreamModel, frozen=True, kw_only=True):
    id: str
    person_id: str
    contract_id: str | None
    content_type: str  # internal code, e.g. "POLICE", "BEITRAGSRECHNUNG"; the BFF maps it to clear text
    subject: str
    created_at: datetime
    direction: Direction = Direction.OUTBOUND
    read: bool = False
    legally_required: bool = False
    size_bytes: int
    recipient: str | None = None  # for a message the customer sent (INBOUND): who it went to (C5)


class NewDocument(UpstreamModel, frozen=True, kw_only=True):
    """A document a producer files into a person's postbox (`POST /postbox/documents`), e.g. an ARK
    certificate rendered by the BFF's bot (D7)."""

    person_id: str
    contract_id: str | None = None
    content_type: str  # one of the DMS's content type codes, e.g. "ARK_ZERTIFIKAT"
    subject: str
    pdf_base64: str  # the PDF itself, standard base64
