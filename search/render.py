"""Printing search results for people: a rich table, facet counts, "Meinten Sie" line."""

from __future__ import annotations

from search.schema import TYPE_LABELS
from search.searcher import SearchResult, snippet_parts


def _snippet(snippet: str):
    from rich.text import Text

    text = Text()
    for part, matched in snippet_parts(snippet):
        text.append(part, style="bold yellow" if matched else None)
    return text


def facet_line(result: SearchResult) -> str:
    """Return 'Typ: Veranstaltung 3, Seite 2 · Jahr: 2017 4, 2016 1'."""
    types = ", ".join(
        f"{TYPE_LABELS.get(name, name)} {count}"
        for name, count in result.facets.get("type", {}).items()
    )
    year_counts = result.facets.get("year", {})
    ordered = sorted(year_counts, key=lambda y: (not y.isdigit(), -int(y) if y.isdigit() else 0))
    years = ", ".join(f"{year} {year_counts[year]}" for year in ordered)
    parts = [p for p in (f"Typ: {types}" if types else "", f"Jahr: {years}" if years else "") if p]
    return " · ".join(parts)


def print_result(result: SearchResult, console=None) -> None:
    """Print hits as a table (type, date, title, snippet, URL), then facets and suggestions."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    if result.corrected:
        console.print(
            f"Keine Treffer für „{result.query}“ – zeige Treffer für „{result.suggestion}“.",
            markup=False,
        )
    if result.relaxed:
        console.print(
            "Kein Datensatz enthält alle Wörter – zeige Treffer mit einzelnen Wörtern.",
            markup=False,
        )
    if not result.hits:
        console.print(f"Keine Treffer für „{result.query}“.", markup=False)
    else:
        table = Table(show_lines=True)
        table.add_column("Typ", no_wrap=True)
        table.add_column("Datum", no_wrap=True)
        table.add_column("Titel", ratio=2)
        table.add_column("Auszug", ratio=4)
        table.add_column("URL", ratio=2, overflow="fold")
        for hit in result.hits:
            table.add_row(
                TYPE_LABELS.get(hit.type, hit.type),
                hit.date[:10],
                hit.title,
                _snippet(hit.snippet),
                hit.url,
            )
        console.print(table)
    shown = len(result.hits)
    summary = f"{result.total} Treffer" + (f" (die ersten {shown})" if shown < result.total else "")
    line = facet_line(result)
    console.print(summary + (f" · {line}" if line else ""), markup=False)
    if result.suggestion and not result.corrected:
        console.print(f"Meinten Sie: {result.suggestion}", markup=False)
