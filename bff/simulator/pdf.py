"""A minimal single-page PDF writer, so the postbox serves real documents without a dependency.

Uses the standard Type1 fonts (no embedding) with WinAnsiEncoding, which covers German text.
The output is byte-for-byte deterministic, so `Document.size_bytes` can be computed at seed time.
"""

from __future__ import annotations

import textwrap
from datetime import datetime
from functools import lru_cache

_PAGE_WIDTH, _PAGE_HEIGHT, _MARGIN = 595, 842, 56  # A4 in points


def _pdf_text(text: str) -> bytes:
    """A PDF literal string body in WinAnsi (cp1252); unmappable characters become '?'."""
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _utf16_hex(text: str) -> bytes:
    """A PDF text string (for the info dictionary) that keeps any Unicode character."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def render_pdf(*, title: str, heading: str, lines: list[str]) -> bytes:
    """One A4 page: a bold letterhead, a bold heading (wrapped) and body lines."""
    ops: list[bytes] = [b"BT /F1 16 Tf %d %d Td (%s) Tj ET" % (_MARGIN, 780, _pdf_text(title))]
    y = 720
    for part in textwrap.wrap(heading, 70) if len(heading) > 70 else [heading]:
        ops.append(b"BT /F1 13 Tf %d %d Td (%s) Tj ET" % (_MARGIN, y, _pdf_text(part)))
        y -= 18
    y -= 10
    for line in lines:
        ops.append(b"BT /F2 11 Tf %d %d Td (%s) Tj ET" % (_MARGIN, y, _pdf_text(line)))
        y -= 16
    stream = b"\n".join(ops)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >>"
        b" /Contents 6 0 R >>" % (_PAGE_WIDTH, _PAGE_HEIGHT),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Title %s /Producer (bff simulator) >>" % _utf16_hex(heading),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        len(objects),
        xref_at,
    )
    return bytes(out)


def document_pdf(
    *, document_id: str, type_name: str, subject: str, created_at: datetime, inbound: bool
) -> bytes:
    """The rendition of one postbox document; only uses fields the postbox row itself holds."""
    sender = "Ihre Nachricht an die Muster Versicherungsgruppe" if inbound else "Muster Versicherungsgruppe"
    return render_pdf(
        title=sender,
        heading=subject,
        lines=[
            f"Dokumentart: {type_name}",
            f"Datum: {created_at:%d.%m.%Y}",
            f"Dokument-Nr.: {document_id}",
            "",
            "Dieses Dokument wurde vom Upstream-Simulator erzeugt und dient nur zu Testzwecken.",
        ],
    )


@lru_cache(maxsize=65_536)
def _size(type_name: str, subject: str, inbound: bool, id_length: int) -> int:
    return len(
        document_pdf(
            document_id="0" * id_length,
            type_name=type_name,
            subject=subject,
            created_at=datetime(2000, 1, 1),
            inbound=inbound,
        )
    )


def document_size(*, document_id: str, type_name: str, subject: str, inbound: bool) -> int:
    """`len(document_pdf(...))` without rendering: the size depends only on the lengths of the id and
    date (fixed-width), so renditions sharing type and subject share a size (seeding speed)."""
    return _size(type_name, subject, inbound, len(document_id))
