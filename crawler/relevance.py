"""Is an article about North Korea? Multilingual keyword rules.

Used for general outlets (wire services, world-news sections), where most
articles are about something else. Matching is on the title and text after
NFKC, lower-casing and turning hyphens into spaces, so "Kim Jong-un",
"Kim Jong Un" and "KIM JONG UN" are one spelling; Latin keywords match whole
words ("DPRK" not inside another word), CJK keywords anywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

__all__ = ["NORTH_KOREA", "KeywordRule"]

NORTH_KOREA: tuple[str, ...] = (
    # English
    "north korea", "north korean", "north koreans", "n. korea", "n. korean", "n.k.",
    "dprk", "pyongyang", "kim jong un", "kim jongun", "kim jong il", "kim il sung",
    "kim yo jong", "kim yong un", "workers' party of korea", "korean workers' party",
    "kcna", "rodong sinmun", "panmunjom", "kaesong", "yongbyon", "sinuiju", "hyesan",
    "juche", "demilitarized zone", "inter-korean", "defector", "defectors",
    # Korean
    "북한", "북측", "북조선", "조선민주주의인민공화국", "평양", "김정은", "김여정", "김정일",
    "김일성", "노동당", "로동당", "조선중앙통신", "로동신문", "노동신문", "탈북", "북핵",
    "남북", "개성공단", "판문점",
    # Japanese
    "北朝鮮", "朝鮮民主主義人民共和国", "平壌", "金正恩", "金与正", "金正日", "金日成",
    "朝鮮労働党", "朝鮮中央通信", "労働新聞", "脱北", "拉致問題",
)  # fmt: skip


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[\u2010-\u2015-]", " ", text).replace("\u2019", "'")
    return re.sub(r"\s+", " ", text)


def _pattern(keyword: str) -> str:
    folded = re.escape(_fold(keyword).strip())
    if re.match(r"[a-z0-9]", folded[:1]):  # Latin: whole words only
        return rf"(?<![\w]){folded}(?![\w])"
    return folded


@dataclass(frozen=True)
class KeywordRule:
    keywords: tuple[str, ...]
    min_mentions: int = 1

    @classmethod
    def build(
        cls, preset: str | None, extra: Iterable[str] = (), min_mentions: int = 1
    ) -> KeywordRule:
        base = NORTH_KOREA if preset == "north-korea" else ()
        return cls(tuple(dict.fromkeys([*base, *extra])), min_mentions)

    @cached_property
    def _regex(self) -> re.Pattern[str]:
        # Longest first, so "north korean" is one mention, not also "north korea".
        ordered = sorted(self.keywords, key=len, reverse=True)
        return re.compile("|".join(_pattern(k) for k in ordered) or r"(?!)")

    def mentions(self, title: str | None, text: str) -> int:
        return len(self._regex.findall(_fold(f"{title or ''}\n{text}")))

    def matches(self, title: str | None, text: str) -> bool:
        return self.mentions(title, text) >= self.min_mentions
