"""Decoding HTML bytes to text when the charset header may be wrong or missing.

Scrapy trusts the Content-Type header: a CP949 page labelled UTF-8 comes out
full of U+FFFD. Here every candidate must decode the whole body *strictly*;
the first that does wins. Legacy labels map to their supersets (EUC-KR pages
are in practice CP949, Shift_JIS pages CP932), so characters such as 똠 or ①
survive.

When nothing is declared (no header charset, no meta tag, no BOM) and the
bytes are not UTF-8, a detector's guess is unreliable on a short page: it takes
a short Shift_JIS or EUC-JP article for CP949 and turns it into Hangul with no
U+FFFD to show. The East Asian encodings nkmon meets are then weighed by what
their decoding looks like (kana and common Hangul syllables count for, lone
jamo, half-width katakana and rare syllables against), the page's own ``lang``
breaking ties: a pure function of the bytes, so the same page always gets the
same text. A page whose codec was not declared is flagged on its version
(:func:`encoding_extras`).
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

__all__ = ["declared_charsets", "decode_html", "encoding_extras"]

# A page labelled with the key is decoded with the value, which contains it.
_SUPERSETS = {
    "euc-kr": "cp949",
    "euc_kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "ksc5601": "cp949",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}
# Labels that decode nearly any bytes: only a last resort, never proof of anything.
_PERMISSIVE = {"cp1252", "latin_1", "iso8859-1"}
# Tried when nothing declared fits, most specific first (UTF-8 rarely decodes by accident).
_FALLBACKS = ("utf-8", "cp949", "cp932", "euc_jp", "gb18030")
# Weighed against each other when nothing is declared, in this order for ties.
_EAST_ASIAN = ("cp949", "cp932", "euc_jp")
_WEIGH = "(weighed)"  # the step of decode_html's candidates that weighs _EAST_ASIAN
_LANGUAGE_CODECS = {"ko": "cp949", "ja": "cp932"}  # a page's lang: which wins a tie
_LANG = re.compile(
    rb"""<html[^>]*\slang\s*=\s*["']?\s*([A-Za-z]{2})|"""
    rb"""<meta[^>]+http-equiv\s*=\s*["']?content-language["']?[^>]+content\s*=\s*["']?\s*([A-Za-z]{2})""",
    re.IGNORECASE,
)

_META = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""",
    re.IGNORECASE,
)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.-]+)""", re.IGNORECASE)
_HEADER = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.-]+)", re.IGNORECASE)


def _normalize(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charsets(body: bytes, content_type: str | None) -> list[str]:
    """Charsets the response declares: BOM, header, meta tag / XML declaration."""
    found: list[str | None] = []
    if body.startswith(codecs.BOM_UTF8):
        found.append("utf-8")
    elif body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        found.append("utf-16")
    if content_type and (match := _HEADER.search(content_type)):
        found.append(match[1])
    head = body[:4096]
    for pattern in (_XML_DECL, _META):
        if match := pattern.search(head):
            found.append(match[1].decode("ascii", "ignore"))
    names = [n for n in map(_normalize, found) if n]
    return list(dict.fromkeys(names))


def _detected(body: bytes) -> list[str]:
    """What charset-normalizer (a trafilatura dependency) guesses, if anything."""
    from charset_normalizer import from_bytes

    best = from_bytes(body[:65536]).best()
    name = _normalize(best.encoding) if best is not None else None
    return [name] if name else []


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """The text of ``body`` and the codec that decoded it.

    Declared charsets that decode strictly come first (a permissive one such as
    Latin-1 only after UTF-8 has failed), then UTF-8, then the East Asian
    encodings weighed by their output (unless Latin-1 was declared), then a
    detector's guess, then common encodings of the languages nkmon reads, and
    finally UTF-8 with replacement characters.
    """
    declared = declared_charsets(body, content_type)
    strict = [c for c in declared if c not in _PERMISSIVE]
    permissive = [c for c in declared if c in _PERMISSIVE]
    tried: set[str] = set()
    for codec in _candidates(body, strict, permissive):
        if codec in tried:
            continue
        tried.add(codec)
        if codec == _WEIGH:
            if weighed := _weighed(body):
                return weighed
            continue
        try:
            text = body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        return text.removeprefix("\ufeff"), codec
    return body.decode("utf-8", errors="replace"), "utf-8"


def _candidates(body: bytes, strict: list[str], permissive: list[str]) -> Iterator[str]:
    """Codecs to try, in order; the detector (slow) runs only if those before it fail."""
    yield from strict
    yield "utf-8"
    if not permissive:  # a page declared Latin-1 is more likely Latin-1 than CJK
        yield _WEIGH
    yield from _detected(body)
    yield from _FALLBACKS
    yield from permissive


def _weighed(body: bytes) -> tuple[str, str] | None:
    """The East Asian decoding of an undeclared page that reads best, or None when
    none reads as Korean or Japanese text (then the detector decides)."""
    hint = _LANG.search(body[:4096])
    lang = (hint[1] or hint[2]).decode().lower() if hint else None
    if lang in ("zh", "ru"):  # not what these codecs are weighed for: the detector decides
        return None
    preferred = _LANGUAGE_CODECS.get(lang or "")
    best: tuple[float, int, str, str] | None = None
    for rank, codec in enumerate(_EAST_ASIAN):
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:
            continue
        good, bad = _plausibility(text)
        # Real text has next to no implausible characters; a wrong decoding is full of them.
        score = good - 3 * bad
        if score <= 0:
            continue
        key = (score, codec == preferred, -rank)
        if best is None or key > best[:3]:
            best = (*key, text, codec)  # type: ignore[assignment]
    if best is None:
        return None
    return best[3].removeprefix("\ufeff"), best[4]  # type: ignore[misc]


def _plausibility(text: str) -> tuple[float, int]:
    """(score, count of implausible characters) of a decoding's non-ASCII text."""
    score = 0.0
    bad = 0
    for ch in text:
        code = ord(ch)
        if code < 0x80:
            continue
        if 0xAC00 <= code <= 0xD7A3:  # Hangul syllables: the 2,350 of KS X 1001 are common
            if _common_hangul(ch):
                score += 1
            else:
                bad += 1
        elif 0x3041 <= code <= 0x30FF:  # hiragana and katakana
            score += 1
        elif 0x4E00 <= code <= 0x9FFF or 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E:
            score += 0.5  # ideographs and CJK punctuation: both languages, weak evidence
        elif 0x3130 <= code <= 0x318F or 0xFF61 <= code <= 0xFF9F:
            bad += 1  # lone jamo, half-width katakana: what a wrong decoding is made of
        elif unicodedata.category(ch) in ("Co", "Cn", "Cc"):
            bad += 1
    return score, bad


@functools.cache
def _common_hangul(ch: str) -> bool:
    try:
        return len(ch.encode("euc_kr")) == 2  # else spelled out as jamo: not KS X 1001
    except UnicodeEncodeError:
        return False


def encoding_extras(body: bytes, content_type: str | None, codec: str | None) -> dict[str, Any]:
    """What a version records of how its page was decoded: nothing when the page
    declared the codec that read it (or is plain ASCII); else the flag
    ``encoding_guessed``, the codec chosen and what was declared, if anything."""
    if codec is None or body.isascii():
        return {}
    declared = declared_charsets(body, content_type)
    if _normalize(codec) in declared:
        return {}
    extras: dict[str, Any] = {"encoding_guessed": True, "encoding": _normalize(codec) or codec}
    if declared:
        extras["encoding_declared"] = declared
    return extras
