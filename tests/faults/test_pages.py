"""Hostile article pages, next to good ones on the same site.

The site is archived once while calm (every URL serves a good article), then
turned hostile and crawled again: every fault must end as an error capture
that says what went wrong (or, for pages that are odd but real, as a correct
version), the good articles must still be there, nothing archived before may
change, and the crawl must stay within time and memory bounds.
"""

from __future__ import annotations

from contextlib import ExitStack
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from _harness import backend, module_crawler

from archive import ArticleStatus, CaptureOutcome
from nkmon.replica.hostile import FAULTS, JA_PARAGRAPHS, KO_PARAGRAPHS, RAW_FAULTS, HostileServer
from nkmon.replica.hostile import HostileSite as Site

KEYS = [*FAULTS, *RAW_FAULTS]

# Fault -> what its error capture must say. None of these may add a version.
ERRORS = {
    "bomb-gzip": r"exceeded DOWNLOAD_MAXSIZE .* during decompression",
    "bomb-br": r"exceeded DOWNLOAD_MAXSIZE .* during decompression",
    "bomb-deflate": r"exceeded DOWNLOAD_MAXSIZE .* during decompression",
    "bomb-zstd": r"exceeded DOWNLOAD_MAXSIZE .* during decompression",
    "huge-100mb": r"larger than download max size",
    "huge-unsized": r"DownloadCancelledError",
    "redirect-endless": r"max redirections reached",
    "redirect-loop": r"max redirections reached",
    "redirect-file": r"^HTTP 302$",
    "meta-refresh-loop": r"max redirections reached",
    "double-gzip": r"^not an HTML page: the body is still gzip-compressed",
    "storm-503": r"^HTTP 503$",
    "storm-429": r"^HTTP 429$",
    "forbidden": r"^HTTP 403$",
    "challenge": r"^not the article: a bot challenge \(the page \w+ says ",
    "maintenance": r"^not the article: a maintenance page",
    "deep-nesting": r"HTML parser dropped \d+% of the page's text",
    "huge-text-node": r"HTML parser dropped \d+% of the page's text",
    "many-links": r"^extraction timed out after 4 s$",
    "pdf": r"^not an HTML page \(Content-Type: application/pdf\)$",
    "binary-as-html": r"^not an HTML page: binary content \(Content-Type: text/html\)$",
    "reset-mid-body": r"ResponseDataLossError|ConnectionLost|ResponseFailed",
    "short-body": r"ResponseDataLossError",
    "broken-chunked": r"ResponseDataLossError|ResponseFailed",
    "slow-drip": r"DownloadTimeoutError: .* took longer than 3\.0 seconds",
    "never-answers": r"DownloadTimeoutError: .* took longer than 3\.0 seconds",
    "hangs-after-headers": r"DownloadTimeoutError: .* took longer than 3\.0 seconds",
}
# Odd but real pages: a second, correct version is the right outcome.
ODD = {
    "nul-bytes",
    "cp949-labelled-utf8",
    "shiftjis-no-charset",
    "eucjp-meta-only",
    "date-juche",
    "date-reiwa",
    "date-future",
}
GONE = {"redirect-offsite"}  # a redirect to another site reads as a deletion, by design


def test_every_fault_is_classified():
    assert set(KEYS) == set(ERRORS) | ODD | GONE


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def crawled(request, tmp_path_factory):
    site = Site(KEYS)
    server = HostileServer(site).start()
    stack = ExitStack()
    try:
        db_url = stack.enter_context(backend(request.param))
        crawler = module_crawler(tmp_path_factory, "pages", db_url)
        calm = crawler(server)
        before = {k: crawler.history(server.url_for(k)) for k in site.keys}
        site.turn()
        # So many faults on one host would open its circuit breaker (test_storms.py)
        # and each page's own error would depend on timing: off here.
        hostile = crawler(server, "-s", "NKMON_BREAKER_THRESHOLD=0")
        after = {k: crawler.history(server.url_for(k)) for k in site.keys}
        yield SimpleNamespace(
            site=site, server=server, calm=calm, hostile=hostile, before=before, after=after
        )
    finally:
        server.stop()
        stack.close()


def test_the_calm_site_is_archived_whole(crawled):
    assert crawled.calm.report["new_version"] == len(crawled.site.keys)


