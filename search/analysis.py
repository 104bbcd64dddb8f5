"""German text analysis as Whoosh filters: folding, stop words, compound splitting, stemming."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from whoosh.analysis import (
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
    Token,
)
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.lang import stopwords_for_language
from whoosh.lang.snowball.german import GermanStemmer

TOKEN_PATTERN = r"\w+"
_WORDS = re.compile(TOKEN_PATTERN)

# Letters German writers replace by two-letter spellings, and diacritics from loan words.
_FOLD_TABLE = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "æ": "ae", "œ": "oe"})
# "ae"/"oe"/"ue" written for ä/ö/ü, except after a vowel or q ("Feuer", "Quelle", "neue").
_DIGRAPH = re.compile(r"(?<![aeiouyq])([aou])e")
_VOWEL_S = re.compile(r"(?<=[a-z]{3}[ao])s$")

_EXTRA_STOPWORDS = {"sowie", "wurde", "wurden", "worden", "beim", "bzw", "ca", "dass", "ab"}


@lru_cache(maxsize=500_000)
def fold(word: str) -> str:
    """Fold one lowercase word to its search key spelling: no umlauts, ß, accents or ae/oe/ue."""
    if not word.isascii():
        word = word.translate(_FOLD_TABLE)
        if not word.isascii():
            decomposed = unicodedata.normalize("NFKD", word)
            word = "".join(c for c in decomposed if not unicodedata.combining(c))
    if "e" in word:
        word = _DIGRAPH.sub(r"\1", word)
    return word


def text_words(text: str) -> set[str]:
    """The distinct lowercase words of a text."""
    return set(_WORDS.findall(text.lower()))


STOPWORDS: frozenset[str] = frozenset(
    fold(w) for w in (set(stopwords_for_language("de")) | _EXTRA_STOPWORDS)
)

_snowball = GermanStemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Stem a folded German word (Snowball German, plus plural -s after a/o: Fotos → foto)."""
    if len(word) < 3 or not word.isalpha():
        return word
    return _VOWEL_S.sub("", _snowball.stem(word))


class GermanFoldFilter(Filter):
    """Folds umlauts, ß, accents and ae/oe/ue spellings so all spellings meet in one term."""

    def __eq__(self, other):
        return type(self) is type(other)

    def __call__(self, tokens: Iterable) -> Iterator:
        for t in tokens:
            t.text = fold(t.text)
            yield t


class GermanStemFilter(Filter):
    """Reduces folded words to their Snowball German stem (cached)."""

    is_morph = True

    def __eq__(self, other):
        return type(self) is type(other)

    def __call__(self, tokens: Iterable) -> Iterator:
        for t in tokens:
            if not t.stopped:
                t.text = stem(t.text)
            yield t


# Linking elements between compound parts (Fugenelemente), longest first.
_LINKS = ("ens", "es", "en", "er", "ns", "s", "n", "e", "")
# Endings a compound's last part may carry ("Flüchtlingshilfen").
_ENDINGS = ("en", "er", "es", "e", "n", "s")


