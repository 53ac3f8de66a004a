"""What changed between two versions of an article, and which names and phrases vanished.

State media edit their archives quietly (in 2013 KCNA erased a purged official
from about 500 articles), so researchers need the exact words that changed and
a short list of what disappeared. Alphabetic text is compared word by word;
Korean, Japanese and Chinese, where a changed particle or character matters,
character by character. Everything here is a pure function of its arguments.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

__all__ = ["ChangeSummary", "Segment", "align_lines", "diff_texts", "summarize", "tokenize"]

Op = Literal["equal", "insert", "delete"]

_CJK = (
    "\u1100-\u11ff\u3005-\u3007\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
_LETTER = rf"[^\W_{_CJK}]"  # a letter or digit outside the CJK scripts
_WORD = rf"{_LETTER}+(?:[-'’]{_LETTER}+)*"
_TOKEN = re.compile(rf"[{_CJK}]|{_WORD}|\n|[^\S\n]+|.", re.DOTALL)
_IS_CJK = re.compile(f"[{_CJK}]")
_IS_LETTER = re.compile(_LETTER)
_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*[^\S\n]+|[。！？]+[\"'”’」』)\]]*[^\S\n]*|\n")

# A coarse replace block is diffed word by word as a whole up to this many characters
# squared; beyond it its paragraphs (then sentences) are paired first, so a long text
# never reaches SequenceMatcher's quadratic case in one piece.
_JOINT_LIMIT = 25_000_000
_TOKEN_LIMIT = 1_000_000  # tokens squared: beyond it a replace block stays whole
_PAIR_LIMIT = 250_000  # units squared for the similarity alignment of a replace block
_PAIR_MIN = 0.25  # word-set similarity below which two paragraphs are not paired
_MAX_TERMS = 50


@dataclass(frozen=True)
class Segment:
    """A run of text that both versions share, or that only one of them has."""

    op: Op
    text: str


def tokenize(text: str) -> list[str]:
    """Words, single CJK characters, whitespace runs, newlines and single other characters.

    ``"".join(tokenize(text)) == text`` always holds, so a diff over tokens loses nothing.
    """
    return _TOKEN.findall(text)


def _lines(text: str) -> list[str]:
    return _LINE.findall(text)


def _sentences(text: str) -> list[str]:
    out, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append(text[pos : m.end()])
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return out


def _chunks(text: str) -> list[str]:
    """A word (or a CJK run) with the spaces and punctuation after it: few repeated units."""
    out: list[str] = []
    prev_cjk = False
    for tok in tokenize(text):
        cjk = bool(_IS_CJK.match(tok))
        starts = (cjk and not prev_cjk) or (not cjk and _IS_LETTER.match(tok) is not None)
        if not out or starts or out[-1].endswith("\n"):
            out.append(tok)
        else:
            out[-1] += tok
        prev_cjk = cjk
    return out


_LEVELS: list[Callable[[str], list[str]]] = [_lines, _sentences, _chunks, tokenize]
_CHUNK_LEVEL, _TOKEN_LEVEL = 2, 3


def _pair(old: Sequence[str], new: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """Rows for a stretch of edited units (paragraphs, sentences): each index once, in
    order, the most similar ones paired by a small alignment over their word sets."""
    k, m = len(old), len(new)
    if k * m > _PAIR_LIMIT:
        pairs = [(i, i) for i in range(min(k, m))]
    else:
        sa = [frozenset(t.lower() for t in tokenize(u) if not t.isspace()) for u in old]
        sb = [frozenset(t.lower() for t in tokenize(u) if not t.isspace()) for u in new]
        score = [[0.0] * (m + 1) for _ in range(k + 1)]
        for i in range(k):
            for j in range(m):
                union = len(sa[i] | sb[j])
                s = len(sa[i] & sb[j]) / union if union else 1.0
                best = max(score[i][j + 1], score[i + 1][j])
                score[i + 1][j + 1] = max(best, score[i][j] + s) if s >= _PAIR_MIN else best
        pairs, i, j = [], k, m
        while i and j:
            if score[i][j] == score[i - 1][j]:
                i -= 1
            elif score[i][j] == score[i][j - 1]:
                j -= 1
            else:
                i, j = i - 1, j - 1
                pairs.append((i, j))
        pairs.reverse()
    rows: list[tuple[int | None, int | None]] = []
    ia = ib = 0
    for pi, pj in [*pairs, (k, m)]:
        rows += [(i, None) for i in range(ia, pi)] + [(None, j) for j in range(ib, pj)]
        if pi < k:
            rows.append((pi, pj))
        ia, ib = pi + 1, pj + 1
    return rows


def align_lines(old: Sequence[str], new: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """Rows of a side-by-side view: each old and new line index once, in order.

    Equal lines share a row; within an edited stretch, lines are paired by the
    words they share, and the rest get a row of their own.
    """
    norm_a = [" ".join(line.split()) for line in old]
    norm_b = [" ".join(line.split()) for line in new]
    rows: list[tuple[int | None, int | None]] = []
    matcher = difflib.SequenceMatcher(None, norm_a, norm_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(zip(range(i1, i2), range(j1, j2), strict=True))
        else:
            rows += [
                (None if i is None else i1 + i, None if j is None else j1 + j)
                for i, j in _pair(old[i1:i2], new[j1:j2])
            ]
    return rows


def _diff(a: str, b: str, level: int, out: list[tuple[str, str]]) -> None:
    """Append the (op, text) runs from ``a`` to ``b``, refining each replaced stretch at
    the next finer level: lines, sentences, words with their punctuation, tokens."""
    if not a or not b:
        out += [("delete", a), ("insert", b)]
        return
    if level < _CHUNK_LEVEL and len(a) * len(b) <= _JOINT_LIMIT:
        level = _CHUNK_LEVEL
    ua, ub = _LEVELS[level](a), _LEVELS[level](b)
    if level == _TOKEN_LEVEL and len(ua) * len(ub) > _TOKEN_LIMIT:
        out += [("delete", a), ("insert", b)]
        return
    matcher = difflib.SequenceMatcher(None, ua, ub, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        sa, sb = "".join(ua[i1:i2]), "".join(ub[j1:j2])
        if tag == "equal":
            out.append(("equal", sa))
        elif tag != "replace" or level == _TOKEN_LEVEL:
            out += [("delete", sa), ("insert", sb)]
        elif level == _CHUNK_LEVEL:
            _diff(sa, sb, _TOKEN_LEVEL, out)
        else:
            for i, j in _pair(ua[i1:i2], ub[j1:j2]):
                if i is not None and j is not None:
                    _diff(ua[i1 + i], ub[j1 + j], level + 1, out)
                elif i is not None:
                    out.append(("delete", ua[i1 + i]))
                elif j is not None:
                    out.append(("insert", ub[j1 + j]))


def _canonical(raw: list[tuple[str, str]]) -> list[Segment]:
    """Each change becomes one delete then one insert, and a lone space between two
    replacements joins them, so a rewritten phrase reads as one change, not word by word."""
    items: list[list[str]] = []  # [equal text] or [deleted, inserted]
    for op, text in raw:
        if text and op == "equal":
            if items and len(items[-1]) == 1:
                items[-1][0] += text
            else:
                items.append([text])
        elif text:
            if not items or len(items[-1]) == 1:
                items.append(["", ""])
            items[-1][op == "insert"] += text
    merged: list[list[str]] = []
    for item in items:
        if len(merged) >= 2 and all(item) and all(merged[-2]) and len(merged[-2]) == 2:
            space = merged[-1][0]
            if len(item) == 2 and space.isspace() and "\n" not in space:
                merged.pop()
                merged[-1] = [merged[-1][0] + space + item[0], merged[-1][1] + space + item[1]]
                continue
        merged.append(item)
    segments: list[Segment] = []
    for item in merged:
        if len(item) == 1:
            segments.append(Segment("equal", item[0]))
        else:
            segments += [Segment("delete", item[0])] if item[0] else []
            segments += [Segment("insert", item[1])] if item[1] else []
    return segments


def diff_texts(old: str, new: str) -> list[Segment]:
    """The edit from ``old`` to ``new``: equal, delete and insert runs whose old side
    (equal + delete) is exactly ``old`` and whose new side (equal + insert) is ``new``.

    Paragraphs and sentences are matched first, then words, then the characters
    of CJK words, so a long article with a few edits diffs quickly.
    """
    raw: list[tuple[str, str]] = []
    _diff(old, new, 0, raw)
    return _canonical(raw)


@dataclass(frozen=True)
class ChangeSummary:
    """The gist of an edit, for listings and for spotting erased names at a glance."""

    title_changed: bool
    paragraphs_added: int
    paragraphs_removed: int
    chars_added: int
    chars_removed: int
    terms_removed: tuple[str, ...]
    terms_added: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ChangeSummary:
        """Read back ``to_dict``'s output; a missing or mistyped field is a ValueError."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                raise ValueError(f"change summary: missing field {f.name!r}")
            value = data[f.name]
            if f.name == "title_changed":
                ok = isinstance(value, bool)
            elif f.name.startswith("terms_"):
                ok = isinstance(value, list | tuple) and all(isinstance(t, str) for t in value)
                value = tuple(value) if ok else value
            else:
                ok = type(value) is int and value >= 0
            if not ok:
                raise ValueError(f"change summary: bad value for {f.name!r}: {value!r}")
            values[f.name] = value
        return cls(**values)


