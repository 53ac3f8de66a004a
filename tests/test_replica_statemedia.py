"""The KCNA-like replica: listing-only discovery, Juche dates, slow answers, NULL and stealth edits.

Crawler tests rely on these properties, so they are pinned here: most checks call ``route()``
directly (fast, no sockets); the last ones go over real HTTP through ``ReplicaServer``.
"""

from __future__ import annotations

import http.client
import re
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import lxml.html
import pytest
import trafilatura

from nkmon.replica.server import ReplicaServer
from nkmon.replica.statemedia import (
    ARTICLE_PATTERN,
    NEXT_PATTERN,
    NULL_BODY,
    PER_PAGE,
    StateArticle,
    StateMediaSite,
    juche_date,
    state_media_site,
)
from nkmon.replica.statemedia_texts import PURGED_OFFICIAL

BASE = "http://127.0.0.1:8123"


@pytest.fixture(scope="module")
def site() -> StateMediaSite:
    return state_media_site()


@pytest.fixture(autouse=True)
def _fresh(site: StateMediaSite) -> Iterator[None]:
    site.reset()
    yield
    site.reset()


def get(site: StateMediaSite, url: str):
    parts = urlsplit(url)
    return site.route(parts.path, parts.query, BASE)


def links(html: str, pattern: str) -> list[str]:
    """Absolute link URLs on the page matching ``pattern``, in page order (what a crawler sees)."""
    tree = lxml.html.document_fromstring(html)
    tree.make_links_absolute(BASE + "/")
    found = [a.get("href") for a in tree.iter("a") if a.get("href")]
    return [u for u in dict.fromkeys(found) if re.search(pattern, u)]


def listed(html: str) -> list[str]:
    """Absolute URLs of the listing's own items (the sidebar links to articles too)."""
    tree = lxml.html.document_fromstring(html)
    tree.make_links_absolute(BASE + "/")
    return tree.xpath('//ul[@class="article-link"]/li/a/@href')


def english(site: StateMediaSite) -> list[StateArticle]:
    return [a for a in site.articles if a.language == "en"]


def test_inventory(site: StateMediaSite) -> None:
    assert len(english(site)) == 20
    assert len([a for a in site.articles if a.language == "ko"]) == 4
    assert len({a.path for a in site.articles}) == len(site.articles)
    for article in site.articles:
        assert re.search(ARTICLE_PATTERN, BASE + article.path)
        assert article.published.utcoffset() == timedelta(hours=9)
        assert site.path_for(article.key) == article.path
    assert site.languages == ("en", "ko")


def test_juche_dates() -> None:
    day = datetime.fromisoformat("2026-11-20T07:30:00+09:00")
    assert juche_date(day, "en") == "Juche115.11.20."
    assert juche_date(day, "ko") == "주체115(2026)년 11월 20일"
    assert juche_date(day.replace(year=2013, month=12, day=9), "en") == "Juche102.12.9."


def test_discovery_has_only_listings(site: StateMediaSite) -> None:
    found = site.discovery(BASE)
    assert "feeds" not in found and "sitemaps" not in found
    en, ko = found["listings"]
    assert re.fullmatch(BASE + r"/en/category/articles/q/[0-9a-f]{32}\.kcmsf", en["url"])
    assert re.fullmatch(BASE + r"/kp/category/articles/q/[0-9a-f]{32}\.kcmsf", ko["url"])
    assert (en["max_pages"], ko["max_pages"]) == (5, 2)
    assert en["article_pattern"] == ko["article_pattern"] == ARTICLE_PATTERN
    assert en["next_pattern"] == NEXT_PATTERN
    assert get(site, BASE + "/rss").status == 404
    assert get(site, BASE + "/sitemap.xml").status == 404


