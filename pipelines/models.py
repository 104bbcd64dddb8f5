"""SQLAlchemy tables of the archive: one per record type, plus runs, versions, sources and URL log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SCHEMA_VERSION = 1


class Base(DeclarativeBase):
    """Declarative base of all archive tables."""


class Run(Base):
    """One crawl run; tombstones are only set by a complete, healthy run."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    start_urls: Mapped[list] = mapped_column(JSON, default=list)
    profile: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="running")  # running|finished|failed
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    healthy: Mapped[bool] = mapped_column(Boolean, default=False)
    stats: Mapped[dict] = mapped_column(JSON, default=dict)


class RecordMixin:
    """Bookkeeping every record table shares: version, first/last seen, tombstone."""

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    content_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    first_seen_run: Mapped[int | None] = mapped_column(Integer)
    last_seen_run: Mapped[int | None] = mapped_column(Integer, index=True)
    changed_run: Mapped[int | None] = mapped_column(Integer, index=True)
    removed_run: Mapped[int | None] = mapped_column(Integer)
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Page(RecordMixin, Base):
    """A fetched HTML page."""

    __tablename__ = "pages"

    url: Mapped[str] = mapped_column(Text, unique=True)
    final_url: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text, default="")
    breadcrumbs: Mapped[list] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text, default="")
    html_sha256: Mapped[str] = mapped_column(String(64), default="")
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    charset: Mapped[str | None] = mapped_column(String(40))
    fetched_at: Mapped[str | None] = mapped_column(String(40))
    page_date: Mapped[str | None] = mapped_column(String(10))
    outlinks: Mapped[list] = mapped_column(JSON, default=list)
    content_type: Mapped[str | None] = mapped_column(String(200))


class Event(RecordMixin, Base):
    """An event (announcement or report), possibly from several pages."""

    __tablename__ = "events"

    title: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[str | None] = mapped_column(String(40), index=True)
    end: Mapped[str | None] = mapped_column(String(40))
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    precision: Mapped[str] = mapped_column(String(10), default="day")
    location: Mapped[str | None] = mapped_column(Text)
    organizers: Mapped[list] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="scheduled")
    kind: Mapped[str] = mapped_column(String(20), default="announcement")
    source_urls: Mapped[list] = mapped_column(JSON, default=list)
    raw: Mapped[dict] = mapped_column(JSON, default=dict)


class Contact(RecordMixin, Base):
    """A person or office, merged from page cards and vCards."""

    __tablename__ = "contacts"

    name: Mapped[str] = mapped_column(Text, default="", index=True)
    role: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text)
    street: Mapped[str | None] = mapped_column(Text)
    postal_code: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(60))
    phone_e164: Mapped[str | None] = mapped_column(String(20))
    fax: Mapped[str | None] = mapped_column(String(60))
    fax_e164: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(Text)
    room: Mapped[str | None] = mapped_column(String(60))
    office_hours: Mapped[str | None] = mapped_column(Text)
    vcard_url: Mapped[str | None] = mapped_column(Text)
    address_id: Mapped[str | None] = mapped_column(String(80), index=True)
    source_urls: Mapped[list] = mapped_column(JSON, default=list)


class Photo(RecordMixin, Base):
    """One photo of an album, with its downloaded file."""

    __tablename__ = "photos"

    url: Mapped[str] = mapped_column(Text, default="")
    thumbnail_url: Mapped[str | None] = mapped_column(Text)
    album: Mapped[str | None] = mapped_column(Text)
    caption: Mapped[str | None] = mapped_column(Text)
    alt: Mapped[str | None] = mapped_column(Text)
    credit: Mapped[str | None] = mapped_column(Text)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    file: Mapped[str | None] = mapped_column(Text)
    mime: Mapped[str | None] = mapped_column(String(100))
    bytes: Mapped[int | None] = mapped_column(Integer)
    source_url: Mapped[str] = mapped_column(Text, default="")
    event_id: Mapped[str | None] = mapped_column(String(40))
    event_hint: Mapped[str | None] = mapped_column(Text)
    album_size: Mapped[int | None] = mapped_column(Integer)


class Document(RecordMixin, Base):
    """A linked document (PDF flyer, ...) with its file and extracted text."""

    __tablename__ = "documents"

    url: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    mime: Mapped[str | None] = mapped_column(String(100))
    bytes: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    file: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    source_urls: Mapped[list] = mapped_column(JSON, default=list)


class RecordVersion(Base):
    """Every content version a record ever had (history; nothing is overwritten)."""

    __tablename__ = "record_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_type: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    change: Mapped[str] = mapped_column(String(20))  # added|changed|removed|restored
    content_hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict] = mapped_column(JSON)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_versions_record", "record_type", "record_id", "version"),)


class RecordSource(Base):
    """Which page a record was read from: lets an unchanged page keep its records alive."""

    __tablename__ = "record_sources"

    record_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    page_url: Mapped[str] = mapped_column(Text, primary_key=True)


class UrlLog(Base):
    """What happened to every URL in a run: fetched, redirected, broken, refused, failed."""

    __tablename__ = "url_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    url: Mapped[str] = mapped_column(Text, index=True)
    outcome: Mapped[str] = mapped_column(String(20))  # see store.OUTCOMES
    status: Mapped[int | None] = mapped_column(Integer)
    final_url: Mapped[str | None] = mapped_column(Text)
    referer: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)


class Meta(Base):
    """Key/value facts about the archive itself (schema version)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


MODELS: dict[str, type[RecordMixin]] = {
    "page": Page,
    "event": Event,
    "contact": Contact,
    "photo": Photo,
    "document": Document,
}
