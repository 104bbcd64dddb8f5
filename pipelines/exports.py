"""Exports for the migration team: JSON Lines and CSV per record type (field names are a contract)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from crawler.errors import BadArgument

# The export contract: these fields, in this order, per record type.
EXPORT_FIELDS: dict[str, list[str]] = {
    "page": [
        "id",
        "url",
        "final_url",
        "status",
        "title",
        "breadcrumbs",
        "text",
        "html_sha256",
        "etag",
        "last_modified",
        "charset",
        "fetched_at",
        "page_date",
        "outlinks",
        "warnings",
    ],
    "event": [
        "id",
        "title",
        "start",
        "end",
        "all_day",
        "precision",
        "location",
        "organizers",
        "description",
        "status",
        "kind",
        "source_urls",
        "raw",
        "warnings",
    ],
    "contact": [
        "id",
        "name",
        "role",
        "unit",
        "street",
        "postal_code",
        "city",
        "phone",
        "phone_e164",
        "fax",
        "fax_e164",
        "email",
        "room",
        "office_hours",
        "vcard_url",
        "source_urls",
        "warnings",
    ],
    "photo": [
        "id",
        "url",
        "thumbnail_url",
        "album",
        "caption",
        "alt",
        "credit",
        "width",
        "height",
        "sha256",
        "file",
        "source_url",
        "event_id",
        "warnings",
    ],
    "document": [
        "id",
        "url",
        "title",
        "mime",
        "bytes",
        "sha256",
        "file",
        "text",
        "source_urls",
        "warnings",
    ],
}
FILE_NAMES = {
    "page": "pages",
    "event": "events",
    "contact": "contacts",
    "photo": "photos",
    "document": "documents",
}


def export_row(record: dict[str, Any], include_removed: bool = False) -> dict[str, Any]:
    """One record in export form: contract fields first, `removed` last when asked for."""
    fields = EXPORT_FIELDS[record["type"]]
    row = {name: record.get(name) for name in fields}
    if include_removed:
        row["removed"] = bool(record.get("removed"))
    return row


def _csv_value(value: Any) -> Any:
    if isinstance(value, list):
        return " | ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if value is None:
        return ""
    return value


def export_archive(
    store, out: Path, fmt: str, include_removed: bool = False, data_dir: Path | None = None
) -> dict[str, int]:
    """Write one file per record type into `out` (or the report/manifest); return {path: rows}.

    `manifest` lists the files of `data_dir`'s media folder (removed records' files included).
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadArgument(f"Zielordner {out} nicht beschreibbar: {exc.strerror}") from None
    if fmt == "report":
        from pipelines.migration import write_migration_report

        return write_migration_report(store, out)
    if fmt == "manifest":
        from pipelines.manifest import write_media_manifest

        if data_dir is None:
            raise BadArgument("Für das Medienverzeichnis fehlt das Datenverzeichnis (--data-dir)")
        return write_media_manifest(store, out, Path(data_dir) / "media")
    if fmt in ("ics", "vcf"):
        from pipelines.calendars import export_calendar_files

        return export_calendar_files(store, out, fmt)
    written: dict[str, int] = {}
    for rtype, name in FILE_NAMES.items():
        path = out / f"{name}.{fmt}"
        rows = (
            export_row(r, include_removed) for r in store.iter_records([rtype], include_removed)
        )
        count = 0
        with path.open("w", encoding="utf-8", newline="") as fh:
            if fmt == "jsonl":
                for row in rows:
                    fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                    count += 1
            else:
                fields = EXPORT_FIELDS[rtype] + (["removed"] if include_removed else [])
                writer = csv.DictWriter(fh, fieldnames=fields)
                writer.writeheader()
                for row in rows:
                    writer.writerow({k: _csv_value(v) for k, v in row.items()})
                    count += 1
        written[str(path)] = count
    return written
