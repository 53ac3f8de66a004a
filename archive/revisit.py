"""When to look at an article again.

The default schedule decays with the time since the article last changed
(NewsDiffs' steps): every 15 minutes for the first 3 hours, hourly up to a
day, every 3 hours up to a week, every 3 days up to 30 days, then every 30
days. NewsDiffs stops after a year; nkmon never stops, and a source can ask
for a permanent *sweep*: no article of it goes unchecked longer than that,
however old (state media edit their archives years later).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Article

__all__ = ["DEFAULT_POLICY", "RevisitPolicy", "due_articles"]

_STEPS = (
    (timedelta(hours=3), timedelta(minutes=15)),
    (timedelta(days=1), timedelta(hours=1)),
    (timedelta(days=7), timedelta(hours=3)),
    (timedelta(days=30), timedelta(days=3)),
)


@dataclass(frozen=True)
class RevisitPolicy:
    steps: tuple[tuple[timedelta, timedelta], ...] = _STEPS
    after: timedelta = timedelta(days=30)  # the interval once every step is past
    # After a failed fetch, try again within this, whatever the age.
    retry_after_error: timedelta = timedelta(hours=1)
    sweep: timedelta | None = None  # the longest any article may wait

    def interval(self, age: timedelta) -> timedelta:
        for limit, every in self.steps:
            if age < limit:
                chosen = every
                break
        else:
            chosen = self.after
        return min(chosen, self.sweep) if self.sweep else chosen

    def next_check(
        self, now: datetime, last_changed: datetime | None, *, failed: bool = False
    ) -> datetime:
        age = now - last_changed if last_changed else timedelta(0)
        wait = self.interval(age)
        if failed:
            wait = min(wait, self.retry_after_error)
        return now + wait


DEFAULT_POLICY = RevisitPolicy()


def due_articles(
    session: Session, source_id: str, now: datetime, *, limit: int = 1000
) -> Sequence[Article]:
    """Articles of a source whose next check has come, oldest first."""
    return session.scalars(
        select(Article)
        .where(
            Article.source_id == source_id,
            Article.next_check.is_not(None),
            Article.next_check <= now,
        )
        .order_by(Article.next_check)
        .limit(limit)
    ).all()
