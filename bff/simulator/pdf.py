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
    """A4 pages: a bold letterhead, a bold heading (wrapped) and body lines, continued on further pages
    when they do not fit (a message from the portal may be long). One page is the common case."""
    ops: list[bytes] = [b"BT /F1 16 Tf %d %d Td (%s) Tj ET" % (_MARGIN, 780, _pdf_text(title))]
    pages = [ops]
    y = 720
    for part in textwrap.wrap(heading, 70) if len(heading) > 70 else [heading]:
        ops.append(b"BT /F1 13 Tf %d %d Td (%s) Tj ET" % (_MARGIN, y, _pdf_text(part)))
        y -= 18
    y -= 10
    for line in lines:
        if y < _MARGIN:
            ops, y = [], 780
            pages.append(ops)
        ops.append(b"BT /F2 11 Tf %d %d Td (%s) Tj ET" % (_MARGIN, y, _pdf_text(line)))
        y -= 16
    streams = [b"\n".join(page) for page in pages]
    # Page 1 keeps objects 3 (page) and 6 (content); further pages follow as (page, content) pairs.
    page_refs = [3] + [7 + 2 * index for index in range(len(pages) - 1)]
    content_refs = [6] + [8 + 2 * index for index in range(len(pages) - 1)]

    def page(number: int) -> bytes:
        return (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 4 0 R /F2 5 0 R"
            b" >> >> /Contents %d 0 R >>" % (_PAGE_WIDTH, _PAGE_HEIGHT, content_refs[number])
        )

    def content(number: int) -> bytes:
        return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(streams[number]), streams[number])

    kids = b" ".join(b"%d 0 R" % ref for ref in page_refs)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
        page(0),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        content(0),
    ]
    for number in range(1, len(pages)):
        objects += [page(number), content(number)]
    objects.append(b"<< /Title %s /Producer (bff simulator) >>" % _utf16_hex(heading))
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


def wrapped(text: str, width: int = 90) -> list[str]:
    """Body text as printable lines: paragraphs kept, long lines wrapped."""
    return [line for paragraph in text.splitlines() for line in (textwrap.wrap(paragraph, width) or [""])]


def document_pdf(
    *,
    document_id: str,
    type_name: str,
    subject: str,
    created_at: datetime,
    inbound: bool,
    recipient: str | None = None,
    body: str | None = None,
) -> bytes:
    """The rendition of one postbox document; only uses fields the postbox row itself holds."""
    sender = "Ihre Nachricht an die Muster Versicherungsgruppe" if inbound else "Muster Versicherungsgruppe"
    lines = [f"Dokumentart: {type_name}", f"Datum: {created_at:%d.%m.%Y}", f"Dokument-Nr.: {document_id}"]
    if recipient:
        lines.append(f"An: {recipient}")
    lines.append("")
    if body:
        lines += [*wrapped(body), ""]
    lines.append("Dieses Dokument wurde vom Upstream-Simulator erzeugt und dient nur zu Testzwecken.")
    return render_pdf(title=sender, heading=subject, lines=lines)


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
