"""Search speed: build rate, index size, query latency (Whoosh vs SQLite FTS5), cold CLI time.

    .venv/bin/python benchmarks/search_speed.py            # 10k and 100k records
    .venv/bin/python benchmarks/search_speed.py --quick    # 2k and 10k records

Prints a table and writes benchmarks/results/search_speed.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.search_corpus import synthetic_queries, synthetic_records, truth_records  # noqa: E402
from search.documents import record_document  # noqa: E402
from search.indexer import rebuild_index  # noqa: E402
from search.memory_source import MemorySource  # noqa: E402
from search.searcher import ArchiveSearcher  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"


def _size_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(pick(0.95) * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def bench_whoosh(records: list[dict], queries: list[str], workdir: Path) -> dict:
    """Build the Whoosh index from `records` and time `queries`."""
    data_dir = workdir / "whoosh"
    started = time.perf_counter()
    stats = rebuild_index(data_dir, MemorySource(records))
    build = time.perf_counter() - started
    result = {
        "build_s": round(build, 1),
        "records_per_s": round(len(records) / build),
        "size_mb": _size_mb(data_dir / "index"),
        "documents": stats["documents"],
    }
    result["cold_cli"] = bench_cold_cli(workdir, runs=3, data_dir=data_dir)
    with ArchiveSearcher(data_dir) as searcher:
        for q in queries[:5]:  # warm caches, as a long-running server would be
            searcher.search(q, facets=False, suggest=False)
        for label, options in (
            ("top10_highlights", {"facets": False, "suggest": False}),
            ("with_facets_and_suggest", {"facets": True, "suggest": True}),
        ):
            samples, hits = [], 0
            for q in queries:
                t0 = time.perf_counter()
                res = searcher.search(q, limit=10, **options)
                samples.append(time.perf_counter() - t0)
                hits += bool(res.hits)
            result[label] = {**_percentiles(samples), "queries_with_hits": hits}
    return result


def _fts_match(query: str) -> str:
    return " AND ".join('"' + w.replace('"', "") + '"' for w in query.split())


def bench_fts5(records: list[dict], queries: list[str], workdir: Path) -> dict:
    """Build an SQLite FTS5 index (unicode61, remove_diacritics 2) and time the same queries."""
    path = workdir / "fts5.sqlite3"
    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(rid UNINDEXED, title, content, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    rows = ((d["id"], d["title"], d["content"]) for d in map(record_document, records))
    db.executemany("INSERT INTO docs VALUES (?, ?, ?)", rows)
    db.commit()
    build = time.perf_counter() - started
    result = {
        "build_s": round(build, 1),
        "records_per_s": round(len(records) / build),
        "size_mb": round(path.stat().st_size / 1e6, 1),
    }
    sql = (
        "SELECT rid, snippet(docs, 2, '<mark>', '</mark>', '…', 24) FROM docs "
        "WHERE docs MATCH ? ORDER BY bm25(docs, 0, 4.0, 1.0) LIMIT 10"
    )
    samples, hits = [], 0
    for q in queries:
        t0 = time.perf_counter()
        found = db.execute(sql, (_fts_match(q),)).fetchall()
        samples.append(time.perf_counter() - t0)
        hits += bool(found)
    result["top10_highlights"] = {**_percentiles(samples), "queries_with_hits": hits}
    db.close()
    return result


def _timed_run(cmd: list[str], env: dict) -> tuple[float, float, str | None]:
    """Run `cmd`; return (seconds, its peak memory in MB, stderr if it failed else None)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    errors = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)  # the child's own rusage
    seconds = time.perf_counter() - t0
    failed = os.waitstatus_to_exitcode(status) != 0
    return seconds, usage.ru_maxrss / 1024, errors.decode() if failed else None


def bench_cold_cli(workdir: Path, runs: int = 7, data_dir: Path | None = None) -> dict:
    """Time `herford-archive search` in a fresh process (default: against the sample records)."""
    if data_dir is None:
        data_dir = workdir / "small"
        rebuild_index(data_dir, MemorySource(truth_records()))
    cmd = [
        sys.executable,
        "-m",
        "crawler.cli",
        "search",
        "Flüchtlingshilfe",
        "--data-dir",
        str(data_dir),
    ]
    env = {**os.environ, "COLUMNS": "160"}
    samples, peaks = [], []
    # Started from a small forkserver process: a child forked from this (large) process
    # would report this process's memory as its own peak.
    with multiprocessing.get_context("forkserver").Pool(1) as launcher:
        for _ in range(runs):
            seconds, peak_mb, errors = launcher.apply(_timed_run, (cmd, env))
            if errors is not None:
                raise SystemExit(errors)
            samples.append(seconds)
            peaks.append(peak_mb)
    return {
        "median_s": round(statistics.median(samples), 3),
        "max_s": round(max(samples), 3),
        "peak_rss_mb": round(max(peaks)),
    }


def main() -> None:
    """Run the benchmark and print/write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="2k and 10k records instead of 10k/100k"
    )
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    quick = args.quick or os.environ.get("SEARCH_BENCH_QUICK") == "1"
    sizes = (2_000, 10_000) if quick else (10_000, 100_000)
    queries = synthetic_queries(args.queries)

    report = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "queries": len(queries),
        "sizes": {},
    }
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        workdir = Path(tmp)
        report["cold_cli"] = bench_cold_cli(workdir)
        for size in sizes:
            records = synthetic_records(size)
            sub = workdir / str(size)
            sub.mkdir()
            report["sizes"][size] = {
                "whoosh": bench_whoosh(records, queries, sub),
                "fts5": bench_fts5(records, queries, sub),
            }
            shutil.rmtree(sub)
            print(f"… {size} records done", file=sys.stderr)

    report["peak_rss_mb"] = {  # ru_maxrss is in KiB on Linux
        "main": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "writers": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }
    header = f"{'records':>8} {'engine':<7} {'build s':>8} {'rec/s':>7} {'MB':>6} {'p50 ms':>7} {'p95 ms':>7} {'p95 +facets':>11}"
    print(header)
    for size, engines in report["sizes"].items():
        for name, r in engines.items():
            facets = r.get("with_facets_and_suggest", {}).get("p95_ms", "–")
            top = r["top10_highlights"]
            print(
                f"{size:>8} {name:<7} {r['build_s']:>8} {r['records_per_s']:>7} {r['size_mb']:>6} "
                f"{top['p50_ms']:>7} {top['p95_ms']:>7} {facets:>11}"
            )
    cold = report["cold_cli"]
    print(
        f"cold `herford-archive search`: median {cold['median_s']} s ({cold['peak_rss_mb']} MB)",
        end="",
    )
    for size, engines in report["sizes"].items():
        cold = engines["whoosh"]["cold_cli"]
        print(f", at {size} records {cold['median_s']} s ({cold['peak_rss_mb']} MB)", end="")
    print()
    peak = report["peak_rss_mb"]
    print(
        f"peak memory: this process {peak['main']} MB, index writer processes {peak['writers']} MB"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / ("search_speed_quick.json" if quick else "search_speed.json")
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"→ {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