def test_listing_pages_cover_all_articles_newest_first(site: StateMediaSite) -> None:
    url = site.discovery(BASE)["listings"][0]["url"]
    seen: list[str] = []
    for page in (1, 2, 3):
        response = get(site, url + (f"?page={page}" if page > 1 else ""))
        assert response.status == 200 and response.delay == pytest.approx(0.1)
        html = response.body.decode("utf-8")
        items = listed(html)
        assert len(items) == (PER_PAGE if page < 3 else 4)
        assert set(items) <= set(links(html, ARTICLE_PATTERN))
        seen += items
        following = links(html, NEXT_PATTERN)
        assert (url + f"?page={page + 1}" in following) == (page < 3)
        assert url + "?page=1" not in following  # page 1 is linked without a query
        assert ("Next</a>" in html) == (page < 3)
    expected = sorted(english(site), key=lambda a: a.published, reverse=True)
    assert seen == [BASE + a.path for a in expected]
    assert len(seen) == 20 == len(set(seen))


def test_listing_edges(site: StateMediaSite) -> None:
    url = site.discovery(BASE)["listings"][0]["url"]
    first = get(site, url).body
    assert get(site, url + "?page=abc").body == first
    assert get(site, url + "?page=1").body == first
    beyond = get(site, url + "?page=9")
    assert beyond.status == 200
    assert listed(beyond.body.decode()) == []
    korean = get(site, site.discovery(BASE)["listings"][1]["url"]).body.decode()
    assert len(listed(korean)) == 4
    assert links(korean, NEXT_PATTERN) == []


def test_article_page_markup(site: StateMediaSite) -> None:
    article = site.get("south-hwanghae-threshing")
    response = get(site, BASE + article.path)
    assert (response.status, response.content_type) == (200, "text/html; charset=utf-8")
    assert response.delay == pytest.approx(0.2) and not response.conditional
    html = response.body.decode("utf-8")
    assert f'<h1 class="article-title">{article.title}</h1>' in html
    assert '<p class="publish-time">www.kcna.kp (Juche115.11.20.)</p>' in html
    assert article.paragraphs[0].startswith("Pyongyang, November 20 (KCNA) -- ")
    assert "<p>-0-</p>" in html
    for chrome in ("Kim Jong Un&#x27;s Revolutionary Activities", "조선어", "Photo", "Video"):
        assert chrome in html
    assert "Copyright © 2015 - 2026 by www.kcna.kp" in html


def test_korean_article_page(site: StateMediaSite) -> None:
    article = site.get("ko-greenhouse-farm")
    assert article.path.startswith("/kp/article/q/")
    html = get(site, BASE + article.path).body.decode("utf-8")
    assert "주체115(2026)년 11월 20일" in html and article.juche_date in html
    assert article.paragraphs[0].startswith("(평양 11월 20일발 조선중앙통신) ")
    assert '<html xmlns="http://www.w3.org/1999/xhtml" lang="ko">' in html
    assert "김정은동지의 혁명활동" in html


def test_trafilatura_finds_the_body_not_the_menus(site: StateMediaSite) -> None:
    for article in site.articles:
        for revision in range(len(article.revisions)):
            article.current = revision
            html = get(site, BASE + article.path).body.decode("utf-8")
            text = trafilatura.extract(html, include_comments=False)
            end = ["-0-"] if article.language == "en" else []
            # The Juche date line comes first; the "-0-" end mark stays as the last line.
            assert text.split("\n") == [article.date_line, *article.paragraphs, *end]
            for chrome in ("Revolutionary Activities", "Copyright", "Mt. Myohyang", "Español"):
                assert chrome not in text


