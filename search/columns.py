"""Per-document columns of an open index as arrays: facet counts and filter masks.

Record type, year and date are read once per searcher from Whoosh's sortable columns;
counting the facets of a result or applying `--type`/`--from`/`--to` is then a vector
operation over the matched docnums instead of a Python loop or a second query.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh import query as wq

NO_DATE = "ohne Datum"


class Codes:
    """One column as small integer codes plus the list of distinct values."""

    def __init__(self, values: list):
        self.names: list = []
        index: dict = {}
        codes = np.empty(len(values), dtype=np.int32)
        for i, value in enumerate(values):
            code = index.get(value)
            if code is None:
                code = index[value] = len(self.names)
                self.names.append(value)
            codes[i] = code
        self.index = index
        self.codes = codes

    def count(self, docs: np.ndarray) -> dict:
        """value → number of `docs` having it (values with no document left out)."""
        counts = np.bincount(self.codes[docs], minlength=len(self.names))
        return {self.names[i]: int(n) for i, n in enumerate(counts.tolist()) if n}


class DocColumns:
    """The type, date and group columns of one searcher."""

    def __init__(self, searcher: Any):
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        self._cache: dict[str, Any] = {}

    def values(self, name: str) -> list:
        """The raw column values by docnum."""
        key = "values:" + name
        if key not in self._cache:
            values: list = []
            for leaf, _offset in self.searcher.leaf_searchers():
                reader = leaf.reader()
                column = list(reader.column_reader(name))
                # a segment where no document has a value may have no column at all
                values.extend(
                    column
                    if len(column) == reader.doc_count_all()
                    else [None] * reader.doc_count_all()
                )
            self._cache[key] = values
        return self._cache[key]

    def _codes(self, name: str) -> Codes:
        key = "codes:" + name
        if key not in self._cache:
            if name == "year":
                years = [str(d // 10000) if d and d // 10000 else NO_DATE for d in self.dates()]
                self._cache[key] = Codes(years)
            else:
                self._cache[key] = Codes(self.values(name))
        return self._cache[key]

    def dates(self) -> np.ndarray:
        """Each document's date as a YYYYMMDD number (0: none)."""
        if "dates" not in self._cache:
            self._cache["dates"] = np.asarray([d or 0 for d in self.values("date")], dtype=np.int64)
        return self._cache["dates"]

    def facets(self, docs) -> dict[str, dict[str, int]]:
        """Counts of the matched docnums by record type and by year."""
        docs = np.asarray(docs, dtype=np.int64)
        by_type = self._codes("type").count(docs)
        by_year = self._codes("year").count(docs)
        return {
            "type": dict(sorted(by_type.items(), key=lambda item: (-item[1], item[0]))),
            "year": dict(sorted(by_year.items(), reverse=True)),
        }

    def filter_mask(self, flt: wq.Query) -> np.ndarray:
        """The documents a --type/--from/--to filter lets through, as a boolean mask."""
        kind = type(flt)
        if kind is wq.Term and flt.fieldname == "type":
            codes = self._codes("type")
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
