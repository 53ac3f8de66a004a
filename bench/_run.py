"""Running the real ``nkmon`` command against a generated outlet, timed (wall and CPU)."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["FAST", "last_workers_cpu", "nkmon", "warm"]

# Loopback needs no politeness; everything else as shipped.
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]  # fmt: skip


def nkmon(*args: str) -> tuple[dict, float, float]:
    """(JSON report, wall seconds, CPU seconds of the command and all its processes)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "nkmon", *args, "--format", "json"],
            stdout=out,
            stderr=err,
            text=True,
        )
        unreaped = 0.0
        while proc.poll() is None:
            unreaped = max(unreaped, _forkserver_cpu(proc.pid))
            time.sleep(0.05)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"nkmon {' '.join(args)} failed:\n{stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime) + unreaped
    _last["workers"] = unreaped
    return json.loads(stdout)[0], wall, cpu


_last = {"workers": 0.0}


def last_workers_cpu() -> float:
    """CPU seconds the extraction workers of the last ``nkmon`` call used (in its total)."""
    return _last["workers"]


_TICK = os.sysconf("SC_CLK_TCK")


def _forkserver_cpu(root: int) -> float:
    """CPU seconds so far of the extraction workers under ``root``.

    They are children of multiprocessing's forkserver, which nobody waits for,
    so their time never reaches this process's RUSAGE_CHILDREN: it is read from
    /proc while they run (the forkserver's own and reaped children's time, and
    each live worker's).
    """
    stats: dict[int, tuple[int, list[int]]] = {}
    servers: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        stats[int(entry.name)] = (int(fields[1]), [int(f) for f in fields[11:15]])
        if b"multiprocessing.forkserver" in cmdline:
            servers.add(int(entry.name))

    def under_root(pid: int) -> bool:
        while pid in stats and pid > 1:
            if pid == root:
                return True
            pid = stats[pid][0]
        return False

    ticks = 0
    for pid in servers:
        parent, (utime, stime, cutime, cstime) = stats[pid]
        if parent not in servers and under_root(pid):
            ticks += utime + stime + cutime + cstime
            ticks += sum(t[0] + t[1] for p, (pp, t) in stats.items() if pp == pid)
    return ticks / _TICK


def warm(site, base: str) -> None:  # type: ignore[no-untyped-def]
    """Render every response the crawl will ask for, so serving costs little CPU."""
    fixed = ["/robots.txt", "/wp-sitemap.xml", "/wp-sitemap-posts-post-1.xml",
             "/wp-sitemap-taxonomies-category-1.xml", "/"]  # fmt: skip
    for path in [*fixed, *(a.path for a in site.articles)]:
        site.route(path, "", base)


def database(tmp: str) -> str:
    return f"sqlite:///{Path(tmp) / 'archive.db'}"
