"""The sources' own rows: their names and addresses, and whether they are up."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from .models import Source, SourceStatus
from .types import utcnow
from .upsert import insert_ignore

__all__ = ["set_source_status", "upsert_source"]


def upsert_source(
    session: Session,
    source_id: str,
    *,
    name: str,
    homepage: str | None = None,
    languages: Sequence[str] = (),
) -> Source:
    """Create the source row, or bring its name, homepage and languages up to date."""
    insert_ignore(
        session,
        Source,
        {
            "id": source_id,
            "name": name,
            "homepage": homepage,
            "languages": list(languages),
            "created_at": utcnow(),
            "updated_at": utcnow(),
        },
    )
    source = session.get(Source, source_id, populate_existing=True)
    assert source is not None
    if (source.name, source.homepage, source.languages) != (name, homepage, list(languages)):
        source.name, source.homepage, source.languages = name, homepage, list(languages)
    return source


def set_source_status(
    session: Session, source_id: str, status: SourceStatus, detail: str | None, at: datetime
) -> None:
    """Record how a source answered its last crawl; ``status_since`` moves only
    when the status changes. An unknown source is left alone."""
    source = session.get(Source, source_id)
    if source is None:
        return
    if source.status is not status:
        source.status, source.status_since = status, at
    source.status_detail = detail
