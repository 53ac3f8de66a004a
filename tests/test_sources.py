"""The source registry: the default loads, bad files are refused with their location."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler import RegistryError, load_registry


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_default_registry_is_valid():
    registry = load_registry()
    ids = [s.id for s in registry]
    assert len(ids) == len(set(ids)) >= 5
    assert all(s.discovery_urls for s in registry)


def test_env_var_points_at_another_registry(tmp_path, monkeypatch):
    path = write(
        tmp_path,
        '[[source]]\nid="x"\nname="X"\nhomepage="https://x.example/"\nlanguages=["ko"]\nfeeds=["https://x.example/feed/"]\n',
    )
    monkeypatch.setenv("NKMON_SOURCES", str(path))
    assert [s.id for s in load_registry()] == ["x"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '[[source]]\nid="daily"\nname="D"\nhomepage="https://d.example/"\nlanguages=["en"]\nfeeds=["ftp://d.example/feed"]\n',
            "source 'daily', field feeds[0]: not an http(s) URL",
        ),
        (
            '[[source]]\nid="daily"\nname="D"\nhomepage="https://d.example/"\nlanguages=["en"]\nfeed=["https://d.example/feed"]\n',
            "source 'daily', field feed: Extra inputs are not permitted",
        ),
        (
            '[[source]]\nid="Bad Id"\nname="D"\nhomepage="https://d.example/"\nlanguages=["en"]\n',
            "source 'Bad Id', field id",
        ),
        (
            '[[source]]\nname="D"\nhomepage="https://d.example/"\nlanguages=["en"]\n',
            "source #1, field id: Field required",
        ),
        ("[[source]\n", "not valid TOML"),
    ],
)
def test_bad_files_name_the_source_and_field(tmp_path, body, message):
    with pytest.raises(RegistryError) as info:
        load_registry(write(tmp_path, body))
    assert message in str(info.value)
    assert str(tmp_path) in str(info.value)


def test_duplicate_ids_are_refused(tmp_path):
    entry = (
        '[[source]]\nid="x"\nname="X"\nhomepage="https://x.example/"\nlanguages=["en"]\n'
        'feeds=["https://x.example/feed/"]\n'
    )
    with pytest.raises(RegistryError, match="defined twice"):
        load_registry(write(tmp_path, entry + entry))


def test_missing_file(tmp_path):
    with pytest.raises(RegistryError, match="cannot read"):
        load_registry(tmp_path / "nope.toml")


def test_unknown_source_lists_the_known_ones():
    with pytest.raises(RegistryError, match=r"known: .*38north"):
        load_registry().get("no-such-outlet")


HEAD = '[[source]]\nid="kcna"\nname="K"\nhomepage="https://k.example/"\nlanguages=["en"]\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (HEAD, "source 'kcna': no discovery method"),
        (
            HEAD
            + '[[source.listings]]\nurl="https://k.example/list"\narticle_pattern="(unclosed"\n',
            "source 'kcna', field listings[0].article_pattern: not a valid regular expression",
        ),
        (
            HEAD + '[[source.listings]]\nurl="https://k.example/list"\n',
            "source 'kcna', field listings[0].article_pattern: Field required",
        ),
        (
            HEAD + 'feeds=["https://k.example/f"]\ninterval="fortnightly"\n',
            "field interval: not a duration",
        ),
        (
            HEAD + 'feeds=["https://k.example/f"]\n[source.politeness]\ndownload_delay=-1\n',
            "field politeness.download_delay",
        ),
        (
            HEAD
            + 'feeds=["https://k.example/f"]\n[source.evidence]\n"https://k.example/f"="guess"\n',
            "field evidence.https://k.example/f",
        ),
    ],
)
def test_discovery_fields_are_validated(tmp_path, body, message):
    with pytest.raises(RegistryError) as info:
        load_registry(write(tmp_path, body))
    assert message in str(info.value)


def test_a_listing_only_source_with_interval_and_politeness(tmp_path):
    body = (
        HEAD
        + 'interval="6h"\n[source.politeness]\ndownload_delay=3\nconcurrency=1\n'
        + '[[source.listings]]\nurl="https://k.example/list"\narticle_pattern="/article/"\n'
        + 'next_pattern="page=\\\\d+"\nmax_pages=5\n'
    )
    (source,) = load_registry(write(tmp_path, body))
    assert source.interval.total_seconds() == 6 * 3600
    assert source.politeness.download_delay == 3
    assert source.listings[0].max_pages == 5
    assert source.discovery_urls == ["https://k.example/list"]


def test_default_registry_covers_the_outlets_researchers_watch():
    ids = {s.id for s in load_registry()}
    assert len(ids) >= 15
    for required in [
        "asiapress-ja", "asiapress-en", "asiapress-ko", "dailynk-en", "dailynk-ko", "dailynk-ja",
        "38north", "nknews", "kcnawatch", "yonhap-en-nk", "yonhap-ko-nk", "joongang-daily-nk",
        "nkeconwatch", "rodong", "kcna", "beyond-parallel", "nkleadershipwatch", "tongilnews",
    ]:  # fmt: skip
        assert required in ids


def test_every_default_discovery_url_says_how_it_is_known():
    for source in load_registry():
        assert set(source.discovery_urls) <= set(source.evidence), source.id


def test_state_media_are_crawled_through_listings_gently():
    registry = load_registry()
    for source_id in ("kcna", "rodong"):
        source = registry.get(source_id)
        assert source.listings and not source.feeds
        assert source.politeness.concurrency == 1
        assert source.sweep is not None and source.sweep.days <= 7


def test_politeness_overrides_become_that_sources_crawl_settings():
    from crawler.settings import source_settings

    kcna = load_registry().get("kcna")
    settings = source_settings(kcna)
    assert settings["DOWNLOAD_DELAY"] == 5.0
    assert settings["CONCURRENT_REQUESTS_PER_DOMAIN"] == 1
    assert settings["DOWNLOAD_TIMEOUT"] == 60.0
    assert source_settings(load_registry().get("38north")) == {}
