"""nkmon stats: how much was archived, edited and deleted, per source or over time.

``--plot`` draws the rows with matplotlib (the optional ``plot`` extra): over
time, two panels sharing the date axis, because versions run to thousands a
day while deletions are a handful and would vanish on a shared scale; per
source, the same two panels as horizontal bars, sources that are down in red.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from ._options import archive_options
from ._output import emit, format_option
from ._time import TimeParam

__all__ = ["plot_stats", "stats_command"]

PLOT_MISSING = "--plot needs matplotlib, which is not installed: pip install 'nkmon[plot]'"
COLORS = {
    "articles": "#1f3b5c",
    "versions": "#8fb3d9",
    "edits": "#e08a1e",
    "deletions": "#c0392b",
    "restorations": "#2e8b57",
}
DOWN_COLOR = "#c0392b"
PLOT_SUFFIXES = (".png", ".svg", ".pdf")


class SinceParam(TimeParam):
    """Like TimeParam, but a bare date means the start of that day (``--since``)."""

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        moment = super().convert(value, param, ctx)
        if isinstance(value, str) and len(value.strip()) == 10:
            moment = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        return moment


@click.command(name="stats")
@click.option(
    "--by",
    type=click.Choice(["source", "day", "week"]),
    default="source",
    show_default=True,
    help="Group per source, or per UTC day or ISO week (every period listed, zeros too).",
)
@click.option("--since", type=SinceParam(), help="From this time: 30d, 2026-11-01. [default: all]")
@click.option("--until", type=TimeParam(), help="Up to this time (a date: its end). [default: now]")
@click.option("--source", metavar="ID", help="Only this source.")
@click.option(
    "--plot",
    "plot_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    callback=lambda ctx, param, value: _check_suffix(value),
    metavar="FILE.png",
    help="Also draw the rows as a chart: FILE.png, .svg or .pdf. Needs nkmon[plot].",
)
@archive_options
@format_option()
def stats_command(by, since, until, source, plot_path, db, data_dir, fmt) -> None:  # type: ignore[no-untyped-def]
    """Counts of articles first seen, versions captured, edits, deletions and
    restorations, per source (with its status) or per day or week (UTC).

    Example:

        nkmon stats --by week --since 90d --source kcna --plot kcna.png
    """
    from archive import open_archive
    from archive.stats import stats

    if plot_path is not None:
        _require_matplotlib()
    archive = open_archive(db, data_dir=data_dir, migrate=False)
    try:
        with archive.read() as session:
            rows = stats(session, by=by, since=since, source=source, until=until)
    finally:
        archive.close()
    if plot_path is not None:
        plot_stats(rows, by, plot_path, source=source, since=since, until=until)
        click.echo(f"chart written to {plot_path}", err=True)
    if not rows and fmt == "table":
        click.echo("nothing archived in this period", err=True)
        return
    counts = ["articles", "versions", "edits", "deletions", "restorations"]
    first = ["source", "status"] if by == "source" else ["period"]
    emit(
        rows,
        fmt,
        columns=first + counts if fmt in ("table", "csv") else None,
        title=_title(rows, by, source, since, until) if fmt == "table" else None,
    )


def _check_suffix(path: Path | None) -> Path | None:
    if path is not None and path.suffix.lower() not in PLOT_SUFFIXES:
        raise click.BadParameter(f"{path}: the chart is written as .png, .svg or .pdf")
    return path


def _require_matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise click.ClickException(PLOT_MISSING) from None


def _title(
    rows: list[dict[str, Any]],
    by: str,
    source: str | None,
    since: datetime | None,
    until: datetime | None,
) -> str:
    if by == "source":
        return f"Archive activity per source, {_span(since, until)}"
    what = f"Archive activity per {'ISO week' if by == 'week' else 'day'} (UTC)"
    if rows:
        what += f", {rows[0]['start']:%Y-%m-%d} to {rows[-1]['end'] - timedelta(days=1):%Y-%m-%d}"
    return what + (f", source {source}" if source else "")


def plot_stats(
    rows: list[dict[str, Any]],
    by: str,
    path: Path,
    *,
    source: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> None:
    """Draw ``archive.stats.stats`` rows to ``path`` (.png, .svg or .pdf: from its suffix)."""
    try:
        import matplotlib
    except ImportError:
        raise click.ClickException(PLOT_MISSING) from None
    matplotlib.use("Agg")  # no display: works over ssh and from cron
    import matplotlib.pyplot as plt

    if by == "source":
        fig = _plot_sources(plt, rows, _span(since, until))
    else:
        fig = _plot_periods(plt, rows, by, source)
    try:
        fig.savefig(
            path, dpi=150, format=path.suffix.lower().lstrip(".") or "png", bbox_inches="tight"
        )
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        plt.close(fig)


def _span(since: datetime | None, until: datetime | None) -> str:
    end = f"{until:%Y-%m-%d %H:%M}" if until else f"{datetime.now(UTC):%Y-%m-%d %H:%M}"
    return f"{since:%Y-%m-%d %H:%M} to {end} UTC" if since else f"everything archived to {end} UTC"


def _style(ax: Any, axis: str) -> None:
    from matplotlib.ticker import MaxNLocator

    getattr(ax, f"{axis}axis").set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis=axis, color="#ddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)


def _panel_title(ax: Any, title: str, *, ncols: int) -> None:
    """The panel's name on the left, its legend on the right, both above the plot area."""
    ax.set_title(title, loc="left", fontsize=10, color="#444")
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=ncols, frameon=False, fontsize=9)


