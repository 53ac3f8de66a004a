"""Ingest: end-to-end pages/s of ``nkmon crawl`` beside bare trafilatura on the same pages.

A generated WordPress outlet of ``--pages`` articles (bench/_site.py) is served
on loopback; ``nkmon crawl`` (the real command: fetch, extract, dedup,
version, index, store) archives it into a new SQLite archive. Figure: its
pages/s (wall clock of the whole command) / the pages/s of
``trafilatura.extract`` called on the same pages one after another in one
process (the baseline, same run). Target >= 1.3 on 2 cores.

    python bench/ingest.py [--pages 2000] [--set NAME=VALUE ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time

import trafilatura
from _run import FAST, database, nkmon, warm
from _site import big_outlet, registry

from nkmon.replica import ReplicaServer, pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--set", "-s", dest="overrides", action="append", default=[])
    args = parser.parse_args()
    site = big_outlet(args.pages, args.seed)
    with ReplicaServer(site) as server, tempfile.TemporaryDirectory() as tmp:
        warm(site, server.url)
        html = [pages.article_page(site, a, server.url) for a in site.articles]
        started = time.perf_counter()
        for page in html:
            trafilatura.extract(page)
        bare = len(html) / (time.perf_counter() - started)
        reg = registry(__import__("pathlib").Path(tmp) / "sources.toml", server.url)
        sets = [x for o in args.overrides for x in ("-s", o)]
        report, wall, cpu = nkmon("crawl", "--sources", str(reg), "--db", database(tmp),
                                  *FAST, *sets)  # fmt: skip
    stored = report["new_version"]
    if stored != args.pages:
        print(f"warning: {stored} of {args.pages} pages stored: {report}")
    rate = stored / wall
    print(f"{args.pages} pages of {sum(map(len, html)) / len(html) / 1024:.1f} KiB")
    print(f"  nkmon crawl          {rate:6.1f} pages/s ({wall:.1f} s wall, {cpu:.1f} s CPU)")
    print(f"  trafilatura.extract  {bare:6.1f} pages/s (one process)")
    print(f"  ratio                {rate / bare:.2f} (target >= 1.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
