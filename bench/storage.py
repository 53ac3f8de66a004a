"""Storage: bytes on disk for raw captures, and for the versions of an edited article.

1. Raw captures. ``--articles`` pages of a generated outlet (the replica theme
   around generated news text, bench/_site.py) are archived through
   ``record_capture`` into a new SQLite archive, in publication order as a
   crawl finds them. Figure: stored raw bytes (compressed bodies plus the
   source's dictionary) / raw HTML bytes. Baseline, same run: each page
   compressed alone with zstd at nkmon's level (how nkmon stored them before
   per-source dictionaries). The 127 real pages of ../shared/eval (127
   different sites, so no dictionary can help) are shown as zstd alone.
2. Versions. One more article, then nine light edits of it (a sentence
   rewritten, dropped or added, or an update appended, each a new capture and
   version): bytes the archive grew by for ten versions / for the first one,
   counted as SQLite payload bytes per table (dbstat), so page slack does not
   blur a few hundred bytes.

    python bench/storage.py [--articles 500] [--seed 1]
"""

from __future__ import annotations

import argparse
import gzip
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import zstandard
from _site import big_outlet, revisions

from archive import Fetch, open_archive, record_capture, upsert_source
from crawler.extract import ExtractOptions, extract

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "eval" / "extraction" / "dev" / "html"
BASE = "https://borderline.example"
LEVEL = 10  # archive.blobs._LEVEL


def payload(db: Path) -> Counter[str]:
    """Payload bytes per table (FTS shadow tables under their virtual table's name)."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT name, sum(payload) FROM dbstat GROUP BY name").fetchall()
    finally:
        conn.close()
    out: Counter[str] = Counter()
    for name, size in rows:
        if name.startswith("sqlite_autoindex_"):
            name = name.removeprefix("sqlite_autoindex_").rsplit("_", 1)[0] + " (key index)"
        elif name.startswith("ix_"):
            name = "indexes"
        elif name.startswith("search_fts"):
            name = "search_fts"
        out[name] += size or 0
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--lean", action="store_true", help="pages of the replica theme alone (17 KiB)"
    )
    args = parser.parse_args()

    outlet = big_outlet(args.articles + 1, args.seed, edits=9, lean=args.lean)
    last = outlet.articles.pop()  # the edited article of part 2
    options = ExtractOptions()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "archive.db"
        archive = open_archive(f"sqlite:///{db}")
        with archive.write() as session:
            upsert_source(session, "bench", name="bench")

        def store(url: str, body: bytes, at: datetime) -> None:
            content = extract(body.decode(), url, options)
            with archive.write() as session:
                fetch = Fetch(url=url, fetched_at=at, status=200, body=body)
                record_capture(session, "bench", fetch, content)

        # -- 1. raw captures ------------------------------------------------
        bodies = [outlet.article_page(a, BASE).encode() for a in outlet.articles]
        raw = sum(map(len, bodies))
        started = time.perf_counter()
        t0 = datetime(2026, 11, 1, tzinfo=UTC)
        for i, (article, body) in enumerate(zip(outlet.articles, bodies, strict=True)):
            store(BASE + article.path, body, t0 + timedelta(minutes=i))
        elapsed = time.perf_counter() - started
        with archive.read() as session:
            from sqlalchemy import func, select

            from archive.models import Blob, BlobDict

            stored = session.scalar(select(func.sum(func.length(Blob.data))))
            dicts = session.scalar(select(func.coalesce(func.sum(func.length(BlobDict.data)), 0)))
            by_codec = select(Blob.codec, func.count()).group_by(Blob.codec)
            codecs = {codec: n for codec, n in session.execute(by_codec)}
        cctx = zstandard.ZstdCompressor(level=LEVEL)
        alone = sum(len(cctx.compress(b)) for b in bodies)
        print(f"raw captures: {len(bodies)} pages, {raw / len(bodies) / 1024:.1f} KiB each")
        print(
            f"  nkmon      {(stored + dicts) / raw:6.1%} of the raw bytes"
            f" ({stored} + {dicts} dictionary; {codecs}); {len(bodies) / elapsed:.0f} pages/s"
        )
        print(f"  baseline   {alone / raw:6.1%} (each page with zstd alone)")
        print(f"  ratio      {(stored + dicts) / alone:.2f} of the baseline (target <= 10% of raw)")
        if REAL.exists():
            real = [gzip.decompress(p.read_bytes()) for p in sorted(REAL.glob("*.html.gz"))]
            real_stored = sum(len(cctx.compress(b)) for b in real)
            print(
                f"  real pages {real_stored / sum(map(len, real)):6.1%} with zstd alone"
                f" ({len(real)} pages of {len(real)} sites: nothing to train a dictionary on)"
            )

        # -- 2. ten versions of one article -----------------------------------
        outlet.articles.append(last)
        edits = revisions(outlet, last.slug, BASE)
        url = BASE + last.path
        before = payload(db)
        at = t0 + timedelta(days=1)
        store(url, edits[0], at)
        one = payload(db)
        for k, body in enumerate(edits[1:], 1):
            store(url, body, at + timedelta(hours=k))
        ten = payload(db)
        archive.close()
    grew1, grew10 = one - before, ten - before
    text = len(extract(edits[0].decode(), url, options).text.encode())
    print(f"\nten versions of one article ({text} B of text, {len(edits[0])} B of HTML):")
    print(f"  {'table':28} {'1 version':>10} {'10 versions':>12} {'ratio':>7}")
    for name in sorted(set(grew10) | set(grew1), key=lambda n: -grew10[n]):
        if grew10[name] or grew1[name]:
            r = grew10[name] / grew1[name] if grew1[name] else float("inf")
            print(f"  {name:28} {grew1[name]:10} {grew10[name]:12} {r:7.2f}")
    total1, total10 = sum(grew1.values()), sum(grew10.values())
    print(f"  {'total':28} {total1:10} {total10:12} {total10 / total1:7.2f}  (target <= 1.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
