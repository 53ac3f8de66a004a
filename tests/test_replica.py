"""Fast checks of the bundled replica outlet that the crawler tests rely on.

The extraction tests pin the property everything else builds on: trafilatura finds exactly the
article text on normal pages (no cookie banner, comments, widgets or menus), the comments are
real comments, and the broken page yields no article text.
"""

from __future__ import annotations

import html
import http.client
import re
import socket
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import pytest
import trafilatura

from nkmon.replica import (
    COMMENT_MARKER,
    COOKIE_TEXT,
    Outlet,
    ReplicaArticle,
    ReplicaServer,
    Revision,
    wordpress_outlet,
)
from nkmon.replica.pages import most_read, related
from nkmon.replica.texts import MENU

NS = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "atom": "http://www.w3.org/2005/Atom",
}


@pytest.fixture(scope="module")
def outlet() -> Outlet:
    return wordpress_outlet()


@pytest.fixture(scope="module")
def server(outlet: Outlet) -> Iterator[ReplicaServer]:
    with ReplicaServer(outlet) as srv:
        yield srv


@pytest.fixture(autouse=True)
def _fresh(outlet: Outlet) -> None:
    outlet.reset()


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """GET without following redirects; returns status, headers and decoded body."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.netloc, timeout=10)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request("GET", target, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read().decode("utf-8")
    finally:
        conn.close()


def norm(text: str) -> str:
    return " ".join(text.split())


def normal_articles(outlet: Outlet) -> list[ReplicaArticle]:
    return [a for a in outlet.articles if not a.broken]


def test_default_content_shape(outlet: Outlet) -> None:
    assert len(normal_articles(outlet)) == 8
    assert sum(a.broken for a in outlet.articles) == 1
    assert sum(len(a.revisions) == 2 for a in outlet.articles) >= 6
    assert sum(len(a.revision.authors) == 2 for a in outlet.articles) == 2
    assert len({a.slug for a in outlet.articles}) == len(outlet.articles)
    for article in outlet.articles:
        assert article.published.tzinfo is not None
        assert (article.published.year, article.published.month) in {(2026, 10), (2026, 11)}
        assert re.fullmatch(r"/2026/1[01]/[a-z0-9-]+/", article.path)
        for rev in article.revisions:
            assert 4 <= len(rev.paragraphs) <= 7, article.slug
            for paragraph in rev.paragraphs:
                assert 40 <= len(paragraph.split()) <= 90, (article.slug, paragraph[:40])
                assert COOKIE_TEXT not in paragraph and COMMENT_MARKER not in paragraph
        for old, new in zip(article.revisions, article.revisions[1:], strict=False):
            assert new.paragraphs != old.paragraphs or new.authors != old.authors
            assert new.modified is not None and new.modified > article.published


def extract_page(server: ReplicaServer, article: ReplicaArticle, comments: bool = False) -> str:
    url = server.url_for(article.slug)
    status, _, page = fetch(url)
    assert status == 200
    return norm(trafilatura.extract(page, url=url, include_comments=comments) or "")


@pytest.mark.parametrize("revision", [0, 1])
def test_extraction_finds_exactly_the_article(
    outlet: Outlet, server: ReplicaServer, revision: int
) -> None:
    for article in normal_articles(outlet):
        if revision >= len(article.revisions):
            continue
        article.current = revision
        text = extract_page(server, article)
        body = " ".join(article.revision.paragraphs)
        for paragraph in article.revision.paragraphs:
            assert norm(paragraph) in text, (article.slug, paragraph[:50])
        assert COOKIE_TEXT not in text and COMMENT_MARKER not in text
        widget_titles = [a.revisions[0].title for a in related(outlet, article)]
        widget_titles += [a.revisions[0].title for a in most_read(outlet) if a is not article]
        for title in widget_titles:
            assert title not in text, (article.slug, title)
        for label, _ in MENU:
            if label not in body:
                assert label not in text, (article.slug, label)


def test_comments_are_extractable_as_comments(outlet: Outlet, server: ReplicaServer) -> None:
    for article in normal_articles(outlet):
        assert COMMENT_MARKER in extract_page(server, article, comments=True)


def test_revisions_differ_in_extracted_text(outlet: Outlet, server: ReplicaServer) -> None:
    for article in outlet.articles:
        if article.broken or len(article.revisions) < 2:
            continue
        before = extract_page(server, article)
        outlet.revise(article.slug)
        after = extract_page(server, article)
        assert before != after, article.slug


def test_broken_page_yields_no_article_text(outlet: Outlet, server: ReplicaServer) -> None:
    (broken,) = [a for a in outlet.articles if a.broken]
    status, _, page = fetch(server.url_for(broken.slug))
    assert status == 200 and COOKIE_TEXT in page and 'class="entry-content"' in page
    text = extract_page(server, broken)
    assert len(text.split()) < 30, text
    for paragraph in broken.revision.paragraphs:
        assert " ".join(paragraph.split()[:6]) not in text


def test_article_page_markup_and_request_counting(outlet: Outlet, server: ReplicaServer) -> None:
    article = outlet.articles[0]
    status, headers, page = fetch(server.url_for(article.slug))
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=UTF-8"
    assert '<html lang="en-US">' in page
    assert f"<title>{article.revision.title} – {outlet.name}</title>" in page
    assert f'<link rel="canonical" href="{server.url_for(article.slug)}">' in page
    assert COOKIE_TEXT in page and COMMENT_MARKER in page
    assert '"@type": "NewsArticle"' in page and "article:modified_time" not in page
    assert outlet.requests[article.path] == 1


def test_revise_updates_page_feed_and_validators(outlet: Outlet, server: ReplicaServer) -> None:
    article = next(a for a in outlet.articles if len(a.revisions) == 2)
    _, first_headers, _ = fetch(server.url_for(article.slug))
    new = outlet.revise(article.slug)
    assert new is article.revision and new.modified is not None
    with pytest.raises(ValueError):
        outlet.revise(article.slug)
    status, headers, page = fetch(server.url_for(article.slug))
    assert status == 200 and "article:modified_time" in page and 'class="updated"' in page
    assert headers["ETag"] != first_headers["ETag"]
    assert parsedate_to_datetime(headers["Last-Modified"]) == new.modified
    items = ET.fromstring(fetch(server.feed_url)[2].encode()).iter("item")
    item = next(i for i in items if i.findtext("link") == server.url_for(article.slug))
    content = html.unescape(item.findtext("content:encoded", namespaces=NS) or "")
    assert norm(new.paragraphs[-1]) in norm(content) and item.findtext("title") == new.title


def test_conditional_requests(outlet: Outlet, server: ReplicaServer) -> None:
    url = server.url_for(outlet.articles[1].slug)
    _, headers, _ = fetch(url)
    assert fetch(url, {"If-None-Match": headers["ETag"]})[0] == 304
    assert fetch(url, {"If-None-Match": '"stale"'})[0] == 200
    assert fetch(url, {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    assert fetch(url, {"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"})[0] == 200
    outlet.revise(outlet.articles[1].slug)
    assert fetch(url, {"If-None-Match": headers["ETag"]})[0] == 200


def test_delete_restore_and_stale_feed(outlet: Outlet, server: ReplicaServer) -> None:
    article = outlet.articles[2]
    outlet.delete(article.slug)
    status, headers, page = fetch(server.url_for(article.slug))
    assert status == 404 and "Page not found" in page and COOKIE_TEXT in page
    assert headers["Content-Type"] == "text/html; charset=UTF-8"
    _, _, feed = fetch(server.feed_url)
    assert server.url_for(article.slug) in feed
    _, _, home = fetch(server.url + "/")
    assert f'id="post-{article.post_id}"' not in home  # (cached widgets may still link it)
    outlet.restore(article.slug)
    assert fetch(server.url_for(article.slug))[0] == 200


def test_reset_restores_initial_state(outlet: Outlet, server: ReplicaServer) -> None:
    first, second = outlet.articles[0], outlet.articles[1]
    outlet.revise(first.slug)
    outlet.delete(second.slug)
    fetch(server.url_for(first.slug))
    outlet.reset()
    assert first.current == 0 and not second.deleted and not outlet.requests
    assert fetch(server.url_for(second.slug))[0] == 200


def test_unknown_paths_and_redirects(outlet: Outlet, server: ReplicaServer) -> None:
    status, _, page = fetch(server.url + "/2026/11/no-such-story/")
    assert status == 404 and "Oops! That page can&rsquo;t be found." in page
    assert fetch(server.url + "/wp-login.php")[0] == 404
    article = outlet.articles[0]
    status, headers, _ = fetch(server.url_for(article.slug).rstrip("/"))
    assert status == 301 and headers["Location"] == server.url_for(article.slug)
    status, headers, _ = fetch(f"{server.url}/?p={article.post_id}")
    assert status == 301 and headers["Location"] == server.url_for(article.slug)
    status, _, robots = fetch(server.url + "/robots.txt")
    assert status == 200 and f"Sitemap: {server.url}/wp-sitemap.xml" in robots
    assert ET.fromstring(fetch(server.url + "/wp-sitemap.xml")[2].encode()) is not None


def test_feed_is_wordpress_rss(outlet: Outlet, server: ReplicaServer) -> None:
    outlet.delete(outlet.articles[0].slug)
    status, headers, body = fetch(server.feed_url)
    assert status == 200 and headers["Content-Type"] == "application/rss+xml; charset=UTF-8"
    root = ET.fromstring(body.encode())
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    assert channel.findtext("title") == outlet.name
    assert channel.findtext("language") == "en-US"
    self_link = channel.find("atom:link", NS)
    assert self_link is not None and self_link.get("href") == server.feed_url
    items = channel.findall("item")
    assert len(items) == len(outlet.articles)  # deleted and broken ones included
    dates = [parsedate_to_datetime(item.findtext("pubDate") or "") for item in items]
    assert dates == sorted(dates, reverse=True) and all(d.tzinfo for d in dates)
    by_link = {item.findtext("link"): item for item in items}
    for article in outlet.articles:
        item = by_link[server.url_for(article.slug)]
        assert item.findtext("title") == article.revision.title
        creators = [c.text for c in item.findall("dc:creator", NS)]
        assert creators == list(article.revision.authors)
        assert item.findtext("category") == article.category
        guid = item.find("guid")
        assert guid is not None and guid.get("isPermaLink") == "false"
        assert guid.text == f"{server.url}/?p={article.post_id}"
        content = item.findtext("content:encoded", namespaces=NS) or ""
        assert norm(article.revision.paragraphs[0]) in norm(html.unescape(content))
        assert item.findtext("description")


def test_stop_really_stops() -> None:
    srv = ReplicaServer(wordpress_outlet()).start()
    url = srv.url
    assert fetch(url + "/")[0] == 200
    srv.stop()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", srv.port), timeout=1).close()
    assert srv.start().url == url  # a restart keeps the port, so stored URLs stay valid
    srv.stop()


def test_custom_outlet() -> None:
    rev = Revision("Title", ("Some words here.",) * 4, ("A. Writer",))
    article = ReplicaArticle("a-story", "Politics", datetime(2026, 10, 2, tzinfo=UTC), (rev,))
    with ReplicaServer(Outlet("Test Outlet", [article])) as srv:
        status, _, page = fetch(srv.url_for("a-story"))
    assert status == 200 and article.path == "/2026/10/a-story/" and COMMENT_MARKER in page
