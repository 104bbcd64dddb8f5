"""German analysis: folding, stemming, stop words, compound parts."""

from search.analysis import CompoundLexicon, analyze, fold


def test_folding_meets_all_spellings():
    assert fold("flüchtlinge") == fold("fluechtlinge") == fold("fluchtlinge")
    assert fold("straße") == fold("strasse")
    assert fold("sprachcafé") == fold("sprachcafe")
    assert fold("feuer") == "feuer"  # "ue" after a vowel is not an umlaut
    assert fold("quelle") == "quelle"


def test_stemming_and_stop_words():
    assert analyze("Veranstaltungen", mode="query") == analyze("Veranstaltung", mode="query")
    assert analyze("Fotos", mode="query") == analyze("Foto", mode="query")
    assert analyze("der die das und für", mode="query") == []


def test_compounds_split_into_known_parts_at_index_time_only():
    lexicon = CompoundLexicon()
    lexicon.learn("Hilfe für Flüchtlinge")
    terms = analyze("Flüchtlingshilfe", lexicon)
    assert analyze("Flüchtling", mode="query")[0] in terms
    assert analyze("Hilfe", mode="query")[0] in terms
    assert analyze("Flüchtlingshilfe", lexicon, mode="query") == [terms[0]]


def test_lexicon_round_trip(tmp_path):
    lexicon = CompoundLexicon()
    lexicon.learn("Kreishaus Herford Gäste")
    lexicon.save(tmp_path / "lex.txt")
    again = CompoundLexicon.load(tmp_path / "lex.txt")
    assert again.words == lexicon.words


def _postings(analyzer, text):
    from whoosh.formats import Characters

    return list(Characters().word_values(text, analyzer, mode="index"))


def test_memoised_indexing_gives_the_plain_chains_terms_positions_and_offsets():
    from whoosh.analysis.analyzers import CompositeAnalyzer

    from benchmarks.search_corpus import truth_records
    from search.analysis import german_analyzer
    from search.documents import index_document

    lexicon = CompoundLexicon()
    lexicon.learn("Hilfe für Flüchtlinge im Haus der Kultur")
    memo = german_analyzer(lexicon)
    plain = CompositeAnalyzer(*memo.items)
    texts = [
        "der Flüchtlingshilfe und die Flüchtlingshilfe",  # a stop word first, a word twice
        "Haus der Kultur, Straße 12 – é ü ß 3.4 x",
        "",
        "und der die",
    ]
    texts += [index_document(r)[f] for r in truth_records() for f in ("title", "content")]
    for text in texts:
        assert _postings(memo, text) == _postings(plain, text), text
    # a word learned later changes how compounds split: the memo must notice
    before = _postings(memo, "Zirkuszeltfest")
    lexicon.learn("Zirkuszelt Fest")
    assert _postings(memo, "Zirkuszeltfest") == _postings(plain, "Zirkuszeltfest") != before
