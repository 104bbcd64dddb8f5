"""An in-memory record source with the store's reading interface (for tests and benchmarks)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


class MemorySource:
    """Records kept in a list of runs; mimics iter_records / changes_since / latest_run_id."""

    def __init__(self, records: Iterable[dict] = ()):
        self.records: dict[str, dict] = {}
        self.changed_in: dict[str, int] = {}
        self.removed_in: dict[str, int] = {}
        self.run_id: int | None = None
        records = list(records)
        if records:
            self.add_run(records)

    def add_run(self, upserts: Iterable[dict] = (), removed: Iterable[str] = ()) -> int:
        """Record one crawl run that changed `upserts` and removed the ids in `removed`."""
        self.run_id = (self.run_id or 0) + 1
        for record in upserts:
            self.records[record["id"]] = {**record, "removed": False}
            self.changed_in[record["id"]] = self.run_id
            self.removed_in.pop(record["id"], None)
        for record_id in removed:
            if record_id in self.records:
                self.records[record_id]["removed"] = True
                self.removed_in[record_id] = self.run_id
        return self.run_id

    def iter_records(self, types=None, include_removed: bool = False) -> Iterator[dict]:
        """Yield current records, optionally of some types only."""
        for record in self.records.values():
            if types and record["type"] not in types:
                continue
            if record.get("removed") and not include_removed:
                continue
            yield record

    def changes_since(self, run_id: int | None) -> tuple[list[dict], list[str]]:
        """Return records changed after `run_id` and ids removed after it."""
        since = run_id or 0
        changed = [
            r
            for rid, r in self.records.items()
            if self.changed_in.get(rid, 0) > since and not r.get("removed")
        ]
        removed = [rid for rid, run in self.removed_in.items() if run > since]
        return changed, removed

    def latest_run_id(self) -> int | None:
        """Return the id of the last run."""
        return self.run_id

    def close(self) -> None:
        """Nothing to release."""
