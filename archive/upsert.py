"""INSERT ... ON CONFLICT DO NOTHING on the backends nkmon supports."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

__all__ = ["insert_ignore"]


def insert_ignore(session: Session, model: type[Any], values: dict[str, Any]) -> None:
    """Insert a row unless one with the same key exists; safe under concurrent writers."""
    name = session.get_bind().dialect.name
    if name == "sqlite":
        stmt = sqlite.insert(model).values(**values).on_conflict_do_nothing()
    elif name == "postgresql":
        stmt = postgresql.insert(model).values(**values).on_conflict_do_nothing()
    else:
        raise NotImplementedError(f"nkmon does not support the {name} database")
    session.execute(stmt)
