"""A crawl into a shared PostgreSQL database (`--db`), then stats, export and search from it."""

from __future__ import annotations

import json

from crawler.sample_site.server import SampleServer, load_truth
from pipelines.store import open_store
from tests.crawl_support import crawl, run_cli

TRUTH = load_truth()


def test_crawl_into_postgresql_twice_gives_the_same_rows(pg_url, tmp_path):
    with SampleServer() as server:
        for _ in range(2):
            crawl(
                server.base_url,
                TRUTH["start_path"],
                tmp_path,
                "--db",
                pg_url,
                "--profile",
                "herford",
            )
    store = open_store(tmp_path, pg_url)
    counts = store.counts()
    store.close()
    assert counts["page"]["live"] == len(TRUTH["pages"])
    assert counts["event"]["live"] == len(TRUTH["events"])
    assert counts["contact"]["live"] == len(TRUTH["contacts"])
    assert not (tmp_path / "archive.sqlite3").exists()  # nothing went to SQLite

    result = run_cli("stats", "--json", "--db", pg_url, "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["counts"]["photo"]["live"] == len(TRUTH["photos"])
    out = tmp_path / "export"
    result = run_cli("export", "--out", str(out), "--db", pg_url, "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert len((out / "documents.jsonl").read_text().splitlines()) == len(TRUTH["documents"])

    # the crawl indexed what it stored in PostgreSQL; reindex rebuilds it from there
    result = run_cli("search", "Flüchtlingshilfe", "--json", "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    crawled = [hit["id"] for hit in json.loads(result.stdout)]
    assert crawled
    result = run_cli("reindex", "--db", pg_url, "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    result = run_cli("search", "Flüchtlingshilfe", "--json", "--data-dir", str(tmp_path))
    assert [hit["id"] for hit in json.loads(result.stdout)] == crawled
