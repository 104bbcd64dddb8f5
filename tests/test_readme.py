"""The README's search examples run against a crawled sample archive, so they never rot."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.crawl_support import run_cli

README = Path(__file__).resolve().parents[1] / "README.md"


def _examples() -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for each `$ herford-archive search/reindex` line."""
    out: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        current = None
        for line in block.splitlines():
            if line.startswith("$ "):
                current = (line[2:], [])
                out.append(current)
            elif current is not None and line.strip():
                current[1].append(line)
    return [
        (cmd, expected)
        for cmd, expected in out
        if cmd.split()[:2] in (["herford-archive", "search"], ["herford-archive", "reindex"])
    ]


EXAMPLES = _examples()


def test_readme_has_search_examples():
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize("command,expected", EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_runs(crawled_archive, command, expected):
    args = shlex.split(command)[1:]
    result = run_cli(*args, "--data-dir", str(crawled_archive))
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    if expected:
        assert result.returncode == 2
        for line in expected:
            assert line in output, output
    else:
        assert result.returncode == 0, output
