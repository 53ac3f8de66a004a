"""nkmon extract"""

from __future__ import annotations

import json
import sys

import click

from ._output import to_jsonable


@click.command(name="extract")
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--url", help="The page's URL (helps resolve links and dates).")
@click.option(
    "--content-type", metavar="VALUE", help="The Content-Type header it was served with, if known."
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def extract_command(path: str, url: str | None, content_type: str | None, fmt: str) -> None:
    """Print what nkmon would archive from one saved page: text and metadata.

    Reads PATH (or standard input for -) as bytes and decodes it the way a
    crawl does, so pages in EUC-KR or Shift_JIS work without conversion.
    Exits 1 when the page holds no article.

    Example:

        nkmon extract saved.html --url https://www.38north.org/2026/11/x/ --format json
    """
    from crawler.encoding import decode_html
    from crawler.extract import extract

    try:
        raw = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()  # noqa: SIM115
    except OSError as exc:
        raise click.ClickException(f"cannot read {path}: {exc.strerror}") from None
    html, encoding = decode_html(raw, content_type)
    article = extract(html, url)
    if fmt == "json":
        record = {
            "url": url,
            "encoding": encoding,
            "title": article.title,
            "authors": list(article.authors),
            "published_at": article.published_at,
            "modified_at": article.modified_at,
            "language": article.language,
            "canonical_url": article.canonical_url,
            "extractor": article.extractor,
            **article.extras,
            "text": article.text,
        }
        click.echo(json.dumps(to_jsonable(record), ensure_ascii=False, indent=2))
        return
    click.echo(article.text)
