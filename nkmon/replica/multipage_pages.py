"""HTML of the multi-page Japanese outlet: a WordPress theme with ``<!--nextpage-->`` posts.

Pure functions of outlet state and the base URL; the caller holds the outlet lock. Every page
of a post repeats the title, byline and boilerplate (menus, cookie banner, related posts,
ranking, donation box, comments) and shows only its own part of the body, as WordPress does.
"""

from __future__ import annotations

import json
import zlib
from datetime import datetime
from typing import TYPE_CHECKING

from nkmon.replica.multipage_texts import (
    AGENCY,
    JA_COMMENTS,
    JA_COOKIE_TEXT,
    JA_MENU,
    TAGLINE,
)
from nkmon.replica.pages import e

if TYPE_CHECKING:
    from nkmon.replica.multipage import MultipageArticle, MultipageOutlet

FEED_PATH = "/apn/feed/index.xml"  # not WordPress's /feed/: the outlet's own path
THEME = "/apn/wp-content/themes/penfront"
DONATION_TEXT = "アジア・ペンの取材活動は、読者の皆さまからのご寄付に支えられています。"


def ja_date(dt: datetime) -> str:
    return f"{dt.year}年{dt.month}月{dt.day}日"


def byline(name: str) -> str:
    """ASIAPRESS style: "名前（社名）", except for the newsroom's own signature."""
    return name if name.startswith(AGENCY) else f"{name}（{AGENCY}）"


def _others(outlet: MultipageOutlet, article: MultipageArticle | None) -> list[MultipageArticle]:
    return [a for a in outlet.articles if a is not article]


def _links(base: str, articles: list[MultipageArticle], cls: str, tag: str = "ul") -> str:
    """Widget lists show the original titles (cached widgets do not follow edits)."""
    items = "".join(
        f'<li><a href="{base}{a.path}">{e(a.revisions[0].title)}</a></li>' for a in articles
    )
    return f'<{tag} class="{cls}">{items}</{tag}>'


