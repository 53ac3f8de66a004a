"""Fixtures of the fault suite: hostile servers, and crawls of them into a test's archive."""

from __future__ import annotations

from pathlib import Path

import pytest
from _harness import Crawler, _env

from nkmon.replica.hostile import HostileServer, HostileSite


@pytest.fixture
def crawler(tmp_path: Path, db_url: str) -> Crawler:
    """Crawls hostile servers into this test's archive (on each backend)."""
    return Crawler(db_url, tmp_path, _env(tmp_path))


@pytest.fixture
def sqlite_crawler(tmp_path: Path) -> Crawler:
    """Crawls hostile servers into a SQLite archive: for tests of what the crawler
    fetches and reports, where the database plays no part."""
    return Crawler(f"sqlite:///{tmp_path / 'archive.db'}", tmp_path, _env(tmp_path))


@pytest.fixture
def hostile():
    """Start hostile sites for one test: ``server = hostile(HostileSite(...))``."""
    servers: list[HostileServer] = []

    def start(site: HostileSite, host: str = "127.0.0.1") -> HostileServer:
        server = HostileServer(site, host=host).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def canary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file that external entities point at; its text must never be archived."""
    from nkmon.replica.hostile import CANARY

    path = tmp_path_factory.mktemp("canary") / "canary.txt"
    path.write_text(CANARY, encoding="utf-8")
    return path
