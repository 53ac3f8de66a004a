"""nkmon search"""

from __future__ import annotations

import click

from archive import open_archive, search

from ._options import archive_options
from ._output import emit, format_option


@click.command(name="search")
@click.argument("query")
@click.option("--source", metavar="ID", help="Only articles from this source.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@archive_options
@format_option()
def search_command(
    query: str, source: str | None, limit: int, db: str | None, data_dir: str | None, fmt: str
) -> None:
    """Full-text search over the latest version of every article.

    Every word must occur; "quoted words" must occur together. Korean, Japanese
    and Chinese words are found inside longer words (북한 in 북한의).

    Example:

        nkmon search '"Kim Jong Un" Hyesan' --format json
    """
    archive = open_archive(db, data_dir=data_dir, migrate=False)
    try:
        with archive.read() as session:
            hits = search(session, query, limit=limit, source=source)
    finally:
        archive.close()
    rows = [
        {
            "article_id": h.article_id,
            "version": h.seq,
            "source": h.source_id,
            "status": h.status,
            "published": h.published_at,
            "title": h.title,
            "url": h.url,
            "snippet": h.snippet,
            "captured_at": h.captured_at,
            "score": h.score,
        }
        for h in hits
    ]
    if not rows and fmt == "table":
        click.echo(f"no articles match {query!r}", err=True)
        return
    emit(
        rows,
        fmt,
        columns=["article_id", "source", "published", "title", "url", "snippet"]
        if fmt in ("table", "csv")
        else None,
    )