def _stack(ax: Any, positions: list[Any], rows: list[dict[str, Any]], **bar: Any) -> list[int]:
    """Edits, deletions and restorations stacked; returns the totals."""
    horizontal = bar.pop("horizontal", False)
    totals = [0] * len(rows)
    for name in ("edits", "deletions", "restorations"):
        values = [r[name] for r in rows]
        draw = ax.barh if horizontal else ax.bar
        base = {"left": totals} if horizontal else {"bottom": totals}
        draw(positions, values, color=COLORS[name], label=name, **base, **bar)
        totals = [a + b for a, b in zip(totals, values, strict=True)]
    return totals


def _plot_periods(plt: Any, rows: list[dict[str, Any]], by: str, source: str | None) -> Any:
    import matplotlib.dates as mdates

    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(11, 6.5), sharex=True, gridspec_kw={"height_ratios": [3, 2], "hspace": 0.25}
    )
    days = 7 if by == "week" else 1
    # Each bar stands on its period's first day, so the tick under it names it.
    starts = [r["start"].replace(tzinfo=None) for r in rows]
    wide, narrow = timedelta(days=days * 0.86), timedelta(days=days * 0.44)
    top.bar(
        starts,
        [r["versions"] for r in rows],
        wide,
        align="center",
        color=COLORS["versions"],
        label="versions captured",
    )
    top.bar(
        starts,
        [r["articles"] for r in rows],
        narrow,
        align="center",
        color=COLORS["articles"],
        label="new articles (first seen)",
    )
    top.set_ylabel("versions / articles")
    _panel_title(top, "Archived", ncols=2)

    totals = _stack(bottom, starts, rows, width=wide, align="center")
    bottom.set_ylabel("events")
    _panel_title(bottom, "Changes found", ncols=3)
    archived = any(r["versions"] or r["articles"] for r in rows)
    for ax, anything, nothing in (
        (top, archived, "nothing archived in this period"),
        (bottom, any(totals), "no edits, deletions or restorations in this period"),
    ):
        _style(ax, "y")
        ax.set_ylim(0, max(1, ax.get_ylim()[1]))  # integer ticks even when all is zero
        if not anything:
            ax.text(
                0.5, 0.5, nothing, transform=ax.transAxes, ha="center", va="center", color="#777"
            )

    if by == "week":
        interval = max(1, -(-len(rows) // 12))
        locator: Any = mdates.WeekdayLocator(byweekday=mdates.MO, interval=interval)
        formatter: Any = mdates.DateFormatter("%d %b\n%Y" if len(rows) > 52 else "%d %b")
    else:
        locator = mdates.AutoDateLocator(minticks=4, maxticks=12)
        formatter = mdates.ConciseDateFormatter(locator)
    bottom.xaxis.set_major_locator(locator)
    bottom.xaxis.set_major_formatter(formatter)
    if rows:
        pad = timedelta(days=days * 0.7)
        bottom.set_xlim(starts[0] - pad, starts[-1] + pad)
    bottom.set_xlabel(
        "week, by its Monday (UTC; ISO weeks)" if by == "week" else "day (UTC)", labelpad=6
    )

    title = f"nkmon archive activity per {'week' if by == 'week' else 'day'}"
    if source:
        title += f": {source}"
    if rows:
        last = rows[-1]["end"] - timedelta(days=1)
        title += f"\n{rows[0]['start']:%Y-%m-%d} to {last:%Y-%m-%d}"
    fig.suptitle(title, x=0.125, y=0.99, ha="left", fontsize=13, fontweight="bold")
    return fig


def _plot_sources(plt: Any, rows: list[dict[str, Any]], span: str) -> Any:
    # Busiest source at the top.
    rows = sorted(rows, key=lambda r: (r["versions"], r["articles"], r["source"]))
    height = max(3.2, 0.45 * len(rows) + 2.0)
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, height), sharey=True, layout="constrained")
    ys = list(range(len(rows)))
    thick = 0.38
    for offset, name, label in (
        (thick / 2, "versions", "versions captured"),
        (-thick / 2, "articles", "articles first seen"),
    ):
        drawn = left.barh(
            [y + offset for y in ys],
            [r[name] for r in rows],
            thick,
            color=COLORS[name],
            label=label,
        )
        left.bar_label(drawn, padding=3, fontsize=8, color="#444")
    left.set_xlabel("articles / versions")
    _panel_title(left, "Archived", ncols=2)

    totals = _stack(right, ys, rows, height=0.6, horizontal=True)
    for y, total in zip(ys, totals, strict=True):
        right.text(total, y, f" {total}", va="center", fontsize=8, color="#444")
    right.set_xlabel("events")
    _panel_title(right, "Changes found", ncols=3)
    if not any(totals):
        right.set_xlim(0, 1)

    left.set_yticks(ys, [_source_label(r) for r in rows])
    for tick, row in zip(left.get_yticklabels(), rows, strict=True):
        if row["status"] != "ok":
            tick.set_color(DOWN_COLOR)
    for ax in (left, right):
        _style(ax, "x")
        ax.margins(x=0.12)
    left.set_ylabel("source (red: down)" if any(r["status"] != "ok" for r in rows) else "source")
    fig.suptitle(
        f"nkmon archive activity per source\n{span}",
        x=0.01,
        ha="left",
        fontsize=13,
        fontweight="bold",
    )
    return fig


def _source_label(row: dict[str, Any]) -> str:
    return row["source"] if row["status"] == "ok" else f"{row['source']} ({row['status']})"
