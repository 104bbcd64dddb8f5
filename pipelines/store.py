"""The archive store: idempotent upserts by stable id, version history, tombstones, URL log."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from crawler.datadir import SQLITE_NAME
from crawler.errors import StoreError
from crawler.items import RECORD_TYPES, Record
from pipelines import reconcile
from pipelines.models import (
    MODELS,
    SCHEMA_VERSION,
    Base,
    Document,
    Meta,
    Photo,
    RecordSource,
    RecordVersion,
    Run,
    UrlLog,
)

# Fields that change on every fetch without the content changing.
VOLATILE_FIELDS = frozenset({"fetched_at", "etag", "last_modified", "id"})
# What the URL log says happened to a URL.
OUTCOMES = (
    "page",  # an HTML page fetched and stored
    "unchanged",  # 304 or same body: page kept, not re-extracted
    "media",  # a photo, document or vCard fetched
    "redirect",  # 3xx to another URL
    "broken",  # 404/410: a broken link
    "error",  # other HTTP error or network failure after retries
    "robots",  # refused by robots.txt
    "calendar",  # a dated calendar view: its links followed, its records kept, no page stored
)
_BOOKKEEPING = {
    "content_hash",
    "version",
    "first_seen_run",
    "last_seen_run",
    "changed_run",
    "removed_run",
    "removed_at",
}


def now() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(UTC)


def content_hash(data: dict[str, Any]) -> str:
    """A hash of a record's content, ignoring fields that change on every fetch."""
    stable = {k: v for k, v in data.items() if k not in VOLATILE_FIELDS and k != "type"}
    return hashlib.sha256(json.dumps(stable, sort_keys=True, default=str).encode()).hexdigest()


