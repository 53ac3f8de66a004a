"""Rendering of the replica outlet: WordPress-theme HTML, the RSS feed, robots and sitemap.

Pure functions of outlet state and the public base URL (``http://host:port``); the feed,
robots.txt and sitemap live in :mod:`nkmon.replica.feeds`. The caller holds
the outlet lock. Pages carry the boilerplate a real news theme has (cookie banner, menus, ticker,
related posts, sidebar, comments, footer) because that is what extraction must cope with.
Sidebar, ticker and related-post widgets show the articles' *original* titles: like cached
widgets, they do not change when another post is edited, so one edit does not alter the ETag of
every other page.
"""

from __future__ import annotations

import json
import zlib
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape

from nkmon.replica.outlet import Comment, Outlet, ReplicaArticle, category_slug
from nkmon.replica.site import etag_for, http_date  # noqa: F401  (re-exported for old callers)
from nkmon.replica.texts import COMMENT_MARKER, COOKIE_TEXT, MENU

TAGLINE = "Independent reporting from the Korean border region"
WP_VERSION = "6.6.2"
THEME = "/wp-content/themes/borderline"

GENERIC_COMMENTS = (
    Comment(
        "Park Minjun",
        datetime(2026, 11, 1, 9, 0, tzinfo=UTC),
        COMMENT_MARKER + " Please keep covering the northern provinces.",
    ),
    Comment(
        "J. Holloway",
        datetime(2026, 11, 1, 12, 30, tzinfo=UTC),
        "Useful context that the wire services rarely include. Bookmarked for my students.",
    ),
)


def e(text: str) -> str:
    return escape(text, quote=True)


def rfc822(dt: datetime) -> str:
    """RSS/HTTP date in UTC, e.g. "Tue, 03 Nov 2026 03:10:00 +0000"."""
    return format_datetime(dt.astimezone(UTC))


def human_date(dt: datetime) -> str:
    return f"{dt:%B} {dt.day}, {dt.year}"


def excerpt(paragraphs: tuple[str, ...], words: int = 55, more: str = " [&hellip;]") -> str:
    """WordPress ``the_excerpt`` as escaped HTML: first 55 words and a bracketed ellipsis."""
    tokens = " ".join(paragraphs).split()
    if len(tokens) <= words:
        return e(" ".join(tokens))
    return e(" ".join(tokens[:words])) + more


def author_url(base: str, name: str) -> str:
    return f"{base}/author/{category_slug(name)}/"


def _others(outlet: Outlet, article: ReplicaArticle | None) -> list[ReplicaArticle]:
    return [a for a in outlet.articles if a is not article and not a.broken]


def related(outlet: Outlet, article: ReplicaArticle) -> list[ReplicaArticle]:
    """Three other posts, same category first, then the next ones in outlet order."""
    others = _others(outlet, article)
    position = {id(a): i for i, a in enumerate(outlet.articles)}  # O(n), for large sites
    index = position.get(id(article), 0)
    rotated = sorted(others, key=lambda a: (position[id(a)] - index) % 100)
    rotated.sort(key=lambda a: a.category != article.category)
    return rotated[:3]


def most_read(outlet: Outlet) -> list[ReplicaArticle]:
    """A fixed, site-wide "popular posts" ranking."""
    return sorted(_others(outlet, None), key=lambda a: zlib.crc32(a.slug.encode()))[:5]


def _link_list(base: str, articles: list[ReplicaArticle], tag: str = "ul", cls: str = "") -> str:
    items = "".join(
        f'<li><a href="{base}{a.path}">{e(a.revisions[0].title)}</a></li>' for a in articles
    )
    return f'<{tag} class="{cls}">{items}</{tag}>'


