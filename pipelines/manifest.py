"""The media manifest: every file in the archive's media folder, checked on disk, with its records.

CSV rather than JSON Lines: the migration team opens it next to `migration-report.csv` and the
`photos.csv`/`documents.csv` exports in a spreadsheet, and every column is a flat value (the few
lists, URLs and record ids, are joined with " | " as in the other CSV exports).
"""

from __future__ import annotations

import csv
import hashlib
import mimetypes
from collections import defaultdict
from pathlib import Path
from typing import Any

MANIFEST_NAME = "media-manifest.csv"
MANIFEST_FIELDS = [
    "file",
    "exists",
    "sha256",
    "bytes",
    "mime",
    "record_type",
    "record_ids",
    "urls",
    "current",
    "problem",
]
POINTER_DIR = "by-url"  # the media pipelines' URL → file pointers: bookkeeping, not media


def file_sha256(path: Path) -> str:
    """The SHA-256 hex digest of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def files_on_disk(media_dir: Path) -> list[str]:
    """Paths (relative, with `/`) of the media files under `media_dir`, pointers left out."""
    if not media_dir.is_dir():
        return []
    return sorted(
        path.relative_to(media_dir).as_posix()
        for path in media_dir.rglob("*")
        if path.is_file() and path.relative_to(media_dir).parts[0] != POINTER_DIR
    )


def _inside(media_dir: Path, relative: str) -> Path | None:
    """The file for a stored path, or None when the path would leave the media folder."""
    root = media_dir.resolve()
    local = (root / relative).resolve()
    return local if local.is_relative_to(root) and local != root else None


def _first(refs: list[dict[str, Any]], key: str) -> Any:
    """A value of the references, the current record's first."""
    ordered = sorted(refs, key=lambda r: (not r["current"], r["version"] is not None))
    return next((r[key] for r in ordered if r.get(key) not in (None, "")), None)


def _file_row(media_dir: Path, relative: str, refs: list[dict[str, Any]]) -> dict[str, Any]:
    local = _inside(media_dir, relative)
    exists = local is not None and local.is_file()
    recorded = {r["sha256"] for r in refs if r.get("sha256")}
    sha = file_sha256(local) if exists else _first(refs, "sha256")
    if local is None:
        problem = "Pfad liegt außerhalb des Medienordners"
    elif not exists:
        problem = "Datei fehlt"
    elif not refs:
        problem = "keinem Datensatz zugeordnet"
    elif recorded and recorded != {sha}:
        problem = "Prüfsumme weicht vom Datensatz ab"
    else:
        problem = ""
    return {
        "file": relative,
        "exists": exists,
        "sha256": sha,
        "bytes": local.stat().st_size if exists else _first(refs, "bytes"),
        "mime": _first(refs, "mime") or mimetypes.guess_type(relative)[0],
        "record_type": sorted({r["type"] for r in refs}),
        "record_ids": sorted({r["id"] for r in refs}),
        "urls": sorted({r["url"] for r in refs if r.get("url")}),
        "current": any(r["current"] for r in refs),
        "problem": problem,
    }


def manifest_rows(store, media_dir: Path) -> list[dict[str, Any]]:
    """One row per media file (on disk or named by a record), then records that have no file."""
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    without_file: dict[tuple[str, str], dict[str, Any]] = {}
    for ref in store.media_references():
        if ref.get("file"):
            by_file[ref["file"]].append(ref)
        elif ref["version"] is None:
            without_file[(ref["type"], ref["id"])] = ref
    for relative in files_on_disk(media_dir):
        by_file.setdefault(relative, [])
    rows = [_file_row(media_dir, relative, by_file[relative]) for relative in sorted(by_file)]
    for (rtype, rid), ref in sorted(without_file.items()):
        rows.append(
            {
                "file": "",
                "exists": False,
                "sha256": None,
                "bytes": None,
                "mime": ref.get("mime"),
                "record_type": [rtype],
                "record_ids": [rid],
                "urls": [ref["url"]] if ref.get("url") else [],
                "current": ref["current"],
                "problem": "nicht heruntergeladen",
            }
        )
    return rows


def write_media_manifest(store, out: Path, media_dir: Path) -> dict[str, int]:
    """Write `media-manifest.csv` into `out`; return {path: rows}."""
    rows = manifest_rows(store, media_dir)
    path = out / MANIFEST_NAME
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=MANIFEST_FIELDS)
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    k: " | ".join(v) if isinstance(v, list) else ("" if v is None else v)
                    for k, v in row.items()
                }
            )
    return {str(path): len(rows)}
