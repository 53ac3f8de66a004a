"""Dates without an offset: read in the source's zone (the registry's ``timezone``)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler import RegistryError, load_registry
from crawler.dates import read_iso_datetime
from crawler.extract import ExtractOptions, extract
from nkmon.replica.hostile import article_html, good_paragraphs


@pytest.mark.parametrize(
    ("value", "zone", "expected", "assumed"),
    [
        ("2024-05-03 10:00", "Asia/Seoul", datetime(2024, 5, 3, 1, 0), True),
        ("2024-05-03T10:00:00", "Asia/Seoul", datetime(2024, 5, 3, 1, 0), True),
        ("2024-05-03T00:30:00", "Asia/Seoul", datetime(2024, 5, 2, 15, 30), True),
        # Pyongyang time: UTC+9, then UTC+8:30 from 2015-08-15 to 2018-05-04, then +9.
        ("2015-08-14T10:00:00", "Asia/Pyongyang", datetime(2015, 8, 14, 1, 0), True),
        ("2016-05-03 10:00", "Asia/Pyongyang", datetime(2016, 5, 3, 1, 30), True),
        ("2018-05-05T10:00:00", "Asia/Pyongyang", datetime(2018, 5, 5, 1, 0), True),
        ("2024-05-03T10:00:00", "UTC", datetime(2024, 5, 3, 10, 0), True),
        # An explicit offset is exact, whatever the source's zone.
        ("2024-05-03T10:00:00+09:00", "America/New_York", datetime(2024, 5, 3, 1, 0), False),
        ("2024-05-03T01:00:00Z", "Asia/Seoul", datetime(2024, 5, 3, 1, 0), False),
        # A bare day names the day the page prints, not an instant.
        ("2024-05-03", "Asia/Seoul", datetime(2024, 5, 3), False),
    ],
)
def test_read_iso_datetime(value, zone, expected, assumed):
    assert read_iso_datetime(value, zone) == (expected.replace(tzinfo=UTC), assumed)


@pytest.mark.parametrize("value", [None, "", "yesterday", "2024-13-01T10:00", "03.05.2024"])
def test_what_is_no_date_is_none(value):
    assert read_iso_datetime(value, "Asia/Seoul") is None


def page(head: str) -> str:
    return article_html("Dated", good_paragraphs("dated"), head=head)


def published(value: str) -> str:
    return f'<meta property="article:published_time" content="{value}">'


def test_extraction_reads_a_naive_time_in_the_source_zone_and_keeps_it_as_written():
    head = published("2024-05-03T10:00:00")
    head += '<meta property="article:modified_time" content="2024-05-04 08:15">'
    article = extract(page(head), options=ExtractOptions(timezone="Asia/Seoul"))
    assert article.published_at == datetime(2024, 5, 3, 1, 0, tzinfo=UTC)
    assert article.modified_at == datetime(2024, 5, 3, 23, 15, tzinfo=UTC)
    assert article.extras["date_text"] == "2024-05-03T10:00:00"
    assert article.extras["modified_text"] == "2024-05-04 08:15"
    assert article.extras["date_zone"] == "Asia/Seoul"
    # The same page with the default zone: UTC, and still flagged as an assumption.
    utc = extract(page(head))
    assert utc.published_at == datetime(2024, 5, 3, 10, 0, tzinfo=UTC)
    assert utc.extras["date_zone"] == "UTC"


def test_extraction_of_json_ld_dates_without_offset():
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "datePublished": "2016-05-03T10:00:00"}</script>'
    )
    article = extract(page(head), options=ExtractOptions(timezone="Asia/Pyongyang"))
    assert article.published_at == datetime(2016, 5, 3, 1, 30, tzinfo=UTC)


def test_extraction_leaves_dates_with_an_offset_alone():
    article = extract(
        page(published("2024-05-03T10:00:00+09:00")), options=ExtractOptions(timezone="UTC")
    )
    assert article.published_at == datetime(2024, 5, 3, 1, 0, tzinfo=UTC)
    assert not {"date_text", "date_zone"} & article.extras.keys()


def test_the_default_registry_gives_korean_and_north_korean_outlets_their_zones():
    zones = {source.id: source.timezone for source in load_registry()}
    assert zones["yonhap-ko-nk"] == zones["dailynk-ko"] == zones["tongilnews"] == "Asia/Seoul"
    assert zones["kcna"] == zones["rodong"] == "Asia/Pyongyang"


@pytest.mark.parametrize("zone", ["KST", "Asia/Pyong_yang", "+09:00", "../etc/passwd", ""])
def test_a_bad_timezone_is_a_registry_error_naming_source_and_field(tmp_path, zone):
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[source]]\nid = "good"\nname = "Good"\nhomepage = "https://good.example/"\n'
        'languages = ["ko"]\nfeeds = ["https://good.example/feed/"]\ntimezone = "Asia/Seoul"\n\n'
        '[[source]]\nid = "bad"\nname = "Bad"\nhomepage = "https://bad.example/"\n'
        f'languages = ["ko"]\nfeeds = ["https://bad.example/feed/"]\ntimezone = "{zone}"\n',
        encoding="utf-8",
    )
    with pytest.raises(RegistryError) as info:
        load_registry(path)
    message = str(info.value)
    assert "source 'bad', field timezone: not an IANA time zone name" in message, message
    assert repr(zone) in message and "\n" not in message
