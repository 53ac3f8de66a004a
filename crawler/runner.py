"""Running crawls: each run in a child process, reporting back as it goes.

Twisted's reactor cannot be restarted, so a process can run one Scrapy crawl.
``crawl()`` therefore spawns a child for every run; the parent (CLI, demo,
scheduler) can run any number of them, shows progress from the events the
child sends, and can kill a run that exceeds its time limit.
"""

from __future__ import annotations

import multiprocessing
import queue as queue_module
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .exceptions import CrawlError
from .sources import SourceConfig

__all__ = ["CrawlReport", "PageEvent", "SourceReport", "crawl"]

MAX_PAGE_ERRORS = 50  # per source in a report; the archive keeps them all


@dataclass(frozen=True)
class PageEvent:
    """One article page handled: stored with an outcome, or failed."""

    source_id: str
    url: str
    outcome: str  # a CaptureOutcome value, "dropped" (not relevant) or "not_stored"
    error: str | None = None


@dataclass
class SourceReport:
    source_id: str
    discovered: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    discovery_errors: list[str] = field(default_factory=list)
    page_errors: list[tuple[str, str]] = field(default_factory=list)
    callback_errors: list[str] = field(default_factory=list)
    skipped: int = 0  # forbidden by robots.txt, or over the source's max_articles
    source_down: str | None = None  # a revisit found the source down: nothing was checked
    finish_reason: str | None = None

    @property
    def failed(self) -> bool:
        """The run got nothing from this source: unreachable, broken, or every page failed."""
        if self.finish_reason not in ("finished", None) or (
            self.finish_reason is None and self.discovery_errors
        ):
            return True
        if self.discovery_errors and self.discovered == 0:
            return True
        if self.source_down:
            return True
        good = sum(n for o, n in self.outcomes.items() if o not in ("error", "not_stored"))
        return self.discovered > 0 and sum(self.outcomes.values()) > 0 and good == 0


