"""Parsed pages: charset detection, main content without navigation, breadcrumbs, page date."""

from __future__ import annotations

from datetime import date

from crawler.extract.pagedoc import decode_html, detect_charset, parse_page

OLD = """<html><head><title>KI | Kreis Herford</title>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body>
<table><tr><td class="navi"><a href="/a">Bürgerservice</a><a href="/b">Politik</a></td>
<td><div class="pfad">Sie sind hier: <a href="/">Startseite</a> &gt; <a href="/ki">Integration</a></div>
<a name="Seiteninhalt"></a><h1>Sprachcafé für Frauen</h1>
<p>Das Sprachcafé trifft sich jeden Dienstag im Familienzentrum. Alle Frauen sind herzlich
eingeladen, Deutsch zu üben und Kontakte zu knüpfen. Eine Anmeldung ist nicht nötig.</p>
<p>Stand: 12.06.2018</p><p><a href="#top">Zum Seitenanfang</a></p></td></tr></table>
<div id="fuss">Impressum | Datenschutz</div></body></html>"""


def test_windows_1252_declared_as_latin1_decodes_without_mojibake(herford):
    body = OLD.encode("cp1252")
    text, charset, warnings = decode_html(body)
    assert charset == "windows-1252" and "Sprachcafé" in text and not warnings


def test_undeclared_cp1252_is_detected():
    assert detect_charset("<p>Flüchtlingshilfe</p>".encode("cp1252")) == "windows-1252"
    assert detect_charset("<p>Flüchtlingshilfe</p>".encode()) == "utf-8"


def test_main_content_excludes_navigation_footer_and_boilerplate(herford):
    doc = parse_page(OLD.encode("cp1252"), "http://h/ki", herford)
    assert doc.title == "Sprachcafé für Frauen"
    assert "jeden Dienstag" in doc.main_text
    for noise in ("Bürgerservice", "Impressum", "Zum Seitenanfang", "Sie sind hier"):
        assert noise not in doc.main_text
    assert doc.breadcrumbs == ["Startseite", "Integration"]
    assert doc.page_date == date(2018, 6, 12)


def test_truncated_page_is_kept_with_a_warning(herford):
    doc = parse_page(OLD[:400], "http://h/ki", herford)
    assert any("unvollständig" in w for w in doc.warnings)
