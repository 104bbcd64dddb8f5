"""Downloader middleware for cheap re-crawls: conditional requests from what the store knows."""

from __future__ import annotations

import hashlib

from scrapy import Request, signals
from scrapy.http import Response


class ConditionalRequestMiddleware:
    """Send If-None-Match / If-Modified-Since for pages the archive already holds.

    A 304, or a 200 whose body hashes the same as the stored page, is marked
    `meta["archive_unchanged"] = True` and carries the stored outlinks in
    `meta["archive_outlinks"]`, so the spider can skip re-extraction and still follow links.
    """

    def __init__(self, data_dir: str, db_url: str | None):
        self.data_dir = data_dir
        self.db_url = db_url
        self.validators: dict[str, dict] = {}

    @classmethod
    def from_crawler(cls, crawler):
        """Build from settings ARCHIVE_DATA_DIR and ARCHIVE_DB_URL."""
        mw = cls(crawler.settings.get("ARCHIVE_DATA_DIR"), crawler.settings.get("ARCHIVE_DB_URL"))
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider) -> None:
        """Load the stored validators once per crawl."""
        from pipelines.store import open_store

        store = open_store(self.data_dir, self.db_url)
        try:
            self.validators = store.page_validators()
        finally:
            store.close()
        spider.logger.info("conditional requests: %d known pages", len(self.validators))

    def process_request(self, request: Request, spider=None):
        """Add the validators of a known page to its request."""
        known = self.validators.get(request.url)
        if known and request.method == "GET" and not request.meta.get("archive_unconditional"):
            if known.get("etag"):
                request.headers.setdefault(b"If-None-Match", known["etag"])
            if known.get("last_modified"):
                request.headers.setdefault(b"If-Modified-Since", known["last_modified"])
        return None

    def process_response(self, request: Request, response: Response, spider=None):
        """Mark unchanged pages (304 or same body) for the spider."""
        known = self.validators.get(request.url)
        if not known or request.meta.get("archive_unconditional"):
            return response
        unchanged = response.status == 304 or (
            response.status == 200
            and known.get("html_sha256")
            and hashlib.sha256(response.body).hexdigest() == known["html_sha256"]
        )
        if unchanged:
            request.meta["archive_unchanged"] = True
            request.meta["archive_outlinks"] = known.get("outlinks") or []
        return response
