"""The revisit schedule, and events recorded by the store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from archive import ArticleStatus, CaptureOutcome, Content, Fetch, record_capture, upsert_source
from archive.listings import mark_unlisted
from archive.models import Event, EventKind
from archive.revisit import DEFAULT_POLICY, RevisitPolicy, due_articles
from archive.urls import url_key

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
URL = "https://kcna.example/en/article/q/0123.kcmsf"

pytestmark = pytest.mark.both_backends


@pytest.mark.parametrize(
    ("age", "interval"),
    [
        (timedelta(minutes=5), timedelta(minutes=15)),
        (timedelta(hours=2, minutes=59), timedelta(minutes=15)),
        (timedelta(hours=3), timedelta(hours=1)),
        (timedelta(hours=23), timedelta(hours=1)),
        (timedelta(days=2), timedelta(hours=3)),
        (timedelta(days=8), timedelta(days=3)),
        (timedelta(days=31), timedelta(days=30)),
        (timedelta(days=3650), timedelta(days=30)),  # never stops
    ],
)
def test_the_schedule_decays_with_the_time_since_the_last_change(age, interval):
    assert DEFAULT_POLICY.next_check(T0 + age, T0) == T0 + age + interval


def test_a_sweep_caps_the_wait_and_errors_are_retried_sooner():
    sweep = RevisitPolicy(sweep=timedelta(days=7))
    assert sweep.next_check(T0 + timedelta(days=400), T0) == T0 + timedelta(days=407)
    assert DEFAULT_POLICY.next_check(T0 + timedelta(days=90), T0, failed=True) == T0 + timedelta(
        days=90, hours=1
    )


def page(
    text: str = "Pyongyang, November 20 (KCNA) -- The plenary meeting opened.", title="Plenary"
):
    return Content(title=title, text=text, authors=("KCNA",))


def fetch(hours: float, **kw) -> Fetch:
    kw.setdefault("status", 200)
    return Fetch(url=kw.pop("url", URL), fetched_at=T0 + timedelta(hours=hours), **kw)


@pytest.fixture
def record(archive):
    with archive.write() as session:
        upsert_source(session, "kcna", name="KCNA")

    def run(f: Fetch, c: Content | None, **kw):
        with archive.write() as session:
            return record_capture(session, "kcna", f, c, **kw)

    return run


def events(archive) -> list[Event]:
    with archive.read() as session:
        return list(session.scalars(select(Event).order_by(Event.id)))


def test_every_capture_sets_the_next_check_and_due_articles_come_back(archive, record):
    record(fetch(0), page())
    with archive.read() as session:
        assert [a.canonical_url for a in due_articles(session, "kcna", T0)] == []
        due = due_articles(session, "kcna", T0 + timedelta(minutes=16))
        assert [a.canonical_url for a in due] == [URL]
        assert due[0].next_check == T0 + timedelta(minutes=15)


def test_edits_deletions_and_restorations_are_dated_events_with_evidence(archive, record):
    record(fetch(0), page())
    record(fetch(1), page(text="Pyongyang, November 20 (KCNA) -- The meeting opened."))
    gone = record(fetch(2, status=404, body=b"<html>Not Found</html>"), None)
    again = record(fetch(3, status=404, body=b"<html>Not Found</html>"), None)
    back = record(fetch(4), page(text="Pyongyang, November 20 (KCNA) -- The meeting opened."))
    kinds = [(e.kind, e.at) for e in events(archive)]
    assert kinds == [
        (EventKind.edited, T0 + timedelta(hours=1)),
        (EventKind.deleted, T0 + timedelta(hours=2)),
        (EventKind.restored, T0 + timedelta(hours=4)),
    ]
    deleted = events(archive)[1]
    assert deleted.capture_id == gone.capture_id
    assert deleted.evidence["http_status"] == 404
    assert deleted.evidence["body_sha256"]
    assert again.outcome is CaptureOutcome.gone
    assert back.outcome is CaptureOutcome.unchanged


@pytest.mark.parametrize(
    ("kw", "reason"),
    [
        ({"status": 410}, "HTTP 410"),
        ({"final_url": "https://kcna.example/"}, "redirected to https://kcna.example/"),
        ({"gone_reason": "soft 404: the body is 'NULL'", "body": b"NULL"}, "soft 404"),
    ],
)
def test_other_kinds_of_deletion(archive, record, kw, reason):
    record(fetch(0), page())
    result = record(fetch(1, **kw), None)
    assert result.outcome is CaptureOutcome.gone
    (event,) = events(archive)
    assert event.kind is EventKind.deleted
    assert event.evidence["reason"].startswith(reason)


def test_a_flip_flopping_page_makes_no_endless_versions(archive, record):
    a, b = page(text="Copy A of the report."), page(text="Copy B of the report.")
    outcomes = [record(fetch(h), c).outcome for h, c in enumerate([a, b, a, b, a, b, a])]
    assert outcomes[:2] == [CaptureOutcome.new_version, CaptureOutcome.new_version]
    assert set(outcomes[2:]) == {CaptureOutcome.flipflop, CaptureOutcome.unchanged}
    assert [e.kind for e in events(archive)] == [EventKind.edited, EventKind.flipflop]


def test_a_revert_long_after_is_a_real_new_version(archive, record):
    a, b = page(text="Copy A of the report."), page(text="Copy B of the report.")
    record(fetch(0), a)
    record(fetch(1), b)
    assert record(fetch(24 * 30), a).outcome is CaptureOutcome.new_version


def test_byline_and_dates_are_part_of_a_version(archive, record):
    record(fetch(0), page())
    by = Content(title="Plenary", text=page().text, authors=("Another Reporter",))
    assert record(fetch(1), by).outcome is CaptureOutcome.new_version
    dated = Content(
        title="Plenary", text=page().text, authors=("Another Reporter",), published_at=T0
    )
    assert record(fetch(2), dated).outcome is CaptureOutcome.new_version


def test_unlisted_articles_get_one_event(archive, record):
    record(fetch(0, listed_via="sitemap"), page())
    other = "https://kcna.example/en/article/q/4567.kcmsf"
    record(fetch(0, url=other, listed_via="sitemap"), page(title="Other"))
    with archive.write() as session:
        assert (
            mark_unlisted(session, "kcna", "sitemap", {url_key(other)}, T0 + timedelta(days=1)) == 1
        )
    with archive.write() as session:
        assert (
            mark_unlisted(session, "kcna", "sitemap", {url_key(other)}, T0 + timedelta(days=2)) == 0
        )
    (event,) = events(archive)
    assert event.kind is EventKind.unlisted
    with archive.read() as session:
        from archive import history

        assert history(session, URL).article.status is ArticleStatus.live
