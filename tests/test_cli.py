"""The command line: help with examples, clear one-line errors, the demo."""

from __future__ import annotations

import re

import click
import pytest

from nkmon.cli import cli


def all_commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from all_commands(command, f"{prefix}{name} ")


@pytest.mark.parametrize(("name", "command"), list(all_commands(cli)))
def test_every_command_has_help_with_an_example(name, command):
    if isinstance(command, click.Group):
        return
    assert "Example:" in (command.help or ""), name
    assert f"nkmon {name}" in command.help, name


def test_every_command_is_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for name, command in all_commands(cli):
        if not isinstance(command, click.Group):
            assert f"### `nkmon {name}" in readme, name


def assert_one_line_error(proc, pattern: str):
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert re.search(pattern, lines[0]), lines[0]


def test_history_of_an_unknown_url(nkmon, archive, db_url):
    proc = nkmon("history", "https://nowhere.example/x", "--db", db_url, check=False)
    assert_one_line_error(proc, r"^Error: no archived article for 'https://nowhere.example/x'")


def test_bad_database_url(nkmon):
    proc = nkmon("search", "x", "--db", "nonsense://", check=False)
    assert_one_line_error(proc, r"^Error: .*nonsense")


def test_empty_query(nkmon, archive, db_url):
    proc = nkmon("search", '"', "--db", db_url, check=False)
    assert_one_line_error(proc, r"^Error: nothing to search for")


def test_unknown_source(nkmon, db_url):
    proc = nkmon("crawl", "--source", "nope", "--db", db_url, check=False)
    assert_one_line_error(proc, r"^Error: no source 'nope' in the registry")


def test_invalid_registry_stops_before_crawling(nkmon, db_url, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[source]]\nid = "x"\nname = "X"\nhomepage = "nope"\nlanguages = ["en"]\n')
    proc = nkmon("crawl", "--sources", str(bad), "--db", db_url, check=False)
    assert_one_line_error(proc, r"source 'x', field homepage: not an http\(s\) URL")


def test_unreadable_data_dir(nkmon, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    proc = nkmon("crawl", "--source", "38north", "--data-dir", str(blocker / "sub"), check=False)
    assert_one_line_error(proc, r"^Error: cannot create data directory")


def test_unreachable_source_fails_cleanly_and_keeps_the_archive(nkmon, crawl, db_url, tmp_path):
    crawl()
    dead = tmp_path / "dead.toml"
    # Port 9 on loopback: nothing listens, the connection is refused at once.
    dead.write_text(
        '[[source]]\nid = "dead"\nname = "Dead"\nhomepage = "http://127.0.0.1:9/"\n'
        'languages = ["en"]\nfeeds = ["http://127.0.0.1:9/feed/"]\n'
    )
    proc = nkmon(
        "crawl", "--sources", str(dead), "--db", db_url, "-s", "RETRY_TIMES=0", check=False
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert re.search(r"^error: source dead: feed http://127.0.0.1:9/feed/: \S+", proc.stderr, re.M)
    assert nkmon("search", "Korea", "--db", db_url, "--format", "json").stdout.strip() != "[]"


def test_demo_runs_offline_and_shows_two_versions(nkmon):
    proc = nkmon("demo", timeout=180)
    assert "Traceback" not in proc.stderr
    out = proc.stdout
    assert 'nkmon search "North Korea"' in out
    history = out.split("nkmon history", 1)[1]
    assert "2 versions" in history
    assert re.search(r"│ 2\s+│", history)


@pytest.mark.parametrize(
    ("args", "pattern"),
    [
        (["history", "²"], r"^Error: no archived article for '²'"),
        (["history", "99999999999999999999999"], r"^Error: no archived article for"),
        (["history", "http://[::1"], r"^Error: not an article URL or id"),
        (["history", "http://a:99999/"], r"^Error: not an article URL or id"),
    ],
)
def test_odd_arguments_get_a_clear_error(nkmon, crawl, db_url, args, pattern):
    crawl()
    proc = nkmon(*args, "--db", db_url, check=False)
    assert_one_line_error(proc, pattern)


@pytest.mark.parametrize(
    "url",
    ["postgresql://u:p@[::1", "sqlite:////tmp/x.db?timeout=abc", "sqlite+nosuchdriver:///x.db"],
)
def test_odd_database_urls_get_a_clear_error(nkmon, url):
    proc = nkmon("crawl", "--source", "38north", "--db", url, check=False)
    assert_one_line_error(proc, r"^Error: ")


def test_reading_commands_never_create_an_archive(nkmon, tmp_path):
    target = tmp_path / "typo" / "archive.db"
    proc = nkmon("search", "Korea", "--db", f"sqlite:///{target}", check=False)
    assert_one_line_error(proc, r"^Error: no archive at .*archive\.db")
    assert not target.parent.exists()


def test_usage_errors_name_the_option(nkmon, archive, db_url):
    proc = nkmon("search", "x", "--limit", "99999999999999999999", "--db", db_url, check=False)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "Error: Invalid value for '--limit'" in proc.stderr.splitlines()[-1]
