"""Readers beside a writing service never see "database is locked" (issue 8,
catalogue entry 30), on SQLite (WAL) and on PostgreSQL.

A real ``nkmon run`` crawls a generated replica outlet every few seconds while
the outlet keeps publishing, so the service keeps writing versions; meanwhile 4
processes each run ``nkmon search`` over and over (single words, phrases,
filters, duplicate collapsing). Every search must succeed with a JSON answer,
and no reader or writer may report a locked database.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time

import pytest
from _busy import FAST, GeneratedOutlet, nkmon_env, sources_file, spawn_nkmon, wait_until
from sqlalchemy import text

from archive import open_archive

pytestmark = pytest.mark.both_backends

READERS = 4
SEARCHES = 8  # per reader, at most
READ_SECONDS = 30  # per reader, at most (a loaded machine starts processes slowly)
MIN_SEARCHES = 5  # per reader, at least
QUERIES = [
    ["border"],
    ["rice", "--source", "gen"],
    ['"border market"'],
    ["Pyongyang", "--since", "30d", "--limit", "50"],
    ["harvest", "--collapse"],
    ["factory worker", "--all-versions"],
]


def _versions(db_url: str) -> int:
    archive = open_archive(db_url, migrate=False)
    try:
        with archive.read() as session:
            return session.execute(text("SELECT COUNT(*) FROM versions")).scalar_one()
    finally:
        archive.close()


def _reader(n: int, db_url: str, workdir, results: list) -> None:  # type: ignore[no-untyped-def]
    env = nkmon_env(workdir)
    deadline = time.monotonic() + READ_SECONDS
    for i in range(SEARCHES):
        if i >= MIN_SEARCHES and time.monotonic() > deadline:
            return
        started = time.monotonic()
        query = QUERIES[(n + i) % len(QUERIES)]
        proc = subprocess.run(
            [sys.executable, "-m", "nkmon", "search", *query, "--db", db_url, "--format", "json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        took = time.monotonic() - started
        results.append((query, proc.returncode, proc.stdout, proc.stderr, took))


def test_searches_beside_a_writing_service_never_see_a_locked_database(
    serve, tmp_path, db_url, archive, record_property
):
    site = GeneratedOutlet(3, 20, delay=0.05)
    server = serve(site)
    sources = sources_file(tmp_path / "sources.toml", server, interval=2)
    log = tmp_path / "service.log"
    with log.open("w") as log_file:
        service = spawn_nkmon(
            tmp_path,
            "run",
            "--sources",
            str(sources),
            "--db",
            db_url,
            "--spread",
            "1",
            *FAST,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
    publishing = threading.Event()

    def publish() -> None:  # the outlet keeps publishing: every run has versions to write
        while not publishing.wait(0.5):
            site.publish(2)

    publisher = threading.Thread(target=publish, daemon=True)
    publisher.start()
    try:
        assert wait_until(lambda: _versions(db_url) >= 10, timeout=120, step=0.5), log.read_text()
        if archive.dialect == "sqlite":
            with archive.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        before = _versions(db_url)
        results: list = []
        readers = [
            threading.Thread(target=_reader, args=(n, db_url, tmp_path, results))
            for n in range(READERS)
        ]
        started = time.monotonic()
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join(timeout=300)
        seconds = time.monotonic() - started
        after = _versions(db_url)
    finally:
        publishing.set()
        publisher.join()
        service.send_signal(signal.SIGTERM)
        try:
            service.wait(timeout=60)
        except subprocess.TimeoutExpired:
            service.kill()
            service.wait()

    assert len(results) >= READERS * MIN_SEARCHES
    locked = [r for r in results if "database is locked" in r[2] + r[3]]
    failed = [r for r in results if r[1] != 0]
    figure = (
        f"{len(results)} searches by {READERS} processes in {seconds:.0f} s"
        f" (slowest {max(r[4] for r in results):.1f} s) while the service"
        f" wrote {after - before} versions: {len(failed)} failed, {len(locked)} saw"
        " 'database is locked'"
    )
    record_property("concurrent_readers", figure)
    print(figure)
    assert not locked and not failed, failed[:3]
    for query, _, stdout, stderr, _ in results:
        assert "Traceback" not in stderr, (query, stderr)
        assert isinstance(json.loads(stdout), list), (query, stdout)
    assert any(json.loads(r[2]) for r in results), "no search found anything"
    assert after > before, "the service wrote nothing while the searches ran"
    service_log = log.read_text()
    assert "database is locked" not in service_log, service_log
    assert service.returncode == 0, service_log[-2000:]
