"""nkmon db check: a crawled archive passes; each kind of damage is named in one line."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from archive.integrity import check

pytestmark = pytest.mark.both_backends


def _damage(archive, *statements: str, **params) -> None:
    with archive.engine.begin() as conn:
        if archive.dialect == "postgresql":
            conn.exec_driver_sql("SET session_replication_role = replica")  # no FK triggers
        for sql in statements:
            conn.execute(text(sql), params)


def test_a_crawled_archive_passes_and_damage_is_reported(crawl, archive, db_url, nkmon):
    crawl()
    proc = nkmon("db", "check", "--db", db_url)
    assert proc.stdout.strip().endswith(")") and ": ok (" in proc.stdout
    assert json.loads(nkmon("db", "check", "--db", db_url, "--format", "json").stdout) == []
    report = check(archive)
    assert report.ok and report.counts["versions"] >= 8
    assert report.counts["blobs decoded"] == report.counts["blobs"]

    index = (
        "search_fts WHERE rowid" if archive.dialect == "sqlite" else "search_pg WHERE version_id"
    )
    with archive.read() as session:
        v1, v2, v3 = session.execute(text("SELECT id FROM versions ORDER BY id LIMIT 3")).scalars()
        a3 = session.execute(text(f"SELECT article_id FROM versions WHERE id = {v3}")).scalar()
        blob = session.execute(text("SELECT sha256 FROM blobs ORDER BY sha256")).scalar()
    _damage(
        archive,
        # a version whose capture is gone (what a partial write would leave)
        f"DELETE FROM events WHERE capture_id IN (SELECT id FROM captures WHERE version_id = {v1})",
        f"UPDATE captures SET version_id = NULL, outcome = 'error' WHERE version_id = {v1}",
        f"DELETE FROM {index} = {v2}",
        f"UPDATE versions SET seq = 3 WHERE id = {v3}",
        f"UPDATE articles SET latest_version_id = NULL WHERE id = {a3}",
        f"UPDATE blobs SET data = :junk WHERE sha256 = '{blob}'",
        junk=b"\x0b\xad\xc0\xde",
    )
    proc = nkmon("db", "check", "--db", db_url, check=False)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    for expected in (
        f"version-capture: version {v1} (article",
        f"fulltext: version {v2} (article",
        f"version-seq: article {a3} has 1 version numbered 3..3, not 1..1",
        f"latest: article {a3} names no version as its latest, but its newest is version {v3}",
        f"blob: body {blob} does not decompress",
        f"dedup: the duplicate signature of article {a3}",
    ):
        assert any(line.startswith(expected) for line in lines), (expected, proc.stdout)
    assert "Traceback" not in proc.stderr
    problems = json.loads(
        nkmon("db", "check", "--db", db_url, "--format", "json", check=False).stdout
    )
    assert {p["check"] for p in problems} >= {
        "version-capture",
        "fulltext",
        "version-seq",
        "latest",
        "blob",
    }


def test_a_damaged_sqlite_fulltext_index_is_found(crawl, archive, db_url, nkmon):
    if archive.dialect != "sqlite":
        pytest.skip("FTS5 is SQLite's")
    crawl()
    _damage(archive, "DELETE FROM search_fts_data WHERE id = (SELECT MAX(id) FROM search_fts_data)")
    proc = nkmon("db", "check", "--db", db_url, check=False)
    assert proc.returncode == 1
    assert proc.stdout.startswith("fulltext-index: search_fts: database disk image is malformed")
    assert "1 problem (" in proc.stdout
    # --quick skips that check (it holds the write lock while it runs)
    assert nkmon("db", "check", "--quick", "--db", db_url).returncode == 0


def test_check_of_a_missing_archive_is_one_line(nkmon, tmp_path):
    proc = nkmon("db", "check", "--db", f"sqlite:///{tmp_path / 'none.db'}", check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("Error: no archive at")
