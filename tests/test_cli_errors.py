"""User mistakes get one line starting with 'Fehler:' and a non-zero exit, never a traceback."""

from __future__ import annotations

import socket

import pytest

from tests.crawl_support import run_cli


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _assert_one_line_error(result, *words: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    err = result.stderr.strip()
    assert "Traceback" not in result.stderr + result.stdout
    assert err.startswith("Fehler:") and len(err.splitlines()) == 1, err
    for word in words:
        assert word in err, err


def test_start_url_that_is_not_http(tmp_path):
    _assert_one_line_error(
        run_cli("crawl", "ftp://example.org/", "--data-dir", str(tmp_path)), "http"
    )


def test_unreachable_start_url(tmp_path):
    url = f"http://127.0.0.1:{_free_port()}/"
    _assert_one_line_error(run_cli("crawl", url, "--data-dir", str(tmp_path)), "nicht erreichbar")


def test_unwritable_data_dir(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a dir")
    result = run_cli("crawl", "http://127.0.0.1:1/", "--data-dir", str(blocker / "sub"))
    _assert_one_line_error(result, "Datenverzeichnis")


def test_unknown_profile(tmp_path):
    result = run_cli(
        "crawl", "http://127.0.0.1:1/", "--profile", "nirgendwo", "--data-dir", str(tmp_path)
    )
    _assert_one_line_error(result, "nirgendwo")


@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["export", "--out", "x"],
        ["export", "--format", "manifest", "--out", "x"],
        ["changes"],
        ["history", "ev-1"],
    ],
)
def test_commands_on_a_missing_archive(tmp_path, command):
    result = run_cli(*command, "--data-dir", str(tmp_path / "leer"))
    _assert_one_line_error(result, "Kein Archiv")


def test_extract_local_file_needs_url(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><body><p>x</p></body></html>")
    _assert_one_line_error(run_cli("extract", str(page)), "--url")


def test_extract_bad_page_date(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><body><p>x</p></body></html>")
    result = run_cli("extract", str(page), "--url", "http://h/p", "--page-date", "05.07.")
    _assert_one_line_error(result, "--page-date")


def test_bad_option_value_is_a_usage_error(tmp_path):
    result = run_cli("crawl", "http://h/", "--max-pages", "null")
    assert result.returncode == 2 and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["search", "Sprachcafé"],
        ["stats"],
        ["export", "--out", "x"],
        ["export", "--format", "manifest", "--out", "x"],
        ["changes", "--json"],
        ["history", "pa-"],
    ],
)
def test_commands_that_do_not_crawl_never_import_scrapy(tmp_path, command):
    code = (
        "import sys\n"
        "from crawler.cli import cli\n"
        "try:\n"
        f"    cli({[*command, '--data-dir', str(tmp_path)]!r}, standalone_mode=False)\n"
        "except BaseException:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('scrapy', 'twisted')))\n"
    )
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr
