"""Records from a real crawl of the sample site, scored against the truth file (both profiles,
both template generations)."""

from __future__ import annotations

import pytest

from crawler.evaluate import format_table, score_archive
from crawler.sample_site.server import SampleServer, load_truth
from pipelines.store import open_store
from tests.crawl_support import crawl

TRUTH = load_truth()
THRESHOLD = 0.95


@pytest.fixture(scope="module")
def site():
    with SampleServer() as server:
        yield server


def _crawl_records(site, tmp_path_factory, *extra: str) -> list[dict]:
    data_dir = tmp_path_factory.mktemp("records")
    crawl(site.base_url, TRUTH["start_path"], data_dir, *extra)
    store = open_store(data_dir)
    try:
        return list(store.iter_records())
    finally:
        store.close()


@pytest.fixture(scope="module")
def herford_records(site, tmp_path_factory):
    return _crawl_records(site, tmp_path_factory, "--profile", "herford")


@pytest.fixture(scope="module")
def generic_records(site, tmp_path_factory):
    return _crawl_records(site, tmp_path_factory)


def _assert_scores(scores, label: str) -> None:
    print(f"\n[{label}]\n{format_table(scores)}")
    for score in scores.values():
        detail = f"{label} {score.rtype}: misses={score.misses} extras={score.extras} wrong={score.wrong}"
        assert score.recall >= THRESHOLD, detail
        assert score.precision >= THRESHOLD, detail
        assert score.field_accuracy >= THRESHOLD, detail


def test_herford_profile_scores(site, herford_records):
    _assert_scores(score_archive(herford_records, TRUTH, site.base_url), "herford")


def test_generic_profile_scores_as_well(site, generic_records):
    """No profile named: the generic IKISS rules alone must find the same records."""
    _assert_scores(score_archive(generic_records, TRUTH, site.base_url), "generic")


def _sources(record: dict) -> list[str]:
    urls = record.get("source_urls") or [record.get("source_url")]
    return [u for u in urls if u]


@pytest.mark.parametrize("template", ["old", "new"])
def test_each_template_generation_scores_as_well(site, herford_records, template):
    pages = {site.base_url + p["url"] for p in TRUTH["pages"] if p["template"] == template}

    def in_template(record: dict, base: str) -> bool:
        return any((base + u if u.startswith("/") else u) in pages for u in _sources(record))

    truth = {
        key: [r for r in TRUTH[key] if in_template(r, site.base_url)]
        for key in ("events", "contacts", "photos", "documents")
    }
    records = [r for r in herford_records if r["type"] != "page" and in_template(r, "")]
    events = [r for r in herford_records if r["type"] == "event"]
    scores = score_archive(records, {**TRUTH, **truth}, site.base_url, linked_events=events)
    _assert_scores({k: s for k, s in scores.items() if s.expected}, f"template {template}")
