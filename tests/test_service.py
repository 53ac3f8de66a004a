"""The service (`nkmon run`): real processes, real signals, replica outlets on loopback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from contextlib import suppress
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from _flags import LOOPBACK
from _pg import Cluster
from sqlalchemy import func, select, text

from archive import open_archive
from archive.models import Article, Capture, Version
from archive.runs import Run, RunCounts, finish_run, start_run
from archive.types import utcnow
from crawler import load_registry
from scheduler.status import source_health

pytestmark = pytest.mark.both_backends


def registry(tmp_path: Path, servers: dict, interval: int = 5) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(
        "".join(
            f"""
[[source]]
id = "{sid}"
name = "{server.outlet.name}"
homepage = "{server.url}/"
languages = ["en"]
feeds = ["{server.feed_url}"]
interval = {interval}
"""
            for sid, server in servers.items()
        ),
        encoding="utf-8",
    )
    return path


class Service:
    """One `nkmon run` process."""

    def __init__(self, tmp_path: Path, sources: Path, db_url: str, *args: str) -> None:
        env = {**os.environ, "NKMON_DATA_DIR": str(tmp_path / "data")}
        env.pop("NKMON_DATABASE_URL", None)
        self.log = tmp_path / f"service-{time.monotonic_ns()}.log"
        self._log = self.log.open("w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "nkmon",
                "run",
                "--sources",
                str(sources),
                "--db",
                db_url,
                "--spread",
                "1",
                *LOOPBACK,  # with the extraction pool, as shipped
                *args,
            ],
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            env=env,
        )

    def stop(self, timeout: float = 30) -> tuple[int, float]:
        """SIGTERM; returns the exit code and the seconds it took to exit."""
        start = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout)
        self._log.close()
        return code, time.monotonic() - start

    def kill(self) -> None:
        with suppress(ProcessLookupError):
            self.proc.kill()
        self.proc.wait()
        self._log.close()

    def events(self) -> list[dict]:
        out = []
        for line in self.log.read_text().splitlines():
            if line.startswith("{"):
                out.append(json.loads(line))
        return out


@pytest.fixture
def services(tmp_path):
    started: list[Service] = []

    def start(*args, **kw) -> Service:
        service = Service(tmp_path, *args, **kw)
        started.append(service)
        return service

    yield start
    for service in started:
        if service.proc.poll() is None:
            service.kill()


def wait_for(predicate, timeout: float = 90, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def runs(db_url: str, **where) -> list[Run]:
    archive = open_archive(db_url, migrate=False)
    try:
        with archive.read() as session:
            stmt = select(Run).filter_by(**where).order_by(Run.id)
            return list(session.scalars(stmt))
    finally:
        archive.close()


def test_the_service_crawls_on_schedule_and_stops_on_sigterm(
    services, serve, tmp_path, db_url, archive
):
    from nkmon.replica import wordpress_outlet

    server = serve(wordpress_outlet())
    sources = registry(tmp_path, {"wp": server}, interval=4)
    service = services(sources, db_url, "--log-format", "json", "--node", "alpha")
    # Two discovery runs: the schedule repeats.
    wait_for(lambda: len(runs(db_url, kind="discover", status="ok")) >= 2, what="two runs")
    code, seconds = service.stop()
    assert code == 0 and seconds < 30

    first, second = runs(db_url, kind="discover", status="ok")[:2]
    assert first.source_id == "wp" and first.node.startswith("alpha/")
    assert first.pages >= 8 and first.new_articles >= 8 and first.new_versions >= 8
    assert second.new_articles == 0 and second.new_versions == 0  # nothing changed
    assert second.started_at >= first.finished_at  # one source's runs never overlap
    with archive.read() as session:
        assert session.scalar(select(func.count(Article.id))) == first.new_articles
    events = [e["event"] for e in service.events()]
    assert events[0] == "service.started" and events[-1] == "service.stopped"
    assert {"run.started", "run.finished", "service.stopping"} <= set(events)
    finished = [e for e in service.events() if e["event"] == "run.finished"]
    assert finished[0]["source"] == "wp" and finished[0]["status"] == "ok"


def test_sigterm_in_mid_crawl_exits_within_30s_and_leaves_no_partial_version(
    services, serve, tmp_path, db_url, archive
):
    from nkmon.replica import wordpress_outlet

    server = serve(wordpress_outlet())
    sources = registry(tmp_path, {"slow": server}, interval=600)
    # A polite crawl: a second between pages, so SIGTERM lands mid-crawl.
    service = services(sources, db_url, "-s", "DOWNLOAD_DELAY=1.5")
    wait_for(lambda: runs(db_url, kind="discover"), what="a run to start")
    wait_for(lambda: _count(archive, Capture) >= 2, what="the first pages")
    code, seconds = service.stop()
    assert code == 0 and seconds < 30
    (run,) = runs(db_url, kind="discover")
    assert run.status == "stopped" and run.finished_at is not None
    with archive.read() as session:
        # Every version has its capture, and an index entry.
        orphans = session.scalar(
            select(func.count(Version.id)).where(
                ~select(Capture.id).where(Capture.version_id == Version.id).exists()
            )
        )
        assert orphans == 0
        assert _count(archive, Version) < 9  # it really was stopped part-way
        if archive.dialect == "sqlite":
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            indexed = session.scalar(text("SELECT count(*) FROM search_fts"))
            assert indexed == _count(archive, Version)


def test_a_restart_resumes_the_schedule_and_reruns_what_a_dead_process_left(
    services, serve, tmp_path, db_url, archive
):
    from nkmon.replica import wordpress_outlet

    server = serve(wordpress_outlet())
    sources = registry(tmp_path, {"hourly": server}, interval=3600)
    service = services(sources, db_url, "--node", "n1")
    wait_for(lambda: runs(db_url, kind="discover", status="ok"), what="the first run")
    assert service.stop()[0] == 0

    # Restarted: the next run is an hour away, and the job store remembers it.
    service = services(sources, db_url, "--node", "n1")
    time.sleep(5)
    assert len(runs(db_url, kind="discover")) == 1
    assert service.stop()[0] == 0

    # Down for three hours, two of the hourly runs missed: one catch-up run, not two.
    _set_next_run(db_url, "discover:hourly", utcnow() - timedelta(hours=3))
    with archive.write() as session:  # ...and so was the last run
        for run in session.scalars(select(Run)):
            run.started_at -= timedelta(hours=4)
            run.finished_at -= timedelta(hours=4)
    service = services(sources, db_url, "--node", "n1")
    wait_for(lambda: len(runs(db_url, kind="discover", status="ok")) == 2, what="the catch-up")
    time.sleep(2)
    assert service.stop()[0] == 0
    assert len(runs(db_url, kind="discover")) == 2

    # A run left "running" by a process that died is marked abandoned and redone.
    # So is one of a node that never came back, once older than any crawl can last.
    with archive.write() as session:
        dead_id = start_run(session, "discover", "n1/999999", "hourly").id
        gone_id = start_run(
            session, "revisit", "vanished/7", "hourly", utcnow() - timedelta(hours=3)
        ).id
        alive_id = start_run(session, "revisit", "elsewhere/7", "hourly").id
    service = services(sources, db_url, "--node", "n1")
    wait_for(lambda: len(runs(db_url, kind="discover", status="ok")) == 3, what="the re-run")
    assert service.stop()[0] == 0
    assert [runs(db_url, id=i)[0].status for i in (dead_id, gone_id, alive_id)] == [
        "abandoned",
        "abandoned",
        "running",  # another node's, recent: it may still be crawling
    ]


def test_a_crawl_that_dies_does_not_stop_the_service(services, serve, tmp_path, db_url, archive):
    from nkmon.replica import wordpress_outlet

    server = serve(wordpress_outlet())
    sources = registry(tmp_path, {"wp": server}, interval=4)
    service = services(sources, db_url, "-s", "DOWNLOAD_DELAY=1")
    wait_for(lambda: runs(db_url, kind="discover"), what="a run to start")
    child = wait_for(lambda: _crawl_child(service.proc.pid), what="the crawl process")
    os.kill(child, signal.SIGKILL)
    wait_for(lambda: runs(db_url, kind="discover", status="failed"), what="the failed run")
    # ...and the next run goes ahead.
    wait_for(lambda: runs(db_url, kind="discover", status="ok"), what="a later run")
    assert service.stop()[0] == 0
    (failed,) = runs(db_url, kind="discover", status="failed")
    assert failed.errors == {"crash": 1} and "died" in failed.detail


def test_status_reports_health_per_source(tmp_path, db_url, archive, nkmon):
    path = tmp_path / "sources.toml"
    path.write_text(
        "".join(
            f'[[source]]\nid = "{sid}"\nname = "{sid}"\nhomepage = "https://{sid}.example/"\n'
            f'languages = ["en"]\nfeeds = ["https://{sid}.example/feed"]\ninterval = "1h"\n\n'
            for sid in ("fine", "quiet", "refused", "offline", "broken", "new")
        ),
        encoding="utf-8",
    )
    now = utcnow()
    with archive.write() as session:
        for sid, status, errors, pages in (
            ("fine", "ok", {}, 10),
            ("quiet", "ok", {}, 10),
            ("refused", "failed", {"blocked": 9}, 10),
            ("offline", "failed", {"dns": 1}, 0),
            ("broken", "failed", {"other": 3}, 3),
        ):
            run = start_run(session, "discover", "t/1", sid, now - timedelta(minutes=5))
            finish_run(session, run.id, status, RunCounts(pages, errors=errors, detail="why"))
        old = start_run(session, "discover", "t/1", "quiet", now - timedelta(hours=9))
        finish_run(session, old.id, "ok", RunCounts(5), at=now - timedelta(hours=9))
        session.add(
            Article(source_id="fine", canonical_url="https://fine.example/1", first_seen=now)
        )
    health = {h.source: h for h in source_health(archive, load_registry(path))}
    assert {s: h.health for s, h in health.items()} == {
        "fine": "ok",
        "quiet": "stale",
        "refused": "blocked",
        "offline": "down",
        "broken": "failing",
        "new": "never run",
    }
    assert health["fine"].articles_24h == 1 and health["fine"].last_success is not None
    assert health["broken"].last_error_detail == "why"

    shown = json.loads(
        nkmon("status", "--sources", str(path), "--db", db_url, "--format", "json").stdout
    )
    assert {row["source"]: row["health"] for row in shown}["refused"] == "blocked"


def test_logs_never_show_the_database_password(services, serve, tmp_path, db_url, archive):
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite URLs carry no password")
    from sqlalchemy.engine import make_url

    from nkmon.replica import wordpress_outlet

    # The test server trusts loopback, so any password is accepted.
    secret_url = make_url(db_url).set(password="s3cret-pw").render_as_string(hide_password=False)
    server = serve(wordpress_outlet())
    sources = registry(tmp_path, {"wp": server}, interval=60)
    service = services(sources, secret_url, "--log-level", "debug")
    wait_for(lambda: runs(db_url, status="ok"), what="a run")
    assert service.stop()[0] == 0
    log = service.log.read_text()
    assert "event=service.started" in log and "s3cret-pw" not in log


def _set_next_run(db_url: str, job_id: str, when) -> None:
    """Move a job's next run time in the service's job store (as downtime would)."""
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

    archive = open_archive(db_url, migrate=False)
    try:
        store = SQLAlchemyJobStore(engine=archive.write_engine, tablename="scheduler_jobs")
        store.start(None, "default")
        job = store.lookup_job(job_id)
        job.next_run_time = when
        store.update_job(job)
    finally:
        archive.close()


def _count(archive, model) -> int:
    with archive.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _crawl_child(pid: int) -> int | None:
    """The service's crawl process (a multiprocessing spawn child), if one runs."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and b"multiprocessing" in cmdline and b"resource_tracker" not in cmdline:
            return int(entry.name)
    return None