def _head(outlet: MultipageOutlet, base: str, title: str, extra: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
{extra}<link rel="alternate" type="application/rss+xml" title="{e(outlet.name)} &raquo; フィード" \
href="{base}{FEED_PATH}">
<link rel="stylesheet" id="penfront-style-css" href="{THEME}/style.css?ver=3.1.0" media="all">
<meta name="generator" content="WordPress 6.5.5">
</head>
"""


def _top(outlet: MultipageOutlet, base: str, ticker: list[MultipageArticle]) -> str:
    menu = "".join(
        f'<li class="menu-item"><a href="{base}/apn/category/{slug}/">{e(label)}</a></li>'
        for label, slug in JA_MENU
    )
    return f"""<div id="cookie-law-info-bar" class="cli-bar-container" role="dialog">\
<span class="cli-bar-message">{e(JA_COOKIE_TEXT)}</span>\
<a role="button" class="cli_action_button cli-accept-button">同意する</a> \
<a href="{base}/apn/privacy/" class="cli-plugin-main-link">詳しく見る</a></div>
<div id="page" class="site">
<header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="{base}/apn/" rel="home">\
{e(outlet.name)}</a></p><p class="site-description">{e(TAGLINE)}</p></div>
<nav id="site-navigation" class="main-navigation" aria-label="メインメニュー">\
<ul id="primary-menu" class="menu">{menu}</ul></nav>
<form role="search" method="get" class="search-form" action="{base}/apn/"><label>\
<span class="screen-reader-text">検索:</span><input type="search" class="search-field" \
placeholder="検索 &hellip;" name="s"></label><input type="submit" value="検索"></form>
</header>
<div class="news-ticker"><span class="ticker-label">新着</span>\
{_links(base, ticker, "ticker-items")}</div>
<div id="content" class="site-content">
"""


def _sidebar(outlet: MultipageOutlet, base: str) -> str:
    ranking = sorted(outlet.articles, key=lambda a: zlib.crc32(a.key.encode()))[:4]
    return f"""<aside id="secondary" class="widget-area">
<section class="widget widget_ranking"><h2 class="widget-title">アクセスランキング</h2>\
{_links(base, ranking, "ranking-list", "ol")}</section>
<section class="widget widget_donation"><h2 class="widget-title">取材活動へのご支援のお願い</h2>\
<p>{DONATION_TEXT}</p><a class="donate-button" href="{base}/apn/donation/">寄付する</a></section>
</aside>
"""


def _bottom(outlet: MultipageOutlet, base: str) -> str:
    return f"""</div>
<footer id="colophon" class="site-footer"><ul class="footer-menu">\
<li><a href="{base}/apn/about/">アジア・ペンについて</a></li>\
<li><a href="{base}/apn/contact/">お問い合わせ</a></li>\
<li><a href="{base}/apn/privacy/">プライバシーポリシー</a></li>\
<li><a href="{base}{FEED_PATH}">RSS</a></li></ul>\
<p class="copyright">&copy; 2026 {e(outlet.name)} 無断転載を禁じます</p></footer>
</div>
<script src="{THEME}/js/navigation.js?ver=3.1.0"></script>
</body>
</html>
"""


def _meta(outlet: MultipageOutlet, article: MultipageArticle, number: int, base: str) -> str:
    url = base + article.page_path(number)
    rev = article.revision
    desc = article.pages[0][0][:80] + "…"
    rel = ""
    if number > 1:
        rel += f'<link rel="prev" href="{base}{article.page_path(number - 1)}">\n'
    if number < article.page_count:
        rel += f'<link rel="next" href="{base}{article.page_path(number + 1)}">\n'
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": rev.title,
        "author": [{"@type": "Person", "name": n} for n in rev.authors],
        "datePublished": article.published.isoformat(),
        "dateModified": article.last_modified.isoformat(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": base + article.path},
        "inLanguage": "ja",
        "publisher": {"@type": "Organization", "name": outlet.name},
    }
    ld_json = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
    modified = (
        f'<meta property="article:modified_time" content="{rev.modified.isoformat()}">\n'
        if rev.modified
        else ""
    )
    return f"""<meta name="description" content="{e(desc)}">
<link rel="canonical" href="{url}">
{rel}<meta property="og:locale" content="ja_JP">
<meta property="og:type" content="article">
<meta property="og:title" content="{e(rev.title)}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{e(outlet.name)}">
<meta property="article:published_time" content="{article.published.isoformat()}">
{modified}<meta name="author" content="{e("、".join(rev.authors))}">
<script type="application/ld+json">{ld_json}</script>
"""


def page_links(article: MultipageArticle, number: int, base: str) -> str:
    """``wp_link_pages()``: the current page as a span, the others as links."""
    if article.page_count == 1:
        return ""
    parts = []
    for n in range(1, article.page_count + 1):
        if n == number:
            parts.append(f'<span class="post-page-numbers current" aria-current="page">{n}</span>')
        else:
            href = base + article.page_path(n)
            parts.append(f'<a href="{href}" class="post-page-numbers">{n}</a>')
    return f'<div class="page-links">ページ: {" ".join(parts)}</div>\n'


def _content(article: MultipageArticle, number: int, base: str) -> str:
    figure = ""
    if number == 1 and article.caption:
        image = f"/apn/wp-content/uploads/{article.published:%Y/%m}/{article.key}-01.jpg"
        figure = (
            f'<figure class="wp-block-image size-large"><img src="{image}" width="800" '
            f'height="533" alt="" class="wp-image-{article.number + 1}">'
            f'<figcaption class="wp-element-caption">{e(article.caption)}</figcaption></figure>\n'
        )
    body = "\n".join(f"<p>{e(p)}</p>" for p in article.pages[number - 1])
    note = ""
    if number == article.page_count and article.footnote:
        note = f'\n<p class="has-small-font-size">{e(article.footnote)}</p>'
    # The theme calls wp_link_pages() after the content div, in a labelled <nav>.
    links = page_links(article, number, base)
    nav = (
        f'<nav class="post-page-navigation" aria-label="ページ送り">{links}</nav>\n'
        if links
        else ""
    )
    return f'<div class="entry-content">\n{figure}{body}{note}\n</div>\n{nav}'


def _comments(article: MultipageArticle, base: str) -> str:
    items = "".join(
        f'<li id="comment-{article.number * 10 + i}" class="comment depth-1">'
        f'<article class="comment-body"><footer class="comment-meta"><div class="comment-author '
        f'vcard"><b class="fn">{e(author)}</b> <span class="says">より:</span></div>'
        f'<div class="comment-metadata"><time datetime="{posted}">'
        f"{ja_date(datetime.fromisoformat(posted))}</time></div></footer>"
        f'<div class="comment-content"><p>{e(text)}</p></div>'
        f'<div class="reply"><a rel="nofollow" class="comment-reply-link" href="#respond">返信</a>'
        f"</div></article></li>"
        for i, (author, posted, text) in enumerate(JA_COMMENTS)
    )
    title = e(article.revisions[0].title)
    return f"""<div id="comments" class="comments-area">
<h2 class="comments-title">「{title}」への{len(JA_COMMENTS)}件のフィードバック</h2>
<ol class="comment-list">{items}</ol>
<div id="respond" class="comment-respond"><h3 class="comment-reply-title">コメントを残す</h3>\
<form action="{base}/apn/wp-comments-post.php" method="post" class="comment-form">\
<p class="comment-notes">メールアドレスが公開されることはありません。</p>\
<textarea name="comment" cols="45" rows="6" required></textarea>\
<input name="submit" type="submit" value="コメントを送信"></form></div>
</div>
"""


def article_page(outlet: MultipageOutlet, article: MultipageArticle, number: int, base: str) -> str:
    """Page ``number`` of ``article``: same header on every page, that page's paragraphs."""
    rev = article.revision
    pub = article.published
    names = "、".join(
        f'<span class="author vcard"><a class="url fn n" href="{base}/apn/author/'
        f'{zlib.crc32(n.encode()) % 1000}/">{e(byline(n))}</a></span>'
        for n in rev.authors
    )
    updated = (
        f' <time class="updated" datetime="{rev.modified.isoformat()}">更新：'
        f"{ja_date(rev.modified)}</time>"
        if rev.modified
        else ""
    )
    tags = "、".join(f'<a href="{base}/apn/tag/{e(t)}/" rel="tag">{e(t)}</a>' for t in article.tags)
    others = _others(outlet, article)
    related = sorted(others, key=lambda a: a.section != article.section)[:3]
    ticker = sorted(others, key=lambda a: a.published, reverse=True)[:4]
    share = (
        '<div class="share-buttons"><span class="share-label">この記事をシェア</span>'
        f'<a class="share-x" href="https://twitter.com/intent/tweet?url={base}{article.path}">'
        'X</a> <a class="share-facebook" href="https://www.facebook.com/sharer.php?u='
        f'{base}{article.path}">Facebook</a> <a class="share-line" href="https://line.me/R/msg/'
        f'text/?{base}{article.path}">LINE</a></div>'
    )
    body = f"""<body class="post-template-default single single-post postid-{article.number} \
paged-{number}">
{_top(outlet, base, ticker)}<div id="primary" class="content-area">\
<main id="main" class="site-main">
<article id="post-{article.number}" class="post-{article.number} post type-post status-publish \
has-post-thumbnail category-{article.section}">
<header class="entry-header"><div class="entry-category"><a href="{base}/apn/category/\
{article.section}/" rel="category tag">{e(article.category)}</a></div>
<h1 class="entry-title">{e(rev.title)}</h1>
<div class="entry-meta"><span class="byline">{names}</span> <span class="posted-on">\
<time class="entry-date published" datetime="{pub.isoformat()}">{ja_date(pub)}</time>{updated}\
</span></div>
</header>
{_content(article, number, base)}{share}
<footer class="entry-footer"><span class="tags-links">タグ: {tags}</span></footer>
</article>
<section class="related-posts"><h3 class="related-title">関連記事</h3>\
{_links(base, related, "related-list")}</section>
{_comments(article, base)}</main></div>
{_sidebar(outlet, base)}{_bottom(outlet, base)}"""
    title = f"{rev.title} | {outlet.name}"
    return _head(outlet, base, title, _meta(outlet, article, number, base)) + body


def home_page(outlet: MultipageOutlet, base: str) -> str:
    """Front page: live posts, newest first, with the first sentences of page 1."""
    live = outlet.live()
    posts = "\n".join(
        f'<article class="post-{a.number} post category-{a.section}"><h2 class="entry-title">'
        f'<a href="{base}{a.path}" rel="bookmark">{e(a.title)}</a></h2>'
        f'<time class="entry-date" datetime="{a.published.isoformat()}">{ja_date(a.published)}'
        f'</time><div class="entry-summary"><p>{e(a.pages[0][0][:90])}…</p></div></article>'
        for a in live
    )
    return (
        _head(
            outlet,
            base,
            f"{outlet.name} | {TAGLINE}",
            f'<link rel="canonical" href="{base}/apn/">\n',
        )
        + '<body class="home blog">\n'
        + _top(outlet, base, live[:4])
        + f'<div id="primary" class="content-area"><main id="main" class="site-main">\n{posts}\n'
        + "</main></div>\n"
        + _sidebar(outlet, base)
        + _bottom(outlet, base)
    )


def not_found_page(outlet: MultipageOutlet, base: str) -> str:
    """The theme's 404 template."""
    return (
        _head(outlet, base, f"ページが見つかりませんでした | {outlet.name}")
        + '<body class="error404">\n'
        + _top(outlet, base, outlet.live()[:4])
        + '<div id="primary" class="content-area"><main id="main" class="site-main">'
        + '<section class="error-404 not-found"><h1 class="page-title">'
        + "お探しのページは見つかりませんでした。</h1><p>移動または削除された可能性があります。"
        + "検索をお試しください。</p></section></main></div>\n"
        + _sidebar(outlet, base)
        + _bottom(outlet, base)
    )
