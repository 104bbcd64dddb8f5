"""Media pipelines: download photos and documents into FILES_STORE, named by their SHA-256.

Both pipelines are Scrapy's own `FilesPipeline` with four hooks changed:

- `get_media_requests` asks for `record.url` of the pipeline's own record type only; every other
  item passes through untouched.
- `file_path` names a file by the SHA-256 of its body (`photos/ab/ab12….jpg`), so one photo
  linked under two URLs is stored once and a changed file never overwrites its old version.
  Before the download the body is unknown; then `file_path` returns the content path recorded
  for the URL at its last download (a small pointer file under `by-url/`), so Scrapy's usual
  `stat_file` / FILES_EXPIRES check still decides whether the file is fresh enough to skip.
  A URL never downloaded gets the path of its (missing) pointer: the check fails, Scrapy downloads.
- `file_downloaded` stores the body at that path, writes the pointer and returns the SHA-256 as
  the checksum (Scrapy's default is MD5).
- `media_downloaded` / `media_failed` / `item_completed` carry what was learnt from the bytes
  (size, type, dimensions, text, warnings) into the record; a failed download becomes a German
  warning on the record, which is kept without a file.

Why `FilesPipeline` for photos and not `ImagesPipeline`: ImagesPipeline re-encodes every image
to JPEG and drops the original bytes; an archive keeps the original file exactly as published.

Redirects follow MEDIA_ALLOW_REDIRECTS like any Scrapy media pipeline. FILES_EXPIRES (days,
per pipeline also PHOTOFILESPIPELINE_FILES_EXPIRES / DOCUMENTFILESPIPELINE_FILES_EXPIRES) says
how long a stored file counts as current: within it a re-crawl costs no download.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
from io import BytesIO
from pathlib import Path
from typing import Any, ClassVar

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.pipelines.files import FilesPipeline, FSFilesStore
from scrapy.pipelines.media import FileException
from scrapy.utils.asyncio import run_in_thread
from scrapy.utils.defer import ensure_awaitable

from crawler.extract.documents import document_mime, document_text, guess_mime
from crawler.extract.images import image_info, sniff_image_mime
from crawler.extract.urls import extension
from crawler.items import DocumentRecord, PhotoRecord, Record

logger = logging.getLogger(__name__)

POINTER_DIR = "by-url"
GENERIC_CONTENT_TYPES = frozenset(
    {
        "application/octet-stream",
        "binary/octet-stream",
        "application/force-download",
        "application/x-download",
        "application/download",
        "application/unknown",
    }
)
_EXTENSION_FIXES = {"jpeg": "jpg", "jpe": "jpg", "tif": "tiff"}

# Exception class names of Twisted/Scrapy download errors, told to staff in German.
_FAILURE_REASONS = {
    "TimeoutError": "Zeitüberschreitung",
    "TCPTimedOutError": "Zeitüberschreitung",
    "DNSLookupError": "Server nicht gefunden",
    "ConnectionRefusedError": "Verbindung abgelehnt",
    "ConnectionLost": "Verbindung abgebrochen",
    "ConnectionDone": "Verbindung abgebrochen",
    "ResponseNeverReceived": "keine Antwort vom Server",
    "ResponseFailed": "Antwort abgebrochen",
    "empty-content": "leere Antwort",
    "download-error": "Download fehlgeschlagen",
}


def sha256_hex(body: bytes) -> str:
    """Return the SHA-256 hex digest of a file's bytes."""
    return hashlib.sha256(body).hexdigest()


def content_type(response: Response) -> str | None:
    """The response's MIME type without parameters, None when absent or meaningless."""
    raw = response.headers.get(b"Content-Type")
    if not raw:
        return None
    mime = raw.decode("latin-1").split(";")[0].strip().lower()
    return None if not mime or mime in GENERIC_CONTENT_TYPES else mime


def _failure_reason(exc: BaseException | None) -> str:
    message = str(exc or "").strip()
    name = type(exc).__name__ if exc is not None else ""
    if message.startswith("HTTP "):
        return message
    return _FAILURE_REASONS.get(message) or _FAILURE_REASONS.get(name) or message or name