def test_two_services_share_one_postgresql_archive(services, serve, tmp_path, db_url, archive):
    """Scale-out: two processes, three outlets. Each outlet is crawled by one
    process at a time, both processes do some of the work, and no article or
    version is ever created twice."""
    if not db_url.startswith("postgresql"):
        pytest.skip("scale-out is for PostgreSQL (SQLite serves one machine's processes)")
    from nkmon.replica import wordpress_outlet

    servers = {f"outlet{i}": serve(wordpress_outlet()) for i in range(3)}
    sources = registry(tmp_path, servers, interval=3)
    both = [
        services(sources, db_url, "--node", node, "-s", "DOWNLOAD_DELAY=0.2")
        for node in ("east", "west")
    ]
    wait_for(
        lambda: (
            {r.node.split("/")[0] for r in runs(db_url, kind="discover", status="ok")}
            == {"east", "west"}
            and len(runs(db_url, kind="discover", status="ok")) >= 8
        ),
        timeout=150,
        what="both nodes to crawl",
    )
    for service in both:
        assert service.stop()[0] == 0

    done = [r for r in runs(db_url, kind="discover") if r.status != "abandoned"]
    for sid in servers:
        spans = sorted((r.started_at, r.finished_at) for r in done if r.source_id == sid)
        assert spans, sid
        for (_, end), (start, _) in pairwise(spans):
            assert start >= end, f"two crawls of {sid} overlapped"
    with archive.read() as session:
        articles = session.execute(select(Article.source_id, Article.canonical_url)).all()
        assert len(articles) == len(set(articles))
        assert {sid for sid, _ in articles} == set(servers)
        per_article = session.execute(
            select(Version.article_id, func.count(Version.id)).group_by(Version.article_id)
        ).all()
        # Nothing changed on the outlets: one version per article, however often crawled.
        assert {n for _, n in per_article} == {1}


