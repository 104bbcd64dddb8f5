"""The search and reindex commands: output, JSON, bad input never shows a traceback."""

import json

import pytest
from click.testing import CliRunner

from benchmarks.search_corpus import truth_records
from search.cli import search
from search.indexer import rebuild_index
from search.memory_source import MemorySource


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("archive")
    rebuild_index(path, MemorySource(truth_records()))
    return path


def run(data_dir, *args):
    return CliRunner().invoke(search, [*args, "--data-dir", str(data_dir)])


def test_table_with_facets(data_dir):
    result = run(data_dir, "Sprachcafé")
    assert result.exit_code == 0, result.output
    assert "Treffer" in result.output and "Typ:" in result.output


def test_json_hits_carry_record_fields(data_dir):
    result = run(data_dir, "Kirchhoff", "--json")
    hits = json.loads(result.stdout)
    assert hits[0]["type"] == "contact" and hits[0]["name"] == "Gudrun Kirchhoff"
    assert {"id", "type", "title", "url", "score", "date", "snippet"} <= hits[0].keys()


def test_filters_and_suggestion(data_dir):
    hits = json.loads(
        run(
            data_dir,
            "Sitzung",
            "--type",
            "veranstaltung",
            "--from",
            "2018",
            "--to",
            "31.12.2018",
            "--json",
        ).stdout
    )
    assert hits and all(h["type"] == "event" and h["date"].startswith("2018") for h in hits)
    result = run(data_dir, "Konsumaltag")
    assert "Konsumalltag" in result.output


@pytest.mark.parametrize(
    "query",
    [
        "typ:",
        '"Fit für',
        "(Ehrenamt",
        "datum:[2017 TO",
        "datum:31.02.2017",
        "x" * 10_000,
        "Ehren\x07amt",
        "der die das",
        "typ:auto",
        "foo:bar",
        "datum:[2018 TO 2017]",
    ],
)
def test_bad_queries_exit_2_with_one_line(data_dir, query):
    result = run(data_dir, query)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line]
    assert len(lines) == 1 and lines[0].startswith("Fehler: ")


def test_bad_option_values(data_dir):
    assert run(data_dir, "Herford", "--from", "2017-13").exit_code == 2
    assert run(data_dir, "Herford", "--type", "auto").exit_code == 2


def test_missing_index(tmp_path):
    result = run(tmp_path, "Herford")
    assert result.exit_code == 2 and "reindex" in result.output
