"""A KCNA-like state news agency: no feeds, no sitemap, only paginated listing pages.

State media are why nkmon keeps versions: they delete articles (the page then answers 200 with
the literal body ``NULL``, as KCNA's did after the 2013 purge) and stealth-edit them (a named
official vanishes without a correction note). The site also answers slowly, has heavy menu
chrome around short articles, and dates pages in the Juche calendar, all of which the crawler
and the extractor must cope with. Texts live in :mod:`nkmon.replica.statemedia_texts`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any
from urllib.parse import parse_qs

from nkmon.replica import statemedia_texts as texts
from nkmon.replica.site import BaseSite, Response

HTML = "text/html; charset=utf-8"
NULL_BODY = b"NULL"
PER_PAGE = 8
ARTICLE_PATTERN = r"/(en|kp)/article/q/[0-9a-f]{32}\.kcmsf$"
NEXT_PATTERN = r"\?page=\d+$"
DEFAULT_DELAY = 0.2
DEFAULT_LISTING_DELAY = 0.1
#: URL section of each article language ("kp" is KCNA's own code for Korean).
SECTIONS = {"en": "en", "ko": "kp"}
MAX_PAGES = {"en": 5, "ko": 2}
NEXT = {"en": "Next", "ko": "다음"}


def _hex(text: str) -> str:
    """32 hex digits derived from ``text``: stable ids like the agency's opaque ``q/`` paths."""
    return hashlib.md5(text.encode()).hexdigest()


LISTING_IDS = {lang: _hex(f"category/articles/{sec}") for lang, sec in SECTIONS.items()}


def juche_date(dt: datetime, language: str) -> str:
    """The date as the agency prints it: Juche year = Gregorian year - 1911."""
    year = dt.year - 1911
    if language == "ko":
        return f"주체{year}({dt.year})년 {dt.month}월 {dt.day}일"
    return f"Juche{year}.{dt.month}.{dt.day}."


def e(text: str) -> str:
    return escape(text, quote=True)


@dataclass(frozen=True)
class StateRevision:
    """One text of an article; later ones silently replace it (no "updated" marker)."""

    title: str
    paragraphs: tuple[str, ...]


@dataclass
class StateArticle:
    """An agency article; ``key`` is a readable slug, the URL only shows a hash of it."""

    key: str
    language: str  # "en" or "ko"
    published: datetime  # tz-aware, Pyongyang time
    revisions: tuple[StateRevision, ...]
    leader: bool = False  # listed under "Kim Jong Un's Revolutionary Activities"
    current: int = 0
    deleted: bool = False

    @property
    def article_id(self) -> str:
        return _hex(f"{self.language}/{self.key}")

    @property
    def path(self) -> str:
        return f"/{SECTIONS[self.language]}/article/q/{self.article_id}.kcmsf"

    @property
    def revision(self) -> StateRevision:
        return self.revisions[self.current]

    @property
    def title(self) -> str:
        return self.revision.title

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """Body paragraphs of the current revision; the first one starts with the dateline."""
        return self.revision.paragraphs

    @property
    def juche_date(self) -> str:
        return juche_date(self.published, self.language)

    @property
    def date_line(self) -> str:
        """The text of the page's ``<p class="publish-time">``."""
        return f"www.kcna.kp ({self.juche_date})"


def dateline(published: datetime, language: str) -> str:
    if language == "ko":
        return f"(평양 {published.month}월 {published.day}일발 조선중앙통신) "
    return f"Pyongyang, {texts.MONTHS[published.month - 1]} {published.day} (KCNA) -- "


