"""Older Korean and Japanese news sites whose pages are not UTF-8.

Many Korean and Japanese outlets still serve EUC-KR or Shift_JIS, and in practice the bytes are
the vendors' supersets CP949 and CP932. Servers also get the header wrong: ``charset_header``
makes the Content-Type name the real charset ("correct"), claim UTF-8 ("wrong", a misconfigured
server) or give none ("missing", only the ``<meta>`` tag tells). Feeds carry an XML
declaration and no charset in their Content-Type. Texts live in
:mod:`nkmon.replica.legacy_texts`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape
from typing import Any
from urllib.parse import parse_qs

from nkmon.replica import legacy_texts as texts
from nkmon.replica.site import BaseSite, Response

CHARSET_MODES = ("correct", "wrong", "missing")
EUCKR_PER_PAGE = 3
EUCKR_ARTICLE_PATTERN = r"articleView\.html\?idxno=\d+$"
EUCKR_NEXT_PATTERN = r"articleList\.html\?page=\d+$"


def e(text: str) -> str:
    return escape(text, quote=True)


@dataclass
class LegacyArticle:
    """One article; ``paragraphs`` are str, the site encodes them when it serves a page."""

    key: str
    number: int  # idxno on the Korean site, the day's serial number on the Japanese one
    path: str  # may include a query (``/news/articleView.html?idxno=20415``)
    title: str
    paragraphs: tuple[str, ...]
    published: datetime  # tz-aware, local time (+09:00)
    language: str  # "ko" or "ja"
    author: str
    section: str = ""
    deleted: bool = False


class LegacySite(BaseSite):
    """Shared state and encoding rules; subclasses add URLs and templates."""

    codec = "utf-8"  # what the bytes really are
    charset = "UTF-8"  # the label in headers, <meta> and XML declarations
    not_found = ("Not Found", "Not Found")  # the 404 page's title and message

    def __init__(self, name: str, articles: Iterable[LegacyArticle]) -> None:
        super().__init__()
        self.name = name
        self.articles: list[LegacyArticle] = list(articles)
        self._charset_header = "correct"

    @property
    def charset_header(self) -> str:
        return self._charset_header

    @charset_header.setter
    def charset_header(self, mode: str) -> None:
        if mode not in CHARSET_MODES:
            raise ValueError(f"charset_header must be one of {CHARSET_MODES}, not {mode!r}")
        self._charset_header = mode

    def html_type(self) -> str:
        """Content-Type of HTML pages under the current ``charset_header`` mode."""
        if self._charset_header == "correct":
            return f"text/html; charset={self.charset}"
        if self._charset_header == "wrong":
            return "text/html; charset=UTF-8"
        return "text/html"

    def encode(self, text: str) -> bytes:
        """Strict: a character outside the codec is a bug in the replica, not mojibake."""
        return text.encode(self.codec)

    def html(self, text: str, status: int = 200, **kwargs: Any) -> Response:
        return Response(status, self.html_type(), self.encode(text), **kwargs)

    def get(self, key: str) -> LegacyArticle:
        with self.lock:
            for article in self.articles:
                if article.key == key:
                    return article
        raise KeyError(key)

    def find_path(self, path: str) -> LegacyArticle | None:
        with self.lock:
            return next((a for a in self.articles if a.path == path), None)

    def path_for(self, key: str) -> str:
        return self.get(key).path

    def delete(self, key: str) -> None:
        """The article answers 404 and leaves the listing and the feed."""
        with self.lock:
            self.get(key).deleted = True

    def restore(self, key: str) -> None:
        with self.lock:
            self.get(key).deleted = False

    def reset(self) -> None:
        """Nothing deleted, header "correct", no counted requests."""
        with self.lock:
            super().reset()
            for article in self.articles:
                article.deleted = False
            self._charset_header = "correct"

    def live(self) -> list[LegacyArticle]:
        """Published articles, newest first."""
        with self.lock:
            shown = [a for a in self.articles if not a.deleted]
        return sorted(shown, key=lambda a: a.published, reverse=True)

    def route(self, path: str, query: str, base: str) -> Response:
        if path == "/robots.txt":
            return Response(200, "text/plain", b"User-agent: *\nDisallow: /admin/\n")
        response = self.dispatch(path, query, base)
        if response is None:
            return self.html(self.not_found_page(), 404)
        return response

    def dispatch(self, path: str, query: str, base: str) -> Response | None:  # pragma: no cover
        """The subclass's routes; None means 404."""
        raise NotImplementedError

    def page(self, title: str, main: str, extra: str = "") -> str:  # pragma: no cover
        """A whole page: the theme's head and menus, ``main``, sidebar and footer."""
        raise NotImplementedError

    def not_found_page(self) -> str:
        title, message = self.not_found
        return self.page(title, f'<div id="main"><p class="error">{message}</p></div>\n')


