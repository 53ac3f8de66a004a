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
    assert re.search(r"│ replica/\d+/v2\s+│", history)


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


def test_sources_check_online_reports_each_discovery_url(nkmon, serve, tmp_path):
    import json

    from nkmon.replica import wordpress_outlet
    from nkmon.replica.statemedia import state_media_site

    outlet = wordpress_outlet()
    outlet.feed_mode = "empty"
    wp, kcna = serve(outlet), serve(state_media_site())
    registry = tmp_path / "sources.toml"
    registry.write_text(
        f"""
[[source]]
id = "wp"
name = "WP"
homepage = "{wp.url}/"
languages = ["en"]
feeds = ["{wp.url}/feed/"]
sitemaps = ["{wp.url}/wp-sitemap.xml"]

[[source]]
id = "kcna"
name = "KCNA"
homepage = "{kcna.url}/"
languages = ["en"]
[[source.listings]]
url = "{kcna.url}{kcna.site.listing_path("en")}"
article_pattern = "/article/q/"

[[source]]
id = "dead"
name = "Dead"
homepage = "http://127.0.0.1:9/"
languages = ["en"]
feeds = ["http://127.0.0.1:9/feed/"]
""",
        encoding="utf-8",
    )
    proc = nkmon(
        "sources", "check", "--online", "--sources", str(registry), "--format", "json", check=False
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    states = {(r["source"], r["kind"]): r["state"] for r in json.loads(proc.stdout)}
    assert states == {
        ("wp", "feed"): "empty",
        ("wp", "sitemap"): "reachable",
        ("kcna", "listing"): "reachable",
        ("dead", "feed"): "error",
    }


def test_sources_list_and_offline_check(nkmon):
    import json

    listed = json.loads(nkmon("sources", "list", "--format", "json").stdout)
    assert len(listed) >= 15
    assert "all valid" in nkmon("sources", "check").stderr


def test_extract_prints_text_and_metadata_of_a_saved_page(nkmon, replica, outlet, tmp_path):
    import json
    import urllib.request

    article = outlet.articles[0]
    saved = tmp_path / "page.html"
    saved.write_bytes(urllib.request.urlopen(replica.url_for(article.slug)).read())
    record = json.loads(
        nkmon(
            "extract", str(saved), "--url", replica.url_for(article.slug), "--format", "json"
        ).stdout
    )
    assert record["title"] == article.revision.title
    assert record["authors"] == list(article.revision.authors)
    assert article.revision.paragraphs[0][:60] in record["text"]
    text = nkmon("extract", str(saved)).stdout
    assert article.revision.paragraphs[-1][:60] in text


def test_extract_reads_legacy_encodings_from_stdin(nkmon, serve, tmp_path):
    import subprocess
    import sys
    import urllib.request

    from nkmon.replica.legacy import euckr_site

    site = euckr_site()
    server = serve(site)
    raw = urllib.request.urlopen(server.url_for(site.articles[1].key)).read()
    proc = subprocess.run(
        [sys.executable, "-m", "nkmon", "extract", "-"], input=raw, capture_output=True, check=True
    )
    assert site.articles[1].paragraphs[0][:20] in proc.stdout.decode("utf-8")
