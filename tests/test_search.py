"""Full-text search: latest versions only, CJK inside words, hostile queries."""

from __future__ import annotations

import contextlib
import random
from datetime import UTC, datetime, timedelta

import pytest

from archive import Content, Fetch, QueryError, record_capture, search, upsert_source

T0 = datetime(2026, 11, 1, tzinfo=UTC)

pytestmark = pytest.mark.both_backends


def add(archive, url: str, text: str, title: str = "t", at: int = 0):
    with archive.write() as session:
        upsert_source(session, "src", name="Source")
        return record_capture(
            session,
            "src",
            Fetch(url=url, fetched_at=T0 + timedelta(minutes=at), status=200),
            Content(title=title, text=text),
        )


def urls(archive, query: str, backend: str = "auto") -> set[str]:
    with archive.read() as session:
        return {h.url for h in search(session, query, limit=1000, backend=backend)}


def test_only_the_latest_version_is_searched(archive):
    add(archive, "https://a.example/1", "Jang Song Thaek attended the meeting in Pyongyang.")
    add(archive, "https://a.example/1", "The meeting in Pyongyang was attended.", at=1)
    assert urls(archive, "Pyongyang") == {"https://a.example/1"}
    assert urls(archive, '"Jang Song Thaek"') == set()


def test_phrases_and_spelling_of_hyphenated_names(archive):
    add(archive, "https://a.example/1", "Kim Jong-un inspected a factory.")
    add(archive, "https://a.example/2", "Kim Yo Jong issued a statement.")
    assert urls(archive, '"Kim Jong Un"') == {"https://a.example/1"}
    assert urls(archive, '"kim jong-un"') == {"https://a.example/1"}
    assert urls(archive, "Kim statement") == {"https://a.example/2"}


def test_korean_and_japanese_words_inside_longer_words(archive):
    add(archive, "https://ko.example/1", "북한의 코로나 대응은 핵심 문제다.")
    add(archive, "https://ja.example/1", "北朝鮮の会議に出席した。")
    assert urls(archive, "북한") == {"https://ko.example/1"}
    assert urls(archive, "핵심") == {"https://ko.example/1"}
    assert urls(archive, "会議") == {"https://ja.example/1"}
    assert urls(archive, "북한 会議") == set()


def test_cjk_recall_matches_a_brute_force_scan(archive):
    rng = random.Random(7)
    syllables = "북한평양김정은핵심회의노동신문조선중앙통신사"
    kana = "ほくちょうせんかいぎにしゅっせき会議北朝鮮"
    docs = {}
    for i in range(60):
        alphabet = syllables if i % 2 else kana
        words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(12)]
        docs[f"https://c.example/{i}"] = " ".join(words)
        add(archive, f"https://c.example/{i}", docs[f"https://c.example/{i}"])
    queries = {
        w[a:b]
        for text in docs.values()
        for w in text.split()
        for a in range(len(w))
        for b in range(a + 1, min(len(w), a + 4) + 1)
    }
    for query in sorted(queries)[:300]:
        expected = {u for u, t in docs.items() if query in t}
        assert urls(archive, query) == expected, query


@pytest.mark.parametrize(
    "query", ["x AND", "OPS-306", "C++", "NOT x", "'; DROP TABLE versions; --", "a:b", "(x", "*"]
)
def test_hostile_queries_never_raise_database_errors(archive, query):
    add(archive, "https://a.example/ops", "The OPS-306 code appeared in C++ text, x AND y.")
    # A clear refusal is fine; an SQL error is not.
    with archive.read() as session, contextlib.suppress(QueryError):
        search(session, query)


@pytest.mark.parametrize("query", ["", "   ", '"', "***"])
def test_empty_queries_are_refused_clearly(archive, query):
    with archive.read() as session, pytest.raises(QueryError):
        search(session, query)


def test_scan_backend_agrees_with_the_index(archive):
    add(archive, "https://a.example/1", "Rice prices rose in Hyesan market.")
    add(archive, "https://a.example/2", "Corn prices fell in Sinuiju.")
    for query in ["prices", "Hyesan", '"prices rose"', "Sinuiju corn"]:
        assert urls(archive, query, "scan") == urls(archive, query, "fts"), query


