"""Endless calendars on a site no profile was written for: the generic rules must cut them.

A small site served on 127.0.0.1 with four calendars that step forever in different ways — by
path segments (/termine/2017/06/), by a `datum=` parameter with arrow-only links, by a `monat=`
parameter with no event in any month, and by an opaque parameter whose links only say "nächster
Monat" — and a news list that pages with "weiter »". The path calendar links past events from its
past months only: stepping back finds them while it is productive, with K = 3 idle views.
"""

from __future__ import annotations

import html
import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from crawler.extract.calendars import calendar_key
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


# Events of the path calendar by month: the first in the view linked from /termine/, the others
# only in past months. After 2017-06 (entry), 05 and 04 are idle, 03 has the Frühlingsfest; 02 and
# 01 are idle, 2016-12 has the Adventsmarkt; 11, 10 and 09 are idle: K = 3 ends the chain, and the
# Kinderfest of 2016-08 stays out of reach. Forward: 07, 08, 09 (idle), stop.
_TERMINE = {
    (2017, 6): "sommerfest",
    (2017, 3): "fruehlingsfest",
    (2016, 12): "adventsmarkt",
    (2016, 8): "kinderfest",
}
TERMINE_VIEWS = ["2016/09", "2016/10", "2016/11", "2016/12"] + [
    f"2017/{m:02d}" for m in range(1, 10)
]


def _route(path: str, query: dict[str, list[str]]) -> bytes | None:
    if path == "/":
        return _page(
            "Startseite",
            ("/termine/", "Termine"),
            ("/kalender.php", "Kalender"),
            ("/agenda.php", "Agenda"),
            ("/news.php", "Neuigkeiten"),
            ("/leer.php?monat=2017-06", "Veranstaltungskalender"),
        )
    if path == "/termine/":
        return _page("Termine", ("/termine/2017/06/", "Monatsübersicht"), ("/", "Startseite"))
    parts = path.strip("/").split("/")
    if len(parts) == 3 and parts[0] == "termine" and all(p.isdigit() for p in parts[1:]):
        year, month = int(parts[1]), int(parts[2])
        (py, pm), (ny, nm) = _month(year, month, -1), _month(year, month, 1)
        events = (
            [(f"/veranstaltung/{name}.html", name.title())]
            if (name := _TERMINE.get((year, month)))
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
    if path == "/leer.php":
        year, month = map(int, query.get("monat", ["2017-06"])[0].split("-"))
        (py, pm), (ny, nm) = _month(year, month, -1), _month(year, month, 1)
        return _page(
            f"Veranstaltungen {month:02d}/{year}",
            (f"/leer.php?monat={py}-{pm:02d}", "« vorheriger Monat"),
            (f"/leer.php?monat={ny}-{nm:02d}", "nächster Monat »"),
            text="In diesem Monat sind keine Termine eingetragen.",
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
    "/veranstaltung/fruehlingsfest.html",  # only from 2017-03: found by stepping back
    "/veranstaltung/adventsmarkt.html",  # only from 2016-12, after two idle months
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
    # every page once, the event pages inside the views included; no view is a page
    assert pages == EXPECTED_PAGES
    assert "/veranstaltung/kinderfest.html" not in pages  # 3 idle months before it
    generic = load_profile("generic")
    assert all(calendar_key(base + p, generic) is None for p in pages)
    days = [f"/kalender.php?datum=2017-{d}" for d in ("05-29", "05-30", "05-31")] + [
        f"/kalender.php?datum=2017-06-0{d}" for d in range(1, 5)
    ]
    empty = [f"/leer.php?monat=2017-{m:02d}" for m in range(3, 10)]
    termine = [f"/termine/{m}/" for m in TERMINE_VIEWS]
    for log in logs:  # the second crawl steps the same views again and finds the same pages
        # productive stepping: back to the last event month, then K = 3 idle months per direction
        assert sorted(p for p in log if p.startswith("/termine/20")) == termine
        # an entry view steps K = 3 views both ways even when no view holds anything new
        assert sorted(p for p in log if "datum=" in p) == days
        assert sorted(p for p in log if "monat=" in p) == empty
        assert [p for p in log if "o=" in p] == []  # "nächster Monat" links are never followed
        # each view once; the CLI probes the start URL first, then robots.txt
        assert len(log) == len(set(log)) + 1, log
        assert len(log) == len(EXPECTED_PAGES) + len(termine) + len(days) + len(empty) + 2, log
    assert views == sorted(days + empty + termine)
    assert runs[-1].stats["removed"] == 0


def test_no_calendar_gets_more_views_than_the_cap(unseen_site, tmp_path):
    profile = tmp_path / "capped.toml"
    profile.write_text(
        'extends = "generic"\n[crawl]\ncalendar_idle_views = 50\ncalendar_max_views = 4\n',
        encoding="utf-8",
    )
    base = f"http://127.0.0.1:{unseen_site.server_address[1]}"
    with unseen_site.lock:
        unseen_site.log.clear()
    crawl(base, "/", tmp_path / "data", "--profile", str(profile))
    with unseen_site.lock:
        log = list(unseen_site.log)
    for prefix in ("/termine/20", "/kalender.php?datum=", "/leer.php?monat="):
        assert len([p for p in log if p.startswith(prefix)]) == 4, (prefix, log)
