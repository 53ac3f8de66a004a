"""The layout the design fixes: imports flow scheduler -> crawler -> archive."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each package, and the packages it must never import.
FORBIDDEN = {
    "archive": {"crawler", "scheduler", "nkmon"},
    "crawler": {"scheduler", "nkmon"},
    "scheduler": {"nkmon"},
}


def imported_packages(path: Path, package: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
            elif node.level > len(path.relative_to(ROOT / package).parts):
                names.add("<outside the package>")
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_flow_one_way(package):
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in (ROOT / package).rglob("*.py")
        if (
            found := imported_packages(path, package)
            & (FORBIDDEN[package] | {"<outside the package>"})
        )
    }
    assert offenders == {}


@pytest.mark.parametrize("package", ["archive", "crawler", "scheduler"])
def test_public_names_exist(package):
    module = importlib.import_module(package)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []
