"""The libraries that stand between a hostile server and nkmon are on releases free of
the known advisories, and pyproject.toml keeps them there."""

from __future__ import annotations

import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
# The release that fixed the last advisory we know of, and what it fixed.
FLOORS = {
    "scrapy": ("2.17", "decompression bombs, file:// redirects, header leaks, s3:// over http"),
    "brotli": ("1.2", "brotli bombs: Scrapy's size cap needs output_buffer_limit"),
    "defusedxml": ("0.7", "entity declarations refused in feeds and sitemaps"),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_pinned_and_installed_at_or_above_the_fixed_release(name):
    floor, why = FLOORS[name]
    major, minor = Version(floor).release[:2]
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [Requirement(d) for d in deps["project"]["dependencies"]]
    (pin,) = [p for p in pins if p.name.lower() == name]
    assert pin.specifier.contains(floor), (name, why)
    assert not pin.specifier.contains(f"{major}.{minor - 1}"), (name, str(pin.specifier), why)
    assert Version(version(name)) >= Version(floor), (name, why)