class CompoundLexicon:
    """Known words (folded forms and stems) used to split German compounds into parts.

    Built from a small bundled list of common compound parts plus every word of the
    indexed corpus, so `Flüchtlingshilfe` splits into `flüchtling` + `hilfe` when both
    occur somewhere on their own.
    """

    MIN_COMPOUND = 7
    MIN_PART = 4
    MIN_BASE_PART = 3
    MIN_UNKNOWN_TAIL = 6

    def __init__(self, words: Iterable[str] = ()):
        self.base: set[str] = set(_base_words())
        self.words: set[str] = set(words)
        self._splits: dict[str, tuple[str, ...]] = {}
        self.version = 0  # changes whenever a word is learned (analyzers key their memo on it)
        self.path: Path | None = None  # the file it was saved to or loaded from

    def __len__(self) -> int:
        return len(self.words)

    def learn_word(self, word: str) -> None:
        """Add one folded word (and its stem) to the lexicon."""
        if len(word) >= self.MIN_PART and word.isalpha() and word not in self.words:
            self.words.add(word)
            self.words.add(stem(word))
            self.version += 1
            if self._splits:
                self._splits.clear()

    def learn(self, text: str) -> None:
        """Add the words of a text to the lexicon."""
        self.learn_words(text_words(text))

    def learn_words(self, words: Iterable[str]) -> None:
        """Add lowercase words (see text_words) to the lexicon."""
        for word in words:
            folded = fold(word)
            if folded not in STOPWORDS:
                self.learn_word(folded)

    def _known(self, part: str) -> bool:
        n = len(part)
        if n >= self.MIN_PART and (part in self.words or part in self.base):
            return True
        if n >= self.MIN_BASE_PART and part in self.base:
            return True
        if n >= self.MIN_PART and stem(part) in self.words:
            return True
        for ending in _ENDINGS:
            if n - len(ending) >= self.MIN_PART and part.endswith(ending):
                core = part[: -len(ending)]
                if core in self.words or core in self.base:
                    return True
        return False

    def split(self, word: str) -> tuple[str, ...]:
        """Return the extra terms for a folded compound: its parts and its compound tails."""
        if len(word) < self.MIN_COMPOUND or not word.isalpha():
            return ()
        cached = self._splits.get(word)
        if cached is None:
            cached = tuple(self._split(word, 0) or ())
            self._splits[word] = cached
        return cached

    def _split(self, word: str, depth: int) -> list[str] | None:
        if depth > 4:
            return None
        n = len(word)
        for cut in range(n - self.MIN_BASE_PART, self.MIN_BASE_PART - 1, -1):
            head = word[:cut]
            if not self._known(head):
                continue
            for link in _LINKS:
                if not word.startswith(link, cut):
                    continue
                tail = word[cut + len(link) :]
                if len(tail) < self.MIN_BASE_PART:
                    continue
                if self._known(tail):
                    return [head, tail]
                deeper = self._split(tail, depth + 1)
                if deeper:
                    return [head, tail, *deeper]
        if depth == 0:  # a known head before a long unknown rest still marks a compound
            for cut in range(n - self.MIN_UNKNOWN_TAIL, self.MIN_PART - 1, -1):
                head = word[:cut]
                if head in self.words or head in self.base:
                    return [head, word[cut:]]
        return None

    def save(self, path: Path) -> None:
        """Write the corpus words (one per line) to `path` atomically."""
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text("\n".join(sorted(self.words)) + "\n", encoding="utf-8")
        tmp.replace(path)
        self.path = path

    @classmethod
    def load(cls, path: Path) -> CompoundLexicon:
        """Read a lexicon written by `save` (an empty lexicon if the file is missing)."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls()
        lexicon = cls(w for w in text.split("\n") if w)
        lexicon.path = path
        return lexicon


class GermanCompoundFilter(Filter):
    """At index time, adds the parts of German compounds as extra terms at the same position.

    The compound itself is kept, so exact matches still score best; the parts let
    `Hilfe` and `Flüchtling` find `Flüchtlingshilfe`. Queries are not split.
    The lexicon is attached at run time and never pickled into the index.
    """

    is_morph = True

    def __init__(self, lexicon: CompoundLexicon | None = None):
        self.lexicon = lexicon

    def __eq__(self, other):
        return type(self) is type(other)

    def __getstate__(self):
        # Only the file of a saved lexicon travels along (to the indexing sub-processes).
        path = getattr(self.lexicon, "path", None)
        return {"lexicon": None, "lexicon_path": str(path) if path else None}

    def __setstate__(self, state):
        self.lexicon = None
        self.lexicon_path = state.get("lexicon_path")

    def _lexicon(self) -> CompoundLexicon | None:
        if self.lexicon is None and getattr(self, "lexicon_path", None):
            path = Path(self.lexicon_path)
            self.lexicon_path = None
            if path.exists():
                self.lexicon = CompoundLexicon.load(path)
        return self.lexicon

    def memo_key(self) -> tuple:
        """What the terms of a word depend on besides the word: the lexicon and its state."""
        lexicon = self.lexicon if self.lexicon is not None else self._lexicon()
        return (id(lexicon), getattr(lexicon, "version", 0))

    def __call__(self, tokens: Iterable) -> Iterator:
        lexicon = self.lexicon if self.lexicon is not None else self._lexicon()
        for t in tokens:
            # read the word before yielding: later filters change the shared token in place
            original = t.text
            yield t
            if lexicon is None or t.mode != "index" or t.stopped:
                continue
            parts = lexicon.split(original)
            if parts:
                for part in parts:
                    t.text = part
                    yield t
                t.text = original


def _base_words() -> frozenset[str]:
    return _load_base_words()


@lru_cache(maxsize=1)
def _load_base_words() -> frozenset[str]:
    path = Path(__file__).with_name("compound_parts.txt")
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip().lower()
        for word in line.split():
            folded = fold(word)
            words.add(folded)
            words.add(stem(folded))
    return frozenset(w for w in words if len(w) >= 3)


def _tokenizer() -> RegexTokenizer:
    return RegexTokenizer(TOKEN_PATTERN)


class WordMemoAnalyzer(CompositeAnalyzer):
    """A filter chain that, when indexing, runs each distinct word through its filters once.

    A German text repeats its words, and a corpus repeats them across documents, so the
    terms each word becomes (folded, stemmed, compound parts) are remembered per word
    and replayed. The terms are exactly those of the chain itself: the filters run on
    a stream of that one word. This relies on the filters after the tokenizer treating
    each word on its own; the one exception, StopFilter renumbering the positions of
    the words it keeps, is done here the same way. Other calls run the plain chain.
    """

    MEMO_WORDS = 200_000

    def __init__(self, *items):
        super().__init__(*items)
        self._memo: dict[str, tuple[str, ...]] = {}
        self._memo_key = None

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_memo"], state["_memo_key"] = {}, None
        return state

    def _terms_of(self, word: str) -> tuple[str, ...]:
        token = Token(positions=True, chars=True, boosts=True, removestops=True, mode="index")
        token.text, token.pos, token.startchar, token.endchar, token.boost = word, 0, 0, 0, 1.0
        stream = iter((token,))
        for item in self.items[1:]:
            stream = item(stream)
        return tuple(t.text for t in stream if not t.stopped)

    def __call__(self, value, no_morph=False, **kwargs):
        plain = (
            no_morph
            or kwargs.get("mode") != "index"
            or not kwargs.get("removestops", True)
            or kwargs.get("keeporiginal")
            or not kwargs.get("tokenize", True)
            or kwargs.get("start_pos", 0)
            or kwargs.get("start_char", 0)
        )
        if plain:
            return super().__call__(value, no_morph=no_morph, **kwargs)
        return self._index_tokens(value, kwargs.get("positions", False), kwargs.get("chars", False))

    def _index_tokens(self, value: str, positions: bool, chars: bool):
        key = tuple(getattr(item, "memo_key", lambda: None)() for item in self.items)
        if key != self._memo_key or len(self._memo) > self.MEMO_WORDS:
            self._memo, self._memo_key = {}, key
        memo = self._memo
        token = Token(positions=positions, chars=chars, boosts=True, removestops=True, mode="index")
        token.boost, token.stopped = 1.0, False
        pos = None
        for raw, match in enumerate(self.items[0](value, chars=chars, mode="index")):
            word = match.text
            terms = memo.get(word)
            if terms is None:
                terms = memo[word] = self._terms_of(word)
            if not terms:
                continue
            pos = raw if pos is None else pos + 1  # StopFilter's renumbering
            if positions:
                token.pos = pos
            if chars:
                token.startchar, token.endchar = match.startchar, match.endchar
            for term in terms:
                token.text = term
                yield token


def german_analyzer(lexicon: CompoundLexicon | None = None):
    """Return the analyzer for German text fields (index time splits compounds via `lexicon`)."""
    return WordMemoAnalyzer(
        _tokenizer(),
        LowercaseFilter(),
        GermanFoldFilter(),
        StopFilter(stoplist=STOPWORDS, minsize=2),
        GermanCompoundFilter(lexicon),
        GermanStemFilter(),
    )


def name_analyzer():
    """Return the analyzer for names and places: folding and stop words, no stemming."""
    return _tokenizer() | LowercaseFilter() | GermanFoldFilter() | StopFilter(stoplist=STOPWORDS)


def analyze(text: str, lexicon: CompoundLexicon | None = None, mode: str = "index") -> list[str]:
    """Return the terms the German analyzer makes of `text` (for tests and debugging)."""
    return [t.text for t in german_analyzer(lexicon)(text, mode=mode)]
