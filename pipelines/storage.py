"""Item pipeline that writes records and URL outcomes into the archive store."""

from __future__ import annotations

import json
import logging
import re
import time
from collections import Counter
from pathlib import Path

from scrapy import signals

from crawler.items import DocumentRecord, PhotoRecord, Record, UrlOutcome
from pipelines.store import open_store

logger = logging.getLogger(__name__)

# A run with more failed URLs than this share of all URLs is not healthy: no tombstones.
HEALTHY_ERROR_RATIO = 0.1


_GONE = re.compile(r"\bHTTP (404|410)\b")


def missing_media_status(item: Record) -> int | None:
    """404/410 if a photo or document download found nothing there, else None."""
    if not isinstance(item, PhotoRecord | DocumentRecord) or item.file:
        return None
    for warning in item.warnings:
        match = _GONE.search(warning)
        if match:
            return int(match.group(1))
    return None


def _sources(item: Record) -> list[str]:
    if isinstance(item, PhotoRecord):
        return [item.source_url]
    return list(getattr(item, "source_urls", []) or [None])


class ArchiveStorePipeline:
    """Persist every record (idempotent upsert) and log every URL outcome of the run.

    The run is closed on the `spider_closed` signal, which carries the close reason: only a
    run that finished on its own (not cut by a page limit) and had few errors may mark
    records that disappeared as removed.
    """

    def __init__(self, data_dir: str, db_url: str | None, profile: str | None):
        self.data_dir, self.db_url, self.profile = data_dir, db_url, profile
        self.store = None
        self.run_id: int | None = None
        self.counts: Counter[str] = Counter()
        self.outcomes: Counter[str] = Counter()
        self.started = 0.0
        self.start_urls: list[str] = []

    @classmethod
    def from_crawler(cls, crawler):
        """Build from the ARCHIVE_* settings and listen for the end of the crawl."""
        settings = crawler.settings
        pipe = cls(
            settings.get("ARCHIVE_DATA_DIR"),
            settings.get("ARCHIVE_DB_URL"),
            settings.get("ARCHIVE_PROFILE"),
        )
        crawler.signals.connect(pipe.spider_closed, signal=signals.spider_closed)
        pipe.crawler = crawler
        return pipe

    def open_spider(self, spider=None) -> None:
        """Open the store and begin a run."""
        self.store = open_store(self.data_dir, self.db_url)
        self.start_urls = list(getattr(spider, "start_urls", []) or [])
        profile = getattr(getattr(spider, "profile", None), "name", self.profile)
        self.run_id = self.store.begin_run(self.start_urls, profile)
        self.started = time.monotonic()
        if spider is not None:
            spider.archive_run_id = self.run_id

    def process_item(self, item, spider=None):
        """Store a record or log a URL outcome; pass the item on."""
        if isinstance(item, UrlOutcome):
            self.outcomes[item.outcome] += 1
            self.store.log_url(
                self.run_id,
                item.url,
                item.outcome,
                item.status,
                item.final_url,
                item.referer,
                item.detail,
            )
            if item.outcome == "unchanged":
                self.store.touch_page(item.url, self.run_id)
        elif isinstance(item, Record):
            gone = missing_media_status(item)
            if gone:
                # nothing was archived: a broken link, logged with the page that links to it
                self.outcomes["broken"] += 1
                for source in _sources(item):
                    self.store.log_url(self.run_id, item.url, "broken", gone, None, source)
                return item
            self.store.upsert(item, self.run_id)
            self.counts[item.record_type] += 1
        return item

    def spider_closed(self, spider, reason: str) -> None:
        """Finish the run: decide complete/healthy, tombstone if allowed, update the index."""
        if self.store is None:
            return
        fetched = self.outcomes["page"] + self.outcomes["unchanged"]
        failed = self.outcomes["error"]
        attempted = max(fetched + failed + self.outcomes["broken"], 1)
        start_ok = fetched > 0
        healthy = start_ok and failed / attempted <= HEALTHY_ERROR_RATIO
        complete = reason == "finished"
        stats = {
            "reason": reason,
            "duration_s": round(time.monotonic() - self.started, 2),
            "pages_fetched": self.outcomes["page"],
            "pages_unchanged": self.outcomes["unchanged"],
            "redirects": self.outcomes["redirect"],
            "broken_links": self.outcomes["broken"],
            "errors": failed,
            "robots_refused": self.outcomes["robots"],
            "items": dict(self.counts),
        }
        removed = self.store.finish_run(self.run_id, complete, healthy, stats)
        index = self._update_index()
        self._write_run_log({**stats, "removed": removed, "index": index}, complete, healthy)
        self.store.close()

    def _update_index(self) -> dict:
        """Bring the search index up to date with what this run changed in the store."""
        from crawler.errors import IndexBusy, IndexCorrupt
        from search.indexer import update_index

        try:
            return update_index(Path(self.data_dir), self.store) or {}
        except (IndexBusy, IndexCorrupt) as err:
            # the run's records are safe in the store; only the index lags behind
            logger.warning(
                "Suchindex nicht aktualisiert (%s): später `herford-archive reindex`", err
            )
            return {"error": str(err)}

    def _write_run_log(self, stats: dict, complete: bool, healthy: bool) -> None:
        """Keep a JSON account of the run (figures and every URL's outcome) in runs/."""
        runs_dir = Path(self.data_dir) / "runs"
        runs_dir.mkdir(parents=True, exist_ok=True)
        log = {
            "run_id": self.run_id,
            "start_urls": self.start_urls,
            "complete": complete,
            "healthy": healthy,
            "stats": stats,
            "urls": self.store.url_log(self.run_id),
        }
        path = runs_dir / f"run-{self.run_id:05d}.json"
        path.write_text(json.dumps(log, ensure_ascii=False, indent=1), encoding="utf-8")