def _paragraphs(text: str) -> Counter[str]:
    return Counter(p for p in (" ".join(line.split()) for line in text.split("\n")) if p)


def _visible(text: str) -> int:
    return sum(not c.isspace() for c in text)


def summarize(
    old_title: str | None, old_text: str, new_title: str | None, new_text: str
) -> ChangeSummary:
    """Counts of what changed, and the names and phrases one version has and the other lacks.

    A term is a capitalized name of up to four words, a two- or three-word lower-case
    phrase touched by the edit, a Korean word without its particles, or a run of
    katakana or of kanji. It counts as removed only if the new title and text have it
    nowhere (as whole words for Latin script, as a substring for CJK).
    """
    text_segs = diff_texts(old_text, new_text)
    title_segs = diff_texts(old_title or "", new_title or "")
    from .terms import side_terms, vanished  # terms builds on this module

    old = side_terms(old_title, old_text, title_segs, text_segs, "delete")
    new = side_terms(new_title, new_text, title_segs, text_segs, "insert")
    old_paras, new_paras = _paragraphs(old_text), _paragraphs(new_text)
    return ChangeSummary(
        title_changed=" ".join((old_title or "").split()) != " ".join((new_title or "").split()),
        paragraphs_added=sum((new_paras - old_paras).values()),
        paragraphs_removed=sum((old_paras - new_paras).values()),
        chars_added=sum(_visible(s.text) for s in text_segs if s.op == "insert"),
        chars_removed=sum(_visible(s.text) for s in text_segs if s.op == "delete"),
        terms_removed=vanished(old, new),
        terms_added=vanished(new, old),
    )