def _build(spec: dict[str, Any], language: str) -> StateArticle:
    """One entry of the texts module as an article with its (stealth-edited) revisions."""
    published = datetime.fromisoformat(spec["published"])
    lead = dateline(published, language)
    paragraphs = list(spec["paragraphs"])
    paragraphs[0] = lead + paragraphs[0]
    revisions = [StateRevision(spec["title"], tuple(paragraphs))]
    edit = spec.get("edit")
    if edit:
        changed = list(paragraphs)
        for index, text in edit.get("replace", {}).items():
            changed[index] = (lead if index == 0 else "") + text
        for index in sorted(edit.get("drop", ()), reverse=True):
            del changed[index]
        revisions.append(StateRevision(edit.get("title", spec["title"]), tuple(changed)))
    return StateArticle(
        key=spec["key"],
        language=language,
        published=published,
        revisions=tuple(revisions),
        leader=bool(spec.get("leader", False)),
    )


class StateMediaSite(BaseSite):
    """Articles in English and Korean plus the mutable state tests flip.

    ``delay`` (articles) and ``listing_delay`` (listing pages) make the server slow;
    ``list_deleted`` keeps deleted articles on the listing pages (default: they vanish).
    """

    languages = ("en", "ko")

    def __init__(self, articles: Iterable[StateArticle], name: str = texts.SITE_NAME) -> None:
        super().__init__()
        self.name = name
        self.articles: list[StateArticle] = list(articles)
        self.delay = DEFAULT_DELAY
        self.listing_delay = DEFAULT_LISTING_DELAY
        self.list_deleted = False

    # -- state -----------------------------------------------------------------------------

    def get(self, key: str) -> StateArticle:
        with self.lock:
            for article in self.articles:
                if article.key == key:
                    return article
        raise KeyError(key)

    def find_path(self, path: str) -> StateArticle | None:
        with self.lock:
            return next((a for a in self.articles if a.path == path), None)

    def revise(self, key: str) -> StateRevision:
        """Switch ``key`` to its next revision (the stealth edit); ValueError if none."""
        with self.lock:
            article = self.get(key)
            if article.current + 1 >= len(article.revisions):
                raise ValueError(f"article {key!r} has no further revision")
            article.current += 1
            return article.revision

    def delete(self, key: str) -> None:
        """Purge: the article's URL answers 200 ``NULL`` and it leaves the listings."""
        with self.lock:
            self.get(key).deleted = True

    def restore(self, key: str) -> None:
        with self.lock:
            self.get(key).deleted = False

    def reset(self) -> None:
        """First revisions, nothing deleted, default delays, no counted requests."""
        with self.lock:
            super().reset()
            for article in self.articles:
                article.current, article.deleted = 0, False
            self.delay = DEFAULT_DELAY
            self.listing_delay = DEFAULT_LISTING_DELAY
            self.list_deleted = False

    def listed(self, language: str) -> list[StateArticle]:
        """What the listing of ``language`` shows, newest first."""
        with self.lock:
            shown = [
                a
                for a in self.articles
                if a.language == language and (self.list_deleted or not a.deleted)
            ]
        return sorted(shown, key=lambda a: a.published, reverse=True)

    def pages(self, language: str) -> int:
        return max(1, -(-len(self.listed(language)) // PER_PAGE))

    # -- URLs ------------------------------------------------------------------------------

    def path_for(self, key: str) -> str:
        return self.get(key).path

    @staticmethod
    def listing_path(language: str = "en") -> str:
        return f"/{SECTIONS[language]}/category/articles/q/{LISTING_IDS[language]}.kcmsf"

    def listing_url(self, base: str, language: str = "en", page: int = 1) -> str:
        return base + self.listing_path(language) + (f"?page={page}" if page > 1 else "")

    def discovery(self, base: str) -> dict[str, Any]:
        return {
            "listings": [
                {
                    "url": self.listing_url(base, language),
                    "article_pattern": ARTICLE_PATTERN,
                    "next_pattern": NEXT_PATTERN,
                    "max_pages": MAX_PAGES[language],
                }
                for language in ("en", "ko")
            ],
            "article_pattern": ARTICLE_PATTERN,
        }

    # -- HTTP ------------------------------------------------------------------------------

    def route(self, path: str, query: str, base: str) -> Response:
        if path == "/robots.txt":
            return Response(200, "text/plain; charset=utf-8", b"User-agent: *\nDisallow:\n")
        if path == "/":
            return Response(200, HTML, index_page(self).encode())
        for language in SECTIONS:
            if path == self.listing_path(language):
                page = _page_number(query)
                body = listing_page(self, language, page).encode()
                return Response(200, HTML, body, delay=self.listing_delay)
        article = self.find_path(path)
        if article is None:
            return Response(404, HTML, texts.NOT_FOUND.encode())
        if article.deleted:
            return Response(200, HTML, NULL_BODY, delay=self.delay)
        return Response(200, HTML, article_page(self, article).encode(), delay=self.delay)


def _page_number(query: str) -> int:
    """``?page=N`` as the CMS reads it: anything unreadable is page 1."""
    try:
        return max(1, int(parse_qs(query).get("page", ["1"])[0]))
    except ValueError:
        return 1


def state_media_site() -> StateMediaSite:
    """The bundled agency: 20 English and 4 Korean articles, newest first on the listings."""
    english = [_build(spec, "en") for spec in texts.ENGLISH]
    korean = [_build(spec, "ko") for spec in texts.KOREAN]
    return StateMediaSite(english + korean)


# -- rendering (pure functions of site state; the caller holds the lock) -------------------


def _head(title: str, language: str) -> str:
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" \
"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="{language}">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{e(title)}</title>
<link href="/css/common.css" rel="stylesheet" type="text/css" />
<link href="/css/{SECTIONS[language]}/layout.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/js/jquery-1.8.3.min.js"></script>
<script type="text/javascript" src="/js/menu.js"></script>
</head>
"""


def _top(language: str) -> str:
    sec = SECTIONS[language]
    langs = "".join(
        f'<li class="{"on" if code == sec else ""}"><a href="/{code}/index.kcmsf">{e(label)}</a>'
        "</li>"
        for label, code in texts.LANGUAGES
    )
    hrefs = [
        f"/{sec}/category/articles/q/{_hex(label + sec)}.kcmsf"
        for label in texts.TOP_MENU[language]
    ]
    hrefs[3] = StateMediaSite.listing_path(language)  # "Latest News" is the article list
    menu = "".join(
        f'<li class="menu-item"><a href="{href}">{e(label)}</a></li>'
        for href, label in zip(hrefs, texts.TOP_MENU[language], strict=True)
    )
    return f"""<body>
<div id="wrapper">
<table class="header-table" width="1000" border="0" cellpadding="0" cellspacing="0"><tr>
<td class="logo"><a href="/"><img src="/siteFiles/images/logo_{sec}.png" alt="KCNA" \
width="320" height="72" /></a></td>
<td class="date-box"><span id="today-date"></span></td>
<td class="lang-switcher"><ul class="lang-list">{langs}</ul></td>
</tr></table>
<div class="top-menu"><ul class="menu-list">{menu}</ul></div>
"""


def _left(site: StateMediaSite, language: str) -> str:
    activities = [a for a in site.listed(language) if a.leader][:6]
    items = "".join(
        f'<li><a href="{a.path}">{e(a.title)}</a> <span class="publish-time">'
        f"[{e(a.juche_date)}]</span></li>"
        for a in activities
    )
    return f"""<div class="left-column">
<div class="menu-block activities"><div class="menu-title"><img \
src="/siteFiles/images/bullet.gif" alt="" /> {e(texts.TOP_MENU[language][1])}</div>
<ul class="activity-list">{items}</ul>
<div class="more"><a href="/{SECTIONS[language]}/category/revolutionary-activities/q/\
{_hex("activities" + language)}.kcmsf">More</a></div></div>
</div>
"""


def _right(language: str) -> str:
    sec = SECTIONS[language]
    photos = "".join(
        f'<li><a href="/{sec}/photo/q/{_hex(c)}.kcmsf"><img src="/siteFiles/photo/thumb/'
        f'{_hex(c)[:12]}.jpg" width="180" height="120" alt="" /><br />{e(c)}</a></li>'
        for c in texts.PHOTO_CAPTIONS
    )
    videos = "".join(
        f'<li><a href="/{sec}/video/q/{_hex(c)}.kcmsf">{e(c)}</a></li>'
        for c in texts.VIDEO_CAPTIONS
    )
    photo, video = texts.TOP_MENU[language][5:7]
    return f"""<div class="right-column">
<div class="photo-block"><div class="block-title">{photo}</div><ul class="photo-list">\
{photos}</ul></div>
<div class="video-block"><div class="block-title">{video}</div><ul class="video-list">\
{videos}</ul></div>
</div>
"""


def _bottom() -> str:
    return f"""<div class="footer"><table width="1000" border="0" cellpadding="0" \
cellspacing="0"><tr><td class="footer-text">{e(texts.FOOTER)}</td></tr></table></div>
</div>
</body>
</html>
"""


def _frame(site: StateMediaSite, language: str, title: str, center: str) -> str:
    return (
        _head(title, language)
        + _top(language)
        + '<div class="main-container">\n'
        + _left(site, language)
        + f'<div class="center-column">\n{center}</div>\n'
        + _right(language)
        + '<div class="clear"></div></div>\n'
        + _bottom()
    )


def article_page(site: StateMediaSite, article: StateArticle) -> str:
    """The article template: title, Juche date line, body paragraphs and ``-0-``."""
    end = "<p>-0-</p>" if article.language == "en" else ""
    body = "\n".join(f"<p>{e(p)}</p>" for p in article.paragraphs)
    center = f"""<div class="article-main-frame">
<div class="article-content-title"><h1 class="article-title">{e(article.title)}</h1></div>
<p class="publish-time">{e(article.date_line)}</p>
<div class="content-wrapper">
{body}
{end}
</div>
<div class="article-tools"><a href="javascript:window.print();">Print</a> | \
<a href="#wrapper">Top</a></div>
</div>
"""
    return _frame(site, article.language, article.title, center)


def listing_page(site: StateMediaSite, language: str, page: int) -> str:
    """Page ``page`` of the article list (empty beyond the last page)."""
    shown = site.listed(language)[(page - 1) * PER_PAGE : page * PER_PAGE]
    items = "\n".join(
        f'<li><a href="{a.path}">{e(a.title)}</a> <span class="publish-time">'
        f"[{e(a.juche_date)}]</span></li>"
        for a in shown
    )
    path = site.listing_path(language)
    pages = site.pages(language)
    links = []
    for n in range(1, pages + 1):
        href = path + (f"?page={n}" if n > 1 else "")
        links.append(
            f'<span class="current">{n}</span>' if n == page else f'<a href="{href}">{n}</a>'
        )
    if page < pages:
        links.append(f'<a class="next" href="{path}?page={page + 1}">{NEXT[language]}</a>')
    latest = texts.TOP_MENU[language][3]
    center = f"""<div class="article-list-frame">
<div class="category-title">{e(latest)}</div>
<ul class="article-link">
{items}
</ul>
<div class="pagination">{" ".join(links)}</div>
</div>
"""
    return _frame(site, language, f"{latest} | KCNA", center)


def index_page(site: StateMediaSite) -> str:
    """The language-choice splash page at ``/``."""
    links = "".join(
        f'<li><a href="{site.listing_path(lang)}">{e(label)}</a></li>'
        for lang, label in (("ko", "조선어"), ("en", "English"))
    )
    return (
        _head(site.name, "en")
        + f'<body><div id="wrapper"><ul class="lang-select">{links}</ul>'
        + f'<div class="footer">{e(texts.FOOTER)}</div></div></body></html>\n'
    )
