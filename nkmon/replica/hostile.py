"""A hostile outlet: every fault a crawler meets, each next to good articles.

:class:`HostileSite` is an ordinary replica site (its feed lists good articles
and one article URL per fault, ``/news/<fault>/``) served by
:class:`HostileServer`, which can also misbehave below HTTP: reset the
connection mid-body, send less than Content-Length, drip one byte at a time,
never answer. Until :meth:`HostileSite.turn` is called every fault URL serves
a good article of its own, so a test can archive the site first and then
check that the faults lose nothing already archived.

The faults (:data:`FAULTS`):

- compression bombs (gzip, br, deflate, zstd: 256 MiB of zeros) and a 100 MB
  page, with and without Content-Length;
- endless redirects, a redirect loop, a meta-refresh loop, redirects to
  another host and to ``file:``; a body gzipped twice;
- 503 and 429 storms with Retry-After, 403;
- a bot-challenge and a maintenance page served with 200;
- nesting deeper than libxml2's 256 levels, a 12 MB text node, 30,000 links;
- a PDF and binary bytes at article URLs, NUL bytes in the text;
- CP949 labelled UTF-8, Shift_JIS with no charset, EUC-JP declared only in a
  meta tag; Juche, Reiwa and future dates;
- (:data:`ODDITIES`, pages that are odd but real) unclosed tags, a
  ``rel=canonical`` on another domain, Hangul in NFD, full-width ASCII;
- (:data:`LOCALES`, served calm or hostile) short Korean and Japanese pages
  with no charset anywhere, in UTF-8, CP949, Shift_JIS and EUC-JP, and one
  that declares it; dates without an offset, as Seoul and Pyongyang outlets
  write them, and one with;
- below HTTP: connection reset mid-body, body shorter than Content-Length,
  broken chunking, a slow drip, no answer at all, headers and then nothing.

Discovery documents can be hostile too (:attr:`HostileSite.feeds`,
:attr:`HostileSite.sitemaps`, :attr:`HostileSite.robots`): billion laughs and
external entities in feeds and sitemaps, duplicate guids, a feed cut off
mid-item, entries without a link or guid, a sitemap of 500,000 URLs (over
DOWNLOAD_MAXSIZE, plain or gzipped) and one of 100,000 (under it), links to
``javascript:``, ``file:`` and link-local addresses, sitemap-index loops
and endless chains, sitemap bombs, robots.txt that disallows, fails, is
garbage or is 2 MiB or 20 MiB long, and listing pages that are crawler traps.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import re
import socket
import struct
import threading
import unicodedata
import zlib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from html import escape
from typing import Any

from nkmon.replica.server import ReplicaServer, _Handler, _HTTPServer
from nkmon.replica.site import HTML, RSS, TEXT, XML, BaseSite, Response, redirect

__all__ = [
    "CANARY",
    "DISCOVERY_FAULTS",
    "FAULTS",
    "LOCALES",
    "ODDITIES",
    "RAW_FAULTS",
    "HostileServer",
    "HostileSite",
    "good_paragraphs",
]

# What an external entity or a file: redirect would leak, if anything followed it.
CANARY = "nkmon-canary-7f3c1d: this text must never reach the archive"

BOMB_SIZE = 256 * 1024 * 1024
OVERSIZE_ROBOTS = 20 * 1024 * 1024  # over DOWNLOAD_MAXSIZE (16 MiB)
HUGE_SIZE = 100 * 1000 * 1000
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Article URLs the trap listings invent: endless pages, /a/a/a/..., calendars.
_TRAP = re.compile(r"^(trap-\d+-\d+|(a/)+a|calendar/\d+/\d+)$")

_TOPICS = (
    "a new housing district in Pyongyang",
    "grain prices in the markets of Hyesan",
    "a railway repair campaign in South Hamgyong",
    "fishing quotas on the east coast",
    "electricity rationing in Sinuiju",
)


def good_paragraphs(key: str) -> tuple[str, ...]:
    """Three paragraphs of a plausible North Korea story, different for each key."""
    topic = _TOPICS[sum(key.encode()) % len(_TOPICS)]
    return (
        f"Residents described {topic} in calls with our reporters this week, in the report "
        f"filed as {key}. They said local officials had announced the plan at neighbourhood "
        "meetings and asked every household to contribute labour or money.",
        "Several sources said the instructions came with little explanation and that "
        "families who could not pay were assigned extra shifts. One trader said prices for "
        "rice and corn rose after the announcement and had not yet come down.",
        "State media have not reported the measures. Analysts in Seoul said similar "
        "campaigns in earlier years were announced with fanfare and quietly scaled back "
        "when they met resistance from the people asked to carry them out.",
    )


def article_html(
    title: str,
    paragraphs: Iterable[str],
    *,
    head: str = "",
    dateline: str = "",
    lang: str = "en",
    charset: str | None = "UTF-8",
) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    date = f'<p class="date">{escape(dateline)}</p>' if dateline else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head>{meta}<title>{escape(title)}</title>'
        f'{head}</head><body><header><nav><a href="/">Home</a></nav></header>'
        f"<main><article><h1>{escape(title)}</h1>{date}\n{body}\n</article></main>"
        "<footer><p>Copyright Hostile Outlet</p></footer></body></html>\n"
    )


# -- compression bombs -------------------------------------------------------


def _zeros(chunks: int = BOMB_SIZE >> 20) -> Iterable[bytes]:
    chunk = b"\0" * (1 << 20)
    return (chunk for _ in range(chunks))


@functools.cache
def bomb(encoding: str) -> bytes:
    """256 MiB of zeros, compressed as ``encoding`` (a few hundred KiB at most)."""
    if encoding in ("gzip", "deflate"):
        wbits = 31 if encoding == "gzip" else 15
        z = zlib.compressobj(9, zlib.DEFLATED, wbits)
        return b"".join(z.compress(c) for c in _zeros()) + z.flush()
    if encoding == "br":
        import brotli

        compressor = brotli.Compressor(quality=5)
        return b"".join(compressor.process(c) for c in _zeros()) + compressor.finish()
    if encoding == "zstd":
        import zstandard

        out = io.BytesIO()
        with zstandard.ZstdCompressor().stream_writer(out, closefd=False) as writer:
            for c in _zeros():
                writer.write(c)
        return out.getvalue()
    raise ValueError(encoding)


# -- pages -------------------------------------------------------------------

CHALLENGE = """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta name="robots" content="noindex,nofollow"></head><body><div class="main-wrapper">
<div class="main-content"><h1 class="zone-name-title h1">www.hostile.example</h1>
<h2 class="h2" id="challenge-running">Checking if the site connection is secure</h2>
<p>Verify you are human by completing the action below. This process is automatic and your
browser will redirect to your requested content shortly. Please allow up to five seconds
while we check the security of your connection before proceeding to the site.</p>
<noscript><p>Enable JavaScript and cookies to continue.</p></noscript>
<p>Ray ID: 8c2f3a9b1e4d5f60 &middot; Performance and security by a protection service.</p>
</div></div></body></html>"""

MAINTENANCE = """<!DOCTYPE html><html lang="en"><head><title>Site under maintenance</title></head>
<body><main><article><h1>We'll be back soon</h1>
<p>Sorry for the inconvenience. Our website is currently undergoing scheduled maintenance
so that we can improve the service for our readers. We expect to be back online within a few
hours. Thank you for your patience while our engineers complete the upgrade of our servers
and databases. If you need to reach the newsroom in the meantime, please write to us by
e-mail and an editor will answer your message as soon as the site is available again.</p>
</article></main></body></html>"""

FORBIDDEN = (
    "<html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1>"
    "<p>You don't have permission to access this resource.</p></body></html>"
)

KO_PARAGRAPHS = (
    "평안북도 신의주시에서 전력 공급이 하루 두 시간으로 줄어들면서 주민들의 불만이 커지고 있다고 "
    "현지 소식통이 전했다. 소식통은 똠방각하라는 말이 다시 돌고 있다고 덧붙였다.",
    "소식통에 따르면 시 인민위원회는 지난주 주민회의를 열고 각 세대에 전기 절약을 지시했으며, "
    "이를 어긴 세대에는 벌금을 물리겠다고 밝혔다. 장마당의 쌀값도 함께 올랐다고 한다.",
)
JA_PARAGRAPHS = (
    "咸鏡北道の会寧市で、当局が住民に対して新たな労働動員を指示したと、現地の協力者が伝えた。"
    "協力者によると、動員は①道路補修②農村支援の二つで、髙齢者も対象に含まれるという。",
    "住民の間では不満が広がっており、市場ではコメとトウモロコシの価格が上がっている。"
    "当局はこの動員について国営メディアで報じていない。",
)


def _bare(title: str, inner: str) -> str:
    return f"<html><body><article><h1>{title}</h1>{inner}</article></body></html>"


def deep_page(key: str) -> str:
    """The story's first paragraph near the top, the rest nested 300 levels deep."""
    first, *rest = good_paragraphs(key)
    deep = "".join(f"<p>{p} Nested deep in the page.</p>" for p in rest * 8)
    return (
        f"<html><body><article><h1>Deep page {key}</h1><p>{first}</p>"
        + "<div>" * 300
        + deep
        + "</div>" * 300
        + "</article></body></html>"
    )


