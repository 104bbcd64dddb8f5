"""HTTP server for the bundled IKISS sample site: routes on identity parameters like a real IKISS.

Serves the committed files under ``site/`` with ETag/Last-Modified and conditional GET, a 301 from
old URLs, 404s, a page that answers 503 once per server instance, robots.txt, and an endless
calendar month view (``monat=YYYY-MM``) generated for any month.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import threading
import time
from email.utils import parsedate_to_datetime
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

HERE = Path(__file__).parent
SITE_DIR = HERE / "site"
TRUTH_PATH = HERE / "truth.json"
ROUTES_PATH = HERE / "routes.json"

# Parameters that identify content on IKISS; everything else is navigation state.
IDENTITY_PARAMS = ("object", "ModID", "FID", "pg")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"]  # fmt: skip


def load_truth() -> dict[str, Any]:
    """Return the truth file: every page and record the sample site holds."""
    return json.loads(TRUTH_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_routes() -> dict[str, Any]:
    """Return the route table (request key → file, type, redirect or status) and calendar data."""
    return json.loads(ROUTES_PATH.read_text(encoding="utf-8"))


def route_key(path_and_query: str) -> str:
    """The routing key of a request: the path plus only the identity parameters, sorted.

    Media files are routed on their path alone (their query only busts caches).
    """
    parts = urlsplit(path_and_query)
    path = parts.path or "/"
    if "/media/" in path or path.startswith("/output/"):
        return path
    wanted = {p.lower(): p for p in IDENTITY_PARAMS}
    pairs = [
        (wanted[k.lower()], v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() in wanted
    ]
    if not pairs:
        return path
    return path + "?" + urlencode(sorted(pairs), safe=",:")


class _Handler(BaseHTTPRequestHandler):
    server: _SampleHTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "IKISS-Sample/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the request log is kept in memory instead

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def _respond(self, head: bool) -> None:
        owner = self.server.owner
        try:
            status, headers, body = owner.handle(self.path, dict(self.headers.items()))
        except Exception:  # a broken route must not kill the test server
            status, headers, body = (
                500,
                {"Content-Type": "text/plain; charset=utf-8"},
                b"Serverfehler",
            )
        # logged before answering so a client that got its response always finds it in the log
        owner._log(self.command, self.path, status, dict(self.headers.items()))
        self.send_response(status)
        headers.setdefault("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head and status not in (304,):
            self.wfile.write(body)


class _SampleHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: SampleServer


class SampleServer:
    """The sample site on 127.0.0.1; use as a context manager or call start()/stop()."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self._httpd: _SampleHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._log_entries: list[dict[str, Any]] = []
        self._served_503: set[str] = set()
        self._changes: dict[str, bytes | None] = {}

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> SampleServer:
        """Bind and serve in a background thread."""
        if self._httpd is not None:
            return self
        httpd = _SampleHTTPServer((self.host, self.port), _Handler)
        httpd.owner = self
        self._httpd = httpd
        self.port = httpd.server_address[1]
        self._thread = threading.Thread(target=httpd.serve_forever, name="sample-site", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> SampleServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT`` of the running server."""
        return f"http://{self.host}:{self.port}"

    # -- request log -------------------------------------------------------------------------

    @property
    def request_log(self) -> list[dict[str, Any]]:
        """A copy of the requests seen so far: method, path, status, headers, time."""
        with self._lock:
            return list(self._log_entries)

    def change_page(self, path: str, body: bytes | None) -> None:
        """Serve another body at `path` from now on (None: the page is gone, 404).

        For re-crawl tests: the site changes between two crawls like a real one does.
        """
        with self._lock:
            self._changes[route_key(path)] = body

    def reset(self) -> None:
        """Clear the request log and the answered-503-once state."""
        with self._lock:
            self._log_entries.clear()
            self._served_503.clear()

    def _log(self, method: str, path: str, status: int, headers: dict[str, str]) -> None:
        with self._lock:
            self._log_entries.append(
                {
                    "method": method,
                    "path": path,
                    "status": status,
                    "headers": headers,
                    "time": time.time(),
                }
            )

    # -- routing -----------------------------------------------------------------------------

    def handle(self, raw_path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        """Answer one request: (status, headers, body)."""
        routes = load_routes()
        calendar = routes["calendar"]
        key = route_key(raw_path)
        query = dict(parse_qsl(urlsplit(raw_path).query, keep_blank_values=True))
        if key == calendar["key"] and calendar["param"] in query:
            match = _MONTH.match(query[calendar["param"]])
            if match and 1 <= int(match.group(2)) <= 12:
                body = _month_view(int(match.group(1)), int(match.group(2)), calendar)
                return (
                    200,
                    {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache"},
                    body,
                )
        route = routes["routes"].get(key)
        if route is None and key.startswith("/intern/"):
            route = routes["routes"]["/intern/"]
        if route is None:
            return 404, {"Content-Type": "text/html; charset=utf-8"}, _NOT_FOUND
        if "redirect" in route:
            return route.get("status", 301), {"Location": route["redirect"]}, b""
        if "file" not in route:
            status = route.get("status", 404)
            return status, {"Content-Type": "text/plain; charset=utf-8"}, b"Zugriff verweigert"
        if route.get("flaky_503"):
            with self._lock:
                first = key not in self._served_503
                self._served_503.add(key)
            if first:
                return (
                    503,
                    {"Content-Type": "text/plain; charset=utf-8", "Retry-After": "1"},
                    ("Der Dienst ist vorübergehend nicht erreichbar.".encode()),
                )
        with self._lock:
            changed = key in self._changes
            body = self._changes.get(key) if changed else None
        if changed and body is None:
            return 404, {"Content-Type": "text/html; charset=utf-8"}, _NOT_FOUND
        if body is None:
            body = _read(route["file"])
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        out = {"Content-Type": route["type"], "ETag": etag, "Last-Modified": route["last_modified"]}
        if _not_modified(headers, etag, route["last_modified"]):
            return 304, {"ETag": etag, "Last-Modified": route["last_modified"]}, b""
        return 200, out, body


@lru_cache(maxsize=512)
def _read(name: str) -> bytes:
    return (SITE_DIR / name).read_bytes()


def _not_modified(headers: dict[str, str], etag: str, last_modified: str) -> bool:
    lower = {k.lower(): v for k, v in headers.items()}
    inm = lower.get("if-none-match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or etag in tags
    ims = lower.get("if-modified-since")
    if ims:
        try:
            return parsedate_to_datetime(ims) >= parsedate_to_datetime(last_modified)
        except (TypeError, ValueError):
            return False
    return False


_NOT_FOUND = (
    b'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Seite nicht gefunden</title>'
    b"</head><body><h1>Seite nicht gefunden</h1><p>Die angeforderte Seite existiert nicht (mehr).</p>"
    b"</body></html>"
)


def _month_view(year: int, month: int, calendar: dict[str, Any]) -> bytes:
    """The calendar for one month, linking to the previous and the next month (forever)."""
    prev_y, prev_m = (year, month - 1) if month > 1 else (year - 1, 12)
    next_y, next_m = (year, month + 1) if month < 12 else (year + 1, 1)
    base = calendar["href"]
    param = calendar["param"]
    label = f"{_MONTHS[month - 1]} {year}"
    items = [
        f"<li>{ev['date'][8:10]}.{ev['date'][5:7]}.{ev['date'][:4]}: "
        f'<a href="{html.escape(ev["href"])}">{html.escape(ev["title"])}</a></li>'
        for ev in calendar["events"]
        if ev["date"].startswith(f"{year:04d}-{month:02d}")
    ]
    listing = (
        "<ul>" + "".join(items) + "</ul>"
        if items
        else "<p>In diesem Monat sind keine Termine eingetragen.</p>"
    )
    prev_href = html.escape(f"{base}&{param}={prev_y:04d}-{prev_m:02d}")
    next_href = html.escape(f"{base}&{param}={next_y:04d}-{next_m:02d}")
    page = f"""<!DOCTYPE html>
<html lang="de">
<head><meta charset="utf-8"><title>Veranstaltungskalender – {label} | Kreis Herford</title></head>
<body>
<main id="seiteninhalt">
<h1>Veranstaltungskalender – {label}</h1>
{listing}
<p><a href="{prev_href}">« vorheriger Monat</a> | <a href="{next_href}">nächster Monat »</a></p>
<p><a href="{html.escape(base)}">Zur Terminliste</a></p>
</main>
</body>
</html>
"""
    return page.encode("utf-8")


def serve(port: int = 8000, host: str = "127.0.0.1") -> None:
    """Serve the sample site until Ctrl-C."""
    server = SampleServer(host=host, port=port).start()
    start = load_truth()["start_path"]
    print(f"Beispielseite läuft auf {server.base_url}{start} (Strg+C beendet)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


__all__ = ["SITE_DIR", "TRUTH_PATH", "SampleServer", "load_truth", "route_key", "serve"]
