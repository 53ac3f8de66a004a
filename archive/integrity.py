"""Is the archive whole? The checks behind ``nkmon db check``.

``check(archive)`` reads the whole archive and returns an ``IntegrityReport``:
the problems it found (none, for a sound archive) and what it counted. It
changes nothing. The checks, each named as a ``Problem.check``:

- ``database``: SQLite's ``PRAGMA integrity_check`` (``quick_check`` with
  ``quick``) and ``PRAGMA foreign_key_check``; PostgreSQL keeps both itself;
- ``fulltext-index``: FTS5's own ``integrity-check`` of ``search_fts``
  (SQLite; skipped with ``quick``: it holds the write lock while it runs);
- ``version-capture``: every version was made by exactly one capture (outcome
  ``new_version``, ``Capture.version_id``) of its own article;
- ``capture``: no capture names a version, blob or article that does not exist,
  and no ``new_version`` capture lacks its version;
- ``version-seq``: each article's versions are numbered 1..n without a gap;
  none has empty text;
- ``latest``: ``articles.latest_version_id`` is the article's highest-numbered
  version; a live article has one;
- ``fulltext``: every version is in the full-text index (``search_fts`` rows or
  ``search_pg``), and the index holds nothing else;
- ``blob``: every stored body decompresses (zstd, zstd-dict or zstd-delta) to
  its size and SHA-256 (``blob_sample`` decodes that many, at random), and
  every body belongs to a capture;
- ``dedup``: each duplicate-clustering signature names its article's latest
  version.

A crash (SIGKILL, power loss under WAL with ``synchronous=NORMAL``) must never
make any of them fail: every capture is written with its blob, version, index
row and signature in one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from .blobs import load_blob
from .db import Archive, database_error

__all__ = ["CHECKS", "IntegrityReport", "Problem", "check"]

CHECKS = (
    "database",
    "fulltext-index",
    "version-capture",
    "capture",
    "version-seq",
    "latest",
    "fulltext",
    "blob",
    "dedup",
)
MAX_PER_CHECK = 100  # problems listed per check; a count says how many more
_BLOB_PAGE = 500
_SQLITE_READONLY, _SQLITE_CORRUPT = 8, 11  # result codes (low byte of extended ones)


@dataclass(frozen=True)
class Problem:
    """One thing wrong: which check found it, and what, in one line."""

    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class IntegrityReport:
    """What ``check`` found; iterates as its problems."""

    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # what was looked at

    @property
    def ok(self) -> bool:
        return not self.problems

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)


def check(
    archive: Archive, *, quick: bool = False, blob_sample: int | None = None
) -> IntegrityReport:
    """Check the archive; see the module docstring for what. Read-only.

    ``quick`` skips the slow structural checks (SQLite's full page check and
    the FTS5 index check); ``blob_sample`` decodes that many stored bodies
    chosen at random instead of all of them.
    """
    report = IntegrityReport()
    try:
        if archive.dialect == "sqlite":
            _sqlite_structure(archive, report, quick=quick)
        with _snapshot(archive) as session:
            _Checks(session, archive.dialect, report).run(blob_sample)
    except SQLAlchemyError as exc:
        raise database_error(archive.url, exc) from exc
    return report


@contextmanager
def _snapshot(archive: Archive) -> Iterator[Session]:
    """One read transaction that sees one state of the archive throughout
    (SQLite: a WAL read snapshot; PostgreSQL: REPEATABLE READ, read-only)."""
    engine = archive.engine
    if archive.dialect == "postgresql":
        engine = engine.execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )
    with Session(engine) as session, session.begin():
        yield session


def _sqlite_structure(archive: Archive, report: IntegrityReport, *, quick: bool) -> None:
    with archive.engine.connect() as conn:
        pragma = "quick_check" if quick else "integrity_check"
        rows = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}")]
        if rows != ["ok"]:
            for row in rows[:MAX_PER_CHECK]:
                report.problems.append(Problem("database", f"{pragma}: {row}"))
        for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check"):
            report.problems.append(
                Problem("database", f"{table} row {rowid} refers to a missing {parent} row")
            )
    if quick:
        return
    # FTS5 checks its index against its stored text. The command is an INSERT,
    # so it needs (and waits its turn for) the write lock; it writes nothing.
    try:
        with archive.write_engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")
    except SQLAlchemyError as exc:
        code = getattr(getattr(exc, "orig", None), "sqlite_errorcode", 0) & 0xFF
        if code == _SQLITE_READONLY:
            return  # a read-only file: the other checks still cover the index's rows
        if code != _SQLITE_CORRUPT:
            raise  # could not check (say, the lock not had in time): not a finding
        message = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        report.problems.append(
            Problem("fulltext-index", f"search_fts: {message[0] if message else exc}")
        )


class _Checks:
    def __init__(self, session: Session, dialect: str, report: IntegrityReport) -> None:
        self.session = session
        self.dialect = dialect
        self.report = report

    def run(self, blob_sample: int | None) -> None:
        for name in ("versions", "captures", "articles", "blobs"):
            self.report.counts[name] = self.scalar(f"SELECT COUNT(*) FROM {name}")
        self.version_capture()
        self.capture_refs()
        self.version_seq()
        self.latest()
        self.fulltext()
        self.blobs(blob_sample)
        self.dedup()

    # -- helpers -------------------------------------------------------------

    def scalar(self, sql: str, **params: Any) -> int:
        return int(self.session.execute(text(sql), params).scalar() or 0)

    def find(self, check: str, sql: str, describe: Callable[..., str], **params: Any) -> None:
        """Add a problem for each row ``sql`` returns (at most MAX_PER_CHECK, and
        a line saying how many more)."""
        rows = self.session.execute(text(f"{sql} LIMIT {MAX_PER_CHECK + 1}"), params).all()
        for row in rows[:MAX_PER_CHECK]:
            self.report.problems.append(Problem(check, describe(*row)))
        if len(rows) > MAX_PER_CHECK:
            total = self.scalar(f"SELECT COUNT(*) FROM ({sql}) AS found", **params)
            self.report.problems.append(
                Problem(check, f"... and {total - MAX_PER_CHECK} more like these")
            )

    # -- the checks ----------------------------------------------------------

    def version_capture(self) -> None:
        self.find(
            "version-capture",
            "SELECT v.id, v.article_id, v.seq, COUNT(c.id) FROM versions v"
            " LEFT JOIN captures c ON c.version_id = v.id AND c.outcome = 'new_version'"
            " GROUP BY v.id, v.article_id, v.seq HAVING COUNT(c.id) <> 1 ORDER BY v.id",
            lambda vid, aid, seq, n: (
                f"version {vid} (article {aid} v{seq}) was made by {n} captures, not 1"
            ),
        )
        self.find(
            "version-capture",
            "SELECT c.id, c.article_id, v.id, v.article_id FROM captures c"
            " JOIN versions v ON v.id = c.version_id"
            " WHERE c.article_id <> v.article_id ORDER BY c.id",
            lambda cid, aid, vid, vaid: (
                f"capture {cid} of article {aid} names version {vid} of article {vaid}"
            ),
        )

    def capture_refs(self) -> None:
        self.find(
            "capture",
            "SELECT c.id, c.version_id FROM captures c"
            " LEFT JOIN versions v ON v.id = c.version_id"
            " WHERE c.version_id IS NOT NULL AND v.id IS NULL ORDER BY c.id",
            lambda cid, vid: f"capture {cid} names version {vid}, which does not exist",
        )
        self.find(
            "capture",
            "SELECT c.id FROM captures c"
            " WHERE c.outcome = 'new_version' AND c.version_id IS NULL ORDER BY c.id",
            lambda cid: f"capture {cid} made a new version but names none",
        )
        self.find(
            "capture",
            "SELECT c.id, c.body_sha256 FROM captures c"
            " LEFT JOIN blobs b ON b.sha256 = c.body_sha256"
            " WHERE c.body_sha256 IS NOT NULL AND b.sha256 IS NULL ORDER BY c.id",
            lambda cid, sha: f"capture {cid} names body {sha}, which is not stored",
        )
        self.find(
            "capture",
            "SELECT c.id, c.article_id FROM captures c"
            " LEFT JOIN articles a ON a.id = c.article_id WHERE a.id IS NULL ORDER BY c.id",
            lambda cid, aid: f"capture {cid} belongs to article {aid}, which does not exist",
        )

    def version_seq(self) -> None:
        self.find(
            "version-seq",
            "SELECT article_id, COUNT(*), MIN(seq), MAX(seq) FROM versions"
            " GROUP BY article_id HAVING MIN(seq) <> 1 OR MAX(seq) <> COUNT(*)"
            " ORDER BY article_id",
            lambda aid, n, lo, hi: (
                f"article {aid} has {n} version{'s' * (n != 1)} numbered {lo}..{hi}, not 1..{n}"
            ),
        )
        self.find(
            "version-seq",
            "SELECT id, article_id, seq FROM versions WHERE TRIM(text) = '' ORDER BY id",
            lambda vid, aid, seq: f"version {vid} (article {aid} v{seq}) has no text",
        )

    def latest(self) -> None:
        self.find(
            "latest",
            "SELECT a.id, a.latest_version_id, top.id FROM articles a"
            " LEFT JOIN (SELECT v.article_id, v.id FROM versions v JOIN"
            "  (SELECT article_id, MAX(seq) AS seq FROM versions GROUP BY article_id) m"
            "  ON m.article_id = v.article_id AND m.seq = v.seq) top ON top.article_id = a.id"
            " WHERE COALESCE(a.latest_version_id, 0) <> COALESCE(top.id, 0) ORDER BY a.id",
            lambda aid, latest, top: (
                f"article {aid} names {_version(latest)} as its latest,"
                f" but its newest is {_version(top)}"
            ),
        )
        self.find(
            "latest",
            "SELECT id FROM articles WHERE status = 'live' AND latest_version_id IS NULL"
            " ORDER BY id",
            lambda aid: f"article {aid} is live but names no latest version",
        )

    def fulltext(self) -> None:
        if self.dialect == "sqlite":
            index, key = "search_fts", "rowid"
        elif self.dialect == "postgresql":
            index, key = "search_pg", "version_id"
        else:
            return  # searched by scanning the versions: nothing to be out of step
        self.find(
            "fulltext",
            f"SELECT v.id, v.article_id, v.seq FROM versions v WHERE NOT EXISTS"
            f" (SELECT 1 FROM {index} f WHERE f.{key} = v.id) ORDER BY v.id",
            lambda vid, aid, seq: (
                f"version {vid} (article {aid} v{seq}) is not in the full-text index"
            ),
        )
        self.find(
            "fulltext",
            f"SELECT f.{key} FROM {index} f WHERE NOT EXISTS"
            f" (SELECT 1 FROM versions v WHERE v.id = f.{key}) ORDER BY f.{key}",
            lambda vid: f"the full-text index holds version {vid}, which does not exist",
        )

    def blobs(self, sample: int | None) -> None:
        self.find(
            "blob",
            "SELECT b.sha256 FROM blobs b WHERE NOT EXISTS"
            " (SELECT 1 FROM captures c WHERE c.body_sha256 = b.sha256) ORDER BY b.sha256",
            lambda sha: f"body {sha} belongs to no capture",
        )
        decoded = 0
        listed = 0
        for sha, size in self._blob_keys(sample):
            decoded += 1
            try:
                body = load_blob(self.session, sha)
            except SQLAlchemyError:
                raise
            except Exception as exc:  # zstd errors, a missing base or dictionary
                problem = f"body {sha} does not decompress: {type(exc).__name__}: {exc}"
            else:
                if body is None:
                    continue  # deleted meanwhile; cannot happen in one snapshot
                if len(body) != size:
                    problem = f"body {sha} decompresses to {len(body)} bytes, not {size}"
                elif hashlib.sha256(body).hexdigest() != sha:
                    problem = f"body {sha} decompresses to other bytes (SHA-256 differs)"
                else:
                    continue
            listed += 1
            if listed <= MAX_PER_CHECK:
                self.report.problems.append(Problem("blob", problem))
        if listed > MAX_PER_CHECK:
            more = listed - MAX_PER_CHECK
            self.report.problems.append(Problem("blob", f"... and {more} more like these"))
        self.report.counts["blobs decoded"] = decoded

    def _blob_keys(self, sample: int | None) -> Iterator[tuple[str, int]]:
        if sample is not None:
            rows = self.session.execute(
                text("SELECT sha256, size FROM blobs ORDER BY RANDOM() LIMIT :n"), {"n": sample}
            ).all()
            yield from ((r[0], r[1]) for r in rows)
            return
        last = ""
        while True:  # keyset pages: the list of keys never has to fit in memory
            rows = self.session.execute(
                text(
                    "SELECT sha256, size FROM blobs WHERE sha256 > :last"
                    f" ORDER BY sha256 LIMIT {_BLOB_PAGE}"
                ),
                {"last": last},
            ).all()
            yield from ((r[0], r[1]) for r in rows)
            if len(rows) < _BLOB_PAGE:
                return
            last = rows[-1][0]

    def dedup(self) -> None:
        self.find(
            "dedup",
            "SELECT d.article_id, d.version_id, v.article_id, a.latest_version_id"
            " FROM dedup_signatures d"
            " LEFT JOIN versions v ON v.id = d.version_id"
            " LEFT JOIN articles a ON a.id = d.article_id"
            " WHERE v.id IS NULL OR v.article_id <> d.article_id"
            " OR a.id IS NULL OR COALESCE(a.latest_version_id, 0) <> d.version_id"
            " ORDER BY d.article_id",
            _describe_signature,
        )


def _describe_signature(aid: int, vid: int, version_article: int | None, latest: int | None) -> str:
    if version_article is None:
        return f"the duplicate signature of article {aid} names version {vid}, which does not exist"
    if version_article != aid:
        return (
            f"the duplicate signature of article {aid} names version {vid}"
            f" of article {version_article}"
        )
    return (
        f"the duplicate signature of article {aid} is of version {vid},"
        f" not of its latest ({_version(latest)})"
    )


def _version(version_id: int | None) -> str:
    return "no version" if version_id is None else f"version {version_id}"
