"""Document links of a page and the text of PDFs (whole, broken, truncated, encrypted)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from crawler.extract.documents import (
    clean_link_title,
    document_text,
    extract_document_links,
    normalize_pdf_text,
)
from crawler.extract.images import image_info
from crawler.extract.pagedoc import parse_page
from crawler.extract.urls import is_media

FIXTURES = Path(__file__).parent / "fixtures" / "documents"
PAGE_URL = "https://www.kreis-beispiel.de/bildung/basis.php?object=tx,1.1.1"


@pytest.fixture
def documents(generic):
    doc = parse_page((FIXTURES / "links.html").read_bytes(), PAGE_URL, generic)
    return {d.url: d for d in extract_document_links(doc)}


def test_document_links_outside_header_nav_footer(documents):
    assert list(documents) == [
        "https://www.kreis-beispiel.de/media/custom/2807_1234_1.PDF",
        "https://www.kreis-beispiel.de/bildung/anmeldung.docx",
        "https://www.kreis-beispiel.de/media/custom/2807_1400_1.PDF",
        "https://www.kreis-beispiel.de/media/custom/Programm_Fachtag.pdf",
        "https://www.kreis-beispiel.de/media/custom/Plakat.pdf",
        "https://www.kreis-beispiel.de/media/custom/liste.xlsx",
        "https://www.land.nrw/media/leitfaden.pdf",
    ]
    for record in documents.values():
        assert record.source_urls == [PAGE_URL]


def test_titles_without_size_and_type_notes(documents):
    base = "https://www.kreis-beispiel.de/media/custom/"
    # two links to one file (one with a cache-busting query): the meaningful title wins
    assert documents[base + "2807_1234_1.PDF"].title == "Flyer für die Basisqualifikation"
    assert documents[base + "2807_1400_1.PDF"].title == "Jahresbericht 2017"
    assert documents["https://www.land.nrw/media/leitfaden.pdf"].title == "Leitfaden des Landes"


def test_title_fallbacks(documents):
    base = "https://www.kreis-beispiel.de/"
    assert documents[base + "bildung/anmeldung.docx"].title == "Anmeldeformular zum Ausfüllen"
    assert documents[base + "media/custom/Plakat.pdf"].title == "Plakat zum Sommerfest"
    assert documents[base + "media/custom/Programm_Fachtag.pdf"].title == "Programm_Fachtag.pdf"


def test_mime_from_extension(documents):
    assert documents["https://www.kreis-beispiel.de/media/custom/2807_1400_1.PDF"].mime == (
        "application/pdf"
    )
    assert documents["https://www.kreis-beispiel.de/bildung/anmeldung.docx"].mime == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Flyer Basisqualifikation (PDF, 120 KB)", "Flyer Basisqualifikation"),
        ("Flyer [PDF 1,2 MB]", "Flyer"),
        ("Programm PDF-Datei", "Programm"),
        ("Einladung - PDF, 312 KB", "Einladung"),
        ("Anmeldung (Datei-Typ: pdf, Größe: 312 KB)", "Anmeldung"),
        ("PDF: Anmeldeformular", "Anmeldeformular"),
        ("Antrag als Word-Dokument", "Antrag als Word-Dokument"),
        ("Flyer (barrierefrei)", "Flyer (barrierefrei)"),
    ],
)
def test_clean_link_title(raw, clean):
    assert clean_link_title(raw) == clean


def _pdf(lines: list[str], encrypt: str | None = None) -> bytes:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, encrypt=encrypt)
    y = 760
    for line in lines:
        pdf.drawString(72, y, line)
        y -= 16
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def test_pdf_text_with_hyphenation_joined():
    body = _pdf(["Basisqualifikation für Ehrenamtliche in der Flücht-", "lingshilfe am 06.06.2017"])
    text, warnings = document_text(body, "application/pdf")
    assert warnings == []
    assert "Basisqualifikation für Ehrenamtliche in der Flüchtlingshilfe am 06.06.2017" in text


def test_normalize_pdf_text_keeps_elliptic_hyphens():
    raw = "Flüchtlings-\nund  Integrationsarbeit\n\n\nNeue Veran-\nstaltung ﬁndet statt"
    assert normalize_pdf_text(raw) == (
        "Flüchtlings-\nund Integrationsarbeit\nNeue Veranstaltung findet statt"
    )


def test_truncated_pdf_gives_warning_never_raises():
    body = _pdf(["Erste Zeile des Flyers"])
    text, warnings = document_text(body[: len(body) // 2], "application/pdf")
    assert any("unvollständig" in w for w in warnings)
    assert isinstance(text, str)


def test_broken_and_wrong_pdfs():
    text, warnings = document_text(b"%PDF-1.4\n garbage without objects", "application/pdf")
    assert text == "" and warnings
    text, warnings = document_text(b"<html>Nicht gefunden</html>", "application/pdf")
    assert text == "" and warnings == ["Datei ist kein PDF (Inhalt passt nicht zum Typ)"]
    assert document_text(b"", "application/pdf") == ("", ["PDF-Datei ist leer"])


def test_encrypted_pdf_gives_warning():
    body = _pdf(["Geheim"], encrypt="geheim")
    text, warnings = document_text(body, "application/pdf")
    assert text == ""
    assert warnings and "verschlüsselt" in warnings[-1]


def test_unread_types_have_no_text_and_no_warning():
    # Word, OpenDocument and RTF are read (tests/test_office_documents.py); spreadsheets are not
    assert document_text(b"PK\x03\x04 xlsx bytes", "application/vnd.ms-excel") == ("", [])
    assert document_text(b"Name;Telefon", "text/csv") == ("", [])


def test_image_info_whole_truncated_and_garbage():
    from PIL import Image

    buf = io.BytesIO()
    Image.effect_noise((200, 120), 40).convert("RGB").save(buf, "JPEG")
    body = buf.getvalue()
    assert image_info(body) == (200, 120, "image/jpeg", [])
    width, height, mime, warnings = image_info(body[: len(body) // 2])
    assert (width, height, mime) == (200, 120, "image/jpeg")
    assert warnings == ["Bilddatei unvollständig (abgeschnitten?)"]
    assert image_info(body[:12])[2:] == ("image/jpeg", ["Bilddatei unvollständig (abgeschnitten?)"])
    assert image_info(b"<html></html>") == (None, None, None, ["Bildformat nicht erkannt"])
    assert image_info(b"") == (None, None, None, ["Bilddatei ist leer"])


def test_word_odt_and_rtf_links_lose_their_cache_busting_query(generic, herford):
    html = (
        '<html><body><main><p><a href="/media/custom/2104_1_1.DOCX?1491995001">Antrag '
        '(Word-Datei, 20 KB)</a> <a href="/media/custom/2104_2_1.rtf?1491995001">Merkblatt '
        '(RTF, 12 KB)</a> <a href="/media/custom/2104_3_1.ODT?1491995001">Einladung (ODT, 9 KB)'
        "</a> <a href='/media/custom/2104_4_1.doc'>Formular (DOC)</a></p></main></body></html>"
    )
    base = "https://www.kreis-beispiel.de/media/custom/"
    for profile in (generic, herford):
        doc = parse_page(html.encode(), PAGE_URL, profile)
        found = {d.url: d for d in extract_document_links(doc)}
        assert {url: d.title for url, d in found.items()} == {
            base + "2104_1_1.DOCX": "Antrag",
            base + "2104_2_1.rtf": "Merkblatt",
            base + "2104_3_1.ODT": "Einladung",
            base + "2104_4_1.doc": "Formular",
        }
        assert found[base + "2104_2_1.rtf"].mime == "application/rtf"
        # media, so the spider leaves them to the document pipeline instead of parsing them
        assert all(is_media(url, profile) for url in found)
