"""Hostile feeds, sitemaps, robots.txt and listing pages.

Each hostile discovery document sits next to a good feed or sitemap of the
same source: the hostile one must be refused with a reason in the crawl report,
and the articles the good ones list must still be archived, once each.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from _harness import module_crawler
from sqlalchemy import func, select

from archive import open_archive
from archive.models import Article, Capture, Version
from nkmon.replica.hostile import CANARY, HostileServer, HostileSite

HOSTILE_FEEDS = ["feed-laughs", "feed-xxe", "feed-duplicate-guids", "feed-bad-links"]
HOSTILE_SITEMAPS = [
    "sitemap-self",
    "sitemap-cycle-a",
    "sitemap-chain-1",
    "sitemap-laughs",
    "sitemap-xxe",
    "sitemap-gzip-bomb",
    "sitemap-encoded-bomb",
]


@pytest.fixture(scope="module")
def discovered(tmp_path_factory, canary):
    site = HostileSite(
        feeds=[*HOSTILE_FEEDS, "feed"],
        sitemaps=[*HOSTILE_SITEMAPS, "sitemap"],
        canary_path=str(canary),
    )
    server = HostileServer(site).start()
    try:
        crawler = module_crawler(tmp_path_factory, "discovery")
        run = crawler(server)
        archive = open_archive(crawler.db_url, migrate=False)
        try:
            with archive.read() as session:
                urls = list(session.scalars(select(Article.canonical_url)))
                captures = dict(
                    session.execute(
                        select(Article.canonical_url, func.count(Capture.id))
                        .join(Capture, Capture.article_id == Article.id)
                        .group_by(Article.canonical_url)
                    ).all()
                )
                versions = [(v.title, v.text) for v in session.scalars(select(Version))]
        finally:
            archive.close()
        yield SimpleNamespace(
            site=site, server=server, run=run, urls=urls, versions=versions, captures=captures
        )
    finally:
        server.stop()


def _error_for(report: dict, document: str) -> str:
    found = [e for e in report["errors"] if f"/{document}.xml" in e]
    assert len(found) == 1, (document, report["errors"])
    return found[0]


def test_the_good_articles_are_archived_once_each(discovered):
    report = discovered.run.report
    site, server = discovered.site, discovered.server
    assert report["discovered"] == len(site.good)
    assert report["new_version"] == len(site.good)
    assert report["skipped"] == 2  # the link-local links of feed-bad-links
    assert sorted(discovered.urls) == sorted(server.url_for(k) for k in site.good)
    for key in site.good:  # listed many times over (duplicate guids, feeds, sitemaps)
        assert discovered.captures[server.url_for(key)] == 1
        assert 1 <= site.requests[site.path_for(key)] <= 3  # once, or retried if slow


def test_the_crawl_is_bounded(discovered):
    assert discovered.run.seconds < 60
    assert discovered.run.max_rss_mb < 700


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("feed-laughs", "the feed declares XML entities (EntitiesForbidden): refused"),
        ("feed-xxe", "the feed declares XML entities (EntitiesForbidden): refused"),
        ("sitemap-laughs", "the sitemap declares XML entities (EntitiesForbidden): refused"),
        ("sitemap-xxe", "the sitemap declares XML entities (EntitiesForbidden): refused"),
        ("sitemap-gzip-bomb", "gzip: "),
        ("sitemap-encoded-bomb", "exceeded DOWNLOAD_MAXSIZE"),
        ("sitemap-chain-4", "nested too deep"),
    ],
)
def test_a_hostile_document_is_refused_with_a_reason(discovered, document, message):
    assert message in _error_for(discovered.run.report, document)


def test_xml_bombs_and_external_entities_leave_no_trace(discovered):
    for title, text in discovered.versions:
        assert "&lol" not in (title or "") and "lol" not in text
        assert CANARY not in text and CANARY not in (title or "")
    assert not any("xxe" in url or "canary" in url for url in discovered.urls)


def test_sitemap_index_loops_and_chains_end(discovered):
    requests = discovered.site.requests
    assert requests["/sitemap-self.xml"] == 1
    assert requests["/sitemap-cycle-a.xml"] == 1
    assert requests["/sitemap-cycle-b.xml"] == 1
    chain = sorted(p for p in requests if p.startswith("/sitemap-chain-"))
    assert chain == [f"/sitemap-chain-{n}.xml" for n in range(1, 5)]  # depth cap 3


def test_robots_txt_policy_and_an_unresolvable_host(hostile, sqlite_crawler):
    """RFC 9309: rules apply; 4xx and garbage allow all; 5xx or no answer forbids the
    host. A host that does not resolve is reported; the other sources go on."""
    sites = {
        name: HostileSite(robots=name) for name in ("disallow", "404", "garbage", "503", "hang")
    }
    servers = [hostile(site) for site in sites.values()]
    nowhere = "http://nkmon-fault-test.invalid"
    dead = {"id": "nxdomain", "name": "Nowhere", "homepage": nowhere + "/", "languages": ["en"]}
    dead["feeds"] = [nowhere + "/feed/"]
    run = sqlite_crawler(servers, "-s", "RETRY_TIMES=1", ids=list(sites), entries=[dead])
    reports = {r["source"]: r for r in run.reports}
    assert run.returncode == 1  # three sources could not be crawled
    assert run.seconds < 60

    (error,) = reports["nxdomain"]["errors"]
    assert reports["nxdomain"]["status"] == "failed"
    assert error.startswith(f"feed {nowhere}/feed/: ")
    assert re.search(r"DNS|[Rr]esolv|lookup", error), error

    assert reports["disallow"]["new_version"] == 2 and reports["disallow"]["skipped"] == 1
    assert sites["disallow"].requests["/news/good-1/"] == 0
    for name in ("404", "garbage"):
        assert reports[name]["new_version"] == 3, name
        assert reports[name]["status"] == "ok"
    for name, why in (("503", r"HTTP 503"), ("hang", r"DownloadTimeoutError")):
        report = reports[name]
        assert report["status"] == "failed"
        assert report["new_version"] == 0
        assert set(sites[name].requests) == {"/robots.txt"}, name  # nothing else fetched
        (error,) = report["errors"]
        assert "robots.txt unreachable" in error and why in error and "host not crawled" in error


def test_crawler_traps_end(hostile, sqlite_crawler):
    """Endless pagination, /a/a/a/ paths and calendars: bounded by max_pages and
    max_articles, and the good articles on the listing are archived."""
    site = HostileSite()
    server = hostile(site)
    listing = {
        "url": server.url + "/listing/",
        "article_pattern": "/news/",
        "next_pattern": r"page=\d+",
        "max_pages": 4,
    }
    run = sqlite_crawler(
        server, feeds=None, article_pattern=None, listings=[listing], max_articles=25
    )
    report = run.report
    assert run.seconds < 60
    assert report["status"] == "ok"
    assert sum(n for p, n in site.requests.items() if p.startswith("/listing/")) == 4
    assert report["discovered"] == 25 and report["skipped"] > 0
    assert sum(n for p, n in site.requests.items() if p.startswith("/news/")) == 25
    for key in site.good:
        assert site.requests[site.path_for(key)] == 1


def test_a_robots_txt_of_2_mib_is_read_whole(hostile, sqlite_crawler):
    """RFC 9309 asks a crawler to parse at least 500 KiB; nkmon parses the whole file
    (up to DOWNLOAD_MAXSIZE): the rule on its first line and the one on its last both
    apply, the rest of the site is crawled, in bounded time and memory."""
    site = HostileSite(robots="huge")
    run = sqlite_crawler(hostile(site))
    report = run.report
    assert report["status"] == "ok" and run.returncode == 0
    assert report["new_version"] == 1 and report["skipped"] == 2
    assert site.requests["/robots.txt"] == 1
    assert site.requests["/news/good-1/"] == site.requests["/news/good-2/"] == 0
    assert site.requests["/news/good-3/"] == 1
    assert run.seconds < 30
    assert run.max_rss_mb < 700


def test_a_truncated_feed_and_entries_without_a_link(hostile, sqlite_crawler):
    """A feed cut off mid-item gives the entries before the cut; entries without a
    link or an http(s) guid are dropped, and a guid that is a URL stands for the link."""
    truncated = HostileSite(feeds=["feed-truncated"])
    linkless = HostileSite(feeds=["feed-linkless"])
    run = sqlite_crawler([hostile(truncated), hostile(linkless)], ids=["truncated", "linkless"])
    reports = {r["source"]: r for r in run.reports}
    assert run.returncode == 0
    assert reports["truncated"]["status"] == "ok"
    assert reports["truncated"]["new_version"] == 2  # good-1 and good-2, before the cut
    assert truncated.requests["/news/good-3/"] == 0
    assert reports["linkless"]["status"] == "ok"
    assert reports["linkless"]["new_version"] == 3  # good-1 through its guid alone
    assert reports["linkless"]["discovered"] == 3 and reports["linkless"]["skipped"] == 0
    for report in reports.values():
        assert report["errors"] == []
    assert not [p for p in linkless.requests if "tag:" in p or p == "/"]


def test_a_sitemap_of_500k_urls_is_refused_and_one_of_100k_is_capped(hostile, sqlite_crawler):
    """500,000 URLs (ten times the protocol's limit, 30 MB) exceed DOWNLOAD_MAXSIZE and
    are refused with a reason, and gzipped (1.3 MB) too, once inflated past the limit;
    100,000 (6 MB) are read, and max_articles caps the work at the first three. Memory
    and time stay bounded."""
    site = HostileSite(feeds=(), sitemaps=["sitemap-500k", "sitemap-500k-gz", "sitemap-100k"])
    run = sqlite_crawler(hostile(site), max_articles=3, timeout=120)
    report = run.report
    error = _error_for(report, "sitemap-500k")
    assert re.search(r"larger than download max size|exceeded DOWNLOAD_MAXSIZE", error), error
    error = _error_for(report, "sitemap-500k-gz")  # a .gz sitemap: inflated up to the limit
    assert "gzip: " in error and "exceeded the specified maximum" in error, error
    assert not [e for e in report["errors"] if "sitemap-100k" in e]
    assert report["discovered"] == 3 and report["new_version"] == 3
    assert report["skipped"] == 100_000
    assert not [p for p in site.requests if "filler" in p]
    assert run.seconds < 90
    assert run.max_rss_mb < 700
