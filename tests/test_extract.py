"""Extraction, as a pure function over replica pages fetched over HTTP."""

from __future__ import annotations

import urllib.request

import pytest

from crawler import ExtractionError, extract
from crawler.extract import count_words, guess_language
from nkmon.replica import COMMENT_MARKER, COOKIE_TEXT


def page(replica, slug: str) -> str:
    with urllib.request.urlopen(replica.url_for(slug)) as response:
        return response.read().decode("utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


def test_body_metadata_and_no_reader_comments(replica, outlet):
    for article in (a for a in outlet.articles if not a.broken):
        result = extract(page(replica, article.slug), replica.url_for(article.slug))
        text = flat(result.text)
        for paragraph in article.revision.paragraphs:
            assert flat(paragraph) in text
        assert COMMENT_MARKER not in text
        assert COOKIE_TEXT not in text
        assert result.title == article.revision.title
        assert result.authors == article.revision.authors
        assert result.published_at == article.published
        assert result.language == "en"
        assert result.extractor.startswith("trafilatura ")


def test_modified_date_comes_from_the_page(replica, outlet):
    article = next(a for a in outlet.articles if len(a.revisions) > 1)
    outlet.revise(article.slug)
    result = extract(page(replica, article.slug), replica.url_for(article.slug))
    assert result.modified_at == article.revision.modified


def test_a_script_rendered_page_is_not_an_article(replica, outlet):
    broken = next(a for a in outlet.articles if a.broken)
    with pytest.raises(ExtractionError, match=r"no article text|words of text"):
        extract(page(replica, broken.slug), replica.url_for(broken.slug))


@pytest.mark.parametrize("html", ["", "   ", "<html><body></body></html>", "\x00\x00"])
def test_empty_pages_raise(html):
    with pytest.raises(ExtractionError):
        extract(html, "https://example.org/")


def test_extract_is_pure(replica, outlet):
    html = page(replica, outlet.articles[0].slug)
    assert extract(html, "https://a.example/x") == extract(html, "https://a.example/x")


def test_word_count_and_language_guess_for_cjk():
    assert count_words("Kim Jong Un visited") == 4
    assert count_words("북한의 코로나") == 3
    assert guess_language("북한의 코로나 대응은 핵심 문제다. " * 5) == "ko"
    assert guess_language("北朝鮮の会議に出席した。" * 5) == "ja"
    assert guess_language("Rice prices rose in Hyesan. " * 5) is None


def test_xhtml_with_an_xml_declaration(replica, outlet):
    article = outlet.articles[0]
    html = page(replica, article.slug)
    xhtml = '<?xml version="1.0" encoding="UTF-8"?>\n' + html
    assert flat(article.revision.paragraphs[0]) in flat(extract(xhtml).text)


@pytest.mark.parametrize(
    ("html", "expected", "written"),
    [
        ('<p class="publish-time">www.kcna.kp (Juche113.3.9.)</p>', "2024-03-09", "Juche113.3.9"),
        ("<p>주체107(2018)년 3월 18일</p>", "2018-03-18", "주체107(2018)년 3월 18일"),
        (
            "<p>Pyongyang, March 18, Juche 107 (2018)</p>",
            "2018-03-18",
            "March 18, Juche 107 (2018)",
        ),
        ("<p>Published Juche 111 (2022)</p>", None, "Juche 111 (2022)"),
        # Years disagree: no date rather than a guess, and the text kept.
        ("<p>주체107(2019)년 3월 18일</p>", None, "주체107(2019)년 3월 18일"),
        # Spelled with character references (old state-media pages do).
        (
            "<p>&#51452;&#52404;107(2018)&#45380; 3&#50900; 18&#51068;</p>",
            "2018-03-18",
            "주체107(2018)년 3월 18일",
        ),
        ("<p>&#x4EE4;&#x548C;6&#x5E74;3&#x6708;9&#x65E5;</p>", "2024-03-09", "令和6年3月9日"),
        ("<p>JUCHE113.3.9.</p>", "2024-03-09", "JUCHE113.3.9"),
    ],
)
def test_juche_dates(html, expected, written):
    body = " ".join(["The delegation inspected the new fertilizer plant in Hungnam."] * 6)
    page_html = f"<html><body><article><h1>Report</h1>{html}<p>{body}</p></article></body></html>"
    result = extract(page_html, "https://kcna.example/a")
    assert (result.published_at.date().isoformat() if result.published_at else None) == expected
    assert result.extras.get("date_text") == written


def test_sidebar_dates_do_not_date_the_article():
    body = " ".join(["The meeting discussed the harvest in South Hwanghae Province."] * 6)
    html = (
        "<html><body><ul><li><a href='/x'>Other <span class='publish-time'>"
        "www.kcna.kp (Juche115.11.20.)</span></a></li></ul><article><h1>Meeting</h1>"
        "<p class='publish-time'>www.kcna.kp (Juche115.11.19.)</p>"
        f"<p>{body}</p></article></body></html>"
    )
    assert extract(html).published_at.date().isoformat() == "2026-11-19"


def test_section_tags_image_and_captions(replica, outlet):
    article = next(a for a in outlet.articles if not a.broken and a.caption)
    result = extract(page(replica, article.slug), replica.url_for(article.slug))
    assert result.extras["section"] == article.category
    assert any(flat(article.caption) in flat(c) for c in result.extras["captions"])
    assert result.extras.get("image", "").startswith("http")
    assert set(article.tags) <= set(result.extras["tags"])
