"""Discovery shapes against replica outlets: feeds, sitemap fallback, relevance,
multi-page articles, conditional GET."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from archive import open_archive
from archive.models import Article, Capture, Version
from nkmon.replica import wordpress_outlet
from nkmon.replica.general import general_outlet
from nkmon.replica.multipage import multipage_outlet
from nkmon.replica.site import HTML, RSS, BaseSite, Response


def archived(db_url: str) -> dict[str, list[Version]]:
    archive = open_archive(db_url)
    try:
        with archive.read() as session:
            urls = dict(session.execute(select(Article.id, Article.canonical_url)).all())
            found: dict[str, list[Version]] = {}
            for version in session.scalars(select(Version).order_by(Version.seq)):
                found.setdefault(urls[version.article_id], []).append(version)
            return found
    finally:
        archive.close()


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("mode", ["empty", "broken"])
def test_an_empty_or_broken_feed_falls_back_to_the_sitemap_index(serve, crawl_site, db_url, mode):
    outlet = wordpress_outlet()
    outlet.feed_mode = mode
    server = serve(outlet)
    report = crawl_site(server, "wp", sitemap_max_age="3650d")
    live = [a for a in outlet.articles if not a.deleted]
    assert report["status"] == "ok"
    assert report["discovered"] == len(live)  # post pages only: category archives are no articles
    stored = archived(db_url)
    assert {server.url + a.path for a in live if not a.broken} == set(stored)
    assert outlet.requests["/wp-sitemap-posts-post-1.xml"] == 1


def test_gzipped_and_google_news_sitemaps(serve, crawl_site, db_url):
    outlet = wordpress_outlet()
    server = serve(outlet)
    report = crawl_site(
        server,
        "wp",
        feeds=[],
        sitemaps=[server.url + "/sitemap.xml.gz", server.url + "/news-sitemap.xml"],
        discovery="all",
        sitemap_max_age="3650d",
    )
    assert report["discovered"] == len([a for a in outlet.articles if not a.deleted])


def test_sitemap_entries_older_than_the_source_allows_are_skipped(serve, crawl_site):
    outlet = wordpress_outlet()
    server = serve(outlet)
    newest = max(a.last_modified for a in outlet.articles)
    from datetime import UTC, datetime

    age_days = (datetime.now(UTC) - newest).days + 1
    report = crawl_site(server, "wp", feeds=[], sitemap_max_age=f"{age_days}d")
    assert 1 <= report["discovered"] < len(outlet.articles)


def test_a_general_outlet_keeps_only_north_korea_stories(serve, crawl_site, db_url):
    outlet = general_outlet()
    server = serve(outlet)
    report = crawl_site(server, "wire")
    about = [a for a in outlet.articles if a.about_north_korea]
    assert report["new_version"] == len(about)
    assert report["dropped"] == len(outlet.articles) - len(about)
    assert set(archived(db_url)) == {server.url + a.path for a in about}


def test_an_archived_article_is_kept_even_when_an_edit_drops_north_korea(serve, crawl_site, db_url):
    outlet = general_outlet()
    server = serve(outlet)
    crawl_site(server, "wire")
    crawl_site(server, "wire", relevance={"keywords": ["no such keyword"], "preset": None})
    assert len(archived(db_url)) == len([a for a in outlet.articles if a.about_north_korea])


def test_multi_page_articles_are_joined_into_one_version(serve, crawl_site, db_url):
    outlet = multipage_outlet()
    server = serve(outlet)
    report = crawl_site(server, "apn", languages=("ja",), relevance={"preset": "north-korea"})
    stored = archived(db_url)
    for article in outlet.articles:
        if not article.about_north_korea:
            continue
        (version,) = stored[server.url + article.path]
        text = flat(version.text)
        for page in article.pages:
            for paragraph in page:
                assert flat(paragraph) in text
        assert version.extras.get("pages", 1) == article.page_count
        assert version.language == "ja"
    assert report["dropped"] == 1  # the Tokyo exhibition story
    assert not any("/2/" in url for url in stored)


def test_an_edit_on_page_two_makes_a_new_version(serve, crawl_site, db_url):
    outlet = multipage_outlet()
    server = serve(outlet)
    crawl_site(server, "apn", languages=("ja",))
    edited = next(a for a in outlet.articles if len(a.revisions) > 1)
    outlet.revise(edited.slug)
    report = crawl_site(server, "apn", languages=("ja",), discovery="fallback")
    assert report["new_version"] == 1
    assert len(archived(db_url)[server.url + edited.path]) == 2


def test_an_unchanged_multi_page_article_is_not_extracted_again(serve, crawl_site, db_url):
    """Without conditional GET every page is fetched again, and the joined pages
    matched byte for byte against the stored body, before any extraction."""
    outlet = multipage_outlet()
    server = serve(outlet)
    no_304 = ("-s", "NKMON_CONDITIONAL_GET=false")
    crawl_site(server, "apn", *no_304, languages=("ja",))
    edited = next(a for a in outlet.articles if len(a.revisions) > 1)
    outlet.revise(edited.slug)
    # An extraction now finds no article anywhere (too few words): only a page
    # that is not extracted again can be recorded as unchanged.
    report = crawl_site(
        server, "apn", *no_304, "-s", "NKMON_EXTRACT_MIN_WORDS=100000", languages=("ja",),
        discovery="fallback", check=False,
    )  # fmt: skip
    kept = [a for a in outlet.articles if a is not edited]
    assert any(a.page_count > 1 for a in kept)
    assert report["unchanged"] == len(kept)
    assert report["error"] == 1 and report["new_version"] == 0  # the edited one
    assert len(archived(db_url)[server.url + edited.path]) == 1


class SecondPageEdits(BaseSite):
    """One article of two pages whose first page never changes (a theme that prints
    no modified date), served with validators; only its second page is edited."""

    name = "Second Page"
    PATH = "/2026/11/border-trade/"

    def __init__(self) -> None:
        super().__init__()
        self.second = "Traders said the customs post at Sinuiju reopened in the spring."

    def discovery(self, base: str) -> dict:
        return {"feeds": [base + "/feed/"]}

    def route(self, path: str, query: str, base: str) -> Response:
        def page(text: str, links: str) -> bytes:
            paragraphs = "".join(f"<p>{text} Sentence {n} of this page.</p>" for n in range(8))
            head = "<html><head><title>Border trade</title></head><body><article>"
            return (
                f"{head}<h1>Border trade</h1>{paragraphs}{links}</article></body></html>".encode()
            )

        if path == "/feed/":
            item = f"<item><title>Border trade</title><link>{base}{self.PATH}</link></item>"
            return Response(
                200, RSS, f'<rss version="2.0"><channel>{item}</channel></rss>'.encode()
            )
        if path == self.PATH:
            first = "Officials in Pyongyang ordered new checks on goods crossing from China."
            links = f'<p class="page-links"><a href="{base}{self.PATH}2/">2</a></p>'
            return Response(200, HTML, page(first, links), conditional=True)
        if path == self.PATH + "2/":
            return Response(200, HTML, page(self.second, ""), conditional=True)
        return Response(404, HTML, b"not found")


def test_an_edit_on_a_later_page_is_found_when_the_first_page_answers_304(
    serve, crawl_site, db_url
):
    site = SecondPageEdits()
    server = serve(site)
    assert crawl_site(server, "second")["new_version"] == 1
    again = crawl_site(server, "second")  # nothing changed: matched by the pages' bytes
    assert (again["unchanged"], again["new_version"]) == (1, 0)
    site.second = "Traders said the customs post at Sinuiju closed again in November."
    report = crawl_site(server, "second")
    assert report["new_version"] == 1, report
    (_, latest) = archived(db_url)[server.url + site.PATH]
    assert "closed again in November" in latest.text and latest.extras["pages"] == 2


def test_revisits_use_conditional_get_and_record_not_modified(serve, crawl_site, db_url):
    outlet = wordpress_outlet()
    server = serve(outlet)
    crawl_site(server, "wp")
    first = dict(outlet.requests)
    report = crawl_site(server, "wp")
    normal = [a for a in outlet.articles if not a.broken]
    assert report["not_modified"] == len(normal)
    assert report["new_version"] == 0
    archive = open_archive(db_url)
    with archive.read() as session:
        outcomes = [c.outcome.value for c in session.scalars(select(Capture))]
    archive.close()
    assert outcomes.count("not_modified") == len(normal)
    assert first  # the first crawl fetched pages in full


def test_ua_names_nkmon(serve, crawl_site):
    outlet = wordpress_outlet()
    server = serve(outlet)
    crawl_site(server, "wp", "-s", "NKMON_CONTACT=https://example.org/nkmon-operator")
    assert outlet.requests  # fetched; the User-Agent itself is checked below
    from crawler.settings import user_agent

    assert user_agent("https://example.org/x").startswith("nkmon/")
    assert "+https://example.org/x" in user_agent("https://example.org/x")
