"""The migration report: every old URL the crawls met, and what was found there."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import select

from pipelines.models import Document, Page, Photo, RecordSource, UrlLog

REPORT_FIELDS = [
    "url",
    "outcome",
    "status",
    "final_url",
    "title",
    "removed",
    "events",
    "contacts",
    "photos",
    "documents",
    "linked_from",
    "first_run",
    "last_run",
]


def migration_rows(store) -> list[dict[str, Any]]:
    """One row per URL ever logged: its latest outcome, the page title, records read there."""
    rows: dict[str, dict[str, Any]] = {}
    referers: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    with store.session() as session:
        for entry in session.scalars(select(UrlLog).order_by(UrlLog.run_id, UrlLog.id)):
            row = rows.setdefault(entry.url, {"url": entry.url, "first_run": entry.run_id})
            row.update(
                outcome=entry.outcome,
                status=entry.status,
                final_url=entry.final_url if entry.final_url != entry.url else None,
                last_run=entry.run_id,
            )
            if entry.referer:
                referers[entry.url][entry.run_id].add(entry.referer)
        # photos and documents are fetched by the media pipelines, not logged per URL
        for model in (Photo, Document):
            for url in session.scalars(select(model.url)):
                rows.setdefault(
                    url,
                    {
                        "url": url,
                        "outcome": "media",
                        "status": None,
                        "final_url": None,
                        "first_run": None,
                        "last_run": None,
                    },
                )
        pages = {
            p.url: (p.title, p.removed_at is not None)
            for p in session.execute(select(Page.url, Page.title, Page.removed_at)).all()
        }
        found: dict[str, Counter] = defaultdict(Counter)
        for rtype, url in session.execute(
            select(RecordSource.record_type, RecordSource.page_url)
        ).all():
            found[url][rtype] += 1
    out = []
    for url, row in sorted(rows.items()):
        title, removed = pages.get(url, (None, False))
        by_run = referers.get(url, {})
        linked = sorted(by_run.get(row["last_run"], set()) or set().union(*by_run.values()))
        counts = found.get(url, Counter())
        out.append(
            {
                **row,
                "title": title,
                "removed": removed,
                "events": counts["event"],
                "contacts": counts["contact"],
                "photos": counts["photo"],
                "documents": counts["document"],
                "linked_from": linked,
            }
        )
    return out


def write_migration_report(store, out: Path) -> dict[str, int]:
    """Write `migration-report.csv` into `out`; return {path: rows}."""
    rows = migration_rows(store)
    path = out / "migration-report.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=REPORT_FIELDS)
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: " | ".join(v) if isinstance(v, list) else v for k, v in row.items()}
            )
    return {str(path): len(rows)}
