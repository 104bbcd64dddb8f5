"""Media pipelines in a real Scrapy crawl against a local HTTP server (fresh reactor per run)."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

reportlab = pytest.importorskip("reportlab")
from reportlab.pdfgen import canvas  # noqa: E402

PDF_SENTENCE = "Basisqualifikation für Ehrenamtliche in der Flüchtlingshilfe"

# Run in a subprocess: Scrapy's Twisted reactor can start only once per process.
CRAWL_SCRIPT = r"""
import json, sys
import scrapy
from scrapy.crawler import CrawlerProcess
from crawler.items import DocumentRecord, PageRecord, PhotoRecord

base, store, out = sys.argv[1], sys.argv[2], sys.argv[3]

class MediaTestSpider(scrapy.Spider):
    name = "media_test"
    start_urls = [base + "/index.html"]

    def parse(self, response):
        yield PageRecord(url=response.url, title="Startseite")
        for path in ("/photo.jpg", "/photo-copy.jpg", "/truncated.jpg", "/missing.jpg", "/moved.jpg"):
            yield PhotoRecord(url=base + path, source_url=response.url, album="Test")
        for path in ("/flyer.pdf", "/broken.pdf", "/missing.pdf", "/2104_1234_1.DOCX", "/cut.odt"):
            yield DocumentRecord(url=base + path, title=path, source_urls=[response.url])

items = []

class Collect:
    def process_item(self, item):
        items.append(item.to_dict())
        return item

process = CrawlerProcess(settings={
    "ITEM_PIPELINES": {
        "pipelines.media.PhotoFilesPipeline": 100,
        "pipelines.media.DocumentFilesPipeline": 110,
        "__main__.Collect": 900,
    },
    "FILES_STORE": store,
    "FILES_EXPIRES": 30,
    "MEDIA_ALLOW_REDIRECTS": True,
    "ROBOTSTXT_OBEY": False,
    "RETRY_ENABLED": False,
    "LOG_LEVEL": "WARNING",
    "TELNETCONSOLE_ENABLED": False,
})
process.crawl(MediaTestSpider)
process.start()
with open(out, "w", encoding="utf-8") as fh:
    json.dump(items, fh, ensure_ascii=False)
