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
