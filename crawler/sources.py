"""The source registry: which outlets to crawl and how to find their articles.

One TOML file with a ``[[source]]`` table per outlet. The default ships with the
package (``crawler/sources.toml``); ``NKMON_SOURCES`` or ``--sources`` points at
another. Validation names the source and the field, and nothing runs until the
whole file is valid.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from .exceptions import RegistryError

__all__ = ["DEFAULT_REGISTRY", "Registry", "SourceConfig", "load_registry"]

DEFAULT_REGISTRY = Path(__file__).with_name("sources.toml")


def _http_url(value: str) -> str:
    if not value.startswith(("http://", "https://")) or len(value) < 10:
        raise ValueError(f"not an http(s) URL: {value!r}")
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]
SourceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]


class SourceConfig(BaseModel):
    """One outlet (or one language edition of it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: SourceId
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    homepage: HttpUrl
    languages: list[Language] = Field(min_length=1)
    feeds: list[HttpUrl] = Field(default_factory=list)
    notes: str = ""


class Registry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

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