def hits(archive, query: str, **kw) -> list[str]:
    with archive.read() as session:
        return [h.url for h in search(session, query, limit=100, **kw)]


@pytest.fixture
def corpus(archive):
    docs = [
        ("https://a.example/rice", "Rice prices rose in Hyesan market.", "en", ("Kim Ae-ran",), 1),
        ("https://a.example/corn", "Corn prices fell in Sinuiju.", "en", ("Lee Min-ho",), 5),
        ("https://a.example/missile", "A missile launch from Sinuiju was condemned.", "en", (), 10),
        ("https://k.example/1", "북한의 쌀값이 혜산에서 올랐다.", "ko", ("김기자",), 15),
    ]
    for url, text, lang, authors, day in docs:
        with archive.write() as session:
            upsert_source(session, url.split("/")[2].split(".")[0], name="S")
            record_capture(
                session,
                url.split("/")[2].split(".")[0],
                Fetch(url=url, fetched_at=T0 + timedelta(days=day), status=200),
                Content(
                    title=text.split()[0],
                    text=text,
                    language=lang,
                    authors=authors,
                    published_at=T0 + timedelta(days=day),
                ),
            )
    return archive


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("prices", {"rice", "corn"}),
        ("prices OR missile", {"rice", "corn", "missile"}),
        ("prices NOT Hyesan", {"corn"}),
        ("prices -hyesan", {"corn"}),
        ("Sinuiju AND (corn OR missile)", {"corn", "missile"}),
        ("pri*", {"rice", "corn"}),
        ('"prices rose"', {"rice"}),
        ('"rose prices"', set()),
        ("and", set()),  # lower-case operators are words
    ],
)
def test_query_language(corpus, query, expected):
    found = {u.rsplit("/", 1)[1] for u in hits(corpus, query) if "a.example" in u}
    assert found == expected
    scanned = {u.rsplit("/", 1)[1] for u in hits(corpus, query, backend="scan") if "a.example" in u}
    if "*" not in query and '"' not in query:  # scan matches inside words; same answers here
        assert scanned == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("NOT prices", "only excludes"),
        ("prices OR", "OR needs something"),
        ("(prices", "unbalanced parenthesis"),
        ("prices)", "unbalanced parenthesis"),
        ("NOT", "NOT needs something"),
        ("x " * 600, "too long"),
    ],
)
def test_malformed_queries_say_what_is_wrong(corpus, query, message):
    with pytest.raises(QueryError, match=message):
        hits(corpus, query)


def test_filters(corpus):
    assert hits(corpus, "prices OR 쌀값", language="ko") == ["https://k.example/1"]
    assert hits(corpus, "prices", author="lee min") == ["https://a.example/corn"]
    assert hits(corpus, "prices", since=T0 + timedelta(days=3)) == ["https://a.example/corn"]
    assert hits(corpus, "prices", until=T0 + timedelta(days=3)) == ["https://a.example/rice"]
    assert hits(corpus, "prices OR missile", sort="date")[0] == "https://a.example/missile"
    assert hits(corpus, "prices", status="deleted") == []
    assert set(hits(corpus, "prices", status="live")) == {
        "https://a.example/rice",
        "https://a.example/corn",
    }


def test_all_versions_finds_text_that_was_removed(archive):
    add(archive, "https://a.example/jang", "Jang Song Thaek attended the meeting.")
    add(archive, "https://a.example/jang", "The meeting was attended.", at=1)
    assert hits(archive, '"Jang Song Thaek"') == []
    with archive.read() as session:
        (hit,) = search(session, '"Jang Song Thaek"', all_versions=True)
    assert (hit.url, hit.seq) == ("https://a.example/jang", 1)
    assert hits(archive, "meeting", status="edited") == ["https://a.example/jang"]


def test_snippets_mark_the_match(corpus):
    with corpus.read() as session:
        (hit,) = search(session, "Hyesan")
    assert "«Hyesan»" in hit.snippet


