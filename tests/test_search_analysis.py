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
