"""Ranking sidecars: the long posting lists of each index segment as flat arrays.

Ranking a common word means reading tens of thousands of postings. Whoosh decodes them
block by block in Python; these files hold the same docnums and weights as two flat
NumPy arrays that a search maps into memory and scores in a few vector operations.
They are written by the indexer after every commit, one set per segment (Whoosh
segments never change once written, only their deletions do, and those are read
from the segment at search time). A segment without a sidecar, or with one that does
not match it, is simply read through Whoosh: the files only make searching faster.

Files in the generation folder, per segment::

    <segment>.rank.json     format, segment, document count, term → [start, count]
    <segment>.rank.ids.npy  uint32 docnums within the segment, term after term
    <segment>.rank.w.npy    float32 weights (term frequencies), parallel to the docnums
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from search.postings import whole_list

FORMAT = 1
# The fields unfielded words and the type hint rank by (see queries.DEFAULT_FIELDS).
RANK_FIELDS = ("content", "title", "meta", "type")
# Shorter posting lists are cheap enough to read through Whoosh.
MIN_POSTINGS = 1000

_JSON, _IDS, _WEIGHTS = ".rank.json", ".rank.ids.npy", ".rank.w.npy"


def _paths(generation: Path, segid: str) -> tuple[Path, Path, Path]:
    return tuple(generation / f"{segid}{suffix}" for suffix in (_JSON, _IDS, _WEIGHTS))


def _long_lists(reader, fieldname: str, min_postings: int):
    """Yield (term bytes, docnums, weights) for the terms of a field with long posting lists."""
    for btext in reader.lexicon(fieldname):
        if reader.doc_frequency(fieldname, btext) < min_postings:
            continue
        ids, weights = whole_list(reader, fieldname, btext)
        wide = np.asarray(weights, dtype=np.float64)
        narrow = wide.astype(np.float32)
        if not np.array_equal(narrow, wide):  # a boosted weight float32 cannot hold exactly
            continue
        yield btext, np.asarray(ids, dtype=np.uint32), narrow


def write_segment(generation: Path, reader, min_postings: int | None = None) -> int:
    """Write the sidecar of one segment reader; return the number of postings in it."""
    if min_postings is None:
        min_postings = MIN_POSTINGS
    segid = reader.segment().segment_id()
    meta_path, ids_path, weights_path = _paths(generation, segid)
    terms: dict[str, dict[str, list[int]]] = {}
    id_parts, weight_parts = [], []
    start = 0
    for fieldname in RANK_FIELDS:
        if fieldname not in reader.schema:
            continue
        for btext, ids, weights in _long_lists(reader, fieldname, min_postings):
            terms.setdefault(fieldname, {})[btext.hex()] = [start, len(ids)]
            id_parts.append(ids)
            weight_parts.append(weights)
            start += len(ids)
    ids = np.concatenate(id_parts) if id_parts else np.zeros(0, np.uint32)
    weights = np.concatenate(weight_parts) if weight_parts else np.zeros(0, np.float32)
    for path, array in ((ids_path, ids), (weights_path, weights)):
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as fh:
            np.save(fh, array)
        os.replace(tmp, path)
    header = {
        "format": FORMAT,
        "segment": segid,
        "docs": reader.doc_count_all(),
        "postings": start,
        "terms": terms,
    }
    tmp = meta_path.with_name(meta_path.name + ".tmp")
    tmp.write_text(json.dumps(header), encoding="utf-8")
    os.replace(tmp, meta_path)  # last: a segment has a sidecar once its header exists
    return start


def write_rankfiles(generation: Path, ix) -> int:
    """Write sidecars for the segments of `ix` that lack one; remove those of gone segments.

    Call while holding the index write lock, after a commit. Returns the postings written.
    """
    generation = Path(generation)
    written = 0
    live: set[str] = set()
    with ix.reader() as reader:
        for leaf, _offset in reader.leaf_readers():
            segment = leaf.segment()
            if segment is None:  # an empty index has no segments
                continue
            segid = segment.segment_id()
            live.add(segid)
            if not _paths(generation, segid)[0].exists():
                written += write_segment(generation, leaf)
    for path in generation.glob(f"*{_JSON}"):
        segid = path.name[: -len(_JSON)]
        if segid not in live:
            for stale in _paths(generation, segid):
                stale.unlink(missing_ok=True)
    return written


class SegmentRanks:
    """The sidecar of one segment, memory-mapped."""

    def __init__(self, terms: dict, ids: np.ndarray, weights: np.ndarray):
        self.terms = terms
        self.ids = ids
        self.weights = weights

    def get(self, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """(docnums, weights) of a term with a long posting list, or None."""
        span = self.terms.get(fieldname, {}).get(btext.hex())
        if span is None:
            return None
        start, count = span
        return self.ids[start : start + count], self.weights[start : start + count]


def load_segment(generation: Path, reader) -> SegmentRanks | None:
    """The sidecar of a segment reader, or None when there is none that matches it."""
    segment = reader.segment()
    if segment is None:
        return None
    segid = segment.segment_id()
    meta_path, ids_path, weights_path = _paths(Path(generation), segid)
    try:
        header = json.loads(meta_path.read_text(encoding="utf-8"))
        if (
            header.get("format") != FORMAT
            or header.get("segment") != segid
            or header.get("docs") != reader.doc_count_all()
        ):
            return None
        ids = np.load(ids_path, mmap_mode="r") if header["postings"] else np.zeros(0, np.uint32)
        weights = (
            np.load(weights_path, mmap_mode="r") if header["postings"] else np.zeros(0, np.float32)
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if len(ids) != header["postings"] or len(weights) != header["postings"]:
        return None
    return SegmentRanks(header["terms"], ids, weights)
