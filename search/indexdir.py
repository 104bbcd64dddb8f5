"""Where the index lives: generation folders under `index/`, the CURRENT pointer, the write lock.

Layout inside the data dir::

    index/CURRENT          name of the live generation (replaced atomically with os.replace)
    index/write.lock       flock held by the one process that writes (update or rebuild)
    index/gen-<stamp>/     a Whoosh index plus state.json and lexicon.txt

A rebuild writes a new generation next to the live one and then swaps the pointer, so
readers always open a complete index; the previous generation is kept until the next
swap so a reader that has just read the old pointer can still open it.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from crawler.errors import IndexBusy, IndexCorrupt, IndexMissing

INDEX_DIR = "index"
POINTER = "CURRENT"
LOCK_FILE = "write.lock"
STATE_FILE = "state.json"
LEXICON_FILE = "lexicon.txt"
GEN_PREFIX = "gen-"

DEFAULT_LOCK_TIMEOUT = float(os.environ.get("HERFORD_ARCHIVE_INDEX_LOCK_TIMEOUT", "60"))


def index_root(data_dir: Path) -> Path:
    """Return `<data_dir>/index`."""
    return Path(data_dir) / INDEX_DIR


def current_generation(data_dir: Path) -> Path | None:
    """Return the live generation folder named by the pointer, or None if there is none."""
    root = index_root(data_dir)
    try:
        name = (root / POINTER).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not name.startswith(GEN_PREFIX) or "/" in name or "\\" in name:
        raise IndexCorrupt(
            f"Suchindex-Zeiger {root / POINTER} ist ungültig – "
            "`herford-archive reindex` baut den Index neu auf"
        )
    return root / name


def new_generation(data_dir: Path) -> Path:
    """Create and return an empty folder for a new index generation."""
    root = index_root(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = root / f"{GEN_PREFIX}{stamp}-{secrets.token_hex(3)}"
    path.mkdir()
    return path


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def publish(data_dir: Path, generation: Path) -> Path | None:
    """Point CURRENT at `generation` atomically; return the generation it replaced."""
    root = index_root(data_dir)
    previous = current_generation(data_dir)
    tmp = root / f"{POINTER}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(generation.name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / POINTER)
    _fsync_dir(root)
    return previous


def remove_stale_generations(data_dir: Path, keep: set[Path]) -> None:
    """Delete generation folders not in `keep` (call only while holding the write lock)."""
    root = index_root(data_dir)
    keep_names = {p.name for p in keep if p is not None}
    for path in root.glob(GEN_PREFIX + "*"):
        if path.is_dir() and path.name not in keep_names:
            shutil.rmtree(path, ignore_errors=True)


def read_state(generation: Path) -> dict:
    """Return the generation's state.json (last indexed run id, schema version, counts)."""
    try:
        return json.loads((generation / STATE_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise IndexCorrupt(
            f"Suchindex-Status {generation / STATE_FILE} ist beschädigt ({exc.__class__.__name__}) "
            "– `herford-archive reindex` baut den Index neu auf"
        ) from None


def write_state(generation: Path, state: dict) -> None:
    """Write state.json atomically."""
    path = generation / STATE_FILE
    tmp = path.with_name(STATE_FILE + ".tmp")
    tmp.write_text(json.dumps(state, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


@contextlib.contextmanager
def write_lock(data_dir: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the index write lock; wait up to `timeout` seconds, then raise IndexBusy.

    The lock is an flock on `index/write.lock`: the kernel drops it when the holder
    exits, so a crashed writer never leaves a stale lock behind.
    """
    import fcntl

    timeout = DEFAULT_LOCK_TIMEOUT if timeout is None else timeout
    root = index_root(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.02
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        f"Suchindex in {root} wird gerade von einem anderen Prozess geschrieben "
                        f"(nach {timeout:g} s Warten aufgegeben) – bitte später erneut versuchen"
                    ) from None
                time.sleep(delay)
                delay = min(delay * 1.5, 0.5)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def missing_message(data_dir: Path) -> str:
    """Return the German message for an archive without a search index."""
    return (
        f"Kein Suchindex in {index_root(data_dir)}: zuerst `herford-archive crawl` ausführen "
        "oder den Index mit `herford-archive reindex` aus dem Archiv aufbauen"
    )


def require_generation(data_dir: Path) -> Path:
    """Return the live generation folder, or raise IndexMissing."""
    generation = current_generation(data_dir)
    if generation is None:
        raise IndexMissing(missing_message(data_dir))
    return generation
