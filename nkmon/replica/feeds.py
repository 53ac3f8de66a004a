"""The outlet's machine-readable side: RSS 2.0 feed, robots.txt and sitemap.

Pure functions like :mod:`nkmon.replica.pages`; the caller holds the outlet lock.
"""

from __future__ import annotations

from datetime import UTC, datetime

from nkmon.replica.outlet import Outlet
from nkmon.replica.pages import TAGLINE, WP_VERSION, comments_of, e, excerpt, rfc822


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def feed(outlet: Outlet, base: str) -> str:
    """RSS 2.0 as WordPress emits it; lists deleted posts too (a stale cached feed)."""
    listed = outlet.listed()
    build = max((a.last_modified for a in listed), default=datetime(2026, 10, 1, tzinfo=UTC))
    items = []
    for a in listed:
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


def robots(base: str) -> str:
    return (
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
        f"Sitemap: {base}/wp-sitemap.xml\n"
    )


def sitemap(outlet: Outlet, base: str) -> str:
    """A flat urlset of live posts (WordPress core splits it into an index; one file is enough)."""
    urls = "".join(
        f"<url><loc>{base}{a.path}</loc><lastmod>{a.last_modified.isoformat()}</lastmod></url>"
        for a in outlet.live()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
    )
