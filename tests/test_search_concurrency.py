"""Concurrency with real processes: readers during writes, two writers, busy lock."""

import multiprocessing as mp
import time

import pytest

from crawler.errors import IndexBusy
from search.indexdir import write_lock
from search.indexer import rebuild_index, update_index
from search.memory_source import MemorySource
from search.searcher import search


def _records(prefix, n):
    return [
        {
            "id": f"{prefix}{i}",
            "type": "page",
            "url": f"http://x/{prefix}{i}",
            "title": f"Seite {prefix} {i}",
            "text": f"Wort{prefix} Herford Integration {i}",
        }
        for i in range(n)
    ]


class _SharedStore(MemorySource):
    """Stands in for the one shared store: every update sees all of its records as changed."""

    def latest_run_id(self):
        return None


def _writer(data_dir, prefix, rounds):
    source = _SharedStore()
    for r in range(rounds):
        source.add_run(_records(f"{prefix}{r}x", 20))
        update_index(data_dir, source, lock_timeout=60)


def _hold_lock(data_dir, seconds, ready):
    with write_lock(data_dir, timeout=5):
        ready.set()
        time.sleep(seconds)


def _rebuilder(data_dir, rounds):
    for _ in range(rounds):
        rebuild_index(data_dir, MemorySource(_records("r", 300)), lock_timeout=60)


@pytest.fixture
def ctx():
    return mp.get_context("spawn")


def test_search_answers_while_writers_commit_and_rebuild(tmp_path, ctx):
    rebuild_index(tmp_path, MemorySource(_records("r", 300)))
    procs = [
        ctx.Process(target=_writer, args=(tmp_path, "a", 6)),
        ctx.Process(target=_rebuilder, args=(tmp_path, 3)),
    ]
    for p in procs:
        p.start()
    answers = 0
    while any(p.is_alive() for p in procs):
        assert search(tmp_path, "Herford", limit=5).total >= 1
        answers += 1
    for p in procs:
        p.join()
        assert p.exitcode == 0
    assert answers > 0


def test_two_writers_both_land(tmp_path, ctx):
    rebuild_index(tmp_path, MemorySource([]))
    procs = [ctx.Process(target=_writer, args=(tmp_path, p, 3)) for p in ("a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        assert p.exitcode == 0
    for word in ("Worta0x", "Worta2x", "Wortb0x", "Wortb2x"):
        result = search(tmp_path, word, suggest=False)
        assert result.total == 20, word


def test_second_writer_gives_up_with_index_busy(tmp_path, ctx):
    ready = ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(tmp_path, 3, ready))
    holder.start()
    assert ready.wait(10)
    started = time.monotonic()
    with pytest.raises(IndexBusy, match="anderen Prozess"):
        update_index(tmp_path, MemorySource(_records("z", 1)), lock_timeout=0.5)
    assert time.monotonic() - started < 2.5
    holder.join()
