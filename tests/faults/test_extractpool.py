"""The extraction pool: a page that takes too long, or kills its worker, costs only itself."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

import pytest

from crawler.exceptions import ExtractionError, ExtractionTimeout
from crawler.extract import DEFAULT_OPTIONS
from crawler.extractpool import ExtractPool
from nkmon.replica.hostile import article_html, good_paragraphs, links_page

GOOD = article_html("A good page", good_paragraphs("pool"))
SLOW = links_page("slow", 30_000)  # 20 s and more of trafilatura


def workers() -> list[multiprocessing.Process]:
    return [p for p in multiprocessing.active_children() if p.name == "nkmon-extract"]


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_a_slow_page_is_killed_and_the_pool_goes_on():
    with ExtractPool(2, timeout=2) as pool:
        slow = pool.submit([(SLOW, "http://x/slow")], DEFAULT_OPTIONS)
        good = [pool.submit([(GOOD, f"http://x/{n}")], DEFAULT_OPTIONS) for n in range(10)]
        assert all(f.result(timeout=30).title == "A good page" for f in good)
        started = time.monotonic()
        with pytest.raises(ExtractionTimeout, match=r"^extraction timed out after 2 s$"):
            slow.result(timeout=30)
        assert time.monotonic() - started < 10
        assert pool.killed == 1
        assert pool.submit([(GOOD, "http://x/after")], DEFAULT_OPTIONS).result(timeout=30).text


def test_a_worker_that_dies_fails_only_its_page():
    with ExtractPool(1, timeout=60) as pool:
        assert pool.submit([(GOOD, "http://x/1")], DEFAULT_OPTIONS).result(timeout=30)
        slow = pool.submit([(SLOW, "http://x/slow")], DEFAULT_OPTIONS)
        time.sleep(0.5)
        (worker,) = workers()
        os.kill(worker.pid, signal.SIGKILL)  # the OOM killer, a segfault in libxml2
        with pytest.raises(ExtractionError, match=r"^extraction worker died \(exit code -9\)$"):
            slow.result(timeout=30)
        assert pool.submit([(GOOD, "http://x/2")], DEFAULT_OPTIONS).result(timeout=30)


def test_extraction_errors_come_back_as_errors():
    with ExtractPool(1, timeout=30) as pool:
        with pytest.raises(ExtractionError, match="empty page"):
            pool.submit([("", None)], DEFAULT_OPTIONS).result(timeout=30)
        with pytest.raises(ExtractionError, match="words of text"):
            pool.submit([(article_html("Stub", ["Two words."]), None)], DEFAULT_OPTIONS).result(
                timeout=30
            )


def test_closing_leaves_no_process_and_no_descriptor():
    before = open_fds()
    pool = ExtractPool(2, timeout=2).start()
    pool.submit([(GOOD, "http://x/1")], DEFAULT_OPTIONS).result(timeout=30)
    pool.submit([(SLOW, "http://x/slow")], DEFAULT_OPTIONS).exception(timeout=30)
    pool.close()
    assert workers() == []
    assert open_fds() <= before + 2  # the forkserver's pipe, kept for the next pool
    with pytest.raises(ExtractionError, match="closed"):
        pool.submit([(GOOD, "http://x/2")], DEFAULT_OPTIONS).result(timeout=1)


def test_bad_sizes_are_refused():
    with pytest.raises(ValueError):
        ExtractPool(0, timeout=1)
    with pytest.raises(ValueError):
        ExtractPool(1, timeout=0)
