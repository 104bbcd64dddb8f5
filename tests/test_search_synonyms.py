"""Synonyms at query time: the bundled groups, expansion in the parser, ranking, suggestions."""

import pytest
from whoosh import query as wq

from benchmarks.search_corpus import truth_records
from search.analysis import analyze
from search.indexer import rebuild_index
from search.memory_source import MemorySource
from search.queries import (
    DEFAULT_FIELD,
    SYNONYM_BOOST,
    parse_query,
    parse_synonyms,
    plain_words,
    synonyms,
    type_hint,
)
from search.searcher import ArchiveSearcher


def _term(word: str) -> str:
    return analyze(word, mode="query")[0]


def _leaves(q: wq.Query) -> dict[tuple[str, str], float]:
    """{(field, text): boost} of the Term leaves of a query."""
    return {(t.fieldname, t.text): t.boost for t in q.leaves() if type(t) is wq.Term}


@pytest.fixture(scope="module")
def truth_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("synonyms-truth")
    rebuild_index(path, MemorySource(truth_records()))
    return path


def _page(rid: str, title: str, text: str) -> dict:
    return {"id": rid, "type": "page", "url": f"http://x/{rid}", "title": title, "text": text}


# -- the synonym file -------------------------------------------------------------------


def test_bundled_file_parses_into_stemmed_groups():
    table = synonyms()
    assert len(table) >= 40
    forms, others = table[_term("Fortbildung")]
    assert {_term("Schulung"), _term("Weiterbildung"), _term("Basisqualifikation")} <= set(others)
    assert _term("Fortbildung") not in others and not forms
    # groups are symmetric
    assert _term("Fortbildung") in table[_term("Schulung")][1]
    assert _term("Dolmetscher") in table[_term("Sprachmittler")][1]
    # forms the stemmer keeps apart count as the word itself, not as a synonym
    forms, others = table[_term("Sprachkurs")]
    assert _term("Sprachkurse") in forms and _term("Sprachkurse") not in others
    # refugees and migrants in general are different groups
    assert _term("Migranten") not in table[_term("Flüchtling")][1]


def test_parse_synonyms_format_and_errors():
    table = parse_synonyms("# comment\n\nKita, Kindergarten # day care\nTreffen, Begegnung\n")
    assert table[_term("Kita")] == ((), (_term("Kindergarten"),))
    assert table[_term("Begegnungen")] == ((), (_term("Treffen"),))
    # a word in two groups gets both
    table = parse_synonyms("Kita, Kindergarten\nKita, Tagesstätte\n")
    assert set(table[_term("Kita")][1]) == {_term("Kindergarten"), _term("Tagesstätte")}
    with pytest.raises(ValueError, match="line 2"):
        parse_synonyms("Kita, Kindergarten\nTag der offenen Tür, Fest\n")
    with pytest.raises(ValueError, match="line 1"):
        parse_synonyms("Kita, Kitas\n")  # one word twice: no group


# -- expansion in the parser ------------------------------------------------------------


def test_inflected_word_expands_to_its_group_weighted_below_it():
    for text in ("Fortbildungen", "fortbildung", "FORTBILDUNG"):
        leaves = _leaves(parse_query(text))
        fortbild, schulung = _term("Fortbildung"), _term("Schulung")
        assert leaves[("title", fortbild)] == 4.0
        assert leaves[("title", schulung)] == 4.0 * SYNONYM_BOOST
        assert leaves[(DEFAULT_FIELD, schulung)] == SYNONYM_BOOST
        assert ("meta", _term("Seminar")) in leaves


def test_expansion_is_a_flat_or_of_terms():
    # the fast ranking path handles an Or of boosted Terms, not a boosted Or
    q = parse_query("Fortbildung Ehrenamt 2017")
    assert type(q) is wq.And
    for word in q.subqueries:
        assert type(word) is wq.Or and word.boost == 1.0
        assert all(type(t) is wq.Term for t in word.subqueries)


def test_fielded_word_expands_in_its_field():
    leaves = _leaves(parse_query("titel:Kita"))
    assert set(leaves) == {
        ("title", _term(w))
        for w in ("Kita", "Kindertagesstätte", "Kindertageseinrichtung", "Kindergarten")
    }


@pytest.mark.parametrize(
    "text",
    [
        '"Fortbildung Ehrenamt"',  # phrase
        "Fortbildung~",  # fuzzy
        "Fortbild*",  # wildcard
        "Herford NOT Fortbildung",  # NOT-ed word
        "ort:Treffen",  # places are names
    ],
)
def test_not_expanded(text):
    expanded = {t.text for t in parse_query(text).leaves() if hasattr(t, "text")}
    assert _term("Schulung") not in expanded and _term("Begegnung") not in expanded


def test_other_words_and_fields_unchanged():
    assert len(_leaves(parse_query("Konsumalltag"))) == 3  # its three fields, nothing more
    leaves = _leaves(parse_query("Rödinghausen typ:foto"))
    assert ("type", "photo") in leaves
    assert all(boost in (1.0, 4.0) for boost in leaves.values())


# -- searching --------------------------------------------------------------------------


def test_exact_word_ranks_above_synonym_only_match(tmp_path):
    records = [
        _page("s", "Schulung für Ehrenamtliche", "Termine im Frühjahr im Kreishaus."),
        _page("f", "Fortbildung für Ehrenamtliche", "Termine im Frühjahr im Kreishaus."),
        _page("x", "Sommerfest", "Musik und Kuchen im Hof."),
    ]
    rebuild_index(tmp_path, MemorySource(records))
    with ArchiveSearcher(tmp_path) as searcher:
        assert [h.id for h in searcher.search("Fortbildung").hits] == ["f", "s"]
        assert [h.id for h in searcher.search("Schulungen").hits] == ["s", "f"]
        assert {h.id for h in searcher.search("Weiterbildung Ehrenamt").hits} == {"f", "s"}
        # a phrase is taken as written
        assert [h.id for h in searcher.search('"Fortbildung für Ehrenamtliche"').hits] == ["f"]


def test_staff_query_finds_basisqualifikation(truth_dir):
    with ArchiveSearcher(truth_dir) as searcher:
        result = searcher.search("Fortbildung Ehrenamt 2017", limit=5)
    titles = [h.title for h in result.hits]
    assert "Basisqualifikation für Ehrenamtliche in der Flüchtlingshilfe" in titles
    assert not result.relaxed and result.suggestion is None


def test_synonym_is_not_offered_a_spelling_correction(truth_dir):
    assert plain_words("Fortbildung Konsumaltag") == ["Konsumaltag"]
    with ArchiveSearcher(truth_dir) as searcher:
        result = searcher.search("Fortbildung")  # not in the archive, its synonyms are
        assert result.total and result.suggestion is None
        assert searcher.search("Konsumaltag").suggestion == "Konsumalltag"


def test_type_words_still_hint_a_record_type(truth_dir):
    assert type_hint("Ansprechpartner Sprachbildung") == ("Sprachbildung", "contact")
    assert type_hint("Treffen Selbstorganisationen") == ("Selbstorganisationen", "event")
    with ArchiveSearcher(truth_dir) as searcher:
        hits = searcher.search("Ansprechpartner Sprachbildung", limit=5).hits
    assert any(h.type == "contact" for h in hits)
