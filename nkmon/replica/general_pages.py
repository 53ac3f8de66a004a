"""HTML of the wire-service replica: a news-agency layout with heavy page furniture.

Pure functions of site state and the base URL; the caller holds the site lock. The story sits
in ``<div class="story-news article">``; around it are the menu (with "North Korea" in it),
ads, "Most Viewed" (North Korea headlines first), related stories, a newsletter box and the
footer, none of which extraction should keep.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from nkmon.replica.general_texts import AD_TEXT, NAV, NEWSLETTER_TEXT
from nkmon.replica.pages import e

if TYPE_CHECKING:
    from nkmon.replica.general import GeneralOutlet, WireArticle


def stamp(article: WireArticle) -> str:
    """Wire-style timestamp in the newsroom's time zone: "2026-11-18 10:12"."""
    return f"{article.published:%Y-%m-%d %H:%M}"


def most_viewed(outlet: GeneralOutlet, article: WireArticle | None) -> list[WireArticle]:
    """A fixed ranking, North Korea stories first (what readers click), never the page itself."""
    ranked = sorted(outlet.articles, key=lambda a: (not a.about_north_korea, a.key))
    return [a for a in ranked if a is not article][:5]


def _list(base: str, articles: list[WireArticle], cls: str, tag: str = "ul") -> str:
    """Widgets show the first title of each story (they are cached; edits do not reach them)."""
    items = "".join(
        f'<li><a href="{base}{a.path}" class="tit-wrap">{e(a.revisions[0].title)}</a></li>'
        for a in articles
    )
    return f'<{tag} class="{cls}">{items}</{tag}>'


def _ad(slot: str) -> str:
    return (
        f'<div class="ad-box ad-{slot}"><span class="ad-label">{AD_TEXT}</span>'
        f'<a href="https://ads.example.invalid/click?slot={slot}" rel="sponsored nofollow">'
        f'<img src="/img/ads/{slot}.png" width="300" height="250" alt=""></a></div>'
    )


