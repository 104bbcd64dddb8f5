"""Wildcards: `Flücht*` matched against folded index terms, capped, with German errors."""

import json

import pytest
from click.testing import CliRunner

from benchmarks.search_corpus import truth_records
from crawler.errors import QueryError
from search import queries
from search.cli import search
from search.indexer import rebuild_index
from search.memory_source import MemorySource
from search.queries import FoldedPrefix, parse_query
from search.searcher import ArchiveSearcher
from tests.crawl_support import run_cli


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("wildcards")
    rebuild_index(path, MemorySource(truth_records()))
    return path


@pytest.fixture(scope="module")
def searcher(data_dir):
    with ArchiveSearcher(data_dir) as opened:
        yield opened


def _prefixes(text: str) -> set[tuple[str, str]]:
    return {(q.fieldname, q.text) for q in parse_query(text).leaves() if type(q) is FoldedPrefix}


def test_prefix_is_lowercased_and_folded():
    assert _prefixes("Flücht*") == _prefixes("Fluecht*") == _prefixes("flucht*")
    assert ("title", "flucht") in _prefixes("Flücht*")
    assert _prefixes("titel:Sprachcaf*") == {("title", "sprachcaf")}
    assert _prefixes("ort:Röding*") == {("place", "roding")}


@pytest.mark.parametrize("spelling", ["Flücht*", "Fluecht*", "flucht*", "FLÜCHT*"])
def test_spellings_find_the_same_records(searcher, spelling):
    result = searcher.search(spelling, limit=50)
    titles = {h.title for h in result.hits}
    assert "Informationsabend: Ehrenamt in der Flüchtlingshilfe" in titles
    assert result.total == searcher.search("Flücht*").total
    assert result.suggestion is None


def test_prefix_of_an_accented_word(searcher):
    titles = [h.title for h in searcher.search("Sprachcaf*", limit=5).hits]
    assert "Sprachcafé im Haus der Integration" in titles


def test_whole_word_with_star_finds_its_stem(searcher):
    # "Veranstaltungen" is indexed as its stem "veranstalt", shorter than the typed word
    assert searcher.search("Veranstaltungen*").total >= searcher.search("Veranstaltung").total > 0
    kinder = {h.title for h in searcher.search("Kinder*", limit=50).hits}
    assert "Kinder beim Spielen auf der Wiese" in kinder  # the word itself: Kinder
    assert "Fachtag Sprachbildung in der Kita" in kinder  # Kindertageseinrichtungen


def test_prefix_longer_than_the_stem_finds_the_words_it_starts(searcher):
    # Ehrenamtliche is indexed as "ehrenamt": no index term starts with "ehrenamtl"
    assert not any(searcher.searcher.reader().iter_prefix("content", "ehrenamtl"))
    result = searcher.search("Ehrenamtl*", limit=50)
    assert result.total > 0 and not result.corrected and not result.relaxed
    assert "Basisqualifikation für Ehrenamtliche in der Flüchtlingshilfe" in {
        h.title for h in result.hits
    }
    assert searcher.search("Zzyzx*").total == 0


def test_wildcard_combines_with_words_and_highlights(searcher):
    result = searcher.search("Flücht* Informationsabend", limit=5)
    assert not result.relaxed
    assert result.hits[0].title == "Informationsabend: Ehrenamt in der Flüchtlingshilfe"
    assert any("\x02" in h.snippet for h in searcher.search("Flücht*").hits)


def test_question_mark_is_not_a_wildcard(searcher):
    assert searcher.search("Sprachcafé?").total == searcher.search("Sprachcafé").total > 0


def test_expansion_is_capped_to_the_most_frequent_terms(searcher, monkeypatch):
    reader = searcher.searcher.reader()
    every = FoldedPrefix("content", "flucht")._btexts(reader)
    assert len(every) > 2
    monkeypatch.setattr(queries, "MAX_WILDCARD_TERMS", 2)
    capped = FoldedPrefix("content", "flucht")._btexts(reader)
    assert len(capped) == 2
    frequency = {b: reader.doc_frequency("content", b) for b in every}
    left_out = [f for b, f in frequency.items() if b not in capped]
    assert min(frequency[b] for b in capped) >= max(left_out)


@pytest.mark.parametrize(
    "text,message",
    [
        ("*hilfe", "nicht am Anfang"),
        ("Ehrenamt *hilfe", "Wortteile findet die Suche auch ohne *: hilfe"),
        ("Fl*", "mindestens 3 Buchstaben"),
        ("Öl*", "mindestens 3 Buchstaben"),
        ("*", "mindestens 3 Buchstaben"),
        ("Ehrenamt *", "mindestens 3 Buchstaben"),
        ("Flü*ling", "nur am Wortende"),
        ("E-Mail*", "nur Buchstaben und Ziffern"),
        ("typ:fo*", "Unbekannter Typ"),
    ],
)
def test_bad_wildcards_give_german_errors(text, message):
    with pytest.raises(QueryError, match=message.replace("*", r"\*")):
        parse_query(text)


def test_cli_search_with_wildcard(data_dir):
    result = CliRunner().invoke(search, ["Flücht*", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert "Treffer" in result.output and "Meinten Sie" not in result.output
    result = CliRunner().invoke(search, ["Fluecht*", "--json", "--data-dir", str(data_dir)])
    titles = [hit["title"] for hit in json.loads(result.stdout)]
    assert "Informationsabend: Ehrenamt in der Flüchtlingshilfe" in titles


@pytest.mark.parametrize("text", ["*hilfe", "Fl*"])
def test_cli_bad_wildcard_exits_2_with_one_line(data_dir, text):
    result = run_cli("search", text, "--data-dir", str(data_dir))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fehler: Platzhalter *"), result.stderr