@dataclass
class CrawlReport:
    sources: list[SourceReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(s.failed for s in self.sources)

    def totals(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for s in self.sources:
            total.update(s.outcomes)
        return total


def crawl(
    sources: Sequence[SourceConfig],
    database_url: str,
    *,
    mode: str = "discover",
    settings: dict[str, Any] | None = None,
    on_event: Callable[[PageEvent], None] | None = None,
    time_limit: float | None = None,
    stop: Callable[[], bool] | None = None,
    grace: float = 20.0,
) -> CrawlReport:
    """Crawl ``sources`` into the archive at ``database_url`` in a child process.

    ``mode="discover"`` finds articles through feeds, sitemaps and listings;
    ``mode="revisit"`` fetches the archived articles whose next check is due.

    When ``stop()`` turns true, or ``time_limit`` seconds pass, the child is
    asked to stop (SIGTERM: Scrapy finishes the pages in its pipelines and
    closes) and killed if it has not within ``grace`` seconds. Each page is one
    transaction, so a killed child leaves no partial version. A stopped crawl
    returns what it reported so far, each unfinished source's
    ``finish_reason`` "shutdown"; a timed-out one raises ``CrawlError`` with
    that report as ``.report`` (its sources' reason "timeout").
    """
    ctx = multiprocessing.get_context("spawn")
    events: Any = ctx.Queue()
    child = ctx.Process(
        target=_child_main,
        args=(list(sources), database_url, mode, dict(settings or {}), events),
        name="nkmon-crawl",
    )
    # What the parent has heard, in case the child never sends its own report.
    heard = CrawlReport([SourceReport(s.id) for s in sources])
    by_id = {s.source_id: s for s in heard.sources}
    child.start()
    deadline = time.monotonic() + time_limit if time_limit else None
    stopping: str | None = None  # why the child was asked to stop
    kill_at = 0.0
    try:
        while True:
            now = time.monotonic()
            timed_out = bool(deadline and now > deadline)
            if stopping is None and (timed_out or (stop is not None and stop())):
                stopping = "timeout" if timed_out else "shutdown"
                child.terminate()
                kill_at = now + grace
            if stopping and now > kill_at and child.is_alive():
                child.kill()
            try:
                kind, payload = events.get(timeout=0.2)
            except queue_module.Empty:
                if child.is_alive():
                    continue
                child.join()
                # The child may have put its last message just before exiting.
                try:
                    kind, payload = events.get(timeout=1)
                except queue_module.Empty:
                    if stopping:
                        return _stopped(heard, stopping, time_limit)
                    raise CrawlError(f"crawl process died (exit code {child.exitcode})") from None
            if kind == "page":
                src = by_id.get(payload.source_id)
                if src is not None:
                    src.outcomes[payload.outcome] += 1
                    if payload.error and len(src.page_errors) < MAX_PAGE_ERRORS:
                        src.page_errors.append((payload.url, payload.error))
                if on_event:
                    on_event(payload)
            elif kind == "done":
                return _stopped(payload, stopping, time_limit) if stopping else payload
            elif kind == "fatal":
                if stopping:
                    return _stopped(heard, stopping, time_limit)
                raise CrawlError(payload)
    finally:
        if child.is_alive():
            child.terminate()
            child.join(10)
            if child.is_alive():
                child.kill()
        child.join()
        events.close()


def _stopped(report: CrawlReport, why: str, time_limit: float | None) -> CrawlReport:
    for src in report.sources:  # sources that had finished keep "finished"
        if src.finish_reason != "finished":
            src.finish_reason = why
    if why == "timeout":
        error = CrawlError(f"crawl exceeded its time limit of {time_limit:g} s")
        error.report = report  # type: ignore[attr-defined]
        raise error
    return report


def _child_main(
    sources: list[SourceConfig],
    database_url: str,
    mode: str,
    overrides: dict[str, Any],
    events: Any,
) -> None:
    try:
        report = _run_in_this_process(sources, database_url, mode, overrides, events.put)
        events.put(("done", report))
    except BaseException as exc:  # reported to the parent, which raises CrawlError
        events.put(("fatal", f"{type(exc).__name__}: {exc}"))


def _run_in_this_process(
    sources: list[SourceConfig],
    database_url: str,
    mode: str,
    overrides: dict[str, Any],
    send: Callable[[tuple[str, Any]], None],
) -> CrawlReport:
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from .items import PageItem
    from .settings import build_settings, source_settings
    from .spiders.source import SourceSpider

    settings = build_settings(database_url, overrides)
    process = CrawlerProcess(settings)
    report = CrawlReport()

    for source in sources:
        src_report = SourceReport(source.id)
        report.sources.append(src_report)
        # A subclass per source carries its politeness overrides (spider priority,
        # below anything given on the command line).
        spider_class = type(
            f"SourceSpider_{source.id}",
            (SourceSpider,),
            {"custom_settings": source_settings(source)},
        )
        crawler = process.create_crawler(spider_class)

        def on_item(item: PageItem, src_report: SourceReport = src_report, **_: Any) -> None:
            outcome = item.result.outcome.value if item.result else "not_stored"
            src_report.outcomes[outcome] += 1
            if item.error and len(src_report.page_errors) < MAX_PAGE_ERRORS:
                src_report.page_errors.append((item.fetch.url, item.error))
            send(("page", PageEvent(item.source_id, item.fetch.url, outcome, item.error)))

        def on_item_error(
            item: PageItem, failure: Any, src_report: SourceReport = src_report, **_: Any
        ) -> None:
            # A pipeline raised: the page is not in the archive; say so, never silently.
            error = f"not stored: {failure.getErrorMessage()}"
            src_report.outcomes["not_stored"] += 1
            if len(src_report.page_errors) < MAX_PAGE_ERRORS:
                src_report.page_errors.append((item.fetch.url, error))
            send(("page", PageEvent(item.source_id, item.fetch.url, "not_stored", error)))

        def on_dropped(
            item: PageItem, exception: Exception, src_report: SourceReport = src_report, **_: Any
        ) -> None:
            src_report.outcomes["dropped"] += 1
            send(("page", PageEvent(item.source_id, item.fetch.url, "dropped", str(exception))))

        def on_spider_error(
            failure: Any, response: Any, src_report: SourceReport = src_report, **_: Any
        ) -> None:
            src_report.callback_errors.append(
                f"{response.url}: {type(failure.value).__name__}: {failure.getErrorMessage()}"
            )

        def on_closed(spider: Any, reason: str, src_report: SourceReport = src_report) -> None:
            src_report.discovered = spider.discovered
            src_report.skipped = spider.skipped
            src_report.source_down = spider.source_down
            src_report.discovery_errors = [*spider.discovery_errors, *src_report.callback_errors]
            src_report.finish_reason = reason

        # weak=False: these closures are redefined per source and would be collected.
        crawler.signals.connect(on_item, signal=signals.item_scraped, weak=False)
        crawler.signals.connect(on_item_error, signal=signals.item_error, weak=False)
        crawler.signals.connect(on_dropped, signal=signals.item_dropped, weak=False)
        crawler.signals.connect(on_spider_error, signal=signals.spider_error, weak=False)
        crawler.signals.connect(on_closed, signal=signals.spider_closed, weak=False)
        deferred = process.crawl(crawler, source=source, mode=mode)

        def on_crawl_failed(failure: Any, src_report: SourceReport = src_report) -> None:
            # The spider could not start or crashed (bad setting, database locked).
            message = failure.getErrorMessage().strip().splitlines()
            src_report.discovery_errors.append(
                f"crawl failed: {type(failure.value).__name__}: {message[0] if message else ''}"
            )

        deferred.addErrback(on_crawl_failed)
    process.start()
    return report
