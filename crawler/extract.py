"""Extraction: a pure function from one HTML page to the article in it.

``extract(html, url, options) -> Article`` wraps trafilatura: main text without
reader comments, title, authors, dates, language. It raises ``ExtractionError``
when there is no article text; it never returns an empty article.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache

import lxml.html

from archive.dedup import text_signature
from archive.normalize import clean_text
from archive.records import Content

from .dates import find_calendar_date, find_juche_year, read_iso_datetime
from .exceptions import ExtractionError

__all__ = [
    "DEFAULT_OPTIONS",
    "Article",
    "ExtractOptions",
    "article_text",
    "extract",
    "extract_for_archive",
    "extract_pages",
    "without_future_dates",
]


@dataclass(frozen=True, kw_only=True, slots=True)
class ExtractOptions:
    """How to extract. Built once and passed to every call."""

    include_tables: bool = True
    # Precision first: a version polluted by page furniture makes false edits later.
    favor_precision: bool = True
    favor_recall: bool = False
    # Fewer words than this (title aside) is no article: a JavaScript shell, a
    # paywall or consent stub, an empty template. A CJK character is half a word.
    min_words: int = 25
    # The source's zone (IANA name): dates with a time but no offset are read in it.
    timezone: str = "UTC"


DEFAULT_OPTIONS = ExtractOptions()


@dataclass(frozen=True, kw_only=True)
class Article(Content):
    """Extracted content, and the URL it was extracted from."""

    url: str | None = None


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@cache
def extractor_name() -> str:
    import trafilatura

    return f"trafilatura {trafilatura.__version__}"


def extract(
    html: str, url: str | None = None, options: ExtractOptions = DEFAULT_OPTIONS
) -> Article:
    """The article in ``html``; ``ExtractionError`` if there is none."""
    if not html or not html.strip():
        raise ExtractionError("empty page")
    # Imported here: a crawl process that extracts nothing (a revisit answered
    # by 304s) spares the import; extraction workers have it preloaded.
    import trafilatura

    # trafilatura's own loader (its parser settings score better than lxml's
    # defaults); lxml refuses a str that declares its encoding (XHTML pages).
    tree = trafilatura.load_html(_XML_DECLARATION.sub("", html, count=1))
    if tree is None:
        raise ExtractionError("unparsable HTML")
    if lost := _parser_losses(html, tree):
        raise ExtractionError(lost)
    meta = _page_metadata(tree, options.timezone)
    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=options.include_tables,
            favor_precision=options.favor_precision,
            favor_recall=options.favor_recall,
        )
    except Exception as exc:  # a bug in the extractor must not lose the page
        raise ExtractionError(f"extractor failed: {type(exc).__name__}: {exc}") from exc
    text = (doc.text or "").strip() if doc is not None else ""
    if not text:
        raise ExtractionError("no article text found in the page")
    words = count_words(text.replace(doc.title or "\0", " ", 1))
    if words < options.min_words:
        raise ExtractionError(
            f"only {words:g} words of text (fewer than {options.min_words}): "
            "a script-rendered page, a stub or an empty template"
        )
    extras = {
        k: v
        for k, v in {
            "sitename": doc.sitename,
            "description": doc.description,
            "section": meta.get("section") or (doc.categories or [None])[0],
            "tags": list(dict.fromkeys([*meta.get("tags", []), *(doc.tags or [])])),
            "image": meta.get("image") or doc.image,
            "captions": meta.get("captions", []),
        }.items()
        if v
    }
    published = meta.get("published")
    if published is None:
        published, date_text = _calendar_date(html, tree, text, doc.date)
        if date_text:
            extras["date_text"] = date_text
    elif "published_text" in meta:
        extras["date_text"] = meta["published_text"]
    if meta.get("modified") is not None and "modified_text" in meta:
        extras["modified_text"] = meta["modified_text"]
    if {"published_text", "modified_text"} & meta.keys():
        # The stored UTC time rests on the zone the registry gives the source.
        extras["date_zone"] = options.timezone
    return Article(
        title=doc.title or meta.get("title"),
        text=text,
        authors=_split_authors(doc.author),
        published_at=published,
        modified_at=meta.get("modified"),
        language=meta.get("language") or guess_language(text),
        extractor=extractor_name(),
        url=url,
        canonical_url=doc.url if doc.url and doc.url != url else meta.get("canonical"),
        extras=extras,
    )


# libxml2 drops, without an error, elements nested deeper than 256 levels and
# text nodes over 10 MB (trafilatura does not ask for huge_tree): a page that
# hits either limit would be archived with part of its text silently missing.
_DEPTH_LIMIT = 256
_TEXT_NODE_LIMIT = 10_000_000
_DEEP = f"boolean(//*[count(ancestor::*) >= {_DEPTH_LIMIT - 8}])"
_HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def _parser_losses(html: str, tree: lxml.html.HtmlElement) -> str | None:
    """Why the parsed tree is missing text the page has, or None.

    Cheap unless the page is near a limit: only then is the text in the tree
    compared with the text between the tags of the raw HTML.
    """
    if len(html) < _TEXT_NODE_LIMIT and not tree.xpath(_DEEP):
        return None
    raw = len(_SPACE.sub("", _TAG.sub(" ", _HIDDEN.sub(" ", html))))
    kept = sum(
        len(_SPACE.sub("", t))
        for t in tree.xpath("//text()[not(ancestor::script or ancestor::style)]")
    )
    if raw - kept > max(500, raw // 10):
        return (
            f"the HTML parser dropped {1 - kept / raw:.0%} of the page's text (nesting deeper "
            f"than {_DEPTH_LIMIT} levels or a text node over 10 MB): not archived as a "
            "truncated version"
        )
    return None


def extract_pages(
    pages: list[tuple[str, str | None]], options: ExtractOptions = DEFAULT_OPTIONS
) -> Article:
    """One article from a multi-page one: metadata from the first page, the text
    of every page in order. Every page must have text."""
    first = extract(*pages[0], options)
    texts = [first.text]
    for number, (html, url) in enumerate(pages[1:], start=2):
        try:
            page = extract(html, url, replace(options, min_words=1))
        except ExtractionError as exc:
            raise ExtractionError(f"page {number}: {exc}") from None
        text = page.text
        if first.title and text.startswith(first.title):  # themes repeat the headline
            text = text[len(first.title) :].lstrip()
        texts.append(text)
    return replace(first, text="\n".join(texts), extras={**first.extras, "pages": len(pages)})


def extract_for_archive(
    pages: list[tuple[str, str | None]], options: ExtractOptions = DEFAULT_OPTIONS
) -> Article:
    """``extract_pages``, with the dedup signature of the text as the archive will
    store it: the costliest part of storing a version, computed by the caller
    (an extraction worker) instead of the process that writes the archive."""
    article = extract_pages(pages, options)
    return replace(article, signature=text_signature(clean_text(article.text)))


# A page's clock may run ahead, and time zones differ: only a date more than
# this far past the fetch is impossible.
FUTURE_SLACK = timedelta(days=1)


def without_future_dates(article: Article, fetched_at: datetime) -> Article:
    """``article`` with any published or modified date after its fetch removed (a
    CMS default such as 2099-01-01, a typo); the date as written is kept in
    ``extras`` under ``published_rejected`` / ``modified_rejected``."""
    changes: dict = {}
    extras = dict(article.extras)
    for name in ("published_at", "modified_at"):
        value = getattr(article, name)
        if value is not None and value > fetched_at + FUTURE_SLACK:
            changes[name] = None
            key = name.removesuffix("_at") + "_rejected"
            extras[key] = f"{value.isoformat()} (after the fetch)"
    return replace(article, **changes, extras=extras) if changes else article


def article_text(html: str, url: str | None = None) -> str:
    """Just the text nkmon would archive, or "" (for scorers such as extract_eval.py)."""
    try:
        return extract(html, url).text
    except ExtractionError:
        return ""


# What every date _calendar_date reads contains, in the raw HTML: a Juche or era
# marker, or a character reference that could spell one (Hangul, CJK: 5 digits).
_CALENDAR_HINT = re.compile(r"juche|주체|令和|平成|昭和|&#\d{5};|&#x[0-9a-f]{4,5};", re.I)
_JUCHE_NUMBER = re.compile(r"(?:Juche|주체)\s*\d{1,3}[^\n]{0,20}", re.IGNORECASE)
_DATE_LIKE = (
    "(self::time or contains(@class, 'date') or contains(@class, 'time')"
    " or contains(@class, 'publish') or contains(@id, 'date') or contains(@id, 'time'))"
)
# The page's own date elements: not those in links, lists, menus and sidebars,
# which carry the dates of other articles.
_UNLISTED = "not(ancestor::a or ancestor::li or ancestor::nav or ancestor::aside)"
_OWN_DATES = f"//*[{_DATE_LIKE} and {_UNLISTED}]"
_ANY_DATES = f"//*[{_DATE_LIKE}]"


def _calendar_date(
    html: str, tree: lxml.html.HtmlElement, text: str, found: str | None
) -> tuple[datetime | None, str | None]:
    """A Juche or Japanese-era date written in the page beats trafilatura's guess:
    htmldate does not read those calendars and guesses from copyright lines.

    Looked for in date-like elements first, then in the article text, then in
    the whole page: sidebars list other articles with their own dates. A page
    whose HTML holds no marker of one is not searched.
    """
    if not _CALENDAR_HINT.search(html):
        return _parse_datetime(found), None
    own = " ".join(" ".join(el.itertext()) for el in tree.xpath(_OWN_DATES))
    dated = " ".join(" ".join(el.itertext()) for el in tree.xpath(_ANY_DATES))
    visible = " ".join(tree.xpath("//body//text()[not(ancestor::script)][not(ancestor::style)]"))
    for scope in (own, text, dated, visible):
        if calendar := find_calendar_date(scope):
            return calendar
    for scope in (own, text, dated, visible):
        if year := find_juche_year(scope):
            return None, year[1]
    if unreadable := _JUCHE_NUMBER.search(own or text):
        # A Juche date we cannot read (years disagree, no such day): no date at
        # all beats htmldate's guess from the same digits.
        return None, unreadable[0]
    return _parse_datetime(found), None


def _split_authors(author: str | None) -> tuple[str, ...]:
    if not author:
        return ()
    return tuple(dict.fromkeys(a.strip() for a in author.split(";") if a.strip()))


def _page_metadata(tree: lxml.html.HtmlElement, zone: str = "UTC") -> dict:
    """Dates, language and canonical link from meta tags and JSON-LD.

    trafilatura's date is a day; article:published_time and JSON-LD carry the
    time and zone, and the modified date trafilatura does not return at all. A
    time without an offset is read in ``zone``, and kept as written under
    ``published_text`` / ``modified_text``.
    """
    meta: dict = {}

    def read(name: str, value: str | None) -> None:
        if meta.get(name) is not None:
            return
        found = read_iso_datetime(value, zone)
        meta[name] = found[0] if found else None
        if found and found[1]:
            meta[f"{name}_text"] = value.strip()  # type: ignore[union-attr]

    def first(*xpaths: str) -> str | None:
        for xp in xpaths:
            for value in tree.xpath(xp):
                if isinstance(value, str) and value.strip():
                    return value.strip()
        return None

    read(
        "published",
        first(
            "//meta[@property='article:published_time']/@content",
            "//meta[@itemprop='datePublished']/@content",
        ),
    )
    read(
        "modified",
        first(
            "//meta[@property='article:modified_time']/@content",
            "//meta[@property='og:updated_time']/@content",
            "//meta[@itemprop='dateModified']/@content",
        ),
    )
    for block in tree.xpath("//script[@type='application/ld+json']/text()"):
        for item in _jsonld_items(block):
            read("published", item.get("datePublished"))
            read("modified", item.get("dateModified"))
    lang = first(
        "/html/@lang", "/html/@xml:lang", "//meta[@http-equiv='content-language']/@content"
    )
    if lang:
        meta["language"] = lang.split("-")[0].split("_")[0].lower()[:8] or None
    meta["canonical"] = first("//link[@rel='canonical']/@href")
    meta["section"] = first("//meta[@property='article:section']/@content")
    meta["tags"] = [
        t.strip() for t in tree.xpath("//meta[@property='article:tag']/@content") if t.strip()
    ]
    meta["image"] = first(
        "//meta[@property='og:image']/@content", "//meta[@name='twitter:image']/@content"
    )
    meta["captions"] = list(
        dict.fromkeys(
            " ".join(c.text_content().split())
            for c in tree.xpath("//figcaption")
            if c.text_content().strip()
        )
    )[:20]
    meta["title"] = first("//meta[@property='og:title']/@content", "//title/text()")
    return meta


def _jsonld_items(block: str) -> list[dict]:
    try:
        data = json.loads(block)
    except ValueError:
        return []
    if isinstance(data, dict):
        data = data.get("@graph", [data])
    return [d for d in data if isinstance(d, dict)] if isinstance(data, list) else []


def _parse_datetime(value: str | None) -> datetime | None:
    """An ISO 8601 date or datetime as aware UTC (trafilatura's day: midnight UTC)."""
    found = read_iso_datetime(value)
    return found[0] if found else None


_WORD = re.compile(r"[^\W\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+")
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def count_words(text: str) -> float:
    """Words in text: alphabetic words, plus half a word per Hangul, kana or ideograph."""
    return len(_WORD.findall(text)) + len(_CJK_CHAR.findall(text)) / 2


_SCRIPTS = {
    "ko": re.compile(r"[\uac00-\ud7af]"),
    "ja": re.compile(r"[\u3040-\u30ff]"),
    "zh": re.compile(r"[\u4e00-\u9fff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
}


def guess_language(text: str) -> str | None:
    """A coarse guess from the script when the page declares no language.

    Hangul means Korean and kana Japanese; ideographs alone are Chinese; Latin
    letters give no answer, since they are not only English.
    """
    sample = text[:2000]
    counts = {lang: len(rx.findall(sample)) for lang, rx in _SCRIPTS.items()}
    if counts["ja"] > 10:
        return "ja"
    lang, count = max(counts.items(), key=lambda kv: kv[1])
    return lang if count > 20 else None
