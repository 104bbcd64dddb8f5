"""`export --format manifest` on a real crawl: every photo and document, checked against the disk."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from crawler.sample_site.server import load_truth
from pipelines.manifest import MANIFEST_FIELDS
from tests.crawl_support import run_cli

TRUTH = load_truth()


def _manifest(data_dir: Path, out: Path) -> list[dict[str, str]]:
    result = run_cli(
        "export", "--format", "manifest", "--out", str(out), "--data-dir", str(data_dir)
    )
    assert result.returncode == 0, result.stderr
    with (out / "media-manifest.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == MANIFEST_FIELDS
        return list(reader)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _by_site_path(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {_path(url): row for row in rows for url in row["urls"].split(" | ") if url}


def test_manifest_lists_every_photo_and_document_with_the_sha256_on_disk(crawled_archive, tmp_path):
    rows = _manifest(crawled_archive, tmp_path)
    media = (crawled_archive / "media").resolve()
    by_path = _by_site_path(rows)
    for kind, rtype in (("photos", "photo"), ("documents", "document")):
        for item in TRUTH[kind]:
            row = by_path[item["url"]]
            assert row["record_type"] == rtype and row["record_ids"].startswith(rtype[:2] + "-")
            local = (media / row["file"]).resolve()
            assert local.is_relative_to(media) and local.is_file(), row["file"]
            assert row["sha256"] == hashlib.sha256(local.read_bytes()).hexdigest()
            assert int(row["bytes"]) == local.stat().st_size
            assert (row["exists"], row["current"], row["problem"]) == ("True", "True", "")
            if "sha256" in item:
                assert row["sha256"] == item["sha256"]
            if "bytes" in item:
                assert int(row["bytes"]) == item["bytes"]
            assert row["mime"] == item.get("mime", "image/jpeg")
    on_disk = sorted(
        p.relative_to(media).as_posix()
        for p in media.rglob("*")
        if p.is_file() and p.relative_to(media).parts[0] != "by-url"
    )
    assert sorted(r["file"] for r in rows) == on_disk  # every file, once; no pointer files
    assert len(rows) == len(TRUTH["photos"]) + len(TRUTH["documents"])


def test_missing_and_stray_files_are_flagged_not_fatal(crawled_archive, tmp_path):
    data_dir = tmp_path / "copy"
    shutil.copytree(crawled_archive, data_dir, ignore=shutil.ignore_patterns("index", "warc"))
    before = _manifest(data_dir, tmp_path / "before")
    gone = next(r for r in before if r["record_type"] == "photo")
    (data_dir / "media" / gone["file"]).unlink()
    (data_dir / "media" / "photos" / "zz").mkdir()
    (data_dir / "media" / "photos" / "zz" / "fremd.png").write_bytes(b"\x89PNG\r\n\x1a\n")

    rows = {r["file"]: r for r in _manifest(data_dir, tmp_path / "after")}
    missing = rows[gone["file"]]
    assert (missing["exists"], missing["problem"]) == ("False", "Datei fehlt")
    assert missing["sha256"] == gone["sha256"] and missing["record_ids"] == gone["record_ids"]
    stray = rows["photos/zz/fremd.png"]
    assert stray["exists"] == "True" and stray["record_ids"] == "" and stray["current"] == "False"
    assert stray["problem"] == "keinem Datensatz zugeordnet" and stray["mime"] == "image/png"
    assert len(rows) == len(before) + 1
