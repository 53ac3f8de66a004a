"""Text normalization and the content fingerprint that decides "new version or not"."""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["FINGERPRINT_VERSION", "clean_text", "fingerprint", "normalize_for_hash"]

# Bump when the fingerprint's definition changes: hashes of different versions never compare.
FINGERPRINT_VERSION = 1

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
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH)
    return _SPACES.sub(" ", text).strip()


def fingerprint(title: str | None, text: str) -> str:
    """SHA-256 over the normalized title and text."""
    payload = f"v{FINGERPRINT_VERSION}\x1f{normalize_for_hash(title)}\x1e{normalize_for_hash(text)}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
