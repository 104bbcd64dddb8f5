"""The `search` and `reindex` commands (registered on the main `herford-archive` group).

Imports stay light: no Scrapy, no SQLAlchemy for `search`; rich and Whoosh load on use.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from crawler.errors import DataDirError, UserError

DATA_DIR_HELP = "Datenverzeichnis (Standard: $HERFORD_ARCHIVE_DATA oder ./archive-data)"
TYPE_HELP = (
    "Nur diese Typen: veranstaltung, kontakt, foto, dokument, seite "
    "(event, contact, photo, document, page); mehrfach oder mit Komma"
)


def _fail(err: UserError) -> None:
    click.echo(f"Fehler: {err}", err=True)
    sys.exit(err.exit_code)


def _data_dir(value: Path | None) -> Path:
    from crawler.datadir import resolve_data_dir

    path = resolve_data_dir(value)
    if not path.is_dir():
        raise DataDirError(
            f"Kein Archiv in {path}: zuerst `herford-archive crawl` oder `demo` ausführen"
        )
    return path


def _split_types(values: tuple[str, ...]) -> list[str]:
    return [t.strip() for value in values for t in value.split(",") if t.strip()]


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option("--type", "types", multiple=True, help=TYPE_HELP)
@click.option("--from", "date_from", help="Frühestes Datum: 2017, 2017-06, 2017-06-06, 06.06.2017")
@click.option("--to", "date_to", help="Spätestes Datum (Formate wie --from)")
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date"]),
    default="relevance",
    show_default=True,
    help="Nach Relevanz oder nach Datum (neueste zuerst)",
)
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Treffer als JSON-Array ausgeben")
@click.option("--data-dir", type=click.Path(path_type=Path), help=DATA_DIR_HELP)
def search(query, types, date_from, date_to, sort, limit, as_json, data_dir) -> None:
    """Im Archiv suchen (Volltext, deutsch). Beispiele: 'Flüchtlingshilfe', 'typ:foto Rödinghausen',
    'datum:2017 Ehrenamt', '"Kommunales Integrationszentrum"', 'Konsumaltag~'."""
    from search.searcher import search as run_search

    try:
        result = run_search(
            _data_dir(data_dir),
            " ".join(query),
            types=_split_types(types),
            date_from=date_from,
            date_to=date_to,
            sort=sort,
            limit=limit,
        )
    except UserError as err:
        _fail(err)
    if as_json:
        click.echo(json.dumps([hit.to_json() for hit in result.hits], ensure_ascii=False, indent=2))
        if result.suggestion:
            click.echo(f"Meinten Sie: {result.suggestion}", err=True)
        return
    from search.render import print_result

    print_result(result)


@click.command("reindex")
@click.option("--data-dir", type=click.Path(path_type=Path), help=DATA_DIR_HELP)
@click.option(
    "--db",
    "db_url",
    envvar="HERFORD_ARCHIVE_DB",
    help="Datenbank-URL statt der SQLite-Datei im Datenverzeichnis",
)
def reindex(data_dir, db_url) -> None:
    """Suchindex vollständig aus dem Archiv neu aufbauen (Suchen laufen währenddessen weiter)."""
    from crawler.datadir import require_archive, resolve_data_dir
    from search.indexer import rebuild_index

    try:
        path = require_archive(resolve_data_dir(data_dir), db_url)
        from pipelines.store import open_store

        store = open_store(path, db_url)
        try:
            stats = rebuild_index(path, store)
        finally:
            store.close()
    except UserError as err:
        _fail(err)
    click.echo(
        f"Suchindex neu aufgebaut: {stats['documents']} Datensätze in {stats['seconds']:.1f} s "
        f"({stats['generation']})"
    )


def print_search(data_dir: Path, query: str, limit: int = 10) -> None:
    """Run one search and print the table (used by `demo`)."""
    from search.render import print_result
    from search.searcher import search as run_search

    print_result(run_search(Path(data_dir), query, limit=limit))
