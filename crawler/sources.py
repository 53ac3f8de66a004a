"""The source registry: which outlets to crawl and how to find their articles.

One TOML file with a ``[[source]]`` table per outlet. The default ships with the
package (``crawler/sources.toml``); ``NKMON_SOURCES`` or ``--sources`` points at
another. Validation names the source and the field, and nothing runs until the
whole file is valid.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from .exceptions import RegistryError

__all__ = [
    "DEFAULT_REGISTRY",
    "Listing",
    "Politeness",
    "Registry",
    "Relevance",
    "SourceConfig",
    "load_registry",
]

DEFAULT_REGISTRY = Path(__file__).with_name("sources.toml")


def _http_url(value: str) -> str:
    if not value.startswith(("http://", "https://")) or len(value) < 10:
        raise ValueError(f"not an http(s) URL: {value!r}")
    if any(c.isspace() or ord(c) < 32 for c in value):
        raise ValueError(f"not an http(s) URL (it has spaces or control characters): {value!r}")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise ValueError(f"not an http(s) URL ({exc}): {value!r}") from None
    if not parts.hostname:
        raise ValueError(f"not an http(s) URL (no host): {value!r}")
    return value


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from None
    return value


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _duration(value: str | int | float | timedelta) -> timedelta:
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float):
        return timedelta(seconds=value)
    match = _DURATION.match(value)
    if not match:
        raise ValueError(f"not a duration like '30m', '6h' or '2d': {value!r}")
    return timedelta(seconds=float(match[1]) * _UNITS[match[2]])


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"not an IANA time zone name such as 'Asia/Seoul' or 'UTC': {value!r}"
        ) from None
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]
Regex = Annotated[str, AfterValidator(_regex)]
Duration = Annotated[timedelta, BeforeValidator(_duration)]
TimeZone = Annotated[str, AfterValidator(_timezone)]
SourceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
Evidence = Literal["verified", "reported", "convention"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Listing(_Model):
    """A listing or section page: article links on it, and a link to the next page."""

    url: HttpUrl
    article_pattern: Regex  # re.search on each absolute link URL
    next_pattern: Regex | None = None  # links to further listing pages
    max_pages: int = Field(default=3, ge=1, le=200)


class Relevance(_Model):
    """Keep only articles about North Korea (for general outlets)."""

    preset: Literal["north-korea"] | None = "north-korea"
    keywords: list[str] = Field(default_factory=list)  # added to the preset's
    min_mentions: int = Field(default=1, ge=1)  # in title and text together


class Politeness(_Model):
    """Overrides of the crawl-wide defaults for this outlet's hosts."""

    download_delay: float | None = Field(default=None, ge=0, le=600)
    concurrency: int | None = Field(default=None, ge=1, le=32)
    autothrottle: bool | None = None
    timeout: float | None = Field(default=None, gt=0, le=600)


class SourceConfig(_Model):
    """One outlet (or one language edition of it)."""

    id: SourceId
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    homepage: HttpUrl
    languages: list[Language] = Field(min_length=1)
    # The zone of dates the outlet writes without an offset ("2024-05-03 10:00" on
    # a Seoul site is KST): an IANA name, read with zoneinfo (history included).
    timezone: TimeZone = "UTC"
    feeds: list[HttpUrl] = Field(default_factory=list)
    sitemaps: list[HttpUrl] = Field(default_factory=list)
    listings: list[Listing] = Field(default_factory=list)
    # Which discovered URLs are articles (re.search on the absolute URL).
    article_pattern: Regex | None = None
    # "fallback": feeds, else sitemaps, else listings; "all": every method each run.
    discovery: Literal["fallback", "all"] = "fallback"
    # Sitemap entries older than this (by lastmod) are skipped; None reads them all.
    sitemap_max_age: Duration | None = timedelta(days=30)
    max_articles: int = Field(default=1000, ge=1, le=1_000_000)  # per run
    relevance: Relevance | None = None
    interval: Duration = timedelta(hours=1)
    # Permanent sweep: no archived article waits longer than this between checks,
    # however old (state media edit archives years later). None: the decaying
    # schedule alone (every 30 days at the slowest).
    sweep: Duration | None = None
    politeness: Politeness = Field(default_factory=Politeness)
    # HTTPS certificates: "verify" (chain and host name against the system's trust
    # store, or NKMON_TLS_CA_FILE) refuses a bad one; "allow-invalid" archives the
    # page anyway. Either way each capture records the certificate's status.
    tls: Literal["verify", "allow-invalid"] = "verify"
    # URL -> how it is known: verified (seen in a stored copy of the outlet),
    # reported (seen in others' code or docs), convention (the CMS's usual path).
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    notes: str = ""

    @model_validator(mode="after")
    def _has_discovery(self) -> SourceConfig:
        if not (self.feeds or self.sitemaps or self.listings):
            raise ValueError("no discovery method: give feeds, sitemaps or listings")
        return self

    @property
    def discovery_urls(self) -> list[str]:
        return [*self.feeds, *self.sitemaps, *(listing.url for listing in self.listings)]


class Registry(_Model):
    source: list[SourceConfig] = Field(default_factory=list)

    def __iter__(self) -> Iterator[SourceConfig]:  # type: ignore[override]
        return iter(self.source)

    def get(self, source_id: str) -> SourceConfig:
        for source in self.source:
            if source.id == source_id:
                return source
        known = ", ".join(s.id for s in self.source) or "none"
        raise RegistryError(f"no source {source_id!r} in the registry (known: {known})")


def registry_path(path: str | Path | None = None) -> Path:
    """Explicit path > ``NKMON_SOURCES`` > the packaged default."""
    if path is None:
        path = os.environ.get("NKMON_SOURCES") or DEFAULT_REGISTRY
    return Path(path).expanduser()


def load_registry(path: str | Path | None = None) -> Registry:
    """Read and validate a sources file; ``RegistryError`` says what is wrong, and where."""
    where = registry_path(path)
    try:
        raw = tomllib.loads(where.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RegistryError(f"{where}: cannot read sources file: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{where}: not valid TOML: {exc}") from None
    try:
        registry = Registry.model_validate(raw)
    except ValidationError as exc:
        raise RegistryError(
            f"{where}: " + "; ".join(_describe(raw, e) for e in exc.errors())
        ) from None
    seen: set[str] = set()
    for source in registry:
        if source.id in seen:
            raise RegistryError(f"{where}: source {source.id!r} is defined twice")
        seen.add(source.id)
    return registry


def _describe(raw: dict, error: dict) -> str:
    """'source asiapress, field feeds[0]: not an http(s) URL' from a pydantic error."""
    loc = list(error["loc"])
    label = ".".join(map(str, loc))
    if len(loc) >= 2 and loc[0] == "source" and isinstance(loc[1], int):
        entries = raw.get("source") or []
        entry = entries[loc[1]] if loc[1] < len(entries) else {}
        ident = entry.get("id") if isinstance(entry, dict) else None
        who = f"source {ident!r}" if ident else f"source #{loc[1] + 1}"
        field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc[2:]).lstrip(".")
        label = f"{who}, field {field}" if field else who
    message = error["msg"].removeprefix("Value error, ")
    return f"{label}: {message}"
