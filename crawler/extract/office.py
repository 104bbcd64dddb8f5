"""The text inside Word (.docx), OpenDocument (.odt) and RTF files, read without an office suite.

docx and odt are zip archives of XML parts; their text is read with lxml, in document order:
paragraphs and headings, table rows (cells joined by ' | '), text boxes, footnotes, headers
and footers (each distinct one once). Deleted tracked changes, comments and field codes are
left out. RTF goes through `striprtf`. Every reader returns (text, German warnings) and never
raises: a truncated or damaged file gives what could be read.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Callable, Iterable

from lxml import etree

from crawler.extract.text import normalize_space
from crawler.extract.zipparts import MAX_MEMBER_BYTES, ZipParts

Blocks = list[str]

# --- shared ---------------------------------------------------------------------------------

_LINE_BREAK = "\n"
_WHITESPACE = re.compile(r"[\r\n\t]")


def _xml(data: bytes | None) -> tuple[etree._Element | None, bool]:
    """Parse an XML part leniently; return (root or None, whether the parser met errors)."""
    if not data:
        return None, False
    parser = etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None, True
    return root, bool(parser.error_log.filter_from_errors())


def _inline(text: str | None) -> str:
    """Text of an XML text node as it shows inline: line ends and tabs are spaces."""
    return _WHITESPACE.sub(" ", text) if text else ""


def _join(blocks: Iterable[str], seen: set[str] | None = None) -> list[str]:
    """One line per non-empty line of each block, whitespace folded; skip lines in `seen`."""
    lines = []
    for block in blocks:
        for raw in block.split(_LINE_BREAK):
            line = normalize_space(raw)
            if line and (seen is None or line not in seen):
                lines.append(line)
                if seen is not None:
                    seen.add(line)
    return lines


def _zip_text(
    body: bytes,
    label: str,
    main_name: str,
    extra: Callable[[ZipParts], tuple[list[str], list[str]]],
    read_blocks: Callable[[etree._Element], Blocks],
) -> tuple[str, list[str]]:
    """Text of a zip-based document: the main part between the extra parts (headers, …)."""
    parts = ZipParts(body)
    warnings: list[str] = []
    if parts.truncated:
        warnings.append(f"{label} unvollständig (abgeschnitten?)")
    root, broken = _xml(parts.read(main_name))
    if root is None:
        return "", [
            *warnings,
            f"{label} nicht lesbar: Inhalt ({main_name}) fehlt oder ist beschädigt",
        ]
    body_blocks = read_blocks(root)
    before, after = extra(parts)
    seen: set[str] = set()
    lines = _join(before, seen) + _join(body_blocks) + _join(after, seen)
    if (broken or parts.damaged) and not parts.truncated:
        warnings.append(f"{label} beschädigt: Text evtl. unvollständig")
    if parts.oversized:
        warnings.append(
            f"{label} sehr groß: nur die ersten {MAX_MEMBER_BYTES // 2**20} MB je Teil gelesen"
        )
    if not lines:
        warnings.append(f"{label} enthält keinen Text")
    return "\n".join(lines), warnings


def _parts_blocks(
    parts: ZipParts, names: Iterable[str], read_blocks: Callable[[etree._Element], Blocks]
) -> Blocks:
    blocks: Blocks = []
    for name in names:
        root, _ = _xml(parts.read(name))
        if root is not None:
            blocks += read_blocks(root)
    return blocks


# --- docx (WordprocessingML) ----------------------------------------------------------------

_W = frozenset(
    {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",  # "Strict Open XML"
    }
)
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Never text: properties, deleted or moved-away runs, field instructions.
_W_SKIP = frozenset(
    {
        "pPr",
        "rPr",
        "tblPr",
        "tblGrid",
        "trPr",
        "tcPr",
        "sectPr",
        "sdtPr",
        "sdtEndPr",
        "del",
        "delText",
        "moveFrom",
        "instrText",
        "delInstrText",
        "rt",  # ruby annotation above the base text
    }
)
_W_CHARS = {"tab": " ", "ptab": " ", "br": _LINE_BREAK, "cr": _LINE_BREAK, "noBreakHyphen": "-"}
_W_WRAPPERS = frozenset({"sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag"})
_W_HEADER = re.compile(r"^word/header(\d*)\.xml$")
_W_FOOTER = re.compile(r"^word/footer(\d*)\.xml$")


def _wname(el: etree._Element) -> str | None:
    """The local name of a WordprocessingML element; '' for others, None for a skipped one."""
    if not isinstance(el.tag, str):
        return None
    qname = etree.QName(el)
    if qname.namespace == _MC and qname.localname == "Fallback":
        return None  # the same content as its mc:Choice, for older readers
    if qname.namespace in _W:
        return None if qname.localname in _W_SKIP else qname.localname
    return ""


def docx_blocks(root: etree._Element) -> Blocks:
    """The paragraphs (and table rows) of a WordprocessingML part, in document order."""
    blocks: Blocks = []
    _docx_children(root, blocks)
    return blocks


def _docx_children(el: etree._Element, blocks: Blocks) -> None:
    for child in el:
        _docx_block(child, blocks)


def _docx_block(el: etree._Element, blocks: Blocks) -> None:
    name = _wname(el)
    if name == "p":
        _docx_paragraph(el, blocks)
    elif name == "tbl":
        _docx_table(el, blocks)
    elif name is not None:
        _docx_children(el, blocks)


def _docx_paragraph(p: etree._Element, blocks: Blocks) -> None:
    parts: list[str] = []
    nested: list[etree._Element] = []  # text boxes anchored in the paragraph: after it

    def runs(el: etree._Element) -> None:
        for child in el:
            name = _wname(child)
            if name is None:
                continue
            if name == "t":
                parts.append(_inline(child.text))
            elif name in _W_CHARS:
                parts.append(_W_CHARS[name])
            elif name in ("txbxContent", "p", "tbl"):
                nested.append(child)
            else:
                runs(child)

    runs(p)
    blocks.append("".join(parts))
    for box in nested:
        _docx_block(box, blocks)


def _w_items(el: etree._Element, wanted: str) -> list[etree._Element]:
    """Child elements named `wanted`, also inside content controls and other wrappers."""
    found = []
    for child in el:
        name = _wname(child)
        if name == wanted:
            found.append(child)
        elif name in _W_WRAPPERS:
            found += _w_items(child, wanted)
    return found


def _docx_table(tbl: etree._Element, blocks: Blocks) -> None:
    for row in _w_items(tbl, "tr"):
        cells = []
        for cell in _w_items(row, "tc"):
            inner: Blocks = []
            _docx_children(cell, inner)
            cells.append(" ".join(_join(inner)))
        blocks.append(" | ".join(c for c in cells if c))


def _docx_extra(parts: ZipParts) -> tuple[Blocks, Blocks]:
    def numbered(pattern: re.Pattern[str]) -> list[str]:
        found = [(m.group(1), n) for n in parts.names if (m := pattern.match(n))]
        return [n for _, n in sorted(found, key=lambda f: (len(f[0]), f[0]))]

    notes = ["word/footnotes.xml", "word/endnotes.xml"]
    before = _parts_blocks(parts, numbered(_W_HEADER), docx_blocks)
    after = _parts_blocks(parts, [*notes, *numbered(_W_FOOTER)], docx_blocks)
    return before, after


def docx_text(body: bytes) -> tuple[str, list[str]]:
    """Text of a Word 2007+ file: headers, body (paragraphs, tables, text boxes), notes, footers."""
    return _zip_text(body, "Word-Datei", "word/document.xml", _docx_extra, docx_blocks)


# --- odt (OpenDocument text) ----------------------------------------------------------------

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


_O_PARAGRAPHS = frozenset({_q(_TEXT, "p"), _q(_TEXT, "h")})
_O_TABLE = _q(_TABLE, "table")
# Never shown as text: deleted tracked changes, comments, declarations, index templates.
_O_SKIP = frozenset(
    {
        _q(_TEXT, "tracked-changes"),
        _q(_OFFICE, "annotation"),
        _q(_OFFICE, "annotation-end"),
        _q(_TEXT, "note-citation"),
        _q(_TEXT, "sequence-decls"),
        _q(_TEXT, "variable-decls"),
        _q(_TEXT, "user-field-decls"),
        _q(_TEXT, "table-of-content-source"),
        _q(_TEXT, "alphabetical-index-source"),
        _q(_TEXT, "illustration-index-source"),
        _q(_TEXT, "bibliography-source"),
        _q(_OFFICE, "forms"),
        _q(_TABLE, "covered-table-cell"),
    }
)
_O_SPACE, _O_TAB, _O_BREAK = _q(_TEXT, "s"), _q(_TEXT, "tab"), _q(_TEXT, "line-break")
_O_NOTE_BODY = _q(_TEXT, "note-body")
_O_NESTED = frozenset({_q(_DRAW, "frame"), _q(_DRAW, "text-box"), _q(_DRAW, "custom-shape")})
_O_ROW_GROUPS = frozenset(
    {
        _q(_TABLE, "table-header-rows"),
        _q(_TABLE, "table-rows"),
        _q(_TABLE, "table-row-group"),
    }
)
_O_PAGE_PARTS = ("header", "header-first", "header-left", "footer", "footer-first", "footer-left")


def odf_blocks(root: etree._Element) -> Blocks:
    """The paragraphs, headings and table rows under an ODF element, in document order."""
    blocks: Blocks = []
    _odf_children(root, blocks)
    return blocks


def _odf_children(el: etree._Element, blocks: Blocks) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _O_SKIP:
            continue
        if tag in _O_PARAGRAPHS:
            _odf_paragraph(child, blocks)
        elif tag == _O_TABLE:
            _odf_table(child, blocks)
        else:
            _odf_children(child, blocks)


def _odf_paragraph(p: etree._Element, blocks: Blocks) -> None:
    parts: list[str] = []
    nested: list[etree._Element] = []  # footnotes and frames: after the paragraph

    def inline(el: etree._Element) -> None:
        parts.append(_inline(el.text))
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _O_SKIP:
                pass
            elif tag == _O_SPACE:
                count = child.get(_q(_TEXT, "c"), "1")
                parts.append(" " * min(int(count), 100) if count.isdigit() else " ")
            elif tag == _O_TAB:
                parts.append(" ")
            elif tag == _O_BREAK:
                parts.append(_LINE_BREAK)
            elif tag == _O_NOTE_BODY or tag in _O_NESTED:
                nested.append(child)
            else:
                inline(child)
            parts.append(_inline(child.tail))

    inline(p)
    blocks.append("".join(parts))
    for box in nested:
        _odf_children(box, blocks)


def _odf_table(table: etree._Element, blocks: Blocks) -> None:
    def rows(el: etree._Element) -> list[etree._Element]:
        found = []
        for child in el:
            if child.tag == _q(_TABLE, "table-row"):
                found.append(child)
            elif child.tag in _O_ROW_GROUPS:
                found += rows(child)
        return found

    for row in rows(table):
        cells = []
        for cell in row:
            if cell.tag == _q(_TABLE, "table-cell"):
                inner: Blocks = []
                _odf_children(cell, inner)
                cells.append(" ".join(_join(inner)))
        blocks.append(" | ".join(c for c in cells if c))


def _odt_extra(parts: ZipParts) -> tuple[Blocks, Blocks]:
    """Headers and footers of the page styles (styles.xml)."""
    root, _ = _xml(parts.read("styles.xml"))
    if root is None:
        return [], []
    before: Blocks = []
    after: Blocks = []
    for name in _O_PAGE_PARTS:
        for part in root.iter(_q(_STYLE, name)):
            _odf_children(part, before if name.startswith("header") else after)
    return before, after


def odt_text(body: bytes) -> tuple[str, list[str]]:
    """Text of an OpenDocument text file: headers, body (with tables, notes, frames), footers."""
    if b"encryption-data" in (ZipParts(body).read("META-INF/manifest.xml") or b""):
        return "", ["OpenDocument-Datei ist verschlüsselt (Kennwortschutz): Text nicht lesbar"]
    return _zip_text(body, "OpenDocument-Datei", "content.xml", _odt_extra, odf_blocks)


# --- rtf ------------------------------------------------------------------------------------

_ANSI_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")
# hex-encoded pictures and embedded objects: never text, and slow to walk character by character
_HEX_DATA = re.compile(r"[0-9a-fA-F\r\n]{512,}")


def rtf_text(body: bytes) -> tuple[str, list[str]]:
    """Text of an RTF file (table cells joined by ' | '); headers/footers are left out."""
    from striprtf.striprtf import rtf_to_text  # imported here: only media pipelines need it

    warnings: list[str] = []
    if not body.rstrip(b"\x00 \t\r\n").endswith(b"}"):
        warnings.append("RTF-Datei unvollständig (abgeschnitten?)")
    encoding = "cp1252"
    if match := _ANSI_CODEPAGE.search(body[:4096]):
        with contextlib.suppress(LookupError):
            encoding = codecs.lookup(f"cp{int(match.group(1))}").name
    source = _HEX_DATA.sub("", body.decode(encoding, "replace"))
    try:
        raw = rtf_to_text(source, encoding=encoding, errors="replace")
    except Exception as exc:  # striprtf is lenient, but a damaged file may still trip it
        return "", [*warnings, f"RTF-Datei nicht lesbar: {type(exc).__name__}"]
    rows = (" | ".join(filter(None, map(str.strip, line.split("|")))) for line in raw.split("\n"))
    lines = _join(rows)
    if not lines:
        warnings.append("RTF-Datei enthält keinen Text")
    return "\n".join(lines), warnings