def test_stealth_edits_remove_the_official(site: StateMediaSite) -> None:
    revisable = [a.key for a in site.articles if len(a.revisions) > 1]
    assert revisable == ["south-hwanghae-threshing", "kangdong-new-houses"]
    mentioned = [a.key for a in site.articles if PURGED_OFFICIAL in " ".join(a.paragraphs)]
    assert set(revisable) < set(mentioned)
    for key in revisable:
        before = site.get(key)
        title, paragraphs = before.title, before.paragraphs
        site.revise(key)
        after = site.get(key)
        assert PURGED_OFFICIAL not in " ".join(after.paragraphs)
        assert after.title == title and after.paragraphs != paragraphs
        assert after.paragraphs[0] == paragraphs[0]  # dateline and lead untouched
        html = get(site, BASE + after.path).body.decode()
        assert PURGED_OFFICIAL not in html and "Juche115." in html
        with pytest.raises(ValueError):
            site.revise(key)
    with pytest.raises(ValueError):
        site.revise("greenhouse-farm-inspection")
    site.reset()
    assert all(a.current == 0 for a in site.articles)


def test_deleted_article_answers_null(site: StateMediaSite) -> None:
    article = site.get("rodong-consumer-goods")
    url = site.discovery(BASE)["listings"][0]["url"]
    assert BASE + article.path in listed(get(site, url).body.decode())
    site.delete(article.key)
    response = get(site, BASE + article.path)
    assert (response.status, response.body, response.content_type) == (
        200,
        NULL_BODY,
        "text/html; charset=utf-8",
    )
    assert response.delay == pytest.approx(0.2)
    assert BASE + article.path not in listed(get(site, url).body.decode())
    site.list_deleted = True
    assert BASE + article.path in listed(get(site, url).body.decode())
    site.restore(article.key)
    assert get(site, BASE + article.path).body != NULL_BODY


def test_unknown_paths_and_robots(site: StateMediaSite) -> None:
    missing = get(site, BASE + "/en/article/q/" + "0" * 32 + ".kcmsf")
    assert missing.status == 404 and b"Not Found" in missing.body and missing.delay == 0
    assert get(site, BASE + "/no/such/page").status == 404
    robots = get(site, BASE + "/robots.txt")
    assert robots.status == 200 and robots.body == b"User-agent: *\nDisallow:\n"
    assert get(site, BASE + "/").status == 200


def test_delays_are_settable_and_reset(site: StateMediaSite) -> None:
    article = english(site)[0]
    site.delay, site.listing_delay = 1.5, 0.7
    assert get(site, BASE + article.path).delay == 1.5
    assert get(site, site.discovery(BASE)["listings"][0]["url"]).delay == 0.7
    site.reset()
    assert (site.delay, site.listing_delay) == (0.2, 0.1)


# -- over real HTTP -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(site: StateMediaSite) -> Iterator[ReplicaServer]:
    with ReplicaServer(site) as srv:
        yield srv


def fetch(url: str) -> tuple[int, dict[str, str], bytes, float]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    started = time.monotonic()
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request("GET", target)
        response = conn.getresponse()
        body = response.read()
        return response.status, dict(response.getheaders()), body, time.monotonic() - started
    finally:
        conn.close()


def test_http_listing_article_and_null(server: ReplicaServer, site: StateMediaSite) -> None:
    listing = server.discovery()["listings"][0]["url"]
    status, headers, body, elapsed = fetch(listing + "?page=2")
    assert status == 200 and elapsed >= 0.1
    assert "ETag" not in headers  # the agency's server sends no validators
    html = body.decode(headers["Content-Type"].split("charset=")[1])
    assert len(listed(html)) == PER_PAGE
    key = "kangdong-new-houses"
    status, headers, body, elapsed = fetch(server.url_for(key))
    assert status == 200 and elapsed >= 0.2
    assert PURGED_OFFICIAL in body.decode()
    site.revise(key)
    assert PURGED_OFFICIAL not in fetch(server.url_for(key))[2].decode()
    site.delete(key)
    status, headers, body, _ = fetch(server.url_for(key))
    assert (status, body, headers["Content-Length"]) == (200, b"NULL", "4")
    assert site.requests[site.path_for(key)] == 3
    assert fetch(server.url + "/nothing-here")[0] == 404
