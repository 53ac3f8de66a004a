"""nkmon search"""

from __future__ import annotations

import click

from ._options import archive_options
from ._output import emit, format_option
from ._time import TimeParam


@click.command(name="search")
@click.argument("query")
@click.option("--source", metavar="ID", help="Only articles from this source.")
@click.option("--lang", metavar="CODE", help="Only articles in this language (en, ko, ja…).")
@click.option("--author", metavar="NAME", help="Only articles whose byline contains NAME.")
@click.option("--since", type=TimeParam(), help="Published on or after (a date, or 30d).")
@click.option("--until", type=TimeParam(end_of_day=True), help="Published on or before.")
@click.option(
    "--status",
    type=click.Choice(["live", "deleted", "edited"]),
    help="live, deleted (gone from the outlet) or edited (more than one version).",
)
@click.option(
    "--all-versions", is_flag=True, help="Search every version: finds text later removed."
)
@click.option(
    "--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True
)
@click.option("--collapse", is_flag=True, help="One row per cluster of duplicates, with its size.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@archive_options
@format_option()
def search_command(  # type: ignore[no-untyped-def]
    query,
    source,
    lang,
    author,
    since,
    until,
    status,
    all_versions,
    sort,
    collapse,
    limit,
    db,
    data_dir,
    fmt,
) -> None:
    """Full-text search over the latest version of every article.

    Every word must occur; "quoted words" must occur together; OR, NOT (or a
    leading -), parentheses and word* (prefix) work as expected. Korean,
    Japanese and Chinese words are found inside longer words (북한 in 북한의),
    and "Kim Jong Un" finds Kim Jong-un. Matches are marked «like this».

    --collapse shows one row per cluster of duplicates (the same story
    reprinted across outlets), with the cluster's size; `nkmon similar` lists it.

    Example:

        nkmon search '"Kim Jong Un" (Hyesan OR Sinuiju) -sports' --since 30d --format json
    """
    from archive import open_archive, search

    archive = open_archive(db, data_dir=data_dir, migrate=False)
    try:
        with archive.read() as session:
            hits = search(
                session,
                query,
                # Collapsing drops rows: fetch more so a page still has ``limit`` clusters.
                limit=limit * 5 if collapse else limit,
                source=source,
                language=lang,
                author=author,
                since=since,
                until=until,
                status=status,
                all_versions=all_versions,
                sort=sort,
            )
            capped, window, ranking = hits.capped, hits.window, hits.ranking
            clusters: dict[int, tuple[int, int]] = {}
            if collapse:
                from archive.dedup import cluster_sizes

                clusters = cluster_sizes(session, [h.article_id for h in hits])
                seen: set[int] = set()
                kept = []
                for h in hits:
                    cluster_id, _ = clusters.get(h.article_id, (h.article_id, 1))
                    if cluster_id not in seen:
                        seen.add(cluster_id)
                        kept.append(h)
                hits = kept[:limit]
    finally:
        archive.close()
    rows = [
        {
            "citation": f"{h.source_id}/{h.article_id}/v{h.seq}",
            "article_id": h.article_id,
            "version": h.seq,
            "content_hash": h.content_hash,
            "source": h.source_id,
            "status": h.status,
            "published": h.published_at,
            "title": h.title,
            "url": h.url,
            "snippet": h.snippet,
            "captured_at": h.captured_at,
            "score": h.score,
            "cluster_size": clusters.get(h.article_id, (h.article_id, 1))[1],
        }
        for h in hits
    ]
    if not rows and fmt == "table":
        click.echo(f"no articles match {query!r}", err=True)
        return
    if fmt == "table":
        from rich.markup import escape

        for row in rows:  # «match» in bold; everything else printed literally
            row["snippet"] = (
                escape(row["snippet"]).replace("«", "[bold yellow]").replace("»", "[/bold yellow]")
            )
            row["title"] = escape(row["title"] or "")
            row["url"] = escape(row["url"])
    columns = ["citation", "published", "title", "url", "snippet"]
    if collapse:
        columns.insert(1, "cluster_size")
    emit(rows, fmt, columns=columns if fmt in ("table", "csv") else None, markup=fmt == "table")
    if capped or ranking == "title":
        # On stderr, so json/csv output stays clean.
        scope = (
            f"more than {window:,} versions match; these come from the {window:,} archived last"
            if capped
            else "the query has common words"
        )
        order = ", title matches first" if ranking == "title" else ""
        click.echo(
            f"note: {scope}{order}. Add words or filters (--source, --since, --lang) "
            "to rank by relevance among fewer.",
            err=True,
        )
