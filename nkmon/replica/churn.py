"""A WordPress-style outlet whose pages never look the same twice: a trap for change detection.

Every page view rotates its furniture: an advertisement, a view counter, "Updated N minutes
ago" in the top bar, the "Related articles" and "Trending now" widgets, whitespace between
tags, tracking parameters and a page-view ``ref`` on internal links, nonces in a hidden field,
a script and a CSRF meta tag, a ``data-`` attribute on the body and the comment count. None of
it touches the story: its extracted text, title, byline and dates stay identical. Article pages
carry no validators, so a crawler must download and compare every time.

Tests switch each article's behaviour: a real edit (:meth:`ChurnOutlet.revise`), two cache
nodes serving different revisions (:meth:`~ChurnOutlet.flipflop`), six ways of deleting
(:data:`DELETE_MODES`), leaving the feed and sitemap (:meth:`~ChurnOutlet.unlist`), and a site
that is down (:attr:`~ChurnOutlet.down`, :data:`DOWN_MODES`).
"""

from __future__ import annotations

import json
import random
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from nkmon.replica import churn_texts as texts
from nkmon.replica.catalog import Catalog, Story
from nkmon.replica.outlet import Revision, category_slug
from nkmon.replica.pages import e, excerpt, human_date, rfc822
from nkmon.replica.site import HTML, RSS, TEXT, XML, Response, redirect

__all__ = [
    "DELETE_MODES",
    "DOWN_MODES",
    "SLOW_DELAY",
    "ChurnArticle",
    "ChurnOutlet",
    "churn_outlet",
]

#: How a deleted article answers: a status with a themed page, a themed page with status 200
#: ("soft404"), the literal body ``NULL`` with status 200, or a 301 to "/" or to its category.
DELETE_MODES = ("404", "410", "soft404", "null", "redirect_home", "redirect_section")
#: What every request gets while the site is down (503 carries ``Retry-After: 1``).
DOWN_MODES = ("503", "500", "slow")
SLOW_DELAY = 30.0  # seconds a "slow" site waits before answering: longer than client timeouts

_GAPS = ("", " ", "\n", "\n\n", "\n  ", "\t\n", " \n\n   ", "\r\n")


@dataclass(kw_only=True)
class ChurnArticle(Story[Revision]):
    """A post; ``key`` is its slug. A deleted one answers as ``deleted_how`` says."""

    category: str
    deleted_how: str = "404"
    unlisted: bool = False  # out of the feed, the sitemap and the listings; the page stays
    flipping: bool = False  # two cache nodes: successive views alternate revisions 0 and 1
    flips: int = 0  # views served while flipping

    @property
    def slug(self) -> str:
        return self.key

    @property
    def path(self) -> str:
        """WordPress "/%year%/%monthnum%/%postname%/" permalink."""
        return f"/{self.published:%Y}/{self.published:%m}/{self.key}/"

    @property
    def category_path(self) -> str:
        return f"/category/{category_slug(self.category)}/"

    def serve(self) -> Revision:
        """The revision this page view shows; while flipping, the other copy comes first."""
        if not self.flipping:
            return self.revision
        other = 1 if self.current == 0 else 0
        index = self.current if self.flips % 2 else other
        self.flips += 1
        return self.revisions[index]


class _Churn:
    """The random furniture of one page view."""

    def __init__(self, rng: random.Random, tick: int, salt: int) -> None:
        self.rng = rng
        self.tick = tick  # views of this path so far: drives counters that must change
        self.nonce = f"{rng.getrandbits(40):010x}"
        self.csrf = f"{rng.getrandbits(128):032x}"
        self.pageview = f"pv-{rng.getrandbits(48):012x}"
        self.ref = f"{rng.getrandbits(32):08x}"
        self.minutes = 2 + (tick * 13 + salt) % 47
        self.comments = 2 + (tick * 5 + salt) % 17
        self.ad = texts.ADS[(tick + salt) % len(texts.ADS)]
        self.side_ad = texts.ADS[(tick + salt + 3) % len(texts.ADS)]

    def join(self, parts: Iterable[str]) -> str:
        """Concatenate blocks with random whitespace between the tags."""
        return "".join(part + self.rng.choice(_GAPS) for part in parts)

    def ad_html(self, ad: tuple[str, str, str]) -> str:
        """One advertisement: label, sponsor link with this view's ``ref``, headline, copy."""
        headline, body, domain = ad
        return texts.AD.format(domain=domain, ref=self.ref, headline=e(headline), body=e(body))

    def link(self, base: str, path: str, medium: str) -> str:
        """An internal URL with the tracking parameters of this page view (HTML-escaped)."""
        return e(
            f"{base}{path}?utm_source=ledger&utm_medium={medium}&utm_campaign=internal"
            f"&ref={self.ref}"
        )


