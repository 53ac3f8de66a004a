"""Per-source health, from the run records and the archive: what ``nkmon status`` shows.

Health, first match wins:

- ``never run``: no run record yet;
- ``down``: the archive marks the source down, or its last discovery failed
  with network errors only (DNS, refused, reset, timeouts);
- ``blocked``: at least half the pages of its last discovery were refused
  with 403 or answered with a challenge page;
- ``failing``: its last discovery failed otherwise;
- ``stale``: nothing new for ``stale_after`` intervals (3 by default);
- ``ok``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from archive import Archive
from archive.models import Article, Source, SourceStatus
from archive.runs import Run
from archive.types import utcnow
from crawler import Registry

__all__ = ["SourceHealth", "source_health"]

NETWORK_ERRORS = frozenset({"dns", "connection", "timeout", "down", "time_limit"})


@dataclass(frozen=True)
class SourceHealth:
    source: str
    health: str
    why: str
    interval: str
    last_run: datetime | None
    last_run_status: str | None
    last_success: datetime | None
    last_error: datetime | None
    last_error_detail: str | None
    newest_article: datetime | None
    articles_24h: int
    articles_7d: int
    runs_7d: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def source_health(
    archive: Archive, registry: Registry, *, stale_after: int = 3, now: datetime | None = None
) -> list[SourceHealth]:
    now = now or utcnow()
    out = []
    with archive.read() as session:
        for source in registry:
            sid = source.id
            runs = list(
                session.scalars(
                    select(Run)
                    .where(Run.source_id == sid, Run.status != "running")
                    .order_by(Run.started_at.desc(), Run.id.desc())
                    .limit(50)
                )
            )
            discover = [r for r in runs if r.kind == "discover"]
            success = next((r for r in runs if r.status == "ok"), None)
            error = next((r for r in runs if r.status in ("failed", "timeout", "abandoned")), None)

            def articles(since: timedelta, sid: str = sid) -> int:
                stmt = select(func.count(Article.id)).where(
                    Article.source_id == sid, Article.first_seen >= now - since
                )
                return session.scalar(stmt) or 0

            newest = session.scalar(
                select(func.max(Article.first_seen)).where(Article.source_id == sid)
            )
            archived = session.get(Source, sid)
            health, why = _health(
                discover[0] if discover else None,
                runs[-1] if runs else None,
                archived.status if archived else None,
                archived.status_detail if archived else None,
                newest,
                source.interval * stale_after,
                now,
            )
            out.append(
                SourceHealth(
                    source=sid,
                    health=health,
                    why=why,
                    interval=_duration(source.interval),
                    last_run=runs[0].started_at if runs else None,
                    last_run_status=runs[0].status if runs else None,
                    last_success=(success.finished_at if success else None),
                    last_error=(error.finished_at if error else None),
                    last_error_detail=(error.detail if error else None),
                    newest_article=newest,
                    articles_24h=articles(timedelta(hours=24)),
                    articles_7d=articles(timedelta(days=7)),
                    runs_7d=sum(1 for r in runs if r.started_at >= now - timedelta(days=7)),
                )
            )
    return out


def _health(
    last: Run | None,
    oldest: Run | None,
    status: SourceStatus | None,
    status_detail: str | None,
    newest: datetime | None,
    stale_span: timedelta,
    now: datetime,
) -> tuple[str, str]:
    if last is None:
        return "never run", "no discovery run recorded yet"
    errors = dict(last.errors or {})
    if status is SourceStatus.down:
        return "down", status_detail or "marked down by its last crawl"
    if last.status == "failed" and errors and set(errors) <= NETWORK_ERRORS:
        return "down", last.detail or "network errors only"
    blocked = errors.get("blocked", 0)
    if blocked and blocked * 2 >= max(1, last.pages):
        return "blocked", f"{blocked} pages refused (403) or challenged in the last run"
    if last.status in ("failed", "timeout"):
        return "failing", last.detail or last.status
    since = newest or (oldest.started_at if oldest else None)
    if since is not None and now - since > stale_span:
        return "stale", f"nothing new since {since:%Y-%m-%d %H:%M} UTC"
    return "ok", ""


def _duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
