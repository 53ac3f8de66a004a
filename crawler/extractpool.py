"""Extraction in worker processes that can be killed.

``trafilatura.extract`` has no timeout: a page of 16,000 links takes 20 s, one
of 100,000 links minutes, and a call cannot be interrupted inside its process.
Run inline, such a page would also stop the Twisted reactor, and with it every
download of the crawl. So pages are extracted by a pool of long-lived worker
processes: each gets ``(pages, options)`` through a pipe and answers with the
:class:`~crawler.extract.Article` or the reason there is none. A page that takes
longer than ``timeout`` seconds gets its worker killed (SIGKILL) and replaced;
the caller gets :class:`~crawler.exceptions.ExtractionTimeout`.

Workers are forked from a ``forkserver`` that has already imported the
extractor, so a replacement is ready in milliseconds. One thread per worker
hands it pages from a shared queue and waits for the answer with the pipe's
``poll(timeout)``; :meth:`ExtractPool.submit` returns a
``concurrent.futures.Future``, which the extract pipeline awaits on the reactor.
Workers also compute the text's dedup signature (``extract_for_archive``), so
the process writing the archive does not.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import threading
from concurrent.futures import Future
from multiprocessing.connection import Connection
from typing import Any

from .exceptions import ExtractionError, ExtractionTimeout
from .extract import Article, ExtractOptions, extract_for_archive

__all__ = ["ExtractPool", "default_workers"]

Pages = list[tuple[str, str | None]]


def default_workers() -> int:
    """One worker per CPU this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _context() -> Any:
    """A forkserver that has imported the extractor (spawn where there is none)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["crawler.extract", "trafilatura", "datasketch"])
        return ctx
    return multiprocessing.get_context("spawn")


def _worker_main(conn: Connection) -> None:
    """A worker: extract what arrives on ``conn`` until it closes or says stop."""
    # Ctrl-C reaches the whole process group; the crawl decides when workers end.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the crawl process is gone
            return
        if job is None:
            return
        pages, options = job
        try:
            answer: tuple[bool, Any] = (True, extract_for_archive(pages, options))
        except ExtractionError as exc:
            answer = (False, str(exc))
        except MemoryError:
            answer = (False, "extractor ran out of memory")
        except Exception as exc:  # a bug in the extractor must not kill the worker
            answer = (False, f"extractor failed: {type(exc).__name__}: {exc}")
        try:
            conn.send(answer)
        except (OSError, ValueError):
            return


class _Worker:
    """One worker process and the pipe to it (owned by one dispatcher thread)."""

    def __init__(self, ctx: Any) -> None:
        self.conn, child_conn = ctx.Pipe(duplex=True)
        self.process = ctx.Process(
            target=_worker_main, args=(child_conn,), name="nkmon-extract", daemon=True
        )
        self.process.start()
        child_conn.close()

    def run(self, pages: Pages, options: ExtractOptions, timeout: float) -> tuple[bool, Any]:
        """``(True, article)``, ``(False, reason)``; raises TimeoutError or EOFError."""
        self.conn.send((pages, options))
        if not self.conn.poll(timeout):
            raise TimeoutError
        return self.conn.recv()

    def stop(self, *, kill: bool = False) -> None:
        if not kill:
            with contextlib.suppress(OSError, ValueError):
                self.conn.send(None)
            self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()
        with contextlib.suppress(ValueError):  # still running after SIGKILL: leave it
            self.process.close()


class ExtractPool:
    """``workers`` extraction processes with a hard ``timeout`` per article.

    >>> pool = ExtractPool(2, timeout=30).start()
    >>> article = pool.submit([(html, url)], options).result()
    >>> pool.close()
    """

    def __init__(self, workers: int, timeout: float) -> None:
        if workers < 1:
            raise ValueError("an extraction pool needs at least one worker")
        if timeout <= 0:
            raise ValueError("the extraction timeout must be positive")
        self.workers = workers
        self.timeout = timeout
        self.killed = 0  # workers killed for taking too long, or found dead
        self._jobs: queue.SimpleQueue[tuple[Pages, ExtractOptions, Future[Article]] | None]
        self._jobs = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._ctx: Any = None
        self._closed = False

    def start(self) -> ExtractPool:
        if self._threads:
            return self
        self._ctx = _context()
        for n in range(self.workers):
            thread = threading.Thread(target=self._dispatch, name=f"nkmon-extract-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def submit(self, pages: Pages, options: ExtractOptions) -> Future[Article]:
        """Extract one article (its pages in order) in a worker."""
        future: Future[Article] = Future()
        if self._closed:
            future.set_exception(ExtractionError("the extraction pool is closed"))
        else:
            self._jobs.put((pages, options, future))
        return future

    def close(self) -> None:
        """Stop every worker and thread; pages still queued fail."""
        if self._closed:
            return
        self._closed = True
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join(10)
        self._threads.clear()
        while True:  # anything submitted after the stop markers
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            if job is not None and job[2].set_running_or_notify_cancel():
                job[2].set_exception(ExtractionError("the extraction pool is closed"))

    def __enter__(self) -> ExtractPool:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _dispatch(self) -> None:
        """One thread's loop: keep a worker, feed it jobs, replace it when it hangs or dies."""
        worker: _Worker | None = None
        try:
            while (job := self._jobs.get()) is not None:
                pages, options, future = job
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    if worker is None:
                        worker = _Worker(self._ctx)
                    ok, value = worker.run(pages, options, self.timeout)
                except TimeoutError:
                    worker.stop(kill=True)  # type: ignore[union-attr]
                    worker, self.killed = None, self.killed + 1
                    future.set_exception(
                        ExtractionTimeout(f"extraction timed out after {self.timeout:g} s")
                    )
                    continue
                except (EOFError, OSError) as exc:  # the worker died (OOM killer, a crash)
                    code = None
                    if worker is not None:
                        worker.process.join(1)
                        code = worker.process.exitcode
                    if worker is not None:
                        worker.stop(kill=True)
                    worker, self.killed = None, self.killed + 1
                    why = f"exit code {code}" if code is not None else type(exc).__name__
                    future.set_exception(ExtractionError(f"extraction worker died ({why})"))
                    continue
                except BaseException as exc:  # unpicklable page, a bug here: fail this page only
                    future.set_exception(ExtractionError(f"{type(exc).__name__}: {exc}"))
                    continue
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(ExtractionError(value))
        finally:
            if worker is not None:
                worker.stop()
