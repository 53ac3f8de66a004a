"""Revisit: CPU of re-crawling unchanged articles, as a share of the first crawl's.

A generated outlet of ``--pages`` articles (bench/_site.py) on loopback is
crawled once by ``nkmon crawl`` (the baseline, same run), then revisited in
full twice by ``nkmon revisit --all``: with conditional GET (the replica
answers 304), and with it off (a server that ignores validators: every body
is downloaded and its SHA-256 matched against the last capture, so nothing is
extracted). Figure: CPU seconds of each revisit / of the first crawl (the
command and its children). Target <= 10%.

    python bench/revisit.py [--pages 2000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _run import FAST, database, nkmon, warm
from _site import big_outlet, registry

from nkmon.replica import ReplicaServer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--lean", action="store_true", help="pages of the replica theme alone (17 KiB)"
    )
    args = parser.parse_args()
    site = big_outlet(args.pages, args.seed, lean=args.lean)
    with ReplicaServer(site) as server, tempfile.TemporaryDirectory() as tmp:
        warm(site, server.url)
        reg = str(registry(Path(tmp) / "sources.toml", server.url))
        db = database(tmp)
        first, wall0, cpu0 = nkmon("crawl", "--sources", reg, "--db", db, *FAST)
        runs = [
            ("conditional GET (304s)", []),
            ("no validators: SHA-256 check", ["-s", "NKMON_CONDITIONAL_GET=false"]),
        ]
        print(f"first crawl: {first['new_version']} new versions, {cpu0:.1f} s CPU, {wall0:.1f} s")
        for label, extra in runs:
            report, wall, cpu = nkmon("revisit", "--all", "--sources", reg, "--db", db,
                                      *FAST, *extra)  # fmt: skip
            seen = {k: report[k] for k in ("not_modified", "unchanged", "new_version", "error")}
            print(f"  revisit, {label:30} {cpu:5.1f} s CPU = {cpu / cpu0:5.1%} of the first"
                  f" crawl ({wall:.1f} s; {seen})  target <= 10%")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
