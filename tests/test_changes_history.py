"""`changes` and `history` after two real crawls of a changing sample site, and on the bare store."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from crawler.errors import BadArgument
from crawler.items import PageRecord
from crawler.sample_site.server import SITE_DIR, SampleServer, load_routes, load_truth, route_key
from pipelines.changes import record_history, run_changes
from pipelines.store import open_store
from tests.crawl_support import crawl, run_cli
from tests.test_cli_errors import _assert_one_line_error

TRUTH = load_truth()
CHANGED = "/index.php?FID=2807.3000.1&ModID=11&object=tx,2807.3115.1"  # a calendar entry
GONE = "/index.php?FID=2807.3000.1&ModID=11&object=tx,2807.3116.1"  # another one
NOTE = "Neu: Die Diskussion wird live im Internet übertragen."


@pytest.fixture(scope="module")
def recrawled(tmp_path_factory):
    """Crawl, change one page and delete another on the server, crawl again; ids of interest."""
    data_dir = tmp_path_factory.mktemp("changes")
    with SampleServer() as site:
        crawl(site.base_url, TRUTH["start_path"], data_dir, "--profile", "herford")
        body = (SITE_DIR / load_routes()["routes"][route_key(CHANGED)]["file"]).read_bytes()
        site.change_page(CHANGED, body.replace(b"</h1>", f"</h1><p>{NOTE}</p>".encode(), 1))
        site.change_page(GONE, None)
        crawl(site.base_url, TRUTH["start_path"], data_dir, "--profile", "herford")
        base = site.base_url
    store = open_store(data_dir)
    ids = {}
    for rec in store.iter_records(["page", "event"], include_removed=True):
        for path, name in ((CHANGED, "changed"), (GONE, "gone")):
            if base + path in [rec.get("url"), *(rec.get("source_urls") or [])]:
                ids[name, rec["type"]] = rec["id"]
    store.close()
    return data_dir, ids


def _cli_json(*args: str):
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_changes_of_the_latest_run_are_exactly_the_edit_and_the_removal(recrawled):
    data_dir, ids = recrawled
    data = _cli_json("changes", "--json", "--data-dir", str(data_dir))
    assert data["run"] == 2 and [r["id"] for r in data["runs"]] == [2]
    got = {(r["change"], r["type"], r["id"]): r["changed_fields"] for r in data["records"]}
    assert got == {
        ("changed", "page", ids["changed", "page"]): ["text", "html_sha256"],
        ("changed", "event", ids["changed", "event"]): ["description"],
        ("removed", "page", ids["gone", "page"]): [],
        ("removed", "event", ids["gone", "event"]): [],
    }
    assert data["counts"]["page"] == {"new": 0, "changed": 1, "restored": 0, "removed": 1}
    assert data["counts"]["contact"] == {"new": 0, "changed": 0, "restored": 0, "removed": 0}
    titles = {r["id"]: r["title"] for r in data["records"]}
    assert titles[ids["changed", "page"]] == "Podiumsdiskussion: Vielfalt im Kreis Herford"


def test_changes_table_has_german_labels(recrawled):
    data_dir, ids = recrawled
    result = run_cli("changes", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    for word in ("Änderungen in Lauf 2", "vollständig", "Titel / Name", "geänderte Felder"):
        assert word in result.stdout
    lines = result.stdout.splitlines()
    assert any("geändert" in line and ids["changed", "event"] in line for line in lines)
    assert any("entfernt" in line and ids["gone", "page"] in line for line in lines)
    assert any("description" in line for line in lines)


def test_first_run_is_all_new_and_since_and_type_narrow_it(recrawled):
    data_dir, ids = recrawled
    first = _cli_json("changes", "--run", "1", "--json", "--data-dir", str(data_dir))
    assert first["counts"]["page"]["new"] == len(TRUTH["pages"])
    assert first["counts"]["photo"]["new"] == len(TRUTH["photos"])
    assert first["counts"]["document"]["new"] == len(TRUTH["documents"])
    assert {r["change"] for r in first["records"]} == {"new"}
    since = _cli_json("changes", "--since", "1", "--json", "--data-dir", str(data_dir))
    latest = _cli_json("changes", "--json", "--data-dir", str(data_dir))
    assert since["records"] == latest["records"] and since["since"] == 1
    events = _cli_json("changes", "--type", "veranstaltung", "--json", "--data-dir", str(data_dir))
    assert {r["id"] for r in events["records"]} == {ids["changed", "event"], ids["gone", "event"]}
    assert list(events["counts"]) == ["event"]
    empty = _cli_json("changes", "--since", "2", "--json", "--data-dir", str(data_dir))
    assert empty["records"] == [] and empty["runs"] == []


def test_history_shows_both_versions_and_the_changed_field(recrawled):
    data_dir, ids = recrawled
    page_id = ids["changed", "page"]
    data = _cli_json("history", page_id[:9], "--json", "--data-dir", str(data_dir))  # a prefix
    assert data["id"] == page_id and data["removed"] is False and data["version"] == 2
    assert [(v["version"], v["run_id"], v["change"]) for v in data["versions"]] == [
        (1, 1, "added"),
        (2, 2, "changed"),
    ]
    assert data["versions"][0]["fields"] == []
    text = {d["field"]: d for d in data["versions"][1]["fields"]}["text"]
    assert NOTE in text["new"] and NOTE not in text["old"]
    assert set({d["field"] for d in data["versions"][1]["fields"]}) == {"text", "html_sha256"}
    assert all(v["recorded_at"].endswith(("+01:00", "+02:00")) for v in data["versions"])

    table = run_cli("history", page_id, "--data-dir", str(data_dir))
    assert table.returncode == 0, table.stderr
    for word in ("Stand: aktuell, Version 2", "hinzugefügt", "geändert", "text:", "→"):
        assert word in table.stdout


def test_history_of_a_removed_record_says_so(recrawled):
    data_dir, ids = recrawled
    data = _cli_json("history", ids["gone", "event"], "--json", "--data-dir", str(data_dir))
    assert data["removed"] is True and data["removed_run"] == 2
    assert [v["change"] for v in data["versions"]] == ["added", "removed"]
    table = run_cli("history", ids["gone", "page"], "--data-dir", str(data_dir))
    assert "Stand: entfernt (in Lauf 2)" in table.stdout


@pytest.mark.parametrize(
    "args,words",
    [
        (["changes", "--run", "7"], ["Lauf 7", "1 bis 2"]),
        (["changes", "--since", "0"], ["Lauf 0"]),
        (["changes", "--run", "1", "--since", "1"], ["--since"]),
        (["changes", "--type", "termine"], ["termine"]),
        (["history", "xx-0000"], ["xx-0000"]),
        (["history", "pa-"], ["passt auf", "Datensätze"]),
        (["history", " "], ["Keine ID"]),
    ],
)
def test_bad_input_is_one_line_and_exit_2(recrawled, args, words):
    data_dir, _ = recrawled
    _assert_one_line_error(run_cli(*args, "--data-dir", str(data_dir)), *words)


def test_ambiguous_prefix_says_how_many_match(recrawled):
    data_dir, _ = recrawled
    result = run_cli("history", "ev-", "--data-dir", str(data_dir))
    assert f"passt auf {len(TRUTH['events'])} Datensätze" in result.stderr


# -- on the bare store, SQLite and PostgreSQL: restored records and net changes over runs ------


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    db = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    s = open_store(tmp_path, db)
    yield s
    s.close()


def _run(store, *pages: PageRecord) -> int:
    run = store.begin_run(["http://x/"])
    for page in pages:
        store.upsert(page, run)
    store.finish_run(run, complete=True, healthy=True, stats={})
    return run


def test_restored_and_net_changes_on_the_store(store):
    a1 = PageRecord(url="http://x/a", title="A", text="eins")
    a2 = PageRecord(url="http://x/a", title="A", text="zwei")
    b = PageRecord(url="http://x/b", title="B", text="bleibt")
    _run(store, a1, b)  # 1: both new
    _run(store, b)  # 2: a removed
    _run(store, a2, b)  # 3: a back, with new text
    _run(store, a1, b)  # 4: a changed back to its first text

    def kinds(**window):
        return {(r["change"], r["id"]) for r in run_changes(store, **window)["records"]}

    assert kinds(run=1) == {("new", a1.id), ("new", b.id)}
    assert kinds(run=2) == {("removed", a1.id)}
    restored = run_changes(store, run=3)["records"]
    assert [(r["change"], r["changed_fields"]) for r in restored] == [("restored", ["text"])]
    assert kinds(run=4) == {("changed", a1.id)}
    assert kinds(since=2) == {("restored", a1.id)}  # removed at 2, back with text "eins" by 4
    assert kinds(since=1) == set()  # live with the same content at 1 and at 4

    history = record_history(store, a1.id)
    assert [v["change"] for v in history["versions"]] == ["added", "removed", "restored", "changed"]
    assert history["versions"][2]["fields"] == [{"field": "text", "old": "eins", "new": "zwei"}]
    assert history["removed"] is False and history["version"] == 4
    assert record_history(store, a1.id[:6])["id"] == a1.id  # a unique start of the id
    with pytest.raises(BadArgument, match="passt auf 2 Datensätze"):
        record_history(store, "pa-")


def test_changes_history_and_manifest_never_import_scrapy(recrawled, tmp_path):
    data_dir, ids = recrawled
    commands = [
        ["changes", "--data-dir", str(data_dir)],
        ["history", ids["changed", "page"], "--data-dir", str(data_dir)],
        ["export", "--format", "manifest", "--out", str(tmp_path), "--data-dir", str(data_dir)],
    ]
    code = (
        "import sys\n"
        "from crawler.cli import cli\n"
        f"for command in {commands!r}:\n"
        "    try:\n"
        "        cli(command, standalone_mode=False)\n"
        "    except BaseException as exc:\n"
        "        print('failed', command, exc)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('scrapy', 'twisted')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "failed" not in result.stdout, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr
    assert (tmp_path / "media-manifest.csv").is_file()
