"""The churning replica: page furniture that changes on every request, and per-article modes.

Pins what change-detection tests rely on: two fetches of one article never have the same bytes
but always the same extracted text, title, byline and dates (trafilatura as the crawler runs it);
each revision is a real edit; each delete mode, the flip-flopping cache, unlisting and a site
that is down answer as documented; ``reset`` undoes all of it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
import trafilatura
from _http import fetch, text_of

from crawler.extract import extract
from nkmon.replica import ReplicaServer
from nkmon.replica.churn import DELETE_MODES, SLOW_DELAY, ChurnOutlet, churn_outlet
from nkmon.replica.churn_texts import ADS, GONE_TEXT, PURGED_NAME, SOFT_404_TEXT

SM = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
EDITED = "greenhouse-farm-opens-near-pyongyang"  # revision 1 has a new title
SCRUBBED = "cabinet-meeting-orders-coal-drive"  # revision 1 drops PURGED_NAME
REBYLINED = "sinuiju-trucks-queue-at-border-bridge"  # revision 1 has another author
PLAIN = "kcna-warns-over-naval-exercise"  # a single revision


def extracted(html: str) -> str:
    """What the brief's crawler settings extract: precision first, no reader comments."""
    return trafilatura.extract(html, include_comments=False, favor_precision=True) or ""


def feed_links(server: ReplicaServer[ChurnOutlet]) -> set[str]:
    parsed = feedparser.parse(fetch(server.url + "/feed/")[2])
    assert not parsed.bozo
    return {entry.link for entry in parsed.entries}


def sitemap_links(server: ReplicaServer[ChurnOutlet]) -> set[str]:
    root = ET.fromstring(fetch(server.url + "/sitemap.xml")[2])
    assert all(u.findtext("sm:lastmod", namespaces=SM) for u in root.findall("sm:url", SM))
    return {loc.text or "" for loc in root.iterfind("sm:url/sm:loc", SM)}


@pytest.fixture(scope="module")
def server() -> Iterator[ReplicaServer[ChurnOutlet]]:
    with ReplicaServer(churn_outlet(seed=7)) as srv:
        yield srv


@pytest.fixture
def site(server: ReplicaServer[ChurnOutlet]) -> Iterator[ChurnOutlet]:
    server.site.reset()
    yield server.site
    server.site.reset()


def test_content_and_discovery(server: ReplicaServer[ChurnOutlet], site: ChurnOutlet) -> None:
    assert len(site.articles) == 6
    for article in site.articles:
        assert article.path == f"/2026/11/{article.slug}/" == site.path_for(article.slug)
        assert article.published.utcoffset() is not None
        assert article.published.tzinfo == UTC and article.revision is article.revisions[0]
    assert {a.slug for a in site.articles if len(a.revisions) == 2} == {
        EDITED,
        SCRUBBED,
        REBYLINED,
    }
    first, second = site.get(EDITED).revisions
    assert first.title != second.title and first.paragraphs == second.paragraphs
    first, second = site.get(SCRUBBED).revisions
    assert PURGED_NAME == "Vice-Premier Ryom Kwang Sok"
    assert PURGED_NAME in " ".join(first.paragraphs)
    assert "Ryom" not in " ".join(second.paragraphs) and first.title == second.title
    first, second = site.get(REBYLINED).revisions
    assert first.authors != second.authors and first.paragraphs == second.paragraphs
    assert all(r.modified is not None for a in site.articles for r in a.revisions[1:])
    assert server.discovery() == {
        "feeds": [server.url + "/feed/"],
        "sitemaps": [server.url + "/sitemap.xml"],
        "discovery": "all",
    }
    assert (
        feed_links(server) == sitemap_links(server) == {server.url + a.path for a in site.articles}
    )
    assert "Sitemap: " + server.url + "/sitemap.xml" in text_of(server.url + "/robots.txt")


