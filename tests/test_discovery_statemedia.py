"""State media: no feeds, listing pages with pagination, Juche dates, slow answers."""

from __future__ import annotations

from sqlalchemy import select

from archive import open_archive
from archive.models import Version
from nkmon.replica.statemedia import state_media_site


def versions_by_url(db_url: str) -> dict[str, Version]:
    archive = open_archive(db_url)
    try:
        with archive.read() as session:
            rows = session.execute(select(Version.article_id, Version).order_by(Version.seq)).all()
            from archive.models import Article

            urls = dict(session.execute(select(Article.id, Article.canonical_url)).all())
            return {urls[article_id]: version for article_id, version in rows}
    finally:
        archive.close()


def test_listing_pages_are_followed_and_every_article_archived(serve, crawl_site, db_url):
    site = state_media_site()
    site.delay, site.listing_delay = 0.05, 0.02
    server = serve(site)
    report = crawl_site(server, "kcna", languages=("en", "ko"))
    assert report["status"] == "ok"
    assert report["new_version"] == len(site.articles)
    stored = versions_by_url(db_url)
    for article in site.articles:
        version = stored[server.url + article.path]
        assert version.published_at.date() == article.published.date()
        assert version.extras["date_text"].startswith(("Juche", "주체"))
        assert article.paragraphs[-1][-40:] in version.text
        assert version.language == article.language


def test_a_null_body_is_a_deletion_and_the_versions_stay(serve, crawl_site, db_url):
    site = state_media_site()
    site.delay, site.listing_delay = 0.0, 0.0
    site.list_deleted = True  # still listed, as purged KCNA ids were
    server = serve(site)
    crawl_site(server, "kcna", languages=("en", "ko"))
    target = site.articles[0]
    site.delete(target.key)
    report = crawl_site(server, "kcna", languages=("en", "ko"))
    assert report["new_version"] == 0
    assert report["gone"] == 1  # "NULL", as KCNA answered for purged articles
    before = versions_by_url(db_url)[server.url + target.path]
    assert target.paragraphs[0][:40] in before.text
