"""Pages fetched again byte for byte are not extracted again; batched writes stay atomic."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from archive import CaptureOutcome, Content, Fetch, history, open_archive, upsert_source
from archive.known import UNKNOWN, page_states
from archive.models import Article, Capture, Version
from archive.queries import validators
from archive.store import body_unchanged, record_capture, record_captures

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
URL = "https://example.org/2026/11/rations/"
BODY = b"<html><body><article>Rations were cut in October.</article></body></html>"


def fetch(hours: float, body: bytes | None = BODY, status: int = 200, url: str = URL) -> Fetch:
    return Fetch(url=url, fetched_at=T0 + timedelta(hours=hours), status=status, body=body)


def content(text: str = "Rations were cut in October.") -> Content:
    return Content(title="Rations", text=text, language="en")


@pytest.mark.both_backends
def test_the_body_check_matches_only_the_page_the_latest_version_came_from(archive):
    with archive.write() as session:
        upsert_source(session, "src", name="Source")
    with archive.read() as session:
        assert not body_unchanged(session, URL, BODY)  # never seen
    with archive.write() as session:
        record_capture(session, "src", fetch(0), content())
    with archive.read() as session:
        assert body_unchanged(session, URL, BODY)
        assert not body_unchanged(session, URL, BODY + b" ")
    with archive.write() as session:
        result = record_capture(session, "src", fetch(1), None, same_body=True)
    assert result.outcome is CaptureOutcome.unchanged and result.seq == 1
    with archive.write() as session:  # deleted: the same bytes later are a restoration
        record_capture(session, "src", fetch(2, b"not found", 404), None)
    with archive.read() as session:
        assert not body_unchanged(session, URL, BODY)
    with archive.write() as session:  # a caller that is wrong gets an error, never a version
        wrong = record_capture(session, "src", fetch(3, b"other"), None, same_body=True)
    assert wrong.outcome is CaptureOutcome.error


@pytest.mark.both_backends
def test_a_batch_commits_together_and_a_failing_page_leaves_nothing(archive):
    with archive.write() as session:
        upsert_source(session, "src", name="Source")
    bad = Content(title="Bad", text="Some text.", extras={"when": object()})  # not JSON
    batch = [
        ("src", fetch(0, url=URL + "a/"), content("First story."), False),
        ("src", fetch(0, url=URL + "b/"), bad, False),
        ("src", fetch(0, url=URL + "c/"), content("Third story."), False),
    ]
    with archive.write() as session:
        results = record_captures(session, batch)
    assert isinstance(results[1], Exception) and "JSON serializable" in str(results[1])
    assert [r.outcome for r in (results[0], results[2])] == [CaptureOutcome.new_version] * 2
    with archive.read() as session:
        urls = set(session.scalars(select(Article.canonical_url)))
        assert urls == {URL + "a/", URL + "c/"}
        assert session.scalar(select(func.count()).select_from(Capture)) == 2
        assert session.scalar(select(func.count()).select_from(Version)) == 2


def test_a_revisit_without_conditional_get_reads_unchanged_pages_as_unchanged(
    crawl, replica, outlet, db_url
):
    normal = [a for a in outlet.articles if not a.broken]
    edited = next(a for a in normal if len(a.revisions) > 1)
    crawl("-s", "NKMON_CONDITIONAL_GET=false")
    outlet.revise(edited.slug)
    report = crawl("-s", "NKMON_CONDITIONAL_GET=false")
    assert report["not_modified"] == 0
    assert report["new_version"] == 1
    assert report["unchanged"] == len(normal) - 1
    archive = open_archive(db_url)
    try:
        with archive.read() as session:
            kept = next(a for a in normal if a is not edited)
            same = history(session, replica.url_for(kept.slug))
            assert [c.outcome for c in same.captures] == [
                CaptureOutcome.new_version,
                CaptureOutcome.unchanged,
            ]
            assert same.captures[0].body_sha256 == same.captures[1].body_sha256
    finally:
        archive.close()


def states_agree(session, urls: list[str]) -> None:
    """The bulk lookup the spider makes answers as the page-by-page queries do."""
    bulk = page_states(session, urls)
    for url in urls:
        assert bulk[url].validators == validators(session, url), url
        assert (bulk[url].body_sha256 is not None) == body_unchanged(session, url, BODY), url
        if bulk[url].body_sha256 is not None:
            assert bulk[url].body_sha256 == hashlib.sha256(BODY).hexdigest()


@pytest.mark.both_backends
def test_the_bulk_lookup_agrees_with_the_page_by_page_queries_and_a_304_keeps_no_body(archive):
    other = URL + "other/"
    with archive.write() as session:
        upsert_source(session, "src", name="Source")
    with archive.read() as session:
        assert page_states(session, [URL]) == {URL: UNKNOWN}
    steps = [
        (fetch(0), content()),  # read: validators and body known
        (replace(fetch(1, b"", 304), etag='"v2"'), None),  # 304: the last 200's validators
        (fetch(2, b"", 304), None),
        (fetch(3, b"gateway", 502), None),  # an error last: no validators
        (fetch(4), content()),
        (fetch(5, b"not found", 404), None),  # deleted: nothing to revalidate
        (fetch(6), content()),  # restored
    ]
    for hours, (step, extracted) in enumerate(steps):
        with archive.write() as session:
            result = record_capture(
                session, "src", replace(step, etag=step.etag or f'"e{hours}"'), extracted
            )
            if step.status == 304:
                capture = session.get(Capture, result.capture_id)
                assert capture is not None and capture.body_sha256 is None  # no empty body
        with archive.read() as session:
            states_agree(session, [URL, other, URL.rstrip("/"), "https://example.org/x"])
    with archive.write() as session:  # after a 304 the body check still holds
        record_capture(session, "src", fetch(7, b"", 304), None)
        same = record_capture(session, "src", fetch(8), None, same_body=True)
    assert same.outcome is CaptureOutcome.unchanged
