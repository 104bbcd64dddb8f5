"""Text of Word (.docx), OpenDocument (.odt) and RTF files; types told by content; broken files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from crawler.extract.documents import (
    DOC_WARNING,
    ENCRYPTED_WARNING,
    document_mime,
    document_text,
)
from crawler.extract.filetypes import DOCX_MIME, ODT_MIME, OLE_MAGIC, sniff
from crawler.extract.zipparts import ZipParts
from crawler.sample_site.office_files import ODT_MIME as SAMPLE_ODT_MIME
from crawler.sample_site.office_files import XML_DECL, W, zip_bytes

SAMPLE = Path(__file__).parent.parent / "crawler" / "sample_site"
TRUTH = json.loads((SAMPLE / "truth.json").read_text(encoding="utf-8"))
DOCX_FILE = SAMPLE / "site" / "media" / "custom" / "2807_1505_1.DOCX"
ODT_FILE = SAMPLE / "site" / "media" / "custom" / "2807_1604_1.odt"


@pytest.fixture(scope="module")
def docx_body() -> bytes:
    return DOCX_FILE.read_bytes()


@pytest.fixture(scope="module")
def odt_body() -> bytes:
    return ODT_FILE.read_bytes()


# --- the sample site's files ------------------------------------------------------------------


@pytest.mark.parametrize("doc", TRUTH["documents"], ids=lambda d: d["url"].rsplit("/", 1)[-1])
def test_every_sample_document_gives_its_truth_text_and_type(doc):
    body = (SAMPLE / "site" / doc["url"].lstrip("/")).read_bytes()
    assert document_mime(body) == doc["mime"]
    text, warnings = document_text(body, None)
    assert warnings == []
    for phrase in doc["text_contains"]:
        assert phrase in text


def test_docx_text_in_document_order_with_table_header_and_footer(docx_body):
    text, warnings = document_text(docx_body, "application/octet-stream")
    assert warnings == []
    assert text.splitlines() == [
        "Kreis Herford – Kommunales Integrationszentrum",  # header
        "Checkliste für die Wohnungssuche",
        "Diese Unterlagen verlangen Vermieterinnen, Vermieter und Wohnungsbaugesellschaften im "
        "Kreis Herford häufig:",
        "Unterlage | Wo erhältlich?",
        "Wohnberechtigungsschein | Bauamt der Stadt oder Gemeinde",
        "Mietschuldenfreiheitsbescheinigung | bisherige Vermieterin oder bisheriger Vermieter",
        "Nachweis über Einkommen oder Leistungen | Arbeitgeber, Jobcenter oder Sozialamt",
        "Tipp: Die Mietkaution darf höchstens drei Nettokaltmieten betragen.",  # four runs
        "Modul 5: Wohnen und Mietrecht",  # footer
    ]


def test_odt_text_with_spaces_spans_table_header_and_footer(odt_body):
    text, warnings = document_text(odt_body, ODT_MIME)
    assert warnings == []
    lines = text.splitlines()
    assert lines[0] == "Kommunales Integrationszentrum Kreis Herford"  # header (styles.xml)
    assert lines[1] == "Einladung zum Interkulturellen Elternabend"  # text:h
    assert (
        "wir laden Sie herzlich zu einem Abend über Erziehung und Schule in Deutschland ein. "
        "Bringen Sie gern Ihre Fragen mit." in lines
    )  # text:s c="2" folded
    assert "Ort | Familienzentrum Herford-Mitte" in lines
    assert "Eine Kinderbetreuung wird angeboten." in lines  # a span inside a word adds no space
    assert lines[-1] == "Familienzentrum Herford-Mitte"  # footer
    assert SAMPLE_ODT_MIME == ODT_MIME


def test_type_comes_from_content_not_name_or_header(docx_body, odt_body):
    # IKISS serves media as octet-stream or under a wrong type: the bytes decide
    assert sniff(docx_body).kind == "docx" and sniff(odt_body).kind == "odt"
    assert document_text(docx_body, "application/pdf")[0].startswith("Kreis Herford")
    assert "Elternabend" in document_text(odt_body, "application/msword")[0]


# --- broken files -----------------------------------------------------------------------------


def _member_offset(body: bytes, name: str) -> int:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return archive.getinfo(name).header_offset


def test_truncated_docx_keeps_the_text_before_the_cut(docx_body):
    # cut off after word/document.xml: no central directory, headers/footers missing
    cut = _member_offset(docx_body, "word/_rels/document.xml.rels")
    text, warnings = document_text(docx_body[:cut], DOCX_MIME)
    assert warnings == ["Word-Datei unvollständig (abgeschnitten?)"]
    assert "Die Mietkaution darf höchstens drei Nettokaltmieten betragen." in text
    assert "Modul 5" not in text


@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.7, 0.9])
def test_truncated_docx_and_odt_warn_and_never_raise(docx_body, odt_body, fraction):
    for body, mime, label in (
        (docx_body, DOCX_MIME, "Word-Datei"),
        (odt_body, ODT_MIME, "OpenDocument-Datei"),
    ):
        text, warnings = document_text(body[: int(len(body) * fraction)], mime)
        assert isinstance(text, str)
        assert warnings and all(label in w for w in warnings), warnings
        assert any("unvollständig" in w for w in warnings)


def test_truncated_odt_inside_its_content(odt_body):
    start = _member_offset(odt_body, "content.xml")
    end = _member_offset(odt_body, "styles.xml")
    text, warnings = document_text(odt_body[: (start + end) // 2 + 40], ODT_MIME)
    assert warnings[0] == "OpenDocument-Datei unvollständig (abgeschnitten?)"
    assert text == "" or text.startswith("Einladung zum Interkulturellen Elternabend")


def test_damaged_zip_member_is_reported_not_raised(docx_body):
    with zipfile.ZipFile(io.BytesIO(docx_body)) as archive:
        info = archive.getinfo("word/document.xml")
    data_at = info.header_offset + 30 + len(info.filename)
    body = bytearray(docx_body)
    for at in range(data_at + info.compress_size // 2, data_at + info.compress_size // 2 + 8):
        body[at] ^= 0xFF
    text, warnings = document_text(bytes(body), DOCX_MIME)
    assert isinstance(text, str) and warnings
    assert any("beschädigt" in w for w in warnings)


def test_zip_that_is_not_a_docx():
    body = zip_bytes([("liesmich.txt", "Kein Word-Dokument"), ("bild.png", b"\x89PNG")])
    assert sniff(body).kind == "zip" and document_mime(body) == "application/zip"
    assert document_text(body, DOCX_MIME) == (
        "",
        ["Datei ist kein Word-Dokument (Inhalt passt nicht zum Typ)"],
    )
    assert document_text(body, "application/zip") == ("", [])  # a zip is just a zip


def test_old_binary_doc_is_kept_with_a_warning():
    directory = "Root Entry".encode("utf-16-le") + b"\0" * 54 + "WordDocument".encode("utf-16-le")
    body = OLE_MAGIC + b"\0" * 504 + directory + b"\0" * 2000
    assert document_mime(body) == "application/msword"
    assert document_text(body, "application/msword") == ("", [DOC_WARNING])
    assert document_text(body, None) == ("", [DOC_WARNING])  # whatever the name says


def test_encrypted_docx_is_an_ole_file():
    body = OLE_MAGIC + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100
    assert document_text(body, DOCX_MIME) == ("", [ENCRYPTED_WARNING])


def test_password_protected_odt():
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/>'
        "</manifest:file-entry></manifest:manifest>"
    )
    body = zip_bytes(
        [("mimetype", ODT_MIME), ("META-INF/manifest.xml", manifest), ("content.xml", b"\x8f\x01")],
        stored=frozenset({"mimetype"}),
    )
    assert document_text(body, None) == (
        "",
        ["OpenDocument-Datei ist verschlüsselt (Kennwortschutz): Text nicht lesbar"],
    )


def test_doc_that_is_really_rtf_or_html():
    rtf = rb"{\rtf1\ansi\ansicpg1252 Antrag auf Kosten\'fcbernahme\par}"
    assert document_text(rtf, "application/msword") == ("Antrag auf Kostenübernahme", [])
    html = b"<html><body>Seite nicht gefunden</body></html>"
    assert document_text(html, "application/msword") == (
        "",
        ["Datei ist kein Word-Dokument (Inhalt passt nicht zum Typ)"],
    )
    assert document_text(b"", DOCX_MIME) == ("", ["Word-Datei ist leer"])
    assert document_text(b"", ODT_MIME) == ("", ["OpenDocument-Datei ist leer"])


def test_other_office_types_are_recognised_but_not_read():
    xlsx = zip_bytes([("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")])
    assert sniff(xlsx).kind == "xlsx"
    assert document_text(xlsx, None) == ("", [])


def test_zip_parts_cap_unpacked_size():
    body = zip_bytes([("word/document.xml", "<a>" + "x" * 5000 + "</a>")])
    parts = ZipParts(body)
    assert len(parts.read("word/document.xml", limit=100)) == 100
    assert parts.oversized == ["word/document.xml"]
    assert parts.read("fehlt.xml") is None


# --- docx features ----------------------------------------------------------------------------

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _docx(body_xml: str, namespace: str = W, **parts: str) -> bytes:
    document = (
        f'{XML_DECL}<w:document xmlns:w="{namespace}" xmlns:mc="{_MC}"><w:body>{body_xml}'
        "</w:body></w:document>"
    )
    members = [("[Content_Types].xml", "<Types/>"), ("word/document.xml", document)]
    for name, xml in parts.items():
        members.append((f"word/{name}.xml", f'<w:root xmlns:w="{namespace}">{xml}</w:root>'))
    return zip_bytes(members)


def _p(inner: str) -> str:
    return f"<w:p>{inner}</w:p>"


def _r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def test_docx_tracked_changes_fields_breaks_and_links():
    body = _docx(
        _p(
            _r("Anmeldung ")
            + "<w:del><w:r><w:delText>bis Freitag</w:delText></w:r></w:del>"
            + f"<w:ins>{_r('bis Montag')}</w:ins>"
            + '<w:hyperlink r:id="rId9" xmlns:r="urn:r">'
            + _r(" im Kreishaus")
            + "</w:hyperlink>"
        )
        + _p(
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            "<w:r><w:instrText> PAGE </w:instrText></w:r>"
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            + _r("Seite 3")
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        )
        + _p(_r("Erste Zeile") + "<w:r><w:br/></w:r>" + _r("zweite Zeile"))
        + _p(_r("Integrations") + "<w:r><w:softHyphen/></w:r>" + _r("zentrum"))
        + _p(
            '<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
            + _r("Name:")
            + "<w:r><w:tab/></w:r>"
            + _r("Müller")
        )
        + '<w:sdt><w:sdtPr><w:alias w:val="Feld"/></w:sdtPr><w:sdtContent>'
        + _p(_r("Inhalt eines Steuerelements"))
        + "</w:sdtContent></w:sdt>"
        + "<w:sectPr/>"
    )
    text, warnings = document_text(body, None)
    assert warnings == []
    assert text.splitlines() == [
        "Anmeldung bis Montag im Kreishaus",
        "Seite 3",
        "Erste Zeile",
        "zweite Zeile",
        "Integrationszentrum",
        "Name: Müller",
        "Inhalt eines Steuerelements",
    ]


def test_docx_text_box_once_nested_tables_notes_and_strict_namespace():
    box = f"<w:txbxContent>{_p(_r('Text im Textfeld'))}</w:txbxContent>"
    alternate = (
        "<w:r><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing><wps:txbx xmlns:wps="urn:wps">{box}</wps:txbx>'
        "</w:drawing></mc:Choice>"
        f'<mc:Fallback><w:pict><v:textbox xmlns:v="urn:v">{box}</v:textbox></w:pict></mc:Fallback>'
        "</mc:AlternateContent></w:r>"
    )
    inner = f"<w:tbl><w:tr><w:tc>{_p(_r('innen 1'))}</w:tc><w:tc>{_p(_r('innen 2'))}</w:tc></w:tr></w:tbl>"
    table = (
        "<w:tbl><w:tblPr/><w:tr>"
        f"<w:tc>{_p(_r('außen'))}{inner}</w:tc><w:tc><w:tcPr/>{_p('')}</w:tc>"
        "</w:tr></w:tbl>"
    )
    for namespace in (W, "http://purl.oclc.org/ooxml/wordprocessingml/main"):
        body = _docx(
            _p(_r("Vor dem Bild") + alternate) + table,
            namespace,
            footnotes=f'<w:footnote w:type="separator">{_p("<w:r><w:separator/></w:r>")}'
            f'</w:footnote><w:footnote w:id="1">{_p(_r("Eine Fußnote."))}</w:footnote>',
            header1=_p(_r("Kopf")),
            header2=_p(_r("Kopf")),  # the first-page header says the same: once
            footer1=_p(_r("Fuß")),
        )
        text, warnings = document_text(body, None)
        assert warnings == []
        assert text.splitlines() == [
            "Kopf",
            "Vor dem Bild",
            "Text im Textfeld",
            "außen innen 1 | innen 2",
            "Eine Fußnote.",
            "Fuß",
        ]


def test_docx_without_text_and_with_broken_xml():
    text, warnings = document_text(_docx(_p("")), None)
    assert (text, warnings) == ("", ["Word-Datei enthält keinen Text"])
    broken = zip_bytes(
        [("word/document.xml", f'<w:document xmlns:w="{W}"><w:body><w:p>' + _r("Halb"))]
    )
    text, warnings = document_text(broken, None)
    assert text == "Halb" and warnings == ["Word-Datei beschädigt: Text evtl. unvollständig"]
    unreadable = zip_bytes([("word/document.xml", b"\xff\xfe not xml at all")])
    text, warnings = document_text(unreadable, DOCX_MIME)
    assert text == "" and warnings[0].startswith("Word-Datei nicht lesbar")


# --- odt features -----------------------------------------------------------------------------

_ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)


def _odt(body_xml: str) -> bytes:
    content = (
        f"<office:document-content {_ODF}><office:body><office:text>{body_xml}"
        "</office:text></office:body></office:document-content>"
    )
    return zip_bytes(
        [("mimetype", ODT_MIME), ("content.xml", content)], stored=frozenset({"mimetype"})
    )


def test_odt_notes_frames_lists_and_what_is_left_out():
    body = _odt(
        "<text:tracked-changes><text:changed-region><text:deletion>"
        "<text:p>Gelöschter Absatz</text:p></text:deletion></text:changed-region></text:tracked-changes>"
        '<text:p>Treffpunkt<text:s text:c="3"/>Foyer'
        '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
        "<text:note-body><text:p>Barrierefrei erreichbar.</text:p></text:note-body></text:note>"
        "<office:annotation><dc:creator>KI</dc:creator><text:p>Kommentar intern</text:p>"
        "</office:annotation> im Kreishaus</text:p>"
        "<text:p>Zeile eins<text:line-break/>Zeile zwei<text:tab/>mit Tab</text:p>"
        "<text:list><text:list-item><text:p>Punkt A</text:p><text:list><text:list-item>"
        "<text:p>Punkt A.1</text:p></text:list-item></text:list></text:list-item></text:list>"
        "<text:p><draw:frame><draw:text-box><text:p>Im Rahmen</text:p></draw:text-box></draw:frame>"
        "Nach dem Rahmen</text:p>"
        "<table:table><table:table-header-rows><table:table-row><table:table-cell><text:p>Tag</text:p>"
        "</table:table-cell><table:covered-table-cell/><table:table-cell><text:p>Zeit</text:p>"
        "</table:table-cell></table:table-row></table:table-header-rows></table:table>"
    )
    text, warnings = document_text(body, None)
    assert warnings == []
    assert text.splitlines() == [
        "Treffpunkt Foyer im Kreishaus",
        "Barrierefrei erreichbar.",
        "Zeile eins",
        "Zeile zwei mit Tab",
        "Punkt A",
        "Punkt A.1",
        "Nach dem Rahmen",
        "Im Rahmen",
        "Tag | Zeit",
    ]


def test_odf_types_other_than_text():
    ods = zip_bytes(
        [("mimetype", "application/vnd.oasis.opendocument.spreadsheet")],
        stored=frozenset({"mimetype"}),
    )
    assert sniff(ods).kind == "odf"
    assert document_mime(ods) == "application/vnd.oasis.opendocument.spreadsheet"
    assert document_text(ods, ODT_MIME)[1] == [
        "Datei ist kein OpenDocument-Text (Inhalt passt nicht zum Typ)"
    ]


# --- rtf --------------------------------------------------------------------------------------

RTF = (
    rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss\fcharset0 Arial;}}"
    rb"{\colortbl;\red0\green0\blue0;}{\*\generator Microsoft Word 14;}{\info{\title Antrag}}"
    rb"{\header \pard Kopfzeile\par}"
    rb"\pard\plain\f0\fs22 Anmeldung zum Sprachcaf\'e9 f\'fcr Gefl\'fcchtete\par "
    rb"Beitrag: 5 \u8364? pro Abend\par "
    rb"\trowd\cellx3000\cellx6000 Name\cell Telefon\cell\row "
    rb"\trowd\cellx3000\cellx6000 M\'fcller\cell 05221/13-1180\cell\row "
    rb"{\*\shppict{\pict\pngblip " + b"89504e470d0a1a0a" * 200 + rb"}}"
    rb"\pard Ende.\par}"
)


def test_rtf_text_with_umlauts_unicode_and_tables():
    assert document_mime(RTF) == "application/rtf"
    text, warnings = document_text(RTF, None)
    assert warnings == []
    assert text.splitlines() == [
        "Anmeldung zum Sprachcafé für Geflüchtete",
        "Beitrag: 5 € pro Abend",
        "Name | Telefon",
        "Müller | 05221/13-1180",
        "Ende.",
    ]


def test_truncated_and_empty_rtf():
    text, warnings = document_text(RTF[: RTF.index(b"Name")], "application/rtf")
    assert warnings == ["RTF-Datei unvollständig (abgeschnitten?)"]
    assert "Beitrag: 5 € pro Abend" in text
    assert document_text(rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}}", None) == (
        "",
        ["RTF-Datei enthält keinen Text"],
    )


# --- a real crawl: stored, exported and searchable ----------------------------------------------


@pytest.mark.parametrize(
    ("query", "url_end"),
    [
        ("Mietschuldenfreiheitsbescheinigung", "/media/custom/2807_1505_1.DOCX"),  # a table cell
        ('"Mietkaution darf höchstens drei Nettokaltmieten"', "/media/custom/2807_1505_1.DOCX"),
        ("Dolmetscherinnen Persisch", "/media/custom/2807_1604_1.odt"),
        ("Kinderbetreuung Elternabend", "/media/custom/2807_1604_1.odt"),
    ],
)
def test_search_finds_text_inside_word_and_odt_files(crawled_archive, query, url_end):
    from tests.crawl_support import run_cli

    result = run_cli("search", query, "--json", "--data-dir", str(crawled_archive))
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits and hits[0]["type"] == "document" and hits[0]["url"].endswith(url_end), hits[:3]
    assert hits[0]["warnings"] == []
