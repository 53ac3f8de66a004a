"""The wire-service replica (a general outlet): most stories are not about North Korea.

Pins what relevance-filter tests rely on: which stories are about North Korea and how they spell
it, that the furniture around every story (menu, Most Viewed) names North Korea anyway, and that
extraction keeps only the story, so a filter on extracted text decides correctly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import feedparser
import pytest
import trafilatura
from _http import fetch, text_of

from nkmon.replica import COOKIE_TEXT, GeneralOutlet, ReplicaServer, general_outlet
from nkmon.replica.general_pages import most_viewed
from nkmon.replica.general_texts import AD_TEXT, NAV, NEWSLETTER_TEXT

NK_TERMS = re.compile(r"North Korea|N\. Korea|DPRK|Pyongyang|Kim Jong-un|the North\b")


def norm(text: str) -> str:
    return " ".join(text.split())


def extracted(url: str) -> str:
    return norm(trafilatura.extract(text_of(url), url=url, include_comments=False) or "")


@pytest.fixture(scope="module")
def wire() -> Iterator[ReplicaServer[GeneralOutlet]]:
    with ReplicaServer(general_outlet()) as srv:
        yield srv


@pytest.fixture
def agency(wire: ReplicaServer[GeneralOutlet]) -> Iterator[GeneralOutlet]:
    wire.site.reset()
    yield wire.site
    wire.site.reset()


def test_wire_content_shape(agency: GeneralOutlet) -> None:
    assert len(agency.articles) == 11
    nk = [a for a in agency.articles if a.about_north_korea]
    assert len(nk) == 4
    for article in agency.articles:
        assert re.fullmatch(r"/view/AEN\d{8}\d{9}", article.path)
        assert article.key[3:11] == f"{article.published:%Y%m%d}"
        assert article.paragraphs[0].startswith(f"SEOUL, Nov. {article.published.day} (")
        mentions = NK_TERMS.findall(article.title + "\n" + article.text)
        assert bool(mentions) == article.about_north_korea, article.title
    spellings = {m for a in nk for m in NK_TERMS.findall(a.title + a.text)}
    assert {"North Korea", "N. Korea", "DPRK", "Pyongyang", "Kim Jong-un"} <= spellings
    assert any(not NK_TERMS.search("\n".join(a.paragraphs[1:])) for a in nk)  # title + lead
    assert any(a.title.startswith("(LEAD)") for a in agency.articles)
    tricky = [a for a in agency.articles if "Korean Peninsula weather" in a.text]
    assert len(tricky) == 1 and "South Korea" in tricky[0].text
    assert not tricky[0].about_north_korea


def test_wire_feeds_and_sections(wire: ReplicaServer[GeneralOutlet], agency: GeneralOutlet) -> None:
    assert wire.discovery() == {
        "feeds": [wire.url + "/RSS/news.xml"],
        "relevance": {"preset": "north-korea"},
    }
    status, headers, body = fetch(wire.url + "/RSS/news.xml")
    parsed = feedparser.parse(body)
    assert status == 200 and not parsed.bozo and len(parsed.entries) == 11
    assert {e.link for e in parsed.entries} == {wire.url_for(a.key) for a in agency.articles}
    assert fetch(wire.url + "/RSS/news.xml", {"If-None-Match": headers["ETag"]})[0] == 304
    listing = re.search(
        r'<ul class="list-type038">(.*?)</ul>', text_of(wire.url + "/nk/index"), re.S
    )
    assert listing is not None
    nk_links = set(re.findall(r'href="([^"]+)"', listing[1]))
    assert nk_links == {wire.url_for(a.key) for a in agency.articles if a.about_north_korea}


def test_wire_extraction_keeps_the_story_only(
    wire: ReplicaServer[GeneralOutlet], agency: GeneralOutlet
) -> None:
    for article in agency.articles:
        text = extracted(wire.url_for(article.key))
        for paragraph in article.paragraphs:
            assert norm(paragraph) in text, (article.key, paragraph[:30])
        assert bool(NK_TERMS.search(article.title + " " + text)) == article.about_north_korea
        assert AD_TEXT not in text and NEWSLETTER_TEXT not in text and "Most Viewed" not in text
        for other in most_viewed(agency, article):
            assert other.revisions[0].title not in text, (article.key, other.key)
        for label, _ in NAV:
            if label not in article.text:
                assert label not in text, (article.key, label)
        html = text_of(wire.url_for(article.key))
        assert "North Korea" in html and "(END)" in html  # the menu is on every page
        assert 'class="story-news article"' in html and f"By {article.author}" in html


def test_wire_revise_delete_reset(
    wire: ReplicaServer[GeneralOutlet], agency: GeneralOutlet
) -> None:
    article = next(a for a in agency.articles if len(a.revisions) > 1)
    url = wire.url_for(article.key)
    _, first, _ = fetch(url)
    new = agency.revise(article.key)
    assert new.title != article.revisions[0].title and len(new.paragraphs) > 4
    assert fetch(url, {"If-None-Match": first["ETag"]})[0] == 200
    assert norm(new.paragraphs[-1]) in extracted(url)
    agency.delete(article.key)
    assert fetch(url)[0] == 404 and url.encode() in fetch(wire.url + "/RSS/news.xml")[2]
    assert fetch(url + "/")[0] == 404
    agency.reset()
    status, headers, _ = fetch(url + "/")
    assert status == 301 and headers["Location"] == url
    assert fetch(wire.url + "/view/AEN20261118999999999")[0] == 404
    assert COOKIE_TEXT not in text_of(url)  # (the wire has no cookie banner; the WP one does)
