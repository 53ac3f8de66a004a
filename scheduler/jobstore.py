"""APScheduler's SQLAlchemy job store and background scheduler, made to ride out
a database outage.

APScheduler 3 survives an error reading the due jobs (it logs the driver's
multi-line message and tries again later), but an error in any later step of a
wake (saving a job's next run time, reading the next wake-up time) ends its
thread and the schedule silently stops (APScheduler #1083). Here every failed
wake is one ``scheduler.wake_failed`` line naming the database (password
hidden), and the next wake comes ``RETRY_SECONDS`` later.

Imported when the service starts (APScheduler is not loaded by other commands).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.exc import SQLAlchemyError

from archive import Archive, DatabaseError
from archive.db import database_error

from .logs import log_event
from .records import one_line

__all__ = ["RETRY_SECONDS", "JobStore", "Scheduler"]

RETRY_SECONDS = 10  # between wakes while the database is down


class _Logged(DatabaseError):
    """A job store error already logged (APScheduler would log it again)."""


class JobStore(SQLAlchemyJobStore):  # type: ignore[misc]
    """The job store in the archive's database; its database errors are
    ``archive.DatabaseError``s, one line naming the database."""

    def __init__(self, archive: Archive, tablename: str) -> None:
        super().__init__(engine=archive.write_engine, tablename=tablename)
        self.archive = archive

    def get_due_jobs(self, now: datetime) -> list[Any]:
        try:
            return super().get_due_jobs(now)
        except SQLAlchemyError as exc:
            error = database_error(self.archive.url, exc)
            wake_failed(error)
            raise _Logged(str(error)) from exc


def _one_line_errors(method: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(self: JobStore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except SQLAlchemyError as exc:
            raise database_error(self.archive.url, exc) from exc

    wrapped.__name__ = method.__name__
    return wrapped


for _name in (
    "lookup_job",
    "get_next_run_time",
    "get_all_jobs",
    "add_job",
    "update_job",
    "remove_job",
    "remove_all_jobs",
):
    setattr(JobStore, _name, _one_line_errors(getattr(SQLAlchemyJobStore, _name)))


class Scheduler(BackgroundScheduler):  # type: ignore[misc]
    """A background scheduler whose wake-up loop outlives any error of a wake."""

    def _process_jobs(self) -> float | None:
        try:
            return super()._process_jobs()
        except Exception as exc:
            wake_failed(exc)
            return RETRY_SECONDS


def wake_failed(exc: BaseException) -> None:
    log_event(
        "scheduler.wake_failed",
        error=one_line(exc),
        retry_in=RETRY_SECONDS,
        level=logging.ERROR,
    )


def _not_logged_yet(record: logging.LogRecord) -> bool:
    return not any(isinstance(arg, _Logged) for arg in (record.args or ()))


# "Error getting due jobs from job store ...": the job store has said so already.
logging.getLogger("apscheduler.scheduler").addFilter(_not_logged_yet)
