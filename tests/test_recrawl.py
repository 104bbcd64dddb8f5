"""Scheduled re-crawls of a changing site: new versions, tombstones, and no loss on a cut run."""

from __future__ import annotations

import pytest

from crawler.sample_site.server import SITE_DIR, SampleServer, load_routes, load_truth, route_key
from pipelines.store import open_store
from tests.crawl_support import crawl

TRUTH = load_truth()
CHANGED = "/index.php?FID=2807.3000.1&ModID=11&object=tx,2807.3115.1"  # a calendar entry
GONE = "/index.php?FID=2807.3000.1&ModID=11&object=tx,2807.3116.1"  # another one


def _page_file(path: str) -> bytes:
    return (SITE_DIR / load_routes()["routes"][route_key(path)]["file"]).read_bytes()


@pytest.fixture
def changing_site():
    with SampleServer() as server:
        yield server


def _records_from(store, url: str) -> list[dict]:
    return [
        r
        for r in store.iter_records(include_removed=True)
        if url in (r.get("source_urls") or []) or r.get("url") == url
    ]


def test_changed_page_gets_a_version_and_removed_page_a_tombstone(changing_site, tmp_path):
    site, base = changing_site, changing_site.base_url
    crawl(base, TRUTH["start_path"], tmp_path, "--profile", "herford")
    store = open_store(tmp_path)
    before = store.counts()
    old_text = _page_file(CHANGED)
    note = "<p>Neu: Die Diskussion wird live im Internet übertragen.</p>".encode()
    site.change_page(CHANGED, old_text.replace(b"</h1>", b"</h1>" + note, 1))
    site.change_page(GONE, None)
    crawl(base, TRUTH["start_path"], tmp_path, "--profile", "herford")
    after = store.counts()

    changed = store.get(
        "page", next(r["id"] for r in _records_from(store, base + CHANGED) if r["type"] == "page")
    )
    assert "live im Internet" in changed["text"] and changed["version"] == 2
    history = store.history("page", changed["id"])
    assert "live im Internet" not in history[0]["data"]["text"]

    gone = [r for r in _records_from(store, base + GONE)]
    assert gone and all(r["removed"] for r in gone)  # the page and its event: kept, marked removed
    assert after["page"] == {"live": before["page"]["live"] - 1, "removed": 1}
    assert after["event"]["removed"] == 1
    assert after["contact"] == before["contact"] and after["photo"] == before["photo"]
    store.close()


def test_a_run_cut_short_marks_nothing_removed(changing_site, tmp_path):
    base = changing_site.base_url
    crawl(base, TRUTH["start_path"], tmp_path, "--profile", "herford")
    result = crawl(base, TRUTH["start_path"], tmp_path, "--profile", "herford", "--max-pages", "3")
    store = open_store(tmp_path)
    assert store.counts()["page"]["removed"] == 0
    assert store.runs()[-1].complete is False
    assert result.returncode == 0
    store.close()