def test_a_large_match_set_is_ranked_within_a_window_and_says_so(archive):
    for i in range(8):
        add(archive, f"https://a.example/{i}", f"Report {i} on the Pyongyang market.", at=i)
    with archive.read() as session:
        whole = search(session, "Pyongyang", limit=3)
        bounded = search(session, "Pyongyang", limit=3, window=4)
        dated = search(session, "Pyongyang", limit=4, window=4, sort="date")
    assert not whole.capped and len(whole) == 3
    assert bounded.capped and len(bounded) == 3
    # Only the four most recently captured were ranked.
    assert {h.url for h in bounded} <= {f"https://a.example/{i}" for i in range(4, 8)}
    assert dated.capped and [h.url for h in dated] == [
        f"https://a.example/{i}" for i in (7, 6, 5, 4)
    ]


def test_filters_agree_with_filtering_every_match(archive):
    """Source, language and date filters narrow inside the index (facets); the
    result must be exactly the matches that pass the filters."""
    rng = random.Random(7)
    docs = []
    for i in range(60):
        source, lang = rng.choice([("alpha", "en"), ("beta", "en"), ("gamma-ko", "ko")])
        published = T0 - timedelta(days=rng.randrange(0, 900))
        text = "Market prices in Hyesan were reported." if lang == "en" else "혜산 시장 쌀값 보도."
        docs.append((f"https://{source}.example/{i}", source, lang, published))
        with archive.write() as session:
            upsert_source(session, source, name=source)
            record_capture(
                session,
                source,
                Fetch(url=docs[-1][0], fetched_at=T0 + timedelta(minutes=i), status=200),
                Content(title="t", text=text, language=lang, published_at=published),
            )
    cases = [
        {"source": "beta"},
        {"language": "KO"},
        {"since": T0 - timedelta(days=400)},
        {"until": T0 - timedelta(days=100)},
        {"source": "alpha", "since": T0 - timedelta(days=700), "until": T0 - timedelta(days=30)},
        {"since": T0 + timedelta(days=1)},
    ]
    for filters in cases:
        expected = {
            url
            for url, source, lang, published in docs
            if filters.get("source", source) == source
            and filters.get("language", lang).lower() == lang
            and filters.get("since", published) <= published <= filters.get("until", published)
        }
        found = set(hits(archive, "Hyesan OR 혜산", **filters))
        assert found == expected, filters


def test_upgrading_an_archive_indexes_its_versions_facets(tmp_path):
    """Migration 0005 rebuilds the SQLite index with facets from existing rows."""
    from sqlalchemy import text

    from archive import open_archive
    from archive.db import Archive, _open_sqlite, database_url

    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = Archive(_open_sqlite(database_url(url), create=True))
    old.upgrade("0004")
    with old.engine.begin() as conn:  # rows as the 0004 code wrote them
        for sql in (
            "INSERT INTO sources(id, name, homepage, languages, created_at, updated_at, status)"
            " VALUES ('kcna', 'KCNA', 'https://kcna.example/', '[]',"
            " '2026-11-01', '2026-11-01', 'ok')",
            "INSERT INTO articles(id, source_id, canonical_url, first_seen, status)"
            " VALUES (1, 'kcna', 'https://kcna.example/1', '2026-11-01 00:00:00', 'live')",
            "INSERT INTO versions(id, article_id, seq, captured_at, title, authors,"
            " published_at, language, text, content_hash, extras)"
            " VALUES (1, 1, 1, '2026-11-01 00:00:00', 't', '[]', '2026-10-30 08:00:00.000000',"
            " 'en', 'A report from Pyongyang.', 'h', '{}')",
            "UPDATE articles SET latest_version_id = 1",
            "INSERT INTO search_fts(rowid, title, body)"
            " VALUES (1, 't', 'A report from Pyongyang.')",
        ):
            conn.execute(text(sql))
    old.close()
    new = open_archive(url)  # migrates to head
    assert hits(new, "Pyongyang", source="kcna", since=T0 - timedelta(days=5)) == [
        "https://kcna.example/1"
    ]
    assert hits(new, "Pyongyang", source="kcna", since=T0) == []
    assert hits(new, "Pyongyang", language="en", until=T0) == ["https://kcna.example/1"]
    assert hits(new, "Pyongyang", source="other") == []
