"""Exports: versions as JSONL, CSV and Parquet, raw captures as WARC, and ``nkmon export``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from archive import (
    Capture,
    Content,
    Fetch,
    NotFound,
    QueryError,
    Version,
    record_capture,
    upsert_source,
)
from archive.blobs import load_blob
from archive.export import COLUMNS, export_versions, export_warc

# The library on SQLite and PostgreSQL; the command (a subprocess each) on SQLite only.
both_backends = pytest.mark.both_backends
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
KO_URL = "https://www.dailynk.com/ko/2026/11/hyesan-rice/"
YONGBYON_URL = "https://www.38north.org/2026/11/yongbyon/"
GONE_URL = "https://www.38north.org/2026/11/withdrawn/"
TIMEOUT_URL = "https://www.38north.org/2026/11/slow/"
KCNA_URL = "http://www.kcna.kp/kp/article/q/0123.kcmsf"
KCNA_PAGE2 = "http://www.kcna.kp/kp/article/q/0123.kcmsf?page=2"

KO_V1 = "양강도 혜산 장마당에서 쌀값이 올랐다.\n\n장성택 관련 소문도 돌았다."
KO_V2 = "양강도 혜산 장마당에서 쌀값이 내렸다."
KCNA_TEXT = "김정은동지께서 평양종합병원 건설장을 현지지도하시였다.\n\n(계속)"


def page(title: str, text: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>{paragraphs}</body></html>"
    )


def capture(archive, source: str, url: str, hours: float, content: Content | None, **fetch):
    fetch.setdefault("status", 200)
    at = T0 + timedelta(hours=hours)
    with archive.write() as session:
        return record_capture(session, source, Fetch(url=url, fetched_at=at, **fetch), content)


def article(archive, source: str, url: str, hours: float, title: str, text: str, **kw):
    """A 200 whose body is a real page with this title and text (``charset``: its encoding)."""
    charset = kw.pop("charset", "utf-8")
    fetch = {k: kw.pop(k) for k in ("etag", "last_modified", "body") if k in kw}
    fetch.setdefault("body", page(title, text).encode(charset))
    content = Content(title=title, text=text, **kw)
    ctype = f"text/html; charset={charset}"
    return capture(archive, source, url, hours, content, content_type=ctype, **fetch)


@pytest.fixture
def corpus(archive) -> dict[str, int]:
    """Three outlets: a Korean article edited once (then a 304), two English
    articles (one later 404), a fetch that timed out, and a two-page KCNA
    article served in EUC-KR. Returns article ids by name."""
    with archive.write() as session:
        upsert_source(session, "dailynk-ko", name="데일리NK", languages=["ko"])
        upsert_source(session, "38north", name="38 North", languages=["en"])
        upsert_source(session, "kcna", name="조선중앙통신", languages=["ko"])
    ko = {"authors": ("강미진",), "language": "ko"}
    first = article(archive, "dailynk-ko", KO_URL, 0, "혜산 쌀값", KO_V1, etag='"v1"', **ko)
    modified = "Mon, 02 Nov 2026 08:00:00 GMT"
    article(archive, "dailynk-ko", KO_URL, 24, "혜산 쌀값", KO_V2, last_modified=modified, **ko)
    capture(archive, "dailynk-ko", KO_URL, 48, None, status=304, body=b"")
    yongbyon = article(
        archive,
        "38north",
        YONGBYON_URL,
        2,
        "Yongbyon Update",
        "Satellite imagery shows new activity at the Yongbyon reactor.",
        authors=("Jenny Town",),
        language="en",
        published_at=T0 - timedelta(days=1),
    )
    gone = article(archive, "38north", GONE_URL, 3, "Withdrawn", "A report on Sinuiju markets.")
    capture(archive, "38north", GONE_URL, 72, None, status=404, body=b"<html>Not Found</html>")
    capture(archive, "38north", TIMEOUT_URL, 4, None, status=None, error="TimeoutError")
    pages = [page("평양종합병원", KCNA_TEXT).encode("euc-kr"), page("2", "2").encode("euc-kr")]
    separator = f"\n<!-- nkmon: next page of this article: {KCNA_PAGE2} -->\n".encode()
    kcna = article(
        archive,
        "kcna",
        KCNA_URL,
        5,
        "평양종합병원",
        KCNA_TEXT,
        charset="euc-kr",
        body=separator.join(pages),
        language="ko",
    )
    ids = {"ko": first, "yongbyon": yongbyon, "gone": gone, "kcna": kcna}
    return {name: result.article_id for name, result in ids.items()}


def jsonl(archive, **kw) -> list[dict]:
    out = io.BytesIO()
    with archive.read() as session:
        count = export_versions(session, out, fmt="jsonl", **kw)
    rows = [json.loads(line) for line in out.getvalue().decode("utf-8").splitlines()]
    assert count == len(rows)
    return rows


def citations(rows: list[dict]) -> list[str]:
    return [row["citation"] for row in rows]


@both_backends
def test_latest_versions_by_default_every_version_on_request(archive, corpus):
    ko, yb, gone, kc = (corpus[k] for k in ("ko", "yongbyon", "gone", "kcna"))
    latest = jsonl(archive)
    assert citations(latest) == [
        f"dailynk-ko/{ko}/v2",
        f"38north/{yb}/v1",
        f"38north/{gone}/v1",
        f"kcna/{kc}/v1",
    ]
    every = jsonl(archive, all_versions=True)
    assert citations(every) == [f"dailynk-ko/{ko}/v1", *citations(latest)]

    v1, v2 = every[0], every[1]
    assert list(v2) == list(COLUMNS)
    with archive.read() as session:
        stored = session.get(Version, v2["version_id"])
        assert v2["content_hash"] == stored.content_hash
    assert (v2["article_id"], v2["seq"], v2["source"], v2["url"]) == (ko, 2, "dailynk-ko", KO_URL)
    assert (v2["title"], v2["text"], v2["authors"]) == ("혜산 쌀값", KO_V2, ["강미진"])
    assert v2["language"] == "ko" and v2["status"] == "live"
    assert v2["captured_at"] == (T0 + timedelta(hours=24)).isoformat()
    assert v1["change_summary"] is None
    assert "장성택" in v2["change_summary"]["terms_removed"]
    by_article = {row["article_id"]: row for row in latest}
    assert by_article[yb]["published_at"] == (T0 - timedelta(days=1)).isoformat()
    assert by_article[gone]["status"] == "deleted"


@both_backends
def test_filters_by_source_query_and_capture_time(archive, corpus):
    ko, gone = corpus["ko"], corpus["gone"]
    assert {r["source"] for r in jsonl(archive, source="38north")} == {"38north"}
    assert len(jsonl(archive, source="38north", all_versions=True)) == 2
    # The query matches the latest version; --all-versions then gives its whole history.
    assert citations(jsonl(archive, query="혜산")) == [f"dailynk-ko/{ko}/v2"]
    assert citations(jsonl(archive, query="혜산", all_versions=True)) == [
        f"dailynk-ko/{ko}/v1",
        f"dailynk-ko/{ko}/v2",
    ]
    assert jsonl(archive, query="장성택") == []  # only in v1, edited out since
    assert citations(jsonl(archive, query="Sinuiju OR 혜산", source="38north")) == [
        f"38north/{gone}/v1"
    ]
    since = jsonl(archive, all_versions=True, since=T0 + timedelta(hours=12))
    assert citations(since) == [f"dailynk-ko/{ko}/v2"]
    until = jsonl(archive, all_versions=True, until=T0 + timedelta(hours=4))
    assert [r["captured_at"] for r in until] == [
        T0.isoformat(),
        (T0 + timedelta(hours=2)).isoformat(),
        (T0 + timedelta(hours=3)).isoformat(),
    ]
    with archive.read() as session:
        with pytest.raises(NotFound, match="no source 'nkn'"):
            export_versions(session, io.BytesIO(), source="nkn")
        with pytest.raises(QueryError, match="only excludes"):
            export_versions(session, io.BytesIO(), query="NOT 혜산")


@both_backends
def test_batches_of_articles_give_the_same_rows(archive, corpus, monkeypatch):
    whole = jsonl(archive, all_versions=True)
    monkeypatch.setattr("archive.export.BATCH_ARTICLES", 1)
    assert jsonl(archive, all_versions=True) == whole
    assert len(jsonl(archive, all_versions=True, query="혜산 OR Yongbyon OR 병원")) == 4


@both_backends
def test_csv_opens_in_dictreader_with_korean_intact(archive, corpus, tmp_path):
    path = tmp_path / "versions.csv"
    with archive.read() as session:
        assert export_versions(session, path, fmt="csv", all_versions=True) == 5
    assert not list(tmp_path.glob("*.part"))
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == list(COLUMNS)
    assert rows[0]["text"] == KO_V1  # paragraph breaks survive quoting
    assert rows[0]["title"] == "혜산 쌀값" and json.loads(rows[0]["authors"]) == ["강미진"]
    assert rows[0]["change_summary"] == "" and rows[0]["published_at"] == ""
    assert "장성택" in json.loads(rows[1]["change_summary"])["terms_removed"]
    assert [r["citation"] for r in rows] == citations(jsonl(archive, all_versions=True))
    assert rows[-1]["text"] == KCNA_TEXT


@both_backends
def test_parquet_reads_back_with_pyarrow(archive, corpus, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "versions.parquet"
    with archive.read() as session:
        assert export_versions(session, path, fmt="parquet", all_versions=True) == 5
    table = pq.read_table(path)
    assert table.column_names == list(COLUMNS)
    assert table.schema.field("captured_at").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("authors").type == pa.list_(pa.string())
    about = json.loads(table.schema.metadata[b"nkmon.export"])
    assert about["all_versions"] is True and about["software"].startswith("nkmon")
    expected = jsonl(archive, all_versions=True)
    for got, want in zip(table.to_pylist(), expected, strict=True):
        for key in ("captured_at", "published_at", "modified_at"):
            got[key] = got[key].isoformat() if got[key] else None
        summary = got["change_summary"]
        got["change_summary"] = json.loads(summary) if summary else None
        assert got == want


@both_backends
def test_a_failed_export_leaves_no_file(archive, corpus, tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()

    def interrupted(count: int) -> None:
        if count == 2:
            raise KeyboardInterrupt

    with archive.read() as session:
        with pytest.raises(QueryError):
            export_versions(session, exports / "bad-query.jsonl", query="(혜산")
        for fmt in ("csv", "parquet"):
            with pytest.raises(KeyboardInterrupt):
                export_versions(session, exports / f"x.{fmt}", fmt=fmt, on_row=interrupted)
        with pytest.raises(KeyboardInterrupt):
            export_warc(session, exports / "x.warc.gz", on_row=interrupted)
    assert list(exports.iterdir()) == []


def read_warc(path: Path) -> list:
    from warcio.archiveiterator import ArchiveIterator

    records = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            payload = record.content_stream().read()
            records.append((record.rec_type, record.rec_headers, record.http_headers, payload))
    return records


@both_backends
def test_warc_holds_every_raw_capture_and_passes_warcio_check(archive, corpus, tmp_path):
    path = tmp_path / "nkmon.warc.gz"
    with archive.read() as session:
        written = export_warc(session, path)
        kept = {
            c.id: (c, load_blob(session, c.body_sha256))
            for c in session.scalars(select(Capture).where(Capture.body_sha256.is_not(None)))
        }
        (not_modified,) = session.scalars(select(Capture).where(Capture.http_status == 304))
    # Every fetch with a body, and the 304 as a revisit record; not the timeout.
    assert len(kept) == 6
    assert written == 7

    check = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", "-v", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count("digest pass") == 7  # warcinfo + 6 responses
    assert check.stdout.count("digest present but not checked (revisit)") == 1

    (info, *records) = read_warc(path)
    assert info[0] == "warcinfo" and b"nkmon" in info[3]
    responses = [r for r in records if r[0] == "response"]
    assert len(responses) == 6
    for _, warc, http, payload in responses:
        cap, body = kept[int(warc.get_header("WARC-nkmon-Capture-ID"))]
        assert payload == body
        assert warc.get_header("WARC-Target-URI") == cap.url
        assert warc.get_header("WARC-Date") == cap.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert warc.get_header("WARC-nkmon-Outcome") == cap.outcome.value
        assert warc.get_header("WARC-Record-ID").startswith("<urn:uuid:")
        assert http.get_statuscode() == str(cap.http_status)
        assert http.get_header("Content-Type") == cap.content_type
        assert http.get_header("ETag") == cap.etag
    kcna = next(p for _, w, _, p in responses if w.get_header("WARC-Target-URI") == KCNA_URL)
    assert KCNA_TEXT.split("\n")[0].encode("euc-kr") in kcna  # EUC-KR bytes, as served
    assert f"next page of this article: {KCNA_PAGE2}".encode() in kcna
    gone = [w for _, w, h, _ in responses if h.get_statuscode() == "404"]
    assert [w.get_header("WARC-nkmon-Outcome") for w in gone] == ["gone"]

    # The 304 keeps no body: a revisit record naming the capture it confirmed, the
    # Korean article's second version (24 h in), not the first.
    (revisit,) = [r for r in records if r[0] == "revisit"]
    _, warc, http, payload = revisit
    assert payload == b""
    assert http.get_statuscode() == "304"
    assert warc.get_header("WARC-Profile") == (
        "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
    )
    assert warc.get_header("WARC-Target-URI") == KO_URL
    assert warc.get_header("WARC-nkmon-Capture-ID") == str(not_modified.id)
    assert warc.get_header("WARC-Date") == not_modified.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    second = next(
        w for _, w, _, _ in responses if w.get_header("WARC-nkmon-Citation", "").endswith("/v2")
    )
    assert warc.get_header("WARC-Refers-To") == second.get_header("WARC-Record-ID")
    assert warc.get_header("WARC-Refers-To-Target-URI") == KO_URL
    assert warc.get_header("WARC-Refers-To-Date") == second.get_header("WARC-Date")
    assert second.get_header("WARC-Date") == (T0 + timedelta(hours=24)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )


@both_backends
def test_warc_filters_and_stable_record_ids(archive, corpus, tmp_path):
    with archive.read() as session:
        assert export_warc(session, tmp_path / "a.warc.gz", query="혜산") == 3  # 2 + the 304
        assert export_warc(session, tmp_path / "b.warc.gz", source="kcna") == 1
        late = T0 + timedelta(hours=30)
        assert export_warc(session, tmp_path / "c.warc.gz", since=late) == 2  # the 304, the 404
        assert export_warc(session, tmp_path / "d.warc.gz", query="혜산") == 3
    urls = {w.get_header("WARC-Target-URI") for _, w, _, _ in read_warc(tmp_path / "a.warc.gz")}
    assert urls == {None, KO_URL}  # the warcinfo record has no target
    cited = [
        w.get_header("WARC-nkmon-Citation") for _, w, _, _ in read_warc(tmp_path / "a.warc.gz")
    ]
    assert cited[1:3] == [f"dailynk-ko/{corpus['ko']}/v{n}" for n in (1, 2)]
    # The 304's revisit record names the capture it confirmed even when that capture
    # is outside the export (fetched before --since).
    records = read_warc(tmp_path / "c.warc.gz")
    (revisit,) = [w for t, w, _, _ in records if t == "revisit"]
    second = [w for t, w, _, _ in read_warc(tmp_path / "a.warc.gz") if t == "response"][1]
    assert revisit.get_header("WARC-Refers-To") == second.get_header("WARC-Record-ID")
    assert revisit.get_header("WARC-Refers-To-Date") == second.get_header("WARC-Date")

    def ids(name: str) -> list[str]:
        return [w.get_header("WARC-Record-ID") for _, w, _, _ in read_warc(tmp_path / name)][1:]

    assert ids("a.warc.gz") == ids("d.warc.gz")  # exporting again cites the same records


def test_the_export_command(nkmon, archive, corpus, db_url, tmp_path):
    proc = nkmon("export", "--db", db_url, "--source", "dailynk-ko", "--all-versions")
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["seq"] for r in rows] == [1, 2] and rows[1]["text"] == KO_V2
    assert proc.stderr.strip().splitlines()[-1] == "2 rows written to stdout"

    out = tmp_path / "혜산.csv"
    proc = nkmon("export", "--db", db_url, "--query", "혜산", "--format", "csv", "-o", str(out))
    assert proc.stderr.strip().endswith(f"1 row written to {out}")
    with out.open(encoding="utf-8", newline="") as handle:
        assert [r["text"] for r in csv.DictReader(handle)] == [KO_V2]

    warc = tmp_path / "late.warc.gz"
    proc = nkmon(
        "export", "--db", db_url, "--format", "warc", "-o", str(warc), "--since", "2026-11-02"
    )
    # From the day's start: the second Korean version, its 304 (a revisit record), the 404.
    assert proc.stderr.strip().endswith(f"3 records written to {warc}")
    assert len(read_warc(warc)) == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "parquet"], "--format parquet needs --output FILE"),
        (["--source", "nkn", "-o", "{tmp}/x.jsonl"], "no source 'nkn' in the archive"),
    ],
)
def test_export_errors_are_one_line(nkmon, archive, corpus, db_url, tmp_path, args, message):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    proc = nkmon("export", "--db", db_url, *args, check=False)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode == 1 and proc.stdout == ""
    assert len(lines) == 1 and message in lines[0], proc.stderr
    assert not (tmp_path / "x.jsonl").exists()
