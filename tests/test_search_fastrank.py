"""The fast ranking path and its sidecar files give exactly Whoosh's matches and scores."""

import math

import numpy as np
import pytest
from whoosh import query as wq

import search.rankfile as rankfile
from benchmarks.search_corpus import synthetic_records
from search.indexdir import current_generation
from search.indexer import rebuild_index, update_index
from search.memory_source import MemorySource
from search.postings import Unsupported
from search.queries import parse_query
from search.searcher import ArchiveSearcher

QUERIES = [
    "Integration",
    "Herford Kinder",
    "Flüchtling Hilfe Schule",
    "Sprachcafe",
    "Integration OR Kultur",
    "Integration NOT Kultur",
    "Flücht*",
    "Kinder* Herford",
    "datum:2017 Integration",
    "Herford datum:[2015-03 TO 2016-06-30] NOT Kinder",
    "titel:Projekt Familie",
    "Zentrum AND (Kinder OR Jugend)",
]


@pytest.fixture
def small_sidecars(monkeypatch):
    """Sidecars for lists of 20 postings or more, so a small index has many of them."""
    monkeypatch.setattr(rankfile, "MIN_POSTINGS", 20)


@pytest.fixture
def archive(tmp_path, small_sidecars):
    source = MemorySource(synthetic_records(400))
    rebuild_index(tmp_path, source)
    return tmp_path, source


def _whoosh(searcher: ArchiveSearcher, q) -> dict[int, float]:
    results = searcher.searcher.search(q, limit=None)
    return {hit.docnum: hit.score for hit in results}


def _fast(searcher: ArchiveSearcher, q) -> dict[int, float] | None:
    ranker = searcher._fast()
    try:
        found = ranker.matches(q)
    except Unsupported:
        return None
    mask = found.mask if ranker.live is None else found.mask & ranker.live
    docs = np.flatnonzero(mask)
    return dict(zip(docs.tolist(), found.scores[docs].tolist(), strict=True))


def _assert_same(fast: dict[int, float], slow: dict[int, float]) -> None:
    assert fast.keys() == slow.keys()
    for docnum, score in slow.items():
        assert math.isclose(fast[docnum], score, rel_tol=1e-9), docnum


def test_sidecars_are_written_for_every_segment(archive):
    data_dir, _ = archive
    generation = current_generation(data_dir)
    headers = list(generation.glob("*.rank.json"))
    with ArchiveSearcher(data_dir) as searcher:
        segments = [
            leaf.reader().segment().segment_id() for leaf, _ in searcher.searcher.leaf_searchers()
        ]
        ranker = searcher._fast()
        assert all(ranks is not None for _, _, ranks in ranker.leaves)
        integration = searcher.index.schema["content"].to_bytes("integration")
        assert any(ranks.get("content", integration) for _, _, ranks in ranker.leaves)
    assert sorted(h.name[: -len(".rank.json")] for h in headers) == sorted(segments)


@pytest.mark.parametrize("text", QUERIES)
def test_fast_path_gives_whooshs_matches_and_scores(archive, text):
    data_dir, _ = archive
    q = parse_query(text)
    with ArchiveSearcher(data_dir) as searcher:
        fast = _fast(searcher, q)
        assert fast, text
        _assert_same(fast, _whoosh(searcher, q))


def test_any_word_fallback_matches_whoosh(archive):
    data_dir, _ = archive
    q = parse_query("Integration Xylophon Kinder", any_word=True)
    with ArchiveSearcher(data_dir) as searcher:
        _assert_same(_fast(searcher, q), _whoosh(searcher, q))


@pytest.mark.parametrize("damage", ["truncated", "other segment", "missing"])
def test_damaged_or_missing_sidecar_falls_back_to_the_same_answer(archive, damage):
    data_dir, _ = archive
    with ArchiveSearcher(data_dir) as searcher:
        before = searcher.search("Herford Kinder", suggest=False)
    header = sorted(current_generation(data_dir).glob("*.rank.json"))[0]
    ids = header.with_name(header.name.replace(".rank.json", ".rank.ids.npy"))
    if damage == "truncated":
        ids.write_bytes(ids.read_bytes()[:200])
    elif damage == "other segment":
        header.write_text('{"format": 1, "segment": "other"}', encoding="utf-8")
    else:
        header.unlink()
    with ArchiveSearcher(data_dir) as searcher:
        assert searcher._fast().leaves[0][2] is None  # read through Whoosh instead
        after = searcher.search("Herford Kinder", suggest=False)
    assert [(h.id, h.score) for h in after.hits] == [(h.id, h.score) for h in before.hits]
    assert (after.total, after.facets) == (before.total, before.facets)


