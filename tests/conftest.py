"""Shared fixtures: the replica outlet on loopback, fresh archives, the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from _flags import FAST
from _pg import fresh_database
from _registry import registry_toml

from archive import Archive, open_archive

if TYPE_CHECKING:
    from nkmon.replica import Outlet, ReplicaServer


@pytest.fixture(scope="session")
def replica_server() -> Iterator[ReplicaServer]:
    """One replica outlet for the whole session, on a random port of 127.0.0.1."""
    from nkmon.replica import ReplicaServer, wordpress_outlet

    with ReplicaServer(wordpress_outlet()) as server:
        yield server


@pytest.fixture
def replica(replica_server: ReplicaServer) -> Iterator[ReplicaServer]:
    """The session's replica, reset to its first state for this test."""
    replica_server.outlet.reset()
    yield replica_server
    replica_server.outlet.reset()


@pytest.fixture
def outlet(replica: ReplicaServer) -> Outlet:
    return replica.outlet


def pytest_configure(config) -> None:  # type: ignore[no-untyped-def]
    config.addinivalue_line(
        "markers",
        "both_backends: run the test on SQLite and on PostgreSQL (NKMON_TEST_POSTGRES_URL);"
        " the default for every test that uses an archive",
    )
    config.addinivalue_line(
        "markers", "sqlite_only: a test of SQLite itself (its file, pragmas, FTS5)"
    )


def pytest_generate_tests(metafunc) -> None:  # type: ignore[no-untyped-def]
    # Every test with an archive runs on both backends, unless it is about SQLite.
    if "db_url" in metafunc.fixturenames and not metafunc.definition.get_closest_marker(
        "sqlite_only"
    ):
        metafunc.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def db_url(request, tmp_path: Path) -> Iterator[str]:
    """A new, empty archive URL: SQLite in tmp_path, or a fresh database on the
    PostgreSQL server named by NKMON_TEST_POSTGRES_URL (which .ci/run starts)."""
    if getattr(request, "param", "sqlite") == "sqlite":
        yield f"sqlite:///{tmp_path / 'archive.db'}"
        return
    with fresh_database("nkmon_test") as url:
        yield url


@pytest.fixture
def archive(db_url: str) -> Iterator[Archive]:
    """A new archive, created by migrating (as every archive is)."""
    handle = open_archive(db_url)
    yield handle
    handle.close()


@pytest.fixture
def sources_file(tmp_path: Path, replica: ReplicaServer) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(
        f"""
[[source]]
id = "replica"
name = "{replica.outlet.name}"
homepage = "{replica.url}/"
languages = ["en"]
feeds = ["{replica.feed_url}"]
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def nkmon(tmp_path: Path):
    """Run the real ``nkmon`` command in a subprocess; never touches the user's data dir."""
    env = {
        **os.environ,
        "NKMON_DATA_DIR": str(tmp_path / "data"),
        "COLUMNS": "200",
    }
    env.pop("NKMON_DATABASE_URL", None)
    env.pop("NKMON_SOURCES", None)

    def run(*args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            [sys.executable, "-m", "nkmon", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
        )
        if check and proc.returncode != 0:
            raise AssertionError(
                f"nkmon {' '.join(args)} exited {proc.returncode}\n"
                f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
            )
        return proc

    return run


@pytest.fixture
def crawl(nkmon, sources_file: Path, db_url: str):
    """One ``nkmon crawl`` of the replica into this test's archive; returns the JSON report."""
    import json

    def run(*extra: str) -> dict:
        proc = nkmon(
            "crawl",
            "--sources",
            str(sources_file),
            "--db",
            db_url,
            *FAST,
            "--format",
            "json",
            *extra,
        )
        (report,) = json.loads(proc.stdout)
        return report

    return run


@pytest.fixture
def serve():
    """Start replica sites for one test: ``server = serve(site)``; all stopped afterwards."""
    from nkmon.replica import ReplicaServer

    servers = []

    def start(site):
        server = ReplicaServer(site).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def crawl_site(nkmon, tmp_path: Path, db_url: str):
    """Crawl one replica site with the registry entry its ``discovery()`` gives."""
    import json

    def run(
        server,
        source_id: str,
        *extra: str,
        languages=("en",),
        check: bool = True,
        command: tuple[str, ...] = ("crawl",),
        **overrides,
    ) -> dict:
        entry = {
            "id": source_id,
            "name": server.site.name,
            "homepage": server.url + "/",
            "languages": list(languages),
            **server.site.discovery(server.url),
            **overrides,
        }
        path = tmp_path / f"{source_id}.toml"
        path.write_text(registry_toml([entry]), encoding="utf-8")
        proc = nkmon(
            *command,
            "--sources",
            str(path),
            "--db",
            db_url,
            *FAST,
            "--format",
            "json",
            *extra,
            check=check,
        )
        (report,) = json.loads(proc.stdout)
        return report

    return run


# The slowest modules first: parallel workers then end together instead of one
# finishing a long tail alone (xdist's worksteal rebalances the rest).
SLOW_FIRST = ("test_service.py", "test_crash.py", "test_concurrent_readers.py")


def pytest_collection_modifyitems(items) -> None:  # type: ignore[no-untyped-def]
    items.sort(key=lambda item: item.path.name not in SLOW_FIRST)


def pytest_xdist_auto_num_workers(config) -> int:  # type: ignore[no-untyped-def]
    """``-n auto``: one worker more than the CPUs. Much of a test's time is spent
    waiting for a crawl, a service or a server in another process."""
    return (os.cpu_count() or 1) + 1
