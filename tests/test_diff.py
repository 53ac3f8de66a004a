"""Diffs of article versions: exact round trips, readable changes, and erased names found."""

from __future__ import annotations

import itertools
import json
import random
import re

import pytest

from archive.diff import ChangeSummary, Segment, align_lines, diff_texts, summarize, tokenize
from nkmon.diffview import DELETE_STYLE, INSERT_STYLE, render_html, render_json, render_terminal


def sides(segments: list[Segment]) -> tuple[str, str]:
    old = "".join(s.text for s in segments if s.op != "insert")
    new = "".join(s.text for s in segments if s.op != "delete")
    return old, new


def changes(segments: list[Segment]) -> list[tuple[str, str]]:
    return [(s.op, s.text) for s in segments if s.op != "equal"]


# --- tokenize ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Kim Jong-un's speech, delivered on 9 December 2013, was (briefly) reported.",
        "북한의 코로나 방역은 2020년부터 강화되었다.\n장성택 숙청",
        "北朝鮮のミサイル発射について、政府は「遺憾」と述べた。",
        "KCNA: 김정은 visited 平壤 — “peaceful reunification” ﾐｻｲﾙ\t\r\n  end  ",
        "\n\n  \u3000",
    ],
)
def test_tokenize_round_trips(text):
    assert "".join(tokenize(text)) == text


def test_tokenize_words_in_latin_characters_in_cjk():
    assert tokenize("Jang Song-thaek's") == ["Jang", " ", "Song-thaek's"]
    assert tokenize("북한의 코로나") == ["북", "한", "의", " ", "코", "로", "나"]
    assert tokenize("北朝鮮のミサイル") == list("北朝鮮のミサイル")
    assert tokenize("hi, there.") == ["hi", ",", " ", "there", "."]
    assert tokenize("ab\n\ncd") == ["ab", "\n", "\n", "cd"]


# --- diff_texts -------------------------------------------------------------------------------


def random_text(rng: random.Random, words: list[str]) -> str:
    parts = []
    for _ in range(rng.randint(0, 60)):
        parts.append(rng.choice(words))
        parts.append(rng.choice([" ", " ", " ", ", ", ". ", "\n", "", "  "]))
    return "".join(parts)


def mutate(rng: random.Random, text: str, words: list[str]) -> str:
    tokens = tokenize(text)
    for _ in range(rng.randint(0, 8)):
        i = rng.randint(0, len(tokens))
        action = rng.choice(["insert", "delete", "replace"])
        if action == "insert" or not tokens:
            tokens.insert(i, rng.choice([*words, " ", "\n", "."]))
        elif action == "delete":
            del tokens[min(i, len(tokens) - 1)]
        else:
            tokens[min(i, len(tokens) - 1)] = rng.choice(words)
    return "".join(tokens)


def test_diff_invariants_on_random_texts():
    rng = random.Random(20131212)
    words = [
        "Kim",
        "Jong-un",
        "the",
        "party",
        "북한의",
        "코로나",
        "北朝鮮",
        "ミサイル",
        "a",
        "of",
        "7",
    ]
    for _ in range(400):
        old = random_text(rng, words)
        new = mutate(rng, old, words) if rng.random() < 0.8 else random_text(rng, words)
        segments = diff_texts(old, new)
        assert sides(segments) == (old, new)
        assert all(s.text for s in segments)
        # merged: never two equal runs in a row, and each change is one delete then one insert
        ops = [s.op for s in segments]
        assert all(a != b for a, b in itertools.pairwise(ops))
        assert ("insert", "delete") not in set(itertools.pairwise(ops))


def test_diff_of_equal_and_empty_texts():
    assert diff_texts("", "") == []
    assert diff_texts("same\ntext", "same\ntext") == [Segment("equal", "same\ntext")]
    assert diff_texts("", "new") == [Segment("insert", "new")]
    assert diff_texts("old", "") == [Segment("delete", "old")]


def test_english_changes_whole_words():
    segments = diff_texts(
        "The delegation was led by Premier Pak Pong Ju.",
        "The delegation was led by Premier Kim Tok Hun.",
    )
    assert changes(segments) == [("delete", "Pak Pong Ju"), ("insert", "Kim Tok Hun")]
    segments = diff_texts("The quick brown fox jumps.", "The quick red fox jumps.")
    assert segments == [
        Segment("equal", "The quick "),
        Segment("delete", "brown"),
        Segment("insert", "red"),
        Segment("equal", " fox jumps."),
    ]


def test_cjk_changes_single_characters():
    segments = diff_texts("북한의 코로나", "북한과 코로나")
    assert segments == [
        Segment("equal", "북한"),
        Segment("delete", "의"),
        Segment("insert", "과"),
        Segment("equal", " 코로나"),
    ]
    segments = diff_texts("北朝鮮のミサイル発射", "北朝鮮の弾道ミサイル発射")
    assert changes(segments) == [("insert", "弾道")]


