"""The spelling vocabulary behind "Meinten Sie: …"."""

from search.analysis import text_words
from search.indexdir import current_generation
from search.indexer import rebuild_index, update_index
from search.memory_source import MemorySource
from search.searcher import ArchiveSearcher
from search.spelling import SPELLING_FILE, SpellingVocabulary


def _vocabulary(*texts: str) -> SpellingVocabulary:
    vocabulary = SpellingVocabulary()
    for text in texts:
        vocabulary.learn(text_words(text))
    return vocabulary


def test_suggestions_keep_umlauts_and_prefer_common_words():
    vocabulary = _vocabulary(
        "Flüchtlingshilfe im Kreis", "Flüchtlingshilfe Herford", "Fluchtlingshilfe (Tippfehler)"
    )
    assert vocabulary.suggest("Fluchtlingshilfr") == ["flüchtlingshilfe"]
    assert vocabulary.suggest("Flüchtlingshilfe") == []  # the word itself is no correction


def test_closer_words_come_before_commoner_ones():
    vocabulary = _vocabulary("Sprachcafe " * 1, "Sprachcafes " * 5)
    assert vocabulary.suggest("Sprachcaf") == ["sprachcafe", "sprachcafes"]


def test_stop_words_short_words_and_numbers_are_not_learned():
    vocabulary = _vocabulary("und der die 2017 ab Kita")
    assert dict(vocabulary.counts) == {"kita": 1}


def test_save_and_load_round_trip(tmp_path):
    vocabulary = _vocabulary("Begegnung Begegnungen Begegnung")
    path = tmp_path / SPELLING_FILE
    vocabulary.save(path)
    loaded = SpellingVocabulary.load(path)
    assert loaded.counts == vocabulary.counts
    assert len(SpellingVocabulary.load(tmp_path / "missing.txt")) == 0


def test_index_keeps_the_vocabulary_and_updates_add_to_it(tmp_path):
    page = {"id": "p1", "type": "page", "url": "http://x/1", "title": "Sprachcafé", "text": "Treff"}
    source = MemorySource([page])
    rebuild_index(tmp_path, source)
    with ArchiveSearcher(tmp_path) as searcher:
        assert searcher.suggest("Sprachcafx") == "Sprachcafé"
        assert searcher.suggest("Zirkuszel") is None
    source.add_run([{**page, "id": "p2", "url": "http://x/2", "title": "Zirkuszelt"}])
    update_index(tmp_path, source)
    words = SpellingVocabulary.load(current_generation(tmp_path) / SPELLING_FILE).counts
    assert {"sprachcafé", "zirkuszelt"} <= set(words)
    with ArchiveSearcher(tmp_path) as searcher:
        assert searcher.suggest("Zirkuszel") == "Zirkuszelt"


def test_words_of_removed_records_are_not_suggested(tmp_path):
    page = {"id": "p1", "type": "page", "url": "http://x/1", "title": "Zirkuszelt", "text": "x"}
    other = {"id": "p2", "type": "page", "url": "http://x/2", "title": "Herford", "text": "y"}
    source = MemorySource([page, other])
    rebuild_index(tmp_path, source)
    source.add_run(removed=["p1"])
    update_index(tmp_path, source)
    with ArchiveSearcher(tmp_path) as searcher:
        assert searcher.suggest("Zirkuszel") is None


def _archive(tmp_path, *texts):
    records = [
        {"id": f"p{i}", "type": "page", "url": f"http://x/{i}", "title": f"Seite {i}", "text": t}
        for i, t in enumerate(texts)
    ]
    rebuild_index(tmp_path, MemorySource(records))
    return ArchiveSearcher(tmp_path)


def test_a_misspelled_word_gets_the_corrected_query_before_partial_matches(tmp_path):
    with _archive(tmp_path, "Sprachcafé in Herford", "Sprachcafé in Bünde") as searcher:
        result = searcher.search("Sprachcafe Herfrod")
    assert result.corrected and not result.relaxed
    assert result.suggestion == "Sprachcafe Herford"
    assert [h.id for h in result.hits] == ["p0"]


def test_an_unknown_compound_is_searched_by_its_parts(tmp_path):
    with _archive(tmp_path, "Das Fest der Integration", "Integration im Alltag") as searcher:
        assert searcher.split_compounds("Integrationsfest") == "integrations fest"
        result = searcher.search("Integrationsfest")
        assert searcher.split_compounds("Integration") is None  # known words stay
    assert result.corrected and result.suggestion == "integrations fest"
    assert [h.id for h in result.hits] == ["p0"]


def test_without_any_alternative_some_words_are_better_than_nothing(tmp_path):
    with _archive(tmp_path, "Sprachcafé in Herford", "Treffen in Bünde") as searcher:
        result = searcher.search("Sprachcafé Qwxyzzq")
    assert result.relaxed and not result.corrected
    assert [h.id for h in result.hits] == ["p0"]


def test_words_with_a_prefix_are_found_by_their_folded_form():
    vocabulary = _vocabulary("Flüchtlinge Flüchtlingshilfe Fluchthelfer Fest", "Flüchtlinge")
    assert vocabulary.with_prefix("flucht", 10) == [
        "flüchtlinge",
        "fluchthelfer",
        "flüchtlingshilfe",
    ]
    assert vocabulary.with_prefix("flucht", 1) == ["flüchtlinge"]
    assert vocabulary.with_prefix("zzz", 10) == []