def huge_text_page(key: str) -> str:
    """A short first paragraph and a single 12 MB text node."""
    first = good_paragraphs(key)[0]
    node = "Pyongyang " * 1_200_000
    return _bare(f"Huge node {key}", f"<p>{first}</p><p>{node}</p>")


def links_page(key: str, n: int = 30_000) -> str:
    links = " ".join(f'<a href="/tag/t{i}/">tag {i}</a>' for i in range(n))
    first = good_paragraphs(key)[0]
    return _bare(f"Links {key}", f"<p>{first}</p><p>{links}</p>")


def nul_page(key: str) -> bytes:
    title = f"NUL\x00 bytes {key}"
    paragraphs = [p.replace(" ", " \x00", 3) for p in good_paragraphs(key)]
    head = (
        '<meta name="author" content="Kim\x00 Reporter"><meta name="description" content="a\x00b">'
    )
    return article_html(title, paragraphs, head=head).encode()


def _dated(key: str, dateline: str, head: str = "", lang: str = "en") -> bytes:
    return article_html(f"Dated {key}", good_paragraphs(key), head=head, dateline=dateline).encode()


# Each fault: what its article URL answers once the site has turned hostile.
# A raw fault (RAW_FAULTS) is answered below HTTP by HostileServer.
FAULTS: dict[str, Callable[[str, str], Response]] = {
    "bomb-gzip": lambda k, b: Response(
        200, HTML, bomb("gzip"), headers={"Content-Encoding": "gzip"}
    ),
    "bomb-br": lambda k, b: Response(200, HTML, bomb("br"), headers={"Content-Encoding": "br"}),
    "bomb-deflate": lambda k, b: Response(
        200, HTML, bomb("deflate"), headers={"Content-Encoding": "deflate"}
    ),
    "bomb-zstd": lambda k, b: Response(
        200, HTML, bomb("zstd"), headers={"Content-Encoding": "zstd"}
    ),
    "redirect-endless": lambda k, b: redirect(f"{b}/news/{k}/?hop=1", 302),
    "redirect-loop": lambda k, b: redirect(f"{b}/loop/a/", 302),
    "redirect-offsite": lambda k, b: redirect(
        b.replace("127.0.0.1", "localhost") + "/moved/elsewhere/", 301
    ),
    "redirect-file": lambda k, b: redirect("file:///etc/passwd", 302),
    "meta-refresh-loop": lambda k, b: Response(
        200,
        HTML,
        f'<html><head><meta http-equiv="refresh" content="0; url={b}/news/{k}/">'
        "</head><body>Redirecting</body></html>".encode(),
    ),
    "double-gzip": lambda k, b: Response(
        200,
        HTML,
        gzip.compress(
            gzip.compress(article_html(k, good_paragraphs(k)).encode(), mtime=0), mtime=0
        ),
        headers={"Content-Encoding": "gzip"},
    ),
    "storm-503": lambda k, b: Response(503, HTML, b"<h1>busy</h1>", headers={"Retry-After": "1"}),
    "storm-429": lambda k, b: Response(
        429, HTML, b"<h1>slow down</h1>", headers={"Retry-After": "1"}
    ),
    "forbidden": lambda k, b: Response(403, HTML, FORBIDDEN.encode()),
    "challenge": lambda k, b: Response(200, HTML, CHALLENGE.encode()),
    "maintenance": lambda k, b: Response(200, HTML, MAINTENANCE.encode()),
    "deep-nesting": lambda k, b: Response(200, HTML, deep_page(k).encode()),
    "huge-text-node": lambda k, b: Response(200, HTML, huge_text_page(k).encode()),
    "many-links": lambda k, b: Response(200, HTML, links_page(k).encode()),
    "pdf": lambda k, b: Response(200, "application/pdf", b"%PDF-1.7\n" + bytes(range(256)) * 64),
    "binary-as-html": lambda k, b: Response(
        200, "text/html", bytes((i * 7919) % 256 for i in range(60_000))
    ),
    "nul-bytes": lambda k, b: Response(200, HTML, nul_page(k)),
    "cp949-labelled-utf8": lambda k, b: Response(
        200,
        "text/html; charset=utf-8",
        article_html(f"신의주 전력난 {k}", KO_PARAGRAPHS, lang="ko", charset=None).encode("cp949"),
    ),
    "shiftjis-no-charset": lambda k, b: Response(
        200,
        "text/html",
        article_html(f"会寧で労働動員 {k}", JA_PARAGRAPHS, lang="ja", charset=None).encode("cp932"),
    ),
    "eucjp-meta-only": lambda k, b: Response(
        200,
        "text/html",
        article_html(
            f"会寧で労働動員 {k}", JA_PARAGRAPHS[1:] * 2, lang="ja", charset="EUC-JP"
        ).encode("euc_jp"),
    ),
    "date-juche": lambda k, b: Response(200, HTML, _dated(k, "주체113(2024)년 3월 9일")),
    "date-reiwa": lambda k, b: Response(200, HTML, _dated(k, "令和6年3月9日")),
    "date-future": lambda k, b: Response(
        200,
        HTML,
        _dated(
            k, "", head='<meta property="article:published_time" content="2099-01-01T09:00:00Z">'
        ),
    ),
}
# Pages that are odd but real: each must still give a correct version of its own.
NFD_PARAGRAPH = unicodedata.normalize(
    "NFD", "평양의 려명거리에서 새 살림집 입사 모임이 열렸다고 조선중앙통신이 보도했다."
)
FULLWIDTH_PARAGRAPH = (
    "ＫＣＮＡ reported that the Ｐｙｏｎｇｙａｎｇ housing district was completed."
)
OFFSITE_CANONICAL = "http://elsewhere.example/news/someone-elses-story/"


