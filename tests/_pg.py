"""PostgreSQL for the tests: a fresh database on the server NKMON_TEST_POSTGRES_URL
names (which .ci/run starts)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

__all__ = ["fresh_database", "server_url"]


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
