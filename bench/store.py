"""Store: CPU a revisit's capture costs the archive, batched beside page by page.

``--articles`` articles are archived into a new SQLite archive; then each is
recorded again as a 304 and as a fetch of the same bytes (a revisit without
validators), through ``record_captures`` in batches of 32 as the crawl's store
pipeline writes them, and (the baseline, same run) through ``record_capture``
one page at a time, each in its own savepoint in the same batches. Figure: CPU
milliseconds a page, and the batch's share of the baseline's.

    python bench/store.py [--articles 1000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from archive import Content, Fetch, open_archive, record_capture, upsert_source
from archive.store import record_captures

T0 = datetime(2026, 11, 1, tzinfo=UTC)
BATCH = 32  # NKMON_STORE_BATCH's default


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    n = args.articles

    def url(i: int) -> str:
        return f"https://bench.example/2026/11/story-{i}/"

    def body(i: int) -> bytes:
        return b"<html><body><article><p>Story %d, as first read.</p></article></body></html>" % i

    with tempfile.TemporaryDirectory() as tmp:
        archive = open_archive(f"sqlite:///{Path(tmp) / 'archive.db'}")
        with archive.write() as session:
            upsert_source(session, "bench", name="bench")
            for i in range(n):
                fetch = Fetch(url=url(i), fetched_at=T0, status=200, body=body(i), etag='"v1"')
                record_capture(
                    session,
                    "bench",
                    fetch,
                    Content(title=f"Story {i}", text=f"Story {i}, as first read."),
                )

        def revisit(hours: int, status: int) -> list[tuple[str, Fetch, None, bool]]:
            at = T0 + timedelta(hours=hours)
            return [
                ("bench", Fetch(url=url(i), fetched_at=at, status=status,
                                body=b"" if status == 304 else body(i)), None, status != 304)
                for i in range(n)
            ]  # fmt: skip

        def batched(pages: list) -> float:
            started = time.process_time()
            for k in range(0, len(pages), BATCH):
                with archive.write() as session:
                    record_captures(session, pages[k : k + BATCH])
            return (time.process_time() - started) / len(pages) * 1e3

        def one_by_one(pages: list) -> float:
            started = time.process_time()
            for k in range(0, len(pages), BATCH):
                with archive.write() as session:
                    for source_id, fetch, content, same in pages[k : k + BATCH]:
                        with session.begin_nested():
                            record_capture(session, source_id, fetch, content, same_body=same)
            return (time.process_time() - started) / len(pages) * 1e3

        hours = iter(range(1, 100))
        for label, status in (("304", 304), ("same bytes", 200)):
            base = one_by_one(revisit(next(hours), status))
            ours = batched(revisit(next(hours), status))
            print(f"{label:12} record_captures {ours:.3f} ms a page, record_capture {base:.3f}:"
                  f" {ours / base:.2f} of the baseline")  # fmt: skip
        archive.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
