"""nkmon similar"""

from __future__ import annotations

import click

from ._options import archive_options
from ._output import emit, format_option


@click.command(name="similar")
@click.argument("ref", metavar="URL|ID")
@archive_options
@format_option()
def similar_command(ref: str, db: str | None, data_dir: str | None, fmt: str) -> None:
    """Copies of an article in the archive: the same story at other URLs and outlets.

    Lists the other articles of its duplicate cluster (exact copies, reprints
    with a new headline or a trimmed ending, republications under another
    dateline), most similar first. The similarity is the estimated share of
    word sequences the two texts have in common (1.0: the same text).

    Example:

        nkmon similar https://www.yna.co.kr/view/AEN20261123000300315 --format json
    """
    from sqlalchemy import select

    from archive import open_archive
    from archive.dedup import DedupSignature, cluster_sizes, similar
    from archive.models import Article, Version
    from archive.queries import find_article

    archive = open_archive(db, data_dir=data_dir, migrate=False)
    try:
        with archive.read() as session:
            article = find_article(session, ref)
            clustered = session.get(DedupSignature, article.id) is not None
            cluster_id, size = cluster_sizes(session, [article.id])[article.id]
            found = similar(session, article.id)
            by_id = {
                a.id: (a, v)
                for a, v in session.execute(
                    select(Article, Version)
                    .outerjoin(Version, Version.id == Article.latest_version_id)
                    .where(Article.id.in_([s.article_id for s in found]))
                )
            }
            rows = []
            for s in found:
                other, version = by_id[s.article_id]
                rows.append(
                    {
                        "article_id": other.id,
                        "similarity": round(s.similarity, 3),
                        "citation": version.citation if version else None,
                        "source": other.source_id,
                        "status": other.status,
                        "published": version.published_at if version else None,
                        "title": version.title if version else None,
                        "url": other.canonical_url,
                        "cluster_id": cluster_id,
                    }
                )
    finally:
        archive.close()
    if fmt != "table":
        emit(rows, fmt)
        return
    click.echo(f"article {article.id}  {article.canonical_url}")
    if not clustered:
        click.echo("not clustered yet: no text archived, or archived before dedup", err=True)
    elif not rows:
        click.echo("no copies in the archive", err=True)
    else:
        click.echo(f"cluster {cluster_id}: {size} articles")
        emit(rows, fmt, columns=["similarity", "citation", "source", "published", "title", "url"])
