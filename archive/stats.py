"""How much the archive caught, per source or per UTC day or ISO week.

Counts, per group: *articles* first seen, *versions* captured, and the
*edits*, *deletions* and *restorations* recorded (events). Grouped by source,
each row also carries the source's health (``ok``/``down``); grouped by time,
every day or week of the range has a row, zero or not, so a chart of it has
no gaps and a quiet week shows as quiet rather than missing.

Counting happens in the database (``GROUP BY``) so the cost is one scan per
table however large the archive: days and ISO weeks (Monday start) are cut in
UTC with ``date()`` on SQLite and ``date_trunc`` on PostgreSQL; any other
database gets the timestamps streamed in batches and bucketed here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import Date, Select, cast, func, literal_column, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from .exceptions import NotFound, QueryError
from .models import Article, Event, EventKind, Source, Version
from .types import utcnow

__all__ = ["COUNTS", "GROUPINGS", "Grouping", "period_label", "period_start", "stats"]

Grouping = Literal["source", "day", "week"]
GROUPINGS: tuple[Grouping, ...] = ("source", "day", "week")
# The counted columns of every row, in display order.
COUNTS = ("articles", "versions", "edits", "deletions", "restorations")
_EVENT_COUNTS = {
    EventKind.edited: "edits",
    EventKind.deleted: "deletions",
    EventKind.restored: "restorations",
}
_BATCH = 10_000


def stats(
    session: Session,
    *,
    by: Grouping = "source",
    since: datetime | None = None,
    source: str | None = None,
    until: datetime | None = None,
) -> list[dict[str, Any]]:
    """Counts per source (every source, by id) or per UTC day / ISO week, oldest first.

    ``since`` and ``until`` bound the moments counted (both inclusive; None:
    unbounded). By day or week, ``since`` is moved back to the start of its
    period so the first row counts a whole day or week, and the rows run from
    there (or from the first activity) to the period of ``until`` (or of now,
    or of the last activity if that is later). ``source`` limits the counts to
    one source, and must exist.
    """
    if by not in GROUPINGS:
        raise QueryError(f"cannot group by {by!r}: use one of {', '.join(GROUPINGS)}")
    if source is not None and session.get(Source, source) is None:
        raise NotFound(f"no source {source!r} in the archive")
    if by != "source" and since is not None:
        since = datetime.combine(period_start(since, by), time(), UTC)
    if since is not None and until is not None and since > until:
        return []

    tallies = _tallies(session, by, since=since, source=source, until=until)
    if by == "source":
        return _source_rows(session, tallies, source)
    return _period_rows(tallies, by, since=since, until=until)


def period_start(moment: datetime | date, by: Grouping) -> date:
    """The first day of the UTC day or ISO week (Monday) that holds ``moment``."""
    day = moment.astimezone(UTC).date() if isinstance(moment, datetime) else moment
    return day - timedelta(days=day.weekday()) if by == "week" else day


def period_label(start: date, by: Grouping) -> str:
    """``2026-11-02`` for a day, ``2026-W45`` for an ISO week."""
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return start.isoformat()


# -- counting ---------------------------------------------------------------


def _tallies(
    session: Session,
    by: Grouping,
    *,
    since: datetime | None,
    source: str | None,
    until: datetime | None,
) -> dict[str, Counter[Any]]:
    """Each count name -> {group key: count}; a key is a source id or a period's first day."""
    measured: list[tuple[InstrumentedAttribute[Any], Select[Any]]] = [
        (Article.first_seen, select().select_from(Article)),
        (
            Version.captured_at,
            select().select_from(Version).join(Article, Article.id == Version.article_id),
        ),
        (
            Event.at,
            select(Event.kind)
            .select_from(Event)
            .join(Article, Article.id == Event.article_id)
            .where(Event.kind.in_(list(_EVENT_COUNTS))),
        ),
    ]
    tallies: dict[str, Counter[Any]] = {name: Counter() for name in COUNTS}
    for name, (moment, stmt) in zip(("articles", "versions", "events"), measured, strict=True):
        if since is not None:
            stmt = stmt.where(moment >= since)
        if until is not None:
            stmt = stmt.where(moment <= until)
        if source is not None:
            stmt = stmt.where(Article.source_id == source)
        for kind, key, count in _grouped(session, stmt, moment, by):
            target = _EVENT_COUNTS[EventKind(kind)] if name == "events" else name
            tallies[target][key] += count
    return tallies


