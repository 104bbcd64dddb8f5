"""Small valid Word (.docx) and OpenDocument (.odt) files for the sample site, as zip + XML.

Written by hand rather than with python-docx/odfpy: no extra dependency for building the site,
and the bytes are the same on every run (fixed zip timestamps, fixed metadata).
"""

from __future__ import annotations

import io
import zipfile
from html import escape
from xml.sax.saxutils import quoteattr

ZIP_TIME = (2017, 1, 2, 8, 0, 0)
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def zip_bytes(
    members: list[tuple[str, str | bytes]], stored: frozenset[str] = frozenset()
) -> bytes:
    """A zip archive of the members in this order; names in `stored` are not compressed."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()


def _t(text: str) -> str:
    return escape(text, quote=False)


# --- docx -----------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def w_run(text: str, bold: bool = False) -> str:
    """One run of text (spaces kept)."""
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{_t(text)}</w:t></w:r>'


def w_para(*runs: str, style: str | None = None) -> str:
    """A paragraph of runs (strings are plain runs), with an optional paragraph style."""
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}{''.join(r if r.startswith('<') else w_run(r) for r in runs)}</w:p>"


def w_table(rows: list[list[str]]) -> str:
    """A bordered table; the first row is bold."""
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join('<w:gridCol w:w="4500"/>' for _ in rows[0])
    body = "".join(
        "<w:tr>"
        + "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="4500" w:type="dxa"/></w:tcPr>'
            f"{w_para(w_run(cell, bold=n == 0))}</w:tc>"
            for cell in row
        )
        + "</w:tr>"
        for n, row in enumerate(rows)
    )
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{borders}</w:tblBorders>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>"
    )


def make_docx(body: str, *, header: str, footer: str, title: str, author: str) -> bytes:
    """A Word 2007+ document with `body` (w:p/w:tbl XML), one header and one footer line."""
    content_types = (
        XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{_WML}.document.main+xml"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{_WML}.styles+xml"/>'
        f'<Override PartName="/word/header1.xml" ContentType="{_WML}.header+xml"/>'
        f'<Override PartName="/word/footer1.xml" ContentType="{_WML}.footer+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        "</Types>"
    )
    package_rels = (
        XML_DECL + f'<Relationships xmlns="{PKG_R}">'
        f'<Relationship Id="rId1" Type="{_DOC_R}/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        "</Relationships>"
    )
    document_rels = (
        XML_DECL + f'<Relationships xmlns="{PKG_R}">'
        f'<Relationship Id="rId1" Type="{_DOC_R}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId2" Type="{_DOC_R}/header" Target="header1.xml"/>'
        f'<Relationship Id="rId3" Type="{_DOC_R}/footer" Target="footer1.xml"/>'
        "</Relationships>"
    )
    section = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId2"/>'
        '<w:footerReference w:type="default" r:id="rId3"/>'
        '<w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1417" w:right="1417" w:bottom="1134" w:left="1417" w:header="708" '
        'w:footer="708" w:gutter="0"/></w:sectPr>'
    )
    document = (
        XML_DECL + f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}{section}'
        "</w:body></w:document>"
    )
    styles = (
        XML_DECL + f'<w:styles xmlns:w="{W}">'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Standard"><w:name w:val="Normal"/>'
        '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="22"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/>'
        '<w:basedOn w:val="Standard"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr>'
        '<w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="NormaleTabelle">'
        '<w:name w:val="Normal Table"/></w:style>'
        "</w:styles>"
    )
    header_xml = XML_DECL + f'<w:hdr xmlns:w="{W}" xmlns:r="{R}">{w_para(header)}</w:hdr>'
    footer_xml = XML_DECL + f'<w:ftr xmlns:w="{W}" xmlns:r="{R}">{w_para(footer)}</w:ftr>'
    core = (
        XML_DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_t(title)}</dc:title><dc:creator>{_t(author)}</dc:creator>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2017-01-02T08:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2017-01-02T08:00:00Z</dcterms:modified>'
        "</cp:coreProperties>"
    )
    return zip_bytes(
        [
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", package_rels),
            ("word/document.xml", document),
            ("word/_rels/document.xml.rels", document_rels),
            ("word/styles.xml", styles),
            ("word/header1.xml", header_xml),
            ("word/footer1.xml", footer_xml),
            ("docProps/core.xml", core),
        ]
    )


# --- odt ------------------------------------------------------------------------------------

ODT_MIME = "application/vnd.oasis.opendocument.text"
_ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3"'
)


def odf_para(inner: str, style: str = "Standard") -> str:
    """A text:p with already escaped/marked-up content."""
    return f"<text:p text:style-name={quoteattr(style)}>{inner}</text:p>"


def odf_heading(text: str) -> str:
    return f'<text:h text:style-name="Heading_20_1" text:outline-level="1">{_t(text)}</text:h>'


def odf_table(name: str, rows: list[list[str]]) -> str:
    columns = f'<table:table-column table:number-columns-repeated="{len(rows[0])}"/>'
    body = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string">{odf_para(_t(cell))}</table:table-cell>'
            for cell in row
        )
        + "</table:table-row>"
        for row in rows
    )
    return f"<table:table table:name={quoteattr(name)}>{columns}{body}</table:table>"


def make_odt(body: str, *, header: str, footer: str, title: str, author: str) -> bytes:
    """An OpenDocument text with `body` (text:p/text:h/table XML), one header and footer line."""
    manifest = (
        XML_DECL + '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
        'manifest:1.0" manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT_MIME}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    content = (
        XML_DECL + f"<office:document-content {_ODF_NS}><office:body><office:text>"
        f"{body}</office:text></office:body></office:document-content>"
    )
    styles = (
        XML_DECL + f"<office:document-styles {_ODF_NS}><office:styles>"
        '<style:style style:name="Standard" style:family="paragraph"/>'
        '<style:style style:name="Heading_20_1" style:display-name="Heading 1" '
        'style:family="paragraph"><style:text-properties fo:font-size="16pt" '
        'fo:font-weight="bold"/></style:style>'
        "</office:styles><office:automatic-styles>"
        '<style:page-layout style:name="pm1"><style:page-layout-properties '
        'fo:page-width="21cm" fo:page-height="29.7cm" fo:margin="2cm"/></style:page-layout>'
        '</office:automatic-styles><office:master-styles><style:master-page style:name="Standard" '
        'style:page-layout-name="pm1">'
        f"<style:header>{odf_para(_t(header))}</style:header>"
        f"<style:footer>{odf_para(_t(footer))}</style:footer>"
        "</style:master-page></office:master-styles></office:document-styles>"
    )
    meta = (
        XML_DECL + f"<office:document-meta {_ODF_NS}><office:meta>"
        f"<dc:title>{_t(title)}</dc:title><meta:initial-creator>{_t(author)}"
        "</meta:initial-creator><meta:creation-date>2016-03-01T08:00:00</meta:creation-date>"
        "</office:meta></office:document-meta>"
    )
    return zip_bytes(
        [
            ("mimetype", ODT_MIME),  # first and uncompressed, as ODF requires
            ("META-INF/manifest.xml", manifest),
            ("content.xml", content),
            ("styles.xml", styles),
            ("meta.xml", meta),
        ],
        stored=frozenset({"mimetype"}),
    )
