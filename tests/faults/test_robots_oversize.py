"""A robots.txt over DOWNLOAD_MAXSIZE: its first 500 KiB are obeyed (RFC 9309 2.5),
and the host is crawled; the size limit must not turn it into "unreachable"."""

from __future__ import annotations

from nkmon.replica.hostile import HostileSite


def test_a_robots_txt_of_20_mib_is_obeyed_for_its_first_500_kib(hostile, sqlite_crawler):
    site = HostileSite(robots="oversize")
    run = sqlite_crawler(hostile(site))
    report = run.report
    assert report["status"] == "ok" and run.returncode == 0, run.stderr
    assert report["errors"] == []
    assert site.requests["/robots.txt"] == 1
    # Its first line forbids good-1; the rule forbidding good-2 is 20 MiB down, unread.
    assert site.requests["/news/good-1/"] == 0
    assert report["skipped"] == 1
    assert report["new_version"] == 2
    assert site.requests["/news/good-2/"] == site.requests["/news/good-3/"] == 1
    assert run.seconds < 60
    assert run.max_rss_mb < 700
