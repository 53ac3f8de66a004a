"""nkmon diff"""

from __future__ import annotations

import click

from ._options import archive_options


@click.command(name="diff")
@click.argument("ref", metavar="URL|ID")
@click.argument("v1", type=click.IntRange(1), required=False)
@click.argument("v2", type=click.IntRange(1), required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["terminal", "json", "html"]),
    default="terminal",
    show_default=True,
    help="terminal: coloured; html: a standalone side-by-side page.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to this file.")
@archive_options
def diff_command(ref, v1, v2, fmt, output, db, data_dir) -> None:  # type: ignore[no-untyped-def]
    """What changed between two versions of an article.

    Without V1 and V2: the last two versions; with V1 only: V1 against the
    latest. Words are compared in alphabetic text, characters in Korean,
    Japanese and Chinese. The summary lists the names and phrases removed.

    Example:

        nkmon diff https://www.38north.org/2026/11/x/ 1 2 --format html -o diff.html
    """
    import json

    from archive import NotFound, open_archive
    from archive.diff import diff_texts, summarize
    from archive.queries import history

    from ..diffview import render_html, render_json, render_terminal
    from ._output import to_jsonable

    archive = open_archive(db, data_dir=data_dir, migrate=False)
    try:
        with archive.read() as session:
            record = history(session, ref)
            by_seq = {v.seq: v for v in record.versions}
            if len(by_seq) < 2 and v1 is None:
                raise NotFound(f"article {record.article.id} has only {len(by_seq)} version(s)")
            latest = max(by_seq, default=0)
            a, b = (v1, v2 or latest) if v1 else (latest - 1, latest)
            for seq in (a, b):
                if seq not in by_seq:
                    raise NotFound(f"article {record.article.id} has no version {seq}")
            old, new = by_seq[a], by_seq[b]
            describe = [
                {
                    "citation": v.citation,
                    "seq": v.seq,
                    "captured_at": v.captured_at.isoformat(),
                    "title": v.title,
                    "content_hash": v.content_hash,
                }
                for v in (old, new)
            ]
            old_text = f"{old.title or ''}\n\n{old.text}"
            new_text = f"{new.title or ''}\n\n{new.text}"
    finally:
        archive.close()
    segments = diff_texts(old_text, new_text)
    summary = summarize(old.title, old.text, new.title, new.text)
    if fmt == "html":
        page = render_html(describe[0], describe[1], old_text, new_text, segments, summary)
        _write(page, output)
    elif fmt == "json":
        data = to_jsonable(render_json(describe[0], describe[1], segments, summary))
        _write(json.dumps(data, ensure_ascii=False, indent=2), output)
    else:
        from rich.console import Console

        console = Console(highlight=False)
        for label, d in zip(("---", "+++"), describe, strict=True):
            console.print(
                f"{label} {d['citation']}  {d['captured_at']}  sha256:{d['content_hash'][:16]}"
            )
        s = summary
        console.print(
            f"title changed: {'yes' if s.title_changed else 'no'}; paragraphs +{s.paragraphs_added}"
            f" -{s.paragraphs_removed}; characters +{s.chars_added} -{s.chars_removed}"
        )
        if s.terms_removed:
            console.print("terms removed: " + ", ".join(s.terms_removed), style="bold red")
        console.print()
        console.print(render_terminal(segments))


def _write(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        click.echo(text)
