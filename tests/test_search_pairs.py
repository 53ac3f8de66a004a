"""Phrases of words, matched through the index's word pairs (migration 0011)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from test_search import add, urls

from archive.textindex import index_form, index_tokens, pair_form

pytestmark = pytest.mark.both_backends

WORDS = ["kim", "jong", "un", "yo", "party", "congress", "north", "korea", "test", "missile"]
GLUE = [" ", " ", " ", "-", ", ", " 북한 ", "の", " 会議 "]


def _words(text: str) -> list[list[str]]:
    """A text's runs of adjacent words (lower case); CJK runs and the title/body
    boundary end a run, as they do for a reader."""
    runs = []
    for segment in re.split(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]+", text.lower()):
        runs.append(re.findall(r"[^\W_]+", segment))
    return runs


def _has_phrase(runs: list[list[str]], phrase: list[str], prefix: bool = False) -> bool:
    n = len(phrase)
    for run in runs:
        for i in range(len(run) - n + 1):
            window = run[i : i + n]
            if window[:-1] == phrase[:-1] and (
                window[-1].startswith(phrase[-1]) if prefix else window[-1] == phrase[-1]
            ):
                return True
    return False


def _text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(WORDS) + rng.choice(GLUE) for _ in range(n)).strip()


def test_phrases_match_exactly_the_documents_with_the_words_in_order(archive):
    rng = random.Random(11)
    docs: dict[str, tuple[str, str]] = {}
    for i in range(80):
        title, body = _text(rng, 3).title(), _text(rng, 14)
        docs[f"https://p.example/{i}"] = (title, body)
        add(archive, f"https://p.example/{i}", body, title=title, at=i)
    queries = {tuple(rng.choice(WORDS) for _ in range(rng.choice((2, 2, 3, 4)))) for _ in range(60)}
    queries |= {("kim", "jong", "un"), ("north", "korea"), ("un", "kim")}
    found_some = 0
    for phrase in sorted(queries):
        expected = {
            url
            for url, (title, body) in docs.items()
            if _has_phrase(_words(title), list(phrase)) or _has_phrase(_words(body), list(phrase))
        }
        found_some += bool(expected)
        assert urls(archive, '"' + " ".join(phrase) + '"') == expected, phrase
        # A hyphenated spelling is the same phrase.
        assert urls(archive, "-".join(phrase)) == expected, phrase
    assert found_some > 10  # the corpus is dense enough for the comparison to mean something


def test_a_prefix_ends_a_phrase(archive):
    add(archive, "https://p.example/1", "Kim Jong-un inspected a factory.")
    add(archive, "https://p.example/2", "Kim Jong spoke; Un-related news.")
    add(archive, "https://p.example/3", "Kim Yo Jong issued a statement.")
    assert urls(archive, "Jong-u*") == {"https://p.example/1"}
    assert urls(archive, "Kim-Jo*") == {"https://p.example/1", "https://p.example/2"}
    assert _has_phrase(_words("Kim Jong-un"), ["jong", "u"], prefix=True)


def test_a_phrase_does_not_run_across_cjk_text_or_from_title_to_body(archive):
    add(archive, "https://p.example/1", "Party 会議 congress opened.", title="North")
    add(archive, "https://p.example/2", "Korea held a party congress.", title="North")
    assert urls(archive, '"party congress"') == {"https://p.example/2"}
    assert urls(archive, '"north korea"') == set()
    assert urls(archive, '"party 会議 congress"') == {"https://p.example/1"}


def test_pairs_of_stored_index_text_are_the_pairs_of_the_text():
    """Migration 0011 rebuilds the pairs from the index's stored (index_form) text,
    with its own frozen copy of pair_form: both must agree with textindex."""
    migration = _load_migration()
    rng = random.Random(3)
    alphabet = "ab Ｋim Jong-un 북한의 会議に ÉCOLE straße ＡＢＣ 123_x \u1100\u1161 ."
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert pair_form(index_form(text)) == pair_form(text), text
        assert migration.pair_form(text) == pair_form(text), text
        assert migration._index_tokens(text) == " ".join(index_tokens(text)), text


def _load_migration():
    import importlib.util

    path = next(Path("archive/migrations/versions").glob("*_0011_search_pairs.py"))
    spec = importlib.util.spec_from_file_location("migration_0011", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _archive_at(db_url: str, revision: str):
    from sqlalchemy import create_engine

    from archive.db import Archive, _open_sqlite, database_url

    if db_url.startswith("sqlite"):
        old = Archive(_open_sqlite(database_url(db_url), create=True))
    else:
        old = Archive(create_engine(db_url))
    old.upgrade(revision)
    return old


def test_upgrading_an_archive_indexes_the_pairs_of_its_versions(db_url):
    from sqlalchemy import text

    from archive import open_archive

    old = _archive_at(db_url, "0010")
    title, body = "Party Congress", "Kim Jong-un spoke in 평양 today."
    if old.dialect == "sqlite":  # rows as the 0010 code wrote them
        index = (
            "INSERT INTO search_fts(rowid, title, body, facets) VALUES (1, :title, :indexed, 'x')"
        )
    else:
        index = (
            "INSERT INTO search_pg(version_id, doc) VALUES (1,"
            " setweight(to_tsvector('simple', lower(:title)), 'A')"
            " || to_tsvector('simple', lower(:indexed)))"
        )
    with old.engine.begin() as conn:
        for sql in (
            "INSERT INTO sources(id, name, homepage, languages, created_at, updated_at, status)"
            " VALUES ('kcna', 'KCNA', 'https://kcna.example/', '[]',"
            " '2026-11-01', '2026-11-01', 'ok')",
            "INSERT INTO articles(id, source_id, canonical_url, first_seen, status)"
            " VALUES (1, 'kcna', 'https://kcna.example/1', '2026-11-01 00:00:00', 'live')",
            "INSERT INTO versions(id, article_id, seq, captured_at, title, authors,"
            " published_at, language, text, content_hash, extras)"
            " VALUES (1, 1, 1, '2026-11-01 00:00:00', :title, '[]', NULL,"
            " 'en', :body, 'h', '{}')",
            "UPDATE articles SET latest_version_id = 1",
            index,
        ):
            conn.execute(text(sql), {"title": title, "body": body, "indexed": index_form(body)})
    old.close()
    new = open_archive(db_url)  # migrates to head
    assert urls(new, '"kim jong un"') == {"https://kcna.example/1"}
    assert urls(new, '"congress kim"') == set()  # from the title into the body
    assert urls(new, '"party congress"') == {"https://kcna.example/1"}
    assert urls(new, '"in today"') == set()
    assert urls(new, "평양") == {"https://kcna.example/1"}
    if new.dialect == "sqlite":
        with new.read() as session:
            pairs = session.scalar(text("SELECT body_pairs FROM search_fts"))
        assert pairs == "3zkimjong 4zjongun 2zunspoke 5zspokein"
    new.close()
