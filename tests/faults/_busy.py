"""Helpers of the crash and concurrency tests: a generated outlet that keeps a
crawl writing for a while, ``nkmon`` processes that can be killed as a tree,
and a look at who holds the archive's write lock."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _flags import LOOPBACK as FAST  # the crash tests crawl with the extraction pool
from _registry import registry_toml

from nkmon.replica import Outlet, ReplicaArticle, Revision
from nkmon.replica.texts import MENU

__all__ = [
    "FAST",
    "GeneratedOutlet",
    "alive",
    "children",
    "descendants",
    "dispose_engines",
    "kill_tree",
    "nkmon_env",
    "sources_file",
    "spawn_nkmon",
    "wait_until",
    "writer_active",
]

_VOCABULARY = (
    "Pyongyang border market rice price Hyesan smuggling trader province county cadre "
    "ministry security inspection quota harvest factory worker ration exchange rate yuan "
    "dollar railway bridge customs Sinuiju Dandong fishing boat coast army unit training "
    "mobilization campaign lecture propaganda broadcast radio phone crackdown arrest "
    "family remittance broker defector interview source resident official reported said "
    "according week month spring autumn winter shortage fuel electricity generator school "
    "students farm cooperative fertilizer seeds livestock clinic medicine hospital"
)
_WORDS = _VOCABULARY.split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(9, 18))]
    return " ".join(words).capitalize() + "."


class GeneratedOutlet(Outlet):
    """The replica WordPress outlet with generated articles; ``publish(n)`` adds
    ``n`` more, and every article page takes ``delay`` seconds to answer."""

    def __init__(self, seed: int, count: int, *, delay: float = 0.0) -> None:
        self.rng = random.Random(seed)
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.serial = 0
        self.delay = delay
        super().__init__("Generated Border Monitor", [])
        self.publish(count)

    def publish(self, count: int) -> list[ReplicaArticle]:
        new = []
        with self.lock:
            for _ in range(count):
                self.serial += 1
                n = self.serial
                paragraphs = tuple(
                    " ".join(_sentence(self.rng) for _ in range(self.rng.randint(3, 6)))
                    for _ in range(self.rng.randint(4, 7))
                )
                title = f"Report {n}: " + " ".join(self.rng.choice(_WORDS) for _ in range(6))
                new.append(
                    ReplicaArticle(
                        slug=f"report-{n}",
                        category=self.rng.choice(MENU)[0],
                        published=self.now - timedelta(days=5) + timedelta(minutes=n),
                        revisions=(Revision(title, paragraphs, ("Kim Ji-won",)),),
                    )
                )
            self.articles.extend(new)
        return new

    def delay_for(self, path: str) -> float:
        return self.delay if path.startswith("/20") else super().delay_for(path)


def sources_file(path: Path, server, source_id: str = "gen", **extra) -> Path:  # type: ignore[no-untyped-def]
    entry = {
        "id": source_id,
        "name": server.site.name,
        "homepage": server.url + "/",
        "languages": ["en"],
        **server.site.discovery(server.url),
        **extra,
    }
    path.write_text(registry_toml([entry]), encoding="utf-8")
    return path


def nkmon_env(workdir: Path) -> dict[str, str]:
    env = {**os.environ, "NKMON_DATA_DIR": str(workdir / "data"), "COLUMNS": "200"}
    env.pop("NKMON_DATABASE_URL", None)
    env.pop("NKMON_SOURCES", None)
    return env


def spawn_nkmon(workdir: Path, *args: str, **popen) -> subprocess.Popen:  # type: ignore[type-arg]
    """``nkmon ARGS`` in its own session (process group), output captured."""
    return subprocess.Popen(
        [sys.executable, "-m", "nkmon", *args],
        stdout=popen.pop("stdout", subprocess.PIPE),
        stderr=popen.pop("stderr", subprocess.PIPE),
        text=True,
        env=popen.pop("env", nkmon_env(workdir)),
        start_new_session=True,
        **popen,
    )


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with suppress(OSError):
            stat = Path(f"/proc/{entry}/stat").read_text()
            # The command name may hold spaces and parentheses: the rest follows the last ')'.
            ppid = int(stat.rpartition(")")[2].split()[1])
            tree.setdefault(ppid, []).append(int(entry))
    return tree


def children(pid: int) -> list[int]:
    """The live processes whose parent is ``pid``."""
    return _children().get(pid, [])


def descendants(pid: int) -> list[int]:
    """Every live process below ``pid`` (from /proc), nearest first."""
    tree, out, todo = _children(), [], [pid]
    while todo:
        kids = tree.get(todo.pop(0), [])
        out.extend(kids)
        todo.extend(kids)
    return out


def kill_tree(pid: int) -> list[int]:
    """SIGKILL ``pid`` and everything below it, all at once (stopped first, so
    none of them can react to another's death); returns the pids killed."""
    pids = [pid, *descendants(pid)]
    for p in pids:
        with suppress(ProcessLookupError):
            os.kill(p, signal.SIGSTOP)
    pids = [pid, *descendants(pid)]  # nothing can have forked since the stop
    for p in pids:
        with suppress(ProcessLookupError):
            os.kill(p, signal.SIGKILL)
    return pids


def alive(pids: list[int]) -> list[int]:
    """Those of ``pids`` still running (zombies count as gone)."""
    out = []
    for p in pids:
        with suppress(OSError):
            state = Path(f"/proc/{p}/stat").read_text().rpartition(")")[2].split()[0]
            if state not in ("Z", "X"):
                out.append(p)
    return out


def writer_active(db_url: str) -> bool:
    """Whether some process is inside a write transaction on the archive now.

    SQLite (WAL): a POSIX lock on byte 120 of the ``-shm`` file is the write
    lock (/proc/locks, so looking takes no lock). PostgreSQL: a session of the
    database holds a transaction id, i.e. has written in its open transaction.
    """
    if db_url.startswith("sqlite"):
        shm = Path(db_url.removeprefix("sqlite:///") + "-shm")
        try:
            inode = shm.stat().st_ino
        except FileNotFoundError:
            return False
        wanted = f":{inode} 120 120"
        with open("/proc/locks", encoding="ascii") as locks:
            return any(" WRITE " in line and line.rstrip().endswith(wanted) for line in locks)
    return _pg_writers(db_url) > 0


_pg_engines: dict[str, object] = {}


def _pg_writers(db_url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = _pg_engines.get(db_url)
    if engine is None:
        engine = _pg_engines[db_url] = create_engine(db_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:  # type: ignore[attr-defined]
        return conn.execute(
            text(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
            )
        ).scalar_one()


def dispose_engines() -> None:
    for engine in _pg_engines.values():
        engine.dispose()  # type: ignore[attr-defined]
    _pg_engines.clear()


def wait_until(predicate, timeout: float, step: float = 0.005) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False
