"""Shared output: ``--format table|json|jsonl|csv`` for every command that lists rows."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

__all__ = ["FORMATS", "emit", "format_option", "to_jsonable"]

FORMATS = ("table", "json", "jsonl", "csv")
F = TypeVar("F", bound=Callable[..., Any])


def format_option(*, default: str = "table") -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default=default,
        show_default=True,
        help="Output format.",
    )


def to_jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(to_jsonable(value))


def emit(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    markup: bool = False,
) -> None:
    """Print rows to stdout. ``columns`` picks (and orders) the table's columns."""
    if fmt == "json":
        click.echo(json.dumps(to_jsonable(list(rows)), ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(to_jsonable(row), ensure_ascii=False))
    elif fmt == "csv":
        keys = list(columns or (rows[0].keys() if rows else []))
        writer = csv.DictWriter(sys.stdout, fieldnames=keys, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in keys})
    else:
        keys = list(columns or (rows[0].keys() if rows else []))
        table = Table(title=title, show_lines=False, expand=False)
        for key in keys:
            table.add_column(key, overflow="fold")
        for row in rows:
            # Cells are text, not rich markup, unless the caller escaped them itself.
            cells = [_cell(row.get(k)) for k in keys]
            table.add_row(*(cells if markup else [Text(c) for c in cells]))
        # Piped output is read by people too: do not squeeze it into 80 columns.
        Console(width=None if sys.stdout.isatty() else 200).print(table)