def _grouped(
    session: Session, stmt: Select[Any], moment: InstrumentedAttribute[Any], by: Grouping
) -> Iterable[tuple[Any, Any, int]]:
    """(the statement's own column (event kind) or None, group key, count) per group."""
    own = list(stmt.selected_columns)
    if by == "source":
        bucket: Any = Article.source_id
    else:
        bucket = _sql_bucket(moment, by, session.get_bind().dialect.name)
        if bucket is None:  # no date functions we know: bucket here, in batches
            rows = session.execute(stmt.add_columns(moment).execution_options(yield_per=_BATCH))
            counts: Counter[tuple[Any, date]] = Counter()
            for row in rows:
                kind = row[0] if own else None
                counts[(kind, period_start(row[-1], by))] += 1
            return [(kind, key, n) for (kind, key), n in counts.items()]
    grouped = stmt.add_columns(bucket.label("bucket"), func.count().label("n")).group_by(
        *own, bucket
    )
    result = []
    for row in session.execute(grouped):
        kind = row[0] if own else None
        key = row[-2] if by == "source" else _as_date(row[-2])
        result.append((kind, key, int(row[-1])))
    return result


def _sql_bucket(moment: InstrumentedAttribute[Any], by: Grouping, dialect: str) -> Any | None:
    """The SQL expression for the first day of the moment's period, or None."""
    # Constants are literals, not bound parameters, so the GROUP BY expression
    # is textually the selected one (PostgreSQL insists).
    if dialect == "sqlite":
        # Stored as naive UTC text; 'weekday 1' moves forward to a Monday.
        if by == "day":
            return func.date(moment)
        return func.date(moment, literal_column("'-6 days'"), literal_column("'weekday 1'"))
    if dialect == "postgresql":
        utc = func.timezone(literal_column("'UTC'"), moment)
        return cast(func.date_trunc(literal_column(f"'{by}'"), utc), Date)
    return None


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# -- rows -------------------------------------------------------------------


def _counts(tallies: dict[str, Counter[Any]], key: Any) -> dict[str, int]:
    return {name: tallies[name].get(key, 0) for name in COUNTS}


def _source_rows(
    session: Session, tallies: dict[str, Counter[Any]], source: str | None
) -> list[dict[str, Any]]:
    stmt = select(Source).order_by(Source.id)
    if source is not None:
        stmt = stmt.where(Source.id == source)
    return [
        {
            "source": s.id,
            "name": s.name,
            "status": s.status.value,
            "status_since": s.status_since,
            **_counts(tallies, s.id),
        }
        for s in session.scalars(stmt)
    ]


def _period_rows(
    tallies: dict[str, Counter[Any]],
    by: Grouping,
    *,
    since: datetime | None,
    until: datetime | None,
) -> list[dict[str, Any]]:
    seen = [key for counter in tallies.values() for key in counter]
    if since is None and not seen:
        return []
    day: date = period_start(since, by) if since is not None else min(seen)
    last = period_start(until or utcnow(), by)
    if until is None and seen:
        last = max(last, *seen)
    step = timedelta(days=7 if by == "week" else 1)
    rows = []
    while day <= last:
        start = datetime.combine(day, time(), UTC)
        rows.append(
            {
                "period": period_label(day, by),
                "start": start,
                "end": start + step,
                **_counts(tallies, day),
            }
        )
        day += step
    return rows
