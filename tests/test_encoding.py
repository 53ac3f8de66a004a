"""Decoding pages that declare no charset: deterministic, exact, and flagged."""

from __future__ import annotations

import random

import pytest

from crawler.encoding import decode_html, encoding_extras
from nkmon.replica.hostile import JA_PARAGRAPHS, KO_PARAGRAPHS, article_html

KO = [
    "평양에서 새 살림집 입사 모임이 열렸다.",
    "주민들은 전기 공급이 하루 두 시간으로 줄었다고 말했다.",
    "장마당 쌀값도 올랐다고 소식통이 전했다.",
    "신의주 세관에서 밀수 단속이 강화됐다.",
    "혜산 주민 세대별로 충성의 외화벌이 과제가 내려졌다.",
]
JA = [
    "会寧市で新たな労働動員が指示された。",
    "住民の間では不満が広がっている。",
    "市場ではコメの価格が上がっているという。",
    "北朝鮮当局は国境警備を強化した。",
    "平壌で大規模な軍事パレードが行われた。",
]


def short_pages(seed: int, n: int = 80) -> list[tuple[bytes, list[str]]]:
    """Short undeclared pages: one to three sentences, in the usual encodings, with
    and without a lang attribute."""
    rng = random.Random(seed)
    pages = []
    for _ in range(n):
        korean = rng.random() < 0.5
        sentences = rng.sample(KO if korean else JA, rng.randint(1, 3))
        lang = rng.choice(["ko" if korean else "ja", "en"])
        encoding = rng.choice(["cp949", "utf-8"] if korean else ["cp932", "euc_jp", "utf-8"])
        html = article_html(sentences[0][:6], sentences, lang=lang, charset=None)
        pages.append((html.encode(encoding), sentences))
    return pages


def test_short_undeclared_pages_are_decoded_exactly():
    for body, sentences in short_pages(8):
        text, codec = decode_html(body, "text/html")
        assert "\ufffd" not in text
        assert all(s in text for s in sentences), (codec, text)


def test_the_same_bytes_decode_the_same_whatever_the_order():
    pages = short_pages(9)
    first = {body: decode_html(body, None) for body, _ in pages}
    shuffled = pages[:]
    random.Random(10).shuffle(shuffled)
    assert {body: decode_html(body, None) for body, _ in reversed(shuffled)} == first


def test_longer_pages_and_declared_charsets_are_unchanged():
    ko = article_html("신의주", KO_PARAGRAPHS, lang="ko", charset=None).encode("cp949")
    assert decode_html(ko, "text/html")[1] == "cp949"
    ja = article_html("会寧", JA_PARAGRAPHS[1:], lang="ja", charset="EUC-JP").encode("euc_jp")
    assert decode_html(ja, "text/html")[1] == "euc_jp"


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        # Nothing declared: the guess is flagged, UTF-8 included.
        ("평양".encode("cp949"), "text/html", {"encoding_guessed": True, "encoding": "cp949"}),
        ("평양".encode(), "text/html", {"encoding_guessed": True, "encoding": "utf-8"}),
        # Declared and used (a BOM, a header, a meta tag): nothing to flag.
        ("\ufeff평양".encode(), "text/html", {}),
        ("平壌".encode("cp932"), "text/html; charset=Shift_JIS", {}),
        ('<meta charset="euc-kr">평양'.encode("cp949"), None, {}),
        # ASCII: every codec reads it the same.
        (b"<p>Pyongyang</p>", None, {}),
        # Declared, but another codec read it.
        (
            "평양".encode("cp949"),
            "text/html; charset=utf-8",
            {"encoding_guessed": True, "encoding": "cp949", "encoding_declared": ["utf-8"]},
        ),
    ],
)
def test_encoding_extras(body, content_type, expected):
    _, codec = decode_html(body, content_type)
    assert encoding_extras(body, content_type, codec) == expected
