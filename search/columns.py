"""Per-document columns of an open index as arrays: facet counts and filter masks.

Record type and date are read once per searcher as arrays: types from the postings of
the `type` field, dates from the raw bytes of Whoosh's numeric column (one block read
instead of a Python call per document). Counting the facets of a result or applying
`--type`/`--from`/`--to` is then a vector operation over the matched docnums.
"""

from __future__ import annotations

import bisect
from typing import Any

import numpy as np
from whoosh import query as wq

from search.postings import whole_list

NO_DATE = "ohne Datum"


def numeric_column(column: Any, doccount: int) -> np.ndarray | None:
    """The values of a Whoosh NumericColumn reader as one array, or None if it is another kind.

    Reads the column's fixed-size big-endian values in one go (whoosh3's NumericColumn
    layout); documents past the stored ones get the column default.
    """
    inner = getattr(column, "_reader", column)  # unwrap a TranslatingColumnReader
    try:
        typecode, count, width = inner._typecode, inner._count, inner._fixedlen
        raw = inner._dbfile.get(inner._basepos, count * width) if count else b""
        values = np.frombuffer(raw, dtype=np.dtype(">" + typecode))
        default = inner._default
    except (AttributeError, TypeError, ValueError):
        return None
    if len(values) < doccount:
        values = np.concatenate([values, np.full(doccount - len(values), default, values.dtype)])
    return values[:doccount].astype(np.int64)


class Codes:
    """One column as small integer codes plus the list of distinct values."""

    def __init__(self, codes: np.ndarray, names: list):
        self.codes = codes
        self.names = names
        self.index = {name: i for i, name in enumerate(names)}

    def count(self, docs: np.ndarray) -> dict:
        """value → number of `docs` having it (values with no document left out)."""
        counts = np.bincount(self.codes[docs], minlength=len(self.names))
        return {self.names[i]: int(n) for i, n in enumerate(counts.tolist()) if n}


class Groups:
    """Each document's result group (a photo album), looked up one document at a time."""

    def __init__(self, searcher: Any):
        self.leaves = [(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]
        self.offsets = [offset for _, offset in self.leaves]
        self._columns: dict[int, Any] = {}

    def __getitem__(self, docnum: int) -> str:
        index = bisect.bisect_right(self.offsets, docnum) - 1
        reader, offset = self.leaves[index]
        if index not in self._columns:
            self._columns[index] = reader.column_reader("group")
        try:
            return self._columns[index][docnum - offset] or ""
        except (IndexError, KeyError):  # a segment without the column
            return ""


class DocColumns:
    """The type, date and group columns of one searcher."""

    def __init__(self, searcher: Any):
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        self.groups = Groups(searcher)
        self._cache: dict[str, Any] = {}

    def types(self) -> Codes:
        """Each document's record type as a code."""
        if "types" not in self._cache:
            codes = np.zeros(self.size, dtype=np.int32)
            names: list = [None]  # code 0: no type
            for leaf, offset in self.searcher.leaf_searchers():
                reader = leaf.reader()
                if "type" not in reader.schema:
                    continue
                for btext in reader.lexicon("type"):
                    name = btext.decode("utf-8")
                    if name not in names:
                        names.append(name)
                    ids, _weights = whole_list(reader, "type", btext)
                    codes[np.asarray(ids, dtype=np.int64) + offset] = names.index(name)
            self._cache["types"] = Codes(codes, names)
        return self._cache["types"]

    def years(self) -> Codes:
        """Each document's year as a code ("ohne Datum" for none)."""
        if "years" not in self._cache:
            years = self.dates() // 10000
            found = np.unique(years).tolist()
            names = [str(y) if y else NO_DATE for y in found]
            self._cache["years"] = Codes(np.searchsorted(found, years).astype(np.int32), names)
        return self._cache["years"]

    def dates(self) -> np.ndarray:
        """Each document's date as a YYYYMMDD number (0: none)."""
        if "dates" not in self._cache:
            parts = []
            for leaf, _offset in self.searcher.leaf_searchers():
                reader = leaf.reader()
                doccount = reader.doc_count_all()
                column = reader.column_reader("date")
                values = numeric_column(column, doccount)
                if values is None:  # another column kind: read it value by value
                    values = np.asarray([d or 0 for d in column], dtype=np.int64)
                if len(values) != doccount:  # a segment where no record has a date
                    values = np.zeros(doccount, dtype=np.int64)
                parts.append(values)
            self._cache["dates"] = np.concatenate(parts) if parts else np.zeros(0, np.int64)
        return self._cache["dates"]

    def facets(self, docs) -> dict[str, dict[str, int]]:
        """Counts of the matched docnums by record type and by year."""
        docs = np.asarray(docs, dtype=np.int64)
        by_type = self.types().count(docs)
        by_year = self.years().count(docs)
        return {
            "type": dict(sorted(by_type.items(), key=lambda item: (-item[1], item[0]))),
            "year": dict(sorted(by_year.items(), reverse=True)),
        }

    def filter_mask(self, flt: wq.Query) -> np.ndarray:
        """The documents a --type/--from/--to filter lets through, as a boolean mask."""
        kind = type(flt)
        if kind is wq.Term and flt.fieldname == "type":
            codes = self.types()
            code = codes.index.get(flt.text)
            if code is None:
                return np.zeros(self.size, dtype=bool)
            return codes.codes == code
        if kind is wq.NumericRange and flt.fieldname == "date":
            dates = self.dates()
            mask = dates > 0
            if flt.start is not None:
                mask &= dates > flt.start if flt.startexcl else dates >= flt.start
            if flt.end is not None:
                mask &= dates < flt.end if flt.endexcl else dates <= flt.end
            return mask
        if kind in (wq.And, wq.Or) and flt.subqueries:
            masks = [self.filter_mask(sub) for sub in flt.subqueries]
            combine = np.logical_and if kind is wq.And else np.logical_or
            return combine.reduce(masks)
        mask = np.zeros(self.size, dtype=bool)
        mask[list(self.searcher.docs_for_query(flt))] = True
        return mask
