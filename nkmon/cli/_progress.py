"""Progress for long commands: rich on a terminal, one plain log line per page otherwise."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

if TYPE_CHECKING:
    from crawler import PageEvent

__all__ = ["PageProgress"]


class PageProgress:
    """Called with each ``PageEvent`` of a crawl."""

    def __init__(self, label: str, *, live: bool | None = None) -> None:
        self.label = label
        self.live = sys.stderr.isatty() if live is None else live
        self.counts: Counter[str] = Counter()
        self._progress: Progress | None = None
        self._task = None

    def __enter__(self) -> PageProgress:
        if self.live:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("[bold]{task.description}"),
                TextColumn("{task.fields[counts]}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.label, counts="starting…")
        return self

    def __call__(self, event: PageEvent) -> None:
        self.counts[event.outcome] += 1
        if self._progress is not None and self._task is not None:
            counts = " · ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
            self._progress.update(self._task, counts=counts)
        else:
            stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            line = f"{stamp} source={event.source_id} outcome={event.outcome} url={event.url}"
            if event.error:
                line += f' error="{event.error}"'
            click.echo(line, err=True)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