def test_boilerplate_churns_but_extraction_is_stable(
    server: ReplicaServer[ChurnOutlet], site: ChurnOutlet
) -> None:
    for article in site.articles:
        url = server.url_for(article.slug)
        fetched = [fetch(url) for _ in range(5)]
        assert all(status == 200 for status, _, _ in fetched)
        for _, headers, _ in fetched:  # nothing to revalidate with: download and compare
            assert "ETag" not in headers and "Last-Modified" not in headers
        pages = [body.decode() for _, _, body in fetched]
        assert len(set(pages)) == 5, article.slug
        texts = {extracted(html) for html in pages}
        assert len(texts) == 1, article.slug
        text = texts.pop()
        assert article.revision.paragraphs[-1] in text
        for furniture in ("Advertisement", "Viewed", "Trending", "Related", "Comments", "Updated"):
            assert furniture not in text, (article.slug, furniture)
        for headline, _, _ in ADS:
            assert headline not in text
        # The crawler's own extraction: same title, byline and dates every time.
        meta = {
            (a.title, a.text, a.authors, a.published_at, a.modified_at)
            for a in (extract(html, url) for html in pages)
        }
        assert len(meta) == 1
        title, _, authors, published, _ = meta.pop()
        assert (title, authors, published) == (
            article.revision.title,
            article.revision.authors,
            article.published,
        )
    # What changes, one field at a time, between two views of one page.
    url = server.url_for(PLAIN)
    a, b = text_of(url), text_of(url)

    def grab(pattern: str, html: str) -> str:
        match = re.search(pattern, html)
        assert match, pattern
        return match[1]

    for pattern in (
        r"Viewed ([\d,]+) times",
        r"Updated (\d+) minutes ago",
        r'name="csrf-token" content="(\w+)"',
        r'name="_wpnonce" value="(\w+)"',
        r'var ledgerConfig = \{"nonce": "(\w+)"',
        r'<body [^>]*data-pageview="([\w-]+)"',
        r"(\d+) Comments",
        r'class="ad-slot[^>]*>.*?<strong>([^<]+)</strong>',
        r'class="related-list">(.*?)</ul>',
        r'class="trending-list">(.*?)</ol>',
    ):
        assert grab(pattern, a) != grab(pattern, b), pattern
    views = [int(grab(r"Viewed ([\d,]+) times", text_of(url)).replace(",", "")) for _ in range(3)]
    assert views == sorted(views) and len(set(views)) == 3
    assert re.findall(r">(\s*)<", a) != re.findall(r">(\s*)<", b)  # whitespace between tags
    link = grab(r'<a href="([^"]+)" rel="category tag"', a).replace("&amp;", "&")
    query = parse_qs(urlsplit(link).query)
    assert {"utm_source", "utm_medium", "utm_campaign", "ref"} <= query.keys()
    assert link != grab(r'<a href="([^"]+)" rel="category tag"', b).replace("&amp;", "&")


def test_revisions_are_real_edits(server: ReplicaServer[ChurnOutlet], site: ChurnOutlet) -> None:
    urls = {slug: server.url_for(slug) for slug in (EDITED, SCRUBBED, REBYLINED)}
    before = {slug: extract(text_of(url), url) for slug, url in urls.items()}
    assert PURGED_NAME in before[SCRUBBED].text
    for slug in urls:
        site.revise(slug)
    after = {slug: extract(text_of(url), url) for slug, url in urls.items()}
    assert after[EDITED].title != before[EDITED].title
    assert after[EDITED].text == before[EDITED].text
    assert "Ryom" not in after[SCRUBBED].text and after[SCRUBBED].text != before[SCRUBBED].text
    assert after[REBYLINED].authors == ("Min Seo-yeon",) != before[REBYLINED].authors
    assert after[REBYLINED].modified_at == site.get(REBYLINED).revision.modified
    with pytest.raises(ValueError, match="no further revision"):
        site.revise(EDITED)


