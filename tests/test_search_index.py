"""Index building: rebuild, incremental updates, removals, missing and damaged indexes."""

import pytest

from benchmarks.search_corpus import truth_records
from crawler.errors import IndexMissing
from search.indexdir import IndexCorrupt, current_generation
from search.indexer import rebuild_index, update_index
from search.memory_source import MemorySource
from search.searcher import ArchiveSearcher, search


def _event(rid, title, start="2017-06-06", **extra):
    return {
        "id": rid,
        "type": "event",
        "title": title,
        "start": start,
        "description": "",
        "source_urls": [f"http://x/{rid}"],
        **extra,
    }


def test_rebuild_swaps_generation_and_keeps_previous(tmp_path):
    source = MemorySource(truth_records())
    first = rebuild_index(tmp_path, source)
    second = rebuild_index(tmp_path, source)
    assert first["generation"] != second["generation"]
    assert current_generation(tmp_path).name == second["generation"]
    assert (tmp_path / "index" / first["generation"]).is_dir()  # readers may still use it
    assert search(tmp_path, "Kirchhoff").hits[0].title == "Gudrun Kirchhoff"


def test_update_adds_changes_and_removes(tmp_path):
    source = MemorySource([_event("e1", "Sommerfest im Kreishaus")])
    update_index(tmp_path, source)  # no index yet: full build
    source.add_run([_event("e2", "Herbstfest"), _event("e1", "Winterfest im Kreishaus")])
    stats = update_index(tmp_path, source)
    assert stats["mode"] == "update" and stats["indexed"] == 2
    assert search(tmp_path, "Sommerfest").total == 0
    assert search(tmp_path, "Winterfest").hits[0].id == "e1"
    source.add_run(removed=["e2"])
    assert update_index(tmp_path, source)["deleted"] == 1
    assert search(tmp_path, "Herbstfest").total == 0


def test_facets_highlights_and_date_sort(tmp_path):
    rebuild_index(tmp_path, MemorySource(truth_records()))
    result = search(tmp_path, "Sprachcafé", sort="date", limit=20)
    dates = [h.date[:10] for h in result.hits if h.date]
    assert dates == sorted(dates, reverse=True)
    assert sum(result.facets["type"].values()) == result.total
    assert any("\x02" in h.snippet for h in result.hits)


def test_title_match_ranks_above_body_match(tmp_path):
    records = [
        {
            "id": "p1",
            "type": "page",
            "url": "http://x/1",
            "title": "Allgemeines",
            "text": "Ein Satz über das Sprachcafé und vieles andere mehr.",
        },
        {
            "id": "p2",
            "type": "page",
            "url": "http://x/2",
            "title": "Sprachcafé",
            "text": "Jeden Dienstag.",
        },
    ]
    rebuild_index(tmp_path, MemorySource(records))
    assert [h.id for h in search(tmp_path, "Sprachcafe").hits] == ["p2", "p1"]


def test_missing_index_says_what_to_do(tmp_path):
    with pytest.raises(IndexMissing, match="reindex"):
        ArchiveSearcher(tmp_path)


def test_damaged_index_gives_clear_message(tmp_path):
    rebuild_index(tmp_path, MemorySource(truth_records()))
    for toc in current_generation(tmp_path).glob("*.toc"):
        toc.write_bytes(b"garbage")
    with pytest.raises(IndexCorrupt, match="reindex"):
        search(tmp_path, "Herford")
