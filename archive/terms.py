"""Terms: which names and phrases one version has and the other lacks.

The part of a change summary a researcher reads first: "Jang Song Thaek" gone
from an article is the purge; the re-wrapped sentence around it is not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from .diff import _IS_CJK, _IS_LETTER, _MAX_TERMS, _TOKEN, _WORD, Segment

__all__ = ["side_terms", "vanished"]


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


def side_terms(
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


def vanished(this: _Side, other: _Side) -> tuple[str, ...]:
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