def test_paragraph_moves_keep_paragraphs_apart():
    old = "First paragraph stays.\nSecond paragraph goes.\nThird paragraph stays."
    new = "First paragraph stays.\nThird paragraph stays."
    assert changes(diff_texts(old, new)) == [("delete", "Second paragraph goes.\n")]


def test_long_text_diffs():
    """20,000 words in 200 paragraphs, with scattered edits, a deleted and a new paragraph."""
    rng = random.Random(2024)
    vocab = [f"w{n}" for n in range(2000)] + ["the", "of", "and", "party", "people"] * 100
    paragraphs = []
    for _ in range(200):
        sentences = [" ".join(rng.choice(vocab) for _ in range(20)) + "." for _ in range(5)]
        paragraphs.append(" ".join(sentences).capitalize())
    old = "\n".join(paragraphs)
    edited = paragraphs[:50] + paragraphs[51:]
    edited[120] = edited[120].replace(" the ", " a ", 3)
    edited.insert(10, "An entirely new paragraph about Ryom Kwang Sok.")
    new = "\n".join(edited)
    segments = diff_texts(old, new)
    assert sides(segments) == (old, new)
    assert ("delete", paragraphs[50] + "\n") in changes(segments)
    summary = summarize("Title", old, "Title", new)
    assert summary.paragraphs_removed == 2 and summary.paragraphs_added == 2
    assert "Ryom Kwang Sok" in summary.terms_added
    # one paragraph of 20,000 words, edited at both ends and in the middle
    flat = old.replace("\n", " ")
    words = flat.split(" ")
    words[5], words[10_000], words[-5] = "changed", "changed", "changed"
    segments = diff_texts(flat, " ".join(words))
    assert sides(segments) == (flat, " ".join(words))
    assert len(changes(segments)) == 6


# --- summarize --------------------------------------------------------------------------------

PLENARY = [
    "Pyongyang, December 9 (KCNA) -- An enlarged meeting of the Political Bureau of the "
    "Central Committee of the Workers' Party of Korea was held in Pyongyang on Sunday.",
    "Kim Jong Un, first secretary of the WPK, guided the meeting.",
    "Ryom Kwang Sok, member of the Political Bureau and vice-premier of the Cabinet, "
    "made a report on the work of the Cabinet in the field of the national economy.",
    "Speakers said that the country's development would strengthen the line of "
    "peaceful reunification of the country proposed by the great leaders.",
    "The meeting also discussed organizational matters.",
]


def test_summary_finds_an_erased_official():
    old = "\n".join(PLENARY)
    new = "\n".join(PLENARY[:2] + PLENARY[3:])
    summary = summarize("Enlarged Meeting Held", old, "Enlarged Meeting Held", new)
    assert summary.terms_removed[0] == "Ryom Kwang Sok"
    assert "Ryom" not in summary.terms_removed  # only the full name
    for still_there in ("Political Bureau", "Kim Jong Un", "Korea", "Pyongyang", "the", "work"):
        assert still_there not in summary.terms_removed
    assert summary.terms_added == ()
    assert summary.paragraphs_removed == 1 and summary.paragraphs_added == 0
    assert not summary.title_changed
    assert summary.chars_removed == len(re.sub(r"\s", "", PLENARY[2]))
    assert summary.chars_added == 0


def test_summary_finds_a_vanished_phrase():
    old = "\n".join(PLENARY)
    edited = PLENARY[3].replace("peaceful reunification of the country", "the two hostile states")
    new = "\n".join([*PLENARY[:3], edited, PLENARY[4]])
    summary = summarize(None, old, None, new)
    assert "peaceful reunification" in summary.terms_removed
    assert "hostile states" in summary.terms_added
    for unrelated in ("Ryom Kwang Sok", "country", "great leaders", "Speakers"):
        assert unrelated not in summary.terms_removed
    assert summary.paragraphs_removed == 1 and summary.paragraphs_added == 1


def test_summary_names_survive_possessives_and_line_wrapping():
    old = "Kim Jong Un inspected the plant.\nThe plant's manager thanked Kim Jong Un."
    new = "The plant's manager thanked Kim Jong Un's\nleadership."
    summary = summarize(None, old, None, new)
    assert "Kim Jong Un" not in summary.terms_removed


def test_summary_korean_name_removed():
    old = (
        "장성택은 회의에 참석했다.\n조선중앙통신은 북한의 경제 상황을 보도했다.\n장성택 동지의 발언"
    )
    new = "조선중앙통신은 북한의 경제 상황을 보도했다."
    summary = summarize("장성택 동지 회의 참석", old, "회의 보도", new)
    assert summary.terms_removed[0] == "장성택"
    assert "북한" not in summary.terms_removed and "조선중앙통신" not in summary.terms_removed
    assert "참석했다" not in summary.terms_removed  # a verb, not a term
    assert summary.title_changed
    assert summary.terms_added == ()  # 보도 of the new title is in 보도했다


def test_summary_korean_particles_and_names_ending_like_particles():
    old = "김정은 동지께서 하노이에 도착하셨다. 김정은은 웃었다."
    summary = summarize(None, old, None, "동지께서 도착하셨다.")
    assert summary.terms_removed[:2] == ("김정은", "하노이")