"""


def _jpeg(size=(320, 240)) -> bytes:
    buf = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _pdf() -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.drawString(72, 760, PDF_SENTENCE)
    pdf.drawString(72, 740, "Auftaktveranstaltung am 06.06.2017 im Kreishaus Herford")
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


SAMPLE_MEDIA = (
    Path(__file__).parent.parent / "crawler" / "sample_site" / "site" / "media" / "custom"
)
DOCX = (SAMPLE_MEDIA / "2807_1505_1.DOCX").read_bytes()
ODT = (SAMPLE_MEDIA / "2807_1604_1.odt").read_bytes()


@pytest.fixture
def media_server():
    """Serve a real JPEG, a truncated JPEG, a PDF, a broken PDF, Word/ODT files, a redirect, 404s."""
    jpeg, pdf = _jpeg(), _pdf()
    files = {
        "/index.html": (b"<html><body><h1>Start</h1></body></html>", "text/html; charset=utf-8"),
        "/photo.jpg": (jpeg, "image/jpeg"),
        "/photo-copy.jpg": (jpeg, "application/octet-stream"),
        "/truncated.jpg": (jpeg[: len(jpeg) // 2], "image/jpeg"),
        "/flyer.pdf": (pdf, "application/pdf"),
        "/broken.pdf": (
            b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ngarbage",
            "application/pdf",
        ),
        # IKISS style: an upper-case name and no useful Content-Type
        "/2104_1234_1.DOCX": (DOCX, "application/octet-stream"),
        "/cut.odt": (ODT[: len(ODT) * 2 // 3], "application/vnd.oasis.opendocument.text"),
    }
    hits: Counter[str] = Counter()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits[self.path] += 1
            if self.path == "/moved.jpg":
                self.send_response(302)
                self.send_header("Location", "/photo.jpg")
                self.end_headers()
                return
            if self.path not in files:
                self.send_error(404)
                return
            body, ctype = files[self.path]
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", hits, jpeg, pdf
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _crawl(base: str, store: Path, out: Path) -> dict[str, dict]:
    result = subprocess.run(
        [sys.executable, "-c", CRAWL_SCRIPT, base, str(store), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    items = json.loads(out.read_text(encoding="utf-8"))
    return {item["url"].rsplit("/", 1)[-1] if "url" in item else "?": item for item in items}


def test_media_pipelines_store_files_by_sha256(media_server, tmp_path):
    base, hits, jpeg, pdf = media_server
    store = tmp_path / "media"
    items = _crawl(base, store, tmp_path / "items.json")

    page = items["index.html"]
    assert page["type"] == "page" and "file" not in page  # other items pass through untouched

    photo = items["photo.jpg"]
    sha = hashlib.sha256(jpeg).hexdigest()
    assert photo["sha256"] == sha
    assert photo["file"] == f"photos/{sha[:2]}/{sha}.jpg"
    assert (store / photo["file"]).read_bytes() == jpeg
    assert (photo["bytes"], photo["mime"], photo["width"], photo["height"]) == (
        len(jpeg),
        "image/jpeg",
        320,
        240,
    )
    assert photo["warnings"] == []

    copy = items["photo-copy.jpg"]  # same bytes under another URL: one stored file
    assert copy["file"] == photo["file"] and copy["mime"] == "image/jpeg"
    assert items["moved.jpg"]["file"] == photo["file"]  # MEDIA_ALLOW_REDIRECTS followed

    truncated = items["truncated.jpg"]
    assert truncated["file"] and (store / truncated["file"]).is_file()
    assert (truncated["width"], truncated["height"]) == (320, 240)
    assert any("unvollständig" in w for w in truncated["warnings"])

    missing = items["missing.jpg"]
    assert missing["file"] is None and missing["sha256"] is None
    assert missing["warnings"] == ["Bild nicht geladen: HTTP 404"]

    flyer = items["flyer.pdf"]
    pdf_sha = hashlib.sha256(pdf).hexdigest()
    assert flyer["file"] == f"documents/{pdf_sha[:2]}/{pdf_sha}.pdf"
    assert (store / flyer["file"]).read_bytes() == pdf
    assert (flyer["sha256"], flyer["bytes"], flyer["mime"]) == (
        pdf_sha,
        len(pdf),
        "application/pdf",
    )
    assert PDF_SENTENCE in flyer["text"] and "06.06.2017" in flyer["text"]
    assert flyer["warnings"] == []

    broken = items["broken.pdf"]
    assert broken["file"] and broken["mime"] == "application/pdf"
    assert broken["text"] == "" and broken["warnings"]

    assert items["missing.pdf"]["warnings"] == ["Dokument nicht geladen: HTTP 404"]
    assert items["missing.pdf"]["file"] is None

    form = items["2104_1234_1.DOCX"]  # type by content, not by name or Content-Type
    docx_sha = hashlib.sha256(DOCX).hexdigest()
    assert form["file"] == f"documents/{docx_sha[:2]}/{docx_sha}.docx"
    assert form["mime"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "Mietschuldenfreiheitsbescheinigung | bisherige Vermieterin" in form["text"]
    assert form["warnings"] == []

    cut = items["cut.odt"]  # a truncated download is kept, with a warning
    assert cut["file"] and (store / cut["file"]).is_file()
    assert cut["mime"] == "application/vnd.oasis.opendocument.text"
    assert "OpenDocument-Datei unvollständig (abgeschnitten?)" in cut["warnings"]

    # a re-crawl within FILES_EXPIRES downloads nothing again and still fills the records
    before = hits.copy()
    again = _crawl(base, store, tmp_path / "items2.json")
    assert hits["/photo.jpg"] == before["/photo.jpg"]
    assert hits["/flyer.pdf"] == before["/flyer.pdf"]
    assert hits["/missing.jpg"] == before["/missing.jpg"] + 1  # failures are retried
    for name in ("photo.jpg", "flyer.pdf", "truncated.jpg", "2104_1234_1.DOCX", "cut.odt"):
        fresh, first = again[name], items[name]
        for key in ("file", "sha256", "bytes", "mime", "width", "height", "text", "warnings"):
            assert fresh.get(key) == first.get(key), (name, key)
