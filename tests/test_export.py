"""Exports for the migration team, from a real crawl: the field contract, formats, canonical URLs."""

from __future__ import annotations

import csv
import json

import pytest
from icalendar import Calendar

from crawler.sample_site.server import SampleServer, load_truth
from pipelines.exports import EXPORT_FIELDS, FILE_NAMES
from tests.crawl_support import crawl, run_cli

TRUTH = load_truth()


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("export-archive")
    with SampleServer() as server:
        crawl(server.base_url, TRUTH["start_path"], data_dir, "--profile", "herford")
        yield data_dir, server.base_url


def _export(archive, tmp_path, fmt: str):
    data_dir, _ = archive
    out = tmp_path / fmt
    result = run_cli("export", "--format", fmt, "--out", str(out), "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    return out


def test_jsonl_has_exactly_the_contract_fields(archive, tmp_path):
    out = _export(archive, tmp_path, "jsonl")
    for rtype, name in FILE_NAMES.items():
        rows = [json.loads(line) for line in (out / f"{name}.jsonl").read_text().splitlines()]
        assert rows, name
        for row in rows:
            assert list(row) == EXPORT_FIELDS[rtype]


def test_event_times_carry_the_berlin_offset_and_all_day_events_are_dates(archive, tmp_path):
    out = _export(archive, tmp_path, "jsonl")
    events = [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]
    starts = {e["start"] for e in events}
    assert "2017-06-06T17:00:00+02:00" in starts
    assert any(e["all_day"] and len(e["start"]) == 10 for e in events)
    winter = [e for e in events if e["start"] and e["start"].startswith("2018-02-21T")]
    assert winter and winter[0]["start"].endswith("+01:00")
    assert all(isinstance(e["raw"], dict) and e["raw"].get("start") for e in events if e["start"])


def test_urls_are_absolute_and_canonical(archive, tmp_path):
    _, base = archive
    out = _export(archive, tmp_path, "jsonl")
    for name in ("photos", "documents", "pages"):
        for line in (out / f"{name}.jsonl").read_text().splitlines():
            row = json.loads(line)
            assert row["url"].startswith(base)
            assert "NavID" not in row["url"] and "print=1" not in row["url"]
            if name != "pages":
                assert "?" not in row["url"]  # cache-busting query stripped


def test_csv_has_a_header_and_one_row_per_record(archive, tmp_path):
    out = _export(archive, tmp_path, "csv")
    jsonl = _export(archive, tmp_path, "jsonl")
    for rtype, name in FILE_NAMES.items():
        with (out / f"{name}.csv").open(encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            assert reader.fieldnames == EXPORT_FIELDS[rtype]
        assert len(rows) == len((jsonl / f"{name}.jsonl").read_text().splitlines())


def test_ics_and_vcf_exports_parse(archive, tmp_path):
    ics = _export(archive, tmp_path, "ics") / "events.ics"
    cal = Calendar.from_ical(ics.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) >= len(TRUTH["events"]) * 0.95
    assert any(str(e.get("status")) == "CANCELLED" for e in events)
    import vobject

    vcf = _export(archive, tmp_path, "vcf") / "contacts.vcf"
    cards = list(vobject.readComponents(vcf.read_text(encoding="utf-8")))
    assert {c.fn.value for c in cards} >= {"Gudrun Kirchhoff"}


def test_extract_prints_the_records_of_one_page(tmp_path):
    page = tmp_path / "seite.html"
    page.write_text(
        "<html><body><main><h1>Fit für den Konsumalltag</h1><p>Die Veranstaltung findet am "
        "06.06.2017 um 17.00 Uhr im Kreishaus Herford - Ebene 3 statt.</p><p>Gudrun Kirchhoff</p>"
        "<p>Telefon : 05221/13-1180</p><p>Raum : 1.30</p></main></body></html>",
        encoding="utf-8",
    )
    result = run_cli("extract", str(page), "--url", "http://www.kreis-herford.de/ki.php?NavID=3")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    by_type = {r["type"]: r for r in records}
    assert by_type["page"]["url"] == "http://www.kreis-herford.de/ki.php"
    assert by_type["event"]["start"] == "2017-06-06T17:00:00+02:00"
    assert by_type["event"]["location"] == "Kreishaus Herford - Ebene 3"
    assert by_type["contact"]["phone_e164"] == "+495221131180"


def test_migration_report_accounts_for_every_old_url(archive, tmp_path):
    _, base = archive
    out = _export(archive, tmp_path, "report")
    with (out / "migration-report.csv").open(encoding="utf-8") as fh:
        rows = {r["url"]: r for r in csv.DictReader(fh)}
    for page in TRUTH["pages"]:
        row = rows[base + page["url"]]
        assert row["outcome"] in ("page", "unchanged") and row["title"] == page["title"]
    for link in TRUTH["broken_links"]:
        row = rows[base + link["url"]]
        assert row["outcome"] == "broken" and row["status"] == str(link["status"])
        assert row["linked_from"].split(" | ")[0] in {base + u for u in link["linked_from"]}
    for redirect in (r for r in TRUTH["redirects"] if r["linked_from"]):
        assert rows[base + redirect["from"]]["final_url"] == base + redirect["to"]
    for photo in TRUTH["photos"]:
        assert base + photo["url"] in rows
    start = rows[base + TRUTH["start_path"]]
    assert int(start["events"]) >= 2 and int(start["contacts"]) >= 1
