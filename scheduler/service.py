"""The background service behind ``nkmon run``: APScheduler 3 runs the registry.

Jobs (ids are stable, so their state survives a restart):

- ``discover:<source>`` at the source's interval, with jitter;
- ``revisit``: the revisit sweep over every source, every ``revisit_every``;
- ``maintenance``: index optimization, ANALYZE/VACUUM, pruning old run records;
- ``checkpoint`` (SQLite only): ``wal_checkpoint(TRUNCATE)`` every
  ``checkpoint_every``, so that the WAL file does not grow without bound while
  readers come and go (one holding an old snapshot blocks SQLite's own
  checkpoints: the job then logs ``checkpoint.partial`` and finishes once the
  reader is gone).

Every job is ``max_instances=1`` and ``coalesce``d, with a misfire grace time.
Job state lives in the archive database (``scheduler_jobs``), so a restart
keeps each job's next run time: overdue jobs are spread over the first minutes
instead of all firing at once, and the sources of runs that a dead process
left unfinished are crawled again soon.

Each crawl runs in a child process (crawler.runner) under a per-source lock
(scheduler.locks) and a hard time limit, and leaves a run record
(archive.runs, its counts from scheduler.records). Before crawling, a job
checks the run records: a source that another process sharing the database
crawled recently is skipped, so several ``nkmon run`` processes split the work
instead of repeating it.

SIGTERM or SIGINT stops the service: running crawls are asked to stop and
killed after a grace period, the scheduler shuts down, exit code 0.

A database outage stops nothing: each wake of the scheduler that cannot read
its job store logs one ``scheduler.wake_failed`` line (the database's URL, no
password) and tries again ``jobstore_retry_interval`` (10 s) later, whatever
step failed (APScheduler 3 itself only survives the first, #1083; see
scheduler.jobstore). Run records
that could not be written when their crawl ended are written once the database
is back.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import signal
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from archive import Archive, DatabaseError
from archive.db import database_error
from archive.maintenance import checkpoint, optimize
from archive.runs import (
    RunCounts,
    abandon_runs,
    finish_run,
    last_run,
    prune_runs,
    start_run,
    unfinished_runs,
)
from archive.types import utcnow
from crawler import CrawlError, CrawlReport, SourceConfig, SourceReport, load_registry
from crawler import crawl as run_crawl

from .jobs import open_crawl_archive
from .locks import source_lock
from .logs import log_event
from .records import one_line, run_outcome

__all__ = ["Service", "ServiceConfig"]

JOBS_TABLE = "scheduler_jobs"
_CURRENT: Service | None = None  # the service whose jobs the scheduler calls


@dataclass
class ServiceConfig:
    database_url: str | None = None
    data_dir: str | Path | None = None
    sources_path: str | Path | None = None
    node: str = field(default_factory=lambda: default_node())
    concurrency: int = 2  # crawls at once
    revisit_every: timedelta = timedelta(minutes=15)
    maintenance_every: timedelta = timedelta(hours=24)
    checkpoint_every: timedelta = timedelta(minutes=5)  # SQLite only
    keep_runs: timedelta = timedelta(days=90)
    crawl_time_limit: timedelta = timedelta(hours=1)  # at most; less for short intervals
    stop_grace: float = 20.0  # seconds a stopping crawl gets before it is killed
    startup_spread: timedelta = timedelta(minutes=5)  # overdue jobs start within this
    settings: dict[str, Any] = field(default_factory=dict)  # Scrapy/nkmon overrides


def default_node() -> str:
    return os.environ.get("NKMON_NODE") or socket.gethostname() or "nkmon"


class Service:
    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self.registry = load_registry(config.sources_path)
        self.sources = {s.id: s for s in self.registry}
        self.archive: Archive = open_crawl_archive(config.database_url, config.data_dir)
        self._crawl_url = self.archive.url.render_as_string(hide_password=False)
        self._stopping = threading.Event()
        self._scheduler: Any = None
        # Ended runs whose records a database outage kept from being written.
        self._unrecorded: list[_Ended] = []
        self._unrecorded_lock = threading.Lock()
        self.node = f"{config.node}/{os.getpid()}"

    # -- lifecycle -------------------------------------------------------------

    def start(self) -> None:
        from apscheduler.executors.pool import ThreadPoolExecutor

        from .jobstore import RETRY_SECONDS, JobStore, Scheduler

        global _CURRENT
        _CURRENT = self
        again = self._abandon_dead_runs()
        self._scheduler = Scheduler(
            jobstores={"default": JobStore(self.archive, JOBS_TABLE)},
            jobstore_retry_interval=RETRY_SECONDS,
            executors={"default": ThreadPoolExecutor(max(1, self.config.concurrency))},
            job_defaults={"coalesce": True, "max_instances": 1},
            timezone="UTC",
        )
        self._scheduler.start(paused=True)
        self._install_jobs(again)
        self._scheduler.resume()
        log_event(
            "service.started",
            node=self.node,
            database=self.archive.where,
            sources=len(self.sources),
            jobs=len(self._scheduler.get_jobs()),
        )

    def stop(self) -> None:
        """Ask running crawls to stop, then wait for them (bounded by the grace period)."""
        self._stopping.set()
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=True)
        self.archive.close()
        log_event("service.stopped", node=self.node)

    def run_forever(self) -> int:
        """Start, wait for SIGTERM or SIGINT, stop; returns the exit code (0)."""
        stop_requested = threading.Event()

        def on_signal(signum: int, _frame: Any) -> None:
            log_event("service.stopping", signal=signal.Signals(signum).name)
            stop_requested.set()
            self._stopping.set()

        previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.start()
            while not stop_requested.wait(1.0):
                pass
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)
            self.stop()
        return 0

    # -- jobs ------------------------------------------------------------------

    def _install_jobs(self, run_soon: set[str]) -> None:
        from apscheduler.triggers.interval import IntervalTrigger

        now = utcnow()
        spread = self.config.startup_spread.total_seconds()
        wanted: dict[str, tuple[IntervalTrigger, tuple[str, str | None]]] = {}
        for source in self.sources.values():
            seconds = source.interval.total_seconds()
            trigger = IntervalTrigger(seconds=seconds, jitter=min(300, seconds * 0.1))
            wanted[f"discover:{source.id}"] = (trigger, ("discover", source.id))
        housekeeping = [
            ("revisit", self.config.revisit_every, "revisit"),
            ("maintenance", self.config.maintenance_every, "maintenance"),
        ]
        if self.archive.dialect == "sqlite":  # PostgreSQL has no WAL file to keep small
            housekeeping.append(("checkpoint", self.config.checkpoint_every, "checkpoint"))
        for job_id, every, kind in housekeeping:
            seconds = every.total_seconds()
            wanted[job_id] = (
                IntervalTrigger(seconds=seconds, jitter=min(300, seconds * 0.1)),
                (kind, None),
            )
        for job in self._scheduler.get_jobs():
            if job.id not in wanted:
                job.remove()  # a source taken out of the registry
        for job_id, (trigger, args) in wanted.items():
            old = self._scheduler.get_job(job_id)
            interval = trigger.interval.total_seconds()
            next_run = old.next_run_time if old is not None else None
            if next_run is None or job_id in run_soon:
                # New, or its last run died: soon, spread so that not all start at once.
                next_run = now + timedelta(seconds=random.uniform(0, min(spread, interval)))
                if not job_id.startswith("discover:"):
                    # Housekeeping after the discoveries: a revisit sweep that took
                    # a source's lock first would send its discovery to wait.
                    next_run += timedelta(seconds=min(spread, interval))
            elif next_run < now:
                next_run = now + timedelta(seconds=random.uniform(0, min(spread, interval)))
            elif next_run > now + timedelta(seconds=interval):
                next_run = now + timedelta(
                    seconds=random.uniform(0, interval)
                )  # interval shortened
            self._scheduler.add_job(
                "scheduler.service:_job",
                trigger=trigger,
                args=args,
                id=job_id,
                name=job_id,
                replace_existing=True,
                next_run_time=next_run,
                misfire_grace_time=max(60, int(interval)),
            )

    def _abandon_dead_runs(self, *, at_startup: bool = True) -> set[str]:
        """Unfinished runs whose process is gone: this node's whose pid is dead,
        and anyone's older than the hard time limit allows (a container that
        was killed and recreated comes back under another host name). Marks
        them abandoned; returns the ids of their jobs, to run again soon."""
        longest = self.config.crawl_time_limit + timedelta(seconds=2 * self.config.stop_grace + 60)
        now = utcnow()
        with self.archive.write() as session:
            dead = [
                r
                for r in unfinished_runs(session)
                if (
                    at_startup
                    and r.node.rsplit("/", 1)[0] == self.config.node
                    and not _pid_alive(r.node.rsplit("/", 1)[-1])
                )
                or now - r.started_at > longest
            ]
            abandon_runs(session, [r.id for r in dead])
        for run in dead:
            log_event(
                "run.abandoned", run=run.id, source=run.source_id, kind=run.kind, node=run.node
            )
        return {f"discover:{r.source_id}" if r.kind == "discover" else r.kind for r in dead}

    def run_job(self, kind: str, source_id: str | None) -> None:
        if self._stopping.is_set():
            return
        try:
            if self._unrecorded:
                self._record_ended([])
            if kind == "discover" and source_id in self.sources:
                self._crawl([self.sources[source_id]], "discover")
            elif kind == "revisit":
                self._crawl(list(self.sources.values()), "revisit")
            elif kind == "maintenance":
                self._maintenance()
            elif kind == "checkpoint":
                self._checkpoint()
        except Exception as exc:  # one failed job never stops the service
            if isinstance(exc, SQLAlchemyError):  # one line naming the database, no password
                exc = database_error(self.archive.url, exc)
            log_event("job.failed", kind=kind, source=source_id, error=one_line(exc), level=40)

    def _crawl(self, sources: list[SourceConfig], mode: str) -> None:
        with _locks(self.archive, [s.id for s in sources]) as locked:
            todo = []
            for source in sources:
                if source.id not in locked:
                    log_event("run.skipped", source=source.id, kind=mode, reason="busy elsewhere")
                    if mode == "discover":
                        self._retry_soon(f"discover:{source.id}", source.interval)
                elif mode == "discover" and self._crawled_recently(source):
                    log_event("run.skipped", source=source.id, kind=mode, reason="crawled recently")
                else:
                    todo.append(source)
            if not todo:
                return
            started = utcnow()
            with self.archive.write() as session:
                run_ids = {
                    s.id: start_run(session, mode, self.node, s.id, started).id for s in todo
                }
            for source in todo:
                log_event("run.started", source=source.id, kind=mode, run=run_ids[source.id])
            limit = min(
                [self.config.crawl_time_limit.total_seconds()]
                + ([max(60.0, todo[0].interval.total_seconds())] if mode == "discover" else [])
            )
            report: CrawlReport | None = None
            fatal: str | None = None
            try:
                report = run_crawl(
                    todo,
                    self._crawl_url,
                    mode=mode,
                    settings=self.config.settings,
                    time_limit=limit,
                    stop=self._stopping.is_set,
                    grace=self.config.stop_grace,
                )
            except CrawlError as exc:
                report = getattr(exc, "report", None)
                fatal = str(exc)
            by_id = {s.source_id: s for s in (report.sources if report else [])}
            # A crawl that shut down unasked (say, its database went away) failed.
            stopping = self._stopping.is_set()
            self._record_ended(
                [
                    _Ended(run_ids[s.id], s.id, mode, started, by_id.get(s.id), fatal, stopping)
                    for s in todo
                ]
            )

    def _record_ended(self, ended: list[_Ended]) -> None:
        """Finish the run records of ``ended``, and of any runs a database outage
        kept back; if the database fails again, all are kept for the next job."""
        with self._unrecorded_lock:
            todo, self._unrecorded = self._unrecorded + ended, []
            try:
                with self.archive.write() as session:
                    outcomes = []
                    for run in todo:
                        status, counts = run_outcome(
                            session,
                            run.source_id,
                            run.started,
                            run.report,
                            run.fatal,
                            stop_requested=run.stop_requested,
                        )
                        finish_run(session, run.run_id, status, counts)
                        outcomes.append((run, status, counts))
            except DatabaseError:
                self._unrecorded = todo
                raise
        for run, status, counts in outcomes:
            log_event(
                "run.finished",
                source=run.source_id,
                kind=run.kind,
                run=run.run_id,
                status=status,
                pages=counts.pages,
                new_articles=counts.new_articles,
                new_versions=counts.new_versions,
                deletions=counts.deletions,
                errors=dict(counts.errors or {}) or None,
                detail=counts.detail,
                late=True if run not in ended else None,
                level=30 if status not in ("ok", "stopped") else 20,
            )

    def _retry_soon(self, job_id: str, interval: timedelta) -> None:
        """Run a job again shortly (its source was busy), instead of a whole interval later."""
        delay = min(60.0, interval.total_seconds() / 4) * random.uniform(0.8, 1.2)
        with contextlib.suppress(Exception):  # the job may be gone (registry reloaded)
            self._scheduler.modify_job(job_id, next_run_time=utcnow() + timedelta(seconds=delay))

    def _crawled_recently(self, source: SourceConfig) -> bool:
        """Did any process start a discovery of this source within half its interval?"""
        with self.archive.read() as session:
            run = last_run(session, source.id, "discover")
        if run is None or run.status == "abandoned":
            return False
        return utcnow() - run.started_at < source.interval / 2

    def _checkpoint(self) -> None:
        done = checkpoint(self.archive)
        if done is None:
            return
        if done.complete:
            log_event(
                "checkpoint.done", frames=done.frames, wal_bytes=done.wal_bytes, level=logging.DEBUG
            )
        else:
            log_event(
                "checkpoint.partial",
                reason="a reader (or the writer) did not let go of the WAL within 1 s",
                frames=done.frames,
                copied=done.copied,
                wal_bytes=done.wal_bytes,
                level=logging.WARNING,
            )

    def _maintenance(self) -> None:
        with _locks(self.archive, ["maintenance"]) as locked:
            if not locked:
                return
            with self.archive.write() as session:
                run_id = start_run(session, "maintenance", self.node).id
            started = time.monotonic()
            status, detail = "ok", None
            try:
                self._abandon_dead_runs(at_startup=False)  # e.g. left by a vanished node
                done = optimize(self.archive)
                with self.archive.write() as session:
                    pruned = prune_runs(session, self.config.keep_runs)
            except Exception as exc:
                status, detail, done, pruned = "failed", one_line(exc), [], 0
            with self.archive.write() as session:
                finish_run(
                    session,
                    run_id,
                    status,
                    RunCounts(errors={"maintenance": 1} if detail else {}, detail=detail),
                )
            log_event(
                "maintenance.finished",
                status=status,
                done=",".join(done) or None,
                runs_pruned=pruned,
                seconds=round(time.monotonic() - started, 1),
                detail=detail,
            )


@dataclass(frozen=True)
class _Ended:
    """A crawl that ended, for its run record."""

    run_id: int
    source_id: str
    kind: str
    started: datetime
    report: SourceReport | None
    fatal: str | None
    stop_requested: bool  # the service was stopping


def _job(kind: str, source_id: str | None) -> None:
    """What the scheduler calls (by reference, so the job store can keep it)."""
    if _CURRENT is not None:
        _CURRENT.run_job(kind, source_id)


@contextlib.contextmanager
def _locks(archive: Archive, names: Iterable[str]) -> Iterator[set[str]]:
    """Take as many of the named source locks as are free; yields the set taken.
    A lock not had is let go at once; the others when the block ends."""
    with contextlib.ExitStack() as held:
        locked = set()
        for name in names:
            with contextlib.ExitStack() as attempt:
                if attempt.enter_context(source_lock(archive, name)):
                    held.enter_context(attempt.pop_all())
                    locked.add(name)
        yield locked


def _pid_alive(pid: str) -> bool:
    if not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False  # a previous process that had our pid is gone
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
