"""Linked documents (PDF flyers, Word files) of a page, and the text inside them."""

from __future__ import annotations

import io
import mimetypes
import re
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from crawler.extract.filetypes import kind_of_mime, sniff
from crawler.extract.office import docx_text, odt_text, rtf_text
from crawler.extract.pagedoc import PageDoc
from crawler.extract.text import normalize_space
from crawler.extract.urls import canonicalize, extension
from crawler.items import DocumentRecord

MIME_BY_EXTENSION = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "rtf": "application/rtf",
    "txt": "text/plain",
    "zip": "application/zip",
}

_TYPE_WORDS = r"pdf|docx?|xlsx?|pptx?|odt|ods|rtf|zip|word|excel|datei|dokument|download"
_SIZE = r"\d+(?:[.,]\d+)?\s*(?:[kmg]i?b|[kmg]byte|bytes?)\b"
# "(PDF, 120 KB)", "[PDF 1,2 MB]", "(Datei-Typ: pdf, Größe: 312 KB)", "(externer Link)"
_BRACKETED_NOTE = re.compile(
    rf"\s*[(\[][^()\[\]]*?(?:\b(?:{_TYPE_WORDS})\b|{_SIZE}|externer link|neues fenster)[^()\[\]]*[)\]]",
    re.I,
)
_FILE_TYPES = r"pdf|docx?|xlsx?|pptx?|odt|ods|rtf|zip"
# trailing "- PDF-Datei", "PDF, 120 KB", ", 1,2 MB" and leading "PDF:", "Download:"
_TRAILING_NOTE = re.compile(
    rf"(?:\s*[-–|,:;/]?\s*(?:(?:{_FILE_TYPES})(?:-datei|-dokument|-format)?\b\.?|{_SIZE}))+\s*$",
    re.I,
)
_LEADING_NOTE = re.compile(rf"^\s*(?:{_TYPE_WORDS})(?:-datei)?\s*:\s*", re.I)
_GENERIC_TITLES = frozenset(
    [
        "hier",
        "hier klicken",
        "klicken sie hier",
        "download",
        "herunterladen",
        "mehr",
        "weiter",
        "öffnen",
        "link",
        "datei",
        "dokument",
        "pdf",
        "zum download",
        "zum dokument",
        "ansehen",
        "anzeigen",
        "weitere informationen",
    ]
)
_LAYOUT_ANCESTORS = frozenset({"nav", "header", "footer"})
_LAYOUT_ROLES = frozenset({"navigation", "banner", "contentinfo"})


def clean_link_title(text: str | None) -> str:
    """Strip file type and size notes such as '(PDF, 120 KB)' or 'PDF-Datei' from a link text."""
    title = normalize_space(text)
    previous = None
    while title and title != previous:
        previous = title
        title = _BRACKETED_NOTE.sub("", title)
        title = _TRAILING_NOTE.sub("", title)
        title = _LEADING_NOTE.sub("", title)
        title = title.strip(" -–|,;:/")
    return title


def _is_meaningful(title: str) -> bool:
    return bool(title) and title.lower().strip(" .!»>") not in _GENERIC_TITLES


def _in_page_frame(el: etree._Element, main: etree._Element) -> bool:
    """True if the element sits in the page's navigation, header or footer (not in the content)."""
    for ancestor in el.iterancestors():
        if ancestor is main:
            return False
        tag = ancestor.tag if isinstance(ancestor.tag, str) else ""
        if tag in _LAYOUT_ANCESTORS or (ancestor.get("role") or "").lower() in _LAYOUT_ROLES:
            return True
    return False


def page_base_url(doc: PageDoc) -> str:
    """The URL relative links resolve against: the page URL, or its `<base href>`."""
    bases = doc.root.xpath("//head/base/@href")
    return urljoin(doc.url, bases[0].strip()) if bases else doc.url


def guess_mime(url: str) -> str | None:
    """Guess a MIME type from a URL's file extension."""
    ext = extension(url)
    if not ext:
        return None
    return MIME_BY_EXTENSION.get(ext) or mimetypes.guess_type(f"x.{ext}")[0]


def _file_name(url: str) -> str:
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1])


def extract_document_links(doc: PageDoc) -> list[DocumentRecord]:
    """Return one DocumentRecord per document linked from the page (not from navigation/footer).

    Titles come from the link text without size/type notes, else the link's title attribute,
    else an image's alt text inside the link, else the file name.
    """
    wanted = {e.lower() for e in doc.profile.words("urls.document_extensions")}
    base = page_base_url(doc)
    main = doc.main
    found: dict[str, tuple[DocumentRecord, bool]] = {}
    for link in doc.root.iter("a", "area"):
        href = (link.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
            continue
        try:
            url = canonicalize(href, doc.profile, base=base)
        except ValueError:
            continue
        if extension(url) not in wanted or _in_page_frame(link, main):
            continue
        title, meaningful = _link_title(link, url)
        known = found.get(url)
        if known is None:
            record = DocumentRecord(
                url=url, title=title, mime=guess_mime(url), source_urls=[doc.url]
            )
            found[url] = (record, meaningful)
            continue
        record, had_meaning = known
        if (meaningful and not had_meaning) or (
            meaningful == had_meaning and len(title) > len(record.title)
        ):
            record.title = title
            found[url] = (record, meaningful)
    return [record for record, _ in found.values()]


def _link_title(link: etree._Element, url: str) -> tuple[str, bool]:
    """The best title a link offers, and whether it is more than a fallback."""
    candidates = [link.text_content(), link.get("title")]
    candidates += [img.get("alt") for img in link.iter("img")]
    for raw in candidates:
        title = clean_link_title(raw)
        if _is_meaningful(title):
            return title, True
    return _file_name(url), False


# --- text inside documents -------------------------------------------------------------

_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "\u00ad": ""})
# "Flücht-\nlingshilfe" joins; "Flüchtlings-\nund Integrationsarbeit" keeps its hyphen.
_LINE_END_HYPHEN = re.compile(r"(?<=[a-zäöüß])-\n(?!(?:und|oder|bzw|sowie|bis|als)\b)(?=[a-zäöüß])")
MAX_PDF_PAGES = 1000


