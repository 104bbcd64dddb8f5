"""Endless calendars on a site no profile was written for: the generic rules must cut them.

A small site served on 127.0.0.1 with three calendars that step forever in different ways — by
path segments (/termine/2017/06/), by a `datum=` parameter with arrow-only links, and by an opaque
parameter whose links only say "nächster Monat" — and a news list that pages with "weiter »".
"""

from __future__ import annotations

import html
import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from crawler.extract.urls import calendar_key
from crawler.profiles import load_profile
from pipelines.store import open_store
from tests.crawl_support import crawl


def _page(title: str, *links: tuple[str, str], text: str = "") -> bytes:
    items = "".join(f'<li><a href="{html.escape(h)}">{html.escape(t)}</a></li>' for h, t in links)
    return (
        f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><main><h1>{title}</h1><p>{text}</p><ul>{items}</ul></main></body></html>"
    ).encode()


def _month(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + step
    return index // 12, index % 12 + 1


def _route(path: str, query: dict[str, list[str]]) -> bytes | None:
    if path == "/":
        return _page(
            "Startseite",
            ("/termine/", "Termine"),
            ("/kalender.php", "Kalender"),
            ("/agenda.php", "Agenda"),
            ("/news.php", "Neuigkeiten"),
        )
    if path == "/termine/":
        return _page("Termine", ("/termine/2017/06/", "Monatsübersicht"), ("/", "Startseite"))
    parts = path.strip("/").split("/")
    if len(parts) == 3 and parts[0] == "termine" and all(p.isdigit() for p in parts[1:]):
        year, month = int(parts[1]), int(parts[2])
        (py, pm), (ny, nm) = _month(year, month, -1), _month(year, month, 1)
        events = (
            [("/veranstaltung/sommerfest.html", "Sommerfest")]
            if (year, month)
            == (
                2017,
                6,
            )
            else []
        )
        return _page(
            f"Termine {month:02d}/{year}",
            *events,
            (f"/termine/{py}/{pm:02d}/", "«"),
            (f"/termine/{ny}/{nm:02d}/", "»"),
        )
    if path == "/kalender.php":
        day = query.get("datum", [None])[0]
        if day is None:
            return _page("Kalender", ("/kalender.php?datum=2017-06-01", "Tagesansicht"))
        current = date.fromisoformat(day)
        events = [("/veranstaltung/lesung.html", "Lesung")] if day == "2017-06-01" else []
        return _page(
            f"Kalender {current:%d.%m.%Y}",
            *events,
            (f"/kalender.php?datum={current - timedelta(days=1)}", "←"),
            (f"/kalender.php?datum={current + timedelta(days=1)}", "→"),
        )
    if path == "/agenda.php":
        offset = int(query.get("o", ["0"])[0])
        return _page(
            "Agenda",
            ("/veranstaltung/fachtag.html", "Fachtag"),
            (f"/agenda.php?o={offset - 1}", "« vorheriger Monat"),
            (f"/agenda.php?o={offset + 1}", "nächster Monat »"),
        )
    if path == "/news.php":
        page = int(query.get("seite", ["1"])[0])
        if not 1 <= page <= 3:
            return None
        links = [(f"/news/{page}.html", f"Meldung {page}")]
        if page < 3:
            links.append((f"/news.php?seite={page + 1}", "weiter »"))
        return _page(f"Neuigkeiten Seite {page}", *links)
    if path.startswith(("/veranstaltung/", "/news/")) and path.endswith(".html"):
        return _page(path.rsplit("/", 1)[1][:-5].title(), ("/", "Startseite"))
    return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        body = _route(parts.path, parse_qs(parts.query))
        with self.server.lock:  # type: ignore[attr-defined]
            self.server.log.append(self.path)  # type: ignore[attr-defined]
        self.send_response(200 if body is not None else 404)
        body = body if body is not None else b"nicht gefunden"
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


EXPECTED_PAGES = {
    "/",
    "/termine/",
    "/kalender.php",
    "/agenda.php",
    "/news.php",
    "/news.php?seite=2",
    "/news.php?seite=3",
    "/news/1.html",
    "/news/2.html",
    "/news/3.html",
    "/veranstaltung/sommerfest.html",  # linked only from the first month view
    "/veranstaltung/lesung.html",  # linked only from the first day view
    "/veranstaltung/fachtag.html",
}


@pytest.fixture(scope="module")
def unseen_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.lock = threading.Lock()  # type: ignore[attr-defined]
    server.log = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _crawl_twice(server, data_dir):
    base = f"http://127.0.0.1:{server.server_address[1]}"
    logs = []
    for _ in range(2):
        with server.lock:
            server.log.clear()
        crawl(base, "/", data_dir)
        with server.lock:
            logs.append(list(server.log))
    return base, logs


def test_endless_calendars_of_an_unseen_site_are_cut(unseen_site, tmp_path):
    base, logs = _crawl_twice(unseen_site, tmp_path)
    store = open_store(tmp_path)
    try:
        pages = {p["url"].removeprefix(base) for p in store.iter_records(["page"])}
        views = sorted(
            e["url"].removeprefix(base) for e in store.url_log() if e["outcome"] == "calendar"
        )
        runs = store.runs()
    finally:
        store.close()
    # every page once, the event pages inside the first views included; no view is a page
    assert pages == EXPECTED_PAGES
    generic = load_profile("generic")
    assert all(calendar_key(base + p, generic) is None for p in pages)
    for log in logs:  # the second crawl re-reads unchanged pages from their stored links
        assert [p for p in log if p.startswith("/termine/20")] == ["/termine/2017/06/"]
        assert [p for p in log if "datum=" in p] == ["/kalender.php?datum=2017-06-01"]
        assert [p for p in log if "o=" in p] == []  # "nächster Monat" links are never followed
        # the CLI probes the start URL first; then robots.txt, the pages and the two first views
        assert len(log) == len(EXPECTED_PAGES) + 4, log
    assert views == ["/kalender.php?datum=2017-06-01", "/termine/2017/06/"]
    assert runs[-1].stats["removed"] == 0
