"""Run records: one row per scheduled crawl or maintenance job.

The service writes a row when a run starts (status ``running``) and fills it
in when it ends: ``ok``, ``failed`` (the source gave nothing), ``timeout``
(stopped at its time limit), ``stopped`` (the service was shutting down) or
``abandoned`` (its process died: found at the next start). ``nkmon status``
and the scheduler's "crawled recently?" check read them, so several service
processes sharing one database see each other's work.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import JSON, ForeignKey, Index, String, delete, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from .models import Base, Source
from .types import UTCDateTime, utcnow

__all__ = [
    "RUN_STATUSES",
    "Run",
    "RunCounts",
    "abandon_runs",
    "finish_run",
    "last_run",
    "prune_runs",
    "start_run",
    "unfinished_runs",
]

RUN_STATUSES = ("running", "ok", "failed", "timeout", "stopped", "abandoned")


class Run(Base):
    __tablename__ = "runs"
    __table_args__ = (Index("ix_runs_source_id_started_at", "source_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL for jobs about the whole archive (maintenance).
    source_id: Mapped[str | None] = mapped_column(ForeignKey("sources.id"))
    kind: Mapped[str] = mapped_column(String(16))  # discover, revisit, maintenance
    node: Mapped[str] = mapped_column(String(128))  # which service process: name/pid
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="running")
    pages: Mapped[int] = mapped_column(default=0)
    new_articles: Mapped[int] = mapped_column(default=0)
    new_versions: Mapped[int] = mapped_column(default=0)
    deletions: Mapped[int] = mapped_column(default=0)
    errors: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # kind -> count
    detail: Mapped[str | None] = mapped_column(String(2000))  # first error, in a line


@dataclass(frozen=True)
class RunCounts:
    pages: int = 0
    new_articles: int = 0
    new_versions: int = 0
    deletions: int = 0
    errors: Mapping[str, int] | None = None
    detail: str | None = None


def start_run(
    session: Session, kind: str, node: str, source_id: str | None = None, at: datetime | None = None
) -> Run:
    if source_id is not None and session.get(Source, source_id) is None:
        session.add(Source(id=source_id, name=source_id))
        session.flush()
    run = Run(source_id=source_id, kind=kind, node=node, started_at=at or utcnow(), errors={})
    session.add(run)
    session.flush()
    return run


def finish_run(
    session: Session, run_id: int, status: str, counts: RunCounts, at: datetime | None = None
) -> None:
    if status not in RUN_STATUSES or status == "running":
        raise ValueError(f"not a final run status: {status!r}")
    session.execute(
        update(Run)
        .where(Run.id == run_id)
        .values(
            finished_at=at or utcnow(),
            status=status,
            pages=counts.pages,
            new_articles=counts.new_articles,
            new_versions=counts.new_versions,
            deletions=counts.deletions,
            errors=dict(Counter(counts.errors or {})),
            detail=(counts.detail or None) and counts.detail[:2000],
        )
    )


def unfinished_runs(session: Session) -> list[Run]:
    return list(session.scalars(select(Run).where(Run.status == "running").order_by(Run.id)))


def abandon_runs(session: Session, ids: Iterable[int]) -> None:
    """Mark runs whose process died before they finished as abandoned."""
    ids = list(ids)
    if ids:
        session.execute(
            update(Run)
            .where(Run.id.in_(ids), Run.status == "running")
            .values(
                status="abandoned",
                finished_at=utcnow(),
                detail="the service process died before this run finished",
            )
        )


def last_run(
    session: Session, source_id: str | None, kind: str, *, status: str | None = None
) -> Run | None:
    stmt = select(Run).where(Run.source_id == source_id, Run.kind == kind)
    if status:
        stmt = stmt.where(Run.status == status)
    return session.scalars(stmt.order_by(Run.started_at.desc(), Run.id.desc()).limit(1)).first()


def prune_runs(session: Session, older_than: timedelta, now: datetime | None = None) -> int:
    """Delete finished run records older than ``older_than``; returns how many."""
    cutoff = (now or utcnow()) - older_than
    result = session.execute(delete(Run).where(Run.started_at < cutoff, Run.status != "running"))
    return result.rowcount or 0