DOC_WARNING = "Text nicht lesbar: altes Word-Format (.doc)"
ENCRYPTED_WARNING = "Dokument ist verschlüsselt (Kennwortschutz): Text nicht lesbar"
# kind -> (how the file is named in warnings, what it should be in a mismatch warning)
_NAMES = {
    "pdf": ("PDF-Datei", "kein PDF"),
    "docx": ("Word-Datei", "kein Word-Dokument"),
    "odt": ("OpenDocument-Datei", "kein OpenDocument-Text"),
    "rtf": ("RTF-Datei", "kein RTF-Dokument"),
    "doc": ("Word-Datei", "kein Word-Dokument"),
}


def document_mime(body: bytes) -> str | None:
    """The MIME type of a document told by its content (PDF, Word, OpenDocument, RTF, …)."""
    return sniff(body).mime


def document_text(body: bytes, mime: str | None) -> tuple[str, list[str]]:
    """Return (text, warnings) of a document's bytes: PDF, docx, odt and rtf are read.

    The type comes from the content (signature, zip members) first: a Word file named `.PDF`
    or served as `application/octet-stream` is still read. `mime` (from the server or the
    file name) only says what the file should have been, for a warning when the content is
    something else. Old binary Word files (.doc) give a warning, as do broken, truncated and
    encrypted files, which yield what could be read; other types give ('', []).
    This function never raises.
    """
    kind = None
    try:
        found = sniff(body)
        kind = found.kind
        if kind in _READERS:
            return _READERS[kind](body)
    except Exception as exc:  # a reader's own guards failed: keep the record, say why
        label = _NAMES.get(kind or "", ("Datei",))[0]
        return "", [f"{label} nicht lesbar: {type(exc).__name__}"]
    if kind == "doc":
        return "", [DOC_WARNING]
    if kind == "encrypted":
        return "", [ENCRYPTED_WARNING]
    expected = kind_of_mime(mime)
    if expected not in _NAMES:
        return "", []
    label, not_it = _NAMES[expected]
    if not body:
        return "", [f"{label} ist leer"]
    if kind == "zip" and found.truncated and expected in ("docx", "odt"):
        return "", [f"{label} unvollständig oder beschädigt: Text nicht lesbar"]
    return "", [f"Datei ist {not_it} (Inhalt passt nicht zum Typ)"]


def _pdf_document_text(body: bytes) -> tuple[str, list[str]]:
    try:
        return _pdf_text(body)
    except Exception as exc:  # pypdf raises many types on damaged files
        return "", [f"PDF nicht lesbar: {type(exc).__name__}"]


_READERS = {"pdf": _pdf_document_text, "docx": docx_text, "odt": odt_text, "rtf": rtf_text}


def _pdf_text(body: bytes) -> tuple[str, list[str]]:
    from pypdf import PdfReader  # imported here: only media pipelines need it

    warnings: list[str] = []
    if b"%%EOF" not in body[-2048:]:
        warnings.append("PDF unvollständig (abgeschnitten?)")
    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
    except Exception as exc:
        return "", [*warnings, f"PDF nicht lesbar: {type(exc).__name__}"]
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception:
            opened = 0
        if not opened:
            return "", [*warnings, "PDF ist verschlüsselt: Text nicht lesbar"]
    try:
        pages = list(reader.pages)
    except Exception as exc:
        return "", [*warnings, f"PDF-Seiten nicht lesbar: {type(exc).__name__}"]
    if len(pages) > MAX_PDF_PAGES:
        warnings.append(f"PDF hat {len(pages)} Seiten: nur die ersten {MAX_PDF_PAGES} gelesen")
        pages = pages[:MAX_PDF_PAGES]
    texts: list[str] = []
    unreadable: list[int] = []
    for number, page in enumerate(pages, start=1):
        try:
            texts.append(normalize_pdf_text(page.extract_text() or ""))
        except Exception:
            unreadable.append(number)
    if unreadable:
        warnings.append("PDF-Seite(n) nicht lesbar: " + ", ".join(map(str, unreadable)))
    text = "\n\n".join(t for t in texts if t)
    if pages and not text and not unreadable:
        warnings.append("PDF enthält keinen Text (eingescannt?)")
    return text, warnings


def normalize_pdf_text(text: str) -> str:
    """Fold whitespace per line, drop blank lines, join words hyphenated at line ends."""
    text = text.translate(_LIGATURES)
    lines = [normalize_space(line) for line in text.splitlines()]
    text = "\n".join(line for line in lines if line)
    return _LINE_END_HYPHEN.sub("", text)
