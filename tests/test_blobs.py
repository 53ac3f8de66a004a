"""Raw captures: per-source dictionaries and deltas, read back byte for byte."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
import zstandard
from sqlalchemy import func, select

from archive import Archive, Content, Fetch, record_capture, upsert_source
from archive.blobs import MAX_DEPTH, TRAIN_AFTER, load_blob
from archive.models import Blob, BlobDict, Capture

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
WORDS = ["Pyongyang", "rice", "market", "border", "trader", "Hyesan", "ration", "report"]

pytestmark = pytest.mark.both_backends


def page(rng: random.Random, n: int, story: str) -> bytes:
    """A news page: the same theme around each story, as one outlet's pages are."""
    theme = "".join(f'<li class="menu-item"><a href="/section/{i}/">Section {i}</a></li>'
                    for i in range(60))  # fmt: skip
    text = " ".join(rng.choice(WORDS) for _ in range(300))
    return (
        f"<html><head><title>Story {n}</title></head><body><nav>{theme}</nav>"
        f"<article><h1>Story {n}</h1><p>{story} {text}</p></article>"
        f"<footer>{theme}</footer></body></html>"
    ).encode()


def record(archive: Archive, url: str, body: bytes, at: int) -> None:
    with archive.write() as session:
        record_capture(
            session,
            "src",
            Fetch(url=url, fetched_at=T0 + timedelta(minutes=at), status=200, body=body),
            Content(title="t", text=body.decode()[-400:], language="en"),
        )


def stored(archive: Archive) -> dict[str, tuple[str, bytes]]:
    """Every capture's body as loaded, by URL+time, and each blob's codec."""
    with archive.read() as session:
        out = {}
        for cap in session.scalars(select(Capture).order_by(Capture.id)):
            codec = session.scalar(select(Blob.codec).where(Blob.sha256 == cap.body_sha256))
            out[f"{cap.url}@{cap.id}"] = (codec, load_blob(session, cap.body_sha256))
        return out


def test_a_source_gets_a_dictionary_after_enough_pages(archive: Archive):
    rng = random.Random(1)
    with archive.write() as session:
        upsert_source(session, "src", name="Source")
    bodies = {}
    for n in range(TRAIN_AFTER + 10):
        url = f"https://example.org/{n}/"
        bodies[url] = page(rng, n, f"story {n}")
        record(archive, url, bodies[url], n)
    loaded = stored(archive)
    assert {key.split("@")[0]: body for key, (_, body) in loaded.items()} == bodies
    codecs = [codec for codec, _ in loaded.values()]
    # Trained on the first TRAIN_AFTER, which were then recompressed with it.
    assert set(codecs) == {"zstd-dict"}
    with archive.read() as session:
        assert session.scalar(select(func.count()).select_from(BlobDict)) == 1
        packed = session.scalar(select(func.sum(func.length(Blob.data))))
    alone = sum(len(zstandard.ZstdCompressor(level=10).compress(b)) for b in bodies.values())
    assert packed < alone * 0.8  # the random words stay; the theme is gone


def test_a_page_fetched_again_is_stored_as_a_delta_and_chains_are_bounded(archive: Archive):
    rng = random.Random(2)
    with archive.write() as session:
        upsert_source(session, "src", name="Source")
    url = "https://example.org/story/"
    body = page(rng, 1, "first reading")
    versions = []
    for k in range(MAX_DEPTH + 3):
        body = body.replace(b"</article>", f"<p>Update {k}.</p></article>".encode())
        versions.append(body)
        record(archive, url, body, k)
    loaded = stored(archive)
    assert [b for _, b in loaded.values()] == versions
    codecs = [c for c, _ in loaded.values()]
    assert codecs[0] == "zstd" and codecs[1] == "zstd-delta"
    with archive.read() as session:
        depths = list(session.scalars(select(Blob.depth).order_by(Blob.size)))
        sizes = list(session.scalars(select(func.length(Blob.data)).order_by(Blob.size)))
    assert max(depths) == MAX_DEPTH
    assert depths[MAX_DEPTH + 1] == 0  # the chain starts again from a standalone body
    assert max(sizes[1 : MAX_DEPTH + 1]) < sizes[0] / 5
