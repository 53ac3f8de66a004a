"""kill -9 mid-write and a full disk: the archive stays whole, and the next run
picks up where the last one stopped (issue 8, catalogue entries 29 and 31).

Real ``nkmon crawl`` processes crawl a generated replica outlet that publishes
new articles between runs, so every run has versions to write. Each run is
SIGKILLed at a moment drawn from a seeded RNG: at a random time, or the moment
some process is seen inside a write transaction (a store batch; the batch size
is drawn too). The whole process tree dies at once, or only the crawl process
and its extraction workers (the CLI above it must then say so in one line).
After every kill ``archive.integrity.check`` must pass, every version must
have its capture, and nothing committed before may be gone; at the end one
complete crawl must archive each article exactly once, with one version.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import time
from contextlib import suppress

import pytest
from _busy import (
    FAST,
    GeneratedOutlet,
    alive,
    children,
    descendants,
    dispose_engines,
    kill_tree,
    sources_file,
    spawn_nkmon,
    wait_until,
    writer_active,
)
from sqlalchemy import text

from archive import open_archive
from archive.integrity import check

KILLS = 5
SEED = 8
FIRST_ARTICLES = 24
PER_ROUND = 6


def _archived(db_url: str) -> dict[str, int]:
    """URL -> number of versions, for every article that has one."""
    archive = open_archive(db_url, migrate=False)
    try:
        with archive.read() as session:
            rows = session.execute(
                text(
                    "SELECT a.canonical_url, COUNT(v.id) FROM articles a"
                    " JOIN versions v ON v.article_id = a.id GROUP BY a.canonical_url"
                )
            ).all()
        return {url: n for url, n in rows}
    finally:
        archive.close()


def _assert_consistent(db_url: str) -> None:
    archive = open_archive(db_url, migrate=False)
    try:
        report = check(archive)
        assert report.ok, "\n".join(map(str, report))
        with archive.read() as session:
            lacking = session.execute(
                text(
                    "SELECT COUNT(*) FROM versions v WHERE NOT EXISTS (SELECT 1 FROM captures c"
                    " WHERE c.version_id = v.id AND c.outcome = 'new_version')"
                )
            ).scalar_one()
        assert lacking == 0
    finally:
        archive.close()


@pytest.mark.both_backends
def test_kill_9_at_random_points_leaves_the_archive_consistent(
    serve, tmp_path, db_url, archive, nkmon, record_property
):
    rng = random.Random(SEED)
    site = GeneratedOutlet(SEED, FIRST_ARTICLES, delay=0.02)
    server = serve(site)
    sources = sources_file(tmp_path / "sources.toml", server)
    before: dict[str, int] = {}
    consistent = mid_write = 0
    log = []
    try:
        for round_ in range(KILLS):
            batch = rng.choice([1, 4, 32])
            # Mostly while pages are being stored; now and then during start-up.
            when = rng.choice(["start-up", "storing", "in a write", "in a write"])
            whole_tree = rng.random() < 0.6
            stderr = tmp_path / f"crawl-{round_}.err"
            with stderr.open("w") as err_file:
                proc = spawn_nkmon(
                    tmp_path,
                    "crawl",
                    "--sources",
                    str(sources),
                    "--db",
                    db_url,
                    *FAST,
                    "-s",
                    f"NKMON_STORE_BATCH={batch}",
                    "--format",
                    "json",
                    stdout=subprocess.DEVNULL,
                    stderr=err_file,
                )
            started = time.monotonic()
            if when == "start-up":
                time.sleep(rng.uniform(0.2, 3.0))
            else:  # once the first page is stored (reported only after its commit)
                stored = lambda path=stderr: "outcome=" in path.read_text()  # noqa: E731
                assert wait_until(stored, 60, step=0.02)
                time.sleep(rng.uniform(0.0, 1.0))
            writing = when == "in a write" and wait_until(lambda: writer_active(db_url), 15)
            assert proc.poll() is None, "the crawl finished before it could be killed"
            if whole_tree:
                killed = kill_tree(proc.pid)
            else:  # the crawl process and its extraction workers; the CLI survives
                assert wait_until(lambda pid=proc.pid: _crawl_process(pid), 30)
                killed = kill_tree(_crawl_process(proc.pid))
            mid_write += writing
            proc.wait(timeout=60)
            assert wait_until(lambda pids=killed: not alive(pids), 10), "a process survived"
            err = stderr.read_text()
            if whole_tree:
                assert proc.returncode == -9
            else:
                assert proc.returncode == 1, err
                assert not alive(descendants(proc.pid))
                last = err.strip().splitlines()[-1]
                assert last.startswith("Error: crawl process died"), err
                assert "Traceback" not in err
            _assert_consistent(db_url)
            now = _archived(db_url)
            assert set(before) <= set(now), "a committed version disappeared"
            assert all(n == 1 for n in now.values())
            log.append(
                f"kill {round_ + 1}: {'tree' if whole_tree else 'crawl process'} at"
                f" {time.monotonic() - started:.1f} s ({when}, batch {batch},"
                f" {'a write open' if writing else 'no write seen'}):"
                f" {len(now) - len(before)} more articles archived, {len(now)} in all"
            )
            before = now
            consistent += 1
            site.publish(PER_ROUND)
    finally:
        dispose_engines()

    # The next run picks up where the last stopped: what was archived is only
    # checked (304), what was not is fetched and archived, once.
    proc = nkmon(
        "crawl", "--sources", str(sources), "--db", db_url, *FAST, "--format", "json", timeout=240
    )
    (report,) = json.loads(proc.stdout)
    total = len(site.articles)
    assert report["discovered"] == total
    assert report["new_version"] == total - len(before), report
    assert report["not_modified"] + report["unchanged"] == len(before), report
    final = _archived(db_url)
    assert len(final) == total and all(n == 1 for n in final.values())
    with archive.read() as session:
        assert session.execute(text("SELECT COUNT(*) FROM articles")).scalar_one() == total
        assert session.execute(text("SELECT COUNT(*) FROM versions")).scalar_one() == total
    assert nkmon("db", "check", "--db", db_url).returncode == 0

    figure = f"{consistent}/{KILLS} kill -9 runs consistent ({mid_write} with a write open)"
    record_property("kill9", figure)
    print("\n".join([*log, figure]))
    assert consistent == KILLS


def _crawl_process(cli: int) -> int | None:
    found = [p for p in children(cli) if _is_crawl_process(p)]
    return found[0] if found else None


def _is_crawl_process(pid: int) -> bool:
    """The child ``crawler.runner.crawl`` spawned (multiprocessing's spawn main)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmdline = f.read().split(b"\0")
    except OSError:
        return False
    return any(b"multiprocessing.spawn" in part for part in cmdline) and not any(
        b"resource_tracker" in part for part in cmdline
    )


@pytest.fixture
def tiny_disk(tmp_path):
    """A 4 MiB tmpfs of its own (needs root, as in CI's container); skipped elsewhere."""
    mount = tmp_path / "disk"
    mount.mkdir()
    try:
        proc = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
            capture_output=True,
            text=True,
        )
    except FileNotFoundError:
        pytest.skip("no mount command to make a small filesystem")
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs (needs root): {proc.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk, leave: int) -> None:
    """Fill the disk, then give back ``leave`` bytes."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        with suppress(OSError):
            while True:
                os.write(fd, b"\1" * 65536)
        with suppress(OSError):
            while True:
                os.write(fd, b"\1" * 512)
        os.ftruncate(fd, max(0, os.fstat(fd).st_size - leave))
    finally:
        os.close(fd)


def _versions(db_url: str) -> dict[int, str]:
    archive = open_archive(db_url, migrate=False)
    try:
        with archive.read() as session:
            return dict(session.execute(text("SELECT id, content_hash FROM versions")).all())
    finally:
        archive.close()


def test_a_full_disk_is_one_clear_error_and_damages_nothing(serve, tmp_path, tiny_disk, nkmon):
    db_url = f"sqlite:///{tiny_disk / 'archive.db'}"
    site = GeneratedOutlet(SEED, 10)
    sources = sources_file(tmp_path / "sources.toml", serve(site))

    def crawl(*extra: str, check: bool = True):  # type: ignore[no-untyped-def]
        return nkmon("crawl", "--sources", str(sources), "--db", db_url, *FAST, *extra, check=check)

    crawl()
    earlier = _versions(db_url)
    assert len(earlier) == 10

    def assert_one_clear_error(proc, prefix: str) -> None:  # type: ignore[no-untyped-def]
        assert proc.returncode == 1
        assert "Traceback" not in proc.stderr
        errors = [line for line in proc.stderr.splitlines() if line.lower().startswith(prefix)]
        assert len(errors) == 1, proc.stderr
        assert str(tiny_disk / "archive.db") in errors[0], errors[0]
        assert "the disk is full" in errors[0] and f"free in {tiny_disk}" in errors[0], errors[0]

    # The disk fills up while pages are being stored: a few batches get in, then
    # the crawl stops with one error naming the database and the full disk.
    site.publish(30)
    _fill(tiny_disk, leave=160 * 1024)
    proc = crawl("-s", "NKMON_STORE_BATCH=2", check=False)
    assert_one_clear_error(proc, "error: source gen: archive cannot be written: ")
    assert "database or disk is full" in proc.stderr

    # No room at all: the archive cannot even be opened for writing.
    _fill(tiny_disk, leave=0)
    proc = crawl(check=False)
    assert_one_clear_error(proc, "error: ")

    # Space freed: nothing was damaged or lost, and the next run catches up.
    (tiny_disk / "filler").unlink()
    _assert_consistent(db_url)
    now = _versions(db_url)
    assert {k: now[k] for k in earlier} == earlier
    crawl()
    _assert_consistent(db_url)
    final = _archived(db_url)
    assert len(final) == len(site.articles) == 40 and set(final.values()) == {1}
