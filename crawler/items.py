"""Archive records: the items the spider yields and the store keeps (plain dataclasses, no Scrapy)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any


def stable_id(kind: str, *parts: object) -> str:
    """Return a stable 16-hex-digit id for a record kind and its identity parts."""
    key = "\x1f".join([kind, *("" if p is None else str(p) for p in parts)])
    return kind[:2] + "-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass
class Record:
    """Common base: every record has an id and warnings about what could not be read."""

    id: str = ""
    warnings: list[str] = field(default_factory=list)

    record_type = "record"

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a plain dict (export field names), plus its `type`."""
        data = asdict(self)
        data["type"] = self.record_type
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        """Build a record from a dict, ignoring unknown keys."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def warn(self, message: str) -> None:
        """Attach a warning once."""
        if message not in self.warnings:
            self.warnings.append(message)


@dataclass
class PageRecord(Record):
    """One fetched HTML page (identity: canonical URL)."""

    url: str = ""
    final_url: str = ""
    status: int = 0
    title: str = ""
    breadcrumbs: list[str] = field(default_factory=list)
    text: str = ""
    html_sha256: str = ""
    etag: str | None = None
    last_modified: str | None = None
    charset: str | None = None
    fetched_at: str | None = None
    page_date: str | None = None
    outlinks: list[str] = field(default_factory=list)
    content_type: str | None = None

    record_type = "page"

    def __post_init__(self):
        if not self.id and self.url:
            self.id = stable_id("page", self.url)


@dataclass
class EventRecord(Record):
    """An event announced or reported on one or more pages.

    `start`/`end` are ISO 8601 strings: a datetime with the Europe/Berlin offset for timed
    events, a bare date (YYYY-MM-DD) for all-day events, YYYY-MM for month precision.
    `raw` maps each parsed field name to the string it was parsed from.
    """

    title: str = ""
    start: str | None = None
    end: str | None = None
    all_day: bool = False
    precision: str = "day"  # minute | day | month
    location: str | None = None
    organizers: list[str] = field(default_factory=list)
    description: str = ""
    status: str = "scheduled"  # scheduled | cancelled
    kind: str = "announcement"  # announcement | report
    source_urls: list[str] = field(default_factory=list)
    raw: dict[str, str] = field(default_factory=dict)

    record_type = "event"


@dataclass
class ContactRecord(Record):
    """A person or office to contact (identity: IKISS address id, else name + email)."""

    name: str = ""
    role: str | None = None
    unit: str | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    phone: str | None = None
    phone_e164: str | None = None
    fax: str | None = None
    fax_e164: str | None = None
    email: str | None = None
    room: str | None = None
    office_hours: str | None = None
    vcard_url: str | None = None
    address_id: str | None = None
    source_urls: list[str] = field(default_factory=list)

    record_type = "contact"


@dataclass
class PhotoRecord(Record):
    """One photo of an album (identity: canonical large-image URL)."""

    url: str = ""
    thumbnail_url: str | None = None
    album: str | None = None
    caption: str | None = None
    alt: str | None = None
    credit: str | None = None
    width: int | None = None
    height: int | None = None
    sha256: str | None = None
    file: str | None = None
    mime: str | None = None
    bytes: int | None = None
    source_url: str = ""
    event_id: str | None = None
    event_hint: str | None = None  # text naming the event the album shows, resolved by the store
    album_size: int | None = None  # photos in its gallery: the album page wins over a teaser

    record_type = "photo"

    def __post_init__(self):
        if not self.id and self.url:
            self.id = stable_id("photo", self.url)


@dataclass
class DocumentRecord(Record):
    """A linked document such as a PDF flyer (identity: canonical URL)."""

    url: str = ""
    title: str = ""
    mime: str | None = None
    bytes: int | None = None
    sha256: str | None = None
    file: str | None = None
    text: str = ""
    source_urls: list[str] = field(default_factory=list)

    record_type = "document"

    def __post_init__(self):
        if not self.id and self.url:
            self.id = stable_id("document", self.url)


RECORD_TYPES: dict[str, type[Record]] = {
    cls.record_type: cls
    for cls in (PageRecord, EventRecord, ContactRecord, PhotoRecord, DocumentRecord)
}


@dataclass
class UrlOutcome:
    """Not a record: what happened to one URL (fetched, unchanged, broken, refused, failed)."""

    url: str
    outcome: str
    status: int | None = None
    final_url: str | None = None
    referer: str | None = None
    detail: str | None = None