class _ContentAddressedFilesPipeline(FilesPipeline):
    """FilesPipeline for one record type, storing files by SHA-256 (see the module docstring)."""

    record_type: ClassVar[type[Record]]
    MEDIA_DIR: ClassVar[str]
    FAILED_MESSAGE: ClassVar[str]

    # --- what to download ---------------------------------------------------------------

    def get_media_requests(self, item: Any, info: FilesPipeline.SpiderInfo) -> list[Request]:
        """One request for the record's URL; nothing for other items."""
        if not isinstance(item, self.record_type) or not getattr(item, "url", ""):
            return []
        referer = getattr(item, "source_url", "") or next(
            iter(getattr(item, "source_urls", [])), ""
        )
        headers = {"Referer": referer} if referer else None
        # the stored file is the cache: a conditional request could only answer 304 without a body
        meta = {"archive_unconditional": True}
        return [Request(item.url, callback=NO_CALLBACK, headers=headers, meta=meta)]

    # --- where files go -------------------------------------------------------------------

    def file_path(
        self,
        request: Request,
        response: Response | None = None,
        info: FilesPipeline.SpiderInfo | None = None,
        *,
        item: Any = None,
    ) -> str:
        """`<MEDIA_DIR>/<sha[:2]>/<sha>.<ext>` once the body is known; before, the stored path."""
        if response is None:
            return self._stored_path(request.url) or self._pointer_path(request.url)
        sha = sha256_hex(response.body)
        return f"{self.MEDIA_DIR}/{sha[:2]}/{sha}.{self.file_extension(request, response)}"

    def file_extension(self, request: Request, response: Response) -> str:
        """The stored file's extension: from the URL, else from the content, else `bin`."""
        ext = extension(request.url) or extension(response.url)
        if not ext:
            mime = self.detect_mime(response.body, content_type(response), request.url)
            guessed = mimetypes.guess_extension(mime) if mime else None
            ext = guessed.lstrip(".") if guessed else "bin"
        return _EXTENSION_FIXES.get(ext, ext)

    def _pointer_path(self, url: str) -> str:
        key = hashlib.sha1(url.encode("utf-8")).hexdigest()
        return f"{POINTER_DIR}/{self.MEDIA_DIR}/{key[:2]}/{key}.txt"

    def _local_path(self, path: str) -> Path | None:
        """The file system path of a stored file, when the store is a local folder."""
        if isinstance(self.store, FSFilesStore):
            return Path(self.store.basedir, *path.split("/"))
        return None

    def _stored_path(self, url: str) -> str | None:
        pointer = self._local_path(self._pointer_path(url))
        if pointer is None:
            return None
        try:
            stored = pointer.read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return stored if stored.startswith(f"{self.MEDIA_DIR}/") else None

    # --- downloading ------------------------------------------------------------------------

    async def media_to_download(
        self, request: Request, info: FilesPipeline.SpiderInfo, *, item: Any = None
    ) -> Any:
        """Scrapy's freshness check, plus the facts about the stored file for the record.

        A fresh file that cannot be read back (remote store, file gone) is downloaded again.
        """
        result = await ensure_awaitable(super().media_to_download(request, info, item=item))
        if not result:
            return None
        local = self._local_path(result["path"])
        try:
            body = local.read_bytes() if local is not None else None
        except OSError:
            body = None
        if body is None:
            return None
        facts = await run_in_thread(self.describe, body, None, request.url)
        return {**result, "checksum": sha256_hex(body), **facts}

    async def media_downloaded(
        self,
        response: Response,
        request: Request,
        info: FilesPipeline.SpiderInfo,
        *,
        item: Any = None,
    ) -> Any:
        """Store a 200 response and describe its bytes; any other status fails with 'HTTP nnn'."""
        if response.status != 200:
            raise FileException(f"HTTP {response.status}")
        result = await super().media_downloaded(response, request, info, item=item)
        facts = await run_in_thread(
            self.describe, response.body, content_type(response), request.url
        )
        return {**result, **facts}

    async def file_downloaded(
        self,
        response: Response,
        request: Request,
        info: FilesPipeline.SpiderInfo,
        *,
        item: Any = None,
    ) -> str:
        """Persist the body under its content path and point the URL at it; return the SHA-256."""
        path = self.file_path(request, response=response, info=info, item=item)
        await ensure_awaitable(self.store.persist_file(path, BytesIO(response.body), info))
        pointer = BytesIO(path.encode("utf-8"))
        await ensure_awaitable(
            self.store.persist_file(self._pointer_path(request.url), pointer, info)
        )
        return sha256_hex(response.body)

    def media_failed(self, failure: Any, request: Request, info: FilesPipeline.SpiderInfo) -> Any:
        """Raise a FileException whose message says why (e.g. 'HTTP 404'), for the record."""
        if isinstance(failure.value, IgnoreRequest):
            return super().media_failed(failure, request, info)
        reason = _failure_reason(failure.value)
        logger.warning(
            "%s not downloaded from %s: %s",
            self.MEDIA_NAME,
            request.url,
            reason,
            extra={"spider": info.spider},
        )
        raise FileException(reason)

    # --- the record ---------------------------------------------------------------------

    def describe(self, body: bytes, mime: str | None, url: str) -> dict[str, Any]:
        """Facts about a file's bytes for the record: sha256, bytes, mime, warnings, …"""
        return {
            "sha256": sha256_hex(body),
            "bytes": len(body),
            "mime": self.detect_mime(body, mime, url),
            "warnings": [],
        }

    def detect_mime(self, body: bytes, mime: str | None, url: str) -> str | None:
        """The MIME type from the content itself, else the server's word, else the extension."""
        return mime or guess_mime(url)

    def item_completed(self, results: list, item: Any, info: FilesPipeline.SpiderInfo) -> Any:
        """Fill the record from the stored file, or warn that it could not be loaded."""
        if not isinstance(item, self.record_type):
            return item
        for ok, value in results:
            if ok:
                self.fill(item, value)
            else:
                reason = _failure_reason(getattr(value, "value", None)) or "unbekannter Fehler"
                item.warn(f"{self.FAILED_MESSAGE}: {reason}")
        return item

    def fill(self, item: Any, facts: dict[str, Any]) -> None:
        """Copy file facts onto the record."""
        item.file = facts.get("path")
        item.sha256 = facts.get("sha256") or facts.get("checksum")
        item.bytes = facts.get("bytes")
        item.mime = facts.get("mime") or item.mime
        for message in facts.get("warnings", []):
            item.warn(message)


