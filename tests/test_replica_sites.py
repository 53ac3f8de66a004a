"""The replica server as a generic host of sites; WordPress sitemaps; multi-page articles.

Pins what crawler tests rely on: validators, 304s and slow answers work for any site; the
WordPress outlet's sitemaps and feed modes; the multi-page Japanese outlet's page chain.
Extraction checks use trafilatura directly, as the crawler does: each page yields exactly its
own text and none of the page furniture. The wire service is in test_replica_wire.py.
"""

from __future__ import annotations

import gzip
import re
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import feedparser
import pytest
import trafilatura
from _http import fetch, text_of

from nkmon.replica import (
    JA_COMMENT_MARKER,
    JA_COOKIE_TEXT,
    BaseSite,
    MultipageOutlet,
    Outlet,
    ReplicaServer,
    Response,
    multipage_outlet,
    wordpress_outlet,
)
from nkmon.replica.multipage import ARTICLE_PATTERN, FEED_PATH
from nkmon.replica.multipage_pages import DONATION_TEXT
from nkmon.replica.multipage_texts import JA_MENU

SM = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
NEWS = {**SM, "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def extracted(url: str, **options: Any) -> str:
    html = text_of(url)
    return norm(trafilatura.extract(html, url=url, include_comments=False, **options) or "")


def norm(text: str) -> str:
    return " ".join(text.split())


# -- the server, with any site ------------------------------------------------------------


class TinySite(BaseSite):
    """A site of three paths, to show the server needs nothing WordPress-specific."""

    def __init__(self) -> None:
        super().__init__()
        self.body = b"<html><body><p>version one</p></body></html>"

    def route(self, path: str, query: str, base: str) -> Response:
        if path == "/slow":
            return Response(200, body=b"slow", delay=0.3)
        if path == "/page":
            return Response(200, body=self.body, last_modified=_T0, conditional=True)
        if path == "/moved":
            return Response(302, body=b"ignored", headers={"Location": base + "/page"})
        if path == "/boom":
            raise RuntimeError("a bug in a replica")
        return Response(404, body=b"not here")

    def path_for(self, key: str) -> str:
        return "/" + key

    def discovery(self, base: str) -> dict[str, Any]:
        return {"feeds": [base + "/feed"]}


_T0 = wordpress_outlet().articles[0].published


@pytest.fixture
def tiny() -> Iterator[ReplicaServer[TinySite]]:
    with ReplicaServer(TinySite()) as srv:
        yield srv


def test_server_serves_any_site_with_generic_validators(tiny: ReplicaServer[TinySite]) -> None:
    assert tiny.outlet is tiny.site and tiny.url_for("page") == tiny.url + "/page"
    assert tiny.discovery() == {"feeds": [tiny.url + "/feed"]}
    status, headers, body = fetch(tiny.url + "/page")
    assert status == 200 and body == tiny.site.body and headers["Content-Length"] == str(len(body))
    assert fetch(tiny.url + "/page", {"If-None-Match": headers["ETag"]})[0] == 304
    assert fetch(tiny.url + "/page", {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    tiny.site.body = b"<html><body><p>version two</p></body></html>"
    assert fetch(tiny.url + "/page", {"If-None-Match": headers["ETag"]})[0] == 200
    status, headers, body = fetch(tiny.url + "/moved")
    assert status == 302 and body == b"" and headers["Location"] == tiny.url + "/page"
    assert fetch(tiny.url + "/elsewhere")[0] == 404
    assert tiny.site.requests["/page"] == 4


def test_route_errors_are_500s(tiny: ReplicaServer[TinySite]) -> None:
    assert fetch(tiny.url + "/boom")[0] == 500
    assert fetch(tiny.url + "/page")[0] == 200  # the server goes on


def test_delay_is_honoured_outside_the_lock(tiny: ReplicaServer[TinySite]) -> None:
    started = time.monotonic()
    assert fetch(tiny.url + "/slow")[2] == b"slow"
    assert time.monotonic() - started >= 0.3
    # While one slow answer is pending, other paths of the same site answer at once.
    tiny.site.delays["/page"] = 1.0
    slow = threading.Thread(target=fetch, args=(tiny.url + "/page",))
    slow.start()
    time.sleep(0.1)
    started = time.monotonic()
    assert fetch(tiny.url + "/nothing")[0] == 404
    assert time.monotonic() - started < 0.5
    slow.join()
    tiny.site.reset()
    assert not tiny.site.delays and not tiny.site.requests


# -- the WordPress outlet: sitemaps and feed modes -----------------------------------------


@pytest.fixture(scope="module")
def wp() -> Iterator[ReplicaServer[Outlet]]:
    with ReplicaServer(wordpress_outlet()) as srv:
        yield srv


@pytest.fixture
def outlet(wp: ReplicaServer[Outlet]) -> Iterator[Outlet]:
    wp.site.reset()
    yield wp.site
    wp.site.reset()


def locs(body: bytes, ns: dict[str, str] = SM) -> list[str]:
    return [loc.text or "" for loc in ET.fromstring(body).iterfind(".//sm:loc", ns)]


def test_wordpress_core_sitemap_index(wp: ReplicaServer[Outlet], outlet: Outlet) -> None:
    assert wp.discovery() == {"feeds": [wp.feed_url], "sitemaps": [wp.url + "/wp-sitemap.xml"]}
    index = ET.fromstring(fetch(wp.url + "/wp-sitemap.xml")[2])
    assert index.tag == f"{{{SM['sm']}}}sitemapindex"
    children = [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", SM)]
    assert children == [
        wp.url + "/wp-sitemap-posts-post-1.xml",
        wp.url + "/wp-sitemap-taxonomies-category-1.xml",
    ]
    deleted = outlet.articles[0]
    outlet.delete(deleted.slug)
    posts = ET.fromstring(fetch(children[0])[2])
    entries = {u.findtext("sm:loc", namespaces=SM): u for u in posts.iterfind("sm:url", SM)}
    assert set(entries) == {wp.url + a.path for a in outlet.live()}
    for article in outlet.live():
        lastmod = entries[wp.url + article.path].findtext("sm:lastmod", namespaces=SM)
        assert lastmod == article.last_modified.isoformat()
    categories = locs(fetch(children[1])[2])
    assert categories and all("/category/" in url for url in categories)
    for url in categories:
        assert fetch(url)[0] == 200  # archives exist, and are not articles
    assert not set(categories) & set(entries)


def test_gzipped_and_news_sitemaps(wp: ReplicaServer[Outlet], outlet: Outlet) -> None:
    status, headers, body = fetch(wp.url + "/sitemap.xml.gz")
    assert status == 200 and headers["Content-Type"] == "application/x-gzip"
    assert "Content-Encoding" not in headers and body[:2] == b"\x1f\x8b"
    assert set(locs(gzip.decompress(body))) == {wp.url + a.path for a in outlet.live()}
    assert fetch(wp.url + "/sitemap.xml.gz", {"If-None-Match": headers["ETag"]})[0] == 304

    root = ET.fromstring(fetch(wp.url + "/news-sitemap.xml")[2])
    newest = max(a.published for a in outlet.live())
    recent = [a for a in outlet.live() if a.published >= newest - timedelta(days=2)]
    urls = root.findall("sm:url", NEWS)
    assert 2 <= len(urls) == len(recent) < len(outlet.live())
    for url, article in zip(urls, recent, strict=True):
        assert url.findtext("sm:loc", namespaces=NEWS) == wp.url + article.path
        news = url.find("news:news", NEWS)
        assert news is not None
        assert news.findtext("news:publication/news:name", namespaces=NEWS) == outlet.name
        assert news.findtext("news:publication/news:language", namespaces=NEWS) == "en"
        assert news.findtext("news:title", namespaces=NEWS) == article.revision.title
        date = news.findtext("news:publication_date", namespaces=NEWS)
        assert date == article.published.isoformat()
    assert f"Sitemap: {wp.url}/news-sitemap.xml" in text_of(wp.url + "/robots.txt")


def test_feed_modes(wp: ReplicaServer[Outlet], outlet: Outlet) -> None:
    assert outlet.feed_mode == "ok" and len(feedparser.parse(fetch(wp.feed_url)[2]).entries) == 9
    outlet.feed_mode = "empty"
    status, headers, body = fetch(wp.feed_url)
    parsed = feedparser.parse(body)
    assert status == 200 and headers["Content-Type"].startswith("application/rss+xml")
    assert not parsed.bozo and parsed.feed.title == outlet.name and parsed.entries == []
    outlet.feed_mode = "broken"
    for url in (wp.feed_url, wp.url + "/?feed=rss2"):
        status, headers, body = fetch(url)
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        assert b"<rss" not in body and feedparser.parse(body).entries == []
    with pytest.raises(ValueError):
        outlet.feed_mode = "missing"
    outlet.reset()
    assert outlet.feed_mode == "ok"


# -- the multi-page Japanese outlet ---------------------------------------------------------


@pytest.fixture(scope="module")
def mp() -> Iterator[ReplicaServer[MultipageOutlet]]:
    with ReplicaServer(multipage_outlet()) as srv:
        yield srv


@pytest.fixture
def apn(mp: ReplicaServer[MultipageOutlet]) -> Iterator[MultipageOutlet]:
    mp.site.reset()
    yield mp.site
    mp.site.reset()


def test_multipage_content_shape(apn: MultipageOutlet) -> None:
    counts = sorted(a.page_count for a in apn.articles)
    assert len(apn.articles) == 5 and counts == [1, 1, 1, 2, 3]
    assert sum(not a.about_north_korea for a in apn.articles) == 1
    assert any(a.about_north_korea and a.page_count == 1 for a in apn.articles)
    assert apn.languages == ("ja",)
    for article in apn.articles:
        assert 3 <= len(article.paragraphs) <= 8
        assert all(re.search(r"[\u3040-\u30ff]", p) for p in article.paragraphs)
        assert ("北朝鮮" in article.title + "".join(article.paragraphs)) == (
            article.about_north_korea
        )
        assert re.search(ARTICLE_PATTERN, "http://x" + article.path)
        for n in range(2, article.page_count + 1):
            assert not re.search(ARTICLE_PATTERN, "http://x" + article.page_path(n))


def test_multipage_feed(mp: ReplicaServer[MultipageOutlet], apn: MultipageOutlet) -> None:
    assert mp.discovery() == {"feeds": [mp.url + FEED_PATH], "article_pattern": ARTICLE_PATTERN}
    assert fetch(mp.url + "/apn/feed/")[0] == 404  # the feed is only at its odd path
    status, headers, body = fetch(mp.url + FEED_PATH)
    parsed = feedparser.parse(body)
    assert status == 200 and not parsed.bozo and parsed.feed.language == "ja"
    links = [entry.link for entry in parsed.entries]
    assert links == [mp.url + a.path for a in apn.listed()]
    assert all(re.search(ARTICLE_PATTERN, link) for link in links)
    titles = {entry.title for entry in parsed.entries}
    assert any(not a.about_north_korea and a.title in titles for a in apn.articles)
    assert fetch(mp.url + FEED_PATH, {"If-None-Match": headers["ETag"]})[0] == 304


def test_multipage_pages_link_to_each_other(
    mp: ReplicaServer[MultipageOutlet], apn: MultipageOutlet
) -> None:
    article = next(a for a in apn.articles if a.page_count == 3)
    urls = [mp.url + article.page_path(n) for n in (1, 2, 3)]
    assert urls[0] == mp.url_for(article.slug) and urls[1] == urls[0] + "2/"
    for n, url in enumerate(urls, start=1):
        html = text_of(url)
        assert f"<title>{article.title} | {apn.name}</title>" in html  # same title every page
        assert f'<link rel="canonical" href="{url}">' in html
        assert (f'<link rel="prev" href="{urls[n - 2]}">' in html) == (n > 1)
        assert (f'<link rel="next" href="{urls[n % 3]}">' in html) == (n < 3)
        links = re.search(r'<div class="page-links">ページ: (.*?)</div>', html)
        assert links is not None
        assert re.findall(r'href="([^"]+)"', links[1]) == [u for u in urls if u != url]
        assert f'aria-current="page">{n}</span>' in links[1]
        assert (article.footnote in html) == (n == 3)
    single = next(a for a in apn.articles if a.page_count == 1)
    html = text_of(mp.url_for(single.slug))
    assert 'class="page-links"' not in html and 'rel="next"' not in html


def test_multipage_extraction_is_one_page_each(
    mp: ReplicaServer[MultipageOutlet], apn: MultipageOutlet
) -> None:
    for article in apn.articles:
        for n in range(1, article.page_count + 1):
            url = mp.url + article.page_path(n)
            for precision in (False, True):
                text = extracted(url, favor_precision=precision)
                for paragraph in article.pages[n - 1]:
                    assert norm(paragraph) in text, (article.slug, n, paragraph[:20])
                for other, page in enumerate(article.pages, start=1):
                    if other != n:
                        assert norm(page[0]) not in text, (article.slug, n, other)
                boilerplate = [JA_COOKIE_TEXT, JA_COMMENT_MARKER, DONATION_TEXT, "ページ:"]
                body = article.title + "".join(article.paragraphs)
                boilerplate += [label for label, _ in JA_MENU if label not in body]
                boilerplate += [a.title for a in apn.articles if a is not article]
                for junk in boilerplate:
                    assert junk not in text, (article.slug, n, junk)
            if n == article.page_count and article.footnote:
                assert norm(article.footnote) in text
    comments = trafilatura.extract(text_of(mp.url_for(apn.articles[0].slug)), include_comments=True)
    assert JA_COMMENT_MARKER in (comments or "")


def test_multipage_revise_delete_reset(
    mp: ReplicaServer[MultipageOutlet], apn: MultipageOutlet
) -> None:
    article = next(a for a in apn.articles if len(a.revisions) > 1)
    before = [extracted(mp.url + article.page_path(n)) for n in (1, 2, 3)]
    new = apn.revise(article.slug)
    assert new is article.revision and new.modified is not None
    after = [extracted(mp.url + article.page_path(n)) for n in (1, 2, 3)]
    assert before[0] == after[0] and before[2] == after[2] and before[1] != after[1]
    with pytest.raises(ValueError):
        apn.revise(article.slug)
    apn.delete(article.slug)
    assert {fetch(mp.url + article.page_path(n))[0] for n in (1, 2, 3)} == {404}
    assert mp.url + article.path in text_of(mp.url + FEED_PATH)  # a stale feed
    apn.reset()
    assert article.current == 0 and not article.deleted and not apn.requests
    assert fetch(mp.url_for(article.slug))[0] == 200


def test_multipage_redirects_and_404s(
    mp: ReplicaServer[MultipageOutlet], apn: MultipageOutlet
) -> None:
    article = next(a for a in apn.articles if a.page_count == 2)
    page1 = mp.url + article.path
    for wrong in (page1.rstrip("/"), page1 + "1/", page1 + "2"):
        status, headers, _ = fetch(wrong)
        assert status == 301 and headers["Location"] in (page1, page1 + "2/"), wrong
    assert fetch(page1 + "3/")[0] == 404
    assert fetch(page1.replace("/north-korea/", "/japan/"))[0] == 404
    status, headers, _ = fetch(f"{mp.url}/apn/?p={article.number}")
    assert status == 301 and headers["Location"] == page1
    status, _, body = fetch(mp.url + "/apn/")
    assert status == 200 and article.title.encode() in body and JA_COOKIE_TEXT.encode() in body
