"""The jobs behind the CLI: crawl a site, run the demo, extract one page (importable, tested)."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.datadir import ensure_data_dir
from crawler.errors import BadArgument, CrawlError
from crawler.profiles import load_profile


def check_start_url(url: str, timeout: float = 15.0) -> None:
    """Raise a one-line error for a start URL that is not http(s) or cannot be reached."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadArgument(f"Start-URL muss mit http:// oder https:// beginnen: {url!r}")
    request = urllib.request.Request(url, method="GET", headers={"User-Agent": "herford-archive"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read(1)
    except urllib.error.HTTPError:
        return  # the server answers; the crawl records the status
    except (TimeoutError, urllib.error.URLError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise CrawlError(f"Start-URL nicht erreichbar: {url} ({reason})") from None


def crawl_settings(
    data_dir: Path, db_url: str | None, profile: str | None, max_pages: int | None, verbose: bool
):
    """Scrapy settings for a crawl into `data_dir`."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("ARCHIVE_DATA_DIR", str(data_dir), priority="cmdline")
    settings.set("ARCHIVE_DB_URL", db_url, priority="cmdline")
    settings.set("ARCHIVE_PROFILE", profile, priority="cmdline")
    settings.set("FILES_STORE", str(data_dir / "media"), priority="cmdline")
    settings.set("LOG_LEVEL", "INFO" if verbose else "ERROR", priority="cmdline")
    settings.set("LOG_INSTALL_ROOT_HANDLER", verbose, priority="cmdline")
    if max_pages:
        settings.set("CLOSESPIDER_PAGECOUNT", max_pages, priority="cmdline")
    return settings


def run_crawl(
    start_urls: list[str],
    data_dir: Path,
    db_url: str | None = None,
    profile: str | None = None,
    max_pages: int | None = None,
    verbose: bool = False,
    progress: bool = True,
) -> dict[str, Any]:
    """Crawl the start URLs into the archive and return the run summary (see report.py)."""
    load_profile(profile)  # a bad profile fails here, before anything starts
    for url in start_urls:
        check_start_url(url)
    ensure_data_dir(data_dir)
    from pipelines.store import open_store

    open_store(data_dir, db_url).close()  # a bad --db fails here with one line

    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.district import DistrictSpider

    settings = crawl_settings(data_dir, db_url, profile, max_pages, verbose)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(DistrictSpider)
    tracker = _ProgressTracker(enabled=progress)
    crawler.signals.connect(tracker.response, signal=signals.response_received)
    crawler.signals.connect(tracker.item, signal=signals.item_scraped)
    with tracker:
        process.crawl(crawler, start_urls=list(start_urls), profile=profile)
        process.start()
    store = open_store(data_dir, db_url)
    try:
        from crawler.report import run_summary

        summary = run_summary(store)
    finally:
        store.close()
    return summary


class _ProgressTracker:
    """A rich progress line fed by Scrapy signals."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.responses = 0
        self.items = 0
        self._progress = None
        self._task = None

    def __enter__(self):
        if self.enabled:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("Crawl startet …")
        return self

    def __exit__(self, *exc):
        if self._progress is not None:
            self._progress.stop()

    def _refresh(self) -> None:
        if self._progress is not None:
            self._progress.update(
                self._task, description=f"{self.responses} Antworten, {self.items} Datensätze"
            )

    def response(self, response, request, spider) -> None:
        self.responses += 1
        self._refresh()

    def item(self, item, response, spider) -> None:
        self.items += 1
        self._refresh()


DEMO_QUERY = "Flüchtlingshilfe"


def run_demo(data_dir: Path) -> dict[str, Any]:
    """Serve the sample site, crawl it into `data_dir`, print a summary and a sample query.

    A previous demo archive in `data_dir` is replaced; any other archive is left alone.
    """
    from crawler.report import print_run_summary
    from crawler.sample_site.server import SampleServer

    _clear_previous_demo(data_dir)
    ensure_data_dir(data_dir)
    with SampleServer() as server:
        start = server.base_url + load_start_path()
        print(f"Beispiel-Website läuft auf {server.base_url}")
        summary = run_crawl([start], data_dir=data_dir, profile="herford")
    print_run_summary(summary)
    from search.cli import print_search

    print(f'\nBeispielsuche: herford-archive search "{DEMO_QUERY}" --data-dir {data_dir}')
    print_search(data_dir, DEMO_QUERY, limit=5)
    return summary


def _clear_previous_demo(data_dir: Path) -> None:
    """Remove an earlier demo archive; refuse to touch a real one or a foreign folder."""
    if not data_dir.exists() or not any(data_dir.iterdir()):
        return
    db_file = data_dir / "archive.sqlite3"
    if not db_file.exists():
        raise BadArgument(f"{data_dir} ist kein Archiv und nicht leer: anderes --data-dir wählen")
    from pipelines.store import open_store

    store = open_store(data_dir)
    try:
        hosts = {urlsplit(u).hostname or "" for run in store.runs() for u in run.start_urls}
    finally:
        store.close()
    if hosts - {"127.0.0.1", "localhost"}:
        raise BadArgument(
            f"{data_dir} enthält ein echtes Archiv ({', '.join(sorted(hosts))}): "
            "für die Demo ein anderes --data-dir wählen"
        )
    shutil.rmtree(data_dir)


def load_start_path() -> str:
    """The sample site's start page path, from its truth file."""
    from crawler.sample_site.server import load_truth

    return load_truth()["start_path"]


def extract_one(
    page: str, url: str | None = None, page_date: str | None = None, profile: str | None = None
) -> list[dict[str, Any]]:
    """Records of one page (local file or URL) as export dicts, without a crawl or store."""
    from crawler.extract.page import extract_page
    from crawler.extract.urls import canonicalize

    prof = load_profile(profile)
    when = None
    if page_date:
        try:
            when = date.fromisoformat(page_date)
        except ValueError:
            raise BadArgument(f"--page-date muss JJJJ-MM-TT sein: {page_date!r}") from None
    header_charset = None
    if page.startswith(("http://", "https://")):
        check_start_url(page)
        with urllib.request.urlopen(page, timeout=30) as response:
            body = response.read()
            header_charset = response.headers.get_content_charset()
        url = url or page
    else:
        path = Path(page)
        if not path.is_file():
            raise BadArgument(f"Datei nicht gefunden: {page}")
        if not url:
            raise BadArgument("Für eine lokale Datei bitte --url angeben (für Links und Kennungen)")
        body = path.read_bytes()
    if not url.startswith(("http://", "https://")):
        raise BadArgument(f"--url muss mit http:// oder https:// beginnen: {url!r}")
    result = extract_page(
        body, canonicalize(url, prof), prof, page_date=when, header_charset=header_charset
    )
    return [json.loads(json.dumps(r.to_dict(), default=str)) for r in result.records()]
