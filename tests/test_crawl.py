"""End to end: crawl the sample site over HTTP and compare the archive with the truth file."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from crawler.evaluate import score_archive
from crawler.extract.urls import calendar_key
from crawler.profiles import load_profile
from crawler.sample_site.server import SampleServer, load_truth
from pipelines.store import open_store
from tests.crawl_support import crawl

TRUTH = load_truth()


@pytest.fixture(scope="module")
def site():
    with SampleServer() as server:
        yield server


@pytest.fixture(scope="module")
def archive(site, tmp_path_factory):
    """One crawl with the Herford profile; the server's request log of that crawl."""
    data_dir = tmp_path_factory.mktemp("herford")
    site.reset()
    crawl(site.base_url, TRUTH["start_path"], data_dir, "--profile", "herford")
    log = list(site.request_log)
    store = open_store(data_dir)
    yield {"dir": data_dir, "store": store, "log": log, "base": site.base_url}
    store.close()


@pytest.fixture(scope="module")
def generic_archive(site, tmp_path_factory):
    """One crawl with no profile named (the generic IKISS rules); the server's request log."""
    data_dir = tmp_path_factory.mktemp("generic")
    site.reset()
    crawl(site.base_url, TRUTH["start_path"], data_dir)
    log = list(site.request_log)
    store = open_store(data_dir)
    yield {"dir": data_dir, "store": store, "log": log, "base": site.base_url}
    store.close()


def pages_by_url(store) -> dict[str, dict]:
    return {p["url"]: p for p in store.iter_records(["page"])}


def test_every_truth_page_is_stored_exactly_once(archive):
    stored = pages_by_url(archive["store"])
    expected = {archive["base"] + p["url"] for p in TRUTH["pages"]}
    missing = expected - set(stored)
    extra = set(stored) - expected
    recall = 1 - len(missing) / len(expected)
    print(f"\npage recall {recall:.3f} ({len(expected) - len(missing)}/{len(expected)})")
    assert not missing, f"missing pages: {sorted(missing)[:10]}"
    assert not extra, f"pages not in truth: {sorted(extra)[:10]}"
    assert len(stored) == len({p["url"] for p in stored.values()})


def test_main_text_holds_content_and_no_navigation(archive):
    stored = pages_by_url(archive["store"])
    noise = ["Zum Seitenanfang", "Sie sind hier", "Seite drucken", *TRUTH.get("noise_lines", [])]
    for truth_page in TRUTH["pages"]:
        page = stored[archive["base"] + truth_page["url"]]
        for sentence in truth_page.get("main_text_contains", []):
            assert sentence in page["text"], (truth_page["url"], sentence)
        for line in noise:
            assert line not in page["text"], (truth_page["url"], line)


def test_titles_and_breadcrumbs_match_truth(archive):
    stored = pages_by_url(archive["store"])
    for truth_page in TRUTH["pages"]:
        page = stored[archive["base"] + truth_page["url"]]
        assert page["title"] == truth_page["title"], truth_page["url"]
        if truth_page.get("breadcrumbs"):
            assert page["breadcrumbs"] == truth_page["breadcrumbs"], truth_page["url"]


def test_windows_1252_pages_have_no_mojibake(archive):
    stored = pages_by_url(archive["store"])
    cp_pages = [p for p in TRUTH["pages"] if p.get("charset") == "windows-1252"]
    assert cp_pages
    for truth_page in cp_pages:
        page = stored[archive["base"] + truth_page["url"]]
        assert "Ã" not in page["text"] and "\ufffd" not in page["text"], truth_page["url"]
        assert page["charset"] == "windows-1252"


def test_robots_disallowed_path_never_requested(archive):
    prefix = TRUTH["traps"]["disallowed_prefix"]
    assert not [e for e in archive["log"] if e["path"].startswith(prefix)]


def test_print_variants_never_requested(archive):
    param = TRUTH["traps"]["print_param"]
    assert not [e for e in archive["log"] if param in e["path"]]


def test_endless_calendar_is_stopped(archive):
    param = TRUTH["traps"]["calendar_month_param"] + "="
    month_requests = [e for e in archive["log"] if param in e["path"]]
    assert len(month_requests) <= 5


def test_generic_profile_stores_exactly_the_truth_pages(generic_archive):
    stored = pages_by_url(generic_archive["store"])
    expected = {generic_archive["base"] + p["url"] for p in TRUTH["pages"]}
    assert sorted(set(stored) - expected) == []
    assert sorted(expected - set(stored)) == []
    assert len(stored) == len(TRUTH["pages"])