def test_a_crawl_from_the_command_line_is_recorded_too(crawl, nkmon, sources_file, db_url):
    crawl()
    (run,) = runs(db_url)
    assert (run.source_id, run.kind, run.status) == ("replica", "discover", "ok")
    assert run.node.startswith("cli/") and run.new_versions >= 8
    shown = json.loads(
        nkmon("status", "--sources", str(sources_file), "--db", db_url, "--format", "json").stdout
    )
    assert shown[0]["source"] == "replica" and shown[0]["last_success"]


@pytest.mark.sqlite_only
def test_scheduled_checkpoints_truncate_the_wal_once_a_long_reader_lets_go(
    services, serve, tmp_path, db_url, archive
):
    """Fault 32: a reader holding one snapshot blocks every checkpoint and the WAL
    grows. Meanwhile nothing fails and the service logs its checkpoints as partial;
    the first one after the reader lets go truncates the WAL (limit: 64 KiB)."""
    import sqlite3

    from nkmon.replica import wordpress_outlet

    server = serve(wordpress_outlet())
    sources = registry(tmp_path, {"wp": server}, interval=3600)
    service = services(sources, db_url, "--log-format", "json", "--checkpoint-every", "2")
    wait_for(lambda: runs(db_url, kind="discover", status="ok"), what="the first run")
    wal = Path(db_url.removeprefix("sqlite:///") + "-wal")

    def partial() -> list[dict]:
        lines = service.log.read_text().split("\n")[:-1]  # the last may be half-written
        events = [json.loads(line) for line in lines if line.startswith("{")]
        return [e for e in events if e["event"] == "checkpoint.partial"]

    reader = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        reader.execute("BEGIN")  # a long export, say: one snapshot, held
        reader.execute("SELECT count(*) FROM articles").fetchone()
        for n in range(300):  # writes go on, one small transaction at a time
            with archive.write() as session:
                run = start_run(session, "revisit", "writer/1", "wp")
                finish_run(session, run.id, "ok", RunCounts(n, detail="x" * 200))
        held = wait_for(lambda: len(partial()) >= 2 and partial(), timeout=60, what="partials")
        grown = wal.stat().st_size
        assert grown > 1024 * 1024, grown  # the reader kept every checkpoint from finishing
        assert held[-1]["wal_bytes"] > 1024 * 1024 and held[-1]["level"] == "warning"
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] >= 8
    finally:
        reader.close()
    wait_for(lambda: wal.stat().st_size <= 64 * 1024, timeout=60, what="the WAL truncated")
    assert service.proc.poll() is None
    assert service.stop()[0] == 0
    assert not [e for e in service.events() if e["level"] in ("error", "critical")]
    assert len(runs(db_url, node="writer/1", status="ok")) == 300
    with archive.read() as session:
        assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"


