"""Outages: a 503/429 storm opens the breaker; a robots.txt outage stops a revisit."""

from __future__ import annotations

import re

from archive import ArticleStatus, CaptureOutcome
from nkmon.replica.hostile import HostileSite


def test_a_storm_opens_the_breaker_and_loses_nothing(hostile, crawler):
    site = HostileSite(good=2, storms=30)
    server = hostile(site)
    calm = crawler(server)
    assert calm.report["new_version"] == 32
    before = {k: crawler.history(server.url_for(k)).versions for k in site.keys}
    site.turn()
    site.requests.clear()
    run = crawler(server, "-s", "NKMON_BREAKER_THRESHOLD=5")
    report = run.report

    assert run.seconds < 60
    # Without the breaker: 30 pages x 3 attempts, each after a 1 s Retry-After.
    storm_requests = sum(n for p, n in site.requests.items() if "/storm-" in p)
    # Without the breaker ~90; with it a handful, plus what was in flight when it opened.
    assert storm_requests <= 40
    refused = 0
    for key in site.storms:
        result = crawler.history(server.url_for(key))
        capture = result.captures[-1]
        assert capture.outcome is CaptureOutcome.error
        assert re.match(
            r"^(HTTP (503|429)|HostFailing: host failing: \d+ failures in a row)", capture.error
        )
        refused += capture.error.startswith("HostFailing")
        assert result.article.status is ArticleStatus.live  # an outage deletes nothing
        assert [v.content_hash for v in result.versions] == [v.content_hash for v in before[key]]
    assert refused >= 15
    for key in site.good:  # archived, whether or not the breaker let this run reach them
        result = crawler.history(server.url_for(key))
        assert result.article.status is ArticleStatus.live
        assert [v.content_hash for v in result.versions] == [v.content_hash for v in before[key]]
    assert report["error"] >= 30
    assert "HostFailing" in run.stderr


def test_a_revisit_during_a_robots_outage_touches_nothing(hostile, crawler):
    """robots.txt answering 503 keeps nkmon off the host (RFC 9309): the revisit
    marks the source down, and no article is marked deleted or re-versioned."""
    site = HostileSite(good=3)
    server = hostile(site)
    assert crawler(server).report["new_version"] == 3
    site.robots = "503"
    site.requests.clear()
    run = crawler(server, "-s", "RETRY_TIMES=1", command="revisit --all")
    assert run.returncode == 1
    assert run.report["status"] == "failed"
    assert re.search(
        r"source hostile is down: homepage .*robots\.txt unreachable \(HTTP 503\)", run.stderr
    )
    assert set(site.requests) == {"/robots.txt"}
    for key in site.good:
        result = crawler.history(server.url_for(key))
        assert result.article.status is ArticleStatus.live
        assert len(result.versions) == 1 and len(result.captures) == 1
