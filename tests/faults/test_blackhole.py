"""A black-holed address: connects that are never answered cost DOWNLOAD_TIMEOUT, not
the kernel's two minutes of SYN retries, and the rest of the crawl goes on.

A listening socket with a backlog of 0 whose queue is already full (a client
connected and never accepted) drops every further SYN: a new connect hangs, as
to a host whose packets vanish. One source's feed is on that address; another's
feed is fine but its articles are there; a third is a good site. They are
crawled together with DOWNLOAD_TIMEOUT=3 (the fault suite's quick settings).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack
from types import SimpleNamespace
from typing import Any

import pytest
from _harness import QUICK, module_crawler

from archive import CaptureOutcome
from nkmon.replica.hostile import HostileServer, HostileSite

GOOD = 2
DOWNLOAD_TIMEOUT = 3.0
assert "DOWNLOAD_TIMEOUT=3" in QUICK  # the fault suite's quick settings
RETRY_TIMES = 2  # crawler/settings.py: a timeout is retried twice
# The connect's own deadline (Twisted's, set to DOWNLOAD_TIMEOUT by Scrapy) fires: the
# host's robots.txt is never answered, so nothing else is sent to it (RFC 9309).
TIMED_OUT = "DownloadTimeoutError: User timeout caused connection failure."
UNREACHABLE = f"robots.txt unreachable ({TIMED_OUT}): host not crawled"


class BlackHole:
    """127.0.0.1:port, where a TCP connect is never answered."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(0)
        self.port = self.listener.getsockname()[1]
        self.fillers: list[socket.socket] = []
        for _ in range(3):  # fill the accept queue; never accept()
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", self.port))
            self.fillers.append(filler)
        time.sleep(0.2)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def hangs(self, seconds: float) -> bool:
        """Whether a connect is still unanswered after ``seconds``."""
        probe = socket.socket()
        probe.settimeout(seconds)
        try:
            probe.connect(("127.0.0.1", self.port))
        except TimeoutError:
            return True
        finally:
            probe.close()
        return False

    def close(self) -> None:
        for filler in self.fillers:
            filler.close()
        self.listener.close()


def _links_to(server: HostileServer, base: str) -> None:
    """Make the server's feed point its links at ``base``."""
    httpd: Any = server._httpd
    handler = httpd.RequestHandlerClass
    httpd.RequestHandlerClass = type("Handler", (handler,), {"_base": lambda self: base})


@pytest.fixture(scope="module")
def blackhole() -> Iterator[BlackHole]:
    hole = BlackHole()
    yield hole
    hole.close()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory, blackhole):
    # SQLite only: what is fetched and reported is the point, not the database.
    crawler = module_crawler(tmp_path_factory, "blackhole")
    assert blackhole.hangs(2.0), "this machine answers the black hole: the test cannot run"
    with ExitStack() as stack:
        good = HostileServer(HostileSite(good=GOOD)).start()
        stack.callback(good.stop)
        feed = HostileServer(HostileSite(good=GOOD)).start()
        stack.callback(feed.stop)
        _links_to(feed, blackhole.url)  # its articles are in the black hole
        entries = [
            {
                "id": "hole-feed",
                "name": "Black-holed feed",
                "homepage": blackhole.url + "/",
                "languages": ["en"],
                "feeds": [blackhole.url + "/feed.xml"],
            },
            {
                "id": "hole-articles",
                "name": "Black-holed articles",
                "homepage": feed.url + "/",
                "languages": ["en"],
                **feed.site.discovery(feed.url),
            },
            {
                "id": "good",
                "name": "Good site",
                "homepage": good.url + "/",
                "languages": ["en"],
                **good.site.discovery(good.url),
            },
        ]
        run = crawler([], entries=entries)
        yield SimpleNamespace(
            run=run,
            hole=blackhole.url,
            reports={r["source"]: r for r in run.reports},
            histories={
                key: crawler.history(blackhole.url + feed.site.path_for(key))
                for key in feed.site.good
            },
            good=[crawler.history(good.url_for(key)) for key in good.site.good],
        )


def test_a_black_holed_host_costs_download_timeout_not_the_kernels_connect_timeout(crawled):
    # The black-holed sources wait for their robots.txt (nothing else is sent to a
    # host whose robots.txt is unreachable), retried RETRY_TIMES times: 3 x 3 s, and
    # the crawl takes about 20 s in all here. Without a deadline on the connect each
    # attempt would wait for the kernel's 6 SYN retries: about 127 s.
    bound = (RETRY_TIMES + 1) * DOWNLOAD_TIMEOUT + 50  # slack for a loaded machine
    assert crawled.run.seconds < bound, crawled.run.seconds


def test_the_black_holed_feed_is_a_clear_error_of_its_source(crawled):
    report = crawled.reports["hole-feed"]
    assert report["status"] == "failed" and report["discovered"] == 0
    (error,) = report["errors"]
    assert error.startswith(f"feed {crawled.hole}/feed.xml: "), error
    assert error.endswith(f": RobotsUnreachable: {UNREACHABLE}"), error


def test_each_black_holed_article_is_an_error_capture_that_says_timeout(crawled):
    report = crawled.reports["hole-articles"]
    assert report["discovered"] == GOOD and report["error"] == GOOD
    for history in crawled.histories.values():
        (capture,) = history.captures
        assert capture.outcome is CaptureOutcome.error
        assert capture.error == f"RobotsUnreachable: {UNREACHABLE}"
        assert history.versions == []


def test_the_good_source_in_the_same_crawl_archives_its_articles(crawled):
    report = crawled.reports["good"]
    assert report["status"] == "ok" and report["new_version"] == GOOD, crawled.run.stderr
    for history in crawled.good:
        assert len(history.versions) == 1
