"""Decoding HTML bytes to text when the charset header may be wrong or missing.

Scrapy trusts the Content-Type header: a CP949 page labelled UTF-8 comes out
full of U+FFFD. Here every candidate must decode the whole body *strictly*;
the first that does wins. Legacy labels map to their supersets (EUC-KR pages
are in practice CP949, Shift_JIS pages CP932), so characters such as 똠 or ①
survive.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

__all__ = ["declared_charsets", "decode_html"]

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
    Latin-1 only after UTF-8 has failed), then UTF-8, then a detector's guess,
    then common encodings of the languages nkmon reads, and finally UTF-8 with
    replacement characters.
    """
    declared = declared_charsets(body, content_type)
    strict = [c for c in declared if c not in _PERMISSIVE]
    permissive = [c for c in declared if c in _PERMISSIVE]
    tried: set[str] = set()
    for codec in _candidates(body, strict, permissive):
        if codec in tried:
            continue
        tried.add(codec)
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
    yield from _detected(body)
    yield from _FALLBACKS
    yield from permissive
