"""PostgreSQL for the tests: a fresh database on the server NKMON_TEST_POSTGRES_URL
names (which .ci/run starts), or a throwaway cluster a test can stop and start."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

__all__ = ["Cluster", "fresh_database", "server_url"]


def server_url() -> str:
    """NKMON_TEST_POSTGRES_URL; without it the test is skipped (failed on CI)."""
    server = os.environ.get("NKMON_TEST_POSTGRES_URL")
    if not server:
        if os.environ.get("CI"):
            pytest.fail("CI must provide PostgreSQL: NKMON_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL server: set NKMON_TEST_POSTGRES_URL")
    return server


@contextmanager
def fresh_database(prefix: str = "nkmon_test") -> Iterator[str]:
    """A new, empty database on the test server, dropped afterwards; yields its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = server_url()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class Cluster:
    """A PostgreSQL cluster of one test's own (initdb, pg_ctl) on a free port of
    127.0.0.1, trust auth: for tests that stop the database under a running
    process, which the shared server must never be. Needs the server binaries
    (/usr/lib/postgresql/*/bin) and, as root, the ``postgres`` user to run them."""

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version)
        if not found:
            if os.environ.get("CI"):
                pytest.fail("CI must provide the PostgreSQL server binaries")
            pytest.skip("no PostgreSQL server binaries in /usr/lib/postgresql")
        self.bin = Path(found[-1]).parent
        self.root = Path(tempfile.mkdtemp(prefix="nkmon-test-pg-"))
        self.port = _free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
        self._run(
            "initdb", "-N", "-A", "trust", "-U", "postgres", "-E", "UTF8",
            "--locale=C.UTF-8", "-D", str(self.root / "data"),
        )  # fmt: skip

    def start(self) -> Cluster:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.root / "data"), "-l", str(self.root / "log"),
                  "-w", "-o", options, "start")  # fmt: skip
        return self

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``fast``: clients are disconnected, as in a restart)."""
        self._run("pg_ctl", "-D", str(self.root / "data"), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        subprocess.run(
            self._argv("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "stop"),
            capture_output=True,
        )
        shutil.rmtree(self.root, ignore_errors=True)

    def _argv(self, program: str, *args: str) -> list[str]:
        argv = [str(self.bin / program), *args]
        return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv

    def _run(self, program: str, *args: str) -> None:
        proc = subprocess.run(self._argv(program, *args), capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"{program} failed ({proc.returncode}): {proc.stderr.strip()}")


def _version(path: str) -> tuple[int, ...]:
    part = Path(path).parent.parent.name
    return tuple(int(p) for p in part.split(".") if p.isdigit())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