# -- the Korean site: an old news CMS in EUC-KR (CP949 bytes) -------------------------------


class EucKrSite(LegacySite):
    """A unification-issues news site on a 2000s Korean CMS (``articleView.html?idxno=``)."""

    codec = "cp949"
    charset = "euc-kr"
    languages = ("ko",)
    not_found = (
        f"페이지를 찾을 수 없습니다 - {texts.EUCKR_NAME}",
        "요청하신 페이지를 찾을 수 없습니다.",
    )

    def pages(self) -> int:
        return max(1, -(-len(self.live()) // EUCKR_PER_PAGE))

    def discovery(self, base: str) -> dict[str, Any]:
        return {
            "feeds": [base + "/rss/allArticle.xml"],
            "listings": [
                {
                    "url": base + "/news/articleList.html?page=1",
                    "article_pattern": EUCKR_ARTICLE_PATTERN,
                    "next_pattern": EUCKR_NEXT_PATTERN,
                    "max_pages": 3,
                }
            ],
        }

    def dispatch(self, path: str, query: str, base: str) -> Response | None:
        params = parse_qs(query)
        if path in ("/", "/news/articleList.html"):
            return self.html(self.listing_page(_int(params.get("page", ["1"])[0])))
        if path == "/rss/allArticle.xml":
            return Response(200, "application/rss+xml", self.encode(self.rss(base)))
        if path == "/news/articleView.html":
            article = self.find_path(f"{path}?idxno={_int(params.get('idxno', ['0'])[0])}")
            if article is not None and not article.deleted:
                return self.html(self.article_page(article, base))
        return None

    def page(self, title: str, main: str, extra: str = "") -> str:
        menu = "".join(
            f'<li><a href="/news/articleList.html?sc_section_code=S1N{i}">{e(m)}</a></li>'
            for i, m in enumerate(texts.EUCKR_MENU, 1)
        )
        return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={self.charset}">
<title>{e(title)}</title>
{extra}<link rel="alternate" type="application/rss+xml" title="RSS" href="/rss/allArticle.xml">
<link rel="stylesheet" href="/css/style.css" type="text/css">
<script type="text/javascript" src="/js/common.js"></script>
</head>
<body leftmargin="0" topmargin="0">
<div id="top"><div class="logo"><a href="/"><img src="/image/logo.gif" alt="{e(self.name)}"></a>\
</div><div class="tagline">{e(texts.EUCKR_TAGLINE)}</div>
<ul class="menu">{menu}</ul></div>
<div id="container">
{main}{texts.EUCKR_TAIL}"""

    def article_page(self, article: LegacyArticle, base: str) -> str:
        body = "\n".join(f"<p>{e(p)}</p>" for p in article.paragraphs)
        meta = (
            f'<meta property="og:title" content="{e(article.title)}">\n'
            f'<meta property="og:type" content="article">\n'
            f'<meta property="og:url" content="{e(base + article.path)}">\n'
            f'<meta property="og:site_name" content="{e(self.name)}">\n'
            f'<meta name="description" content="{e(article.paragraphs[0])}">\n'
        )
        main = f"""<div id="articleArea">
<div class="View_Path">홈 &gt; 뉴스 &gt; {e(article.section)}</div>
<div class="View_Title"><h2>{e(article.title)}</h2></div>
<div class="View_Info">{e(article.author)} | 승인 {article.published:%Y.%m.%d %H:%M}</div>
<div id="articleBody" class="View_Content">
{body}
</div>
<div class="View_Copy">{e(texts.EUCKR_COPYRIGHT)}</div>
</div>
"""
        return self.page(f"{article.title} - {self.name}", main, meta)

    def listing_page(self, page: int) -> str:
        page = max(1, page)
        shown = self.live()[(page - 1) * EUCKR_PER_PAGE : page * EUCKR_PER_PAGE]
        rows = "\n".join(
            f'<tr><td class="list-titles"><a href="{a.path}"><strong>{e(a.title)}</strong></a>'
            f'</td></tr><tr><td class="list-summary">{e(a.paragraphs[0][:60])}…</td></tr>'
            f'<tr><td class="list-dated">{e(a.section)} | {e(a.author)} | '
            f"{a.published:%Y-%m-%d %H:%M}</td></tr>"
            for a in shown
        )
        pages = self.pages()
        links = [
            f"<b>{n}</b>" if n == page else f'<a href="/news/articleList.html?page={n}">{n}</a>'
            for n in range(1, pages + 1)
        ]
        if page < pages:
            links.append(f'<a href="/news/articleList.html?page={page + 1}">[다음]</a>')
        main = f"""<div id="listArea"><h2 class="list-head">전체기사</h2>
<table class="list-table" width="100%" cellpadding="0" cellspacing="0">
{rows}
</table>
<div class="pagination">{" ".join(links)}</div>
</div>
"""
        return self.page(f"전체기사 - {self.name}", main)

    def rss(self, base: str) -> str:
        live = self.live()
        items = "".join(
            texts.EUCKR_RSS_ITEM.format(
                title=e(a.title),
                link=base + a.path,
                description=e(a.paragraphs[0]),
                section=e(a.section),
                author=e(a.author),
                date=format_datetime(a.published),
            )
            for a in live
        )
        build = format_datetime(live[0].published) if live else ""
        return texts.EUCKR_RSS.format(
            charset=self.charset, name=e(self.name), base=base, build=build, items=items
        )


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


def _article(spec: dict[str, Any], path: str, number: int, language: str) -> LegacyArticle:
    return LegacyArticle(
        key=spec["key"],
        number=number,
        path=path,
        title=spec["title"],
        paragraphs=tuple(spec["paragraphs"]),
        published=datetime.fromisoformat(spec["published"]),
        language=language,
        author=spec["author"],
        section=spec.get("section", ""),
    )


def euckr_site() -> EucKrSite:
    """The bundled Korean site: 5 articles, CP949 bytes labelled EUC-KR, RSS and 2 list pages."""
    articles = [
        _article(spec, f"/news/articleView.html?idxno={spec['idxno']}", spec["idxno"], "ko")
        for spec in texts.EUCKR_ARTICLES
    ]
    return EucKrSite(texts.EUCKR_NAME, articles)


# -- the Japanese site: static pages in Shift_JIS (CP932 bytes) ------------------------------


class SjisSite(LegacySite):
    """A Japanese news site of static files (``/news/20261120_1.html``) and an RSS 1.0 feed."""

    codec = "cp932"
    charset = "Shift_JIS"
    languages = ("ja",)
    not_found = (
        f"ページが見つかりません｜{texts.SJIS_NAME}",
        "お探しのページは見つかりませんでした。",
    )

    def discovery(self, base: str) -> dict[str, Any]:
        return {"feeds": [base + "/index.rdf"]}

    def dispatch(self, path: str, query: str, base: str) -> Response | None:
        live = self.live()
        if path in ("/", "/news/", "/news/index.html"):
            modified = live[0].published if live else None
            return self.html(self.listing_page(), last_modified=modified, conditional=True)
        if path == "/index.rdf":
            body = self.encode(self.rdf(base))
            modified = live[0].published if live else None
            return Response(
                200, "application/rdf+xml", body, last_modified=modified, conditional=True
            )
        article = self.find_path(path)
        if article is None or article.deleted:
            return None
        page = self.article_page(article)
        return self.html(page, last_modified=article.published, conditional=True)

    def page(self, title: str, main: str, extra: str = "") -> str:
        nav = "".join(f'<li><a href="/{i}/">{e(m)}</a></li>' for i, m in enumerate(texts.SJIS_MENU))
        ranking = "".join(f'<li><a href="{a.path}">{e(a.title)}</a></li>' for a in self.live()[:3])
        return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html lang="ja">
<head>
<meta charset="{self.charset}">
<title>{e(title)}</title>
{extra}<link rel="alternate" type="application/rss+xml" title="RSS" href="/index.rdf">
<link rel="stylesheet" href="/css/base.css" type="text/css">
</head>
<body>
<div id="header"><h1 id="logo"><a href="/"><img src="/img/logo.gif" \
alt="{e(self.name)} - {e(texts.SJIS_TAGLINE)}"></a></h1></div>
<div id="globalnav"><ul>{nav}</ul></div>
<div id="container">
{main}<div id="sub"><h3>アクセスランキング</h3><ol>{ranking}</ol>
<p class="rss"><a href="/index.rdf"><img src="/img/rss.gif" alt="RSS"></a></p></div>
</div>
<div id="footer"><address>{e(texts.SJIS_COPYRIGHT)}</address></div>
</body>
</html>
"""

    def article_page(self, article: LegacyArticle) -> str:
        body = "\n".join(f"<p>{e(p)}</p>" for p in article.paragraphs)
        p = article.published
        when = f"{p.year}年{p.month}月{p.day}日 {p.hour}時{p.minute:02d}分"
        main = f"""<div id="main">
<div class="topicpath"><a href="/">トップ</a> &gt; <a href="/news/index.html">ニュース</a></div>
<h2 class="headline">{e(article.title)}</h2>
<div class="byline"><span class="date">{when}</span>　<span class="author">（{e(article.author)}）\
</span></div>
<div class="article-body">
{body}
</div>
<p class="pagetop"><a href="#header"><img src="/img/pagetop.gif" alt="このページの先頭へ"></a></p>
</div>
"""
        meta = f'<meta name="description" content="{e(article.paragraphs[0])}">\n'
        return self.page(f"{article.title}｜{self.name}", main, meta)

    def listing_page(self) -> str:
        items = "\n".join(
            f'<li><span class="date">{a.published:%m/%d %H:%M}</span> '
            f'<a href="{a.path}">{e(a.title)}</a></li>'
            for a in self.live()
        )
        main = (
            f'<div id="main"><h2>ニュース一覧</h2>\n<ul class="newslist">\n{items}\n</ul></div>\n'
        )
        return self.page(f"ニュース一覧｜{self.name}", main)

    def rdf(self, base: str) -> str:
        live = self.live()
        items = "".join(
            texts.SJIS_RDF_ITEM.format(
                link=base + a.path,
                title=e(a.title),
                description=e(a.paragraphs[0]),
                author=e(a.author),
                date=a.published.isoformat(),
            )
            for a in live
        )
        return texts.SJIS_RDF.format(
            charset=self.charset,
            name=e(self.name),
            base=base,
            date=live[0].published.isoformat() if live else "",
            seq="".join(f'<rdf:li rdf:resource="{base}{a.path}"/>\n' for a in live),
            items=items,
        )


def sjis_site() -> SjisSite:
    """The bundled Japanese site: 4 articles in CP932 bytes labelled Shift_JIS, RSS 1.0 feed."""
    specs = sorted(texts.SJIS_ARTICLES, key=lambda s: s["published"])
    articles: list[LegacyArticle] = []
    for spec in specs:
        published = datetime.fromisoformat(spec["published"])
        day = f"{published:%Y%m%d}"
        serial = 1 + sum(1 for a in articles if f"{a.published:%Y%m%d}" == day)
        articles.append(_article(spec, f"/news/{day}_{serial}.html", serial, "ja"))
    return SjisSite(texts.SJIS_NAME, articles)
