"""A robots.txt over DOWNLOAD_MAXSIZE: its first 500 KiB are obeyed (RFC 9309 2.5),
and the host is crawled; the size limit must not turn it into "unreachable"."""

from __future__ import annotations

import pytest

from nkmon.replica.hostile import HostileSite


# With a Content-Length over the limit only 500 KiB are read; without one, the
# file is read up to the limit, found too long, and cut to the same 500 KiB.
@pytest.mark.parametrize("robots", ["oversize", "oversize-unsized"])
def test_a_robots_txt_of_20_mib_is_obeyed_for_its_first_500_kib(hostile, sqlite_crawler, robots):
    site = HostileSite(robots=robots)
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