class ChurnOutlet(Catalog[ChurnArticle]):
    """The churning outlet: articles keyed by slug, served at ``/2026/11/<slug>/``."""

    languages = ("en",)

    def __init__(
        self, name: str, articles: Iterable[ChurnArticle], seed: int | None = None
    ) -> None:
        super().__init__(name, articles)
        self._rng = random.Random(seed)
        # Per-path page views; never reset, so a page differs from every earlier view of it.
        self._ticks: Counter[str] = Counter()
        self.down = False  # True: every request answers as ``down_mode`` says
        self._down_mode = "503"
        self.slow_delay = SLOW_DELAY

    # -- modes -------------------------------------------------------------------------------

    @property
    def down_mode(self) -> str:
        """``"503"`` (with ``Retry-After: 1``), ``"500"`` or ``"slow"`` (normal, 30 s late)."""
        return self._down_mode

    @down_mode.setter
    def down_mode(self, mode: str) -> None:
        if mode not in DOWN_MODES:
            raise ValueError(f"down_mode must be one of {DOWN_MODES}, not {mode!r}")
        with self.lock:
            self._down_mode = mode

    def delete(self, key: str, how: str = "404") -> None:
        """Unpublish ``key``; the page answers as ``how`` (one of :data:`DELETE_MODES`) says."""
        if how not in DELETE_MODES:
            raise ValueError(f"how must be one of {DELETE_MODES}, not {how!r}")
        with self.lock:
            article = self.get(key)
            article.deleted, article.deleted_how = True, how

    def unlist(self, key: str, on: bool = True) -> None:
        """Drop ``key`` from the feed, the sitemap and the listings (or put it back)."""
        with self.lock:
            self.get(key).unlisted = on

    def flipflop(self, key: str, on: bool = True) -> None:
        """Serve revisions 0 and 1 of ``key`` in turn; ValueError without a second revision."""
        with self.lock:
            article = self.get(key)
            if on and len(article.revisions) < 2:
                raise ValueError(f"article {key!r} has a single revision: nothing to flip")
            article.flipping, article.flips = on, 0

    def reset(self) -> None:
        """Back to normal: first revisions, nothing deleted, unlisted or flipping, site up."""
        with self.lock:
            super().reset()
            for article in self.articles:
                article.deleted_how, article.unlisted = "404", False
                article.flipping, article.flips = False, 0
            self.down, self._down_mode, self.slow_delay = False, "503", SLOW_DELAY

    def discovery(self, base: str) -> dict[str, Any]:
        """Feed and sitemap, both read on every run."""
        return {"feeds": [base + "/feed/"], "sitemaps": [base + "/sitemap.xml"], "discovery": "all"}

    def in_feed(self) -> list[ChurnArticle]:
        """What the (cached) feed lists: everything not unlisted, deleted articles included."""
        return [a for a in self.listed() if not a.unlisted]

    def in_sitemap(self) -> list[ChurnArticle]:
        """What the sitemap and the listings show: live articles that are not unlisted."""
        return [a for a in self.live() if not a.unlisted]

    # -- routing -----------------------------------------------------------------------------

    def route(self, path: str, query: str, base: str) -> Response:
        """Answer one request (the server holds :attr:`lock`)."""
        if self.down and self._down_mode != "slow":
            body = texts.DOWN_PAGES[self._down_mode].encode()
            retry = {"Retry-After": "1"} if self._down_mode == "503" else {}
            return Response(int(self._down_mode), HTML, body, headers=retry)
        response = self._route(path, base)
        if self.down:
            response.delay = self.slow_delay
        return response

    def _route(self, path: str, base: str) -> Response:
        if path == "/":
            return self._listing(base, None)
        if path == "/feed/":
            body = self._feed(base).encode()
            last = max((a.last_modified for a in self.in_feed()), default=None)
            return Response(200, RSS, body, last_modified=last, conditional=True)
        if path == "/sitemap.xml":
            body = self._sitemap(base).encode()
            last = max((a.last_modified for a in self.in_sitemap()), default=None)
            return Response(200, XML, body, last_modified=last, conditional=True)
        if path == "/robots.txt":
            return Response(200, TEXT, texts.ROBOTS.format(base=base).encode())
        if path == "/feed":
            return redirect(base + "/feed/")
        if path.startswith("/category/"):
            slug = path.removeprefix("/category/").strip("/")
            known = {s for _, s in texts.MENU} | {category_slug(a.category) for a in self.articles}
            if slug in known:
                return (
                    self._listing(base, slug) if path.endswith("/") else redirect(f"{base}{path}/")
                )
        wanted = path if path.endswith("/") else path + "/"
        article = next((a for a in self.articles if a.path == wanted), None)
        if article is None:
            return self._error(base, path, 404, "404")
        if not path.endswith("/"):
            return redirect(base + article.path)
        if article.deleted:
            return self._deleted(article, base)
        return Response(200, HTML, self._article_page(article, base).encode(), conditional=False)

    def _deleted(self, article: ChurnArticle, base: str) -> Response:
        how = article.deleted_how
        if how == "null":
            return Response(200, HTML, b"NULL")
        if how == "redirect_home":
            return redirect(base + "/")
        if how == "redirect_section":
            return redirect(base + article.category_path)
        return self._error(base, article.path, 200 if how == "soft404" else int(how), how)

    # -- rendering ---------------------------------------------------------------------------

    def _churn(self, path: str) -> _Churn:
        self._ticks[path] += 1
        return _Churn(self._rng, self._ticks[path], zlib.crc32(path.encode()) % 1000)

    def _document(self, base: str, ch: _Churn, main: str, **fields: str) -> str:
        """A full page: ``main`` inside the theme's churning chrome."""
        menu = "".join(
            f'<li class="menu-item"><a href="{ch.link(base, f"/category/{slug}/", "menu")}">'
            f"{e(label)}</a></li>"
            for label, slug in texts.MENU
        )
        live = self.in_sitemap()
        trending = "".join(
            f'<li><a href="{ch.link(base, a.path, "trending")}">{e(a.revisions[0].title)}</a> '
            f'<span class="trend-count">{ch.rng.randint(2, 40)}k readers</span></li>'
            for a in ch.rng.sample(live, k=min(4, len(live)))
        )
        config = json.dumps({"nonce": ch.nonce, "pageview": ch.pageview, "ajax": "/wp-admin/"})
        page = texts.PAGE.format(
            base=base, name=e(self.name), tagline=e(texts.TAGLINE), menu=menu, main=main,
            csrf=ch.csrf, config=config, pageview=ch.pageview, nonce=ch.nonce,
            minutes=ch.minutes, trending=trending, side_ad=ch.ad_html(ch.side_ad),
            newsletter_link=ch.link(base, "/newsletter/", "topbar"),
            home_link=ch.link(base, "/", "logo"), about_link=ch.link(base, "/about/", "footer"),
            newsletter=e(texts.NEWSLETTER_TEXT), **fields,
        )  # fmt: skip
        return ch.join(page.splitlines())

    def _article_page(self, article: ChurnArticle, base: str) -> str:
        """The single-post template, for the revision this view serves."""
        ch = self._churn(article.path)
        rev = article.serve()
        byline = " and ".join(
            f'<span class="author vcard"><a class="url fn n" href="{base}/author/'
            f'{category_slug(n)}/">{e(n)}</a></span>'
            for n in rev.authors
        )
        updated = (
            f' <time class="updated" datetime="{rev.modified.isoformat()}">Updated '
            f"{human_date(rev.modified)}</time>"
            if rev.modified
            else ""
        )
        paragraphs = [f"<p>{e(p)}</p>" for p in rev.paragraphs]
        ad = f'<div class="ad-slot in-article-ad" data-slot="{ch.nonce}">{ch.ad_html(ch.ad)}</div>'
        paragraphs.insert(min(2, len(paragraphs)), ad)
        others = [a for a in self.in_sitemap() if a is not article]
        related = "".join(
            f'<li><a href="{ch.link(base, a.path, "related")}">{e(a.revisions[0].title)}</a></li>'
            for a in ch.rng.sample(others, k=min(len(others), ch.rng.randint(2, 3)))
        )
        views = 1000 + zlib.crc32(article.key.encode()) % 4000 + ch.tick
        main = texts.ARTICLE.format(
            id=article.number, base=base, title=e(rev.title), byline=byline, updated=updated,
            category=e(article.category), category_slug=category_slug(article.category),
            category_link=ch.link(base, article.category_path, "category"),
            published=article.published.isoformat(), published_human=human_date(article.published),
            views=f"{views:,}", comments=ch.comments, paragraphs="\n".join(paragraphs),
            related=related, nonce=ch.nonce,
        )  # fmt: skip
        title = e(f"{rev.title} – {self.name}")
        body_class = f"post-template-default single single-post postid-{article.number}"
        head = _article_meta(self, article, rev, base)
        return self._document(base, ch, main, title=title, head=head, body_class=body_class)

    def _listing(self, base: str, category: str | None) -> Response:
        """The front page or a category archive: live, listed posts with excerpts."""
        where = f"/category/{category}/" if category else "/"
        ch = self._churn(where)
        items = "\n".join(
            f'<article class="post-{a.number} post type-post hentry"><h2 class="entry-title">'
            f'<a href="{base}{a.path}" rel="bookmark">{e(a.revision.title)}</a></h2>'
            f'<time class="entry-date published" datetime="{a.published.isoformat()}">'
            f'{human_date(a.published)}</time><div class="entry-summary"><p>'
            f"{excerpt(a.revision.paragraphs)}</p></div></article>"
            for a in self.in_sitemap()
            if category in (None, category_slug(a.category))
        )
        label = next((name for name, slug in texts.MENU if slug == category), category)
        heading = f"Category: {label}" if category else "Latest news"
        main = f'<header class="page-header"><h1 class="page-title">{e(heading)}</h1></header>\n'
        title = f"{label} Archives – {self.name}" if category else f"{self.name} – {texts.TAGLINE}"
        head = f'<link rel="canonical" href="{base}{where}">'
        body_class = f"archive category category-{category}" if category else "home blog"
        page = self._document(
            base, ch, main + items, title=e(title), head=head, body_class=body_class
        )
        return Response(200, HTML, page.encode())

    def _error(self, base: str, path: str, status: int, how: str) -> Response:
        """The theme's "not found" page (also served with 410, or with 200 as a soft 404)."""
        heading, text = texts.ERRORS[how]
        main = texts.ERROR_MAIN.format(heading=e(heading), text=e(text), base=base)
        title = e(f"{'Gone' if how == '410' else 'Page not found'} – {self.name}")
        ch = self._churn(path)
        page = self._document(base, ch, main, title=title, head="", body_class="error404")
        return Response(status, HTML, page.encode())

    def _feed(self, base: str) -> str:
        """RSS 2.0 as WordPress emits it (current revisions; deleted posts too: a stale cache)."""
        listed = self.in_feed()
        items = []
        for a in listed:
            rev = a.revision
            items.append(texts.FEED_ITEM.format(
                title=e(rev.title), link=base + a.path, guid=f"{base}/?p={a.number}",
                creators="".join(f"<dc:creator>{e(n)}</dc:creator>" for n in rev.authors),
                published=rfc822(a.published), category=e(a.category),
                excerpt=excerpt(rev.paragraphs),
                content="".join(f"<p>{e(p)}</p>" for p in rev.paragraphs),
            ))  # fmt: skip
        build = max((a.last_modified for a in listed), default=datetime(2026, 11, 1, tzinfo=UTC))
        return texts.FEED.format(
            name=e(self.name), base=base, tagline=e(texts.TAGLINE), build=rfc822(build),
            items="".join(items),
        )  # fmt: skip

    def _sitemap(self, base: str) -> str:
        """A urlset of live, listed articles with the time of their current revision."""
        urls = "".join(
            f"<url><loc>{base}{a.path}</loc><lastmod>{a.last_modified.isoformat()}</lastmod></url>"
            for a in self.in_sitemap()
        )
        return texts.SITEMAP.format(urls=urls)


