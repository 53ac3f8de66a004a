"""Pages that leave the crawler to guess: no charset anywhere on a short page, and
dates written without an offset. The guess must be the same for the same bytes,
give the exact text (no U+FFFD, no mojibake), and be flagged on the version; a
date without an offset is read in the source's zone and stored in UTC, with the
date as written kept.
"""

from __future__ import annotations

from contextlib import ExitStack
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from _harness import backend, module_crawler

from nkmon.replica.hostile import (
    LOCALES,
    NAIVE_KST,
    NAIVE_PYONGYANG_2016,
    SHORT_JA,
    SHORT_KO,
    HostileServer,
    HostileSite,
)

SEOUL = [k for k in LOCALES if k != "date-naive-pyongyang-2016"]
PYONGYANG = ["date-naive-pyongyang-2016", "date-naive-kst"]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def crawled(request, tmp_path_factory):
    """A Seoul outlet (timezone Asia/Seoul) and a Pyongyang one (Asia/Pyongyang)."""
    seoul = HostileServer(HostileSite(SEOUL, good=1)).start()
    pyongyang = HostileServer(HostileSite(PYONGYANG, good=1)).start()
    stack = ExitStack()
    try:
        db_url = stack.enter_context(backend(request.param))
        crawler = module_crawler(tmp_path_factory, "locales", db_url)
        entry = {
            "id": "pyongyang",
            "name": "Pyongyang outlet",
            "homepage": pyongyang.url + "/",
            "languages": ["en", "ko"],
            "timezone": "Asia/Pyongyang",
            **pyongyang.site.discovery(pyongyang.url),
        }
        run = crawler(seoul, entries=[entry], timezone="Asia/Seoul")

        def version(server, key):
            (only,) = crawler.history(server.url_for(key)).versions
            return only

        yield SimpleNamespace(run=run, seoul=seoul, pyongyang=pyongyang, version=version)
    finally:
        seoul.stop()
        pyongyang.stop()
        stack.close()


def test_every_page_is_archived(crawled):
    reports = {r["source"]: r for r in crawled.run.reports}
    assert crawled.run.returncode == 0, crawled.run.stderr
    assert reports["hostile"]["new_version"] == len(SEOUL) + 1
    assert reports["pyongyang"]["new_version"] == len(PYONGYANG) + 1


@pytest.mark.parametrize(
    ("key", "text", "encoding"),
    [
        ("short-ko-utf8", SHORT_KO, "utf-8"),
        ("short-ko-cp949", SHORT_KO, "cp949"),
        ("short-ja-sjis", SHORT_JA, "cp932"),
        ("short-ja-eucjp", SHORT_JA, "euc_jp"),
    ],
)
def test_a_short_page_with_no_charset_is_read_exactly_and_flagged(crawled, key, text, encoding):
    version = crawled.version(crawled.seoul, key)
    assert "\ufffd" not in version.text and "\ufffd" not in version.title
    assert text in version.text  # the exact text: no Hangul mojibake of Japanese bytes
    assert version.extras["encoding_guessed"] is True
    assert version.extras["encoding"] == encoding
    assert "encoding_declared" not in version.extras


def test_a_page_that_declares_its_charset_is_not_flagged(crawled):
    version = crawled.version(crawled.seoul, "short-ja-declared")
    assert SHORT_JA in version.text
    assert not {"encoding_guessed", "encoding"} & version.extras.keys()
    good = crawled.version(crawled.seoul, "good-1")  # ASCII: nothing to guess
    assert "encoding_guessed" not in good.extras


def test_a_naive_date_on_a_seoul_outlet_is_kst(crawled):
    version = crawled.version(crawled.seoul, "date-naive-kst")
    assert version.published_at.astimezone(UTC) == datetime(2024, 5, 3, 1, 0, tzinfo=UTC)
    assert version.extras["date_text"] == NAIVE_KST
    assert version.extras["date_zone"] == "Asia/Seoul"


def test_a_date_with_an_offset_is_read_as_written(crawled):
    version = crawled.version(crawled.seoul, "date-offset-kst")
    assert version.published_at.astimezone(UTC) == datetime(2024, 5, 3, 1, 0, tzinfo=UTC)
    assert "date_zone" not in version.extras


def test_pyongyang_time_follows_its_history(crawled):
    """UTC+8:30 from August 2015 to May 2018, UTC+9 before and after."""
    then = crawled.version(crawled.pyongyang, "date-naive-pyongyang-2016")
    assert then.published_at.astimezone(UTC) == datetime(2016, 5, 3, 1, 30, tzinfo=UTC)
    assert then.extras["date_text"] == NAIVE_PYONGYANG_2016
    assert then.extras["date_zone"] == "Asia/Pyongyang"
    now = crawled.version(crawled.pyongyang, "date-naive-kst")
    assert now.published_at.astimezone(UTC) == datetime(2024, 5, 3, 1, 0, tzinfo=UTC)
