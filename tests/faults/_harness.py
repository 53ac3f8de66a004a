"""The fault suite's harness: crawl a hostile replica in a real ``nkmon`` process and
keep what a test needs to judge the outcome (report, stderr, time, peak memory)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from _flags import LOOPBACK
from _pg import fresh_database
from _registry import registry_toml

from archive import history, open_archive
from nkmon.replica.hostile import HostileServer

# Small limits so a fault costs seconds, not minutes; everything else as shipped.
QUICK = [
    *LOOPBACK,
    "-s", "NKMON_EXTRACT_TIMEOUT=4",
    "-s", "NKMON_EXTRACT_WORKERS=2",
    "-s", "DOWNLOAD_TIMEOUT=3",
    "-s", "NKMON_RETRY_BACKOFF_BASE=0.2",
    "-s", "NKMON_RETRY_BACKOFF_MAX=1",
]  # fmt: skip

# Runs a command and reports on stderr the peak RSS (KiB) of every process under it
# that has been waited for: the CLI, its crawl process and the extraction workers.
_MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print('maxrss', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@dataclass
class Run:
    """One ``nkmon crawl`` (or revisit) and what came of it."""

    returncode: int
    reports: list[dict[str, Any]]
    stderr: str
    seconds: float
    max_rss_mb: float

    @property
    def report(self) -> dict[str, Any]:
        (only,) = self.reports
        return only


@dataclass
class Crawler:
    """Crawls one or more hostile servers into one archive."""

    db_url: str
    workdir: Path
    env: dict[str, str]
    runs: list[Run] = field(default_factory=list)

    def __call__(
        self,
        servers: list[HostileServer] | HostileServer,
        *extra: str,
        command: str = "crawl",
        ids: list[str] | None = None,
        entries: list[dict[str, Any]] = (),  # type: ignore[assignment]
        timeout: float = 150,
        **overrides: Any,
    ) -> Run:
        servers = servers if isinstance(servers, list) else [servers]
        ids = ids or [f"hostile{n}" if n else "hostile" for n in range(len(servers))]
        sources = [
            {
                "id": source_id,
                "name": server.site.name,
                "homepage": server.url + "/",
                "languages": ["en", "ko", "ja"],
                **server.site.discovery(server.url),
                **overrides,
            }
            for source_id, server in zip(ids, servers, strict=True)
        ]
        registry = self.workdir / "sources.toml"
        registry.write_text(registry_toml([*sources, *entries]), encoding="utf-8")
        args = [sys.executable, "-m", "nkmon", *command.split(), "--sources", str(registry)]
        args += ["--db", self.db_url, *QUICK, "--format", "json", *extra]
        started = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-c", _MEASURE, *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=timeout,
        )
        seconds = time.monotonic() - started
        stderr, _, rss = proc.stderr.rpartition("maxrss ")
        try:
            reports = json.loads(proc.stdout)
        except ValueError:
            raise AssertionError(
                f"no JSON report (exit {proc.returncode})\n{proc.stdout}\n{proc.stderr}"
            ) from None
        assert "Traceback" not in stderr, stderr
        left = leftovers(self.env["NKMON_DATA_DIR"])
        assert not left, f"processes of the crawl still running: {left}"
        run = Run(proc.returncode, reports, stderr, seconds, int(rss.strip() or 0) / 1024)
        self.runs.append(run)
        return run

    def history(self, url: str):  # type: ignore[no-untyped-def]
        archive = open_archive(self.db_url, migrate=False)
        try:
            with archive.read() as session:
                return history(session, url)
        finally:
            archive.close()


def leftovers(data_dir: str, grace: float = 5.0) -> list[str]:
    """Processes still running with this crawl's NKMON_DATA_DIR in their environment
    (the crawl process, the forkserver, extraction workers), after ``grace`` seconds."""
    marker = f"NKMON_DATA_DIR={data_dir}".encode() + b"\0"
    deadline = time.monotonic() + grace
    while True:
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/environ", "rb") as handle:
                    if marker not in handle.read():
                        continue
                with open(f"/proc/{pid}/cmdline", "rb") as handle:
                    found.append(f"{pid} {handle.read()[:120]!r}")
            except OSError:  # gone meanwhile, or not ours to read
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def _env(workdir: Path) -> dict[str, str]:
    env = {**os.environ, "NKMON_DATA_DIR": str(workdir / "data"), "COLUMNS": "200"}
    env.pop("NKMON_DATABASE_URL", None)
    env.pop("NKMON_SOURCES", None)
    return env


def module_crawler(tmp_path_factory: pytest.TempPathFactory, name: str, db_url: str | None = None):  # type: ignore[no-untyped-def]
    """A crawler into an archive shared by one test module's tests: ``db_url``, or a
    SQLite file of its own."""
    workdir = tmp_path_factory.mktemp(name)
    return Crawler(db_url or f"sqlite:///{workdir / 'archive.db'}", workdir, _env(workdir))


@contextmanager
def backend(name: str) -> Iterator[str | None]:
    """A fresh archive database for a module-scoped fixture: None for SQLite (the
    crawler makes a file), or a new database on NKMON_TEST_POSTGRES_URL."""
    if name == "sqlite":
        yield None
        return
    with fresh_database("nkmon_faults") as url:
        yield url
