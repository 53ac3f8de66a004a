"""nkmon demo"""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from ._output import emit
from ._progress import PageProgress
from .crawl import print_report
from .history import print_history

# The replica is on loopback: no politeness delay needed.
REPLICA_SETTINGS = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False}


@click.command()
@click.option("--db", metavar="URL", help="Archive to crawl into [default: a temporary one].")
def demo(db: str | None) -> None:
    """Show the whole path on a bundled replica outlet, offline, in a minute.

    Starts a WordPress-style replica outlet on 127.0.0.1, crawls it, revises
    one article, crawls again, then searches for "North Korea" and prints the
    revised article's history.

    Example:

        nkmon demo
    """
    from archive import history, open_archive, search
    from crawler import SourceConfig, crawl

    from ..replica import ReplicaServer, wordpress_outlet

    with tempfile.TemporaryDirectory(prefix="nkmon-demo-") as tmp:
        url = db or f"sqlite:///{Path(tmp) / 'demo.db'}"
        archive = open_archive(url)
        target = archive.url.render_as_string(hide_password=False)
        outlet = wordpress_outlet()
        with ReplicaServer(outlet) as server:
            source = SourceConfig(
                id="replica",
                name=outlet.name,
                homepage=server.url + "/",
                languages=["en"],
                feeds=[server.feed_url],
            )
            click.secho(f"Replica outlet {outlet.name!r} at {server.url}", bold=True)
            click.echo(f"Archive: {archive.where}\n")
            for round_ in (1, 2):
                if round_ == 2:
                    revised = next(a for a in outlet.articles if len(a.revisions) > 1)
                    outlet.revise(revised.slug)
                    click.secho(f"\nThe outlet edits {server.url_for(revised.slug)}", bold=True)
                click.secho(f"Crawl {round_}:", bold=True)
                with PageProgress(f"crawl {round_}") as progress:
                    report = crawl([source], target, settings=REPLICA_SETTINGS, on_event=progress)
                print_report(report, "table", page_errors=progress.live)
        with archive.read() as session:
            click.secho('\nnkmon search "North Korea":', bold=True)
            hits = search(session, '"North Korea"', limit=5)
            emit(
                [{"id": h.article_id, "title": h.title, "snippet": h.snippet} for h in hits],
                "table",
            )
            click.secho(f"\nnkmon history {server.url_for(revised.slug)}:", bold=True)
            print_history(history(session, server.url_for(revised.slug)), "table")
        archive.close()
