"""The `herford-archive` command line: parses arguments, calls the core, prints results.

Commands that do not crawl never import Scrapy (a cold `search` must stay fast).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from crawler.datadir import ensure_data_dir, require_archive, resolve_data_dir
from crawler.errors import BadArgument, UserError

DATA_DIR_HELP = "Datenverzeichnis (Standard: $HERFORD_ARCHIVE_DATA oder ./archive-data)"


class ArchiveGroup(click.Group):
    """A click group that prints user errors as one line and exits non-zero."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UserError as err:
            click.echo(f"Fehler: {err}", err=True)
            sys.exit(err.exit_code)
        except KeyboardInterrupt:
            click.echo("Abgebrochen.", err=True)
            sys.exit(130)


def data_dir_option(func):
    """The shared --data-dir option."""
    return click.option("--data-dir", type=click.Path(path_type=Path), help=DATA_DIR_HELP)(func)


def db_option(func):
    """The shared --db option (a SQLAlchemy URL replacing the SQLite file)."""
    return click.option(
        "--db",
        "db_url",
        envvar="HERFORD_ARCHIVE_DB",
        help="Datenbank-URL, z. B. postgresql+psycopg://user@host/db (Standard: SQLite im Datenverzeichnis)",
    )(func)


@click.group(cls=ArchiveGroup)
@click.version_option(package_name="herford-archive")
def cli() -> None:
    """herford-archive: eine alte IKISS-Website als durchsuchbares Archiv sichern."""


@cli.command()
@click.argument("start_urls", nargs=-1, required=True)
@data_dir_option
@db_option
@click.option("--max-pages", type=click.IntRange(min=1), help="Höchstens so viele Seiten abrufen.")
@click.option("--profile", help="Site-Profil (Name oder .toml-Pfad); Standard: generisch.")
@click.option("-v", "--verbose", is_flag=True, help="Scrapy-Protokoll anzeigen.")
def crawl(start_urls, data_dir, db_url, max_pages, profile, verbose) -> None:
    """Eine IKISS-Website ab START_URL(s) archivieren."""
    from crawler.jobs import run_crawl

    summary = run_crawl(
        list(start_urls),
        data_dir=ensure_data_dir(resolve_data_dir(data_dir)),
        db_url=db_url,
        profile=profile,
        max_pages=max_pages,
        verbose=verbose,
    )
    from crawler.report import print_run_summary

    print_run_summary(summary)
    if not summary["ok"]:
        sys.exit(1)


@cli.command()
@data_dir_option
def demo(data_dir) -> None:
    """Beispiel-Website starten, archivieren, Übersicht und Beispielsuche zeigen."""
    from crawler.jobs import run_demo

    run_demo(resolve_data_dir(data_dir))


@cli.command("serve-sample")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
def serve_sample(port, host) -> None:
    """Die mitgelieferte Beispiel-Website per HTTP ausliefern (bis Strg+C)."""
    from crawler.sample_site.server import serve

    try:
        serve(port=port, host=host)
    except OSError as exc:
        raise BadArgument(f"Port {port} nicht nutzbar: {exc.strerror or exc}") from None


@cli.command()
@click.argument("page")
@click.option("--url", help="Adresse der Seite (nötig bei einer lokalen Datei).")
@click.option("--page-date", help="Datum der Seite (JJJJ-MM-TT), falls die Seite keins nennt.")
@click.option("--profile", help="Site-Profil (Name oder .toml-Pfad); Standard: generisch.")
def extract(page, url, page_date, profile) -> None:
    """Datensätze aus EINER Seite (Datei oder URL) als JSON ausgeben, ohne Crawl."""
    from crawler.jobs import extract_one

    records = extract_one(page, url=url, page_date=page_date, profile=profile)
    click.echo(json.dumps(records, ensure_ascii=False, indent=2))


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "ics", "vcf", "report", "manifest"]),
    default="jsonl",
    show_default=True,
)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Zielordner.")
@click.option("--include-removed", is_flag=True, help="Auch entfernte Datensätze ausgeben.")
@data_dir_option
@db_option
def export(fmt, out, include_removed, data_dir, db_url) -> None:
    """Archiv für die Migration exportieren: eine Datei je Datensatztyp.

    `report` schreibt migration-report.csv: jede alte URL mit Ergebnis und Fundstücken;
    `manifest` schreibt media-manifest.csv: jede Mediendatei mit Prüfsumme und Datensätzen.
    """
    from pipelines.exports import export_archive
    from pipelines.store import open_store

    data_dir = require_archive(resolve_data_dir(data_dir), db_url)
    store = open_store(data_dir, db_url)
    try:
        written = export_archive(
            store, out, fmt, include_removed=include_removed, data_dir=data_dir
        )
    finally:
        store.close()
    for path, count in written.items():
        click.echo(f"{count:6d}  {path}")


@cli.command()
@data_dir_option
@db_option
@click.option("--json", "as_json", is_flag=True, help="Als JSON ausgeben.")
def stats(data_dir, db_url, as_json) -> None:
    """Umfang des Archivs und der letzten Läufe anzeigen."""
    from crawler.report import archive_stats, print_stats

    _show(_read_archive(data_dir, db_url, archive_stats), as_json, print_stats)


@cli.command()
@click.option("--run", "run_id", type=int, help="Dieser Lauf (Standard: der neueste).")
@click.option("--since", type=int, help="Alle Läufe nach diesem Lauf, zusammengefasst.")
@click.option(
    "--type",
    "types",
    multiple=True,
    help="Nur diese Typen: seite, veranstaltung, kontakt, foto, dokument; mehrfach oder mit Komma",
)
@click.option("--json", "as_json", is_flag=True, help="Als JSON ausgeben.")
@data_dir_option
@db_option
def changes(run_id, since, types, as_json, data_dir, db_url) -> None:
    """Was ein Lauf geändert hat: neue, geänderte und entfernte Datensätze je Typ."""
    from crawler.changes_report import print_changes
    from pipelines.changes import parse_types, run_changes

    wanted = parse_types(types)
    data = _read_archive(
        data_dir, db_url, lambda store: run_changes(store, run=run_id, since=since, types=wanted)
    )
    _show(data, as_json, print_changes)


@cli.command()
@click.argument("record_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Als JSON ausgeben.")
@data_dir_option
@db_option
def history(record_id, as_json, data_dir, db_url) -> None:
    """Alle Versionen eines Datensatzes (ID oder eindeutiger ID-Anfang)."""
    from crawler.changes_report import print_history
    from pipelines.changes import record_history

    data = _read_archive(data_dir, db_url, lambda store: record_history(store, record_id))
    _show(data, as_json, print_history)


def _read_archive(data_dir, db_url, read):
    """Open the archive's store, return read(store), close it again."""
    from pipelines.store import open_store

    data_dir = require_archive(resolve_data_dir(data_dir), db_url)
    store = open_store(data_dir, db_url)
    try:
        return read(store)
    finally:
        store.close()


def _show(data, as_json: bool, printer) -> None:
    """Print `data` as JSON or through the command's table printer."""
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        printer(data)


def _register_search_commands() -> None:
    from search.cli import reindex, search

    cli.add_command(search)
    cli.add_command(reindex)


_register_search_commands()


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="herford-archive")


if __name__ == "__main__":
    main()
