"""Reading discovery documents (pure functions) and politeness against small hostile sites."""

from __future__ import annotations

import time

import pytest

from crawler.discovery import (
    DiscoveryError,
    continuation_pages,
    feed_entries,
    sitemap_entries,
)
from crawler.middlewares.retry import retry_after_seconds
from nkmon.replica.site import HTML, RSS, TEXT, BaseSite, Response

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom outlet</title>
  <entry><title>Relative</title><link href="/2026/11/relative/"/><id>urn:a</id></entry>
  <entry><title>Absolute</title><link href="https://a.example/2026/11/absolute/"/><id>urn:b</id></entry>
  <entry><title>Broken</title><link href="http://[::1/x"/><id>urn:c</id></entry>
  <entry><title>Again</title><link href="https://a.example/2026/11/absolute/#top"/><id>urn:d</id></entry>
</feed>"""

RDF = b"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://r.example/"><title>RDF outlet</title></channel>
  <item rdf:about="https://r.example/news/1.html"><title>One</title><link>https://r.example/news/1.html</link></item>
</rdf:RDF>"""


def test_atom_entries_resolve_relative_links_and_survive_a_malformed_one():
    entries = feed_entries(ATOM, "https://a.example/feed.atom")
    assert [e.url for e in entries] == [
        "https://a.example/2026/11/relative/",
        "https://a.example/2026/11/absolute/",
    ]


def test_rdf_feeds():
    assert [e.url for e in feed_entries(RDF, "https://r.example/index.rdf")] == [
        "https://r.example/news/1.html"
    ]


@pytest.mark.parametrize(
    "body", [b"<html><body>Service unavailable</body></html>", b"", b"\x1f\x8b\x08garbage"]
)
def test_non_feeds_and_non_sitemaps_are_discovery_errors(body):
    with pytest.raises(DiscoveryError):
        sitemap_entries(body, max_size=1 << 20)
    if body:
        with pytest.raises(DiscoveryError):
            feed_entries(body, "https://x.example/feed/")


def test_retry_after_in_seconds_and_as_a_date():
    assert retry_after_seconds(b"7") == 7
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert retry_after_seconds(b"soon") is None


class FlakySite(BaseSite):
    """Answers 503 with Retry-After for the first requests of an article, then the page;
    its robots.txt forbids /private/."""

    name = "Flaky Outlet"

    def __init__(self, failures: int = 2) -> None:
        super().__init__()
        self.failures = failures
        self.served: list[float] = []

    def discovery(self, base: str) -> dict:
        return {"feeds": [base + "/feed/"]}

    def route(self, path: str, query: str, base: str) -> Response:
        if path == "/robots.txt":
            return Response(200, TEXT, b"User-agent: *\nDisallow: /private/\n")
        if path == "/feed/":
            items = "".join(
                f"<item><title>{p}</title><link>{base}{p}</link></item>"
                for p in ("/2026/11/flaky/", "/private/secret/")
            )
            return Response(
                200, RSS, f'<rss version="2.0"><channel>{items}</channel></rss>'.encode()
            )
        if path == "/2026/11/flaky/":
            self.served.append(time.monotonic())
            if len(self.served) <= self.failures:
                return Response(503, HTML, b"busy", headers={"Retry-After": "1"})
            text = " ".join(["Officials in Pyongyang announced a new housing district."] * 8)
            return Response(
                200,
                HTML,
                f"<html><body><article><h1>Flaky</h1><p>{text}</p></article></body></html>".encode(),
            )
        if path.startswith("/private/"):
            self.served.append(-1.0)  # must never happen
        return Response(404, HTML, b"not found")


def test_503_with_retry_after_is_retried_after_the_wait_and_robots_is_obeyed(serve, crawl_site):
    site = FlakySite(failures=2)
    server = serve(site)
    report = crawl_site(server, "flaky", "-s", "NKMON_RETRY_BACKOFF_BASE=0.1")
    assert report["new_version"] == 1
    assert report["skipped"] == 1  # /private/ is disallowed by robots.txt
    assert -1.0 not in site.served
    gaps = [b - a for a, b in zip(site.served, site.served[1:], strict=False)]
    assert len(gaps) == 2 and all(gap >= 0.9 for gap in gaps)


def test_a_server_asking_to_wait_too_long_is_left_for_another_run(serve, crawl_site):
    site = FlakySite(failures=10)
    server = serve(site)
    report = crawl_site(server, "flaky", "-s", "NKMON_RETRY_AFTER_MAX=0.5", check=False)
    assert report["new_version"] == 0
    assert len([t for t in site.served if t > 0]) == 1  # no retry at all


@pytest.mark.parametrize(
    ("link", "found"),
    [
        ('<a href="2/">2</a>', "2/"),
        ("<A HREF='/2026/11/slug/3/'>", "3/"),
        ("<a href=4/>x</a>", "4/"),
        ('<a href="&#53;/">', "5/"),  # a character reference
        ('<a\nhref = "http://h.test/2026/11/slug/6">', "6"),
        ('<a href="./7/.">', "7/"),
        ('<a href="../slug/8/">', "8/"),
        ('<a href="//h.test/2026/11/slug/11/#x">', "11/"),
        ('<a href=" 12/ ">', "12/"),
        ('<a href="?page=2">', None),
        ('<a href="/other/2/">', None),
        ('<!-- <a href="9/"> -->', None),
        ('<a data-href="10/">', None),
    ],
)
def test_continuation_links_in_any_spelling_are_found(link, found):
    url = "http://h.test/2026/11/slug/"
    html = f"<html><body><p>Text.</p>{link}<a href='/2026/11/other-story/'>x</a></body></html>"
    assert continuation_pages(html, url) == ([url + found] if found else [])
