"""Dates as North Korean and Japanese media write them.

The Juche calendar counts from 1912 (Juche 1), so Gregorian = Juche + 1911.
KCNA writes ``www.kcna.kp (Juche113.3.9.)``, Rodong Sinmun ``주체113(2024)년
3월 9일``, English texts ``March 9, Juche 113 (2024)``. Japanese era dates
(``令和6年3月9日``) appear on Japanese outlets. A date whose Juche and Gregorian
years disagree is rejected rather than guessed.

A time written without an offset (``2024-05-03 10:00`` in a Seoul outlet's
``article:published_time``) is in the outlet's own zone, not UTC: it is read in
the zone the registry gives the source (``timezone``) and stored in UTC. A bare
day (``2024-05-03``, ``주체113(2024)년 3월 9일``) names a day, not an instant: it
stays midnight UTC of that day, so it is filed, shown and searched under the
day the page prints.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

__all__ = ["JUCHE_OFFSET", "find_calendar_date", "find_juche_year", "read_iso_datetime"]

JUCHE_OFFSET = 1911
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}  # era year 1 = offset + 1
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES.split(), start=1)}

_JUCHE_DOTTED = re.compile(r"Juche\s*(\d{1,3})\s*\.\s*(\d{1,2})\s*\.\s*(\d{1,2})", re.I)
_JUCHE_KOREAN = re.compile(
    r"주체\s*(\d{1,3})\s*(?:\(\s*(\d{4})\s*\))?\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일"
)
_JUCHE_ENGLISH = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+(\d{1,2}),?\s+Juche\s*(\d{1,3})(?:\s*\(\s*(\d{4})\s*\))?",
    re.I,
)
_JAPANESE_ERA = re.compile(
    r"(令和|平成|昭和)\s*(\d{1,2}|元)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
)


def _make(year: int, month: int, day: int, gregorian: str | None = None) -> date | None:
    if gregorian and int(gregorian) != year:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_calendar_date(text: str) -> tuple[datetime, str] | None:
    """The first Juche or Japanese-era date in ``text``, as midnight UTC, with
    the text it was read from; None if there is none or it is inconsistent."""
    candidates: list[tuple[int, date | None, str]] = []
    for m in _JUCHE_DOTTED.finditer(text):
        day = _make(int(m[1]) + JUCHE_OFFSET, int(m[2]), int(m[3]))
        candidates.append((m.start(), day, m[0]))
    for m in _JUCHE_KOREAN.finditer(text):
        day = _make(int(m[1]) + JUCHE_OFFSET, int(m[3]), int(m[4]), m[2])
        candidates.append((m.start(), day, m[0]))
    for m in _JUCHE_ENGLISH.finditer(text):
        day = _make(int(m[3]) + JUCHE_OFFSET, _MONTHS[m[1].lower()], int(m[2]), m[4])
        candidates.append((m.start(), day, m[0]))
    for m in _JAPANESE_ERA.finditer(text):
        era_year = 1 if m[2] == "元" else int(m[2])
        day = _make(_ERAS[m[1]] + era_year, int(m[3]), int(m[4]))
        candidates.append((m.start(), day, m[0]))
    for _, day, source_text in sorted(candidates, key=lambda c: c[0]):
        if day is not None:
            return datetime(day.year, day.month, day.day, tzinfo=UTC), source_text
    return None


_JUCHE_YEAR = re.compile(r"(?:Juche|주체)\s*(\d{1,3})\s*\(\s*(\d{4})\s*\)", re.I)


def find_juche_year(text: str) -> tuple[int, str] | None:
    """A year-only Juche date such as ``Juche 111 (2022)``: (2022, text), if consistent."""
    for m in _JUCHE_YEAR.finditer(text):
        if int(m[1]) + JUCHE_OFFSET == int(m[2]):
            return int(m[2]), m[0]
    return None


_BARE_DAY = re.compile(r"^\d{4}-?\d{2}-?\d{2}$")


def read_iso_datetime(value: str | None, zone: str = "UTC") -> tuple[datetime, bool] | None:
    """An ISO 8601 date or datetime as aware UTC, and whether ``zone`` was assumed
    (a time of day with no offset); None if ``value`` is no such date.

    >>> read_iso_datetime("2024-05-03 10:00", "Asia/Seoul")
    (datetime.datetime(2024, 5, 3, 1, 0, tzinfo=datetime.timezone.utc), True)
    """
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        return parsed.astimezone(UTC), False
    if _BARE_DAY.match(value):
        return parsed.replace(tzinfo=UTC), False
    return parsed.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC), True
