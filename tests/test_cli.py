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


def test_history_of_an_unknown_url(nkmon, db_url):
    proc = nkmon("history", "https://nowhere.example/x", "--db", db_url, check=False)
    assert_one_line_error(proc, r"^Error: no archived article for 'https://nowhere.example/x'")


def test_bad_database_url(nkmon):
    proc = nkmon("search", "x", "--db", "nonsense://", check=False)
    assert_one_line_error(proc, r"^Error: .*nonsense")


def test_empty_query(nkmon, db_url):
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
    proc = nkmon("search", "x", "--data-dir", str(blocker / "sub"), check=False)
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
