"""Run accounting: what a finished crawl's run record says (status, counts of
pages, new articles, versions and deletions, errors by kind), for the service's
runs and the CLI's alike."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from archive.models import Article, Capture, Event, EventKind, Version
from archive.runs import RunCounts
from crawler import SourceReport

__all__ = ["error_kind", "one_line", "run_outcome"]


def run_outcome(
    session: Any,
    source_id: str,
    started: datetime,
    src: SourceReport | None,
    fatal: str | None,
    *,
    stop_requested: bool = True,
) -> tuple[str, RunCounts]:
    """A finished crawl's status and counts for its run record: pages, new
    articles and versions and deletions from the archive since ``started``,
    errors by kind from the crawl's report. A crawl that shut down is "stopped"
    only if it was asked to stop (``stop_requested``), else "failed"."""
    errors: Counter[str] = Counter()
    detail = None
    if src is not None:
        messages = [e for _, e in src.page_errors] + list(src.discovery_errors)
        errors.update(error_kind(m) for m in messages)
        if src.source_down:
            errors["down"] += 1
            messages.insert(0, src.source_down)
        detail = messages[0] if messages else None
    if fatal:
        errors[error_kind(fatal)] += 1
        detail = fatal
    reason = src.finish_reason if src else None
    if reason == "shutdown" and stop_requested:
        status = "stopped"
    elif reason == "timeout":
        status = "timeout"
    elif fatal or src is None or src.failed:
        status = "failed"
    else:
        status = "ok"
    counts = RunCounts(
        pages=_count(session, Capture, Capture.fetched_at, source_id, started),
        new_articles=_count(session, Article, Article.first_seen, source_id, started),
        new_versions=_count(session, Version, Version.captured_at, source_id, started),
        deletions=session.scalar(
            select(func.count(Event.id))
            .join(Article, Article.id == Event.article_id)
            .where(
                Article.source_id == source_id,
                Event.kind == EventKind.deleted,
                Event.at >= started,
            )
        )
        or 0,
        errors=dict(errors),
        detail=one_line(detail) if detail else None,
    )
    return status, counts


def _count(session: Any, model: Any, column: Any, source_id: str, since: datetime) -> int:
    stmt = select(func.count()).select_from(model)
    if model is not Article:
        stmt = stmt.join(Article, Article.id == model.article_id)
    return session.scalar(stmt.where(Article.source_id == source_id, column >= since)) or 0


def one_line(value: object) -> str:
    """``value`` as one line of at most 300 characters, for a log line or run record."""
    text = " ".join(str(value).split())
    return text[:300]


def error_kind(message: str) -> str:
    """A short kind for an error message, for counting: http_404, timeout, dns..."""
    m = message.lower()
    # First: its message names host:port, and a port such as 4030 reads as "403".
    if "tlscertificateerror" in m or "certificate verify failed" in m:
        return "tls"
    if "403" in m or "challenge" in m or "blocked" in m or "captcha" in m:
        return "blocked"
    for code in ("404", "410", "429", "500", "502", "503", "504"):
        if f"http {code}" in m or f"status {code}" in m or f" {code} " in f" {m} ":
            return f"http_{code}"
    if "time limit" in m:
        return "time_limit"
    if "timeout" in m or "timed out" in m:
        return "timeout"
    if "dns" in m or "lookup" in m or "name or service" in m:
        return "dns"
    if "refused" in m or "connection" in m or "reset" in m:
        return "connection"
    if "robots" in m:
        return "robots"
    if "extract" in m:
        return "extraction"
    if "process died" in m:
        return "crash"
    if "down" in m:
        return "down"
    return "other"