def _article_meta(outlet: ChurnOutlet, article: ChurnArticle, rev: Revision, base: str) -> str:
    """Canonical link, Open Graph, article times and JSON-LD of the served revision."""
    url = base + article.path
    desc = " ".join(" ".join(rev.paragraphs).split()[:30]) + "…"
    published, modified = article.published.isoformat(), (rev.modified or article.published)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": rev.title,
        "description": desc,
        "author": [{"@type": "Person", "name": n} for n in rev.authors],
        "datePublished": published,
        "dateModified": modified.isoformat(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "articleSection": article.category,
        "publisher": {"@type": "Organization", "name": outlet.name},
    }
    ld_json = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
    fields = {"url": url, "title": rev.title, "name": outlet.name, "section": article.category}
    return texts.META.format(
        **{k: e(v) for k, v in fields.items()}, description=e(desc), published=published,
        modified=modified.isoformat(), authors=e(", ".join(rev.authors)), ld_json=ld_json,
    )  # fmt: skip


def _build(spec: dict[str, Any]) -> ChurnArticle:
    """One entry of :data:`churn_texts.ARTICLES` as an article with its revisions."""
    first = Revision(spec["title"], tuple(spec["paragraphs"]), tuple(spec["authors"]))
    revisions = [first]
    edit: dict[str, Any] | None = spec.get("edit")
    if edit:
        paragraphs = list(first.paragraphs)
        for index, text in edit.get("replace", {}).items():
            paragraphs[index] = text
        title, authors = edit.get("title", first.title), edit.get("authors", first.authors)
        modified = datetime.fromisoformat(edit["modified"]).astimezone(UTC)
        revisions.append(Revision(title, tuple(paragraphs), tuple(authors), modified))
    published = datetime.fromisoformat(spec["published"]).astimezone(UTC)
    return ChurnArticle(
        key=spec["slug"], category=spec["category"], published=published, revisions=tuple(revisions)
    )


def churn_outlet(seed: int | None = None) -> ChurnOutlet:
    """A fresh churning outlet: six articles, three of them with a second revision."""
    return ChurnOutlet(texts.SITE_NAME, [_build(spec) for spec in texts.ARTICLES], seed=seed)
