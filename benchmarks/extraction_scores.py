"""Crawl the bundled sample site and score the extracted records against its truth file.

Usage: python benchmarks/extraction_scores.py [--profile herford|generic] [--details]
Prints a table (recall, precision, field accuracy per record type), writes
benchmarks/results/extraction_scores.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from crawler.evaluate import format_table, score_archive
from crawler.sample_site.server import SampleServer, load_truth
from pipelines.store import open_store

RESULTS = Path(__file__).parent / "results"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="herford", help="herford, generic, or a .toml path")
    parser.add_argument("--details", action="store_true", help="list misses, extras, wrong fields")
    args = parser.parse_args()
    truth = load_truth()
    with tempfile.TemporaryDirectory() as tmp, SampleServer() as server:
        cmd = [
            sys.executable,
            "-m",
            "crawler.cli",
            "crawl",
            server.base_url + truth["start_path"],
            "--data-dir",
            tmp,
        ]
        if args.profile != "generic":
            cmd += ["--profile", args.profile]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            print(done.stdout, done.stderr, file=sys.stderr)
            return 1
        store = open_store(Path(tmp))
        scores = score_archive(list(store.iter_records()), truth, server.base_url)
        store.close()
    print(f"profile: {args.profile}")
    print(format_table(scores))
    if args.details:
        for score in scores.values():
            for label, items in (
                ("MISS", score.misses),
                ("EXTRA", score.extras),
                ("WRONG", score.wrong),
            ):
                for item in items:
                    print(f"  {score.rtype} {label} {item}")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"extraction_scores_{Path(args.profile).stem}.json"
    out.write_text(
        json.dumps(
            {
                rtype: {
                    "truth": s.expected,
                    "found": s.found,
                    "recall": s.recall,
                    "precision": s.precision,
                    "field_accuracy": s.field_accuracy,
                    "field_right": s.field_right,
                }
                for rtype, s in scores.items()
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
