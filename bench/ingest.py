"""Ingest: end-to-end pages/s of ``nkmon crawl`` beside bare trafilatura on the same pages.

A generated WordPress outlet of ``--pages`` articles (bench/_site.py) is served
on loopback; ``nkmon crawl`` (the real command: fetch, extract, dedup,
version, index, store) archives it into a new SQLite archive. Figure: its
pages/s (wall clock of the whole command) / the pages/s of
``trafilatura.extract`` called on the same pages one after another in one
process (the baseline, same run). Target >= 1.3 on 2 cores.

Also printed, to read the figure by: the CPU the crawl used per page (command
and children) and the replica server's (a thread of this process), the load
average of the machine (other work on it slows the crawl's three processes more
than the one-process baseline), and nkmon's own extraction as the crawl's
workers run it (``crawler.extract.extract_for_archive``: metadata, precision
settings, the dedup signature) in one process: two workers can go at most
twice that fast.

    python bench/ingest.py [--pages 2000] [--set NAME=VALUE ...]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time

import trafilatura
from _run import FAST, database, last_workers_cpu, nkmon, warm
from _site import big_outlet, registry

from crawler.extract import extract_for_archive
from nkmon.replica import ReplicaServer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--lean", action="store_true", help="pages of the replica theme alone (17 KiB)"
    )
    parser.add_argument("--set", "-s", dest="overrides", action="append", default=[])
    args = parser.parse_args()
    site = big_outlet(args.pages, args.seed, lean=args.lean)
    with ReplicaServer(site) as server, tempfile.TemporaryDirectory() as tmp:
        warm(site, server.url)
        html = [site.article_page(a, server.url) for a in site.articles]
        started = time.perf_counter()
        for page in html:
            trafilatura.extract(page)
        bare = len(html) / (time.perf_counter() - started)
        urls = [server.url + a.path for a in site.articles]
        started = time.perf_counter()
        for page, url in zip(html, urls, strict=True):
            extract_for_archive([(page, url)])
        ours = len(html) / (time.perf_counter() - started)
        reg = registry(__import__("pathlib").Path(tmp) / "sources.toml", server.url)
        sets = [x for o in args.overrides for x in ("-s", o)]
        load = os.getloadavg()[0]
        serving = resource.getrusage(resource.RUSAGE_SELF)
        report, wall, cpu = nkmon("crawl", "--sources", str(reg), "--db", database(tmp),
                                  *FAST, *sets)  # fmt: skip
        after = resource.getrusage(resource.RUSAGE_SELF)
        served = (after.ru_utime - serving.ru_utime) + (after.ru_stime - serving.ru_stime)
    stored = report["new_version"]
    if stored != args.pages:
        print(f"warning: {stored} of {args.pages} pages stored: {report}")
    rate = stored / wall
    print(f"{args.pages} pages of {sum(map(len, html)) / len(html) / 1024:.1f} KiB")
    per_page = cpu / max(stored, 1) * 1000
    print(
        f"  nkmon crawl          {rate:6.1f} pages/s ({wall:.1f} s wall, {cpu:.1f} s CPU: "
        f"{per_page:.1f} ms a page; the replica server {served:.1f} s)"
    )
    workers = last_workers_cpu()
    print(
        f"    of which extraction workers {workers:.1f} s, the crawl process "
        f"{cpu - workers:.1f} s ({(cpu - workers) / max(stored, 1) * 1000:.1f} ms a page)"
    )
    print(f"  trafilatura.extract  {bare:6.1f} pages/s (one process)")
    print(f"  ratio                {rate / bare:.2f} (target >= 1.3)")
    print(f"  nkmon's extraction   {ours:6.1f} pages/s (one process: at most "
          f"{2 * ours / bare:.2f} with two workers)")  # fmt: skip
    print(f"  load average         {load:.1f} before the crawl, {os.getloadavg()[0]:.1f} after"
          f" ({os.cpu_count()} CPUs)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
