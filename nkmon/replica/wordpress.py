"""Which path of the WordPress outlet serves what: posts, feed, sitemaps, redirects, 404s.

Kept apart from :mod:`nkmon.replica.outlet` (the state) because rendering needs
:mod:`~nkmon.replica.pages` and :mod:`~nkmon.replica.feeds`, which import the state.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs

from nkmon.replica import feeds, pages
from nkmon.replica.outlet import Outlet, category_slug
from nkmon.replica.site import GZIP, HTML, RSS, TEXT, XML, Response, redirect
from nkmon.replica.texts import MENU

__all__ = ["route"]


def route(outlet: Outlet, path: str, query: str, base: str) -> Response:
    """The response to ``GET path?query``; the caller holds the outlet's lock."""
    if path == "/":
        params = parse_qs(query)
        if "p" in params:
            target = outlet.find_id(_int(params["p"][0]))
            if target is None or target.deleted:
                return _not_found(outlet, base)
            return redirect(base + target.path)
        if params.get("feed") == ["rss2"]:
            return _feed(outlet, base)
        return Response(200, body=pages.home_page(outlet, base).encode())
    if path == "/feed/":
        return _feed(outlet, base)
    if path == "/feed":
        return redirect(base + "/feed/")
    if path == "/robots.txt":
        return Response(200, TEXT, feeds.robots(base).encode())
    if path in _SITEMAPS:
        return _sitemap(outlet, path, base)
    if path.startswith("/category/"):
        return _category(outlet, path, base)
    article = outlet.find_path(path)
    if article is None or article.deleted:
        return _not_found(outlet, base)
    if not path.endswith("/"):
        return redirect(base + article.path + (f"?{query}" if query else ""))
    return Response(
        200,
        body=pages.article_page(outlet, article, base).encode(),
        last_modified=article.last_modified,
        conditional=True,
        headers={"Link": f"<{base}/?p={article.post_id}>; rel=shortlink"},
    )


_SITEMAPS: dict[str, tuple[str, Callable[[Outlet, str], str | bytes]]] = {
    "/wp-sitemap.xml": (XML, lambda outlet, base: feeds.sitemap_index(base)),
    "/wp-sitemap-posts-post-1.xml": (XML, feeds.sitemap_posts),
    "/wp-sitemap-taxonomies-category-1.xml": (XML, feeds.sitemap_categories),
    "/sitemap.xml.gz": (GZIP, feeds.sitemap_gz),
    "/news-sitemap.xml": (XML, feeds.news_sitemap),
}


def _sitemap(outlet: Outlet, path: str, base: str) -> Response:
    content_type, render = _SITEMAPS[path]
    body = render(outlet, base)
    live = outlet.live()
    last = max((a.last_modified for a in live), default=None)
    data = body if isinstance(body, bytes) else body.encode()
    return Response(200, content_type, data, last_modified=last, conditional=True)


def _category(outlet: Outlet, path: str, base: str) -> Response:
    """``/category/<slug>/``: an archive page (200 even when empty, as WordPress does)."""
    slug = path.removeprefix("/category/").strip("/")
    known = {s for _, s in MENU} | {category_slug(a.category) for a in outlet.articles}
    if slug not in known or "/" in slug:
        return _not_found(outlet, base)
    if not path.endswith("/"):
        return redirect(f"{base}/category/{slug}/")
    return Response(200, body=pages.home_page(outlet, base, category=slug).encode())


def _feed(outlet: Outlet, base: str) -> Response:
    mode = outlet.feed_mode
    if mode == "broken":
        return Response(200, HTML, feeds.feed_error_page(outlet).encode())
    body = feeds.feed(outlet, base, with_items=mode == "ok").encode()
    # An empty feed has no newest item to date it: ETag only, so no stale 304 by date.
    last = max((a.last_modified for a in outlet.listed()), default=None) if mode == "ok" else None
    return Response(200, RSS, body, last_modified=last, conditional=True)


def _not_found(outlet: Outlet, base: str) -> Response:
    return Response(404, body=pages.not_found_page(outlet, base).encode())


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return -1