@pytest.fixture
def own_postgres():
    """A PostgreSQL server of this test's own, to stop under the service."""
    cluster = Cluster()
    try:
        yield cluster.start()
    finally:
        cluster.remove()


def test_the_service_rides_out_a_database_outage(services, serve, tmp_path, own_postgres):
    """Fault 40: PostgreSQL stops while the service runs and starts again. Every
    wake of the scheduler meanwhile fails with one line naming the database (no
    password); the service neither exits nor stalls, and crawls again once the
    database is back."""
    from sqlalchemy.engine import make_url

    from nkmon.replica import wordpress_outlet

    db = own_postgres
    open_archive(db.url).close()  # migrated, so that runs() can look before the service has
    # Trust auth takes any password: one in the URL shows that no line carries it.
    secret_url = make_url(db.url).set(password="s3cret-pw").render_as_string(hide_password=False)
    server = serve(wordpress_outlet())
    sources = registry(tmp_path, {"wp": server}, interval=3)
    service = services(sources, secret_url, "--log-format", "json")
    wait_for(lambda: runs(db.url, kind="discover", status="ok"), what="a first run")
    wait_for(lambda: runs(db.url, kind="discover", status="running"), what="another run")
    db.stop()  # mid-crawl
    time.sleep(25)  # jobs fall due every 3 s; a failed wake is retried after 10 s
    assert service.proc.poll() is None, "the service exited while the database was down"
    db.start()
    back = utcnow()
    wait_for(
        lambda: [r for r in runs(db.url, kind="discover", status="ok") if r.started_at > back],
        what="a run after the outage",
    )
    assert service.stop()[0] == 0
    log = service.log.read_text()
    assert "s3cret-pw" not in log and "Traceback" not in log
    events = service.events()
    failed = [e for e in events if e["event"] == "scheduler.wake_failed"]
    assert 2 <= len(failed) <= 8, failed  # one per wake, no busy loop
    where = f"postgresql+psycopg://postgres:***@127.0.0.1:{db.port}/postgres: "
    for event in failed + [e for e in events if e["event"] == "job.failed"]:
        assert event["error"].startswith(where), event
    # The run the outage cut short has its record too (written once the database was
    # back): failed, not "stopped" (nobody asked it to stop).
    assert runs(db.url, status="running") == []
    assert runs(db.url, status="stopped")[:-1] == []  # the last: stopped with the service
    assert runs(db.url, kind="discover", status="failed")
    assert [e for e in events if e["event"] == "run.finished" and e.get("late")]


