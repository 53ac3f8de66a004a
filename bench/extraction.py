"""Extraction quality: nkmon's extractor beside plain trafilatura, on real pages.

Scores both with ../shared/eval/extract_eval.py on ../shared/eval/extraction/dev
(real HTML with ground-truth article text, not part of this repository) in one
run, and prints nkmon's F1 as a ratio of the baseline's.

    python bench/extraction.py [--data DIR] [--evaluator PATH]

The baseline is trafilatura with include_comments=False, favor_precision=True;
nkmon must not score below it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BASELINE = "trafilatura:include_comments=False,favor_precision=True"
NKMON = "module:crawler.extract:article_text"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=SHARED / "eval" / "extraction" / "dev")
    parser.add_argument("--evaluator", type=Path, default=SHARED / "eval" / "extract_eval.py")
    args = parser.parse_args()
    if not args.evaluator.exists() or not args.data.exists():
        print(f"missing {args.evaluator} or {args.data}: is ../shared beside the checkout?")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        cmd = [
            sys.executable,
            str(args.evaluator),
            "--data",
            str(args.data),
            "--extractor",
            BASELINE,
            "--extractor",
            NKMON,
            "--json-out",
            str(report),
        ]
        proc = subprocess.run(cmd, cwd=ROOT, text=True, capture_output=True)
        print(proc.stdout, end="")
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return proc.returncode
        results = _results(json.loads(report.read_text()))
    base, ours = results[BASELINE], results[NKMON]
    print(f"\nbaseline F1 {base:.3f}  nkmon F1 {ours:.3f}  ratio {ours / base:.3f}")
    return 0 if ours >= base else 1


def _results(rows: list[dict]) -> dict[str, float]:
    return {row["extractor"]: row["metrics"]["f1"] for row in rows}


if __name__ == "__main__":
    sys.exit(main())
