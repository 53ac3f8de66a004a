"""A large generated WordPress outlet for the ingest, revisit and storage benchmarks.

The replica outlet's theme (``nkmon.replica.pages``: cookie banner, menus,
ticker, related posts, sidebar, comments, JSON-LD) around generated English
news text (``bench/_corpus.py``), ``n`` articles of 250-900 words, published in
the last 20 days (so the sitemap's 30-day window lists them all). Article pages
carry the furniture of a real news page (``bench/_furniture.py``: about 80 KiB
and 715 elements; the median real evaluation page has 118 KiB and 790) unless
the outlet is ``lean`` (the replica theme alone, 17 KiB, as the tests serve
it). Responses are
rendered once and cached: the site does not change while it is crawled, and a
benchmark should measure the crawler, not the replica's renderer.
"""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _corpus import Writer, edit, vocabularies
from _furniture import Furniture

from nkmon.replica import Outlet, ReplicaArticle, Revision
from nkmon.replica.site import Response
from nkmon.replica.texts import MENU

__all__ = ["CachedOutlet", "big_outlet", "registry", "revisions"]

_SLUG = re.compile(r"[^a-z0-9]+")
REPORTERS = ("Kim Ji-won", "Lee Sang-yong", "Jeong Tae-joo", "Ha Yoon-ah", "Seo Jae-hyun",
             "Mun Dong-hui", "Choi Song-min", "Kang Mi-jin")  # fmt: skip


TAGS = ["DPRK", "Kim Jong Un", "sanctions", "markets", "border", "missiles", "food", "China"]


class CachedOutlet(Outlet):
    """The replica outlet, each response rendered on first request and kept."""

    def __init__(
        self, name: str, articles: list[ReplicaArticle], furniture: Furniture | None = None
    ) -> None:
        super().__init__(name, articles)
        self._cache: dict[tuple[str, str, str], Response] = {}
        self._by_path = {a.path: a for a in self.articles}
        self._index = {a.path: i for i, a in enumerate(self.articles)}
        self.furniture = furniture

    def article_page(self, article: ReplicaArticle, base: str) -> str:
        """The article's page as this outlet serves it (with its furniture, if any)."""
        from nkmon.replica import pages

        html = pages.article_page(self, article, base)
        if self.furniture is None:
            return html
        return self.furniture.furnish(html, self._index.get(article.path, 0), base)

    def find_path(self, path: str) -> ReplicaArticle | None:
        return self._by_path.get(path if path.endswith("/") else path + "/")

    def route(self, path: str, query: str, base: str) -> Response:
        key = (path, query, base)
        if key not in self._cache:
            response = super().route(path, query, base)
            article = self.find_path(path)
            if self.furniture is not None and article is not None and response.status == 200:
                response.body = self.article_page(article, base).encode()
            self._cache[key] = response
        return self._cache[key]

    def forget(self) -> None:
        """Drop the rendered pages (after revising articles)."""
        with self.lock:
            self._cache.clear()


def big_outlet(n: int, seed: int = 1, *, edits: int = 0, lean: bool = False) -> CachedOutlet:
    """``n`` generated articles; each has ``edits`` further lightly edited revisions.

    ``lean``: the replica theme alone, without a real page's furniture."""
    rng = random.Random(seed)
    writer = Writer(vocabularies(seed)["en"], rng)
    now = datetime.now(UTC).replace(microsecond=0)
    articles = []
    slugs: set[str] = set()
    for i in range(n):
        title = writer.title()
        slug = _SLUG.sub("-", title.lower()).strip("-")[:70] or "story"
        while slug in slugs:
            slug += f"-{i}"
        slugs.add(slug)
        published = now - timedelta(days=20) + timedelta(seconds=i * 17 * 86400 // max(n, 1))
        paragraphs = writer.paragraphs(rng.randint(250, 900))
        authors = (rng.choice(REPORTERS),)
        revs = [Revision(title, tuple(writer.text([p]) for p in paragraphs), authors)]
        for k in range(edits):
            paragraphs = edit(writer, paragraphs)
            modified = published + timedelta(hours=k + 1)
            revs.append(
                Revision(title, tuple(writer.text([p]) for p in paragraphs), authors, modified)
            )
        articles.append(
            ReplicaArticle(
                slug=slug,
                category=rng.choice(MENU)[0],
                published=published,
                revisions=tuple(revs),
                tags=tuple(rng.sample(TAGS, 3)),
            )
        )
    titles = [
        (a.path, a.revisions[0].title, " ".join(a.revisions[0].paragraphs[0].split()[:30]))
        for a in articles
    ]
    furniture = None if lean else Furniture(seed, titles)
    return CachedOutlet("Korea Border Monitor", articles, furniture)


def revisions(outlet: Outlet, slug: str, base: str) -> list[bytes]:
    """Every revision of one article as the page the outlet serves (for the storage bench)."""
    from nkmon.replica import pages

    article = outlet.get(slug)
    out = []
    for k in range(len(article.revisions)):
        article.current = k
        if isinstance(outlet, CachedOutlet):
            out.append(outlet.article_page(article, base).encode())
        else:
            out.append(pages.article_page(outlet, article, base).encode())
    article.current = 0
    return out


def registry(path: Path, base: str, *, source_id: str = "bench") -> Path:
    """A sources file naming the outlet's sitemap only (the feed lists ten posts)."""
    path.write_text(
        f"""[[source]]
id = "{source_id}"
name = "Korea Border Monitor (generated)"
homepage = "{base}/"
languages = ["en"]
sitemaps = ["{base}/wp-sitemap.xml"]
max_articles = 1000000
""",
        encoding="utf-8",
    )
    return path
