"""nkmon import-warc: WARC response records become captures and versions, by capture time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from warcio.warcwriter import WARCWriter

from archive import CaptureOutcome, history, open_archive
from archive.models import Capture
from nkmon.replica import pages, wordpress_outlet
from nkmon.replica.hostile import article_html, good_paragraphs, links_page
from nkmon.replica.warc import write_response as response

BASE = "https://borderline.example"

pytestmark = pytest.mark.both_backends


def test_a_warc_is_imported_in_capture_time_order_and_bad_records_are_reported(
    tmp_path: Path, nkmon, db_url
):
    outlet = wordpress_outlet()
    edited = next(a for a in outlet.articles if len(a.revisions) > 1 and not a.broken)
    other = next(a for a in outlet.articles if a is not edited and not a.broken)
    original = pages.article_page(outlet, edited, BASE).encode()
    outlet.revise(edited.slug)
    revised = pages.article_page(outlet, edited, BASE).encode()
    path = tmp_path / "ia.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        # The later capture first: the import must still date and order them right.
        response(writer, BASE + edited.path, "2019-06-02T10:00:00Z", revised)
        response(writer, BASE + "/logo.png", "2019-06-01T09:00:00Z", b"\x89PNG", "image/png")
        response(writer, BASE + other.path, "2019-06-01T09:30:00Z",
                 pages.article_page(outlet, other, BASE).encode())  # fmt: skip
        response(writer, BASE + edited.path, "2019-06-01T09:00:00Z", original)
        out.write(b"\x1f\x8b\x08 this is not a gzip member")  # a damaged tail
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[[source]]\nid = "borderline"\nname = "Borderline"\nhomepage = "{BASE}/"\n'
        f'languages = ["en"]\nfeeds = ["{BASE}/feed/"]\n',
        encoding="utf-8",
    )
    proc = nkmon("import-warc", str(path), "--sources", str(sources), "--db", db_url,
                 "--format", "json")  # fmt: skip
    (report,) = json.loads(proc.stdout)
    assert report["records"] == 4
    assert report["new_version"] == 3
    assert report["skipped"] == 1
    assert "not an HTML page (Content-Type: image/png)" in proc.stderr
    assert "unreadable, the rest is skipped" in proc.stderr
    assert "outcome=new_version" in proc.stderr  # plain progress lines off a terminal

    archive = open_archive(db_url)
    try:
        with archive.read() as session:
            result = history(session, BASE + edited.path)
            assert result.article.source_id == "borderline"
            assert [v.seq for v in result.versions] == [1, 2]
            assert [v.captured_at for v in result.versions] == [
                datetime(2019, 6, 1, 9, 0, tzinfo=UTC),
                datetime(2019, 6, 2, 10, 0, tzinfo=UTC),
            ]
            assert result.versions[0].title == edited.revisions[0].title
            assert result.versions[1].title == edited.revisions[1].title
            assert [c.outcome for c in result.captures] == [CaptureOutcome.new_version] * 2
    finally:
        archive.close()


def test_a_large_warc_is_imported_whole_and_in_capture_time_order(tmp_path: Path, db_url):
    """More pages than one transaction holds and than are extracted ahead: each
    story's captures still become its versions in capture-time order, wherever
    the file puts them, and an unchanged capture adds no version."""
    from crawler.importwarc import import_warc

    stories = 40
    path = tmp_path / "many.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(stories):
            first = good_paragraphs(f"story-{n}")
            later = (*first, f"An update added on the second day to story {n}.")
            captures = [("2019-06-01T09:00:00Z", first), ("2019-06-02T09:00:00Z", later)]
            if n % 2:  # half of them with the later capture first in the file
                captures.reverse()
            for at, paragraphs in captures:
                html = article_html(f"Story {n}", paragraphs).encode()
                response(writer, f"{BASE}/story-{n}/", at, html)
        for day in (1, 2, 3):  # one story that never changes
            html = article_html("Steady", good_paragraphs("steady")).encode()
            response(writer, f"{BASE}/steady/", f"2019-06-0{day}T12:00:00Z", html)
    report = import_warc(path, db_url, data_dir=tmp_path / "data", timeout=30)
    assert report.records == 2 * stories + 3
    assert report.outcomes == {"new_version": 2 * stories + 1, "unchanged": 2}
    assert report.errors == []

    archive = open_archive(db_url)
    try:
        with archive.read() as session:
            for n in range(stories):
                versions = history(session, f"{BASE}/story-{n}/").versions
                assert [v.captured_at.day for v in versions] == [1, 2]
                assert "second day" not in versions[0].text
                assert "second day" in versions[1].text
            steady = history(session, f"{BASE}/steady/")
            assert len(steady.versions) == 1
            assert [c.outcome for c in steady.captures] == [
                CaptureOutcome.new_version,
                CaptureOutcome.unchanged,
                CaptureOutcome.unchanged,
            ]
    finally:
        archive.close()


def test_a_file_that_is_not_a_warc_is_one_clear_error(tmp_path: Path, nkmon, db_url):
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n", encoding="utf-8")
    proc = nkmon("import-warc", str(path), "--db", db_url, check=False)
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: ") and "not a WARC file" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_page_that_hangs_the_extractor_costs_only_itself(tmp_path: Path, db_url):
    """Extraction runs under a time limit: a page of 30,000 links (20 s and more of
    trafilatura) is killed after --extract-timeout (which overrides
    NKMON_EXTRACT_TIMEOUT), recorded as an error capture, and the pages after it
    are imported."""
    path = tmp_path / "hostile.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        response(writer, BASE + "/a/", "2019-06-01T09:00:00Z",
                 article_html("Before", good_paragraphs("before")).encode())  # fmt: skip
        response(writer, BASE + "/slow/", "2019-06-01T09:01:00Z", links_page("slow").encode())
        response(writer, BASE + "/b/", "2019-06-01T09:02:00Z",
                 article_html("After", good_paragraphs("after")).encode())  # fmt: skip
    # Were the environment's 600 s obeyed, the page would be read to its end.
    env = {**os.environ, "NKMON_DATA_DIR": str(tmp_path / "data"), "NKMON_EXTRACT_TIMEOUT": "600"}
    env.pop("NKMON_DATABASE_URL", None)
    env.pop("NKMON_SOURCES", None)
    options = ["--db", db_url, "--format", "json", "--extract-timeout", "2"]
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "nkmon", "import-warc", str(path), *options],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert time.monotonic() - started < 60  # a generous bound: the page alone takes 20 s and more
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    (report,) = json.loads(proc.stdout)
    assert report["records"] == 3
    assert report["new_version"] == 2
    assert report["extraction_timeout"] == 1
    assert "extraction timed out after 2 s" in proc.stderr

    archive = open_archive(db_url)
    try:
        with archive.read() as session:
            slow = history(session, BASE + "/slow/")
            assert [c.outcome for c in slow.captures] == [CaptureOutcome.error]
            assert slow.captures[0].error == "extraction timed out after 2 s"
            assert slow.versions == []
            for url, title in ((BASE + "/a/", "Before"), (BASE + "/b/", "After")):
                assert [v.title for v in history(session, url).versions] == [title]
    finally:
        archive.close()


@pytest.mark.parametrize(
    ("option", "env", "shown"),
    [
        (["--extract-timeout", "0"], None, "not a positive number of seconds: '0'"),
        (["--extract-timeout", "-5"], None, "not a positive number of seconds: '-5'"),
        (["--extract-timeout", "soon"], None, "not a positive number of seconds: 'soon'"),
        (["--extract-timeout", "inf"], None, "not a positive number of seconds: 'inf'"),
        ([], "0", "seconds (from NKMON_EXTRACT_TIMEOUT): '0'"),
        ([], "30s", "seconds (from NKMON_EXTRACT_TIMEOUT): '30s'"),
    ],
)
def test_a_bad_extraction_time_limit_is_refused_before_anything_is_read(
    tmp_path: Path, db_url, option, env, shown
):
    path = tmp_path / "one.warc.gz"
    with path.open("wb") as out:
        response(WARCWriter(out, gzip=True), BASE + "/a/", "2019-06-01T09:00:00Z",
                 article_html("Before", good_paragraphs("before")).encode())  # fmt: skip
    environ = {**os.environ, "NKMON_DATA_DIR": str(tmp_path / "data")}
    environ.pop("NKMON_EXTRACT_TIMEOUT", None)
    if env is not None:
        environ["NKMON_EXTRACT_TIMEOUT"] = env
    proc = subprocess.run(
        [sys.executable, "-m", "nkmon", "import-warc", str(path), "--db", db_url, *option],
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
    )
    assert proc.returncode == 2
    (error,) = [line for line in proc.stderr.splitlines() if line.startswith("Error: ")]
    assert "'--extract-timeout'" in error and shown in error
    assert "Traceback" not in proc.stderr
    archive = open_archive(db_url)
    try:
        with archive.read() as session:
            assert session.scalar(select(func.count()).select_from(Capture)) == 0
    finally:
        archive.close()


def test_the_extraction_time_limit_is_in_the_help(nkmon):
    out = nkmon("import-warc", "--help").stdout
    assert "--extract-timeout SECONDS" in out
    assert "NKMON_EXTRACT_TIMEOUT" in out and "[default: 30]" in out