@pytest.mark.parametrize("how", DELETE_MODES)
def test_delete_modes(server: ReplicaServer[ChurnOutlet], site: ChurnOutlet, how: str) -> None:
    article = site.get(SCRUBBED)
    url = server.url_for(SCRUBBED)
    site.delete(SCRUBBED, how=how)
    status, headers, body = fetch(url)
    html = body.decode()
    if how in ("404", "410"):
        assert status == int(how) and site.name in html and 'class="error-404' in html
        assert PURGED_NAME not in html and article.revision.title not in html
        assert (GONE_TEXT in html) == (how == "410")
    elif how == "soft404":
        assert status == 200 and SOFT_404_TEXT in extracted(html)
        assert "Oops! That page can’t be found." in html and article.revision.title not in html
    elif how == "null":
        assert (status, body) == (200, b"NULL")
        assert headers["Content-Type"].startswith("text/html")
    elif how == "redirect_home":
        assert status == 301 and headers["Location"] == server.url + "/"
    else:
        section = server.url + "/category/politics/"
        assert status == 301 and headers["Location"] == section
        listing = text_of(section)
        assert "Category: Politics" in listing and server.url_for(SCRUBBED) not in listing
    # A cached feed still lists it; the sitemap and the front page do not.
    assert url in feed_links(server) and url not in sitemap_links(server)
    assert url not in text_of(server.url + "/")
    site.restore(SCRUBBED)
    assert fetch(url)[0] == 200 and url in sitemap_links(server) and url in text_of(server.url)
    with pytest.raises(ValueError, match="how must be one of"):
        site.delete(SCRUBBED, how="gone")


def test_flipflop_alternates(server: ReplicaServer[ChurnOutlet], site: ChurnOutlet) -> None:
    url = server.url_for(EDITED)
    first, second = (r.title for r in site.get(EDITED).revisions)
    site.flipflop(EDITED)
    titles = [extract(text_of(url), url).title for _ in range(4)]
    assert titles == [second, first, second, first]
    site.flipflop(EDITED, on=False)
    assert {extract(text_of(url), url).title for _ in range(2)} == {first}
    with pytest.raises(ValueError, match="single revision"):
        site.flipflop(PLAIN)


def test_unlist_keeps_the_text_of(server: ReplicaServer[ChurnOutlet], site: ChurnOutlet) -> None:
    url = server.url_for(PLAIN)
    before = extracted(text_of(url))
    site.unlist(PLAIN)
    assert url not in feed_links(server) and url not in sitemap_links(server)
    assert len(feed_links(server)) == 5
    assert extracted(text_of(url)) == before
    site.unlist(PLAIN, on=False)
    assert url in feed_links(server) and url in sitemap_links(server)


def test_down_modes(server: ReplicaServer[ChurnOutlet], site: ChurnOutlet) -> None:
    paths = ("/", "/feed/", "/sitemap.xml", "/robots.txt", site.path_for(PLAIN), "/nowhere/")
    site.down = True
    for path in paths:
        status, headers, _ = fetch(server.url + path)
        assert (status, headers.get("Retry-After")) == (503, "1"), path
    site.down_mode = "500"
    assert {fetch(server.url + path)[0] for path in paths} == {500}
    site.down_mode = "slow"  # answers normally, 30 s late: checked without waiting
    response = site.route(site.path_for(PLAIN), "", server.url)
    assert (response.status, response.delay) == (200, SLOW_DELAY) and SLOW_DELAY == 30.0
    assert site.route("/feed/", "", server.url).delay == SLOW_DELAY
    with pytest.raises(ValueError, match="down_mode"):
        site.down_mode = "teapot"
    site.down = False
    assert site.route(site.path_for(PLAIN), "", server.url).delay == 0
    assert fetch(server.url + "/feed/")[0] == 200


def test_reset_restores_everything(server: ReplicaServer[ChurnOutlet], site: ChurnOutlet) -> None:
    site.revise(EDITED)
    site.flipflop(SCRUBBED)
    site.delete(REBYLINED, how="redirect_home")
    site.unlist(PLAIN)
    site.down, site.down_mode = True, "500"
    assert fetch(server.url_for(PLAIN))[0] == 500
    site.reset()
    assert not site.requests and not site.down and site.down_mode == "503"
    for article in site.articles:
        assert (article.current, article.deleted, article.unlisted, article.flipping) == (
            0,
            False,
            False,
            False,
        )
    assert (
        feed_links(server) == sitemap_links(server) == {server.url + a.path for a in site.articles}
    )
    url = server.url_for(SCRUBBED)
    titles = {extract(text_of(url), url).title for _ in range(2)}
    assert titles == {site.get(SCRUBBED).revisions[0].title}
    assert site.requests[site.path_for(SCRUBBED)] == 2