def unclosed_page(key: str) -> str:
    """No closing tag but the title's (whose text runs to ``</title>`` by the HTML
    standard): none for <p>, <b>, <div>, <h1>, <article>, <body> or <html>."""
    paragraphs = "".join(f"<div class=story><p>{p}<p><b>{key}" for p in good_paragraphs(key))
    return (
        f"<html><head><title>Unclosed {key}</title><body><article><h1>Unclosed {key}" + paragraphs
    )


ODDITIES: dict[str, Callable[[str, str], Response]] = {
    "unclosed-tags": lambda k, b: Response(200, HTML, unclosed_page(k).encode()),
    "canonical-offsite": lambda k, b: Response(
        200,
        HTML,
        article_html(
            f"Canonical elsewhere {k}",
            good_paragraphs(k),
            head=f'<link rel="canonical" href="{OFFSITE_CANONICAL}">',
        ).encode(),
    ),
    "text-nfd": lambda k, b: Response(
        200,
        HTML,
        article_html(
            unicodedata.normalize("NFD", f"려명거리 살림집 {k}"),
            [NFD_PARAGRAPH, *KO_PARAGRAPHS],
            lang="ko",
        ).encode(),
    ),
    "text-fullwidth": lambda k, b: Response(
        200,
        HTML,
        article_html(
            f"Ｆｕｌｌ－ｗｉｄｔｈ {k}", [FULLWIDTH_PARAGRAPH, *good_paragraphs(k)]
        ).encode(),
    ),
}
# Short pages (a few lines, as news flashes are) that say nothing of their charset:
# too little text for a detector to be sure of.
SHORT_KO = (
    "평양에서 새 살림집 입사 모임이 열렸다고 조선중앙통신이 보도했다. 주민들은 전기 공급이 "
    "하루 두 시간으로 줄었다고 말했으며, 장마당 쌀값도 올랐다고 현지 소식통이 전했다."
)
SHORT_JA = (
    "北朝鮮当局は国境警備を強化した。会寧市では新たな労働動員が指示され、住民の間では不満が"
    "広がっており、市場ではコメの価格が上がっているという。"
)
NAIVE_KST = "2024-05-03T10:00:00"  # 01:00 UTC
OFFSET_KST = "2024-05-03T10:00:00+09:00"
NAIVE_PYONGYANG_2016 = "2016-05-03 10:00"  # Pyongyang time was UTC+8:30: 01:30 UTC


