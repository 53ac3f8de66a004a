"""A batch of 304s and same-body fetches records what page-by-page recording would.

The same history is built twice in one archive, under two sites; then the same
fetches are recorded for one site as one batch (``record_captures``, which
settles runs of them in bulk) and for the other page by page
(``record_capture``). The archive must not tell the two apart.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from archive import CaptureOutcome, Content, Fetch, upsert_source
from archive.models import Article, Capture, Event, Version
from archive.records import CaptureResult
from archive.store import record_capture, record_captures

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
SITES = ("https://one.example", "https://two.example")


def body(slug: str, n: int = 1) -> bytes:
    return f"<html><body><article>{slug} story, reading {n}.</article></body></html>".encode()


def text(slug: str, n: int = 1) -> Content:
    return Content(title=slug.title(), text=f"{slug} story, reading {n}.", language="en")


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def history(site: str) -> list[tuple[Fetch, Content | None]]:
    """Six articles: live, live, deleted, edited, live, live."""
    steps: list[tuple[Fetch, Content | None]] = []
    for slug in ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot"):
        url = f"{site}/2026/11/{slug}/"
        first = Fetch(url=url, fetched_at=at(0), status=200, body=body(slug), etag=f'"{slug}1"')
        steps.append((first, text(slug)))
    charlie, delta = f"{site}/2026/11/charlie/", f"{site}/2026/11/delta/"
    steps.append((Fetch(url=charlie, fetched_at=at(1), status=404, body=b"gone"), None))
    steps.append(
        (Fetch(url=delta, fetched_at=at(1), status=200, body=body("delta", 2)), text("delta", 2))
    )
    return steps


def revisit(site: str) -> list[tuple[Fetch, Content | None, bool]]:
    """(fetch, content, same_body) of a revisit, with every case a batch can meet."""

    def url(slug: str) -> str:
        return f"{site}/2026/11/{slug}/"

    def f(hours: float, slug: str, status: int = 200, data: bytes | None = None, **kw) -> Fetch:
        return Fetch(url=url(slug), fetched_at=at(hours), status=status, body=data, **kw)

    return [
        (f(10, "alpha", 304, b""), None, False),  # not modified
        (f(10.1, "bravo", data=body("bravo")), None, True),  # the same bytes
        (f(10.2, "charlie", data=body("charlie")), None, True),  # deleted: not the same
        (f(10.3, "charlie", 304, b""), None, False),  # deleted, 304: stays deleted
        (f(10.4, "delta", data=body("delta")), None, True),  # bytes of v1, not of v2
        (f(10.5, "unknown", 304, b""), None, False),  # no article filed under the URL
        (f(10.6, "alpha", data=body("alpha")), None, True),  # alpha again in the run
        (f(10.7, "bravo", data=body("bravo", 2)), text("bravo", 2), False),  # an edit
        (f(10.8, "bravo", 304, b""), None, False),  # after the edit: a new run
        (f(10.9, "foxtrot", data=body("foxtrot"), listed_via="sitemap"), None, True),
        (f(11, "echo", 304, b"", etag='"' + "e" * 300 + '"'), None, False),  # too long on PG
        (f(11.1, "echo", data=body("echo")), None, True),
        (f(11.2, "alpha", data=body("alpha"), final_url=site + "/"), None, True),  # gone
    ]


def rows(session, site: str) -> dict[str, list[tuple]]:
    """Everything the archive holds of one site, with the site and row ids left out."""

    def local(url: str | None) -> str | None:
        return url.replace(site, "") if url else url

    articles = {
        a.id: local(a.canonical_url)
        for a in session.scalars(select(Article).where(Article.canonical_url.startswith(site)))
    }
    out: dict[str, list[tuple]] = {"articles": [], "captures": [], "versions": [], "events": []}
    for a in session.scalars(select(Article).where(Article.id.in_(articles))):
        latest = a.latest_version.seq if a.latest_version else None
        out["articles"].append(
            (
                articles[a.id],
                a.status,
                a.first_seen,
                a.last_checked,
                a.next_check,
                a.last_changed,
                a.last_listed,
                a.listed_via,
                latest,
            )
        )
    for c in session.scalars(select(Capture).where(Capture.article_id.in_(articles))):
        out["captures"].append(
            (
                articles[c.article_id],
                c.fetched_at,
                local(c.url),
                local(c.final_url),
                c.http_status,
                c.etag,
                c.encoding,
                c.body_sha256,
                c.outcome,
                c.version.seq if c.version else None,
                local(c.error),
                c.tls,
            )
        )
    for v in session.scalars(select(Version).where(Version.article_id.in_(articles))):
        out["versions"].append((articles[v.article_id], v.seq, v.title, v.text, v.content_hash))
    for e in session.scalars(select(Event).where(Event.article_id.in_(articles))):
        out["events"].append((articles[e.article_id], e.kind, e.at))
    return {name: sorted(found, key=repr) for name, found in out.items()}


def summary(result: CaptureResult | Exception) -> tuple:
    if isinstance(result, Exception):
        return ("failed",)
    return (result.outcome, result.seq)


@pytest.mark.both_backends
def test_a_batch_records_what_page_by_page_recording_does(archive):
    batched, single = SITES
    with archive.write() as session:
        upsert_source(session, "src", name="Source")
        for site in SITES:
            for fetch, content in history(site):
                record_capture(session, "src", fetch, content)
    with archive.write() as session:
        got = record_captures(session, [("src", f, c, same) for f, c, same in revisit(batched)])
    expected: list[CaptureResult | Exception] = []
    for fetch, content, same in revisit(single):
        try:
            with archive.write() as session:
                expected.append(record_capture(session, "src", fetch, content, same_body=same))
        except Exception as exc:  # as record_captures reports a page that failed
            expected.append(exc)
    assert [summary(r) for r in got] == [summary(r) for r in expected]
    outcomes = [summary(r)[0] for r in got]
    assert outcomes[:7] == [
        CaptureOutcome.not_modified,
        CaptureOutcome.unchanged,
        CaptureOutcome.error,  # deleted: the same bytes are no shortcut
        CaptureOutcome.not_modified,
        CaptureOutcome.error,  # the bytes of an older version
        CaptureOutcome.not_modified,
        CaptureOutcome.unchanged,
    ]
    assert outcomes[8:10] == [CaptureOutcome.not_modified, CaptureOutcome.unchanged]
    assert outcomes[-1] is CaptureOutcome.gone
    with archive.read() as session:
        assert rows(session, batched) == rows(session, single)
        ids = [r.capture_id for r in got if isinstance(r, CaptureResult)]
        assert len(set(ids)) == len(ids)
        for r in got:
            if isinstance(r, CaptureResult):
                capture = session.get(Capture, r.capture_id)
                assert (capture.article_id, capture.outcome) == (r.article_id, r.outcome)
                assert capture.version_id == r.version_id


@pytest.mark.both_backends
def test_a_run_after_an_orm_write_leaves_the_session_consistent(archive):
    """The bulk UPDATE bypasses the session: an article loaded before it is reloaded."""
    site = SITES[0]
    with archive.write() as session:
        upsert_source(session, "src", name="Source")
        for fetch, content in history(site):
            record_capture(session, "src", fetch, content)
    url = f"{site}/2026/11/alpha/"
    edit = Fetch(url=url, fetched_at=at(5), status=200, body=body("alpha", 2))
    again = replace(edit, fetched_at=at(6))
    with archive.write() as session:
        article = session.scalars(select(Article).where(Article.canonical_url == url)).one()
        results = record_captures(
            session, [("src", edit, text("alpha", 2), False), ("src", again, None, True)]
        )
        assert article.last_checked == at(6)  # as the run wrote it, not a stale copy
        assert article.latest_version.seq == 2
    assert [(r.outcome, r.seq) for r in results] == [
        (CaptureOutcome.new_version, 2),
        (CaptureOutcome.unchanged, 2),
    ]
