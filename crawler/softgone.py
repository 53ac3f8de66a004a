"""Pages that answer 200 but say the article is gone ("soft 404s").

Many sites answer a deleted article with a themed "page not found" page and
status 200; KCNA answered purged ids with the bare body ``NULL``. Recognised
by the body, or by a title or short text that says so, in English, Korean and
Japanese. A long article that merely mentions "not found" is not one.
"""

from __future__ import annotations

import re

__all__ = ["soft_gone_reason"]

_NULL_BODIES = {b"null", b"none", b"undefined", b""}
_PHRASES = re.compile(
    r"page not found|404 not found|\b404\b.{0,20}error|error 404|"
    r"(?:page|article|story|content)\s+(?:you\s+(?:requested|are looking for)\s+)?"
    r"(?:can(?:no|')t|could not|was not|cannot)\s+be\s+found|"
    r"(?:that|this) page can(?:no|')t be found|no longer (?:available|exists)|"
    r"has been (?:removed|deleted)|does not exist|"
    r"페이지를\s*찾을\s*수\s*없|존재하지\s*않는\s*(?:기사|페이지)|삭제된\s*기사|"
    r"ページが見つかりません|ページは存在しません|記事は削除|お探しのページ",
    re.IGNORECASE,
)
# In a title only unmistakable phrases count: "... does not exist" is a headline too.
_TITLE_PHRASES = re.compile(
    r"page not found|\b404\b|can(?:no|')t be found|could not be found|"
    r"페이지를\s*찾을\s*수\s*없|ページが見つかりません|ページは存在しません|お探しのページ",
    re.IGNORECASE,
)
_SHORT_WORDS = 150


def soft_gone_reason(body: bytes, title: str | None, text: str | None) -> str | None:
    """Why a 200 answer is really a deletion, or None.

    ``text`` is the extracted text (None when extraction found no article).
    Only a short page counts: a real article of any length that quotes "page
    not found" in its headline or body is not a deletion.
    """
    if body.strip().lower() in _NULL_BODIES:
        shown = body.strip()[:20].decode("latin-1") or "(empty)"
        return f"soft 404: the body is {shown!r}"
    if text and len(text.split()) > _SHORT_WORDS:
        return None
    for where, value, phrases in (("title", title, _TITLE_PHRASES), ("text", text, _PHRASES)):
        if value and (match := phrases.search(value[:2000])):
            return f"soft 404: the page {where} says {match[0]!r}"
    return None
