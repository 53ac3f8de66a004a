"""nkmon history"""

from __future__ import annotations

import click

from archive import History, history, open_archive

from ._options import archive_options
from ._output import emit, format_option


@click.command(name="history")
@click.argument("ref", metavar="URL|ID")
@click.option("--captures", is_flag=True, help="List every capture instead of the versions.")
@archive_options
@format_option()
def history_command(
    ref: str, captures: bool, db: str | None, data_dir: str | None, fmt: str
) -> None:
    """The versions of one article, oldest first, with capture times and content hashes.

    Example:

        nkmon history https://www.38north.org/2026/11/some-article/
    """
    archive = open_archive(db, data_dir=data_dir, migrate=False)
    try:
        with archive.read() as session:
            result = history(session, ref)
    finally:
        archive.close()
    print_history(result, fmt, captures=captures)


def print_history(result: History, fmt: str, *, captures: bool = False) -> None:
    article = result.article
    if captures:
        rows = [
            {
                "fetched_at": c.fetched_at,
                "http_status": c.http_status,
                "outcome": c.outcome,
                "version_id": c.version_id,
                "body_sha256": c.body_sha256,
                "error": c.error,
            }
            for c in result.captures
        ]
    else:
        rows = [
            {
                "version": v.seq,
                "citation": f"{article.source_id}/{article.id}/v{v.seq}",
                "version_id": v.id,
                "captured_at": v.captured_at,
                "title": v.title,
                "chars": len(v.text),
                "content_hash": v.content_hash,
                "captures": result.capture_counts.get(v.id, 0),
                "published_at": v.published_at,
                "authors": v.authors,
                "change_summary": v.change_summary,
            }
            for v in result.versions
        ]
    if fmt == "table":
        click.echo(
            f"article {article.id}  {article.canonical_url}\n"
            f"source {article.source_id}  status {article.status.value}  "
            f"first seen {article.first_seen:%Y-%m-%d %H:%M}  "
            f"{len(result.versions)} versions, {len(result.captures)} captures"
        )
        columns = (
            ["fetched_at", "http_status", "outcome", "version_id", "error"]
            if captures
            else ["citation", "captured_at", "title", "chars", "content_hash", "captures"]
        )
        emit(rows, fmt, columns=columns)
    else:
        emit(rows, fmt)
