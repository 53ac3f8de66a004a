"""The outlet's machine-readable side: RSS 2.0 feed, robots.txt and sitemaps.

Pure functions like :mod:`nkmon.replica.pages`; the caller holds the outlet lock. The sitemaps
are the three kinds a crawler meets on WordPress sites: the core index (5.5+) with its sub-maps,
a plugin's gzipped urlset, and a Google News sitemap of the last two days.
"""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta

from nkmon.replica.outlet import Outlet, category_slug
from nkmon.replica.pages import TAGLINE, WP_VERSION, comments_of, e, excerpt, rfc822

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def feed(outlet: Outlet, base: str, with_items: bool = True) -> str:
    """RSS 2.0 as WordPress emits it; lists deleted posts too (a stale cached feed)."""
    listed = outlet.listed()
    build = max((a.last_modified for a in listed), default=datetime(2026, 10, 1, tzinfo=UTC))
    items = []
    for a in listed if with_items else ():
        rev = a.revision
        link = base + a.path
        creators = "".join(f"\n\t\t<dc:creator>{_cdata(n)}</dc:creator>" for n in rev.authors)
        cats = "".join(f"\n\t\t<category>{_cdata(c)}</category>" for c in (a.category, *a.tags))
        content = "\n".join(f"<p>{e(p)}</p>" for p in rev.paragraphs)
        n = len(comments_of(a))
        items.append(
            f"""\t<item>
\t\t<title>{e(rev.title)}</title>
\t\t<link>{link}</link>
\t\t<comments>{link}#comments</comments>{creators}
\t\t<pubDate>{rfc822(a.published)}</pubDate>{cats}
\t\t<guid isPermaLink="false">{base}/?p={a.post_id}</guid>
\t\t<description>{_cdata(excerpt(rev.paragraphs))}</description>
\t\t<content:encoded>{_cdata(content)}</content:encoded>
\t\t<wfw:commentRss>{link}feed/</wfw:commentRss>
\t\t<slash:comments>{n}</slash:comments>
\t</item>
"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:atom="http://www.w3.org/2005/Atom"
\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"
\t>

<channel>
\t<title>{e(outlet.name)}</title>
\t<atom:link href="{base}/feed/" rel="self" type="application/rss+xml" />
\t<link>{base}</link>
\t<description>{e(TAGLINE)}</description>
\t<lastBuildDate>{rfc822(build)}</lastBuildDate>
\t<language>en-US</language>
\t<sy:updatePeriod>
\thourly\t</sy:updatePeriod>
\t<sy:updateFrequency>
\t1\t</sy:updateFrequency>
\t<generator>https://wordpress.org/?v={WP_VERSION}</generator>
{"".join(items)}</channel>
</rss>
"""


def feed_error_page(outlet: Outlet) -> str:
    """What a misconfigured cache serves at /feed/ (with status 200): an HTML error page."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><title>Service Temporarily Unavailable</title></head>
<body><h1>Service Temporarily Unavailable</h1>
<p>The server is temporarily unable to service your request due to maintenance downtime or
capacity problems. Please try again later.</p>
<hr><address>{e(outlet.name)} &middot; cache node fra-2 &middot; Apache</address>
</body></html>
"""


def robots(base: str) -> str:
    return (
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
        f"Sitemap: {base}/wp-sitemap.xml\nSitemap: {base}/news-sitemap.xml\n"
    )


def _xml(root: str, base: str, xsl: str = "") -> str:
    style = f'<?xml-stylesheet type="text/xsl" href="{base}/{xsl}" ?>\n' if xsl else ""
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{style}{root}\n'


def sitemap_index(base: str) -> str:
    """``/wp-sitemap.xml`` of WordPress 5.5+ core: an index of the posts and categories maps."""
    maps = "".join(
        f"<sitemap><loc>{base}/wp-sitemap-{name}-1.xml</loc></sitemap>"
        for name in ("posts-post", "taxonomies-category")
    )
    return _xml(
        f'<sitemapindex xmlns="{SITEMAP_NS}">{maps}</sitemapindex>', base, "wp-sitemap-index.xsl"
    )


def _post_urls(outlet: Outlet, base: str) -> str:
    return "".join(
        f"<url><loc>{base}{a.path}</loc><lastmod>{a.last_modified.isoformat()}</lastmod></url>"
        for a in outlet.live()
    )


def sitemap_posts(outlet: Outlet, base: str) -> str:
    """``/wp-sitemap-posts-post-1.xml``: every live post with its ``lastmod`` (WP 6.5+)."""
    return _xml(
        f'<urlset xmlns="{SITEMAP_NS}">{_post_urls(outlet, base)}</urlset>', base, "wp-sitemap.xsl"
    )


def categories(outlet: Outlet) -> list[str]:
    """Names of the categories that have live posts, in menu-like order of first use."""
    return list(dict.fromkeys(a.category for a in outlet.live()))


def sitemap_categories(outlet: Outlet, base: str) -> str:
    """``/wp-sitemap-taxonomies-category-1.xml``: category archives, which are not articles."""
    urls = "".join(
        f"<url><loc>{base}/category/{category_slug(c)}/</loc></url>" for c in categories(outlet)
    )
    return _xml(f'<urlset xmlns="{SITEMAP_NS}">{urls}</urlset>', base, "wp-sitemap.xsl")


def sitemap_gz(outlet: Outlet, base: str) -> bytes:
    """``/sitemap.xml.gz`` of an older sitemap plugin; ``mtime=0`` keeps the bytes (ETag) stable."""
    xml = _xml(f'<urlset xmlns="{SITEMAP_NS}">{_post_urls(outlet, base)}</urlset>', base)
    return gzip.compress(xml.encode(), mtime=0)


def news_sitemap(outlet: Outlet, base: str) -> str:
    """Google News sitemap: live posts of the two days up to the newest one."""
    live = outlet.live()
    newest = max((a.published for a in live), default=None)
    urls = []
    for a in live:
        if newest is None or a.published < newest - timedelta(days=2):
            continue
        urls.append(
            f"<url><loc>{base}{a.path}</loc><news:news><news:publication>"
            f"<news:name>{e(outlet.name)}</news:name><news:language>en</news:language>"
            f"</news:publication><news:publication_date>{a.published.isoformat()}"
            f"</news:publication_date><news:title>{e(a.revision.title)}</news:title>"
            "</news:news></url>"
        )
    root = f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">{"".join(urls)}</urlset>'
    return _xml(root, base)