def _head(outlet: GeneralOutlet, base: str, title: str, extra: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
{extra}<link rel="alternate" type="application/rss+xml" title="{e(outlet.name)}" \
href="{base}/RSS/news.xml">
<link rel="stylesheet" href="/css/en/common.css?v=20261101">
</head>
"""


def _top(outlet: GeneralOutlet, base: str) -> str:
    nav = "".join(f'<li><a href="{base}{where}">{e(label)}</a></li>' for label, where in NAV)
    return f"""<div id="skipNav"><a href="#container">Skip to content</a></div>
<header id="header" class="header">
<div class="logo"><a href="{base}/"><img src="/img/logo-en.svg" alt="{e(outlet.name)}"></a></div>
<nav class="gnb" aria-label="Sections"><ul class="gnb-list">{nav}</ul></nav>
<div class="lang-select"><a href="#">한국어</a> <a href="#">中文</a> <a href="#">日本語</a></div>
{_ad("top")}
</header>
<div id="container" class="container">
"""


def _aside(outlet: GeneralOutlet, article: WireArticle | None, base: str) -> str:
    return f"""<aside class="aside">
<div class="most-viewed"><h2 class="tit-sub">Most Viewed</h2>\
{_list(base, most_viewed(outlet, article), "list-rank", "ol")}</div>
{_ad("side")}
<div class="newsletter-box"><p>{e(NEWSLETTER_TEXT)}</p>\
<form action="{base}/newsletter" method="post"><input type="email" name="email" \
placeholder="Email"><button type="submit">Subscribe</button></form></div>
</aside>
"""


def _bottom(outlet: GeneralOutlet, base: str) -> str:
    return f"""</div>
<footer id="footer" class="footer"><ul class="footer-menu">\
<li><a href="{base}/about">About Us</a></li><li><a href="{base}/contact">Contact Us</a></li>\
<li><a href="{base}/terms">Terms of Use</a></li><li><a href="{base}/privacy">Privacy Policy</a>\
</li><li><a href="{base}/RSS/news.xml">RSS</a></li></ul>\
<p class="copyright">Copyright (c) {e(outlet.name)}. All rights reserved.</p></footer>
<script src="/js/en/common.js?v=20261101"></script>
</body>
</html>
"""


def _meta(outlet: GeneralOutlet, article: WireArticle, base: str) -> str:
    url = base + article.path
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.published.isoformat(),
        "dateModified": article.last_modified.isoformat(),
        "author": {"@type": "Person", "name": article.author},
        "articleSection": article.section,
        "publisher": {"@type": "Organization", "name": outlet.name},
        "mainEntityOfPage": url,
    }
    ld_json = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
    lead = article.revision.paragraphs[0]
    return f"""<meta name="description" content="{e(lead[:160])}">
<link rel="canonical" href="{url}">
<meta property="og:type" content="article">
<meta property="og:title" content="{e(article.title)}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{e(outlet.name)}">
<meta property="article:section" content="{e(article.section)}">
<meta property="article:published_time" content="{article.published.isoformat()}">
<meta property="article:modified_time" content="{article.last_modified.isoformat()}">
<meta name="byline" content="{e(article.author)}">
<script type="application/ld+json">{ld_json}</script>
"""


def article_page(outlet: GeneralOutlet, article: WireArticle, base: str) -> str:
    """One story: headline, byline, dated body ending in "(END)", then the furniture."""
    body = "\n".join(f"<p>{e(p)}</p>" for p in article.paragraphs)
    email = article.author.lower().replace(" ", "").replace("-", "") + "@hanbitnews.example"
    updated = (
        f'<p class="update-time">Updated {article.last_modified:%Y-%m-%d %H:%M}</p>'
        if article.revision.modified
        else ""
    )
    related = [a for a in outlet.articles if a.section == article.section and a is not article]
    page = f"""<body class="article-view">
{_top(outlet, base)}<div class="content03">
<div class="title-article01"><span class="section-name">{e(article.section)}</span>\
<h1 class="tit">{e(article.title)}</h1><p class="publish-time">{stamp(article)}</p>{updated}</div>
<div class="writer-zone"><span class="tit-writer">By {e(article.author)}</span></div>
<article class="story-news article">
{body}
<p class="txt-copyright">{email}<br>(END)</p>
</article>
<div class="article-sns"><span>Share</span> <a href="https://www.facebook.com/sharer.php?u=\
{base}{article.path}">Facebook</a> <a href="https://twitter.com/intent/tweet?url={base}\
{article.path}">X</a></div>
{_ad("inline")}
<div class="related-zone"><h2 class="tit-sub">Related Articles</h2>\
{_list(base, related[:3], "list-related")}</div>
</div>
{_aside(outlet, article, base)}{_bottom(outlet, base)}"""
    title = f"{article.title} | {outlet.name}"
    return _head(outlet, base, title, _meta(outlet, article, base)) + page


def _teasers(base: str, articles: list[WireArticle]) -> str:
    return "\n".join(
        f'<li class="item-box"><a href="{base}{a.path}" class="tit-wrap"><strong class="tit">'
        f'{e(a.title)}</strong></a><p class="lead">{e(a.paragraphs[0][:140])}…</p>'
        f'<span class="txt-time">{stamp(a)}</span></li>'
        for a in articles
    )


def section_page(outlet: GeneralOutlet, section: str, base: str) -> str:
    """``/nk/index`` and friends: the live stories of one section, newest first."""
    live = [a for a in outlet.live() if a.section == section]
    return (
        _head(outlet, base, f"{section} | {outlet.name}")
        + '<body class="section-list">\n'
        + _top(outlet, base)
        + f'<div class="content03"><h1 class="tit-section">{e(section)}</h1>'
        + f'<ul class="list-type038">{_teasers(base, live)}</ul></div>\n'
        + _aside(outlet, None, base)
        + _bottom(outlet, base)
    )


def home_page(outlet: GeneralOutlet, base: str) -> str:
    """Front page: all live stories, newest first."""
    return (
        _head(outlet, base, f"{outlet.name} | Korea's news agency")
        + '<body class="main">\n'
        + _top(outlet, base)
        + '<div class="content03"><h2 class="tit-section">Latest News</h2>'
        + f'<ul class="list-type038">{_teasers(base, outlet.live())}</ul></div>\n'
        + _aside(outlet, None, base)
        + _bottom(outlet, base)
    )


def not_found_page(outlet: GeneralOutlet, base: str) -> str:
    return (
        _head(outlet, base, f"Page Not Found | {outlet.name}")
        + '<body class="error">\n'
        + _top(outlet, base)
        + '<div class="content03 error-page"><h1>The page you requested cannot be found.</h1>'
        + "<p>The article may have been removed or its address may have changed.</p></div>\n"
        + _aside(outlet, None, base)
        + _bottom(outlet, base)
    )