def _head(outlet: Outlet, base: str, title: str, extra: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<meta name="robots" content="index, follow, max-image-preview:large">
{extra}<link rel="alternate" type="application/rss+xml" title="{e(outlet.name)} &raquo; Feed" \
href="{base}/feed/">
<link rel="stylesheet" id="borderline-style-css" href="{THEME}/style.css?ver=2.4.1" media="all">
<link rel="stylesheet" id="cookie-notice-front-css" \
href="/wp-content/plugins/cookie-notice/css/front.min.css?ver=2.4.18" media="all">
<link rel="https://api.w.org/" href="{base}/wp-json/">
<meta name="generator" content="WordPress {WP_VERSION}">
</head>
"""


def _chrome_top(outlet: Outlet, base: str, ticker: list[ReplicaArticle]) -> str:
    menu = "".join(
        f'<li id="menu-item-{20 + i}" class="menu-item menu-item-type-taxonomy">'
        f'<a href="{base}/category/{slug}/">{e(label)}</a></li>'
        for i, (label, slug) in enumerate(MENU)
    )
    return f"""<div id="cookie-notice" class="cookie-banner cn-position-top" role="dialog" \
aria-label="Cookie Notice"><div class="cookie-notice-container">\
<span id="cn-notice-text" class="cn-text-container">{e(COOKIE_TEXT)} \
<a href="{base}/privacy-policy/">Read our privacy policy</a>.</span>\
<span id="cn-notice-buttons" class="cn-buttons-container">\
<a href="#" id="cn-accept-cookie" class="cn-set-cookie cn-button">Accept</a> \
<a href="#" id="cn-refuse-cookie" class="cn-set-cookie cn-button">Decline</a></span></div></div>
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="{base}/" rel="home">{e(outlet.name)}</a>\
</p><p class="site-description">{e(TAGLINE)}</p></div>
<nav id="site-navigation" class="main-navigation" aria-label="Primary menu">\
<button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">Menu</button>
<ul id="primary-menu" class="menu nav-menu">{menu}</ul></nav>
<form role="search" method="get" class="search-form" action="{base}/"><label>\
<span class="screen-reader-text">Search for:</span><input type="search" class="search-field" \
placeholder="Search &hellip;" value="" name="s"></label>\
<input type="submit" class="search-submit" value="Search"></form>
</header>
<div class="breaking-news-ticker"><span class="ticker-label">Breaking</span>\
{_link_list(base, ticker, "ul", "ticker-items")}</div>
<div id="content" class="site-content">
"""


def _sidebar(outlet: Outlet, base: str) -> str:
    return f"""<aside id="secondary" class="widget-area">
<section id="popular-posts-2" class="widget widget_popular_posts"><h2 class="widget-title">\
Most read</h2>{_link_list(base, most_read(outlet), "ol", "popular-list")}</section>
<section id="newsletter-3" class="widget widget_newsletter"><h2 class="widget-title">Newsletter\
</h2><p>Get our weekly briefing on North Korea every Friday morning.</p>\
<form class="newsletter-form" method="post" action="{base}/newsletter/subscribe/">\
<input type="email" name="email" placeholder="Your email address" required>\
<button type="submit">Subscribe</button></form></section>
</aside>
"""


def _chrome_bottom(outlet: Outlet, base: str) -> str:
    return f"""</div>
<footer id="colophon" class="site-footer"><div class="site-info">\
<p>&copy; 2026 {e(outlet.name)}. All rights reserved.</p>\
<ul class="footer-menu"><li><a href="{base}/about/">About us</a></li>\
<li><a href="{base}/contact/">Contact</a></li><li><a href="{base}/privacy-policy/">Privacy</a>\
</li><li><a href="{base}/feed/">RSS</a></li></ul></div></footer>
</div>
<script src="/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<script src="/wp-content/plugins/cookie-notice/js/front.min.js?ver=2.4.18" \
id="cookie-notice-front-js"></script>
<script src="{THEME}/js/navigation.js?ver=2.4.1" id="borderline-navigation-js"></script>
</body>
</html>
"""


def _article_meta(outlet: Outlet, article: ReplicaArticle, base: str) -> str:
    rev = article.revision
    url = base + article.path
    desc = " ".join(" ".join(rev.paragraphs).split()[:30]) + "…"
    image = f"{base}/wp-content/uploads/{article.published:%Y/%m}/{article.slug}.jpg"
    modified = rev.modified or article.published
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": rev.title,
        "description": desc,
        "author": [{"@type": "Person", "name": n, "url": author_url(base, n)} for n in rev.authors],
        "datePublished": article.published.isoformat(),
        "dateModified": modified.isoformat(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "image": image,
        "articleSection": article.category,
        "inLanguage": "en-US",
        "publisher": {"@type": "Organization", "name": outlet.name, "url": base + "/"},
    }
    ld_json = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
    mod_meta = (
        f'<meta property="article:modified_time" content="{rev.modified.isoformat()}">\n'
        if rev.modified
        else ""
    )
    return f"""<meta name="description" content="{e(desc)}">
<link rel="canonical" href="{url}">
<link rel="shortlink" href="{base}/?p={article.post_id}">
<meta property="og:locale" content="en_US">
<meta property="og:type" content="article">
<meta property="og:title" content="{e(rev.title)}">
<meta property="og:description" content="{e(desc)}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{e(outlet.name)}">
<meta property="og:image" content="{image}">
<meta property="article:section" content="{e(article.category)}">
<meta property="article:published_time" content="{article.published.isoformat()}">
{mod_meta}<meta name="author" content="{e(", ".join(rev.authors))}">
<meta name="twitter:card" content="summary_large_image">
<script type="application/ld+json">{ld_json}</script>
"""


def comments_of(article: ReplicaArticle) -> tuple[Comment, ...]:
    """The article's reader comments, or a generic pair for articles built without any."""
    return article.comments or GENERIC_COMMENTS


def _comments(article: ReplicaArticle, base: str) -> str:
    comments = comments_of(article)
    n = len(comments)
    items = []
    for i, c in enumerate(comments):
        cid = article.post_id * 10 + i
        parity = "even" if i % 2 == 0 else "odd"
        items.append(
            f'<li id="comment-{cid}" class="comment {parity} thread-{parity} depth-1">'
            f'<article id="div-comment-{cid}" class="comment-body"><footer class="comment-meta">'
            f'<div class="comment-author vcard"><img alt="" src="/wp-content/uploads/avatar.png" '
            f'class="avatar avatar-48 photo" height="48" width="48"> <b class="fn">{e(c.author)}'
            f'</b> <span class="says">says:</span></div><div class="comment-metadata">'
            f'<a href="{base}{article.path}#comment-{cid}"><time datetime="{c.posted.isoformat()}">'
            f"{human_date(c.posted)} at {c.posted:%H:%M}</time></a></div></footer>"
            f'<div class="comment-content"><p>{e(c.text)}</p></div><div class="reply">'
            f'<a rel="nofollow" class="comment-reply-link" href="#comment-{cid}">Reply</a></div>'
            f"</article></li>"
        )
    heading = f"{n} thought{'s' if n != 1 else ''} on “{e(article.revision.title)}”"
    return f"""<div id="comments" class="comments-area">
<h2 class="comments-title">{heading}</h2>
<ol class="comment-list">{"".join(items)}</ol>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">\
Leave a Reply</h3><form action="{base}/wp-comments-post.php" method="post" id="commentform" \
class="comment-form"><p class="comment-notes">Your email address will not be published.</p>\
<textarea id="comment" name="comment" cols="45" rows="6" required></textarea>\
<input name="submit" type="submit" id="submit" class="submit" value="Post Comment">\
<input type="hidden" name="comment_post_ID" value="{article.post_id}"></form></div>
</div>
"""


def _entry_content(article: ReplicaArticle, base: str) -> str:
    rev = article.revision
    if article.broken:
        # The story-loader plugin fetches the text from the REST API after page load; only a
        # <noscript> notice is served, so an extractor finds no article text here.
        return (
            f'<div class="entry-content"><script id="story-loader-js" data-post="'
            f'{article.post_id}" src="/wp-content/plugins/story-loader/loader.min.js?ver=1.3">'
            '</script><noscript><p class="story-loader-notice">Please enable JavaScript to read '
            "this story.</p></noscript></div>"
        )
    image = f"/wp-content/uploads/{article.published:%Y/%m}/{article.slug}-1024x576.jpg"
    figure = (
        f'<figure class="wp-block-image size-large"><img decoding="async" width="1024" '
        f'height="576" src="{image}" alt="" class="wp-image-{article.post_id + 1}">'
        f'<figcaption class="wp-element-caption">{e(article.caption)}</figcaption></figure>\n'
        if article.caption
        else ""
    )
    paragraphs = "\n".join(f"<p>{e(p)}</p>" for p in rev.paragraphs)
    url = base + article.path
    share = (
        '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul>'
        f'<li><a class="share-twitter" href="https://twitter.com/intent/tweet?url={url}">X</a></li>'
        f'<li><a class="share-facebook" href="https://www.facebook.com/sharer.php?u={url}">'
        'Facebook</a></li><li><a class="share-email" href="mailto:?subject=Shared%20post">'
        "Email</a></li></ul></div>"
    )
    return f'<div class="entry-content">\n{figure}{paragraphs}\n{share}\n</div>'


def article_page(outlet: Outlet, article: ReplicaArticle, base: str) -> str:
    """The single-post template for ``article``'s current revision."""
    rev = article.revision
    pub = article.published
    byline = " and ".join(
        f'<span class="author vcard"><a class="url fn n" href="{author_url(base, n)}">{e(n)}</a>'
        "</span>"
        for n in rev.authors
    )
    updated = (
        f' <time class="updated" datetime="{rev.modified.isoformat()}">Updated '
        f"{human_date(rev.modified)}</time>"
        if rev.modified
        else ""
    )
    cat = category_slug(article.category)
    tags = ", ".join(
        f'<a href="{base}/tag/{category_slug(t)}/" rel="tag">{e(t)}</a>' for t in article.tags
    )
    rel = related(outlet, article)
    ticker = sorted(_others(outlet, article), key=lambda a: a.published, reverse=True)[:4]
    body = f"""<body class="post-template-default single single-post postid-{article.post_id} \
single-format-standard">
{_chrome_top(outlet, base, ticker)}<div id="primary" class="content-area">
<main id="main" class="site-main">
<article id="post-{article.post_id}" class="post-{article.post_id} post type-post status-publish \
format-standard has-post-thumbnail hentry category-{cat}">
<header class="entry-header"><span class="cat-links"><a href="{base}/category/{cat}/" \
rel="category tag">{e(article.category)}</a></span>
<h1 class="entry-title">{e(rev.title)}</h1>
<div class="entry-meta"><span class="byline">By {byline}</span> <span class="posted-on">\
<time class="entry-date published" datetime="{pub.isoformat()}">{human_date(pub)}</time>\
{updated}</span></div>
</header>
{_entry_content(article, base)}
<footer class="entry-footer"><span class="tags-links">Tags: {tags}</span></footer>
</article>
<section class="related-posts jp-relatedposts"><h3 class="jp-relatedposts-headline">\
Related posts</h3>{_link_list(base, rel, "ul", "related-list")}</section>
{_comments(article, base)}</main>
</div>
{_sidebar(outlet, base)}{_chrome_bottom(outlet, base)}"""
    title = f"{rev.title} – {outlet.name}"
    return _head(outlet, base, title, _article_meta(outlet, article, base)) + body


def home_page(outlet: Outlet, base: str, category: str | None = None) -> str:
    """Front page (or one category's archive): live posts, newest first, with excerpts."""
    live = [a for a in outlet.live() if category in (None, category_slug(a.category))]
    posts = "\n".join(
        f'<article id="post-{a.post_id}" class="post-{a.post_id} post type-post hentry '
        f'category-{category_slug(a.category)}"><header class="entry-header">'
        f'<h2 class="entry-title"><a href="{base}{a.path}" rel="bookmark">'
        f'{e(a.revision.title)}</a></h2><div class="entry-meta"><time class="entry-date '
        f'published" datetime="{a.published.isoformat()}">{human_date(a.published)}</time>'
        f'</div></header><div class="entry-summary"><p>{excerpt(a.revision.paragraphs)}</p>'
        f'</div><a class="more-link" href="{base}{a.path}">Continue reading</a></article>'
        for a in live
    )
    where = f"/category/{category}/" if category else "/"
    label = next((name for name, slug in MENU if slug == category), category)
    title = f"{label} Archives – {outlet.name}" if category else f"{outlet.name} – {TAGLINE}"
    ticker = live[:4]
    return (
        _head(outlet, base, title, f'<link rel="canonical" href="{base}{where}">\n')
        + (
            f'<body class="archive category category-{category}">\n'
            if category
            else '<body class="home blog">\n'
        )
        + _chrome_top(outlet, base, ticker)
        + f'<div id="primary" class="content-area"><main id="main" class="site-main">\n{posts}\n'
        + "</main></div>\n"
        + _sidebar(outlet, base)
        + _chrome_bottom(outlet, base)
    )


def not_found_page(outlet: Outlet, base: str) -> str:
    """The theme's 404 template."""
    ticker = sorted(_others(outlet, None), key=lambda a: a.published, reverse=True)[:4]
    return (
        _head(outlet, base, f"Page not found – {outlet.name}")
        + '<body class="error404">\n'
        + _chrome_top(outlet, base, ticker)
        + '<div id="primary" class="content-area"><main id="main" class="site-main">'
        + '<section class="error-404 not-found"><header class="page-header">'
        + '<h1 class="page-title">Oops! That page can&rsquo;t be found.</h1></header>'
        + '<div class="page-content"><p>It looks like nothing was found at this location. '
        + "Maybe try one of the links below or a search?</p></div></section></main></div>\n"
        + _sidebar(outlet, base)
        + _chrome_bottom(outlet, base)
    )
