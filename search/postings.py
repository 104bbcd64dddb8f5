"""Reading Whoosh posting lists a block at a time, instead of one posting per Python call.

Deleted documents are not skipped here: callers mask them out. Uses the block internals of whoosh3's W3LeafMatcher (`_read_data`, `_next_block`,
`_maxid`, …). If another codec answers, `Unsupported` is raised and callers fall back
to Whoosh's public matcher interface.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from itertools import accumulate

from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound


class Unsupported(Exception):
    """The query or the index cannot use the fast path."""


def _matcher(reader, fieldname: str, btext: bytes):
    try:
        m = reader.postings(fieldname, btext)
    except TermNotFound:
        return None
    if isinstance(m, FilterMatcher):  # skips deleted documents; callers mask them out
        m = m.child
    if not all(hasattr(m, name) for name in ("_read_data", "_next_block", "_atend", "_maxid")):
        raise Unsupported("unknown posting matcher")
    return m


def posting_blocks(reader, fieldname: str, btext: bytes) -> Iterator[tuple[list, object]]:
    """Yield (docnums, weights) per posting block of one term in one segment reader.

    `weights` is None when every weight is 1.0, a float when all are that value, else a
    sequence parallel to `docnums`.
    """
    m = _matcher(reader, fieldname, btext)
    if m is None:
        return
    while not m._atend:
        m._read_data()
        ids, weights = m._data[0], m._data[1]
        if not m._byteids:
            ids = list(accumulate(ids))  # the deltas' running sum, as delta_decode
        yield ids, weights
        m._next_block()


def whole_list(reader, fieldname: str, btext: bytes) -> tuple[list[int], list[float]]:
    """All (docnums, weights) of one term in one segment reader, as two parallel lists."""
    ids: list[int] = []
    weights: list[float] = []
    for block_ids, block_weights in posting_blocks(reader, fieldname, btext):
        ids.extend(block_ids)
        if block_weights is None or isinstance(block_weights, float):
            weights.extend([1.0 if block_weights is None else block_weights] * len(block_ids))
        else:
            weights.extend(block_weights)
    return ids, weights


def values_for(reader, fieldname: str, btext: bytes, wanted: list[int]) -> dict[int, bytes]:
    """The raw posting values of one term for the sorted segment docnums `wanted`.

    Blocks are skipped by their last docnum without being decoded, so finding the
    values of ten hits costs a few block reads however long the list is.
    """
    found: dict[int, bytes] = {}
    m = _matcher(reader, fieldname, btext)
    if m is None:
        return found
    i = 0
    while not m._atend and i < len(wanted):
        if m._maxid < wanted[i]:
            m._next_block()
            continue
        m._read_ids()
        m._read_values()
        ids, values = m._ids, m._values
        while i < len(wanted) and wanted[i] <= m._maxid:
            at = bisect_left(ids, wanted[i])
            if at < len(ids) and ids[at] == wanted[i]:
                found[wanted[i]] = values[at]
            i += 1
        m._next_block()
    return found
