"""The store on real SQLite and PostgreSQL: idempotent upserts, versions, merges, tombstones."""

from __future__ import annotations

import pytest

from crawler.items import EventRecord, PageRecord, PhotoRecord, stable_id
from pipelines.store import open_store


def _page(url: str, text: str = "Inhalt") -> PageRecord:
    return PageRecord(url=url, title="T " + url, text=text, html_sha256=str(hash(text)))


def _event(title: str, start: str, source: str, **kw) -> EventRecord:
    return EventRecord(
        id=stable_id("event", title, start[:10]),
        title=title,
        start=start,
        source_urls=[source],
        **kw,
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = open_store(tmp_path)
    else:
        s = open_store(tmp_path, request.getfixturevalue("pg_url"))
    yield s
    s.close()


def test_upsert_twice_keeps_one_row_and_one_version(store):
    for _ in range(2):
        run = store.begin_run(["http://x/"])
        store.upsert(_page("http://x/a"), run)
        store.finish_run(run, complete=True, healthy=True, stats={})
    assert store.counts()["page"] == {"live": 1, "removed": 0}
    history = store.history("page", _page("http://x/a").id)
    assert [h["change"] for h in history] == ["added"]


def test_changed_content_adds_a_version(store):
    run = store.begin_run(["http://x/"])
    store.upsert(_page("http://x/a", "alt"), run)
    store.finish_run(run, True, True, {})
    run2 = store.begin_run(["http://x/"])
    store.upsert(_page("http://x/a", "neu"), run2)
    store.finish_run(run2, True, True, {})
    history = store.history("page", _page("http://x/a").id)
    assert [h["version"] for h in history] == [1, 2]
    assert history[0]["data"]["text"] == "alt" and history[1]["data"]["text"] == "neu"
    changed, removed = store.changes_since(run)
    assert [c["id"] for c in changed] == [_page("http://x/a").id] and removed == []


def test_disappeared_page_is_tombstoned_only_after_complete_healthy_run(store):
    run = store.begin_run(["http://x/"])
    store.upsert(_page("http://x/a"), run)
    store.upsert(_page("http://x/b"), run)
    store.finish_run(run, True, True, {})
    run2 = store.begin_run(["http://x/"])
    store.upsert(_page("http://x/a"), run2)
    store.finish_run(run2, complete=False, healthy=True, stats={})
    assert store.counts()["page"] == {"live": 2, "removed": 0}
    run3 = store.begin_run(["http://x/"])
    store.upsert(_page("http://x/a"), run3)
    assert store.finish_run(run3, complete=True, healthy=True, stats={}) == 1
    assert store.counts()["page"] == {"live": 1, "removed": 1}
    gone = store.get("page", _page("http://x/b").id)
    assert gone["removed"] is True and gone["title"] == "T http://x/b"  # kept, not deleted
    _, removed = store.changes_since(run2)
    assert removed == [_page("http://x/b").id]


def test_unchanged_page_keeps_its_records_alive(store):
    run = store.begin_run(["http://x/"])
    store.upsert(_page("http://x/a"), run)
    store.upsert(_event("Sprachcafé", "2017-06-06T17:00:00+02:00", "http://x/a"), run)
    store.finish_run(run, True, True, {})
    run2 = store.begin_run(["http://x/"])
    assert store.touch_page("http://x/a", run2) == 2
    store.finish_run(run2, True, True, {})
    assert store.counts()["event"] == {"live": 1, "removed": 0}


def test_one_event_on_two_pages_is_one_record_in_either_order(store):
    cal = _event(
        "Fit für den Konsumalltag – Modul 12",
        "2017-06-06T17:00:00+02:00",
        "http://x/cal",
        location="Kreishaus Herford",
    )
    press = _event(
        "Basisqualifikation: Fit für den Konsumalltag",
        "2017-06-06T17:00:00+02:00",
        "http://x/press",
    )
    ids = []
    for order in ((cal, press), (press, cal)):
        run = store.begin_run(["http://x/"])
        for ev in order:
            store.upsert(ev, run)
        store.finish_run(run, True, True, {})
        events = list(store.iter_records(["event"]))
        assert len(events) == 1
        assert sorted(events[0]["source_urls"]) == ["http://x/cal", "http://x/press"]
        assert events[0]["location"] == "Kreishaus Herford"
        ids.append(events[0]["id"])
    assert ids[0] == ids[1] == min(cal.id, press.id)


def test_photo_keeps_file_data_when_re_emitted_without_it(store):
    run = store.begin_run(["http://x/"])
    store.upsert(PhotoRecord(url="http://x/p.jpg", sha256="ab" * 32, file="photos/ab/x.jpg"), run)
    store.finish_run(run, True, True, {})
    run2 = store.begin_run(["http://x/"])
    store.upsert(PhotoRecord(url="http://x/p.jpg", caption="Neu"), run2)
    photo = store.get("photo", PhotoRecord(url="http://x/p.jpg").id)
    assert photo["sha256"] == "ab" * 32 and photo["caption"] == "Neu"
