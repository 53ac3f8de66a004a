"""Backfill: pages/s of ``nkmon import-warc`` beside bare trafilatura on the same pages.

A WARC of ``--pages`` response records is written from a generated outlet
(bench/_site.py: pages of a real page's weight, as bench/ingest.py crawls),
then imported into a new SQLite archive by ``nkmon import-warc`` (the real
command: read, decode, extract, dedup, version, index, store). Figure: its
pages/s (wall clock of the whole command) / the pages/s of
``trafilatura.extract`` called on the same pages one after another in one
process (the baseline, same run). Target >= 1.3 on 2 cores, as for ingest.

    python bench/backfill.py [--pages 2000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import trafilatura
from _run import database, last_workers_cpu, nkmon
from _site import big_outlet
from warcio.warcwriter import WARCWriter

from nkmon.replica.warc import write_response

BASE = "https://backfill.example"


def write_warc(path: Path, pages: list[tuple[str, str]]) -> None:
    """One gzipped response record per (url, html), a minute apart."""
    start = datetime(2019, 6, 1, tzinfo=UTC)
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n, (url, html) in enumerate(pages):
            at = (start + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M:%SZ")
            write_response(writer, url, at, html.encode(), "text/html; charset=utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    site = big_outlet(args.pages, args.seed)
    pages = [(BASE + a.path, site.article_page(a, BASE)) for a in site.articles]
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "backfill.warc.gz"
        write_warc(warc, pages)
        started = time.perf_counter()
        for _, html in pages:
            trafilatura.extract(html)
        bare = len(pages) / (time.perf_counter() - started)
        report, wall, cpu = nkmon("import-warc", str(warc), "--db", database(tmp))
    stored = report.get("new_version", 0)
    if stored != args.pages:
        print(f"warning: {stored} of {args.pages} pages stored: {report}")
    rate = stored / wall
    workers = last_workers_cpu()
    print(f"{args.pages} pages of {sum(len(h) for _, h in pages) / len(pages) / 1024:.1f} KiB")
    print(f"  nkmon import-warc    {rate:6.1f} pages/s ({wall:.1f} s wall, {cpu:.1f} s CPU, "
          f"of which extraction workers {workers:.1f} s)")  # fmt: skip
    print(f"  trafilatura.extract  {bare:6.1f} pages/s (one process)")
    print(f"  ratio                {rate / bare:.2f} (target >= 1.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
