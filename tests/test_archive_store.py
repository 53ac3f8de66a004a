"""The versioning rule, on a migrated SQLite archive."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from archive import (
    Archive,
    ArticleStatus,
    CaptureOutcome,
    Content,
    Fetch,
    Version,
    history,
    record_capture,
    upsert_source,
)
from archive.blobs import load_blob

URL = "https://example.org/2026/11/rations/"
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.both_backends


def fetch(at: int = 0, status: int | None = 200, body: bytes = b"<html>page</html>", **kw) -> Fetch:
    return Fetch(url=URL, fetched_at=T0 + timedelta(hours=at), status=status, body=body, **kw)


def content(
    text: str = "Rations were cut in October.\n\nOfficials blamed floods.", title="Rations cut"
):
    return Content(title=title, text=text, authors=("Kim Ae-ran",), language="en")


@pytest.fixture
def store(archive: Archive):
    with archive.write() as session:
        upsert_source(session, "src", name="Source")

    def record(f: Fetch, c: Content | None):
        with archive.write() as session:
            return record_capture(session, "src", f, c)

    return record


def versions(archive: Archive) -> list[Version]:
    with archive.read() as session:
        return list(session.scalars(select(Version).order_by(Version.seq)))


def test_unchanged_text_adds_a_capture_and_no_version(archive, store):
    first = store(fetch(0), content())
    again = store(fetch(1), content())
    assert first.outcome is CaptureOutcome.new_version
    assert again.outcome is CaptureOutcome.unchanged
    assert again.version_id == first.version_id
    with archive.read() as session:
        result = history(session, URL)
    assert len(result.versions) == 1
    assert len(result.captures) == 2
    assert result.capture_counts[first.version_id] == 2


def test_whitespace_and_line_wrapping_are_not_an_edit(archive, store):
    store(fetch(0), content("Rations were cut in October.\n\nOfficials blamed floods."))
    rewrapped = store(
        fetch(1), content("Rations  were cut\nin October.   Officials blamed floods.\n")
    )
    assert rewrapped.outcome is CaptureOutcome.unchanged


def test_changed_text_adds_version_n_plus_1_and_keeps_earlier_ones(archive, store):
    store(fetch(0), content())
    before = [(v.id, v.seq, v.title, v.text, v.content_hash) for v in versions(archive)]
    changed = store(fetch(1), content("Rations were cut in September.\n\nOfficials blamed floods."))
    retitled = store(fetch(2), content(title="Rations cut again"))
    assert (changed.outcome, changed.seq) == (CaptureOutcome.new_version, 2)
    assert (retitled.outcome, retitled.seq) == (CaptureOutcome.new_version, 3)
    after = versions(archive)
    assert [(v.id, v.seq, v.title, v.text, v.content_hash) for v in after[:1]] == before
    assert len({v.content_hash for v in after}) == 3
    with archive.read() as session:
        assert history(session, URL).article.latest_version_id == retitled.version_id


def test_gone_marks_the_article_deleted_and_keeps_its_versions(archive, store):
    first = store(fetch(0), content())
    gone = store(fetch(1, status=404, body=b"<html>Page not found</html>"), None)
    assert gone.outcome is CaptureOutcome.gone
    with archive.read() as session:
        result = history(session, URL)
        evidence = load_blob(session, result.captures[-1].body_sha256)
    assert result.article.status is ArticleStatus.deleted
    assert [v.id for v in result.versions] == [first.version_id]
    assert result.versions[0].text.startswith("Rations were cut")
    assert evidence == b"<html>Page not found</html>"


def test_a_failed_extraction_is_an_error_capture(archive, store):
    store(fetch(0), content())
    failed = store(fetch(1, error="extraction failed: no article text"), None)
    assert failed.outcome is CaptureOutcome.error
    with archive.read() as session:
        result = history(session, URL)
    assert result.captures[-1].error == "extraction failed: no article text"
    assert result.article.status is ArticleStatus.live
    assert len(result.versions) == 1


def test_304_is_not_modified_and_points_at_the_latest_version(archive, store):
    first = store(fetch(0), content())
    not_modified = store(fetch(1, status=304, body=b""), None)
    assert not_modified.outcome is CaptureOutcome.not_modified
    assert not_modified.version_id == first.version_id


def test_raw_html_is_kept_compressed_and_stored_once(archive, store):
    body = b"<html>" + b"<p>Pyongyang market report.</p>" * 500 + b"</html>"
    store(fetch(0, body=body), content())
    store(fetch(1, body=body), content())
    with archive.read() as session:
        from archive.models import Blob

        blobs = list(session.scalars(select(Blob)))
        assert len(blobs) == 1
        assert len(blobs[0].data) < len(body) / 10
        assert load_blob(session, blobs[0].sha256) == body


def test_tracking_parameters_and_fragments_do_not_split_an_article(archive, store):
    store(fetch(0), content())
    other = Fetch(url=URL + "?utm_source=rss&utm_medium=feed#comments", fetched_at=T0, status=200)
    again = store(other, content())
    assert again.outcome is CaptureOutcome.unchanged


@pytest.mark.parametrize(
    "variant",
    [
        "http://example.org/2026/11/rations/",
        "https://example.org/2026/11/rations",
        "https://EXAMPLE.org:443/2026/11/rations/?utm_campaign=x",
    ],
)
def test_scheme_and_slash_variants_are_one_article(archive, store, variant):
    first = store(fetch(0), content())
    again = store(Fetch(url=variant, fetched_at=T0, status=200), content())
    assert again.article_id == first.article_id
    assert again.outcome is CaptureOutcome.unchanged


def test_a_trusted_rel_canonical_collapses_two_links(archive, store):
    page = Content(title="T", text="Some text about Pyongyang.", canonical_url=URL)
    first = store(Fetch(url=URL + "?page=1", fetched_at=T0, status=200), page)
    second = store(Fetch(url=URL.rstrip("/") + "/amp/", fetched_at=T0, status=200), page)
    assert second.article_id == first.article_id
    with archive.read() as session:
        assert history(session, URL + "?page=1").article.canonical_url == URL


@pytest.mark.parametrize(
    "declared", ["https://example.org/", "https://elsewhere.example/2026/11/rations/", "/relative"]
)
def test_an_untrustworthy_rel_canonical_does_not_merge_articles(archive, store, declared):
    one = store(fetch(0), Content(title="A", text="First story.", canonical_url=declared))
    other = Fetch(url="https://example.org/2026/11/other/", fetched_at=T0, status=200)
    two = store(other, Content(title="B", text="Second story.", canonical_url=declared))
    assert one.article_id != two.article_id


@pytest.mark.parametrize(
    ("final", "gone"),
    [
        ("https://example.org/", True),
        ("https://example.org/2026/", True),
        ("https://elsewhere.example/landing", True),
        ("https://example.org/category/economy/", True),
        ("https://example.org/nk/index", True),
        ("https://example.org/2026/11/rations-cut-renamed/", False),
        ("http://example.org/2026/11/rations", False),
    ],
)
def test_a_redirect_to_the_homepage_or_a_section_is_a_deletion(archive, store, final, gone):
    store(fetch(0), content())
    page = Fetch(url=URL, fetched_at=T0 + timedelta(hours=1), status=200, final_url=final)
    result = store(page, content(text="Front page: today's top stories."))
    if gone:
        assert result.outcome is CaptureOutcome.gone
        with archive.read() as session:
            record = history(session, URL)
        assert record.article.status is ArticleStatus.deleted
        assert record.captures[-1].error == f"redirected to {final}"
        assert len(record.versions) == 1
    else:
        assert result.outcome is CaptureOutcome.new_version
