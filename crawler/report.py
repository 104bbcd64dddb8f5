"""Summaries for people: the table after a crawl and the archive statistics (rich tables)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

TYPE_LABELS = {
    "page": "Seiten",
    "event": "Veranstaltungen",
    "contact": "Kontakte",
    "photo": "Fotos",
    "document": "Dokumente",
}


def run_summary(store) -> dict[str, Any]:
    """The newest run's figures plus the archive's record counts."""
    runs = store.runs()
    run = runs[-1] if runs else None
    stats = dict(run.stats or {}) if run else {}
    return {
        "run_id": run.id if run else None,
        "status": run.status if run else None,
        "complete": bool(run and run.complete),
        "healthy": bool(run and run.healthy),
        "ok": bool(run and run.status == "finished" and run.healthy),
        "stats": stats,
        "counts": store.counts(),
        "problems": [
            entry
            for entry in store.url_log(run.id if run else None)
            if entry["outcome"] in ("broken", "error")
        ],
    }


def print_run_summary(summary: dict[str, Any], console: Console | None = None) -> None:
    """Print the table shown at the end of a crawl."""
    console = console or Console()
    stats = summary.get("stats", {})
    table = Table(title=f"Lauf {summary.get('run_id')}: {stats.get('reason', '?')}")
    table.add_column("Kennzahl")
    table.add_column("Wert", justify="right")
    table.add_row("Seiten abgerufen", str(stats.get("pages_fetched", 0)))
    table.add_row("Seiten unverändert", str(stats.get("pages_unchanged", 0)))
    for rtype, label in TYPE_LABELS.items():
        count = summary.get("counts", {}).get(rtype, {})
        table.add_row(f"{label} im Archiv", str(count.get("live", 0)))
    table.add_row("entfernt markiert (dieser Lauf)", str(stats.get("removed", 0)))
    table.add_row("Weiterleitungen", str(stats.get("redirects", 0)))
    table.add_row("defekte Links", str(stats.get("broken_links", 0)))
    table.add_row("Fehler", str(stats.get("errors", 0)))
    table.add_row("von robots.txt gesperrt", str(stats.get("robots_refused", 0)))
    table.add_row("Dauer (s)", str(stats.get("duration_s", "?")))
    console.print(table)
    for problem in summary.get("problems", [])[:20]:
        console.print(
            f"  [yellow]{problem['outcome']}[/yellow] {problem['status'] or ''} {problem['url']}"
            + (f"  (verlinkt von {problem['referer']})" if problem.get("referer") else "")
        )
    if not summary.get("ok"):
        console.print("[red]Lauf nicht gesund: keine Datensätze als entfernt markiert.[/red]")


def archive_stats(store) -> dict[str, Any]:
    """Counts per record type and the list of runs."""
    return {
        "counts": store.counts(),
        "runs": [
            {
                "id": r.id,
                "started_at": r.started_at,
                "finished_at": r.finished_at,
                "status": r.status,
                "complete": r.complete,
                "healthy": r.healthy,
                "start_urls": r.start_urls,
                "stats": r.stats,
            }
            for r in store.runs()
        ],
    }


def print_stats(data: dict[str, Any], console: Console | None = None) -> None:
    """Print the archive statistics as two tables."""
    console = console or Console()
    table = Table(title="Archiv")
    table.add_column("Typ")
    table.add_column("aktuell", justify="right")
    table.add_column("entfernt", justify="right")
    for rtype, label in TYPE_LABELS.items():
        count = data["counts"].get(rtype, {})
        table.add_row(label, str(count.get("live", 0)), str(count.get("removed", 0)))
    console.print(table)
    runs = Table(title="Läufe")
    for col in ("Nr.", "Beginn", "Status", "vollständig", "Seiten", "Fehler"):
        runs.add_column(col)
    for run in data["runs"][-10:]:
        stats = run.get("stats") or {}
        runs.add_row(
            str(run["id"]),
            str(run["started_at"])[:19],
            run["status"],
            "ja" if run["complete"] else "nein",
            str(stats.get("pages_fetched", 0) + stats.get("pages_unchanged", 0)),
            str(stats.get("errors", 0)),
        )
    console.print(runs)
