"""What kind of document a file is, told by its bytes (signatures, zip members), not its name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler.extract.zipparts import EMPTY_ZIP_MAGIC, ZIP_MAGIC, ZipParts

PDF_MIME = "application/pdf"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT_MIME = "application/vnd.oasis.opendocument.text"
RTF_MIME = "application/rtf"
DOC_MIME = "application/msword"
XLS_MIME = "application/vnd.ms-excel"
PPT_MIME = "application/vnd.ms-powerpoint"
ZIP_MIME = "application/zip"

OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # old binary Office files (and encrypted new ones)
_ODF_PREFIX = "application/vnd.oasis.opendocument."
# The kinds whose MIME types say what a file should be, for telling a mismatch.
KIND_BY_MIME = {
    PDF_MIME: "pdf",
    "application/x-pdf": "pdf",
    DOCX_MIME: "docx",
    "application/vnd.ms-word.document.macroenabled.12": "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template": "docx",
    ODT_MIME: "odt",
    "application/vnd.oasis.opendocument.text-template": "odt",
    RTF_MIME: "rtf",
    "text/rtf": "rtf",
    DOC_MIME: "doc",
}
# OLE directory entries are UTF-16 names: the stream that makes a file what it is.
_OLE_STREAMS = (
    ("EncryptedPackage".encode("utf-16-le"), "encrypted", None),
    ("WordDocument".encode("utf-16-le"), "doc", DOC_MIME),
    ("Workbook".encode("utf-16-le"), "xls", XLS_MIME),
    ("PowerPoint Document".encode("utf-16-le"), "ppt", PPT_MIME),
)
_OOXML_MAIN = re.compile(r"^(word|xl|ppt)/(document|workbook|presentation)\.xml$")
_OOXML_KINDS = {"word": ("docx", DOCX_MIME), "xl": ("xlsx", XLSX_MIME), "ppt": ("pptx", PPTX_MIME)}


@dataclass(frozen=True)
class FileType:
    """A file's kind ('pdf', 'docx', 'odt', 'rtf', 'doc', 'zip', …, or None) and MIME type.

    `truncated` is True for a zip whose directory at the end is missing (cut off?).
    """

    kind: str | None
    mime: str | None = None
    truncated: bool = False


UNKNOWN = FileType(None)


def sniff(body: bytes) -> FileType:
    """Tell a document's type from its content.

    PDF by its `%PDF-` header (which may follow some junk bytes), RTF by `{\\rtf`, old Office
    files by the OLE signature and the name of their main stream (an encrypted docx/xlsx is an
    OLE file too), docx/xlsx/pptx by their main part, OpenDocument by its `mimetype` member.
    A zip that is none of these is 'zip'.
    """
    if b"%PDF-" in body[:1024]:
        return FileType("pdf", PDF_MIME)
    if body.lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == b"{\\rtf":
        return FileType("rtf", RTF_MIME)
    if body.startswith(OLE_MAGIC):
        for stream, kind, mime in _OLE_STREAMS:
            if stream in body:
                return FileType(kind, mime)
        return FileType("ole")
    if body.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return sniff_zip(ZipParts(body))
    return UNKNOWN


def sniff_zip(parts: ZipParts) -> FileType:
    """The type of a zip archive by its members: OOXML main part, ODF `mimetype`, else 'zip'."""
    for name in parts.names:
        if match := _OOXML_MAIN.match(name):
            return FileType(*_OOXML_KINDS[match.group(1)])
    if "mimetype" in parts:
        mime = (parts.read("mimetype", limit=200) or b"").decode("ascii", "replace").strip()
        if mime.startswith(_ODF_PREFIX):
            kind = "odt" if mime in (ODT_MIME, f"{ODT_MIME}-template") else "odf"
            return FileType(kind, mime)
    return FileType("zip", ZIP_MIME, parts.truncated)


def kind_of_mime(mime: str | None) -> str | None:
    """The document kind a MIME type promises ('pdf', 'docx', 'odt', 'rtf', 'doc'), else None."""
    return KIND_BY_MIME.get((mime or "").lower().split(";")[0].strip())
