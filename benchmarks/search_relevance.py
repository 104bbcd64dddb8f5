"""Search relevance: recall@5 of tests/relevance.json, this index vs. a baseline SQLite FTS5 index.

    .venv/bin/python benchmarks/search_relevance.py                   # records from truth.json
    .venv/bin/python benchmarks/search_relevance.py --data-dir DIR    # records of a crawled archive

Prints both engines side by side and writes benchmarks/results/search_relevance.json.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.search_corpus import truth_records  # noqa: E402
from search.documents import record_document, record_title, record_url  # noqa: E402

RELEVANCE = ROOT / "tests" / "relevance.json"
RESULTS = ROOT / "benchmarks" / "results"
TOP = 5


def load_relevance(path: Path = RELEVANCE) -> list[dict]:
    """Return the relevance queries."""
    return json.loads(path.read_text(encoding="utf-8"))["queries"]


def matches(target: dict, kind: str, title: str, url: str) -> bool:
    """True if a result (type, title, url) satisfies a relevance target."""
    if target["type"] != kind:
        return False
    if "title" in target and target["title"] != title:
        return False
    if "title_has" in target and target["title_has"] not in title:
        return False
    if "url_has" in target and target["url_has"] not in url:
        return False
    return not ("url_ends" in target and not url.endswith(target["url_ends"]))


def recall(queries: list[dict], run) -> dict:
    """Score `run(query) -> [(type, title, url), ...]` (top results) on every query."""
    rows = []
    for item in queries:
        try:
            found = run(item["q"])[:TOP]
        except Exception as exc:  # a baseline that cannot parse the query scores 0
            found = []
            error = str(exc)
        else:
            error = None
        hit = sum(any(matches(t, *r) for r in found) for t in item["targets"])
        rows.append(
            {
                "q": item["q"],
                "kind": item["kind"],
                "recall": hit / len(item["targets"]),
                **({"error": error} if error else {}),
            }
        )
    mean = sum(r["recall"] for r in rows) / len(rows)
    return {"recall_at_5": round(mean, 3), "queries": rows}


def whoosh_runner(data_dir: Path):
    """Return a run function over the Whoosh index in `data_dir` (and the searcher to close)."""
    from search.searcher import ArchiveSearcher

    searcher = ArchiveSearcher(data_dir)

    def run(q: str):
        result = searcher.search(q, limit=TOP, facets=False)
        return [(h.type, h.title, h.url) for h in result.hits]

    return run, searcher


def fts5_runner(records: list[dict]):
    """Return a run function over an FTS5 index (unicode61, remove_diacritics 2) of `records`."""
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(kind UNINDEXED, dtitle UNINDEXED, url UNINDEXED, "
        "title, content, meta, tokenize='unicode61 remove_diacritics 2')"
    )
    for record in records:
        doc = record_document(record)
        db.execute(
            "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)",
            (
                doc["type"],
                record_title(record),
                record_url(record),
                doc["title"],
                doc["content"],
                doc["meta"],
            ),
        )

    def run(q: str):
        words = [w for w in q.replace('"', " ").split() if ":" not in w and not w.endswith("~")]
        if not words:
            return []
        match = " AND ".join(f'"{w}"' for w in words)
        sql = (
            "SELECT kind, dtitle, url FROM docs WHERE docs MATCH ? "
            "ORDER BY bm25(docs, 0, 0, 0, 4.0, 1.0, 1.0) LIMIT ?"
        )
        return db.execute(sql, (match, TOP)).fetchall()

    return run


def _records_from_store(data_dir: Path) -> list[dict]:
    from pipelines.store import open_store

    store = open_store(data_dir)
    try:
        return list(store.iter_records())
    finally:
        store.close()


def main() -> None:
    """Build both indexes, score the relevance set, print and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="a crawled archive (default: truth.json)")
    args = parser.parse_args()
    queries = load_relevance()
    with tempfile.TemporaryDirectory(prefix="relevance-") as tmp:
        if args.data_dir:
            records = _records_from_store(args.data_dir)
            index_dir = args.data_dir
        else:
            from search.indexer import rebuild_index
            from search.memory_source import MemorySource

            records = truth_records()
            index_dir = Path(tmp)
            rebuild_index(index_dir, MemorySource(records))
        run, searcher = whoosh_runner(index_dir)
        try:
            ours = recall(queries, run)
        finally:
            searcher.close()
    baseline = recall(queries, fts5_runner(records))

    print(f"{'query':<45} {'kind':<11} {'whoosh':>7} {'fts5':>6}")
    for mine, base in zip(ours["queries"], baseline["queries"], strict=True):
        print(
            f"{mine['q'][:45]:<45} {mine['kind']:<11} {mine['recall']:>7.2f} {base['recall']:>6.2f}"
        )
    print(f"{'recall@5':<57} {ours['recall_at_5']:>7.3f} {baseline['recall_at_5']:>6.3f}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "search_relevance.json"
    source = str(args.data_dir) if args.data_dir else "truth.json"
    out.write_text(
        json.dumps(
            {"records": source, "whoosh": ours, "fts5": baseline}, indent=2, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    print(f"→ {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
