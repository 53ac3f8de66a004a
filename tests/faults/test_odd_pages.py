"""Pages that are odd but real, next to good ones: unclosed tags, a ``rel=canonical``
on another domain, Hangul in NFD and full-width ASCII. Each must give a correct
version of its own (never an empty one), keyed by its own URL, and ``nkmon search``
must find it whichever Unicode form the page or the query uses.
"""

from __future__ import annotations

import json
import unicodedata

import pytest
from _harness import backend, module_crawler
from sqlalchemy import select

from archive import ArticleStatus, CaptureOutcome, open_archive
from archive.models import Article
from nkmon.replica.hostile import (
    FULLWIDTH_PARAGRAPH,
    NFD_PARAGRAPH,
    ODDITIES,
    HostileServer,
    HostileSite,
    good_paragraphs,
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def odd(request, tmp_path_factory):
    """The site crawled once per backend, its odd pages served from the start."""
    site = HostileSite(ODDITIES)
    site.turn()
    server = HostileServer(site).start()
    try:
        with backend(request.param) as db_url:
            crawler = module_crawler(tmp_path_factory, "odd", db_url)
            yield site, server, crawler(server), crawler
    finally:
        server.stop()


def _search(nkmon, db_url: str, query: str) -> list[str]:
    proc = nkmon("search", query, "--db", db_url, "--format", "json")
    return sorted(row["url"] for row in json.loads(proc.stdout))


def test_odd_pages_are_archived_with_their_text(odd):
    site, server, run, crawler = odd
    assert run.returncode == 0 and run.report["status"] == "ok"
    assert run.report["new_version"] == len(site.keys)
    assert run.report["error"] == 0
    for key in site.keys:
        result = crawler.history(server.url_for(key))
        assert result.article.status is ArticleStatus.live, key
        assert result.captures[-1].outcome is CaptureOutcome.new_version, key
        (version,) = result.versions
        assert version.text.strip(), key
    unclosed = crawler.history(server.url_for("unclosed-tags")).versions[0]
    for paragraph in good_paragraphs("unclosed-tags"):  # no closing tag anywhere
        assert paragraph in unclosed.text


def test_a_canonical_on_another_domain_is_not_trusted(odd):
    site, server, _, crawler = odd
    result = crawler.history(server.url_for("canonical-offsite"))
    assert result.article.canonical_url == server.url_for("canonical-offsite")
    assert "Residents described" in result.versions[0].text
    archive = open_archive(crawler.db_url, migrate=False)
    try:
        with archive.read() as session:
            urls = list(session.scalars(select(Article.canonical_url)))
    finally:
        archive.close()
    assert sorted(urls) == sorted(server.url_for(k) for k in site.keys)
    assert "elsewhere.example" not in site.requests  # never fetched either
    assert not [p for p in site.requests if "someone-elses-story" in p]


def test_nfd_hangul_and_full_width_ascii_are_found_in_either_form(odd, nkmon):
    _, server, _, crawler = odd
    nfd, fullwidth = server.url_for("text-nfd"), server.url_for("text-fullwidth")
    word = "려명거리"  # only in the NFD page
    assert unicodedata.normalize("NFD", word) in NFD_PARAGRAPH
    assert _search(nkmon, crawler.db_url, word) == [nfd]  # NFC query, NFD page
    assert _search(nkmon, crawler.db_url, unicodedata.normalize("NFD", word)) == [nfd]
    # NFC text on the same page (KO_PARAGRAPHS), found by an NFD query
    assert _search(nkmon, crawler.db_url, unicodedata.normalize("NFD", "신의주시")) == [nfd]
    assert "ＫＣＮＡ" in FULLWIDTH_PARAGRAPH
    assert _search(nkmon, crawler.db_url, "KCNA") == [fullwidth]
    assert _search(nkmon, crawler.db_url, "ＫＣＮＡ") == [fullwidth]
