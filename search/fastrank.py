"""A fast ranked-retrieval path for the common queries: plain words, ANDed or ORed.

Whoosh scores a query by stepping its matcher tree one document at a time, which for a
common word means tens of thousands of Python calls per query. Here the posting lists
are read a block at a time, whole lists are intersected as sets, and BM25F (the same
formula, parameters and statistics as Whoosh's default weighting, so scores and ranks
are identical) is computed in comprehensions. The set of matched documents is also
what the facets are counted from.

Only queries made of Term, And, Or (without coordination scaling) and AndMaybe nodes
are handled; `score_query` returns None for anything else and the caller lets Whoosh
answer. The block reading uses the internals of whoosh3's W3LeafMatcher; if those
change, the path switches itself off and Whoosh answers everything.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from collections import OrderedDict
from itertools import accumulate, repeat
from operator import add, mul, truediv
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

Scores = dict[int, float]

# Term score lists kept per searcher: at most this many postings in all (16 bytes each),
# and only lists long enough to be worth it.
CACHE_POSTINGS = 4_000_000
CACHE_MIN_POSTINGS = 2_000


class Unsupported(Exception):
    """The query or the index cannot use the fast path."""


class FastRanker:
    """Scores simple queries over one searcher; caches per-field length tables."""

    def __init__(self, searcher: Any):
        self.searcher = searcher
        weighting = searcher.weighting
        if type(weighting) is not BM25F or weighting._field_B:
            raise Unsupported("only the default BM25F weighting is supported")
        self.B, self.K1 = weighting.B, weighting.K1
        self.leaves = []
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            if reader.has_deletions():
                deleted = {d for d in range(reader.doc_count_all()) if reader.is_deleted(d)}
            else:
                deleted = set()
            self.leaves.append((reader, offset, deleted))
        self._norms: dict[tuple[int, str], list[float]] = {}
        self._cache: OrderedDict[tuple, tuple[array, array]] = OrderedDict()
        self._cached = 0

    # -- reading postings ----------------------------------------------------------

    def _norm_table(self, leaf_index: int, fieldname: str) -> list[float]:
        """Per-document BM25 length norm K1*((1-B)+B*fl/avgfl), a flat list by docnum."""
        key = (leaf_index, fieldname)
        norms = self._norms.get(key)
        if norms is None:
            reader = self.leaves[leaf_index][0]
            perdoc = reader._perdoc
            column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            if column is None:
                raise Unsupported(f"no lengths for {fieldname}")
            lengths = bytes(column)  # one length byte per document
            avgfl = self.searcher.avg_field_length(fieldname) or 1
            B, K1 = self.B, self.K1
            by_byte = [K1 * ((1 - B) + B * byte_to_length(b) / avgfl) for b in range(256)]
            norms = self._norms[key] = [by_byte[b] for b in lengths]
        return norms

    def _postings(self, reader, fieldname: str, btext: bytes):
        """Yield (ids, weights) per posting block of one term in one segment.

        `ids` is an iterable of docnums; `weights` is None when every weight is 1.0, a float
        when all are that value, else a sequence parallel to `ids`.
        """
        try:
            m = reader.postings(fieldname, btext)
        except TermNotFound:
            return
        if not hasattr(m, "_read_data") or not hasattr(m, "_next_block"):
            raise Unsupported("unknown matcher")
        while not m._atend:
            m._read_data()
            ids, weights = m._data[0], m._data[1]
            if not m._byteids:
                ids = list(accumulate(ids))  # the deltas' running sum, as delta_decode
            yield ids, weights  # weights: None (all 1.0), one float for all, or per posting
            m._next_block()

    def term_values(self, fieldname: str, btext: bytes, wanted: list[int]) -> dict[int, bytes]:
        """The raw posting values of one term for the (sorted, global) docnums `wanted`.

        Blocks are skipped by their last docnum without being decoded, so finding the
        values of ten hits costs a few block reads however long the list is.
        """
        found: dict[int, bytes] = {}
        leaves = self.leaves
        for index, (reader, offset, _deleted) in enumerate(leaves):
            end = leaves[index + 1][1] if index + 1 < len(leaves) else None
            local = [d - offset for d in wanted if d >= offset and (end is None or d < end)]
            if not local:
                continue
            try:
                m = reader.postings(fieldname, btext)
            except TermNotFound:
                continue
            i = 0
            while not m._atend and i < len(local):
                if m._maxid < local[i]:
                    m._next_block()
                    continue
                m._read_ids()
                m._read_values()
                ids, values = m._ids, m._values
                while i < len(local) and local[i] <= m._maxid:
                    at = bisect_left(ids, local[i])
                    if at < len(ids) and ids[at] == local[i]:
                        found[offset + local[i]] = values[at]
                    i += 1
                m._next_block()
        return found

    def _remember(self, key: tuple, compute) -> Scores:
        """Scores of one query word, remembered compactly (two arrays) while the searcher lives.

        A long-running searcher sees the same common words again and again, and their
        posting lists are the expensive part of a query. The cache holds at most
        CACHE_POSTINGS postings; the least recently used words are dropped first.
        """
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return dict(zip(cached[0], cached[1], strict=True))
        scores = compute()
        if len(scores) >= CACHE_MIN_POSTINGS:
            self._cache[key] = (array("l", scores.keys()), array("d", scores.values()))
            self._cached += len(scores)
            while self._cached > CACHE_POSTINGS and len(self._cache) > 1:
                _, (ids, _scores) = self._cache.popitem(last=False)
                self._cached -= len(ids)
        return scores

    def term_scores(self, term: wq.Term) -> Scores:
        """BM25F score of every document containing `term` (times the term's boost)."""
        fieldname, text = term.fieldname, term.text
        schema = self.searcher.schema
        if fieldname not in schema:
            return {}
        field = schema[fieldname]
        btext = field.to_bytes(text)
        boost = term.boost
        scores: Scores = {}
        if not field.scorable:  # ID-like fields score their weight (Whoosh WeightScorer)
            for reader, offset, deleted in self.leaves:
                for ids, weights in self._postings(reader, fieldname, btext):
                    ids = list(ids)
                    if weights is None or isinstance(weights, float):
                        weights = (1.0 if weights is None else weights,) * len(ids)
                    scores.update(
                        (offset + d, w * boost)
                        for d, w in zip(ids, weights, strict=True)
                        if d not in deleted
                    )
            return scores
        idf = self.searcher.idf(fieldname, text)
        k1 = self.K1 + 1
        for index, (reader, offset, deleted) in enumerate(self.leaves):
            norm = self._norm_table(index, fieldname)
            for ids, weights in self._postings(reader, fieldname, btext):
                # BM25F, idf * ((w * k1) / (w + norm)) [* boost], the same float operations in
                # the same order, but as chained map() calls: no Python code per posting
                norms = map(norm.__getitem__, ids)
                if weights is None or isinstance(weights, float):
                    w = 1.0 if weights is None else weights
                    ratios = map(truediv, repeat(w * k1), map(add, repeat(w), norms))
                else:
                    ratios = map(truediv, map(mul, weights, repeat(k1)), map(add, weights, norms))
                values = map(mul, repeat(idf), ratios)
                if boost != 1.0:
                    values = map(mul, values, repeat(boost))
                keys = map(add, ids, repeat(offset)) if offset else ids
                if not deleted:
                    scores.update(zip(keys, values, strict=True))
                    continue
                live = [(d, v) for d, v in zip(ids, values, strict=True) if d not in deleted]
                scores.update((offset + d, v) for d, v in live)
        return scores

    # -- combining -----------------------------------------------------------------

    def scores(self, q: wq.Query) -> Scores:
        """Scores of all documents matching `q`; raise Unsupported for other query kinds."""
        kind = type(q)
        if kind is wq.Term:
            key = (q.fieldname, q.text, q.boost)
            return self._remember(key, lambda: self.term_scores(q))
        if kind is wq.Or and q.boost == 1.0 and all(type(t) is wq.Term for t in q.subqueries):
            # one word of a plain query, searched in several fields: cached as a whole
            key = tuple((t.fieldname, t.text, t.boost) for t in q.subqueries)
            return self._remember(key, lambda: self._or_scores(q, self.term_scores))
        if getattr(q, "boost", 1.0) != 1.0:
            raise Unsupported("boosted compound query")
        if kind is wq.And:
            parts = sorted((self.scores(sub) for sub in q.subqueries), key=len)
            if not parts:
                return {}
            # the documents of the shortest list that are in all others, in that list's order
            # (mostly ascending docnums); filter() keeps the loop in C
            docs = list(parts[0])
            for part in parts[1:]:
                docs = list(filter(part.__contains__, docs))
                if not docs:
                    return {}
            # the same sums as sum(p[d] for p in parts), as C-level maps over the documents
            sums = map(parts[0].__getitem__, docs)
            for part in parts[1:]:
                sums = map(add, sums, map(part.__getitem__, docs))
            return dict(zip(docs, sums, strict=True))
        if kind is wq.Or and getattr(q, "scale", None) is None and not q.minmatch:
            return self._or_scores(q, self.scores)
        if kind is wq.AndMaybe:
            required = self.scores(q.a)
            optional = self.scores(q.b)
            return {d: s + optional.get(d, 0.0) for d, s in required.items()}
        raise Unsupported(kind.__name__)

    @staticmethod
    def _or_scores(q: wq.Or, score) -> Scores:
        parts = sorted((score(sub) for sub in q.subqueries), key=len, reverse=True)
        if not parts:
            return {}
        merged = parts[0]  # every score dict here is a fresh one (cache hits too): no copy
        for part in parts[1:]:  # merged[d] = merged.get(d, 0.0) + s, in C-level maps
            keys = list(part)
            olds = map(merged.get, keys, repeat(0.0))
            merged.update(zip(keys, map(add, olds, part.values()), strict=True))
        return merged


def top_collapsed(scores: Scores, groups: list, limit: int) -> list[tuple[int, float]]:
    """The best `limit` (docnum, score) pairs, one per group, best first (ties: lower docnum)."""
    want = limit * 4 + 8
    while True:
        if want >= len(scores):
            best = list(scores)
        else:
            best = heapq.nlargest(want, scores, key=scores.__getitem__)
        ranked = sorted((-scores[d], d) for d in best)
        seen: set = set()
        top: list[tuple[int, float]] = []
        for negative, docnum in ranked:
            key = groups[docnum]
            if key:
                if key in seen:
                    continue
                seen.add(key)
            top.append((docnum, -negative))
            if len(top) == limit:
                return top
        if want >= len(scores):
            return top
        want *= 4
