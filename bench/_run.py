"""Running the real ``nkmon`` command against a generated outlet, timed (wall and CPU)."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["FAST", "nkmon", "warm"]

# Loopback needs no politeness; everything else as shipped.
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]  # fmt: skip


def nkmon(*args: str) -> tuple[dict, float, float]:
    """(JSON report, wall seconds, CPU seconds of the command and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "nkmon", *args, "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"nkmon {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return json.loads(proc.stdout)[0], wall, cpu


def warm(site, base: str) -> None:  # type: ignore[no-untyped-def]
    """Render every response the crawl will ask for, so serving costs little CPU."""
    fixed = ["/robots.txt", "/wp-sitemap.xml", "/wp-sitemap-posts-post-1.xml",
             "/wp-sitemap-taxonomies-category-1.xml", "/"]  # fmt: skip
    for path in [*fixed, *(a.path for a in site.articles)]:
        site.route(path, "", base)


def database(tmp: str) -> str:
    return f"sqlite:///{Path(tmp) / 'archive.db'}"
