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
from functools import cached_property
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


# --- terms: which names and phrases one side has and the other lacks -------------------------


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_CAP_STOP = _wordset(
    "A About According After Also An And As At Because Before But By During Earlier Even For From"
    " He Her Here His However I If In It Its Last Later Meanwhile Mr Mrs Ms Dr Next No Not Of On"
    " Or Our She Since So Some That The Their Then There These They This Those Thus To Today"
    " Tomorrow Under We What When Where While With Yesterday You Monday Tuesday Wednesday"
    " Thursday Friday Saturday Sunday January February March April May June July August"
    " September October November December"
)
_LOW_STOP = _wordset(
    "a about above across after again against all also although am among an and another any are"
    " around as at be because been before being below between both but by can could did do does"
    " doing done down during each either even every few for from further had has have having he"
    " her here hers him his how however i if in including into is it its itself just many may me"
    " might more most much must my neither no nor not now of off on once one only onto or other"
    " our ours out over own quite rather said same say saying says shall she should since so some"
    " such than that the their theirs them then there these they this those though through thus to"
    " told too toward towards under until up upon us very via was we were what when where whether"
    " which while who whom whose why will with within without would yet you your"
    " two three four five six seven eight nine ten"
)
_SENTENCE_PUNCT = frozenset(".!?:;。！？")
_POSSESSIVE = re.compile(r"['’]s$")
_HANGUL_RUN = re.compile("[\uac00-\ud7a3]+")
_KATAKANA_RUN = re.compile("[\u30a1-\u30fa\u30fc\u30fb\uff66-\uff9f]{2,}")
_KANJI_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005]{2,}")
# Korean particles and copulas (at most three syllables), stripped from the ends of words.
_PARTICLES = _wordset(
    "은 는 이 가 을 를 의 에 도 로 만 과 와 께 들 에서 에게 께서 으로 까지 부터 이다 였다 이며"
    " 이고 에는 에도 에서는 에서도 에서의 에게서 으로는 으로도 로는 로도 과의 와의 으로서 로서"
    " 으로써 로써 이라고 라고 이라는 라는 처럼 보다 마다 조차 이었다 이자 들은 들이 들을 들의"
)
_PREDICATE_ENDS = tuple(_wordset("하며 하고 했고 했으며 하는 하여 했던 하기 한다고 했다고"))


def _korean_word(run: str, continuations: Mapping[str, set[str]]) -> str | None:
    """A Hangul run without its particles, or None for a predicate or a one-syllable word.

    A one-syllable particle that also ends nouns (은 in 김정은, 의 in 회의, 도 in 함경도) is
    stripped from a two-syllable stem only when the stem also occurs without it.
    """
    word = run
    stripped = True
    while stripped:
        stripped = False
        for size in (3, 2, 1):  # the longest particle first
            p, stem = word[-size:], word[:-size]
            if p not in _PARTICLES or len(stem) < 2:
                continue
            ambiguous = size == 1 and p not in "을를에는" and len(stem) == 2
            if ambiguous and continuations.get(stem, set()) <= {p}:
                continue
            word, stripped = stem, True
            break
    if len(word) < 2 or word.endswith(_PREDICATE_ENDS):
        return None
    if word.endswith("다") and (
        word[-2] in "한된있없이니하" or (ord(word[-2]) - 0xAC00) % 28 == 20
    ):
        return None  # -했다, -한다, -있다: a verb, not a name
    return word


def _is_cap(word: str) -> bool:
    return word[0].isupper() and word not in _CAP_STOP


def _is_low(word: str) -> bool:
    return word.islower() and word.replace("-", "").replace("'", "").isalpha()


def _title_case(title: str) -> bool:
    """A headline In Title Case names nothing by its capitals."""
    long = [w for w in re.findall(_WORD, title) if len(w) >= 4 and not w.isupper()]
    return len(long) >= 2 and sum(w[0].isupper() for w in long) >= 0.75 * len(long)


_Word = tuple[str, int, int, bool]  # a Latin word, its start and end, and if it starts a sentence


