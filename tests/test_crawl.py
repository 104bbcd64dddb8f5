"""End to end: crawl the sample site over HTTP and compare the archive with the truth file."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from crawler.evaluate import score_archive
from crawler.extract.calendars import calendar_key
from crawler.profiles import load_profile
from crawler.sample_site.server import SITE_DIR, SampleServer, load_routes, load_truth
from pipelines.store import open_store
from tests.crawl_support import crawl

TRUTH = load_truth()
MONTH = re.compile(TRUTH["traps"]["calendar_month_param"] + r"=(\d{4}-\d\d)")


def _months(first: str, step: int):
    year, month = map(int, first.split("-"))
    index = year * 12 + month - 1
    while True:
        index += step
        yield f"{index // 12:04d}-{index % 12 + 1:02d}"


def stepped_months(entry: str, productive: set[str]) -> set[str]:
    """The month views the stepping rule reads from `entry` if `productive` months bring news.

    Both ways from the entry; a direction ends after `calendar_idle_views` months in a row that
    bring nothing new.
    """
    idle_views = int(load_profile("generic").get("crawl.calendar_idle_views"))
    months = {entry}
    for step in (-1, 1):
        idle = 0
        for month in _months(entry, step):
            months.add(month)
            idle = 0 if month in productive else idle + 1
            if idle >= idle_views:
                break
    return months


def _calendar_months() -> tuple[str, set[str], set[str]]:
    """The month the list pages link; months of entries only month views link; all entry months."""
    entry = MONTH.search(TRUTH["traps"]["calendar_month_example"]).group(1)
    lists = "".join(p.read_text("utf-8") for p in (SITE_DIR / "pages").glob("kalender*.html"))
    events = load_routes()["calendar"]["events"]
    month_only = {
        e["date"][:7]
        for e in events
        if parse_qs(urlsplit(e["href"]).query)["object"][0] not in lists
    }
    return entry, month_only, {e["date"][:7] for e in events}


ENTRY_MONTH, MONTH_ONLY, EVENT_MONTHS = _calendar_months()
# The months read when every page the list pages link is seen before the views are judged (the
# views' requests queue behind all ordinary pages), and the most a crawl could ever read: if every
# calendar entry's page counted as new in its month view.
EXPECTED_MONTHS = stepped_months(ENTRY_MONTH, MONTH_ONLY)
MOST_MONTHS = stepped_months(ENTRY_MONTH, EVENT_MONTHS)


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


def month_requests(log: list[dict]) -> list[str]:
    return [m.group(1) for e in log if (m := MONTH.search(e["path"]))]


def test_the_sample_calendar_steps_as_the_rule_says():
    # 2017-06 is linked from the list; 2017-03 and 2016-12 hold the entries only views link
    assert ENTRY_MONTH == "2017-06"
    assert sorted(MONTH_ONLY) == ["2016-12", "2017-03"]
    # back: 05, 04 idle, 03 new; 02, 01 idle, 2016-12 new; 11, 10, 09 idle. Forward: 07-09 idle
    assert sorted(EXPECTED_MONTHS) == ["2016-09", "2016-10", "2016-11", "2016-12"] + [
        f"2017-{m:02d}" for m in range(1, 10)
    ]
    assert len(MOST_MONTHS) == 31  # 2016-06 … 2018-12


@pytest.mark.parametrize("name", ["archive", "generic_archive"])
def test_month_views_are_stepped_while_productive(name, request):
    """From the month view the list links, the calendar is stepped back and forth while the views
    link new pages, and K = calendar_idle_views months past the last one: each month once."""
    crawled = request.getfixturevalue(name)
    months = month_requests(crawled["log"])
    assert len(months) == len(set(months)), months
    assert EXPECTED_MONTHS <= set(months) <= MOST_MONTHS, sorted(months)
    print(f"\n{name}: {len(months)} month views (expected {len(EXPECTED_MONTHS)})")
    views = [e for e in crawled["store"].url_log() if e["outcome"] == "calendar"]
    assert sorted(MONTH.search(v["url"]).group(1) for v in views) == sorted(months)
    assert {v["status"] for v in views} == {200}


@pytest.mark.parametrize("name", ["archive", "generic_archive"])
def test_past_entries_linked_only_from_month_views_are_archived(name, request):
    crawled = request.getfixturevalue(name)
    stored = pages_by_url(crawled["store"])
    base = crawled["base"]
    events = load_routes()["calendar"]["events"]
    past = [e for e in events if e["date"][:7] in MONTH_ONLY]
    assert len(past) == 2
    titles = {e["title"] for e in crawled["store"].iter_records(["event"])}
    for entry in past:
        object_id = parse_qs(urlsplit(entry["href"]).query)["object"][0]
        assert [u for u in stored if u.startswith(base) and object_id in u], entry["href"]
        assert entry["title"] in titles


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
    # the views are no pages, so they are read again: the stepping ends where it did
    months = month_requests(site.request_log)
    assert len(months) == len(set(months))
    assert EXPECTED_MONTHS <= set(months) <= MOST_MONTHS, sorted(months)
    assert len(pages_by_url(store)) == len(TRUTH["pages"])


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
