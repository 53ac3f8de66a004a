"""nkmon changes, nkmon show"""

from __future__ import annotations

import click

from ._options import archive_options
from ._output import emit, format_option
from ._time import TimeParam

KINDS = ("edited", "deleted", "restored", "unlisted", "flipflop")


@click.command(name="changes")
@click.option("--since", type=TimeParam(), default="7d", show_default=True, help="How far back.")
@click.option("--source", metavar="ID", help="Only this source.")
@click.option(
    "--kind", "kinds", type=click.Choice(KINDS), multiple=True, help="Only these (repeat)."
)
@click.option("--term", metavar="TEXT", help="Edits that removed TEXT (a name, a phrase).")
@click.option("--limit", type=click.IntRange(1, 100_000), default=100, show_default=True)
@archive_options
@format_option()
def changes_command(since, source, kinds, term, limit, db, data_dir, fmt) -> None:  # type: ignore[no-untyped-def]
    """What changed: edits, deletions, restorations, unlistings, flip-flops.

    With --term, the edits after which that name or phrase is gone from an
    article (and, for other kinds, events of articles that contain it).

    Example:

        nkmon changes --since 30d --kind edited --term "Jang Song Thaek"
    """
    from archive import open_archive
    from archive.models import EventKind
    from archive.queries import changes

    archive = open_archive(db, data_dir=data_dir, migrate=False)
    try:
        with archive.read() as session:
            found = changes(
                session,
                since=since,
                source=source,
                kinds=[EventKind(k) for k in kinds],
                term=term,
                limit=limit,
            )
            rows = [
                {
                    "at": c.event.at,
                    "kind": c.event.kind,
                    "source": c.article.source_id,
                    "article_id": c.article.id,
                    "version": c.version.citation if c.version else None,
                    "content_hash": c.version.content_hash if c.version else None,
                    "title": c.version.title if c.version else None,
                    "url": c.article.canonical_url,
                    "terms_removed": (c.version.change_summary or {}).get("terms_removed", [])
                    if c.version and c.event.kind.value == "edited"
                    else [],
                    "evidence": c.event.evidence,
                }
                for c in found
            ]
    finally:
        archive.close()
    if not rows and fmt == "table":
        click.echo("no changes match", err=True)
        return
    columns = ["at", "kind", "version", "title", "terms_removed", "url"]
    emit(rows, fmt, columns=columns if fmt in ("table", "csv") else None)


@click.command(name="show")
@click.argument("ref", metavar="URL|ID")
@click.option("--version", "seq", type=click.IntRange(1), help="This version number.")
@click.option(
    "--as-of", type=TimeParam(end_of_day=True), help="The version that stood at this time."
)
@archive_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "table", "json"]),
    default="text",
    show_default=True,
    help="text (or table): a header and the text; json: every field.",
)
def show_command(ref, seq, as_of, db, data_dir, fmt) -> None:  # type: ignore[no-untyped-def]
    """The text of an article: the latest version, a numbered one, or as it stood on a date.

    Example:

        nkmon show https://www.38north.org/2026/11/x/ --as-of 2026-11-01
    """
    import json

    from archive import open_archive
    from archive.queries import show

    from ._output import to_jsonable

    archive = open_archive(db, data_dir=data_dir, migrate=False)
    try:
        with archive.read() as session:
            shown = show(session, ref, seq=seq, as_of=as_of)
            v = shown.version
            record = {
                "citation": v.citation,
                "content_hash": v.content_hash,
                "url": shown.article.canonical_url,
                "version": v.seq,
                "captured_at": v.captured_at,
                "title": v.title,
                "authors": v.authors,
                "published_at": v.published_at,
                "modified_at": v.modified_at,
                "language": v.language,
                "deleted_at": shown.deleted_at,
                "text": v.text,
            }
    finally:
        archive.close()
    if fmt == "json":
        click.echo(json.dumps(to_jsonable(record), ensure_ascii=False, indent=2))
        return
    click.secho(record["title"] or "(no title)", bold=True)
    click.echo(f"{record['citation']}  sha256:{record['content_hash']}")
    click.echo(f"{record['url']}\ncaptured {v.captured_at:%Y-%m-%d %H:%M} UTC")
    if shown.deleted_at:
        click.secho(
            f"deleted on {shown.deleted_at:%Y-%m-%d %H:%M} UTC (last version shown)", fg="red"
        )
    click.echo("")
    click.echo(record["text"])
