"""Relevance: recall@5 of tests/relevance.json must be at least 0.9 and beat SQLite FTS5."""

import pytest

from benchmarks.search_corpus import truth_records
from benchmarks.search_relevance import fts5_runner, load_relevance, recall, whoosh_runner
from search.indexer import rebuild_index
from search.memory_source import MemorySource

QUERIES = load_relevance()


def test_relevance_set_is_big_enough():
    assert len(QUERIES) >= 30
    assert {"inflection", "no umlaut", "compound", "surname", "place", "date", "typo", "staff"} <= {
        q["kind"] for q in QUERIES
    }


def _assert_recall(data_dir, records: list[dict]) -> None:
    """recall@5 of the index in data_dir is ≥ 0.9 and beats FTS5 over the same records."""
    run, searcher = whoosh_runner(data_dir)
    try:
        ours = recall(QUERIES, run)
    finally:
        searcher.close()
    failed = [r["q"] for r in ours["queries"] if r["recall"] < 1]
    assert ours["recall_at_5"] >= 0.9, failed
    assert ours["recall_at_5"] > recall(QUERIES, fts5_runner(records))["recall_at_5"]


def test_recall_on_sample_site_records(tmp_path):
    records = truth_records()
    rebuild_index(tmp_path, MemorySource(records))
    _assert_recall(tmp_path, records)


@pytest.mark.parametrize("archive", ["crawled_archive", "generic_crawled_archive"])
def test_recall_on_crawled_sample_site(archive, request):
    from pipelines.store import open_store

    data_dir = request.getfixturevalue(archive)
    store = open_store(data_dir)
    try:
        records = list(store.iter_records())
    finally:
        store.close()
    _assert_recall(data_dir, records)