def test_the_hostile_crawl_ends_within_bounds_and_reports_the_faults(crawled):
    run = crawled.hostile
    report = run.report
    assert run.returncode == 0, run.stderr  # the good articles make the source ok
    assert report["status"] == "ok"
    assert report["discovered"] == len(crawled.site.keys)
    assert report["skipped"] == 0  # a fault is never a silent skip
    assert report["error"] == len(ERRORS)
    assert report["gone"] == len(GONE)
    assert report["not_modified"] + report["unchanged"] == len(crawled.site.good)
    assert report["new_version"] == len(ODD)
    assert run.seconds < 90
    assert run.max_rss_mb < 700  # no process of the crawl held a bomb or a 100 MB page
    for key in ERRORS:
        assert f"/news/{key}/" in run.stderr  # each failed page gets a warning line


def test_good_articles_on_the_hostile_site_are_still_archived(crawled):
    for key in crawled.site.good:
        result = crawled.after[key]
        assert result.article.status is ArticleStatus.live
        assert [v.content_hash for v in result.versions] == [
            v.content_hash for v in crawled.before[key].versions
        ]
        assert result.captures[-1].outcome in (
            CaptureOutcome.not_modified,
            CaptureOutcome.unchanged,
        )


def test_nothing_archived_before_is_lost_or_changed(crawled):
    for key in crawled.site.keys:
        before = [(v.id, v.seq, v.content_hash, v.text) for v in crawled.before[key].versions]
        after = [(v.id, v.seq, v.content_hash, v.text) for v in crawled.after[key].versions]
        assert after[: len(before)] == before, key
        assert len(after) == len(before) + (key in ODD), key


@pytest.mark.parametrize("key", sorted(ERRORS))
def test_a_fault_is_an_error_capture_that_says_why(crawled, key):
    import re

    result = crawled.after[key]
    capture = result.captures[-1]
    assert len(result.captures) == 2
    assert capture.outcome is CaptureOutcome.error
    assert re.search(ERRORS[key], capture.error or ""), capture.error
    assert result.article.status is ArticleStatus.live  # a failure is not a deletion
    assert len(result.versions) == 1


def test_a_redirect_to_another_host_is_followed_and_read_as_a_deletion(crawled):
    result = crawled.after["redirect-offsite"]
    assert result.captures[-1].outcome is CaptureOutcome.gone
    assert "redirected to http://localhost:" in result.captures[-1].error
    assert result.article.status is ArticleStatus.deleted
    assert len(result.versions) == 1  # the version from before stays


def test_nul_bytes_never_reach_the_archive(crawled):
    version = crawled.after["nul-bytes"].versions[-1]
    assert version.title == "NUL bytes nul-bytes"
    stored = [version.title, version.text, *version.authors, repr(version.extras)]
    assert not any("\x00" in s or "\\x00" in s or "\\u0000" in s for s in stored)
    assert "Residents described" in version.text


@pytest.mark.parametrize(
    ("key", "paragraphs"),
    [
        ("cp949-labelled-utf8", KO_PARAGRAPHS),
        ("shiftjis-no-charset", JA_PARAGRAPHS),
        ("eucjp-meta-only", JA_PARAGRAPHS[1:]),
    ],
)
def test_wrong_or_missing_charsets_give_the_exact_text(crawled, key, paragraphs):
    version = crawled.after[key].versions[-1]
    assert "\ufffd" not in version.text and "\ufffd" not in (version.title or "")
    for paragraph in paragraphs:
        assert paragraph in version.text  # 똠, ① and 髙 included


@pytest.mark.parametrize(
    ("key", "published"),
    [
        ("date-juche", datetime(2024, 3, 9, tzinfo=UTC)),
        ("date-reiwa", datetime(2024, 3, 9, tzinfo=UTC)),
    ],
)
def test_juche_and_reiwa_dates(crawled, key, published):
    version = crawled.after[key].versions[-1]
    assert version.published_at.replace(tzinfo=UTC) == published


def test_a_date_in_the_future_is_dropped_and_kept_as_written(crawled):
    version = crawled.after["date-future"].versions[-1]
    assert version.published_at is None  # never 2099, never the crawl time
    assert version.extras["published_rejected"].startswith("2099-01-01T09:00:00")


def test_a_file_redirect_reads_nothing(crawled):
    capture = crawled.after["redirect-file"].captures[-1]
    assert capture.body_sha256 is None  # no body at all was kept
