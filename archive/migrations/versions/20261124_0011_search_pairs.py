"""Word pairs in the full-text index, for phrases of common words.

A phrase such as "Kim Kyong" made FTS5 walk the position lists of both
words, hundreds of thousands of documents each at a million versions, to find
the few thousand where they stand together. On SQLite the index gains two
columns, ``title_pairs`` and ``body_pairs``: every two adjacent words as one
token (archive/textindex.py: ``pair_form``), so such a phrase is one short
list. The table is rebuilt from its own stored text.

On PostgreSQL, where phrases are tsquery's ``<->``, each document is rebuilt
with a gap between title and body, so that a phrase no longer runs from the
title's last word into the body's first (as it never did on SQLite).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from itertools import pairwise

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"

# A copy of textindex.pair_form as of this revision: a migration must not
# import code that changes later. tests/test_search_pairs.py checks they agree.
_CJK_RUN = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]+"
)
_WORD = re.compile(r"[^\W_]+")


def pair_form(text: str | None) -> str:
    if not text:
        return ""
    out: list[str] = []
    for segment in _CJK_RUN.split(unicodedata.normalize("NFKC", text)):
        words = [w.lower() for w in _WORD.findall(segment)]
        if out and out[-1] != "0":
            out.append("0")
        out.extend(f"{len(a)}z{a}{b}" for a, b in pairwise(words))
    if out and out[-1] == "0":
        out.pop()
    return " ".join(out)


def _index_tokens(text: str | None) -> str:
    # textindex.index_tokens as of this revision, joined by spaces.
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _CJK_RUN.sub(
        lambda m: (
            " " + " ".join([*(m[0][i : i + 2] for i in range(len(m[0]) - 1)), m[0][-1]]) + " "
        ),
        text,
    )
    return " ".join(t.lower() for t in _WORD.findall(text))


_PG_DOC = (
    "ts_delete(setweight(to_tsvector('simple', :title), 'A')"
    " || to_tsvector('simple', 'nkmonbreak') || to_tsvector('simple', :body), 'nkmonbreak')"
)


def _rebuild_postgres() -> None:
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT v.id, v.title, v.text FROM versions v"
                " JOIN search_pg s ON s.version_id = v.id"
                " WHERE v.id > :last ORDER BY v.id LIMIT 1000"
            ),
            {"last": last},
        ).all()
        if not rows:
            return
        bind.execute(
            sa.text(f"UPDATE search_pg SET doc = {_PG_DOC} WHERE version_id = :id"),
            [{"id": i, "title": _index_tokens(t), "body": _index_tokens(b)} for i, t, b in rows],
        )
        last = rows[-1][0]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        _rebuild_postgres()
    if bind.dialect.name != "sqlite":
        return
    # The stored title and body are index_form text, whose pairs are the
    # original text's (pair_form ignores CJK runs and repeats NFKC).
    bind.connection.driver_connection.create_function(
        "nkmon_pair_form", 1, pair_form, deterministic=True
    )
    op.execute(
        "CREATE VIRTUAL TABLE search_fts_new USING"
        f" fts5(title, body, facets, title_pairs, body_pairs, {_TOKENIZE})"
    )
    op.execute(
        "INSERT INTO search_fts_new(rowid, title, body, facets, title_pairs, body_pairs)"
        " SELECT rowid, title, body, facets, nkmon_pair_form(title), nkmon_pair_form(body)"
        " FROM search_fts"
    )
    op.execute("DROP TABLE search_fts")
    op.execute("ALTER TABLE search_fts_new RENAME TO search_fts")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(f"CREATE VIRTUAL TABLE search_fts_old USING fts5(title, body, facets, {_TOKENIZE})")
    op.execute(
        "INSERT INTO search_fts_old(rowid, title, body, facets)"
        " SELECT rowid, title, body, facets FROM search_fts"
    )
    op.execute("DROP TABLE search_fts")
    op.execute("ALTER TABLE search_fts_old RENAME TO search_fts")