def test_updates_delete_and_merge_and_keep_sidecars_in_step(archive):
    data_dir, source = archive
    records = list(source.records.values())
    removed = [r["id"] for r in records[:30]]
    changed = [dict(r, title="Sonderfest Zirkuszelt") for r in records[30:40]]
    source.add_run(changed, removed=removed)
    update_index(data_dir, source)
    generation = current_generation(data_dir)
    with ArchiveSearcher(data_dir) as searcher:
        live = {
            leaf.reader().segment().segment_id() for leaf, _ in searcher.searcher.leaf_searchers()
        }
        for text in ("Integration", "Zirkuszelt Integration", "Herford Kinder"):
            q = parse_query(text)
            _assert_same(_fast(searcher, q), _whoosh(searcher, q))
        result = searcher.search("Zirkuszelt", facets=False, suggest=False)
        assert {h.id for h in result.hits} <= {r["id"] for r in changed}
        titled = [r for r in changed if r["type"] in ("page", "event", "document")]
        assert result.total == len(titled) > 0
        hits = searcher.search("Integration", limit=1000, facets=False, suggest=False)
        assert not {h.id for h in hits.hits} & set(removed)
    on_disk = {p.name[: -len(".rank.json")] for p in generation.glob("*.rank.json")}
    assert on_disk <= live  # sidecars of merged-away segments are gone


def test_filters_and_facets_from_columns_match_whoosh(archive):
    data_dir, _ = archive
    with ArchiveSearcher(data_dir) as searcher:
        fast = searcher.search("Integration", types=["event"], date_from="2015", date_to="2017-06")
        q = wq.And([parse_query("Integration"), wq.Term("type", "event")])
        slow = searcher.searcher.search(
            q, limit=None, filter=wq.NumericRange("date", 20150101, 20170630)
        )
        assert fast.total == len(slow) > 0
        assert all(h.type == "event" and "2015" <= h.date[:4] <= "2017" for h in fast.hits)
        years = fast.facets["year"]
        assert sum(years.values()) == fast.total and set(years) <= {"2015", "2016", "2017"}
        assert fast.facets["type"] == {"event": fast.total}


def test_top_hits_break_ties_by_document_order(tmp_path, small_sidecars):
    same = [
        {
            "id": f"p{i}",
            "type": "page",
            "url": f"http://x/{i}",
            "title": "Gleich",
            "text": "Herford",
        }
        for i in range(60)
    ]
    rebuild_index(tmp_path, MemorySource(same))
    with ArchiveSearcher(tmp_path) as searcher:
        first = searcher.search("Herford", limit=5, facets=False, suggest=False)
        again = searcher.search("Herford", limit=5, facets=False, suggest=False)
    assert first.total == 60
    assert [h.id for h in first.hits] == [h.id for h in again.hits] == [f"p{i}" for i in range(5)]


def test_phrases_are_left_to_whoosh(archive):
    data_dir, _ = archive
    with ArchiveSearcher(data_dir) as searcher:
        assert _fast(searcher, parse_query('"Kommunales Integrationszentrum"')) is None
        result = searcher.search('"Kommunales Integrationszentrum"', facets=False, suggest=False)
    assert result.total > 0


def test_sort_by_date_gives_whooshs_date_order(archive):
    from whoosh.sorting import FieldFacet

    data_dir, _ = archive
    with ArchiveSearcher(data_dir) as searcher:
        fast = searcher.search("Integration Kinder", sort="date", limit=20, facets=False)
        q = parse_query("Integration Kinder")
        slow = searcher.searcher.search(
            q, limit=None, sortedby=FieldFacet("date", reverse=True), collapse="group"
        )
        slow_dates = [hit["date"] for hit in slow][:20]
    fast_dates = [int(h.date.replace("-", "")) if h.date else 0 for h in fast.hits]
    assert fast_dates == sorted(fast_dates, reverse=True) == slow_dates
    assert fast.total == len(slow)


def test_column_arrays_equal_whooshs_column_values(archive):
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    from search.columns import numeric_column

    data_dir, source = archive
    source.add_run([dict(next(iter(source.records.values())), title="Neu")])  # a 2nd segment
    update_index(data_dir, source)
    with ArchiveSearcher(data_dir) as searcher:
        columns = searcher.columns
        stored = [searcher.searcher.stored_fields(d) for d in range(columns.size)]
        assert columns.dates().tolist() == [f.get("date") or 0 for f in stored]
        types = columns.types()
        assert [types.names[c] for c in types.codes] == [f["type"] for f in stored]
        assert [columns.groups[d] for d in range(columns.size)] == [
            searcher.searcher.reader().column_reader("group")[d] for d in range(columns.size)
        ]
        for leaf, _ in searcher.searcher.leaf_searchers():
            reader = leaf.reader()
            column = reader._perdoc._cached_reader(_lenfield("content"), LENGTHS_COLUMN)
            assert numeric_column(column, reader.doc_count_all()).tolist() == list(column)
