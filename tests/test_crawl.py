"""End to end: real nkmon crawls of the replica outlet over HTTP into a SQLite archive."""

from __future__ import annotations

import json

from archive import ArticleStatus, CaptureOutcome, history, open_archive


def article_history(db_url: str, url: str):
    archive = open_archive(db_url)
    try:
        with archive.read() as session:
            return history(session, url)
    finally:
        archive.close()


def normal_articles(outlet):
    return [a for a in outlet.articles if not a.broken]


def test_first_crawl_archives_every_article_and_records_the_broken_page(crawl, outlet):
    report = crawl()
    articles = normal_articles(outlet)
    assert report["status"] == "ok"
    assert report["discovered"] == len(outlet.articles)
    assert report["new_version"] == len(articles)
    assert report["error"] == len(outlet.articles) - len(articles) >= 1


def test_two_crawls_with_an_edit_between_give_two_versions(crawl, replica, outlet, db_url):
    edited = next(a for a in normal_articles(outlet) if len(a.revisions) > 1)
    crawl()
    outlet.revise(edited.slug)
    report = crawl()
    assert report["new_version"] == 1
    result = article_history(db_url, replica.url_for(edited.slug))
    assert [v.seq for v in result.versions] == [1, 2]
    assert result.versions[0].title == edited.revisions[0].title
    assert result.versions[1].title == edited.revisions[1].title
    assert edited.revisions[1].paragraphs[-1].split(".")[0] in result.versions[1].text
    assert [c.outcome for c in result.captures] == [
        CaptureOutcome.new_version,
        CaptureOutcome.new_version,
    ]


def test_two_crawls_without_an_edit_give_one_version_and_two_captures(
    crawl, replica, outlet, db_url
):
    crawl()
    report = crawl()
    assert report["new_version"] == 0
    assert report["unchanged"] + report["not_modified"] == len(normal_articles(outlet))
    for article in normal_articles(outlet):
        result = article_history(db_url, replica.url_for(article.slug))
        assert len(result.versions) == 1
        assert len(result.captures) == 2


def test_a_deleted_article_is_recorded_as_gone_and_its_versions_stay(
    crawl, replica, outlet, db_url
):
    target = normal_articles(outlet)[0]
    crawl()
    before = article_history(db_url, replica.url_for(target.slug)).versions
    outlet.delete(target.slug)
    report = crawl()
    assert report["gone"] == 1
    result = article_history(db_url, replica.url_for(target.slug))
    assert result.article.status is ArticleStatus.deleted
    assert result.captures[-1].outcome is CaptureOutcome.gone
    assert result.captures[-1].http_status == 404
    assert [(v.id, v.text, v.content_hash) for v in result.versions] == [
        (v.id, v.text, v.content_hash) for v in before
    ]


def test_search_finds_body_text_and_not_boilerplate(crawl, nkmon, outlet, db_url):
    from nkmon.replica import COMMENT_MARKER, COOKIE_TEXT

    crawl()
    article = normal_articles(outlet)[2]
    phrase = " ".join(article.revision.paragraphs[1].split()[2:8]).strip(".,;:")
    found = json.loads(nkmon("search", f'"{phrase}"', "--db", db_url, "--format", "json").stdout)
    assert [hit["title"] for hit in found] == [article.revision.title]
    for boilerplate in (COOKIE_TEXT, COMMENT_MARKER):
        quoted = '"' + " ".join(boilerplate.split()[:6]) + '"'
        out = nkmon("search", quoted, "--db", db_url, "--format", "json").stdout
        assert json.loads(out) == [], boilerplate


def test_broken_page_is_an_error_capture_and_the_crawl_goes_on(crawl, replica, outlet, db_url):
    broken = next(a for a in outlet.articles if a.broken)
    report = crawl()
    result = article_history(db_url, replica.url_for(broken.slug))
    assert result.versions == []
    assert result.article.status is ArticleStatus.pending
    assert result.captures[-1].outcome is CaptureOutcome.error
    assert "extraction failed" in result.captures[-1].error
    assert result.captures[-1].body_sha256  # the page itself is kept as evidence
    assert report["new_version"] == len(normal_articles(outlet))


def test_history_command_shows_versions_with_times_and_hashes(
    crawl, nkmon, replica, outlet, db_url
):
    edited = next(a for a in normal_articles(outlet) if len(a.revisions) > 1)
    crawl()
    outlet.revise(edited.slug)
    crawl()
    out = nkmon("history", replica.url_for(edited.slug), "--db", db_url, "--format", "json").stdout
    rows = json.loads(out)
    assert [r["version"] for r in rows] == [1, 2]
    assert all(len(r["content_hash"]) == 64 and r["captured_at"] for r in rows)
    assert rows[0]["content_hash"] != rows[1]["content_hash"]
    table = nkmon("history", replica.url_for(edited.slug), "--db", db_url).stdout
    assert rows[1]["content_hash"][:12] in table
