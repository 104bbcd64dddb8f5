"""The data directory: where one archive lives (database, index, media, WARC files, run logs)."""

from __future__ import annotations

import os
from pathlib import Path

from crawler.errors import DataDirError

ENV_VAR = "HERFORD_ARCHIVE_DATA"
DEFAULT_DIR = "archive-data"
SQLITE_NAME = "archive.sqlite3"


def resolve_data_dir(value: str | os.PathLike | None = None) -> Path:
    """Return the data dir: the given value, else $HERFORD_ARCHIVE_DATA, else ./archive-data."""
    return Path(value or os.environ.get(ENV_VAR) or DEFAULT_DIR).expanduser()


def ensure_data_dir(path: Path) -> Path:
    """Create the data dir and its sub-folders; raise DataDirError if it cannot be written."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        for sub in ("index", "media", "warc", "runs"):
            (path / sub).mkdir(exist_ok=True)
        probe = path / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise DataDirError(
            f"Datenverzeichnis {path} ist nicht beschreibbar: {exc.strerror or exc}"
        ) from None
    return path


def require_archive(path: Path, db_url: str | None = None) -> Path:
    """Raise DataDirError unless `path` holds an archive (or a database URL names one)."""
    if db_url:
        return path
    if not (path / SQLITE_NAME).is_file():
        raise DataDirError(
            f"Kein Archiv in {path}: zuerst `herford-archive crawl` oder `demo` ausführen"
        )
    return path
