"""Tables for people: what a run changed (`changes`) and one record's versions (`history`)."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from crawler.report import TYPE_LABELS
from pipelines.changes import CHANGE_KINDS

CHANGE_LABELS = {
    "new": "neu",
    "changed": "geändert",
    "restored": "wieder da",
    "removed": "entfernt",
    "added": "hinzugefügt",
}
TYPE_NAMES = {
    "page": "Seite",
    "event": "Veranstaltung",
    "contact": "Kontakt",
    "photo": "Foto",
    "document": "Dokument",
}
CONTEXT = 20  # characters kept around a change in a long text
WIDTH = 90  # longest value shown in a table cell


def _when(iso: str | None) -> str:
    return iso[:16].replace("T", " ") if iso else "?"


def run_state(run: dict[str, Any]) -> str:
    """A run's outcome in words; only a complete, healthy run marks records as removed."""
    if run["status"] == "running":
        return "läuft noch"
    if run["status"] == "failed":
        return "fehlgeschlagen, nichts als entfernt markiert"
    if run["complete"] and run["healthy"]:
        return "vollständig"
    return "unvollständig, nichts als entfernt markiert"


def print_changes(data: dict[str, Any], console: Console | None = None) -> None:
    """Print the counts per type and one row per new, changed, restored or removed record."""
    console = console or Console()
    runs = data["runs"]
    if data["since"] is not None:
        later = f"Läufe {runs[0]['id']}–{runs[-1]['id']}" if runs else "kein späterer Lauf"
        title = f"Änderungen seit Lauf {data['since']} ({later})"
    else:
        run = runs[0]
        title = f"Änderungen in Lauf {run['id']} ({_when(run['started_at'])}, {run_state(run)})"
    counts = Table(title=title)
    counts.add_column("Typ")
    for kind in CHANGE_KINDS:
        counts.add_column(CHANGE_LABELS[kind], justify="right")
    for rtype in data["types"]:
        by_kind = data["counts"][rtype]
        counts.add_row(TYPE_LABELS[rtype], *(str(by_kind[k]) for k in CHANGE_KINDS))
    console.print(counts)
    if not data["records"]:
        console.print("Keine Änderungen.")
        return
    table = Table()
    for label in ("Änderung", "Typ", "ID", "Titel / Name", "geänderte Felder"):
        table.add_column(label, no_wrap=label == "ID")
    for rec in data["records"]:
        table.add_row(
            CHANGE_LABELS[rec["change"]],
            TYPE_NAMES[rec["type"]],
            rec["id"],
            Text(rec["title"] or "—"),
            Text(", ".join(rec["changed_fields"])),
        )
    console.print(table)


def _value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, str):
        return "„" + value.replace("\n", " ⏎ ") + "“"
    return json.dumps(value, ensure_ascii=False, default=str)


def _cut(text: str, width: int = WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _text_change(old: str, new: str) -> tuple[str, str]:
    """The differing middle of two long texts with a little context on each side."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    left = max(0, start - CONTEXT)

    def part(text: str) -> str:
        right = len(text) - max(0, end - CONTEXT)
        middle = text[left:right]
        return ("…" if left else "") + middle + ("…" if right < len(text) else "")

    return part(old), part(new)


def field_change(diff: dict[str, Any]) -> str:
    """One field's change as `field: old → new`, long texts and lists shortened."""
    old, new = diff["old"], diff["new"]
    if isinstance(old, list) and isinstance(new, list):
        added = [str(v) for v in new if v not in old]
        gone = [str(v) for v in old if v not in new]
        parts = [f"+ {v}" for v in added] + [f"− {v}" for v in gone]
        return f"{diff['field']}: " + _cut("; ".join(parts) or "Reihenfolge", WIDTH * 2)
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > WIDTH:
        old, new = _text_change(old, new)
    return f"{diff['field']}: {_cut(_value(old))} → {_cut(_value(new))}"


def print_history(data: dict[str, Any], console: Console | None = None) -> None:
    """Print what the record is, whether it is removed now, and a row per stored version."""
    console = console or Console()
    head = Text(f"{TYPE_NAMES[data['type']]} {data['id']}: ", style="bold")
    head.append(data["title"] or "—")
    console.print(head)
    if data["url"]:
        console.print(Text(f"URL: {data['url']}"))
    if data["removed"]:
        console.print(f"Stand: entfernt (in Lauf {data['removed_run']}), Version {data['version']}")
    else:
        console.print(f"Stand: aktuell, Version {data['version']}")
    table = Table(title="Versionen")
    for label in ("Version", "Lauf", "Zeitpunkt", "Änderung", "Felder (alt → neu)"):
        table.add_column(label, justify="right" if label in ("Version", "Lauf") else "left")
    for v in data["versions"]:
        table.add_row(
            str(v["version"]),
            str(v["run_id"]),
            _when(v["recorded_at"]),
            CHANGE_LABELS.get(v["change"], v["change"]),
            Text("\n".join(field_change(d) for d in v["fields"])),
        )
    console.print(table)
