"""Search latency at scale: nkmon's full-text search beside a LIKE scan, on N versions.

Builds a SQLite archive (created and migrated by ``archive.open_archive``) of N
synthetic versions: English, Korean and Japanese (about 40/40/20) across 20
sources, about one article in five with two or three versions, text generated
by bench/_corpus.py (no real articles). Then it times
``archive.fulltext.search`` (backend "fts", limit 20) on eight query sets and
the same queries on the LIKE scan of the versions table (backend "scan"),
measured in the same run, and prints p50/p95 latency per set, the ratio
scan/fts and PASS/FAIL against the target: p95 under 50 ms at 1,000,000 versions.

    python bench/search.py [--versions 1000000] [--db PATH] [--reuse]

The archive is kept (default /tmp/nkmon-bench/search-N.db); ``--reuse`` times
it again without rebuilding. The build bypasses ``record_capture`` and
bulk-inserts sources, articles, article_urls, versions and search_fts rows
(``index_form`` and ``pair_form`` text) in large transactions; text is
generated in worker processes (``--workers``). 1,000,000 versions take about
15 minutes to build on 2 cores and 20 GB of disk.

Timings are warm, as in a running search service: the index, the articles
and the versions' keys are read first (not with ``--cold``) into the timing
connection's own page cache (``--cache-mb``, 2048; see ``process_cache`` for
why not the OS's). ``--cold --cache-mb 0`` times what a one-off
``nkmon search`` meets on this machine.

A scan reads every version, so on a large archive it takes seconds a query:
then only the first few queries of each set are scanned (``--scan-queries``,
by default 5 when a scan takes over a second), and the ratio compares the two
backends' medians on those queries. For sets whose fts p95 misses the target,
the slowest queries, their match counts and the query plan are printed.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import random
import re
import sqlite3
import statistics
import sys
import time
from collections import deque
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any

from _corpus import LANGUAGES, Vocabulary, Writer, edit, vocabularies
from sqlalchemy import bindparam, event, func, insert, select, text, update
from sqlalchemy.orm import Session

from archive import Archive, open_archive
from archive.fulltext import parse_query, search
from archive.models import Article, ArticleUrl, Source, Version
from archive.normalize import fingerprint
from archive.query import to_fts5
from archive.textindex import facet_form, index_form, pair_form
from archive.urls import url_key

TARGET_MS = 50.0
LIMIT = 20  # search()'s default
EXTRACTOR = "nkmon-bench/1"  # marks the versions this script wrote
CHUNK_ARTICLES = 2000  # articles generated per task (fixed: the corpus depends on it)
TXN_VERSIONS = 100_000  # versions per transaction
START = datetime(2012, 1, 1, tzinfo=UTC)
END = datetime(2026, 11, 20, tzinfo=UTC)
LANGUAGE_SHARE = {"en": 0.4, "ko": 0.4, "ja": 0.2}
EXTRA_VERSIONS = (0.8, 0.12, 0.08)  # share of articles with 1, 2 and 3 versions

# id, name, homepage, {language: relative volume}: the default registry's 19
# outlets, plus Choson Sinbo (Japanese) to make 20.
SOURCES: list[tuple[str, str, str, dict[str, float]]] = [
    ("asiapress-ja", "ASIAPRESS (Japanese)", "https://www.asiapress.org/apn/", {"ja": 2}),
    ("asiapress-en", "ASIAPRESS Rimjin-gang", "https://www.asiapress.org/rimjin-gang/", {"en": 1}),
    ("asiapress-ko", "ASIAPRESS (Korean)", "https://www.asiapress.org/korean/", {"ko": 1}),
    ("dailynk-en", "Daily NK (English)", "https://www.dailynk.com/english/", {"en": 3}),
    ("dailynk-ko", "Daily NK (Korean)", "https://www.dailynk.com/", {"ko": 4}),
    ("dailynk-ja", "Daily NK Japan", "https://dailynk.jp/", {"ja": 3}),
    ("38north", "38 North", "https://www.38north.org/", {"en": 1}),
    ("nknews", "NK News", "https://www.nknews.org/", {"en": 4}),
    ("kcnawatch", "KCNA Watch", "https://kcnawatch.org/", {"en": 4, "ko": 2}),
    ("yonhap-en-nk", "Yonhap, North Korea (English)", "https://en.yna.co.kr/nk/", {"en": 3}),
    ("yonhap-ko-nk", "Yonhap, North Korea (Korean)", "https://www.yna.co.kr/nk/", {"ko": 4}),
    (
        "joongang-daily-nk",
        "Korea JoongAng Daily",
        "https://koreajoongangdaily.joins.com/",
        {"en": 1},
    ),
    ("nkeconwatch", "North Korean Economy Watch", "https://www.nkeconwatch.com/", {"en": 1}),
    ("beyond-parallel", "Beyond Parallel (CSIS)", "https://beyondparallel.csis.org/", {"en": 0.5}),
    ("nkleadershipwatch", "NK Leadership Watch", "https://nkleadershipwatch.org/", {"en": 1}),
    ("tongilnews", "Tongil News", "https://www.tongilnews.com/", {"ko": 3}),
    ("rodong", "Rodong Sinmun", "http://www.rodong.rep.kp/", {"en": 2, "ko": 3}),
    ("kcna", "Korean Central News Agency", "http://www.kcna.kp/en/", {"en": 5}),
    ("dailymail-world", "Daily Mail, world news", "https://www.dailymail.co.uk/news/", {"en": 0.5}),
    ("chosonsinbo", "Choson Sinbo (Japanese)", "https://chosonsinbo.com/jp/", {"ja": 2}),
]
REPORTERS = {  # fictional bylines
    "en": ["Min-jun Park", "Sarah Lee", "Daniel Cho", "Staff Reporter", "Ji-woo Han"],
    "ko": ["김민수", "이지현", "박서준", "최유나", "정하늘"],
    "ja": ["山田太郎", "佐藤花子", "鈴木一郎", "編集部"],
}


# --- Building ----------------------------------------------------------------


@dataclass(frozen=True)
class ChunkSpec:
    number: int
    first_article: int  # 0-based index of its first article
    total_articles: int
    first_version_id: int
    counts: bytes  # versions per article
    seed: int


@dataclass
class Chunk:
    versions: int = 0
    articles: list[dict[str, Any]] = field(default_factory=list)
    urls: list[dict[str, Any]] = field(default_factory=list)
    latest: list[dict[str, int]] = field(default_factory=list)  # articles.latest_version_id
    rows: list[dict[str, Any]] = field(default_factory=list)
    fts: list[dict[str, Any]] = field(default_factory=list)


def version_plan(n_versions: int, seed: int) -> bytearray:
    """How many versions each article gets: ``n_versions`` in all."""
    rng = random.Random(f"{seed}:plan")
    cum = list(accumulate(EXTRA_VERSIONS))
    plan = bytearray()
    left = n_versions
    while left > 0:
        count = min(left, rng.choices((1, 2, 3), cum_weights=cum)[0])
        plan.append(count)
        left -= count
    return plan


def chunk_specs(plan: bytearray, seed: int) -> Iterator[ChunkSpec]:
    version_id = 1
    for number, first in enumerate(range(0, len(plan), CHUNK_ARTICLES)):
        counts = bytes(plan[first : first + CHUNK_ARTICLES])
        yield ChunkSpec(number, first, len(plan), version_id, counts, seed)
        version_id += sum(counts)


@cache
def _vocabularies(seed: int) -> dict[str, Vocabulary]:
    return vocabularies(seed)


_POSTS = [(sid, lang, share) for sid, _, _, langs in SOURCES for lang, share in langs.items()]


def _post_weights() -> list[float]:
    totals = {lang: sum(s for _, l2, s in _POSTS if l2 == lang) for lang in LANGUAGES}
    return list(accumulate(LANGUAGE_SHARE[lang] * s / totals[lang] for _, lang, s in _POSTS))


_HOMEPAGES = {sid: homepage for sid, _, homepage, _ in SOURCES}
_SLUG = re.compile(r"[^a-z0-9]+")


def make_chunk(spec: ChunkSpec) -> Chunk:
    """Articles, URLs, versions and index rows for one chunk (runs in a worker)."""
    rng = random.Random(f"{spec.seed}:chunk:{spec.number}")
    vocab = _vocabularies(spec.seed)
    writers = {lang: Writer(vocab[lang], rng) for lang in LANGUAGES}
    post_cw = _post_weights()
    span = (END - START).total_seconds()
    chunk = Chunk()
    version_id = spec.first_version_id
    for offset, count in enumerate(spec.counts):
        index = spec.first_article + offset
        article_id = index + 1
        source_id, lang, _ = rng.choices(_POSTS, cum_weights=post_cw)[0]
        writer = writers[lang]
        published = START + timedelta(seconds=span * (index + rng.random()) / spec.total_articles)
        captured = published + timedelta(minutes=rng.randint(10, 360))
        authors = [rng.choice(REPORTERS[lang])] if rng.random() < 0.6 else []
        title = writer.title()
        paragraphs = writer.paragraphs(rng.randint(150, 400))
        slug = _SLUG.sub("-", title.lower()).strip("-")[:60] if lang == "en" else "article"
        url = f"{_HOMEPAGES[source_id]}{published:%Y/%m}/{article_id}-{slug}/"
        modified = None
        for seq in range(1, count + 1):
            if seq > 1:
                captured += timedelta(minutes=rng.randint(30, 30 * 24 * 60))
                modified = captured - timedelta(minutes=rng.randint(1, 30))
                paragraphs = edit(writer, paragraphs)
                if rng.random() < 0.2:
                    title = writer.title()
            body = writer.text(paragraphs)
            chunk.rows.append(
                {
                    "id": version_id,
                    "article_id": article_id,
                    "seq": seq,
                    "captured_at": captured,
                    "title": title,
                    "authors": authors,
                    "published_at": published,
                    "modified_at": modified,
                    "language": lang,
                    "text": body,
                    "content_hash": fingerprint(title, body, authors, published, modified),
                    "extractor": EXTRACTOR,
                    "extras": {},
                    "change_summary": None,
                }
            )
            chunk.fts.append(
                {
                    "id": version_id,
                    "title": index_form(title),
                    "body": index_form(body),
                    "facets": facet_form(source_id, lang, published),
                    "title_pairs": pair_form(title),
                    "body_pairs": pair_form(body),
                }
            )
            version_id += 1
        deleted = rng.random() < 0.03
        checked = captured + timedelta(hours=rng.randint(1, 72))
        chunk.articles.append(
            {
                "id": article_id,
                "source_id": source_id,
                "canonical_url": url,
                "first_seen": published + timedelta(minutes=5),
                "last_checked": checked,
                "status": "deleted" if deleted else "live",
                "next_check": checked + timedelta(days=7),
                "last_changed": captured,
                "last_listed": captured,
                "listed_via": rng.choice(("feed", "sitemap", "listing")),
                "latest_version_id": None,
            }
        )
        chunk.latest.append({"article": article_id, "latest": version_id - 1})
        chunk.urls.append({"url_key": url_key(url), "article_id": article_id})
        chunk.versions += count
    return chunk


def _chunks(specs: Iterator[ChunkSpec], workers: int) -> Iterator[Chunk]:
    """The chunks in order, made by ``workers`` processes a few tasks ahead (bounded memory)."""
    if workers < 1:
        yield from map(make_chunk, specs)
        return
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        pending: deque[Any] = deque()
        for spec in specs:
            pending.append(pool.apply_async(make_chunk, (spec,)))
            if len(pending) >= 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


class Progress:
    """A rich progress bar on a terminal, a log line every few seconds otherwise."""

    def __init__(self, total: int, what: str) -> None:
        self.total, self.what, self.done = total, what, 0
        self.start = self.last = time.perf_counter()
        self.bar: Any = None
        if sys.stderr.isatty():
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as RichProgress

            self.bar = RichProgress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task(what, total=total)

    def advance(self, n: int) -> None:
        self.done += n
        now = time.perf_counter()
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done)
        elif now - self.last >= 10 or self.done >= self.total:
            self.last = now
            elapsed = now - self.start
            rate = self.done / elapsed if elapsed else 0.0
            eta = (self.total - self.done) / rate if rate else 0.0
            log(
                f"{self.what}: {self.done:,}/{self.total:,} ({100 * self.done / self.total:.0f}%)"
                f" in {elapsed:.0f} s, {rate:,.0f}/s, about {eta:.0f} s to go"
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def build(archive: Archive, n_versions: int, seed: int, workers: int) -> None:
    """Fill an empty archive with ``n_versions`` generated versions."""
    plan = version_plan(n_versions, seed)
    log(f"building {n_versions:,} versions of {len(plan):,} articles with {workers} worker(s)")
    with archive.write() as session:
        now = datetime.now(UTC)
        session.execute(
            insert(Source.__table__),
            [
                {
                    "id": sid,
                    "name": name,
                    "homepage": homepage,
                    "languages": list(langs),
                    "created_at": now,
                    "updated_at": now,
                    "status": "ok",
                }
                for sid, name, homepage, langs in SOURCES
            ],
        )
    progress = Progress(n_versions, "versions")
    chunks = _chunks(chunk_specs(plan, seed), workers)
    finished = False
    try:
        while not finished:
            with archive.write() as session:
                session.execute(text("PRAGMA cache_size = -262144"))  # 256 MB, this build only
                in_txn = 0
                for chunk in chunks:
                    _insert(session, chunk)
                    in_txn += chunk.versions
                    progress.advance(chunk.versions)
                    if in_txn >= TXN_VERSIONS:
                        break
                else:
                    finished = True
    finally:
        progress.close()


def _insert(session: Session, chunk: Chunk) -> None:
    # Articles and versions point at each other. Articles go in first, with no
    # latest version, then their versions, then the pointer: were a foreign key
    # left pending (PRAGMA defer_foreign_keys), SQLite would look for children of
    # every new version in articles.latest_version_id, which has no index: a
    # full scan of the articles for each version.
    session.execute(insert(Article.__table__), chunk.articles)
    session.execute(insert(Version.__table__), chunk.rows)
    session.execute(_SET_LATEST, chunk.latest)
    session.execute(insert(ArticleUrl.__table__), chunk.urls)
    session.execute(
        text(
            "INSERT INTO search_fts(rowid, title, body, facets, title_pairs, body_pairs)"
            " VALUES (:id, :title, :body, :facets, :title_pairs, :body_pairs)"
        ),
        chunk.fts,
    )


_articles = Article.__table__
_SET_LATEST = (
    update(_articles)
    .where(_articles.c.id == bindparam("article"))
    .values(latest_version_id=bindparam("latest"))
)


# --- Queries -----------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    text: str
    source: str | None = None
    since: datetime | None = None
    all_versions: bool = False

    def __str__(self) -> str:
        extra = [f"source={self.source}"] if self.source else []
        if self.since:
            extra.append(f"since={self.since:%Y-%m-%d}")
        if self.all_versions:
            extra.append("all_versions")
        return self.text + (f"  [{', '.join(extra)}]" if extra else "")


def _single_words(values: list[str], *, alphabetic: bool) -> list[str]:
    if alphabetic:
        return [v for v in values if re.fullmatch(r"[A-Za-z]+", v)]
    return [v for v in values if " " not in v and not re.search(r"[A-Za-z0-9]", v)]


def query_sets(vocab: dict[str, Vocabulary], seed: int, n: int) -> dict[str, list[Query]]:
    """The query sets, drawn from the corpus's vocabulary with a fixed seed."""
    rng = random.Random(f"{seed}:queries")
    en, ko, ja = vocab["en"].slots, vocab["ko"].slots, vocab["ja"].slots

    def pick(pool: list[str], k: int) -> list[str]:
        pool = list(dict.fromkeys(pool))
        return rng.sample(pool, k) if k <= len(pool) else rng.choices(pool, k=k)

    def tail(lang: str, slot: str) -> list[str]:
        v = vocab[lang]
        return v.slots[slot][v.core[slot] + 500 :]

    en_common = (
        _single_words(en["noun"][:36], alphabetic=True)
        + en["adj"][:12]
        + _single_words(en["place"][:14], alphabetic=True)
    )

    def core(lang: str, slot: str, start: int = 0) -> list[str]:
        v = vocab[lang]
        return v.slots[slot][start : v.core.get(slot)]

    # Per language, the words of the first ranks: each in many texts.
    frequent = {
        "en": en_common,
        "ko": _single_words(ko["noun"][:40] + core("ko", "place")[:15], alphabetic=False),
        "ja": _single_words(ja["noun"][:40] + core("ja", "place")[:15], alphabetic=False),
    }
    # Further down the ranks: in a few percent of texts or fewer.
    middling = {
        "en": _single_words(en["noun"][40:] + core("en", "place", 14), alphabetic=True),
        "ko": _single_words(ko["noun"][40:] + core("ko", "place", 15), alphabetic=False),
        "ja": _single_words(ja["noun"][40:] + core("ja", "place", 15), alphabetic=False),
    }
    rare = (
        pick([p.split("-")[0].split()[0] for p in tail("en", "place")], n // 2)
        + pick(tail("ko", "person"), n // 3)
        + pick(tail("ja", "person"), n - n // 2 - n // 3)
    )

    def mixed(pools: dict[str, list[str]], k: int) -> list[tuple[str, str]]:
        langs = rng.choices(LANGUAGES, weights=[LANGUAGE_SHARE[x] for x in LANGUAGES], k=k)
        return [(lang, rng.choice(pools[lang])) for lang in langs]

    korean2 = [w for w in ko["noun"] + core("ko", "place") if re.fullmatch(r"[가-힣]{2}", w)]
    first_ko, first_ja = ["북한", "핵심", "평양"], ["北朝鮮", "平壌", "会議"]
    korean2 = first_ko + pick([w for w in korean2 if w not in first_ko], n - 3)
    japanese = ja["noun"] + core("ja", "place") + core("ja", "person")
    japanese = _single_words(japanese, alphabetic=False)
    japanese = first_ja + pick([w for w in japanese if w not in first_ja], n - 3)

    boolean: list[str] = []
    for i, (lang, a) in enumerate(mixed(frequent, n)):
        other = rng.choice([w for w in (middling[lang] if i % 2 else frequent[lang]) if w != a])
        boolean.append(f"{a} OR {other}" if i % 2 == 0 else f"{a} -{other}")

    sources_by_lang = {
        lang: [sid for sid, _, _, langs in SOURCES if lang in langs] for lang in LANGUAGES
    }
    filtered = [
        Query(
            word,
            source=rng.choice(sources_by_lang[lang]),
            since=END - timedelta(days=rng.choice((30, 90, 180, 365, 730))),
        )
        for lang, word in mixed(frequent, n)
    ]
    everything = {lang: frequent[lang] + middling[lang] for lang in LANGUAGES}
    all_versions = [Query(w, all_versions=True) for _, w in mixed(everything, n)]

    return {
        "common word": [Query(w) for w in pick(en_common, n)],
        "rare word": [Query(w) for w in rare],
        "2-word phrase": [Query(f'"{p}"') for p in _phrases(vocab, rng, n)],
        "Korean 2-char": [Query(w) for w in korean2],
        "Japanese word": [Query(w) for w in japanese],
        "boolean": [Query(q) for q in boolean],
        "source+since": filtered,
        "all_versions": all_versions,
    }


_STOP = frozenset(
    re.findall(
        r"\w+",
        "a an the of in on at to for and or by as is was were has had have its it that this with"
        " from after since during over near amid per not be been said says whether",
    )
)


def _phrases(vocab: dict[str, Vocabulary], rng: random.Random, n: int) -> list[str]:
    """Two adjacent words (no stop words) from one sentence of generated English
    text: half drawn by how often the pair occurs, half from the distinct pairs."""
    writer = Writer(vocab["en"], random.Random(rng.random()))
    pairs: list[str] = []
    for _ in range(200):
        for sentence in re.split(r"[.,;:!?\n]", writer.text(writer.paragraphs(300))):
            words = re.findall(r"[A-Za-z]+(?:'[A-Za-z]+)?", sentence)
            pairs += [
                f"{a} {b}"
                for a, b in pairwise(words)
                if not {a.lower(), b.lower()} & _STOP and "'" not in a + b
            ]
    by_count = list(dict.fromkeys(rng.sample(pairs, 4 * n)))[: n // 2]
    distinct = sorted(set(pairs) - set(by_count))
    return by_count + rng.sample(distinct, n - len(by_count))


# --- Timing ------------------------------------------------------------------


@dataclass
class Timing:
    query: Query
    ms: float
    hits: int
    matches: int = -1  # rows the FTS MATCH alone finds (every version)
    sql: tuple[str, Any] | None = None


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


class Recorder:
    """Keeps the last SQL statement sent to the database (for EXPLAIN QUERY PLAN)."""

    def __init__(self, archive: Archive) -> None:
        self.last: tuple[str, Any] | None = None
        event.listen(archive.engine, "before_cursor_execute", self._record)

    def _record(self, conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        self.last = (statement, params)


def run(session: Session, query: Query, backend: str) -> int:
    return len(
        search(
            session,
            query.text,
            source=query.source,
            since=query.since,
            all_versions=query.all_versions,
            backend=backend,
        )
    )


# What every search reads, least shared first: a cache smaller than the
# full-text index keeps the most recently read, so the small tables go last.
_WARM = (
    "SELECT sum(length(block)) FROM search_fts_data",
    "SELECT sum(length(sz)) FROM search_fts_docsize",
    "SELECT sum(length(canonical_url)), sum(latest_version_id) FROM articles",
    "SELECT sum(seq) FROM versions INDEXED BY ix_versions_search_keys",
    "SELECT count(*) FROM search_fts_idx",
)


def process_cache(archive: Archive, mib: int) -> None:
    """Give the archive's read connections a page cache of ``mib`` MiB.

    A search service keeps in memory what every search reads. The usual
    place is the OS page cache, but this machine's host takes that back
    within seconds (``fincore``: 36 MB of the 20 GB file resident right after
    reading it; one query took 8 ms, then 135 ms after a 5 s pause), so the
    timing connection keeps its own. The LIKE scans get another connection.
    """
    kib = mib * 1024

    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute(f"PRAGMA cache_size = -{kib}")

    event.listen(archive.engine, "connect", _on_connect)
    archive.engine.dispose()  # connections made before get no cache


def time_set(
    archive: Archive, recorder: Recorder, queries: list[Query], backend: str, warm_up: int
) -> list[Timing]:
    timings = []
    with archive.read() as session:
        for query in queries[:warm_up]:  # untimed
            run(session, query, backend)
        for query in queries:
            start = time.perf_counter()
            hits = run(session, query, backend)
            ms = (time.perf_counter() - start) * 1000
            timings.append(Timing(query, ms, hits, sql=recorder.last))
    return timings


def count_matches(archive: Archive, timings: list[Timing]) -> None:
    with archive.read() as session:
        for t in timings:
            match = to_fts5(parse_query(t.query.text))
            t.matches = session.execute(
                text("SELECT count(*) FROM search_fts WHERE search_fts MATCH :m"), {"m": match}
            ).scalar_one()


def explain(archive: Archive, sql: tuple[str, Any]) -> list[str]:
    with archive.engine.connect() as conn:
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql[0], sql[1]).all()
    depth: dict[int, int] = {0: 0}
    lines = []
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, 0) + 1
        lines.append("  " * depth[node] + detail)
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--versions", type=int, default=1_000_000, help="versions to build")
    parser.add_argument("--db", type=Path, help="SQLite file (default /tmp/nkmon-bench/...)")
    parser.add_argument("--reuse", action="store_true", help="time an archive built before")
    parser.add_argument("--queries", type=int, default=60, help="queries per set (fts)")
    parser.add_argument("--scan-queries", type=int, help="queries per set on the scan")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="text-generating processes"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--cold", action="store_true", help="do not read the search index into the cache first"
    )
    parser.add_argument(
        "--cache-mb",
        type=int,
        default=2048,
        help="page cache of the timing connection, MiB (0: SQLite's default, 2 MiB)",
    )
    args = parser.parse_args()
    if args.versions < 1 or args.queries < 5:
        parser.error("--versions must be at least 1 and --queries at least 5")
    path = args.db or Path(f"/tmp/nkmon-bench/search-{args.versions}.db")
    url = f"sqlite:///{path.resolve()}"

    kind = _archive_kind(path)
    if args.reuse:
        if kind != "bench":
            print(f"{path}: no archive built by this benchmark to reuse", file=sys.stderr)
            return 2
        archive = open_archive(url)
        build_s = None
    else:
        if kind == "other":
            print(f"{path} is not a benchmark archive: not replacing it", file=sys.stderr)
            return 2
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        archive = open_archive(url)
        start = time.perf_counter()
        build(archive, args.versions, args.seed, args.workers)
        archive.close()
        with closing(sqlite3.connect(path)) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        build_s = time.perf_counter() - start
        # Timed on fresh connections, with the archive's own settings only.
        archive = open_archive(url)

    with archive.read() as session:
        n_versions = session.scalar(select(func.count()).select_from(Version)) or 0
        n_articles = session.scalar(select(func.count()).select_from(Article)) or 0
        by_lang = dict(
            session.execute(select(Version.language, func.count()).group_by(Version.language)).all()
        )
    size = sum(
        Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()
    )
    print(f"archive   {path}")
    print(
        f"contents  {n_versions:,} versions of {n_articles:,} articles"
        f" ({n_versions / max(n_articles, 1):.2f} per article);"
        + ", ".join(
            f" {lang} {100 * c / max(n_versions, 1):.0f}%" for lang, c in sorted(by_lang.items())
        )
    )
    print(f"db size   {size / 2**20:,.0f} MiB")
    if build_s is not None:
        print(f"build     {build_s:.0f} s ({n_versions / build_s:,.0f} versions/s)")
    if n_versions != args.versions:
        print(f"note      --versions {args.versions:,} but the archive holds {n_versions:,}")

    sets = query_sets(_vocabularies(args.seed), args.seed, args.queries)
    recorder = Recorder(archive)
    scan_n = args.scan_queries
    if scan_n is None:
        start = time.perf_counter()
        with archive.read() as session:
            run(session, sets["rare word"][0], "scan")  # a full scan: few matches
        one_scan = time.perf_counter() - start
        scan_n = 5 if one_scan > 1.0 else args.queries
        print(f"scan      one LIKE scan takes {one_scan:.1f} s: {scan_n} queries per set")
    scan_n = max(1, min(scan_n, args.queries))

    scan_archive = archive
    if args.cache_mb > 0:
        scan_archive = open_archive(url)
        process_cache(archive, args.cache_mb)
    if not args.cold:
        # A running service keeps in memory what every search reads: the
        # full-text index (doclists and positions), its document sizes, the
        # articles and the versions' narrow index; not the texts. Read those
        # once, so that timings measure search rather than the disk (--cold
        # to skip).
        start = time.perf_counter()
        with archive.read() as session:
            for sql in _WARM:
                session.execute(text(sql)).all()
        print(
            f"cache     read the index, articles and version keys in"
            f" {time.perf_counter() - start:.0f} s, into a {args.cache_mb:,} MiB page cache"
        )

    results: dict[str, tuple[list[Timing], list[Timing]]] = {}
    load_before = os.getloadavg()[0]
    for name, queries in sets.items():
        log(f"timing {name}: {len(queries)} fts, {scan_n} scan")
        fts = time_set(archive, recorder, queries, "fts", warm_up=5)
        scan = time_set(scan_archive, recorder, queries[:scan_n], "scan", warm_up=1)
        count_matches(archive, fts)
        results[name] = (fts, scan)

    print(
        f"\nload      1-minute load average {load_before:.1f} before timing,"
        f" {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} CPUs"
    )
    print(
        f"\nsearch latency, limit {LIMIT}, ms: fts = archive.fulltext.search(backend='fts'),"
        f" scan = backend='scan' on the first {scan_n} queries of each set"
    )
    header = (
        f"{'set':<15}{'n':>4}{'fts p50':>9}{'fts p95':>9}{'fts max':>9}{'matches':>9}"
        f"{'scan n':>7}{'scan p50':>10}{'scan p95':>10}{'scan/fts':>9}  p95<{TARGET_MS:.0f}ms"
    )
    print(header)
    print("-" * len(header))
    failed = []
    for name, (fts, scan) in results.items():
        ms, scan_ms = [t.ms for t in fts], [t.ms for t in scan]
        p95 = percentile(ms, 95)
        ratio = statistics.median(t.ms for t in scan) / statistics.median(
            t.ms for t in fts[: len(scan)]
        )
        verdict = "PASS" if p95 < TARGET_MS else "FAIL"
        if verdict == "FAIL":
            failed.append(name)
        print(
            f"{name:<15}{len(fts):>4}{percentile(ms, 50):>9.1f}{p95:>9.1f}{max(ms):>9.1f}"
            f"{statistics.median(t.matches for t in fts):>9,.0f}{len(scan):>7}"
            f"{percentile(scan_ms, 50):>10.0f}{percentile(scan_ms, 95):>10.0f}"
            f"{ratio:>9.0f}  {verdict}"
        )
    print(
        "\nmatches: median rows the FTS MATCH alone finds (every version, before filters);"
        " scan/fts: median of the scan over median of fts on the same queries"
    )
    print(f"{len(sets) - len(failed)} of {len(sets)} sets meet p95 < {TARGET_MS:.0f} ms")

    for name in failed:
        fts = sorted(results[name][0], key=lambda t: t.ms, reverse=True)
        print(f"\n{name}: slowest queries (ms, hits, matches)")
        for t in fts[:5]:
            print(f"  {t.ms:8.1f} {t.hits:>4} {t.matches:>9,}  {t.query}")
        fast = [t for t in fts if t.ms < TARGET_MS]
        if fast:
            print(
                f"  under {TARGET_MS:.0f} ms: {len(fast)} queries, matches up to"
                f" {max(t.matches for t in fast):,}"
            )
        if fts[0].sql is not None:
            print("  query plan of the slowest:")
            for line in explain(archive, fts[0].sql):
                print("  " + line)
    archive.close()
    return 0


def _archive_kind(path: Path) -> str:
    """ "missing", "empty" (no articles), "bench" (built here) or "other" (leave it alone)."""
    if not path.exists():
        return "missing"
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            version = db.execute("SELECT extractor FROM versions LIMIT 1").fetchone()
            article = db.execute("SELECT id FROM articles LIMIT 1").fetchone()
    except sqlite3.Error:
        return "other"
    if version is None:
        return "empty" if article is None else "other"
    return "bench" if version[0] == EXTRACTOR else "other"


if __name__ == "__main__":
    sys.exit(main())
