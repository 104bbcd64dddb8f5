"""Downloader middleware that writes every raw HTTP exchange of a crawl into a WARC file."""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from scrapy import signals
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler import __version__


class WarcWriterMiddleware:
    """Append request and response records for each download to `<data dir>/warc/*.warc.gz`.

    Placed before the redirect, retry and decompression middlewares (priority 650), so the
    WARC holds what the server really sent: 301s, 503s and compressed bodies included.
    """

    def __init__(self, warc_dir: Path):
        self.warc_dir = warc_dir
        self.path: Path | None = None
        self._fh = None
        self._writer: WARCWriter | None = None
        self.records = 0

    @classmethod
    def from_crawler(cls, crawler):
        """Build from ARCHIVE_DATA_DIR; open the file when the spider opens."""
        mw = cls(Path(crawler.settings.get("ARCHIVE_DATA_DIR")) / "warc")
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def spider_opened(self, spider) -> None:
        """Open a new WARC file named after the run's start time."""
        self.warc_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        self.path = self.warc_dir / f"herford-archive-{stamp}.warc.gz"
        self._fh = self.path.open("wb")
        self._writer = WARCWriter(self._fh, gzip=True)
        info = self._writer.create_warcinfo_record(
            self.path.name, {"software": f"herford-archive/{__version__}", "format": "WARC/1.0"}
        )
        self._writer.write_record(info)

    def spider_closed(self, spider) -> None:
        """Close the WARC file."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def process_response(self, request, response, spider=None):
        """Write the exchange; never alter the response."""
        if self._writer is None:
            return response
        url = request.url
        req_headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, values in request.headers.items()
            for v in values
        ]
        path = url.split("/", 3)[3] if url.count("/") >= 3 else ""
        request_record = self._writer.create_warc_record(
            url,
            "request",
            payload=BytesIO(request.body or b""),
            http_headers=StatusAndHeaders(
                f"{request.method} /{path} HTTP/1.1", req_headers, is_http_request=True
            ),
        )
        resp_headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, values in response.headers.items()
            for v in values
        ]
        reason = _REASONS.get(response.status, "")
        response_record = self._writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(response.body),
            http_headers=StatusAndHeaders(
                f"{response.status} {reason}".strip(), resp_headers, protocol="HTTP/1.1"
            ),
        )
        self._writer.write_request_response_pair(request_record, response_record)
        self.records += 1
        return response


_REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    304: "Not Modified",
    404: "Not Found",
    410: "Gone",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
