"""Text as the full-text index sees it: CJK runs become overlapping bigrams.

SQLite's stock FTS5 tokenizers cannot find two-character Korean words
(unicode61 indexes 북한의 as one token; trigram needs three characters), so,
like Lucene's CJK analyzer, each run of Hangul, kana or ideographs is written
as its overlapping bigrams plus the run's last character. unicode61 then
splits everything else as usual.

    북한의 코로나  ->  북한 한의 의 코로 로나 나

A query is rewritten the same way, except that a run at the end of a phrase
omits its last character (the document's run may go on) and a one-character
run there becomes a prefix. So every substring of a CJK run is found.

Other words are also indexed in pairs, as Lucene's ShingleFilter does: a
phrase of common words ("Kim Kyong") would otherwise cost FTS5 a walk through
both words' position lists, where one pair token is one short list.

    Kim Jong Un visited  ->  3zkimjong 4zjongun 2zunvisited
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from itertools import pairwise

__all__ = [
    "date_facets",
    "facet_form",
    "fts_phrase",
    "index_form",
    "index_tokens",
    "language_facet",
    "pair_form",
    "pair_phrase",
    "pair_tokens",
    "query_tokens",
    "source_facet",
]

_CJK = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3130-\u318f"  # Hangul compatibility Jamo
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width katakana
)
_CJK_RUN = re.compile(f"[{_CJK}]+")


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_form(text: str | None) -> str:
    """The text to put in the index."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    return _CJK_RUN.sub(lambda m: " " + " ".join([*_bigrams(m.group()), m.group()[-1]]) + " ", text)


def query_tokens(term: str) -> tuple[list[str], bool]:
    """The tokens a user term or phrase must match in order, and whether the
    last one is a prefix (a one-character CJK run at the end)."""
    text = unicodedata.normalize("NFKC", term)
    tokens: list[str] = []
    prefix = False
    pos = 0
    for m in _CJK_RUN.finditer(text):
        tokens.extend(_plain_tokens(text[pos : m.start()]))
        run, at_end = m.group(), not _plain_tokens(text[m.end() :])
        if at_end:
            tokens.extend(_bigrams(run) or [run])
            prefix = len(run) == 1
        else:
            tokens.extend([*_bigrams(run), run[-1]])
        pos = m.end()
    tokens.extend(_plain_tokens(text[pos:]))
    return tokens, prefix and bool(tokens)


def fts_phrase(term: str) -> str | None:
    """One user term or phrase as an FTS5 phrase, or None if it has nothing to match.

    The result is always a quoted string, so FTS5 operators in user input
    (``AND``, ``-``, ``*``, ``:``) are matched as text, never parsed.
    """
    tokens, prefix = query_tokens(term)
    if not tokens:
        return None
    quoted = '"' + " ".join(tokens).replace('"', '""') + '"'
    return quoted + " *" if prefix else quoted


def index_tokens(text: str | None) -> list[str]:
    """The index's tokens for a text, lower-cased: what PostgreSQL's tsvector holds.

    The same split as ``index_form`` plus unicode61 (letters and digits; CJK
    runs as bigrams and a final unigram), so both backends match alike.
    """
    return [t.lower() for t in _plain_tokens(index_form(text))]


_WORD = re.compile(r"[^\W_]+")

# Where word adjacency breaks in the pairs column (a CJK run between words):
# no pair token is a bare "0", so pairs on either side never form a phrase.
PAIR_BREAK = "0"


def _pair(first: str, second: str) -> str:
    # The first word's length, then "z": unambiguous, and one unicode61 token.
    return f"{len(first)}z{first}{second}"


def pair_form(text: str | None) -> str:
    """The pairs column of a text: every two adjacent words outside CJK runs
    as one token. ``pair_form(index_form(t)) == pair_form(t)``, so the index's
    stored text is enough to rebuild it (migration 0011 does)."""
    if not text:
        return ""
    out: list[str] = []
    for segment in _CJK_RUN.split(unicodedata.normalize("NFKC", text)):
        words = [w.lower() for w in _plain_tokens(segment)]
        if out and out[-1] != PAIR_BREAK:
            out.append(PAIR_BREAK)
        out.extend(_pair(a, b) for a, b in pairwise(words))
    if out and out[-1] == PAIR_BREAK:
        out.pop()
    return " ".join(out)


def pair_tokens(term: str) -> list[str] | None:
    """The pair tokens a term of two or more words, none of them CJK, must
    match in order (consecutive pairs: the words in order); else None."""
    text = unicodedata.normalize("NFKC", term)
    if _CJK_RUN.search(text):
        return None
    words = [w.lower() for w in _plain_tokens(text)]
    if len(words) < 2:
        return None
    return [_pair(a, b) for a, b in pairwise(words)]


def pair_phrase(term: str) -> str | None:
    """``pair_tokens`` as an FTS5 phrase over the pairs columns, or None."""
    tokens = pair_tokens(term)
    return None if tokens is None else '"' + " ".join(tokens) + '"'


def _plain_tokens(text: str) -> list[str]:
    # unicode61's idea of a token: letters and digits ("_" separates, as in FTS5).
    return _WORD.findall(text)


# Facets: filter values written as tokens into the index's third column, so a
# filtered search is one FTS5 intersection instead of a walk through every
# match. Hex keeps any source id or language tag a single unicode61 token.
MAX_DATE_FACETS = 200


def source_facet(source_id: str) -> str:
    return "s" + source_id.encode().hex()


def language_facet(language: str) -> str:
    return "l" + language.strip().lower().encode().hex()


def facet_form(source_id: str, language: str | None, published_at: datetime | None) -> str:
    """The facets column of one version: its source, language, year and month."""
    tokens = [source_facet(source_id)]
    if language:
        tokens.append(language_facet(language))
    if published_at is not None:
        day = published_at.astimezone(UTC) if published_at.tzinfo else published_at
        tokens += [f"y{day.year:04d}", f"m{day.year:04d}{day.month:02d}"]
    return " ".join(tokens)


def date_facets(first: datetime, last: datetime) -> list[str] | None:
    """Year and month tokens covering every day from ``first`` to ``last``
    (UTC): whole years as years, the ends as months. None if that takes more
    than MAX_DATE_FACETS tokens (the caller then filters in SQL only)."""
    first, last = first.astimezone(UTC), last.astimezone(UTC)
    if first > last:
        return []
    tokens: list[str] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        if month == 1 and year < last.year:
            tokens.append(f"y{year:04d}")
            year += 1
        else:
            tokens.append(f"m{year:04d}{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if len(tokens) > MAX_DATE_FACETS:
            return None
    return tokens
