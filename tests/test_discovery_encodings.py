"""Korean and Japanese pages in EUC-KR/CP949 and Shift_JIS/CP932, whatever the header says."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from archive import open_archive
from archive.models import Article, Capture, Version
from nkmon.replica.legacy import euckr_site, sjis_site


def stored(db_url: str):
    archive = open_archive(db_url)
    try:
        with archive.read() as session:
            urls = dict(session.execute(select(Article.id, Article.canonical_url)).all())
            versions = {urls[v.article_id]: v for v in session.scalars(select(Version))}
            encodings = {c.encoding for c in session.scalars(select(Capture))}
            return versions, encodings
    finally:
        archive.close()


@pytest.mark.parametrize("factory", [euckr_site, sjis_site], ids=["euc-kr", "shift_jis"])
@pytest.mark.parametrize("header", ["correct", "wrong", "missing"])
def test_legacy_pages_are_archived_as_correct_text(serve, crawl_site, db_url, factory, header):
    site = factory()
    site.charset_header = header
    server = serve(site)
    report = crawl_site(server, site.articles[0].language + "-legacy", languages=site.languages)
    assert report["new_version"] == len(site.articles), report
    versions, encodings = stored(db_url)
    assert encodings == {site.codec}
    for article in site.articles:
        from archive.urls import canonical_url

        version = versions[canonical_url(server.url + article.path)]
        assert "\ufffd" not in version.text
        assert version.title.split() == article.title.split()  # U+3000 may become a space
        for paragraph in article.paragraphs:
            assert " ".join(paragraph.split()) in " ".join(version.text.split())