def _short(key: str, lang: str, encoding: str, content_type: str = "text/html") -> Response:
    title, text = ("평양 살림집", SHORT_KO) if lang == "ko" else ("国境警備を強化", SHORT_JA)
    page = article_html(f"{title} {key}", [text], lang=lang, charset=None)
    return Response(200, content_type, page.encode(encoding))


def _published(key: str, value: str) -> Response:
    head = f'<meta property="article:published_time" content="{value}">'
    return Response(
        200, HTML, article_html(f"Dated {key}", good_paragraphs(key), head=head).encode()
    )


LOCALES: dict[str, Callable[[str, str], Response]] = {
    "short-ko-utf8": lambda k, b: _short(k, "ko", "utf-8"),
    "short-ko-cp949": lambda k, b: _short(k, "ko", "cp949"),
    "short-ja-sjis": lambda k, b: _short(k, "ja", "cp932"),
    "short-ja-eucjp": lambda k, b: _short(k, "ja", "euc_jp"),
    "short-ja-declared": lambda k, b: _short(k, "ja", "cp932", "text/html; charset=Shift_JIS"),
    "date-naive-kst": lambda k, b: _published(k, NAIVE_KST),
    "date-offset-kst": lambda k, b: _published(k, OFFSET_KST),
    "date-naive-pyongyang-2016": lambda k, b: _published(k, NAIVE_PYONGYANG_2016),
}
RAW_FAULTS = (
    "reset-mid-body",
    "short-body",
    "broken-chunked",
    "slow-drip",
    "never-answers",
    "hangs-after-headers",
    "huge-100mb",
    "huge-unsized",
)
DISCOVERY_FAULTS = (
    "feed-laughs",
    "feed-xxe",
    "feed-duplicate-guids",
    "feed-bad-links",
    "sitemap-self",
    "sitemap-cycle-a",
    "sitemap-chain-1",
    "sitemap-laughs",
    "sitemap-xxe",
    "sitemap-gzip-bomb",
    "sitemap-encoded-bomb",
    "sitemap-500k",
    "sitemap-500k-gz",
    "sitemap-100k",
    "feed-truncated",
    "feed-linkless",
)


