"""The legacy-encoding replicas: CP949 pages labelled EUC-KR, CP932 pages labelled Shift_JIS.

Pinned here: the bytes decode with the superset codec to exactly the article text (and fail
with the strict legacy codec where a vendor-only character is used), the header switch, the
feeds in their declared charsets, listing pagination, deletion, and extraction of the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape

import feedparser
import lxml.html
import pytest
import trafilatura
from _http import fetch

from nkmon.replica.legacy import (
    EUCKR_ARTICLE_PATTERN,
    EUCKR_NEXT_PATTERN,
    EucKrSite,
    LegacyArticle,
    LegacySite,
    SjisSite,
    euckr_site,
    sjis_site,
)
from nkmon.replica.server import ReplicaServer
from nkmon.replica.site import Response

BASE = "http://127.0.0.1:8124"
STRICT = {"cp949": "euc_kr", "cp932": "shift_jis"}  # what the declared label means literally
HEADER = {"cp949": "text/html; charset=euc-kr", "cp932": "text/html; charset=Shift_JIS"}


@pytest.fixture(scope="module")
def korean() -> EucKrSite:
    return euckr_site()


@pytest.fixture(scope="module")
def japanese() -> SjisSite:
    return sjis_site()


@pytest.fixture(params=["korean", "japanese"])
def site(request: pytest.FixtureRequest) -> LegacySite:
    """Each legacy site in turn (reset by ``_fresh``)."""
    return request.getfixturevalue(request.param)


@pytest.fixture(autouse=True)
def _fresh(korean: EucKrSite, japanese: SjisSite) -> Iterator[None]:
    korean.reset()
    japanese.reset()
    yield
    korean.reset()
    japanese.reset()


def get(site: LegacySite, path_and_query: str) -> Response:
    path, _, query = path_and_query.partition("?")
    return site.route(path, query, BASE)


def vendor_only(text: str, codec: str) -> bool:
    """True when ``text`` in ``codec`` bytes cannot be read back with the strict legacy codec."""
    try:
        text.encode(codec).decode(STRICT[codec])
    except UnicodeDecodeError:
        return True
    return False


def test_inventory(korean: EucKrSite, japanese: SjisSite) -> None:
    assert [a.language for a in korean.articles] == ["ko"] * 5
    assert [a.language for a in japanese.articles] == ["ja"] * 4
    assert (korean.languages, japanese.languages) == (("ko",), ("ja",))
    for article in korean.articles:
        assert article.path == f"/news/articleView.html?idxno={article.number}"
    for article in japanese.articles:
        assert re.fullmatch(
            rf"/news/{article.published:%Y%m%d}_{article.number}\.html", article.path
        )
    assert japanese.path_for("rice-prices") == "/news/20261118_2.html"
    for site in (korean, japanese):
        for article in site.articles:
            assert article.published.tzinfo is not None
            assert site.path_for(article.key) == article.path


def test_vendor_only_characters_are_used(korean: EucKrSite, japanese: SjisSite) -> None:
    assert "똠" in " ".join(korean.get("bangkok-restaurant").paragraphs)
    assert "髙" in " ".join(japanese.get("rice-prices").paragraphs)
    for site, key in ((korean, "bangkok-restaurant"), (japanese, "rice-prices")):
        flagged = [a.key for a in site.articles if vendor_only(" ".join(a.paragraphs), site.codec)]
        assert flagged == [key]
        # ...but never in what the feed carries (titles and first paragraphs).
        for article in site.articles:
            assert not vendor_only(article.title + article.paragraphs[0], site.codec)


def test_pages_decode_to_exactly_the_text(site: LegacySite) -> None:
    for article in site.articles:
        response = get(site, article.path)
        assert response.status == 200 and response.content_type == HEADER[site.codec]
        html = response.body.decode(site.codec)  # strict: raises on any stray byte
        for paragraph in (article.title, *article.paragraphs):
            assert escape(paragraph).encode(site.codec) in response.body
            assert escape(paragraph) in html
        with pytest.raises(UnicodeDecodeError):
            response.body.decode("utf-8")
        if vendor_only(" ".join(article.paragraphs), site.codec):
            with pytest.raises(UnicodeDecodeError):
                response.body.decode(STRICT[site.codec])


def test_meta_tags_name_the_legacy_charset(korean: EucKrSite, japanese: SjisSite) -> None:
    page = get(korean, korean.articles[0].path).body
    assert b'<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">' in page
    assert b'<meta charset="Shift_JIS">' in get(japanese, japanese.articles[0].path).body


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("correct", None), ("wrong", "text/html; charset=UTF-8"), ("missing", "text/html")],
)
def test_charset_header_switch(site: LegacySite, mode: str, expected: str | None) -> None:
    article = site.articles[0]
    listing = "/news/articleList.html?page=1" if isinstance(site, EucKrSite) else "/news/index.html"
    before = [get(site, p).body for p in (article.path, listing)]
    site.charset_header = mode
    for path, body in zip(
        (article.path, listing, "/news/nothing.html"), (*before, None), strict=True
    ):
        response = get(site, path)
        assert response.content_type == (expected or HEADER[site.codec])
        if body is not None:
            assert response.body == body  # the bytes never change, only the label
    feed = site.discovery(BASE)["feeds"][0].removeprefix(BASE)
    assert "charset" not in get(site, feed).content_type
    site.reset()
    assert site.charset_header == "correct"
    with pytest.raises(ValueError):
        site.charset_header = "latin-1"


def test_trafilatura_finds_the_body(site: LegacySite) -> None:
    for article in site.articles:
        html = get(site, article.path).body.decode(site.codec)
        text = trafilatura.extract(html, include_comments=False)
        assert text.split("\n") == list(article.paragraphs)


def test_feeds_in_declared_charsets(site: LegacySite) -> None:
    feed_url = site.discovery(BASE)["feeds"][0]
    response = get(site, feed_url.removeprefix(BASE))
    assert response.status == 200
    declared = {"cp949": "euc-kr", "cp932": "Shift_JIS"}[site.codec]
    assert response.body.startswith(f'<?xml version="1.0" encoding="{declared}"?>'.encode())
    response.body.decode(STRICT[site.codec])  # valid in the declared charset, strictly
    parsed = feedparser.parse(response.body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    live = site.live()
    assert [entry.title for entry in parsed.entries] == [a.title for a in live]
    assert [entry.link for entry in parsed.entries] == [BASE + a.path for a in live]
    # RSS 2.0 pubDate -> published_parsed; RSS 1.0 dc:date -> updated_parsed.
    dates = [e.get("published_parsed") or e.get("updated_parsed") for e in parsed.entries]
    assert [d[:5] for d in dates] == [a.published.utctimetuple()[:5] for a in live]


def test_rdf_shape(japanese: SjisSite) -> None:
    assert japanese.discovery(BASE) == {"feeds": [BASE + "/index.rdf"]}
    text = get(japanese, "/index.rdf").body.decode("shift_jis")
    assert "<rdf:RDF" in text and "<dc:date>2026-11-20T08:15:00+09:00</dc:date>" in text
    for article in japanese.articles:
        assert f'<item rdf:about="{BASE}{article.path}">' in text
    assert feedparser.parse(get(japanese, "/index.rdf").body).version == "rss10"


def listed(html: str) -> tuple[list[str], list[str]]:
    """Absolute article and pagination links of a listing page, as a crawler resolves them."""
    tree = lxml.html.document_fromstring(html)
    tree.make_links_absolute(BASE + "/news/articleList.html")
    hrefs = list(dict.fromkeys(a.get("href") for a in tree.iter("a") if a.get("href")))
    articles = [u for u in hrefs if re.search(EUCKR_ARTICLE_PATTERN, u)]
    return articles, [u for u in hrefs if re.search(EUCKR_NEXT_PATTERN, u)]


def test_euckr_listing_pages(korean: EucKrSite) -> None:
    (listing,) = korean.discovery(BASE)["listings"]
    assert listing["url"] == BASE + "/news/articleList.html?page=1"
    assert listing["max_pages"] == 3
    first, following = listed(get(korean, "/news/articleList.html?page=1").body.decode("cp949"))
    second, back = listed(get(korean, "/news/articleList.html?page=2").body.decode("cp949"))
    newest = [BASE + a.path for a in korean.live()]
    assert (first, second) == (newest[:3], newest[3:])
    assert following == [BASE + "/news/articleList.html?page=2"]
    assert back == [BASE + "/news/articleList.html?page=1"]
    assert get(korean, "/news/articleList.html").body == get(korean, "/").body
    assert listed(get(korean, "/news/articleList.html?page=7").body.decode("cp949"))[0] == []


def test_sjis_listing_page(japanese: SjisSite) -> None:
    html = get(japanese, "/news/index.html").body.decode("cp932")
    paths = re.findall(r'<li><span class="date">[^<]+</span> <a href="([^"]+)"', html)
    assert paths == [a.path for a in japanese.live()]


def test_delete_and_not_found(site: LegacySite) -> None:
    article: LegacyArticle = site.articles[0]
    feed = site.discovery(BASE)["feeds"][0].removeprefix(BASE)
    site.delete(article.key)
    gone = get(site, article.path)
    assert gone.status == 404 and gone.content_type == HEADER[site.codec]
    gone.body.decode(site.codec)
    assert article.title not in get(site, feed).body.decode(site.codec)
    site.restore(article.key)
    assert get(site, article.path).status == 200
    assert get(site, "/news/articleView.html?idxno=1").status == 404
    assert get(site, "/news/19990101_1.html").status == 404
    robots = get(site, "/robots.txt")
    assert robots.status == 200 and robots.body.startswith(b"User-agent: *\n")


def test_sjis_pages_are_static_files_with_validators(japanese: SjisSite) -> None:
    article = japanese.get("missile-launch")
    response = get(japanese, article.path)
    assert response.conditional and response.last_modified == article.published
    assert get(japanese, "/index.rdf").conditional


# -- over real HTTP -----------------------------------------------------------------------


def test_http_headers_and_bytes(korean: EucKrSite, japanese: SjisSite) -> None:
    with ReplicaServer(korean) as ko, ReplicaServer(japanese) as ja:
        url = ko.url_for("bangkok-restaurant")
        status, headers, body = fetch(url)
        assert (status, headers["Content-Type"]) == (200, "text/html; charset=euc-kr")
        assert "똠얌꿍" in body.decode("cp949")
        korean.charset_header = "wrong"
        assert fetch(url)[1]["Content-Type"] == "text/html; charset=UTF-8"
        assert fetch(url)[2] == body
        assert korean.requests["/news/articleView.html"] == 3  # the path, without the query
        feed = fetch(ko.discovery()["feeds"][0])
        assert feed[1]["Content-Type"] == "application/rss+xml"
        assert [e.title for e in feedparser.parse(feed[2]).entries][1] == korean.get(
            "bangkok-restaurant"
        ).title

        japanese.charset_header = "missing"
        status, headers, body = fetch(ja.url_for("rice-prices"))
        assert (status, headers["Content-Type"]) == (200, "text/html")
        assert "髙村" in body.decode("cp932")
        again = fetch(ja.url_for("rice-prices"), {"If-None-Match": headers["ETag"]})
        assert again[0] == 304
