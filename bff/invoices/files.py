"""What a receipt is, decided by its content: the client's file name and content type are ignored,
because both are chosen by whoever sends the request. Names are only kept, cleaned, for display."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import filetype
from filetype.types.archive import Pdf
from filetype.types.base import Type
from filetype.types.image import Jpeg, Png
from filetype.types.isobmff import IsoBmff
from pathvalidate import sanitize_filename

JPEG, PNG, HEIC, PDF = "image/jpeg", "image/png", "image/heic", "application/pdf"

# HEIF brands of HEVC-coded images and sequences (ISO/IEC 23008-12); `mif1`/`msf1` are generic HEIF
# brands that count when a HEVC brand is among the compatible ones (AVIF, also HEIF, does not).
HEVC_BRANDS = frozenset({"heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs"})
GENERIC_HEIF_BRANDS = frozenset({"mif1", "msf1"})


class HeicFamily(IsoBmff):  # type: ignore[misc]  # filetype ships no type hints
    """filetype's own HEIC matcher knows only the `heic` brand; iPhones also write `heix` and `mif1`."""

    def __init__(self) -> None:
        super().__init__(mime=HEIC, extension="heic")

    def match(self, buf: bytes) -> bool:
        if not self._is_isobmff(buf):
            return False
        major, _minor, compatible = self._get_ftyp(buf)
        if major in HEVC_BRANDS:
            return True
        return major in GENERIC_HEIF_BRANDS and not HEVC_BRANDS.isdisjoint(compatible)


ACCEPTED_MATCHERS: tuple[Type, ...] = (Jpeg(), Png(), HeicFamily(), Pdf())
EXTENSIONS: dict[str, tuple[str, ...]] = {
    JPEG: (".jpg", ".jpeg"),
    PNG: (".png",),
    HEIC: (".heic", ".heif"),
    PDF: (".pdf",),
}
MAX_STEM_LENGTH = 100


def accepted_media_types() -> list[str]:
    """What a receipt may be, as forms announce it (`accept`)."""
    return [matcher.mime for matcher in ACCEPTED_MATCHERS]


def sniff_media_type(content: bytes) -> str | None:
    """The accepted media type the content's magic bytes show, or None for anything else."""
    matcher = filetype.match(content, matchers=ACCEPTED_MATCHERS)
    return None if matcher is None else str(matcher.mime)


def clean_file_name(raw: str | None, *, media_type: str, position: int) -> str:
    """A display name without directories, control or reserved characters, whose extension fits the
    sniffed type (a JPEG named `scan.pdf` is stored as `scan.jpg`)."""
    base = re.split(r"[\\/]", raw or "")[-1]
    path = PurePosixPath(base)
    suffix = path.suffix.lower()
    stem = path.stem if suffix else base
    stem = sanitize_filename(stem, platform="universal", max_len=MAX_STEM_LENGTH).strip(" .")
    stem = stem or f"Beleg-{position + 1}"
    extensions = EXTENSIONS[media_type]
    return stem + (suffix if suffix in extensions else extensions[0])
