"""Helpers for tests that really crawl the sample site: server, CLI subprocess, store access."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-m", "crawler.cli"]


def run_cli(*args: str, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run `herford-archive ARGS` in a fresh process (Scrapy's reactor starts once per process)."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200", **(env or {})}
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, timeout=timeout, env=full_env
    )


def crawl(
    base_url: str, start_path: str, data_dir: Path, *extra: str
) -> subprocess.CompletedProcess:
    """Crawl the sample site into data_dir; fail loudly with the CLI's output if it fails."""
    result = run_cli("crawl", base_url + start_path, "--data-dir", str(data_dir), *extra)
    assert result.returncode == 0, f"crawl failed:\n{result.stdout}\n{result.stderr}"
    return result
