"""A fast ranked-retrieval path for the common queries: plain words, ANDed or ORed.

Whoosh scores a query by stepping its matcher tree one document at a time, which for a
common word means tens of thousands of Python calls per query. Here each term's
postings come as arrays, from the segment's ranking sidecar (search.rankfile) when the
list is long, else from Whoosh's posting blocks, and are scored with BM25F (the same
formula, parameters and statistics as Whoosh's default weighting, so scores and ranks
are Whoosh's) into a dense score vector over all documents. Words are combined with
vector operations; the matched documents are also what the facets are counted from.

Only queries made of Term, And, Or, AndMaybe, AndNot, Not (inside And), scored wildcard
and date-range nodes are handled; anything else (phrases, fuzzy terms) raises Unsupported
and Whoosh answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from search.columns import numeric_column
from search.postings import Unsupported, values_for, whole_list
from search.rankfile import load_segment

__all__ = ["FastRanker", "Matches", "Unsupported", "top_collapsed"]


class Matches:
    """Dense per-document scores and the mask of matching documents."""

    __slots__ = ("mask", "scores")

    def __init__(self, size: int):
        self.scores = np.zeros(size, dtype=np.float64)
        self.mask = np.zeros(size, dtype=bool)


class FastRanker:
    """Scores simple queries over one searcher; caches per-field length norms."""

    def __init__(self, searcher: Any, generation: Path | None = None, columns: Any = None):
        self.searcher = searcher
        self.columns = columns  # search.columns.DocColumns: date ranges as array masks
        weighting = searcher.weighting
        if type(weighting) is not BM25F or weighting._field_B:
            raise Unsupported("only the default BM25F weighting is supported")
        self.B, self.K1 = weighting.B, weighting.K1
        self.size = searcher.doc_count_all()
        self.leaves = []
        self.live: np.ndarray | None = None  # False for deleted documents, if there are any
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            deleted = reader.deleted_docs_set if reader.has_deletions() else None
            if deleted:
                if self.live is None:
                    self.live = np.ones(self.size, dtype=bool)
                self.live[np.fromiter(deleted, dtype=np.int64) + offset] = False
            ranks = load_segment(generation, reader) if generation is not None else None
            self.leaves.append((reader, offset, ranks))
        self._norms: dict[tuple[int, str], np.ndarray] = {}

    # -- postings ------------------------------------------------------------------

    def _norm_table(self, leaf_index: int, fieldname: str) -> np.ndarray:
        """Per-document BM25 length norm K1*((1-B)+B*fl/avgfl), by segment docnum."""
        key = (leaf_index, fieldname)
        norms = self._norms.get(key)
        if norms is None:
            reader = self.leaves[leaf_index][0]
            column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            if column is None:
                raise Unsupported(f"no lengths for {fieldname}")
            doccount = reader.doc_count_all()
            lengths = numeric_column(column, doccount)  # one length byte per document
            if lengths is None:
                lengths = np.frombuffer(bytes(column), dtype=np.uint8)
            avgfl = self.searcher.avg_field_length(fieldname) or 1
            B, K1 = self.B, self.K1
            by_byte = np.array([K1 * ((1 - B) + B * byte_to_length(b) / avgfl) for b in range(256)])
            norms = self._norms[key] = by_byte[lengths]
        return norms

    def _postings(self, leaf_index: int, fieldname: str, btext: bytes):
        """(segment docnums, weights) of one term in one segment, or None."""
        reader, _offset, ranks = self.leaves[leaf_index]
        if ranks is not None:
            found = ranks.get(fieldname, btext)
            if found is not None:
                return found
        ids, weights = whole_list(reader, fieldname, btext)
        if not ids:
            return None
        return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)

    def add_term(self, term: wq.Term, into: Matches) -> None:
        """Add the BM25F scores (times the term's boost) of `term` into `into`."""
        fieldname = term.fieldname
        schema = self.searcher.schema
        if fieldname not in schema:
            return
        field = schema[fieldname]
        btext = field.to_bytes(term.text)
        scorable = field.scorable
        if scorable:
            idf = self.searcher.idf(fieldname, term.text)
            k1 = self.K1 + 1
        for index, (_reader, offset, _ranks) in enumerate(self.leaves):
            postings = self._postings(index, fieldname, btext)
            if postings is None:
                continue
            ids, weights = postings
            weights = weights.astype(np.float64)
            if scorable:  # BM25F: idf * ((tf * (K1 + 1)) / (tf + norm)), Whoosh's order
                values = idf * (
                    (weights * k1) / (weights + self._norm_table(index, fieldname)[ids])
                )
            else:  # ID-like fields score their weight (Whoosh's WeightScorer)
                values = weights
            if term.boost != 1.0:
                values = values * term.boost
            docs = ids.astype(np.int64) + offset if offset else ids
            into.scores[docs] += values  # docnums are unique within one term
            into.mask[docs] = True

    def term_values(self, fieldname: str, btext: bytes, wanted: list[int]) -> dict[int, bytes]:
        """The raw posting values of one term for the sorted, global docnums `wanted`."""
        found: dict[int, bytes] = {}
        leaves = self.leaves
        for index, (reader, offset, _ranks) in enumerate(leaves):
            end = leaves[index + 1][1] if index + 1 < len(leaves) else None
            local = [d - offset for d in wanted if d >= offset and (end is None or d < end)]
            if local:
                for docnum, value in values_for(reader, fieldname, btext, local).items():
                    found[offset + docnum] = value
        return found

    # -- combining -----------------------------------------------------------------

    def matches(self, q: wq.Query) -> Matches:
        """Scores and mask of the documents matching `q`; raise Unsupported for other kinds."""
        kind = type(q)
        if kind is wq.Term:
            result = Matches(self.size)
            self.add_term(q, result)
            return result
        if kind is wq.Or and not q.minmatch and q.scale is None:
            result = Matches(self.size)
            self._accumulate(q, result)
        elif kind is wq.And:
            negated = [sub for sub in q.subqueries if type(sub) is wq.Not]
            parts = [self.matches(sub) for sub in q.subqueries if type(sub) is not wq.Not]
            if not parts:
                raise Unsupported("only negated parts")
            result = parts[0]
            for part in parts[1:]:
                result.scores += part.scores
                result.mask &= part.mask
            for sub in negated:  # "A NOT B": B removes documents; Whoosh's Not matcher
                result.mask &= ~self.matches(sub.query).mask  # scores its boost
                result.scores += sub.boost
        elif kind is wq.AndMaybe:
            result = self.matches(q.a)
            result.scores += self.matches(q.b).scores  # zero where the optional part is absent
        elif kind is wq.AndNot:
            result = self.matches(q.a)
            result.mask &= ~self.matches(q.b).mask
        elif isinstance(q, wq.MultiTerm) and not q.constantscore:
            # a scored wildcard: Whoosh's Or of the expanded terms, each with the boost
            result = Matches(self.size)
            fieldname = q.field()
            for btext in q._btexts(self.searcher.reader()):
                if btext:
                    self.add_term(wq.Term(fieldname, btext.decode("utf-8"), boost=q.boost), result)
            return result
        elif kind is wq.NumericRange and q.constantscore and self.columns is not None:
            # Whoosh scores a range with its boost alone; the date column answers it
            result = Matches(self.size)
            result.mask = self.columns.filter_mask(q)
            result.scores[result.mask] = 1.0  # times the boost below
        else:
            raise Unsupported(kind.__name__)
        if q.boost != 1.0:
            result.scores *= q.boost
        return result

    def _accumulate(self, q: wq.Or, into: Matches) -> None:
        """Add an Or's parts into one vector; nested plain Ors and Terms in place."""
        for sub in q.subqueries:
            kind = type(sub)
            if kind is wq.Term:
                self.add_term(sub, into)
            elif kind is wq.Or and sub.scale is None and not sub.minmatch and sub.boost == 1.0:
                self._accumulate(sub, into)
            else:
                part = self.matches(sub)
                into.scores += part.scores
                into.mask |= part.mask


def top_collapsed(
    docs: np.ndarray,
    scores: np.ndarray,
    groups: Any,
    limit: int,
    keys: np.ndarray | None = None,
) -> list[tuple[int, float]]:
    """The best `limit` (docnum, score) pairs, one per group, best first.

    `docs` are the matched docnums, `scores` their scores (parallel arrays); `groups[docnum]`
    is a document's result group (a photo album, or "" for none). With `keys`
    (e.g. dates, parallel too), the highest keys come first and scores only break ties;
    remaining ties go to the lower docnum.
    """
    primary = scores if keys is None else keys
    want = limit * 4 + 8
    total = len(docs)
    while True:
        if want >= total:
            chosen = np.arange(total)
        else:
            cut = np.partition(primary, total - want)[total - want]  # the want-th best key
            chosen = np.flatnonzero(primary >= cut)
        sort_keys = (docs[chosen], -scores[chosen])
        if keys is not None:
            sort_keys += (-keys[chosen],)
        order = chosen[np.lexsort(sort_keys)]
        seen: set = set()
        top: list[tuple[int, float]] = []
        for docnum, score in zip(docs[order].tolist(), scores[order].tolist(), strict=True):
            key = groups[docnum]
            if key:
                if key in seen:
                    continue
                seen.add(key)
            top.append((docnum, score))
            if len(top) == limit:
                return top
        if want >= total:
            return top
        want *= 4
