"""Soak: the service (``nkmon run``) through many discovery runs, watched for leaks.

The replica WordPress outlet is served on loopback and registered with a
discovery interval of ``--interval`` seconds; ``nkmon run --spread 0`` (the
real command, in its own process, every crawl in a child process as always)
crawls it until the archive's ``runs`` table holds ``--runs`` finished
discovery runs. Every tenth run an article of the outlet is deleted or
restored, so runs also record deletions and restorations, not only 304s.

The service's resident memory (VmRSS) and open file descriptors are read
from /proc while no crawl is running (between runs): the baseline once
``--warmup`` runs are done, then again at the end. Figure: growth of each over
the baseline. Target: RSS under 10%, no descriptor leaked (growth 0), and no
crawl process left behind.

    python bench/soak.py [--runs 200] [--warmup 20] [--interval 1] [--db URL]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from archive import open_archive
from archive.runs import Run
from nkmon.replica import ReplicaServer, wordpress_outlet

RSS_TARGET = 0.10


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--interval", type=int, default=1, help="seconds between discoveries")
    parser.add_argument("--db", help="archive URL (default: SQLite in a temporary directory)")
    args = parser.parse_args()
    outlet = wordpress_outlet()
    with ReplicaServer(outlet) as server, tempfile.TemporaryDirectory() as tmp:
        sources = Path(tmp) / "sources.toml"
        sources.write_text(
            f"""[[source]]
id = "soak"
name = "{outlet.name}"
homepage = "{server.url}/"
languages = ["en"]
feeds = ["{server.feed_url}"]
interval = {args.interval}
""",
            encoding="utf-8",
        )
        db = args.db or f"sqlite:///{Path(tmp) / 'archive.db'}"
        open_archive(db).close()  # migrated before the service starts
        log = (Path(tmp) / "service.log").open("w")
        service = subprocess.Popen(
            [sys.executable, "-m", "nkmon", "run", "--sources", str(sources), "--db", db,
             "--spread", "0", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"],
            stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
        started = time.monotonic()
        try:
            baseline = final = None
            churned = 0
            victim = outlet.articles[1].slug
            while True:
                if service.poll() is not None:
                    sys.exit(f"the service exited with {service.returncode}; log in {log.name}")
                done = finished_runs(db)
                if done // 10 > churned:  # every tenth run: delete, then restore, one article
                    churned = done // 10
                    (outlet.delete if churned % 2 else outlet.restore)(victim)
                if baseline is None and done >= args.warmup:
                    baseline = idle_sample(service.pid)
                    print(f"after {done} runs ({time.monotonic() - started:.0f} s): {baseline}")
                if done >= args.runs:
                    final = idle_sample(service.pid)
                    print(f"after {done} runs ({time.monotonic() - started:.0f} s): {final}")
                    break
                time.sleep(0.5)
        finally:
            service.send_signal(signal.SIGTERM)
            code = service.wait(60)
            log.close()
        statuses = run_statuses(db)
    assert baseline is not None and final is not None
    rss = final["rss_kib"] / baseline["rss_kib"] - 1
    fds = final["fds"] - baseline["fds"]
    print(f"runs: {statuses}; service exit code {code}")
    verdict = {True: "PASS", False: "FAIL"}
    print(f"  RSS {baseline['rss_kib'] / 1024:.1f} -> {final['rss_kib'] / 1024:.1f} MiB: "
          f"{rss:+.1%} (target < {RSS_TARGET:.0%}) {verdict[rss < RSS_TARGET]}")  # fmt: skip
    print(f"  open descriptors {baseline['fds']} -> {final['fds']}: {fds:+d} (target 0) "
          f"{verdict[fds <= 0]}")  # fmt: skip
    left = final["left"]
    print(f"  crawl processes left behind (alive through the last {IDLE_WINDOW:g} s of runs): "
          f"{len(left)} {'FAIL' if left else 'PASS'}")  # fmt: skip
    ok = rss < RSS_TARGET and fds <= 0 and not left and code == 0
    return 0 if ok else 1


def finished_runs(db: str) -> int:
    archive = open_archive(db, migrate=False)
    try:
        with archive.read() as session:
            return session.scalar(
                select(func.count(Run.id)).where(
                    Run.kind == "discover", Run.finished_at.is_not(None)
                )
            )
    finally:
        archive.close()


def run_statuses(db: str) -> dict[str, int]:
    archive = open_archive(db, migrate=False)
    try:
        with archive.read() as session:
            rows = session.execute(
                select(Run.kind, Run.status, func.count(Run.id)).group_by(Run.kind, Run.status)
            )
            return {f"{kind} {status}": n for kind, status, n in rows}
    finally:
        archive.close()


def child_pids(pid: int) -> list[int]:
    """The service's crawl processes (not multiprocessing's resource tracker, which
    lives as long as the service)."""
    out: list[int] = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as f:
            out += [int(c) for c in f.read().split()]
    return [c for c in out if "resource_tracker" not in _cmdline(c)]


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().decode(errors="replace")
    except OSError:
        return ""


IDLE_WINDOW = 20.0  # seconds each memory sample spans


def idle_sample(pid: int, seconds: float = IDLE_WINDOW) -> dict:
    """RSS (median) and open descriptors (fewest) of ``pid`` at moments with no
    crawl process running, over ``seconds`` (a crawl's pipes and queue are not a leak),
    and the crawl processes that were there all along (left behind: a crawl of the
    replica takes a few seconds)."""
    rss: list[int] = []
    fds: list[int] = []
    lasting: set[int] | None = None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline or (not rss and time.monotonic() < deadline + 5 * seconds):
        children = set(child_pids(pid))
        lasting = children if lasting is None else lasting & children
        if not children:
            fds.append(len(os.listdir(f"/proc/{pid}/fd")))
            with open(f"/proc/{pid}/status") as f:
                rss += [int(line.split()[1]) for line in f if line.startswith("VmRSS:")]
        time.sleep(0.02)
    if not rss:
        sys.exit(f"no moment without a crawl process in {6 * seconds:g} s: {sorted(lasting or ())}")
    return {
        "rss_kib": int(statistics.median(rss)),
        "fds": min(fds),
        "samples": len(rss),
        "left": sorted(lasting or ()),
    }


if __name__ == "__main__":
    sys.exit(main())