@dataclass
class _Side:
    """One version as the term finder sees it: title and text joined, and what changed."""

    doc: str
    title_len: int
    changed: bytearray  # 1 where the diff deleted (old side) or inserted (new side)

    @cached_property
    def groups(self) -> list[list[_Word]]:
        """Runs of words separated by single spaces: (word, start, end, sentence-initial)."""
        groups: list[list[_Word]] = []
        initial, between = True, []
        for m in _TOKEN.finditer(self.doc):
            tok = m.group()
            if _IS_LETTER.match(tok) and not _IS_CJK.match(tok):
                glued = len(between) == 1 and between[0].isspace() and "\n" not in between[0]
                if not (glued and groups):
                    groups.append([])
                groups[-1].append((tok, m.start(), m.end(), initial))
                initial, between = False, []
            else:
                between.append(tok)
                initial = initial or tok in _SENTENCE_PUNCT or tok == "\n"
        return groups

    def ngrams(self, firsts: set[str]) -> set[tuple[str, ...]]:
        """The runs of up to four words (possessives dropped) that start with one of
        ``firsts``, as written, and lower-cased as well."""
        grams: set[tuple[str, ...]] = set()
        for group in self.groups:
            words = [_POSSESSIVE.sub("", w[0]) for w in group]
            for i, word in enumerate(words):
                for w in {word, word.lower()} & firsts:
                    rest = words[i + 1 : i + 4]
                    grams.update((w, *rest[:n]) for n in range(len(rest) + 1))
                    grams.update((w, *(r.lower() for r in rest[:n])) for n in range(len(rest) + 1))
        return grams

    def _phrase(self, items: list[_Word], found: dict[str, tuple[int, str]]) -> None:
        """A lower-case phrase the edit touched, without the untouched words at its ends
        (as long as two words remain): "hostile states", not "hostile states proposed"."""
        touched = [1 in self.changed[start:end] for _, start, end, _ in items]
        if not any(touched):
            return
        while len(items) > 2 and not touched[-1]:
            items, touched = items[:-1], touched[:-1]
        while len(items) > 2 and not touched[0]:
            items, touched = items[1:], touched[1:]
        if 2 <= len(items) <= 3:
            found.setdefault(" ".join(w[0] for w in items), (items[0][1], "phrase"))

    def candidates(self, other_doc: str) -> dict[str, tuple[int, str]]:
        """Names and phrases of this side: term -> (first position, kind)."""
        found: dict[str, tuple[int, str]] = {}
        skip_title_caps = _title_case(self.doc[: self.title_len])
        cap_elsewhere: set[str] = set()
        initial_singles: list[tuple[str, int]] = []
        for group in self.groups:
            runs: list[tuple[str, list[_Word]]] = []
            for item in group:
                word = item[0]
                kind = "cap" if _is_cap(word) else "low" if _is_low(word) else ""
                if kind == "cap" and skip_title_caps and item[1] < self.title_len:
                    kind = ""
                if kind == "low" and word in _LOW_STOP:
                    kind = ""
                if kind == "cap" and not item[3]:
                    cap_elsewhere.add(word)
                if runs and runs[-1][0] == kind:
                    runs[-1][1].append(item)
                else:
                    runs.append((kind, [item]))
            for kind, items in runs:
                start = items[0][1]
                if kind == "cap" and len(items) <= 4:
                    term = " ".join(_POSSESSIVE.sub("", w[0]) for w in items)
                    if len(items) == 1 and items[0][3]:
                        initial_singles.append((term, start))
                    elif len(term) >= 2:
                        found.setdefault(term, (start, "name"))
                elif kind == "low":
                    self._phrase(items, found)
        for term, start in initial_singles:
            if term in cap_elsewhere and len(term) >= 2:
                found.setdefault(term, (start, "name"))
        continuations: dict[str, set[str]] = {}
        for run in _HANGUL_RUN.findall(self.doc + "\n" + other_doc):
            if len(run) >= 2:
                continuations.setdefault(run[:2], set()).add(run[2:3])
        words: dict[str, str | None] = {}
        for m in _HANGUL_RUN.finditer(self.doc):
            if m.group() not in words:
                words[m.group()] = _korean_word(m.group(), continuations)
            if word := words[m.group()]:
                found.setdefault(word, (m.start(), "cjk"))
        for pattern in (_KATAKANA_RUN, _KANJI_RUN):
            for m in pattern.finditer(self.doc):
                term = m.group().strip("・")
                if len(term) >= 2:
                    found.setdefault(term, (m.start(), "cjk"))
        return found


def _side(
    title: str | None, text: str, title_segs: list[Segment], text_segs: list[Segment], keep: str
) -> _Side:
    """``keep`` is "delete" for the old version, "insert" for the new one."""
    title = title or ""
    doc = f"{title}\n{text}"
    changed = bytearray(len(doc))
    for segments, pos in ((title_segs, 0), (text_segs, len(title) + 1)):
        for seg in segments:
            if seg.op == keep:
                changed[pos : pos + len(seg.text)] = b"\x01" * len(seg.text)
            if seg.op in ("equal", keep):
                pos += len(seg.text)
    return _Side(doc, len(title), changed)


def _vanished(this: _Side, other: _Side) -> tuple[str, ...]:
    """Terms of ``this`` that ``other`` lacks, longest form only, in order of appearance."""
    candidates = this.candidates(other.doc)
    words = {
        t: tuple(t.split(" ") if kind == "name" else t.lower().split(" "))
        for t, (_, kind) in candidates.items()
        if kind != "cjk"
    }
    grams = other.ngrams({w[0] for w in words.values()})
    gone: list[tuple[int, str, str]] = []
    for term, (pos, kind) in candidates.items():
        present = words[term] in grams if kind != "cjk" else term in other.doc
        if not present:
            gone.append((pos, term, kind))
    covered: set[str] = set()  # the parts of a longer vanished term: "Ryom" of "Ryom Kwang Sok"
    for _, term, kind in gone:
        parts: Sequence[str] = term if kind == "cjk" else term.split(" ")
        sep = "" if kind == "cjk" else " "
        n = min(len(parts), 60)
        covered.update(
            sep.join(parts[i:j])
            for i in range(n)
            for j in range(i + 1, n + 1)
            if j - i < len(parts)
        )
    kept = sorted((pos, term) for pos, term, _ in gone if term not in covered)
    return tuple(term for _, term in kept[:_MAX_TERMS])


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
    old = _side(old_title, old_text, title_segs, text_segs, "delete")
    new = _side(new_title, new_text, title_segs, text_segs, "insert")
    old_paras, new_paras = _paragraphs(old_text), _paragraphs(new_text)
    return ChangeSummary(
        title_changed=" ".join((old_title or "").split()) != " ".join((new_title or "").split()),
        paragraphs_added=sum((new_paras - old_paras).values()),
        paragraphs_removed=sum((old_paras - new_paras).values()),
        chars_added=sum(_visible(s.text) for s in text_segs if s.op == "insert"),
        chars_removed=sum(_visible(s.text) for s in text_segs if s.op == "delete"),
        terms_removed=_vanished(old, new),
        terms_added=_vanished(new, old),
    )