class HostileSite(BaseSite):
    """Good articles and fault URLs, calm until :meth:`turn`.

    ``faults`` are names from :data:`FAULTS`, :data:`ODDITIES`, :data:`LOCALES` and
    :data:`RAW_FAULTS`;
    ``feeds`` and ``sitemaps`` name the discovery documents the registry entry
    lists (``"feed"`` and ``"sitemap"`` are the good ones, the rest from
    :data:`DISCOVERY_FAULTS`); ``robots`` is ``"ok"``, ``"disallow"``
    (``/news/good-1/`` is forbidden), ``"404"``, ``"503"``, ``"garbage"`` or
    ``"hang"``, or ``"huge"`` (2 MiB: ``/news/good-1/`` is forbidden in its first
    line, ``/news/good-2/`` in its last, past RFC 9309's 500 KiB), or ``"oversize"``
    (the same rules in 20 MiB, over DOWNLOAD_MAXSIZE), or ``"oversize-unsized"``
    (the same 20 MiB with no Content-Length, until the connection closes).
    ``good`` is the number of good articles, ``storms`` the number of extra
    articles (``storm-N``) that answer 503 or 429 with Retry-After once hostile.
    """

    name = "Hostile Outlet"

    def __init__(
        self,
        faults: Iterable[str] = (),
        *,
        good: int = 3,
        storms: int = 0,
        feeds: Iterable[str] = ("feed",),
        sitemaps: Iterable[str] = (),
        robots: str = "ok",
        canary_path: str | None = None,
    ) -> None:
        super().__init__()
        self.faults = list(faults)
        known = FAULTS | ODDITIES | LOCALES
        unknown = [f for f in self.faults if f not in known and f not in RAW_FAULTS]
        if unknown:
            raise ValueError(f"unknown faults: {unknown}")
        self.good = [f"good-{n}" for n in range(1, good + 1)]
        self.storms = [f"storm-{n}" for n in range(1, storms + 1)]
        self.feeds = list(feeds)
        self.sitemaps = list(sitemaps)
        self.robots = robots
        self.canary_path = canary_path
        self.hostile = False
        self.stop_event = threading.Event()  # set by the server on stop: ends raw waits

    # -- what there is -----------------------------------------------------

    @property
    def keys(self) -> list[str]:
        """Every article key: the good ones, then one per fault."""
        return [*self.good, *self.faults, *self.storms]

    def path_for(self, key: str) -> str:
        return f"/news/{key}/"

    def title_for(self, key: str) -> str:
        return f"Calm article {key}"

    def warm(self) -> None:
        """Build the bombs this site serves now, not while a request holds the lock."""
        names = [*self.faults, *self.sitemaps]
        for encoding in ("gzip", "br", "deflate", "zstd"):
            if f"bomb-{encoding}" in names:
                bomb(encoding)
        if any(n in names for n in ("sitemap-gzip-bomb", "sitemap-encoded-bomb")):
            bomb("gzip")

    def turn(self, hostile: bool = True) -> None:
        """Make the fault URLs misbehave (or behave again)."""
        with self.lock:
            self.hostile = hostile

    def reset(self) -> None:
        super().reset()
        with self.lock:
            self.hostile = False

    def discovery(self, base: str) -> dict[str, Any]:
        found: dict[str, Any] = {"article_pattern": "/news/"}
        if self.feeds:
            found["feeds"] = [f"{base}/{name}.xml" for name in self.feeds]
        if self.sitemaps:
            found["sitemaps"] = [f"{base}/{name}.xml" for name in self.sitemaps]
        if self.feeds and self.sitemaps:
            found["discovery"] = "all"
        return found

    def is_raw(self, path: str) -> str | None:
        """The raw fault ``path`` serves now, if any (the server handles those itself)."""
        key = path.removeprefix("/news/").rstrip("/")
        with self.lock:
            if self.hostile and key in RAW_FAULTS and key in self.faults:
                return key
        if path == "/robots.txt" and self.robots == "hang":
            return "never-answers"
        if path == "/robots.txt" and self.robots == "oversize-unsized":
            return "robots-unsized"
        return None

    # -- routing -----------------------------------------------------------

    def route(self, path: str, query: str, base: str) -> Response:
        if path == "/robots.txt":
            return self._robots()
        if path == "/":
            links = "".join(f'<li><a href="{self.path_for(k)}">{k}</a></li>' for k in self.keys)
            return Response(200, HTML, f"<html><body><ul>{links}</ul></body></html>".encode())
        name = path.strip("/").removesuffix(".xml")
        if path.endswith(".xml") and (
            name in ("feed", "sitemap") or name.split("-")[0] in ("feed", "sitemap")
        ):
            return self._discovery_document(name, base)
        if path.startswith("/loop/"):  # a -> b -> a
            return redirect(base + ("/loop/b/" if path == "/loop/a/" else "/loop/a/"), 302)
        if path == "/moved/elsewhere/":
            return Response(200, HTML, article_html("Moved", good_paragraphs("moved")).encode())
        if path.startswith("/listing/"):
            return self._trap_listing(path, query, base)
        key = path.removeprefix("/news/").rstrip("/")
        if not path.startswith("/news/") or (key not in self.keys and not _TRAP.match(key)):
            return Response(404, HTML, b"<h1>Not found</h1>")
        if key in LOCALES and key in self.faults:
            return LOCALES[key](key, base)
        if self.hostile and key in FAULTS and key in self.faults:
            if key == "redirect-endless" and query:
                hop = int(query.removeprefix("hop=") or 0)
                return redirect(f"{base}/news/{key}/?hop={hop + 1}", 302)
            return FAULTS[key](key, base)
        if self.hostile and key in ODDITIES and key in self.faults:
            return ODDITIES[key](key, base)
        if self.hostile and key in self.storms:
            return FAULTS["storm-429" if key.endswith(("0", "5")) else "storm-503"](key, base)
        return Response(
            200,
            HTML,
            article_html(self.title_for(key), good_paragraphs(key)).encode(),
            conditional=True,
            last_modified=datetime(2026, 11, 1, tzinfo=UTC),
        )

    def _robots(self) -> Response:
        if self.robots == "disallow":
            return Response(200, TEXT, b"User-agent: *\nDisallow: /news/good-1/\n")
        if self.robots == "404":
            return Response(404, HTML, b"<h1>Not found</h1><p>Disallow: /</p>")
        if self.robots == "503":
            return Response(503, HTML, b"<h1>Service Unavailable</h1>")
        if self.robots == "garbage":
            junk = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8 + b"<html>Disallow me</html>"
            return Response(200, TEXT, junk)
        if self.robots == "huge":
            return Response(200, TEXT, huge_robots())
        if self.robots == "oversize":
            return Response(200, TEXT, huge_robots(OVERSIZE_ROBOTS))
        return Response(200, TEXT, b"User-agent: *\nDisallow: /wp-admin/\n")

    # -- discovery documents -----------------------------------------------

    def _urls(self) -> list[str]:
        return [self.path_for(k) for k in self.keys]

    def _discovery_document(self, name: str, base: str) -> Response:
        urls = [base + p for p in self._urls()]
        if name == "feed":
            return Response(200, RSS, _rss(urls).encode())
        if name == "sitemap":
            return Response(200, XML, _urlset(urls).encode())
        if name == "feed-laughs":
            return Response(200, RSS, _rss(urls, dtd=_LAUGHS, title="&lol9;").encode())
        if name == "feed-xxe":
            dtd = f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{self.canary_path}">]>'
            return Response(200, RSS, _rss(urls, dtd=dtd, title="&xxe;").encode())
        if name == "feed-duplicate-guids":
            doubled = [u for u in urls for _ in range(3)]
            return Response(200, RSS, _rss(doubled, guid="same-guid-for-all").encode())
        if name == "feed-bad-links":  # links nothing should follow, and one good one
            bad = [
                "javascript:alert(1)",
                "file:///etc/passwd",
                "data:text/html,<h1>x</h1>",
                "http://169.254.169.254/news/latest/meta-data/",
                "http://[fe80::1]/news/link-local/",
            ]
            return Response(200, RSS, _rss([*bad, urls[0]]).encode())
        if name == "sitemap-self":
            return Response(200, XML, _index([f"{base}/sitemap-self.xml"]).encode())
        if name in ("sitemap-cycle-a", "sitemap-cycle-b"):
            other = "b" if name.endswith("a") else "a"
            maps = [f"{base}/sitemap-cycle-{other}.xml", f"{base}/sitemap.xml"]
            return Response(200, XML, _index(maps).encode())
        if name.startswith("sitemap-chain-"):
            n = int(name.removeprefix("sitemap-chain-"))
            return Response(200, XML, _index([f"{base}/sitemap-chain-{n + 1}.xml"]).encode())
        if name == "sitemap-laughs":
            body = _urlset(urls, dtd=_LAUGHS.replace("rss", "urlset"), extra="&lol9;")
            return Response(200, XML, body.encode())
        if name == "sitemap-xxe":
            dtd = f'<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{self.canary_path}">]>'
            body = _urlset([f"{base}/news/xxe-&xxe;/"], dtd=dtd)
            return Response(200, XML, body.encode())
        if name == "sitemap-gzip-bomb":  # a .gz file, no Content-Encoding
            return Response(200, "application/x-gzip", bomb("gzip"))
        if name == "sitemap-encoded-bomb":
            return Response(200, XML, bomb("gzip"), headers={"Content-Encoding": "gzip"})
        if name == "sitemap-500k":  # ten times the protocol's 50,000, over DOWNLOAD_MAXSIZE
            return Response(200, XML, _big_urlset(base, urls, 500_000))
        if name == "sitemap-500k-gz":  # the same as a .gz file: 1.3 MB, 30 MB inflated
            body = gzip.compress(_big_urlset(base, urls, 500_000), compresslevel=1, mtime=0)
            return Response(200, "application/x-gzip", body)
        if name == "sitemap-100k":  # under DOWNLOAD_MAXSIZE: the good articles, then filler
            return Response(200, XML, _big_urlset(base, urls, 100_000))
        if name == "feed-truncated":  # cut off inside the last item's title
            body = _rss(urls)
            return Response(200, RSS, body[: body.rindex("<item>") + 15].encode())
        if name == "feed-linkless":  # no link, a guid that is no URL, a guid that is one
            items = (
                "<item><title>No link or guid</title><description>x</description></item>"
                '<item><title>A tag guid</title><guid isPermaLink="false">tag:hostile,1</guid>'
                "</item>"
                f'<item><title>Only a guid</title><guid isPermaLink="true">{urls[0]}</guid></item>'
                "<item><title>An empty link</title><link></link></item>"
            )
            body = _rss(urls[1:]).replace("<item>", items + "<item>", 1)
            return Response(200, RSS, body.encode())
        return Response(404, HTML, b"<h1>Not found</h1>")

    # -- crawler traps -----------------------------------------------------

    def _trap_listing(self, path: str, query: str, base: str) -> Response:
        """``/listing/?page=N``: always a next page, and new article links on every one."""
        page = int(query.removeprefix("page=") or 1) if query.startswith("page=") else 1
        links = [f"/news/trap-{page}-{i}/" for i in range(5)]
        links.append(f"/news/a/{'a/' * page}")  # /a/a/a/...
        links.append(f"/news/calendar/{2026 + page}/01/")
        items = "".join(f'<li><a href="{link}">story</a></li>' for link in links)
        items += "".join(f'<li><a href="{self.path_for(k)}">{k}</a></li>' for k in self.good)
        nav = f'<a class="next" href="/listing/?page={page + 1}">next</a>'
        return Response(200, HTML, f"<html><body><ul>{items}</ul>{nav}</body></html>".encode())


