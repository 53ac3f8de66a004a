"""nkmon sources ..."""

from __future__ import annotations

import click

from ._options import sources_option
from ._output import emit, format_option


@click.group()
def sources() -> None:
    """The source registry: which outlets are crawled, and how.

    Example:

        nkmon sources list
    """


@sources.command(name="list")
@sources_option
@format_option()
def list_sources(sources_path: str | None, fmt: str) -> None:
    """List the registry's sources and how their articles are found.

    Example:

        nkmon sources list --format json
    """
    from crawler import load_registry

    registry = load_registry(sources_path)
    if fmt == "table":
        rows = [
            {
                "id": s.id,
                "name": s.name,
                "languages": s.languages,
                "discovery": ", ".join(
                    f"{n} {k}"
                    for k, n in (
                        ("feeds", len(s.feeds)),
                        ("sitemaps", len(s.sitemaps)),
                        ("listings", len(s.listings)),
                    )
                    if n
                ),
                "relevance": "NK only" if s.relevance else "",
                "interval": s.interval,
            }
            for s in registry
        ]
        emit(rows, fmt)
    else:
        emit([s.model_dump(mode="json") for s in registry], fmt)


@sources.command(name="check")
@click.option("--online", is_flag=True, help="Also fetch every discovery URL and report on it.")
@click.option("--timeout", type=click.FloatRange(1, 120), default=15, show_default=True)
@sources_option
@format_option()
def check_sources(online: bool, timeout: float, sources_path: str | None, fmt: str) -> None:
    """Validate the registry; with --online, probe each source's discovery URLs.

    Each URL is reported reachable, empty (answers, but no article links),
    blocked (401/403/429 or a bot challenge) or error (DNS, timeout, 5xx).
    Exits 1 when any URL is not reachable.

    Example:

        nkmon sources check --online --sources my-sources.toml
    """
    from crawler import load_registry

    registry = load_registry(sources_path)
    if not online:
        click.echo(f"{len(registry.source)} sources, all valid", err=True)
        return
    import os

    from crawler.probe import probe_sources

    results = probe_sources(
        list(registry), timeout=timeout, contact=os.environ.get("NKMON_CONTACT")
    )
    emit(
        [
            {
                "source": r.source_id,
                "kind": r.kind,
                "state": r.state,
                "url": r.url,
                "detail": r.detail,
            }
            for r in results
        ],
        fmt,
    )
    bad = [r for r in results if r.state != "reachable"]
    if bad:
        click.echo(
            f"error: {len(bad)} of {len(results)} discovery URLs are not reachable", err=True
        )
        raise SystemExit(1)