def test_generic_profile_stores_no_calendar_view(generic_archive):
    generic = load_profile("generic")
    param = TRUTH["traps"]["calendar_month_param"] + "="
    for url in pages_by_url(generic_archive["store"]):
        assert param not in url and calendar_key(url, generic) is None, url


def test_generic_profile_fetches_the_first_month_view_only(generic_archive):
    """The month view linked from the list is read once (its event links followed, its records
    kept), logged as a calendar view; the months it steps to are never requested."""
    param = TRUTH["traps"]["calendar_month_param"] + "="
    month_requests = [e["path"] for e in generic_archive["log"] if param in e["path"]]
    assert len(month_requests) == 1, month_requests
    views = [e for e in generic_archive["store"].url_log() if e["outcome"] == "calendar"]
    assert [v["url"] for v in views] == [generic_archive["base"] + month_requests[0]]
    assert views[0]["status"] == 200


def test_generic_profile_finds_every_truth_event(generic_archive):
    records = list(generic_archive["store"].iter_records())
    score = score_archive(records, TRUTH, generic_archive["base"])["event"]
    assert score.recall == 1.0, score.misses
    assert score.precision == 1.0, score.extras


def test_no_other_host_in_archive(archive):
    host = urlsplit(archive["base"]).netloc
    for page in archive["store"].iter_records(["page"]):
        assert urlsplit(page["url"]).netloc == host
    for entry in archive["store"].url_log():
        assert urlsplit(entry["url"]).netloc == host, entry


def test_flaky_page_is_archived_after_a_retry(archive):
    path = TRUTH["traps"]["flaky_503_path"]
    statuses = [e["status"] for e in archive["log"] if e["path"] == path]
    assert statuses[:2] == [503, 200], statuses
    assert archive["base"] + path in pages_by_url(archive["store"])


def test_broken_links_are_recorded_with_the_linking_page(archive):
    log = archive["store"].url_log()
    broken = {e["url"]: e for e in log if e["outcome"] == "broken"}
    for truth_link in TRUTH["broken_links"]:
        entry = broken.get(archive["base"] + truth_link["url"])
        assert entry is not None, truth_link["url"]
        assert entry["status"] == truth_link["status"]
        assert entry["referer"] in {archive["base"] + u for u in truth_link["linked_from"]}


def test_redirects_are_followed_and_logged(archive):
    log = archive["store"].url_log()
    redirects = {e["url"]: e for e in log if e["outcome"] == "redirect"}
    linked = [r for r in TRUTH["redirects"] if r.get("linked_from")]
    assert linked
    for truth_redirect in linked:
        entry = redirects.get(archive["base"] + truth_redirect["from"])
        assert entry is not None, truth_redirect
        assert entry["final_url"] == archive["base"] + truth_redirect["to"]


def test_second_crawl_is_conditional_and_changes_nothing(site, archive):
    store = archive["store"]
    before = store.counts()
    site.reset()
    crawl(site.base_url, TRUTH["start_path"], archive["dir"], "--profile", "herford")
    after = store.counts()
    assert after == before
    statuses = [e["status"] for e in site.request_log]
    assert statuses.count(304) >= len(TRUTH["pages"]) * 0.9
    runs = store.runs()
    assert runs[-1].stats["pages_unchanged"] >= len(TRUTH["pages"]) * 0.9
    assert runs[-1].stats["removed"] == 0


def test_warc_holds_every_raw_response(archive):
    from warcio.archiveiterator import ArchiveIterator

    warcs = sorted((archive["dir"] / "warc").glob("*.warc.gz"))
    assert warcs
    responses: dict[str, list[str]] = {}
    for path in warcs:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    responses.setdefault(uri, []).append(record.http_headers.get_statuscode())
    for page in archive["store"].iter_records(["page"]):
        assert "200" in responses.get(page["url"], []), page["url"]
    flaky = archive["base"] + TRUTH["traps"]["flaky_503_path"]
    assert responses[flaky][:2] == ["503", "200"]  # the failed attempt is kept too
    assert any(u.lower().endswith(".pdf") for u in responses)  # media downloads as well


def test_truncated_page_is_archived_with_a_warning(archive):
    page = pages_by_url(archive["store"])[archive["base"] + TRUTH["traps"]["truncated_page"]]
    assert page["text"] and any("unvollständig" in w for w in page["warnings"])


def test_every_robots_disallowed_link_is_logged_as_refused(archive):
    refused = {e["url"] for e in archive["store"].url_log() if e["outcome"] == "robots"}
    assert refused
    for prefix in TRUTH["traps"]["disallowed_prefixes"]:
        assert not [e for e in archive["log"] if e["path"].startswith(prefix)], prefix
