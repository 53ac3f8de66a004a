"""Bad user input: one clear line on stderr, a non-zero exit, and nothing damaged.

Complements tests/test_cli.py, test_sources.py, test_search.py and
test_export.py: registries, queries, date filters, URLs and export paths a
user can get wrong, through the real ``nkmon`` command.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

USAGE = 2  # click's usage errors: the message names the option


def one_line(proc: subprocess.CompletedProcess, pattern: str, code: int = 1) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    if code == USAGE:  # "Usage: ...", "Try ... --help", then the one error line
        lines = [line for line in lines if line.startswith("Error:")]
    assert len(lines) == 1, proc.stderr
    assert re.search(pattern, lines[0]), lines[0]


REGISTRIES = [
    ("[[source]\nid = 'x'", r"not valid TOML: .*line 1"),
    ("\ufeff\x00\x01binary", r"not valid TOML"),
    ("[[source]]\nid = 'a'\nname = 'A'\nhomepage = 'http://a.example:99999/'\n"
     "languages = ['en']\nfeeds = ['http://a.example/feed/']",
     r"source 'a', field homepage: not an http\(s\) URL \(Port out of range"),
    ("[[source]]\nid = 'a'\nname = 'A'\nhomepage = 'http://a.example/'\n"
     "languages = ['en']\nfeeds = ['http://a example/feed/']",
     r"source 'a', field feeds\[0\]: not an http\(s\) URL \(it has spaces"),
    ("[[source]]\nid = 'a'\nname = 'A'\nhomepage = 'http://a.example/'\nlanguages = ['en']\n"
     "feeds = ['http://a.example/feed/']\narticle_pattern = '(unclosed'",
     r"source 'a', field article_pattern: not a valid regular expression"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "message"), REGISTRIES)
def test_a_bad_registry_is_one_line_and_nothing_is_created(nkmon, tmp_path, body, message):
    registry = tmp_path / "sources.toml"
    registry.write_text(body, encoding="utf-8")
    target = tmp_path / "archive.db"
    proc = nkmon("crawl", "--sources", str(registry), "--db", f"sqlite:///{target}", check=False)
    one_line(proc, message)
    assert not target.exists()  # refused before the archive was opened


def test_bad_crawl_settings_are_one_line(nkmon, sources_file, db_url):
    args = ["crawl", "--sources", str(sources_file), "--db", db_url]
    proc = nkmon(*args, "-s", "NOEQUALS", check=False)
    one_line(proc, r"'NOEQUALS': expected NAME=VALUE", USAGE)
    proc = nkmon(*args, "-s", "NKMON_EXTRACT_WORKERS=-1", "--format", "json", check=False)
    one_line(proc, r"NKMON_EXTRACT_WORKERS must be 0 or more")


@pytest.fixture
def crawled(crawl, nkmon, db_url):
    """An archive of the replica, and how a search of it answers before any bad input."""
    crawl()
    before = nkmon("search", "Korea", "--db", db_url, "--format", "json").stdout
    assert json.loads(before)
    return before


QUERIES = [
    ("(((", r"unbalanced parenthesis"),
    ('"', r"nothing to search for"),
    ("AND OR NOT", r"."),
    ("'; DROP TABLE articles; --", None),
    ("x\x01\x02\x7f", None),
    ("북한" * 20000, r"query too long: 40000 characters"),
]


def test_hostile_queries_and_filters_never_damage_the_archive(nkmon, db_url, crawled):
    for query, error in QUERIES:
        proc = nkmon("search", query, "--db", db_url, "--format", "json", check=False)
        assert "Traceback" not in proc.stderr, query[:40]
        if error is None:
            assert proc.returncode == 0 and isinstance(json.loads(proc.stdout), list), query[:40]
        else:
            if proc.returncode == 0:
                continue  # read literally: fine, as long as it says nothing odd
            one_line(proc, error)
    for args, message, code in [
        (["--since", "yesterday"], r"'--since': 'yesterday' is neither a duration", USAGE),
        (["--since", "2026-13-45"], r"'--since': '2026-13-45' is neither", USAGE),
        (["--since", "2026-12-01", "--until", "2026-11-01"], r"--since is after --until", 1),
        (["--limit", "-1"], r"'--limit': -1 is not in the range", USAGE),
    ]:
        proc = nkmon("search", "Korea", "--db", db_url, *args, check=False)
        one_line(proc, message, code)
    after = nkmon("search", "Korea", "--db", db_url, "--format", "json").stdout
    assert after == crawled


def test_bad_argv_bytes(nkmon, archive, db_url, tmp_path):
    env = {**os.environ, "NKMON_DATA_DIR": str(tmp_path / "data")}
    argv = [sys.executable.encode(), b"-m", b"nkmon", b"search", b"\xff\xfe"]
    proc = subprocess.run(
        [*argv, b"--db", db_url.encode()], capture_output=True, env=env, timeout=60
    )
    assert b"Traceback" not in proc.stderr
    assert proc.returncode in (0, 1)


def test_bad_urls_are_one_line(nkmon, archive, db_url):
    pattern = r"^Error: (not an article URL or id|no archived article for)"
    for ref in ("http://[::1", "http://a:99999/", "javascript:alert(1)", "file:///etc/passwd"):
        one_line(nkmon("history", ref, "--db", db_url, check=False), pattern)
    for command in ("diff", "show"):
        one_line(nkmon(command, "http://[::1", "--db", db_url, check=False), pattern)


def test_export_never_writes_outside_its_path(nkmon, archive, db_url, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    exports = tmp_path / "exports"
    exports.mkdir()
    # A stale or planted NAME.part, and the output itself, as links to another file.
    (exports / "out.jsonl.part").symlink_to(outside)
    (exports / "out.jsonl").symlink_to(outside)
    proc = nkmon("export", "--db", db_url, "-o", str(exports / "out.jsonl"))
    assert proc.returncode == 0
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert not (exports / "out.jsonl").is_symlink()
    assert (exports / "out.jsonl").is_file()  # (the archive is empty: no rows)
    assert sorted(p.name for p in exports.iterdir()) == ["out.jsonl", "out.jsonl.part"]

    for args, message, code in [
        (["-o", str(tmp_path / "missing" / "x.jsonl")], r"cannot write .*No such file", 1),
        (["-o", str(exports)], r"is a directory", USAGE),
        (["--format", "parquet"], r"needs --output FILE", 1),
        (["--since", "2026-12-01", "--until", "2026-11-01", "-o", str(exports / "y.jsonl")],
         r"--since is after --until", 1),
    ]:  # fmt: skip
        proc = nkmon("export", "--db", db_url, *args, check=False)
        one_line(proc, message, code)
    assert not (tmp_path / "missing").exists()
    assert sorted(p.name for p in exports.iterdir()) == ["out.jsonl", "out.jsonl.part"]
