"""Text normalization and the content fingerprint that decides "new version or not"."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache

__all__ = ["FINGERPRINT_VERSION", "clean_text", "fingerprint", "normalize_for_hash"]

# Part of every hash, so hashes of different definitions never compare equal.
# (The store recomputes the latest version's fingerprint from its fields rather
# than trusting a stored hash, so changing the definition makes no false version.)
FINGERPRINT_VERSION = 2

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Tidy extracted text for storage: NFC, no NULs, no trailing spaces, at most one blank line.

    Paragraph breaks stay: researchers read and diff the stored text.
    """
    text = unicodedata.normalize("NFC", text).replace("\x00", "")
    lines = (line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def normalize_for_hash(text: str | None) -> str:
    """The form compared between captures: NFKC, zero-width characters dropped, all
    whitespace (line breaks included) collapsed, so re-wrapping is not an edit."""
    if not text:
        return ""
    return _normalized(text)


# A new version's text is normalized for its fingerprint, its exact-copy hash and
# its shingles: once is enough.
@lru_cache(maxsize=8)
def _normalized(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH)
    return _SPACES.sub(" ", text).strip()


def fingerprint(
    title: str | None,
    text: str,
    authors: Sequence[str] = (),
    published: datetime | None = None,
    modified: datetime | None = None,
) -> str:
    """SHA-256 over what makes a version: normalized title, text and byline, and
    the dates (to the minute: a re-rendering may drop seconds)."""

    def when(value: datetime | None) -> str:
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M") if value else ""

    byline = "\x1d".join(sorted(normalize_for_hash(a) for a in authors if a.strip()))
    payload = "\x1f".join(
        [
            f"v{FINGERPRINT_VERSION}",
            normalize_for_hash(title),
            normalize_for_hash(text),
            byline,
            when(published),
            when(modified),
        ]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
