"""The spelling vocabulary behind "Meinten Sie: …": the words of the indexed texts.

Whoosh's own spelling support indexes every word a second time, as postings of a
`spell_*` field, only to read back the list of words. This file keeps just that list,
with counts, written next to the index by the indexer. Words are looked up by their
folded form (`Fluechtlinge`, `Flüchtlinge` meet), and a suggestion is shown in the
spelling found most often in the archive.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from search.analysis import STOPWORDS, fold

SPELLING_FILE = "spelling.txt"


class SpellingVocabulary:
    """Lowercase words of the archive with their counts, searchable by edit distance."""

    MIN_LENGTH = 3

    def __init__(self, counts: Counter | None = None):
        self.counts: Counter = counts if counts is not None else Counter()
        self._by_key: dict[str, str] | None = None
        self._keys: list[str] | None = None

    def __len__(self) -> int:
        return len(self.counts)

    def learn(self, words: Iterable[str]) -> None:
        """Count lowercase words (of one record's title and text)."""
        for word in words:
            if len(word) >= self.MIN_LENGTH and word.isalpha() and fold(word) not in STOPWORDS:
                self.counts[word] += 1
        self._by_key = self._keys = None

    def _index(self) -> tuple[dict[str, str], list[str]]:
        if self._by_key is None or self._keys is None:
            best: dict[str, str] = {}
            for word, count in self.counts.items():
                key = fold(word)
                known = best.get(key)
                if known is None or (count, word) > (self.counts[known], known):
                    best[key] = word
            self._by_key, self._keys = best, sorted(best)
        return self._by_key, self._keys

    def suggest(self, word: str, limit: int = 5, maxdist: int = 2) -> list[str]:
        """Words within `maxdist` edits of `word` (compared folded), closest and commonest first."""
        from whoosh.spelling import ListCorrector

        by_key, keys = self._index()
        key = fold(word.lower())
        found: dict[str, int] = {}
        # ListCorrector yields (-distance, word) pairs, nearest distance first
        for negative, candidate in ListCorrector(keys)._suggestions(key, maxdist, 0):
            if candidate != key and candidate not in found:
                found[candidate] = -negative
        ranked = sorted(found, key=lambda k: (found[k], -self.counts[by_key[k]], k))
        return [by_key[k] for k in ranked[:limit]]

    def with_prefix(self, prefix: str, limit: int) -> list[str]:
        """Up to `limit` words whose folded form starts with the folded `prefix`, commonest first."""
        by_key, keys = self._index()
        start = bisect_left(keys, prefix)
        end = bisect_left(keys, prefix + "\uffff", start)
        words = [by_key[k] for k in keys[start:end]]
        return sorted(words, key=lambda w: (-self.counts[w], w))[:limit]

    def save(self, path: Path) -> None:
        """Write `word<TAB>count` lines atomically."""
        tmp = path.with_name(path.name + ".tmp")
        lines = (f"{w}\t{c}\n" for w, c in sorted(self.counts.items()))
        tmp.write_text("".join(lines), encoding="utf-8")
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> SpellingVocabulary:
        """Read a file written by `save`; an empty vocabulary when it is missing."""
        counts: Counter = Counter()
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(counts)
        for line in text.splitlines():
            word, _, count = line.partition("\t")
            if word:
                counts[word] = int(count) if count.isdigit() else 1
        return cls(counts)
