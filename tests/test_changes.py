"""Change tracking end to end: a replica outlet that churns, edits, deletes,
flip-flops, unlists and goes down, crawled and revisited by the real nkmon."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from archive import open_archive
from archive.models import Event, Source, Version, VersionExtraction
from nkmon.replica.churn import churn_outlet
from nkmon.replica.churn_texts import PURGED_NAME
from nkmon.replica.hostile import NAIVE_KST, SHORT_JA, HostileSite

REVISIT = ("revisit", "--all")


def versions(db_url: str, url: str) -> list[Version]:
    archive = open_archive(db_url)
    try:
        with archive.read() as session:
            from archive import history

            return history(session, url).versions
    finally:
        archive.close()


def events(db_url: str) -> list[tuple[str, int]]:
    archive = open_archive(db_url)
    try:
        with archive.read() as session:
            return [(e.kind.value, e.article_id) for e in session.scalars(select(Event))]
    finally:
        archive.close()


@pytest.fixture
def site():
    return churn_outlet(seed=7)


def test_boilerplate_that_changes_on_every_request_makes_no_version(serve, crawl_site, site):
    server = serve(site)
    first = crawl_site(server, "churn")
    second = crawl_site(server, "churn")
    third = crawl_site(server, "churn", command=REVISIT)
    assert first["new_version"] == len(site.articles)
    assert second["new_version"] == third["new_version"] == 0
    assert second["unchanged"] == third["unchanged"] == len(site.articles)


@pytest.mark.parametrize(
    "slug",
    [
        "greenhouse-farm-opens-near-pyongyang",  # the title
        "cabinet-meeting-orders-coal-drive",  # a name removed from the text
        "sinuiju-trucks-queue-at-border-bridge",  # the byline
    ],
)
def test_any_real_edit_makes_a_version(serve, crawl_site, site, db_url, slug):
    server = serve(site)
    crawl_site(server, "churn")
    site.revise(slug)
    report = crawl_site(server, "churn", command=REVISIT)
    assert report["new_version"] == 1
    assert [v.seq for v in versions(db_url, server.url_for(slug))] == [1, 2]


def test_a_vanished_name_is_found_by_changes_term_and_diff(serve, crawl_site, site, db_url, nkmon):
    server = serve(site)
    crawl_site(server, "churn")
    slug = "cabinet-meeting-orders-coal-drive"
    site.revise(slug)
    crawl_site(server, "churn", command=REVISIT)
    name = PURGED_NAME.removeprefix("Vice-Premier ")
    rows = json.loads(nkmon("changes", "--term", name, "--db", db_url, "--format", "json").stdout)
    assert [r["url"] for r in rows] == [server.url_for(slug)]
    assert rows[0]["kind"] == "edited"
    assert rows[0]["version"].endswith("/v2")
    assert any(name in term for term in rows[0]["terms_removed"])
    data = json.loads(
        nkmon("diff", server.url_for(slug), "--db", db_url, "--format", "json").stdout
    )
    assert any(name in term for term in data["summary"]["terms_removed"])
    assert [d["citation"].rsplit("/", 1)[1] for d in (data["old"], data["new"])] == ["v1", "v2"]
    html = nkmon("diff", server.url_for(slug), "1", "2", "--db", db_url, "--format", "html").stdout
    assert html.startswith("<!DOCTYPE html>") or "<html" in html[:200]
    assert "<del" in html
    terminal = nkmon("diff", server.url_for(slug), "--db", db_url).stdout
    assert "terms removed" in terminal
    nobody = json.loads(
        nkmon("changes", "--term", "Nobody Atall", "--db", db_url, "--format", "json").stdout
    )
    assert nobody == []


@pytest.mark.parametrize(
    "how", ["404", "410", "soft404", "null", "redirect_home", "redirect_section"]
)
def test_deletions_are_recorded_with_evidence_and_restorations_too(
    serve, crawl_site, site, db_url, nkmon, how
):
    server = serve(site)
    crawl_site(server, "churn")
    slug = site.articles[0].slug
    site.delete(slug, how=how)
    report = crawl_site(server, "churn", command=REVISIT)
    assert report["gone"] == 1
    assert report["new_version"] == 0
    rows = json.loads(
        nkmon("changes", "--kind", "deleted", "--db", db_url, "--format", "json").stdout
    )
    (row,) = rows
    assert row["url"] == server.url_for(slug)
    assert row["evidence"]["capture_id"] and row["evidence"]["reason"]
    assert len(versions(db_url, server.url_for(slug))) == 1
    site.restore(slug)
    crawl_site(server, "churn", command=REVISIT)
    kinds = [k for k, _ in events(db_url)]
    assert kinds == ["deleted", "restored"]


def test_a_source_that_is_down_is_marked_so_and_nothing_is_deleted(serve, crawl_site, site, db_url):
    server = serve(site)
    crawl_site(server, "churn")
    site.down = True
    report = crawl_site(server, "churn", "-s", "RETRY_TIMES=0", command=REVISIT, check=False)
    assert report["status"] == "failed"
    assert report["gone"] == 0
    assert events(db_url) == []
    archive = open_archive(db_url)
    with archive.read() as session:
        source = session.get(Source, "churn")
        assert source.status.value == "down"
        assert "503" in source.status_detail
    archive.close()
    site.down = False
    crawl_site(server, "churn", command=REVISIT)
    archive = open_archive(db_url)
    with archive.read() as session:
        assert session.get(Source, "churn").status.value == "ok"
    archive.close()


def test_dropping_out_of_the_sitemap_is_an_unlisted_event(serve, crawl_site, site, db_url):
    server = serve(site)
    crawl_site(server, "churn", discovery="fallback", feeds=[])
    slug = site.articles[1].slug
    site.unlist(slug)
    crawl_site(server, "churn", discovery="fallback", feeds=[])
    crawl_site(server, "churn", discovery="fallback", feeds=[])  # reported once
    (event,) = events(db_url)
    assert event[0] == "unlisted"
    assert len(versions(db_url, server.url_for(slug))) == 1


def test_a_flip_flopping_page_is_recognised(serve, crawl_site, site, db_url, nkmon):
    server = serve(site)
    slug = "greenhouse-farm-opens-near-pyongyang"
    crawl_site(server, "churn")
    site.flipflop(slug)
    for _ in range(4):
        crawl_site(server, "churn", command=REVISIT)
    assert len(versions(db_url, server.url_for(slug))) == 2
    kinds = sorted(k for k, _ in events(db_url))
    assert kinds == ["edited", "flipflop"]


def test_show_as_of_a_date_and_by_number(serve, crawl_site, site, db_url, nkmon):
    from datetime import UTC, datetime

    server = serve(site)
    slug = "greenhouse-farm-opens-near-pyongyang"
    crawl_site(server, "churn")
    between = datetime.now(UTC).isoformat()
    site.revise(slug)
    crawl_site(server, "churn", command=REVISIT)
    url = server.url_for(slug)
    old = json.loads(
        nkmon("show", url, "--as-of", between, "--db", db_url, "--format", "json").stdout
    )
    new = json.loads(nkmon("show", url, "--db", db_url, "--format", "json").stdout)
    first = json.loads(
        nkmon("show", url, "--version", "1", "--db", db_url, "--format", "json").stdout
    )
    assert old["version"] == first["version"] == 1 and new["version"] == 2
    assert old["title"] == site.get(slug).revisions[0].title
    assert new["title"] == site.get(slug).revisions[1].title
    assert old["citation"] == f"churn/{old['citation'].split('/')[1]}/v1"
    early = nkmon("show", url, "--as-of", "2000-01-01", "--db", db_url, check=False)
    assert early.returncode == 1 and "not archived yet" in early.stderr


def test_reextract_after_an_extractor_change_makes_no_false_version(
    serve, crawl_site, site, db_url, nkmon
):
    server = serve(site)
    crawl_site(server, "churn")
    # As if an older extractor had let page furniture into every version.
    archive = open_archive(db_url)
    with archive.write() as session:
        for version in session.scalars(select(Version)):
            version.text += "\nShare this story: Facebook Twitter Email"
    archive.close()
    out = nkmon("reextract", "--db", db_url).stdout
    assert f"{len(site.articles)} versions checked, {len(site.articles)} updated, 0 failed" in out
    again = crawl_site(server, "churn", command=REVISIT)
    assert again["new_version"] == 0  # without reextract every article would look edited
    archive = open_archive(db_url)
    with archive.read() as session:
        kept = session.scalars(select(VersionExtraction)).all()
        assert len(kept) == len(site.articles)
        assert all(k.text.endswith("Share this story: Facebook Twitter Email") for k in kept)
        assert len(session.scalars(select(Version)).all()) == len(site.articles)
    archive.close()
    assert "0 updated" in nkmon("reextract", "--db", db_url).stdout


@pytest.fixture
def seoul(serve):
    """A Seoul outlet: a time without an offset, a Shift_JIS page that declares no charset."""
    return serve(HostileSite(["date-naive-kst", "short-ja-sjis"], good=1))


def test_reextract_reads_a_capture_as_the_crawl_did(seoul, crawl_site, tmp_path, db_url, nkmon):
    """Dates without an offset in the registry's zone, the guessed-charset flag kept
    (and given to a version crawled before it existed); the dates are never
    changed, and a version whose page reads with other dates is named."""
    crawled = crawl_site(seoul, "seoul", timezone="Asia/Seoul")["new_version"]
    dated, guessed = seoul.url_for("date-naive-kst"), seoul.url_for("short-ja-sjis")
    archive = open_archive(db_url)
    with archive.write() as session:
        for version in session.scalars(select(Version)):
            version.text += "\nShare this story: Facebook Twitter Email"
        # As if crawled before the flag was recorded.
        (old,) = [v for v in session.scalars(select(Version)) if v.extras.get("encoding_guessed")]
        old.extras = {k: v for k, v in old.extras.items() if not k.startswith("encoding")}
    archive.close()

    registry = ("--sources", str(tmp_path / "seoul.toml"))  # crawl_site's registry
    proc = nkmon("reextract", *registry, "--db", db_url)
    assert f"{crawled} versions checked, {crawled} updated, 0 failed\n" == proc.stdout
    assert "warning" not in proc.stderr
    (version,) = versions(db_url, dated)
    assert version.published_at == datetime(2024, 5, 3, 1, 0, tzinfo=UTC)  # 10:00 KST
    assert version.extras["date_text"] == NAIVE_KST
    assert version.extras["date_zone"] == "Asia/Seoul"
    (version,) = versions(db_url, guessed)
    assert SHORT_JA in version.text and not version.text.endswith("Email")
    assert version.extras["encoding_guessed"] is True
    assert version.extras["encoding"] == "cp932"
    assert crawl_site(seoul, "seoul", command=REVISIT, timezone="Asia/Seoul")["new_version"] == 0

    # The bundled registry has no such source: its pages are read in UTC, and the
    # 01:00 UTC the crawl stored (with how it read it) stays.
    proc = nkmon("reextract", "--db", db_url)
    assert f"{crawled} versions checked, 0 updated, 0 failed, 1 with other dates" in proc.stdout
    assert (
        "the page now reads published 2024-05-03T10:00Z, modified none; "
        "kept as stored: published 2024-05-03T01:00Z, modified none"
    ) in proc.stderr
    (version,) = versions(db_url, dated)
    assert version.published_at == datetime(2024, 5, 3, 1, 0, tzinfo=UTC)
    assert version.extras["date_zone"] == "Asia/Seoul"
    (version,) = versions(db_url, guessed)
    assert version.extras["encoding_guessed"] is True