class PhotoFilesPipeline(_ContentAddressedFilesPipeline):
    """Download PhotoRecord images; fill sha256, bytes, mime, width, height, file."""

    record_type = PhotoRecord
    MEDIA_NAME = "photo"
    MEDIA_DIR = "photos"
    FAILED_MESSAGE = "Bild nicht geladen"

    def describe(self, body: bytes, mime: str | None, url: str) -> dict[str, Any]:
        """Size and type from the image itself; a truncated image keeps what its header says."""
        width, height, image_mime, warnings = image_info(body)
        facts = super().describe(body, mime, url)
        facts.update(
            width=width, height=height, mime=image_mime or facts["mime"], warnings=warnings
        )
        return facts

    def detect_mime(self, body: bytes, mime: str | None, url: str) -> str | None:
        """The image type from the file's first bytes, else Content-Type, else extension."""
        return sniff_image_mime(body) or super().detect_mime(body, mime, url)

    def fill(self, item: Any, facts: dict[str, Any]) -> None:
        """Also set the image's real width and height (None when unreadable)."""
        super().fill(item, facts)
        item.width = facts.get("width")
        item.height = facts.get("height")


class DocumentFilesPipeline(_ContentAddressedFilesPipeline):
    """Download DocumentRecord files; fill sha256, bytes, mime, file and the extracted text."""

    record_type = DocumentRecord
    MEDIA_NAME = "document"
    MEDIA_DIR = "documents"
    FAILED_MESSAGE = "Dokument nicht geladen"

    def describe(self, body: bytes, mime: str | None, url: str) -> dict[str, Any]:
        """Add the document's text (PDF, docx, odt, rtf) and the warnings reading it produced."""
        facts = super().describe(body, mime, url)
        text, warnings = document_text(body, facts["mime"])
        facts.update(text=text, warnings=warnings)
        return facts

    def detect_mime(self, body: bytes, mime: str | None, url: str) -> str | None:
        """The type by content (PDF, Word, …); else Content-Type unless HTML; else extension.

        IKISS serves media under names like `2104_1234_1.DOCX?1491995001` and often as
        `application/octet-stream`, so neither name nor header is trusted over the bytes.
        """
        sniffed = document_mime(body)
        if sniffed:
            return sniffed
        if mime and mime not in ("text/html", "text/plain"):
            return mime
        return guess_mime(url) or mime

    def fill(self, item: Any, facts: dict[str, Any]) -> None:
        """Also set the extracted text."""
        super().fill(item, facts)
        item.text = facts.get("text") or ""
