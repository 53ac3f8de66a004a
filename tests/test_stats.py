"""Archive statistics (``nkmon stats``) and browsing the archive with Datasette.

One small archive, built with the library at fixed times: two sources (one
down) and one with nothing archived; edits, 404/410 deletions and a
restoration over two ISO weeks, quiet days between them, and one article
weeks earlier. The counts are checked on SQLite and PostgreSQL, the command
and Datasette on SQLite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from archive import Content, Fetch, record_capture, upsert_source
from archive.exceptions import NotFound
from archive.models import SourceStatus
from archive.sources import set_source_status
from archive.stats import COUNTS, period_label, period_start, stats

both_backends = pytest.mark.both_backends
Z = {name: 0 for name in COUNTS}


def at(day: int, hour: int = 12, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def page(text: str, title: str = "Report") -> Content:
    return Content(title=title, text=text, authors=("Staff",))


RICE = page("Farmers in South Hwanghae brought in the rice harvest early.", "Rice harvest")
RICE_EDITED = page("Farmers in South Hwanghae brought in the harvest early.", "Rice harvest")
COAL = page("The cabinet ordered a coal drive in Anju.", "Coal drive")
PORT = page("Trucks queued at the Sinuiju bridge for the third day.", "Border trade")
PORT_EDITED = page("Trucks queued at the Sinuiju bridge again.", "Border trade")
KOREAN = page("북한의 농민들이 벼 수확을 앞당겼다.", "벼 수확")
OLD = page("An older report from October.", "October report")

# (source, url path, fetched_at, HTTP status, content)
CAPTURES = [
    ("dailynk", "/old", at(20, month=10), 200, OLD),  # week 43; week 44 is empty
    ("kcna", "/rice", at(2, 9), 200, RICE),  # Monday, week 45
    ("dailynk", "/port", at(2, 23, 59), 200, PORT),  # still 2 November in UTC
    ("kcna", "/coal", at(3, 0, 30), 200, COAL),
    ("kcna", "/rice", at(3, 10), 200, RICE_EDITED),  # edited
    ("kcna", "/coal", at(3, 12), 410, None),  # deleted
    ("kcna", "/rice", at(5, 23, 30), 404, None),  # deleted
    ("kcna", "/rice", at(6, 8), 404, None),  # still gone: no new event
    ("dailynk", "/korean", at(8, 23), 200, KOREAN),  # Sunday, the end of week 45
    ("kcna", "/rice", at(9, 8), 200, RICE_EDITED),  # Monday, week 46: restored
    ("dailynk", "/port", at(10, 6), 200, PORT_EDITED),  # edited
]


def build(archive) -> None:
    with archive.write() as session:
        upsert_source(session, "kcna", name="Korean Central News Agency")
        upsert_source(session, "dailynk", name="Daily NK")
        upsert_source(session, "quiet", name="A source with nothing archived")
    for source, path, fetched_at, status, content in CAPTURES:
        body = b"<html>Not Found</html>" if content is None else b"<html>...</html>"
        url = f"https://{source}.example{path}"
        fetch = Fetch(url=url, fetched_at=fetched_at, status=status, body=body)
        with archive.write() as session:
            record_capture(session, source, fetch, content)
    with archive.write() as session:
        set_source_status(session, "kcna", SourceStatus.down, "homepage timed out", at(10, 7))


@pytest.fixture
def built(archive):
    build(archive)
    return archive


def counted(archive, **kw) -> list[dict]:
    with archive.read() as session:
        return stats(session, **kw)


def only_counts(row: dict) -> dict:
    return {name: row[name] for name in COUNTS}


@both_backends
def test_per_source_counts_and_status(built):
    rows = {r["source"]: r for r in counted(built, by="source")}
    assert list(rows) == ["dailynk", "kcna", "quiet"]
    assert only_counts(rows["kcna"]) == {
        "articles": 2,
        "versions": 3,
        "edits": 1,
        "deletions": 2,
        "restorations": 1,
    }
    assert only_counts(rows["dailynk"]) == {**Z, "articles": 3, "versions": 4, "edits": 1}
    assert only_counts(rows["quiet"]) == Z  # listed even with nothing archived
    assert (rows["kcna"]["status"], rows["kcna"]["status_since"]) == ("down", at(10, 7))
    assert rows["dailynk"]["status"] == "ok"


@both_backends
def test_per_source_within_a_period_and_for_one_source(built):
    (row,) = counted(built, by="source", source="kcna", since=at(3, 11), until=at(6, 23))
    assert only_counts(row) == {**Z, "deletions": 2}
    with pytest.raises(NotFound, match="no source 'nope'"):
        counted(built, by="source", source="nope")


@both_backends
def test_per_day_in_utc_with_every_day_present(built):
    rows = counted(built, by="day", since=at(1, 0, 0), until=at(10, 23, 59))
    assert [r["period"] for r in rows] == [f"2026-11-{d:02d}" for d in range(1, 11)]
    by_day = {r["period"][-2:]: only_counts(r) for r in rows}
    assert by_day == {
        "01": Z,
        "02": {**Z, "articles": 2, "versions": 2},  # 23:59 UTC is still the 2nd
        "03": {**Z, "articles": 1, "versions": 2, "edits": 1, "deletions": 1},
        "04": Z,
        "05": {**Z, "deletions": 1},
        "06": Z,  # a second 404 is not a second deletion
        "07": Z,
        "08": {**Z, "articles": 1, "versions": 1},
        "09": {**Z, "restorations": 1},
        "10": {**Z, "versions": 1, "edits": 1},
    }
    assert rows[0]["start"] == at(1, 0) and rows[0]["end"] == at(2, 0)


@both_backends
def test_since_counts_whole_days_and_is_read_in_utc(built):
    # 01:00 on the 3rd in Seoul is 16:00 UTC on the 2nd: the 2nd is counted whole.
    seoul = datetime(2026, 11, 3, 1, 0, tzinfo=timezone(timedelta(hours=9)))
    rows = counted(built, by="day", since=seoul, until=at(3, 23))
    assert [(r["period"], r["articles"]) for r in rows] == [("2026-11-02", 2), ("2026-11-03", 1)]


@both_backends
def test_per_iso_week_with_empty_weeks(built):
    rows = counted(built, by="week", since=at(20, month=10), until=at(10))
    assert [(r["period"], r["start"].date()) for r in rows] == [
        ("2026-W43", date(2026, 10, 19)),
        ("2026-W44", date(2026, 10, 26)),
        ("2026-W45", date(2026, 11, 2)),
        ("2026-W46", date(2026, 11, 9)),
    ]
    assert [only_counts(r) for r in rows] == [
        {**Z, "articles": 1, "versions": 1},
        Z,
        {**Z, "articles": 4, "versions": 5, "edits": 1, "deletions": 2},
        {**Z, "versions": 1, "edits": 1, "restorations": 1},
    ]


@both_backends
def test_without_since_the_rows_start_at_the_first_activity(built):
    rows = counted(built, by="week", until=at(10))
    assert rows[0]["period"] == "2026-W43" and rows[-1]["period"] == "2026-W46"
    assert sum(r["versions"] for r in rows) == 7
    assert counted(built, by="day", since=at(5), until=at(4)) == []


@both_backends
def test_iso_weeks_across_the_new_year(archive):
    with archive.write() as session:
        upsert_source(session, "kcna", name="KCNA")
    # 1 January 2027 is a Friday of ISO week 2026-W53; 4 January starts 2027-W01.
    for n, day in enumerate([1, 4]):
        moment = datetime(2027, 1, day, 12, tzinfo=UTC)
        fetch = Fetch(url=f"https://kcna.example/{n}", fetched_at=moment, status=200)
        with archive.write() as session:
            record_capture(session, "kcna", fetch, page(f"Report number {n}."))
    rows = counted(
        archive,
        by="week",
        since=datetime(2026, 12, 30, tzinfo=UTC),
        until=datetime(2027, 1, 5, tzinfo=UTC),
    )
    assert [(r["period"], r["articles"]) for r in rows] == [("2026-W53", 1), ("2027-W01", 1)]
    assert period_start(date(2027, 1, 3), "week") == date(2026, 12, 28)
    assert period_label(date(2026, 12, 28), "week") == "2026-W53"


def test_the_portable_path_counts_like_sql(built, monkeypatch):
    """Databases other than SQLite and PostgreSQL are bucketed in Python: same rows."""
    import archive.stats

    kw = {"since": at(20, month=10), "until": at(10, 23)}
    expected = {by: counted(built, by=by, **kw) for by in ("day", "week")}
    monkeypatch.setattr(archive.stats, "_sql_bucket", lambda *args: None)
    assert {by: counted(built, by=by, **kw) for by in ("day", "week")} == expected


# -- the command ---------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n"
WEEK_45 = ("--since", "2026-11-01", "--until", "2026-11-10")


def test_stats_command_table_per_source(built, db_url, nkmon):
    out = nkmon("stats", "--db", db_url).stdout
    cells = [[c.strip() for c in line.split("│")[1:-1]] for line in out.splitlines()]
    rows = {row[0]: row[1:] for row in cells if row}
    assert rows["kcna"] == ["down", "2", "3", "1", "2", "1"]
    assert rows["dailynk"] == ["ok", "3", "4", "1", "0", "0"]
    assert rows["quiet"] == ["ok", "0", "0", "0", "0", "0"]
    assert "Archive activity per source" in out


def test_stats_command_json_per_day(built, db_url, nkmon):
    proc = nkmon("stats", "--db", db_url, "--by", "day", *WEEK_45, "--format", "json")
    rows = json.loads(proc.stdout)
    # A bare --since date is the start of that day; --until's, the end of its day.
    assert [r["period"] for r in rows] == [f"2026-11-{d:02d}" for d in range(1, 11)]
    assert rows[1] == {
        "period": "2026-11-02",
        "start": "2026-11-02T00:00:00+00:00",
        "end": "2026-11-03T00:00:00+00:00",
        **Z,
        "articles": 2,
        "versions": 2,
    }
    assert sum(r["deletions"] for r in rows) == 2
    kcna = nkmon(
        "stats", "--db", db_url, "--by", "week", "--source", "kcna", *WEEK_45, "--format", "csv"
    ).stdout
    assert kcna.splitlines() == [
        "period,articles,versions,edits,deletions,restorations",
        "2026-W44,0,0,0,0,0",
        "2026-W45,2,3,1,2,0",
        "2026-W46,0,0,0,0,1",
    ]


@pytest.mark.parametrize("by", ["day", "week", "source"])
def test_stats_command_plots_a_png(built, db_url, nkmon, tmp_path, by):
    if not os.environ.get("CI"):
        pytest.importorskip("matplotlib")
    chart = tmp_path / f"by-{by}.png"
    proc = nkmon("stats", "--db", db_url, "--by", by, *WEEK_45, "--plot", str(chart))
    assert f"chart written to {chart}" in proc.stderr
    data = chart.read_bytes()
    assert data.startswith(PNG) and len(data) > 5_000


def test_stats_command_errors_are_one_line(built, db_url, nkmon, tmp_path):
    proc = nkmon("stats", "--db", db_url, "--source", "nope", check=False)
    assert (proc.returncode, proc.stderr.strip()) == (1, "Error: no source 'nope' in the archive")
    proc = nkmon("stats", "--db", db_url, "--plot", str(tmp_path / "chart.gif"), check=False)
    assert proc.returncode == 2 and ".png, .svg or .pdf" in proc.stderr
    # Without matplotlib (an optional extra), --plot says how to get it.
    chart = tmp_path / "chart.png"
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.modules['matplotlib'] = None; "
            "from nkmon.cli import main; main(sys.argv[1:])",
            "stats",
            "--db",
            db_url,
            "--plot",
            str(chart),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == "Error: --plot needs matplotlib, which is not installed: " + (
        "pip install 'nkmon[plot]'"
    )
    assert not chart.exists()


# -- Datasette -----------------------------------------------------------------


def test_datasette_metadata_command_names_the_database(nkmon, tmp_path):
    meta = json.loads(nkmon("datasette-metadata", "--db", f"sqlite:///{tmp_path}/nk.db").stdout)
    assert meta["title"] == "nkmon archive"
    versions = meta["databases"]["nk"]["tables"]["versions"]
    assert (versions["fts_table"], versions["fts_pk"]) == ("search_fts", "id")
    assert "nkmon" in json.loads(nkmon("datasette-metadata").stdout)["databases"]
    proc = nkmon("datasette-metadata", "--db", "postgresql://h/nk", check=False)
    assert proc.returncode == 1 and "Datasette reads SQLite files" in proc.stderr


@pytest.mark.sqlite_only
def test_datasette_search_box_finds_versions_and_articles(built, db_url, nkmon, tmp_path):
    if not os.environ.get("CI"):
        pytest.importorskip("datasette")
    import asyncio
    import inspect

    from datasette.app import Datasette

    path = db_url.removeprefix("sqlite:///")
    metadata = json.loads(nkmon("datasette-metadata", "--db", db_url).stdout)
    # Datasette 1.0 reads table settings and canned queries from its config.
    takes_config = "config" in inspect.signature(Datasette).parameters
    ds = Datasette([path], metadata=metadata, **({"config": metadata} if takes_config else {}))

    async def get(url: str):
        response = await ds.client.get(url)
        assert response.status_code == 200, (url, response.text[:500])
        return response.json() if ".json" in url else response.text

    async def titles(table: str, query: str, *extra: str) -> list[str]:
        params = "&".join([f"_search={query}", "_shape=array", *extra])
        return sorted(
            r["title"] if table == "versions" else r["canonical_url"]
            for r in await get(f"/archive/{table}.json?{params}")
        )

    async def check() -> None:
        await ds.invoke_startup()
        assert 'name="_search"' in await get("/archive/versions")  # the search box
        assert await titles("versions", "rice") == ["Rice harvest", "Rice harvest"]
        # versions: every version, so text later edited away is found ...
        assert await titles("versions", "third") == ["Border trade"]
        # ... articles: their latest version only, like nkmon search.
        assert await titles("articles", "third") == []
        assert await titles("articles", "Sinuiju") == ["https://dailynk.example/port"]
        # Korean: two-character words work as typed; longer ones as bigram phrases.
        assert await titles("versions", "북한") == ["벼 수확"]
        assert await titles("versions", "북한의") == []
        assert await titles("versions", '"북한 한의"', "_searchmode=raw") == ["벼 수확"]
        tables = {t["name"]: t for t in (await get("/archive.json"))["tables"]}
        assert all(tables[t]["hidden"] for t in ("alembic_version", "blobs", "search_fts"))
        assert not tables["versions"]["hidden"]
        labelled = await get("/archive/versions.json?_shape=array&_labels=on&_size=1")
        assert labelled[0]["article_id"]["label"].startswith("https://")
        found = await get("/archive/search_latest.json?q=Sinuiju&_shape=array")
        assert [r["title"] for r in found] == ["Border trade"]
        deleted = await get("/archive/deleted_articles.json?_shape=array")
        assert [r["canonical_url"] for r in deleted] == ["https://kcna.example/coal"]
        changes = await get("/archive/recent_changes.json?_shape=array")
        assert len(changes) == 5  # 2 edits, 2 deletions, 1 restoration

    asyncio.run(check())