def test_summary_japanese_terms():
    old = "金正恩総書記は張成沢氏の処刑を命じた。\nミサイル発射が続いた。"
    new = "金正恩総書記は命じた。\nミサイル発射が続いた。"
    summary = summarize(None, old, None, new)
    assert "張成沢氏" in summary.terms_removed
    assert "金正恩総書記" not in summary.terms_removed and "ミサイル" not in summary.terms_removed
    summary = summarize(None, "平和統一を目指す。ムン・ジェイン大統領", None, "目指す。")
    assert summary.terms_removed == ("平和統一", "ムン・ジェイン", "大統領")


def test_summary_counts_paragraphs_as_a_multiset():
    old = "Alpha.\nBeta.\n\nBeta.\nGamma."
    new = "Alpha.\nBeta.\nDelta.\n  Gamma.  "
    summary = summarize("Same title", old, " Same  title ", new)
    assert summary.paragraphs_removed == 1  # one of the two "Beta."
    assert summary.paragraphs_added == 1  # "Delta."
    assert not summary.title_changed
    assert summarize("A title", old, "Another title", old).title_changed
    assert summarize(None, old, "", old).title_changed is False


def test_summary_to_dict_round_trip():
    summary = summarize("Old title", "\n".join(PLENARY), "New title", "\n".join(PLENARY[:2]))
    data = json.loads(json.dumps(summary.to_dict()))
    assert ChangeSummary.from_dict(data) == summary
    assert data["terms_removed"][0] == "Ryom Kwang Sok"
    with pytest.raises(ValueError, match="missing field 'chars_added'"):
        ChangeSummary.from_dict({k: v for k, v in data.items() if k != "chars_added"})
    with pytest.raises(ValueError, match="terms_removed"):
        ChangeSummary.from_dict({**data, "terms_removed": "Ryom"})


def test_summary_lists_at_most_fifty_terms():
    old = " ".join(f"Name{n} Person{n} spoke." for n in range(80))
    summary = summarize(None, old, None, "")
    assert len(summary.terms_removed) == 50
    assert summary.terms_removed[:2] == ("Name0 Person0", "Name1 Person1")


# --- presentation -----------------------------------------------------------------------------


def test_align_lines_pairs_edited_paragraphs():
    old = ["Same one.", "Deleted paragraph entirely here.", "Edited paragraph with words.", "End."]
    new = ["Same one.", "Edited paragraph with more words.", "End."]
    assert align_lines(old, new) == [(0, 0), (1, None), (2, 1), (3, 2)]


def test_render_terminal_styles():
    text = render_terminal(diff_texts("The brown fox.", "The red fox."))
    assert text.plain == "The brownred fox."
    styled = {text.plain[s.start : s.end]: str(s.style) for s in text.spans}
    assert styled == {"brown": DELETE_STYLE, "red": INSERT_STYLE}
    assert "strike" in DELETE_STYLE and "red" in DELETE_STYLE and "green" in INSERT_STYLE


VERSIONS = (
    {
        "id": 7,
        "seq": 1,
        "captured_at": "2013-12-08T10:00:00+00:00",
        "title": "Meeting <b>held</b>",
        "content_hash": "a" * 64,
    },
    {
        "id": 9,
        "seq": 2,
        "captured_at": "2013-12-13T10:00:00+00:00",
        "title": "Meeting held",
        "content_hash": "b" * 64,
    },
)


def test_render_json():
    segments = diff_texts("The brown fox.", "The red fox.")
    summary = summarize(None, "The brown fox.", None, "The red fox.")
    data = render_json(*VERSIONS, segments, summary)
    assert json.loads(json.dumps(data)) == data
    assert data["old"]["content_hash"] == "a" * 64 and data["new"]["seq"] == 2
    assert data["segments"][1] == {"op": "delete", "text": "brown"}
    assert ChangeSummary.from_dict(data["summary"]) == summary


def test_render_html_escapes_and_shows_both_versions():
    old = "\n".join([*PLENARY[:2], "<script>alert('x')</script> Ryom Kwang Sok spoke.", PLENARY[4]])
    new = "\n".join([*PLENARY[:2], PLENARY[4], "A <img src=x onerror=alert(1)> tag."])
    segments = diff_texts(old, new)
    summary = summarize(VERSIONS[0]["title"], old, VERSIONS[1]["title"], new)
    page = render_html(*VERSIONS, old, new, segments, summary)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;held&lt;/b&gt;" in page
    assert "a" * 64 in page and "b" * 64 in page
    assert "2013-12-08T10:00:00+00:00" in page
    assert '<span class="term">Ryom Kwang Sok</span>' in page
    assert "<del>" in page and "<ins>" in page
    assert "http" not in page.split("<body>")[0].replace("http-equiv", "")  # no external assets
    # the unchanged paragraph sits on one row, left and right
    row = next(r for r in page.split("<tr") if "organizational matters" in r)
    assert row.count("organizational matters") == 2 and 'class="same"' in row
    with pytest.raises(ValueError):
        render_html(*VERSIONS, old, new + "x", segments, summary)
