"""Pages that answer 200 but are not the article: gone, or not served right now.

Many sites answer a deleted article with a themed "page not found" page and
status 200; KCNA answered purged ids with the bare body ``NULL``. Recognised
by the body, or by a title or short text that says so, in English, Korean and
Japanese. A long article that merely mentions "not found" is not one.

Others answer 200 with a bot challenge ("Just a moment...", "Verify you are
human") or a maintenance page: the article is neither gone nor changed, and
such a page must never become a version (:func:`soft_failure_reason`).
"""

from __future__ import annotations

import re

__all__ = ["soft_failure_reason", "soft_gone_reason"]

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


_CHALLENGE = re.compile(
    r"just a moment\.\.\.|checking (?:if the site connection is secure|your browser)|"
    r"verify (?:that )?you are (?:a )?human|are you a robot|attention required|"
    r"enable javascript and cookies to continue|ddos protection by|captcha|"
    r"access (?:to this page )?(?:has been )?denied|request (?:was )?blocked|"
    r"자동입력 방지|로봇이 아닙니다|アクセスが制限|ロボットではありません",
    re.IGNORECASE,
)
_MAINTENANCE = re.compile(
    r"under maintenance|(?:scheduled|planned) maintenance|maintenance mode|"
    r"undergoing (?:scheduled )?maintenance|temporarily unavailable|service unavailable|"
    r"we(?:'ll| will) be back (?:soon|shortly)|"
    r"(?:서비스|시스템|서버) ?점검|점검 중입니다|"
    r"メンテナンス中|ただいまメンテナンス|アクセスが集中",
    re.IGNORECASE,
)


def soft_failure_reason(title: str | None, text: str | None) -> str | None:
    """Why a 200 answer is a bot challenge or a maintenance page, or None.

    ``text`` is the extracted text or, when extraction found none, the page's
    visible text. As with soft 404s, only a short page counts.
    """
    if text and len(text.split()) > _SHORT_WORDS:
        return None
    for kind, phrases in (("a bot challenge", _CHALLENGE), ("a maintenance page", _MAINTENANCE)):
        for where, value in (("title", title), ("text", text)):
            if value and (match := phrases.search(value[:3000])):
                return f"not the article: {kind} (the page {where} says {match[0]!r})"
    return None
