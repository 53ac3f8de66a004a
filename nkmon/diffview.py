"""How a diff of two versions is shown: a coloured terminal text, JSON, or an HTML page.

The HTML page is standalone (inline CSS, no scripts, no external assets) so a
researcher can attach it to a report or open it years later offline. Everything
in it that came from an outlet or the caller is escaped: archived pages are
hostile input.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from html import escape
from typing import Any

from rich.text import Text

from archive.diff import ChangeSummary, Segment, align_lines

__all__ = ["DELETE_STYLE", "INSERT_STYLE", "render_html", "render_json", "render_terminal"]

INSERT_STYLE = "green"
DELETE_STYLE = "red strike"

_LABELS = {
    "id": "Version id",
    "citation": "Citation",
    "seq": "Version",
    "captured_at": "Captured",
    "title": "Title",
    "content_hash": "Content hash",
}

_CSS = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 1.5rem; color: #222; }
h1 { font-size: 1.3rem; margin: 0 0 .8rem; }
table { border-collapse: collapse; width: 100%; }
.versions th, .versions td { text-align: left; padding: .2rem .6rem; vertical-align: top; }
.versions code { font-size: .85rem; word-break: break-all; }
.summary { margin: 1rem 0; padding: .6rem .9rem; background: #f6f6f6; border-radius: 4px; }
.summary p { margin: .3rem 0; }
.term { display: inline-block; margin: .1rem .2rem; padding: 0 .4rem; border-radius: 3px; }
.removed .term { background: #ffd7d5; color: #82071e; font-weight: bold; }
.added .term { background: #d2f4d3; color: #055d20; }
.diff { table-layout: fixed; }
.diff th { text-align: left; border-bottom: 2px solid #ccc; padding: .3rem .6rem; }
.diff td { width: 50%; vertical-align: top; padding: .3rem .6rem; border-bottom: 1px solid #eee;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.diff tr.changed td { background: #fffbea; }
.diff td.empty { background: #fafafa; }
del { background: #ffc9c6; color: #82071e; text-decoration: line-through; }
ins { background: #b9efc0; color: #055d20; text-decoration: none; }
"""


def render_terminal(segments: list[Segment]) -> Text:
    """The new text inline, insertions in green and deletions struck through in red."""
    text = Text()
    for seg in segments:
        style = {"insert": INSERT_STYLE, "delete": DELETE_STYLE}.get(seg.op)
        text.append(seg.text, style=style)
    return text


def _jsonable(version: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in version.items()}


def render_json(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    segments: list[Segment],
    summary: ChangeSummary,
) -> dict[str, Any]:
    """Both versions' descriptions, the summary and the segments, ready for ``json.dumps``."""
    return {
        "old": _jsonable(old),
        "new": _jsonable(new),
        "summary": summary.to_dict(),
        "segments": [{"op": s.op, "text": s.text} for s in segments],
    }


def _side_lines(segments: list[Segment], hide: str) -> list[list[tuple[str, str]]]:
    """One side's text as lines of (op, text) pieces; ``hide`` is the other side's op."""
    lines: list[list[tuple[str, str]]] = [[]]
    for seg in segments:
        if seg.op == hide:
            continue
        first, *rest = seg.text.split("\n")
        lines[-1].append((seg.op, first))
        lines += [[(seg.op, piece)] for piece in rest]
    return lines


def _cell(pieces: list[tuple[str, str]] | None, side: str) -> str:
    if pieces is None:
        return f'<td class="{side} empty"></td>'
    html = []
    for op, text in pieces:
        if not text:
            continue
        tag = {"delete": "del", "insert": "ins"}.get(op)
        html.append(f"<{tag}>{escape(text)}</{tag}>" if tag else escape(text))
    return f'<td class="{side}">{"".join(html)}</td>'


def _value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.isoformat()
    return escape(str(value))


def _versions_table(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    keys = list(dict.fromkeys([*old, *new]))
    rows = ['<tr><th></th><th scope="col">Old</th><th scope="col">New</th></tr>']
    for key in keys:
        label = escape(_LABELS.get(key, key.replace("_", " ").capitalize()))
        cells = [_value(v.get(key)) for v in (old, new)]
        if key == "content_hash":
            cells = [f"<code>{c}</code>" for c in cells]
        rows.append(f'<tr><th scope="row">{label}</th><td>{cells[0]}</td><td>{cells[1]}</td></tr>')
    return f'<table class="versions">{"".join(rows)}</table>'


def _terms(terms: tuple[str, ...]) -> str:
    if not terms:
        return "none"
    return " ".join(f'<span class="term">{escape(t)}</span>' for t in terms)


def _summary(summary: ChangeSummary) -> str:
    s = summary
    return (
        '<section class="summary">'
        f'<p class="removed"><strong>Terms removed:</strong> {_terms(s.terms_removed)}</p>'
        f'<p class="added"><strong>Terms added:</strong> {_terms(s.terms_added)}</p>'
        f"<p>Title changed: {'yes' if s.title_changed else 'no'} · "
        f"paragraphs +{s.paragraphs_added} −{s.paragraphs_removed} · "
        f"characters +{s.chars_added} −{s.chars_removed}</p>"
        "</section>"
    )


def render_html(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    old_text: str,
    new_text: str,
    segments: list[Segment],
    summary: ChangeSummary,
) -> str:
    """A standalone side-by-side page: the old text with deletions marked on the left,
    the new text with insertions on the right, paragraphs aligned where they match.

    ``segments`` must be ``diff_texts(old_text, new_text)``; a mismatch is a ValueError,
    since the page would otherwise show text that neither version has.
    """
    if (
        "".join(s.text for s in segments if s.op != "insert") != old_text
        or "".join(s.text for s in segments if s.op != "delete") != new_text
    ):
        raise ValueError("render_html: the segments are not a diff of the two texts")
    old_lines, new_lines = _side_lines(segments, "insert"), _side_lines(segments, "delete")
    rows = []
    for i, j in align_lines(old_text.split("\n"), new_text.split("\n")):
        left = old_lines[i] if i is not None else None
        right = new_lines[j] if j is not None else None
        if not any(t.strip() for _, t in (left or []) + (right or [])):
            continue  # a blank line on both sides
        changed = any(op != "equal" for op, t in (left or []) + (right or []) if t)
        changed = changed or left is None or right is None
        rows.append(
            f'<tr class="{"changed" if changed else "same"}">'
            f"{_cell(left, 'old')}{_cell(right, 'new')}</tr>"
        )
    heading = new.get("title") or old.get("title") or "Untitled article"
    return (
        "<!DOCTYPE html>\n"
        '<html>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Changes: {_value(heading)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<header>\n<h1>{_value(heading)}</h1>\n{_versions_table(old, new)}\n"
        f"{_summary(summary)}\n</header>\n"
        '<main>\n<table class="diff">\n<thead><tr><th scope="col">Old version</th>'
        '<th scope="col">New version</th></tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n</main>\n</body>\n</html>\n"
    )