@pytest.mark.sqlite_only
def test_a_wake_that_fails_after_reading_the_due_jobs_does_not_stop_the_schedule(
    services, serve, tmp_path, db_url, archive
):
    """APScheduler #1083: an error after the due jobs are read (here the job store
    refuses, for a while, to save their next run times) ended the scheduler's
    thread, and no job ran again. Each such wake is one line, and the schedule goes
    on once the database writes again."""
    from nkmon.replica import wordpress_outlet

    server = serve(wordpress_outlet())
    sources = registry(tmp_path, {"wp": server}, interval=3)
    service = services(sources, db_url, "--log-format", "json")
    wait_for(lambda: runs(db_url, kind="discover", status="ok"), what="a first run")
    with archive.write() as session:
        session.execute(
            text(
                "CREATE TRIGGER refuse BEFORE UPDATE ON scheduler_jobs"
                " BEGIN SELECT RAISE(ABORT, 'job store refused'); END"
            )
        )

    def failed() -> list[dict]:
        lines = service.log.read_text().split("\n")[:-1]  # the last may be half-written
        events = [json.loads(line) for line in lines if line.startswith("{")]
        return [e for e in events if e["event"] == "scheduler.wake_failed"]

    wait_for(failed, what="a failed wake")
    with archive.write() as session:
        session.execute(text("DROP TRIGGER refuse"))
    back = utcnow()
    wait_for(
        lambda: len([r for r in runs(db_url, kind="discover") if r.started_at > back]) >= 2,
        what="the schedule to go on",
    )
    assert service.proc.poll() is None
    assert service.stop()[0] == 0
    assert "job store refused" in failed()[0]["error"]
    assert "Traceback" not in service.log.read_text()