def _row_data(row: Any) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in _BOOKKEEPING}


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(data_dir: Path, db_url: str | None = None) -> Engine:
    """Create the engine: the given database URL, else SQLite in the data dir."""
    url = db_url or f"sqlite:///{Path(data_dir) / SQLITE_NAME}"
    try:
        engine = create_engine(url, future=True)
    except (ArgumentError, ImportError, ValueError) as exc:
        raise StoreError(f"Datenbank-URL nicht nutzbar: {url} ({exc})") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Store:
    """One archive database. Methods commit their own work; safe to call from one thread."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._session_factory = sessionmaker(engine, expire_on_commit=False)
        try:
            Base.metadata.create_all(engine)
            with self._session_factory() as session:
                meta = session.get(Meta, "schema_version")
                if meta is None:
                    session.add(Meta(key="schema_version", value=str(SCHEMA_VERSION)))
                    session.commit()
                elif int(meta.value) > SCHEMA_VERSION:
                    raise StoreError(
                        f"Archiv hat Schema {meta.value}, diese Version kennt nur {SCHEMA_VERSION}"
                    )
        except OperationalError as exc:
            raise StoreError(f"Datenbank nicht erreichbar: {exc.orig}") from None
        except SQLAlchemyError as exc:
            raise StoreError(f"Datenbank nicht lesbar: {exc}") from None

    def session(self) -> Session:
        """A new ORM session."""
        return self._session_factory()

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    # -- runs ---------------------------------------------------------------------------

    def begin_run(self, start_urls: list[str], profile: str | None = None) -> int:
        """Record the start of a crawl run and return its id."""
        with self.session() as session:
            run = Run(started_at=now(), start_urls=list(start_urls), profile=profile, stats={})
            session.add(run)
            session.commit()
            return run.id

    def finish_run(self, run_id: int, complete: bool, healthy: bool, stats: dict) -> int:
        """Close a run; a complete, healthy run tombstones what it no longer saw.

        Returns the number of records marked removed.
        """
        removed = 0
        with self.session() as session:
            run = session.get(Run, run_id)
            if run is None:
                raise StoreError(f"Lauf {run_id} unbekannt")
            self._link_photos_to_events(session)
            if complete and healthy:
                removed = self._tombstone_unseen(session, run_id)
            run.finished_at = now()
            run.status = "finished"
            run.complete, run.healthy = complete, healthy
            run.stats = {**stats, "removed": removed}
            session.commit()
        return removed

    def fail_run(self, run_id: int, reason: str) -> None:
        """Mark a run as failed (nothing is tombstoned)."""
        with self.session() as session:
            run = session.get(Run, run_id)
            if run is not None:
                run.status, run.finished_at = "failed", now()
                run.stats = {**(run.stats or {}), "failure": reason}
                session.commit()

    def latest_run_id(self) -> int | None:
        """The id of the newest finished run, if any."""
        with self.session() as session:
            return session.scalar(select(func.max(Run.id)).where(Run.status == "finished"))

    def runs(self) -> list[Run]:
        """All runs, oldest first."""
        with self.session() as session:
            return list(session.scalars(select(Run).order_by(Run.id)))

    # -- records ------------------------------------------------------------------------

    def upsert(self, record: Record | dict[str, Any], run_id: int) -> str:
        """Insert or update a record; returns the id it is stored under (after merging)."""
        data = record.to_dict() if isinstance(record, Record) else dict(record)
        rtype = data.pop("type")
        with self.session() as session:
            record_id = self._upsert(session, rtype, data, run_id)
            session.commit()
            return record_id

    def _upsert(self, session: Session, rtype: str, data: dict[str, Any], run_id: int) -> str:
        model = MODELS[rtype]
        row = session.get(model, data["id"])
        if row is None:
            row = self._find_same(session, rtype, data)
        if row is not None:
            old = _row_data(row)
            data = self._merge(rtype, old, data, same_run=row.last_seen_run == run_id)
            if data["id"] != row.id:
                self._rename(session, rtype, row, data["id"])
        self._write(session, model, row, rtype, data, run_id)
        for url in self._source_urls(rtype, data):
            if session.get(RecordSource, (rtype, data["id"], url)) is None:
                session.add(RecordSource(record_type=rtype, record_id=data["id"], page_url=url))
        session.flush()
        return data["id"]

    @staticmethod
    def _source_urls(rtype: str, data: dict[str, Any]) -> list[str]:
        if rtype == "page":
            return [data["url"]]
        if rtype == "photo":
            return [data["source_url"]] if data.get("source_url") else []
        return list(data.get("source_urls") or [])

    def _find_same(self, session: Session, rtype: str, data: dict[str, Any]):
        model = MODELS[rtype]
        if rtype == "event" and data.get("start"):
            for row in session.scalars(select(model).where(model.start == data["start"])):
                if reconcile.same_event(_row_data(row), data):
                    return row
        if rtype == "contact":
            from crawler.extract.vcards import same_person

            by_name = func.lower(model.name) == (data.get("name") or "").lower()
            where = (model.address_id == data["address_id"]) | by_name
            incoming = _as_record("contact", data)
            for row in session.scalars(
                select(model).where(where if data.get("address_id") else by_name)
            ):
                if same_person(_as_record("contact", _row_data(row)), incoming):
                    return row
        return None

    @staticmethod
    def _merge(rtype: str, old: dict, new: dict, same_run: bool) -> dict[str, Any]:
        if rtype == "event":
            if not same_run and old["id"] == new["id"]:
                return new
            return reconcile.merge_events(old, new)
        if rtype == "contact":
            from crawler.extract.vcards import merge_contacts

            merged = merge_contacts(_as_record("contact", old), _as_record("contact", new))
            data = merged.to_dict()
            data.pop("type")
            return data
        if rtype == "photo" and same_run:
            return reconcile.merge_photos(old, new)
        if rtype in ("photo", "document"):
            new = reconcile.keep_media(old, new)
        if same_run:
            return reconcile.fill_gaps(new, old)
        return new

    def _rename(self, session: Session, rtype: str, row: Any, new_id: str) -> None:
        old_id = row.id
        session.execute(
            update(RecordSource)
            .where(RecordSource.record_type == rtype, RecordSource.record_id == old_id)
            .values(record_id=new_id)
        )
        session.execute(
            update(RecordVersion)
            .where(RecordVersion.record_type == rtype, RecordVersion.record_id == old_id)
            .values(record_id=new_id)
        )
        row.id = new_id
        session.flush()

    def _write(self, session, model, row, rtype: str, data: dict, run_id: int) -> None:
        digest = content_hash(data)
        columns = {c.key for c in model.__table__.columns}
        values = {k: v for k, v in data.items() if k in columns}
        if row is None:
            row = model(**values, content_hash=digest, version=1)
            row.first_seen_run = row.changed_run = row.last_seen_run = run_id
            session.add(row)
            self._add_version(session, rtype, data, 1, run_id, "added", digest)
            return
        restored = row.removed_at is not None
        if restored:
            row.removed_at = row.removed_run = None
        changed = digest != row.content_hash
        for key, value in values.items():
            setattr(row, key, value)
        row.last_seen_run = run_id
        if changed or restored:
            row.content_hash = digest
            if row.changed_run == run_id and not restored:
                # several items of one run merge into one version
                latest = session.scalar(
                    select(RecordVersion)
                    .where(RecordVersion.record_type == rtype, RecordVersion.record_id == row.id)
                    .order_by(RecordVersion.version.desc())
                    .limit(1)
                )
                if latest is not None:
                    latest.data, latest.content_hash = data, digest
                    return
            row.version += 1
            row.changed_run = run_id
            change = "restored" if restored else "changed"
            self._add_version(session, rtype, data, row.version, run_id, change, digest)

    @staticmethod
    def _add_version(session, rtype, data, version, run_id, change, digest) -> None:
        session.add(
            RecordVersion(
                record_type=rtype,
                record_id=data["id"],
                version=version,
                run_id=run_id,
                change=change,
                content_hash=digest,
                data=json.loads(json.dumps(data, default=str)),
                recorded_at=now(),
            )
        )

    def touch_page(self, url: str, run_id: int) -> int:
        """Mark an unchanged page and every record read from it as seen in this run."""
        with self.session() as session:
            sources = session.execute(
                select(RecordSource.record_type, RecordSource.record_id).where(
                    RecordSource.page_url == url
                )
            ).all()
            by_type: dict[str, list[str]] = {}
            for rtype, rid in sources:
                by_type.setdefault(rtype, []).append(rid)
            touched = 0
            for rtype, ids in by_type.items():
                model = MODELS[rtype]
                result = session.execute(
                    update(model)
                    .where(model.id.in_(ids), model.removed_at.is_(None))
                    .values(last_seen_run=run_id)
                )
                touched += result.rowcount or 0
            session.commit()
            return touched

    def _tombstone_unseen(self, session: Session, run_id: int) -> int:
        removed = 0
        for rtype, model in MODELS.items():
            rows = session.scalars(
                select(model).where(model.removed_at.is_(None), model.last_seen_run < run_id)
            ).all()
            for row in rows:
                row.removed_at, row.removed_run = now(), run_id
                row.version += 1
                row.changed_run = run_id
                self._add_version(
                    session, rtype, _row_data(row), row.version, run_id, "removed", row.content_hash
                )
                removed += 1
        return removed

    def _link_photos_to_events(self, session: Session) -> None:
        from pipelines.models import Event, Photo

        events = [_row_data(e) for e in session.scalars(select(Event))]
        for photo in session.scalars(select(Photo).where(Photo.event_id.is_(None))):
            event_id = reconcile.event_for_hint(photo.event_hint or photo.album, events)
            if event_id:
                photo.event_id = event_id

    # -- reading ------------------------------------------------------------------------

    def get(self, rtype: str, record_id: str) -> dict[str, Any] | None:
        """One record as a dict (with `type`, `version`, `removed`), or None."""
        with self.session() as session:
            row = session.get(MODELS[rtype], record_id)
            return _export(rtype, row) if row is not None else None

    def iter_records(
        self, types: Iterable[str] | None = None, include_removed: bool = False
    ) -> Iterator[dict[str, Any]]:
        """Yield records as dicts, type by type, ordered by id."""
        for rtype in types or MODELS:
            model = MODELS[rtype]
            query = select(model).order_by(model.id)
            if not include_removed:
                query = query.where(model.removed_at.is_(None))
            with self.session() as session:
                for row in session.scalars(query.execution_options(yield_per=500)):
                    yield _export(rtype, row)

    def changes_since(self, run_id: int | None) -> tuple[list[dict[str, Any]], list[str]]:
        """Records added or changed after `run_id` (all if None), and ids removed since."""
        changed: list[dict[str, Any]] = []
        removed: list[str] = []
        with self.session() as session:
            for rtype, model in MODELS.items():
                query = select(model)
                if run_id is not None:
                    query = query.where(model.changed_run > run_id)
                for row in session.scalars(query):
                    if row.removed_at is not None:
                        removed.append(row.id)
                    else:
                        changed.append(_export(rtype, row))
        return changed, removed

    def history(self, rtype: str, record_id: str) -> list[dict[str, Any]]:
        """Every version of one record, oldest first."""
        with self.session() as session:
            rows = session.scalars(
                select(RecordVersion)
                .where(RecordVersion.record_type == rtype, RecordVersion.record_id == record_id)
                .order_by(RecordVersion.version)
            )
            return [_version_dict(v) for v in rows]

    def run_info(self, run_id: int) -> dict[str, Any] | None:
        """One run as a dict (id, times, status, complete, healthy, stats), or None."""
        with self.session() as session:
            run = session.get(Run, run_id)
            if run is None:
                return None
            return {
                "id": run.id,
                "started_at": _aware(run.started_at),
                "finished_at": _aware(run.finished_at),
                "status": run.status,
                "complete": bool(run.complete),
                "healthy": bool(run.healthy),
                "stats": dict(run.stats or {}),
            }

    def versions_between(
        self, after: int, through: int, types: Iterable[str] | None = None
    ) -> list[tuple[dict[str, Any] | None, dict[str, Any]]]:
        """Records with a version in runs `after < run <= through`: (before, latest) pairs.

        `before` is the record's last version from a run up to `after` (None if it did not exist
        then), `latest` its last version within the window. Ordered by type, then id.
        """
        rv = RecordVersion
        window = (rv.run_id > after) & (rv.run_id <= through)
        if types is not None:
            window = window & rv.record_type.in_(list(types))
        touched = _last_versions(window)
        earlier = _last_versions(rv.run_id <= after)
        same = (rv.record_type == touched.c.record_type) & (rv.record_id == touched.c.record_id)
        with self.session() as session:
            latest = {
                (v.record_type, v.record_id): _version_dict(v)
                for v in session.scalars(
                    select(rv).join(touched, same & (rv.version == touched.c.last))
                )
            }
            before = {
                (v.record_type, v.record_id): _version_dict(v)
                for v in session.scalars(
                    select(rv)
                    .join(touched, same)
                    .join(
                        earlier,
                        (rv.record_type == earlier.c.record_type)
                        & (rv.record_id == earlier.c.record_id)
                        & (rv.version == earlier.c.last),
                    )
                )
            }
        return [(before.get(key), latest[key]) for key in sorted(latest)]

    def find_ids(self, prefix: str, limit: int = 10) -> tuple[list[tuple[str, str]], int]:
        """Records whose id is `prefix` or starts with it: up to `limit` (type, id), and how many.

        An exact id wins over longer ids it is the start of.
        """
        found: list[tuple[str, str]] = []
        total = 0
        with self.session() as session:
            for rtype, model in MODELS.items():
                if session.get(model, prefix) is not None:
                    return [(rtype, prefix)], 1
                where = model.id.startswith(prefix, autoescape=True)
                total += session.scalar(select(func.count()).select_from(model).where(where))
                ids = session.scalars(select(model.id).where(where).order_by(model.id).limit(limit))
                found.extend((rtype, rid) for rid in ids)
        return found[:limit], total

    def media_references(self) -> list[dict[str, Any]]:
        """Every file a photo or document record points at, now or in an earlier version.

        One dict per record row (`version` None) and per stored version: type, id, version, file,
        url, sha256, bytes, mime and `current` (the present file of a live record).
        """
        keys = ("file", "url", "sha256", "bytes", "mime")
        refs: list[dict[str, Any]] = []
        with self.session() as session:
            for rtype, model in (("photo", Photo), ("document", Document)):
                rows = session.execute(
                    select(model.id, *(getattr(model, k) for k in keys), model.removed_at)
                ).all()
                for rid, *values, removed_at in rows:
                    refs.append(
                        {
                            "type": rtype,
                            "id": rid,
                            "version": None,
                            **dict(zip(keys, values, strict=True)),
                            "current": removed_at is None,
                        }
                    )
                versions = session.execute(
                    select(
                        RecordVersion.record_id, RecordVersion.version, RecordVersion.data
                    ).where(RecordVersion.record_type == rtype)
                ).all()
                for rid, version, data in versions:
                    data = data or {}
                    refs.append(
                        {
                            "type": rtype,
                            "id": rid,
                            "version": version,
                            **{k: data.get(k) for k in keys},
                            "current": False,
                        }
                    )
        return refs

    def page_validators(self) -> dict[str, dict[str, Any]]:
        """For conditional re-crawls: url → etag, last_modified, html_sha256, outlinks."""
        from pipelines.models import Page

        with self.session() as session:
            rows = session.execute(
                select(
                    Page.url, Page.etag, Page.last_modified, Page.html_sha256, Page.outlinks
                ).where(Page.removed_at.is_(None))
            ).all()
        return {
            url: {"etag": etag, "last_modified": lm, "html_sha256": sha, "outlinks": links or []}
            for url, etag, lm, sha, links in rows
        }

    def counts(self) -> dict[str, dict[str, int]]:
        """Per record type: live and removed counts."""
        out: dict[str, dict[str, int]] = {}
        with self.session() as session:
            for rtype, model in MODELS.items():
                live = session.scalar(
                    select(func.count()).select_from(model).where(model.removed_at.is_(None))
                )
                total = session.scalar(select(func.count()).select_from(model))
                out[rtype] = {"live": live or 0, "removed": (total or 0) - (live or 0)}
        return out

    # -- URL log -----------------------------------------------------------------------

    def log_url(
        self,
        run_id: int,
        url: str,
        outcome: str,
        status: int | None = None,
        final_url: str | None = None,
        referer: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Record what happened to a URL in a run."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        with self.session() as session:
            session.add(
                UrlLog(
                    run_id=run_id,
                    url=url,
                    outcome=outcome,
                    status=status,
                    final_url=final_url,
                    referer=referer,
                    detail=detail,
                )
            )
            session.commit()

    def url_log(self, run_id: int | None = None) -> list[dict[str, Any]]:
        """The URL log of one run (default: the newest run)."""
        with self.session() as session:
            if run_id is None:
                run_id = session.scalar(select(func.max(Run.id)))
            rows = session.scalars(
                select(UrlLog).where(UrlLog.run_id == run_id).order_by(UrlLog.id)
            )
            return [
                {
                    "url": r.url,
                    "outcome": r.outcome,
                    "status": r.status,
                    "final_url": r.final_url,
                    "referer": r.referer,
                    "detail": r.detail,
                }
                for r in rows
            ]


def _aware(value: datetime | None) -> datetime | None:
    """A stored time as timezone-aware UTC (SQLite hands times back without their zone)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _last_versions(where: Any) -> Any:
    """A subquery: (record_type, record_id, last) — each record's highest version matching `where`."""
    rv = RecordVersion
    return (
        select(rv.record_type, rv.record_id, func.max(rv.version).label("last"))
        .where(where)
        .group_by(rv.record_type, rv.record_id)
        .subquery()
    )


def _version_dict(v: RecordVersion) -> dict[str, Any]:
    return {
        "type": v.record_type,
        "id": v.record_id,
        "version": v.version,
        "run_id": v.run_id,
        "change": v.change,
        "recorded_at": _aware(v.recorded_at).isoformat() if v.recorded_at else None,
        "content_hash": v.content_hash,
        "data": v.data,
    }


def _as_record(rtype: str, data: dict[str, Any]) -> Record:
    return RECORD_TYPES[rtype].from_dict(data)


def _export(rtype: str, row: Any) -> dict[str, Any]:
    data = _row_data(row)
    data["type"] = rtype
    data["version"] = row.version
    data["removed"] = row.removed_at is not None
    return data


def open_store(data_dir: Path | str, db_url: str | None = None) -> Store:
    """Open (and create if needed) the archive store of a data dir or database URL."""
    return Store(make_engine(Path(data_dir), db_url))
