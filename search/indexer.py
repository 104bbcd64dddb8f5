"""Building the index from the store: incremental updates after a crawl, full atomic rebuilds."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from search.analysis import CompoundLexicon, text_words
from search.documents import IndexContext, index_document, text_for_lexicon
from search.indexdir import (
    LEXICON_FILE,
    current_generation,
    new_generation,
    publish,
    read_state,
    remove_stale_generations,
    write_lock,
    write_state,
)
from search.rankfile import write_rankfiles
from search.schema import SCHEMA_VERSION, build_schema
from search.spelling import SPELLING_FILE, SpellingVocabulary

# Memory for postings before a writer spills sorted runs to disk (split between parallel
# writers). Merging spilled runs back costs more than the indexing itself, so the default
# keeps about 100k records in memory (about 1 GB per writer process at peak).
WRITER_LIMIT_MB = int(os.environ.get("HERFORD_ARCHIVE_INDEX_MB", "2048"))
# Rebuilds of at least this many records index in parallel sub-processes.
PARALLEL_MIN_RECORDS = int(os.environ.get("HERFORD_ARCHIVE_PARALLEL_INDEX_MIN", "5000"))
WRITER_PROCS = 2
# Segments as separate files, not one compound file: whoosh3 reads a compound file's parts
# by copying each into memory when a searcher opens (about 500 MB at 100k records), while
# separate files are read where needed (a search process stays under 100 MB).
WRITER_OPTIONS = {"compound": False}
WRITER_BATCH = 250


class RecordSource(Protocol):
    """The part of the archive store the indexer reads (pipelines.store.Store satisfies it)."""

    def iter_records(self, types=None, include_removed: bool = False) -> Iterator[dict]: ...

    def changes_since(self, run_id: int | None) -> tuple[list[dict], list[str]]: ...

    def latest_run_id(self) -> int | None: ...


@dataclass
class IndexStats:
    """What an index update or rebuild did."""

    mode: str  # "rebuild" | "update"
    indexed: int = 0
    deleted: int = 0
    documents: int = 0
    seconds: float = 0.0
    last_run_id: int | None = None
    generation: str = ""

    def as_dict(self) -> dict:
        """Return the stats as a plain dict."""
        return asdict(self)


def _open_index(generation: Path, lexicon: CompoundLexicon | None = None):
    from whoosh.index import open_dir

    return open_dir(str(generation), schema=build_schema(lexicon))


def rebuild_index(data_dir: Path, store: RecordSource, lock_timeout: float | None = None) -> dict:
    """Rebuild the whole index from the store into a new generation and swap it in atomically.

    Searches keep answering from the old generation until the swap. Returns IndexStats as a dict.
    """
    data_dir = Path(data_dir)
    with write_lock(data_dir, lock_timeout):
        return _rebuild_locked(data_dir, store).as_dict()


def update_index(data_dir: Path, store: RecordSource, lock_timeout: float | None = None) -> dict:
    """Apply the records changed since the last indexed run (called at the end of every crawl).

    Falls back to a full rebuild when there is no index yet or its schema is outdated.
    Returns IndexStats as a dict. Raises IndexBusy if another writer holds the lock too long.
    """
    data_dir = Path(data_dir)
    with write_lock(data_dir, lock_timeout):
        generation = current_generation(data_dir)
        state = read_state(generation) if generation else {}
        if generation is None or state.get("schema_version") != SCHEMA_VERSION:
            return _rebuild_locked(data_dir, store).as_dict()
        return _update_locked(data_dir, generation, state, store).as_dict()


def _new_state(stats: IndexStats, lexicon: CompoundLexicon) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "last_run_id": stats.last_run_id,
        "documents": stats.documents,
        "lexicon_words": len(lexicon),
        "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _learn_words(record: dict, lexicon: CompoundLexicon, spelling: SpellingVocabulary) -> None:
    words = text_words(text_for_lexicon(record))
    lexicon.learn_words(words)
    spelling.learn(words)


def _save_words(generation: Path, lexicon: CompoundLexicon, spelling: SpellingVocabulary) -> None:
    lexicon.save(generation / LEXICON_FILE)
    spelling.save(generation / SPELLING_FILE)


def _write(generation: Path, ix, writer, fill) -> int:
    """Run fill(writer), commit (or cancel on any error), write the ranking files.

    Returns the number of documents in the index afterwards.
    """
    try:
        fill(writer)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    write_rankfiles(generation, ix)
    return ix.doc_count()


def _rebuild_writer(ix, count: int):
    """One writer for small archives; for large ones, one sub-process per core (up to
    WRITER_PROCS), each writing its own segment (no merge at commit; searches read all)."""
    procs = min(WRITER_PROCS, os.cpu_count() or 1)
    if procs < 2 or count < PARALLEL_MIN_RECORDS:
        return ix.writer(limitmb=WRITER_LIMIT_MB, **WRITER_OPTIONS)
    return ix.writer(
        procs=procs,
        multisegment=True,
        batchsize=WRITER_BATCH,
        limitmb=WRITER_LIMIT_MB // procs,
        **WRITER_OPTIONS,
    )


def _rebuild_locked(data_dir: Path, store: RecordSource) -> IndexStats:
    from whoosh.index import create_in

    started = time.perf_counter()
    stats = IndexStats(mode="rebuild", last_run_id=store.latest_run_id())
    lexicon = CompoundLexicon()
    spelling = SpellingVocabulary()
    context = IndexContext()
    count = 0
    for record in store.iter_records():
        context.learn(record)
        _learn_words(record, lexicon, spelling)
        count += 1

    generation = new_generation(data_dir)
    try:
        # saved first: parallel sub-writers load the lexicon from this file
        _save_words(generation, lexicon, spelling)
        ix = create_in(str(generation), build_schema(lexicon))

        def fill(writer) -> None:
            for record in store.iter_records():
                writer.add_document(**index_document(record, context))
                stats.indexed += 1

        stats.documents = _write(generation, ix, _rebuild_writer(ix, count), fill)
        write_state(generation, _new_state(stats, lexicon))
        previous = publish(data_dir, generation)
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    remove_stale_generations(data_dir, keep={generation, previous})
    stats.generation = generation.name
    stats.seconds = round(time.perf_counter() - started, 3)
    return stats


def _linked_photos(store: RecordSource, event_ids: set[str]) -> Iterable[dict]:
    if not event_ids:
        return []
    return [p for p in store.iter_records(types=["photo"]) if p.get("event_id") in event_ids]


def _update_locked(
    data_dir: Path, generation: Path, state: dict, store: RecordSource
) -> IndexStats:
    started = time.perf_counter()
    stats = IndexStats(mode="update", last_run_id=store.latest_run_id())
    changed, removed = store.changes_since(state.get("last_run_id"))
    live = [r for r in changed if not r.get("removed")]
    gone = {r["id"] for r in changed if r.get("removed")} | set(removed)

    lexicon = CompoundLexicon.load(generation / LEXICON_FILE)
    spelling = SpellingVocabulary.load(generation / SPELLING_FILE)
    for record in live:
        _learn_words(record, lexicon, spelling)

    changed_events = {r["id"] for r in live if r.get("type") == "event"}
    needs_context = any(r.get("type") in ("photo", "document") for r in live) or changed_events
    context = (
        IndexContext.from_records(store.iter_records(types=["event", "page"]))
        if needs_context
        else IndexContext()
    )
    seen = {r["id"] for r in live}
    live += [p for p in _linked_photos(store, changed_events) if p["id"] not in seen]

    if live or gone:
        ix = _open_index(generation, lexicon)

        def fill(writer) -> None:
            for record_id in gone:
                stats.deleted += writer.delete_by_term("id", record_id) or 0
            for record in live:
                writer.update_document(**index_document(record, context))
                stats.indexed += 1

        writer = ix.writer(limitmb=WRITER_LIMIT_MB, **WRITER_OPTIONS)
        stats.documents = _write(generation, ix, writer, fill)
        _save_words(generation, lexicon, spelling)
    else:
        stats.documents = state.get("documents", 0)
    write_state(generation, _new_state(stats, lexicon))
    stats.generation = generation.name
    stats.seconds = round(time.perf_counter() - started, 3)
    return stats