_LAUGHS = (
    '<!DOCTYPE rss [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)


def _rss(urls: list[str], *, dtd: str = "", title: str = "", guid: str = "") -> str:
    items = "".join(
        f"<item><title>{title or 'Story'} {n}</title><link>{url}</link>"
        f'<guid isPermaLink="false">{guid or url}</guid></item>'
        for n, url in enumerate(urls)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{dtd}<rss version="2.0"><channel>'
        f"<title>Hostile Outlet {title}</title><link>http://hostile.example/</link>"
        f"<description>feed</description>{items}</channel></rss>"
    )


def _urlset(urls: list[str], *, dtd: str = "", extra: str = "") -> str:
    entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{dtd}<urlset xmlns="{SITEMAP_NS}">'
        f"{entries}{f'<url><loc>{extra}</loc></url>' if extra else ''}</urlset>"
    )


def _big_urlset(base: str, urls: list[str], n: int) -> bytes:
    """``urls`` and then ``n`` filler article URLs (all 404) in one urlset."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{SITEMAP_NS}">'
    listed = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    filler = "".join(f"<url><loc>{base}/news/filler-{i:06d}/</loc></url>\n" for i in range(n))
    return (head + listed + filler + "</urlset>").encode()


@functools.cache
def huge_robots(size: int = 2 * 1024 * 1024) -> bytes:
    """``size`` bytes of robots.txt: a rule first, comments and harmless rules, a rule last."""
    head = b"User-agent: *\nDisallow: /news/good-1/\n"
    line = b"# " + b"padding " * 12 + b"\nDisallow: /private/nothing-here/\n"
    tail = b"Disallow: /news/good-2/\n"
    return head + line * ((size - len(head) - len(tail)) // len(line)) + tail


def _index(maps: list[str]) -> str:
    entries = "".join(f"<sitemap><loc>{url}</loc></sitemap>" for url in maps)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="{SITEMAP_NS}">'
        f"{entries}</sitemapindex>"
    )


# -- below HTTP ----------------------------------------------------------------


class _HostileHandler(_Handler):
    server: _HostileHTTPServer

    def _respond(self, head: bool) -> None:
        site = self.server.site
        assert isinstance(site, HostileSite)
        path = self.path.split("?", 1)[0]
        fault = site.is_raw(path)
        if fault is None:
            super()._respond(head)
            return
        site.record(path)
        self.close_connection = True
        getattr(self, "_raw_" + fault.replace("-", "_"))(site.stop_event)

    def _head(self, extra: str) -> None:
        self.wfile.write(
            f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n{extra}\r\n".encode()
        )
        self.wfile.flush()

    def _body(self) -> bytes:
        return article_html("Cut short", good_paragraphs("cut") * 40).encode()

    def _raw_reset_mid_body(self, stop: threading.Event) -> None:
        body = self._body()
        self._head(f"Content-Length: {len(body)}\r\n")
        self.wfile.write(body[: len(body) // 3])
        self.wfile.flush()
        # SO_LINGER with a zero timeout: close() sends RST, not FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()

    def _raw_short_body(self, stop: threading.Event) -> None:
        body = self._body()
        self._head(f"Content-Length: {len(body) + 5000}\r\n")
        self.wfile.write(body)
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_WR)

    def _raw_broken_chunked(self, stop: threading.Event) -> None:
        body = self._body()
        self._head("Transfer-Encoding: chunked\r\n")
        self.wfile.write(b"%x\r\n%s\r\n" % (1000, body[:1000]))
        self.wfile.write(b"zz-not-a-size\r\n" + body[1000:2000])
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_WR)

    def _raw_slow_drip(self, stop: threading.Event) -> None:
        body = self._body()
        self._head(f"Content-Length: {len(body)}\r\n")
        for byte in body:
            if stop.wait(0.5):
                return
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return

    def _raw_never_answers(self, stop: threading.Event) -> None:
        stop.wait(120)

    def _raw_hangs_after_headers(self, stop: threading.Event) -> None:
        self._head("Content-Length: 50000\r\n")
        stop.wait(120)

    def _stream(self, headers: str, total: int) -> None:
        self._head(headers)
        chunk = (b"<p>" + b"Pyongyang " * 100 + b"</p>\n") * 1000  # about 1 MB
        sent = 0
        with contextlib.suppress(OSError):
            while sent < total and not self.server.site.stop_event.is_set():  # type: ignore[attr-defined]
                self.wfile.write(chunk)
                sent += len(chunk)

    def _raw_robots_unsized(self, stop: threading.Event) -> None:
        self._head("Connection: close\r\n")
        body = huge_robots(OVERSIZE_ROBOTS)
        with contextlib.suppress(OSError):
            for start in range(0, len(body), 1 << 16):
                if stop.is_set():
                    return
                self.wfile.write(body[start : start + (1 << 16)])

    def _raw_huge_100mb(self, stop: threading.Event) -> None:
        self._stream(f"Content-Length: {HUGE_SIZE}\r\n", HUGE_SIZE)

    def _raw_huge_unsized(self, stop: threading.Event) -> None:
        self._stream("Connection: close\r\n", HUGE_SIZE)


class _HostileHTTPServer(_HTTPServer):
    def __init__(self, address: tuple[str, int], site: BaseSite) -> None:
        super().__init__(address, site)
        self.RequestHandlerClass = _HostileHandler


class HostileServer(ReplicaServer[HostileSite]):
    """Serves a :class:`HostileSite`, including the faults below HTTP."""

    def start(self) -> HostileServer:
        if self._httpd is not None:
            return self
        self.site.warm()
        self.site.stop_event.clear()
        httpd = _HostileHTTPServer((self.host, self.port), self.site)
        self.port = httpd.server_address[1]
        thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"hostile-site-{self.port}",
            daemon=True,
        )
        thread.start()
        self._httpd, self._thread = httpd, thread
        return self

    def stop(self) -> None:
        self.site.stop_event.set()
        super().stop()
