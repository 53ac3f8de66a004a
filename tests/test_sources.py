"""The source registry: the default loads, bad files are refused with their location."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler import RegistryError, load_registry


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_default_registry_is_valid():
    registry = load_registry()
    ids = [s.id for s in registry]
    assert len(ids) == len(set(ids)) >= 5
    assert all(s.feeds for s in registry)


def test_env_var_points_at_another_registry(tmp_path, monkeypatch):
    path = write(
        tmp_path, '[[source]]\nid="x"\nname="X"\nhomepage="https://x.example/"\nlanguages=["ko"]\n'
    )
    monkeypatch.setenv("NKMON_SOURCES", str(path))
    assert [s.id for s in load_registry()] == ["x"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '[[source]]\nid="daily"\nname="D"\nhomepage="https://d.example/"\nlanguages=["en"]\nfeeds=["ftp://d.example/feed"]\n',
            "source 'daily', field feeds[0]: not an http(s) URL",
        ),
        (
            '[[source]]\nid="daily"\nname="D"\nhomepage="https://d.example/"\nlanguages=["en"]\nfeed=["https://d.example/feed"]\n',
            "source 'daily', field feed: Extra inputs are not permitted",
        ),
        (
            '[[source]]\nid="Bad Id"\nname="D"\nhomepage="https://d.example/"\nlanguages=["en"]\n',
            "source 'Bad Id', field id",
        ),
        (
            '[[source]]\nname="D"\nhomepage="https://d.example/"\nlanguages=["en"]\n',
            "source #1, field id: Field required",
        ),
        ("[[source]\n", "not valid TOML"),
    ],
)
def test_bad_files_name_the_source_and_field(tmp_path, body, message):
    with pytest.raises(RegistryError) as info:
        load_registry(write(tmp_path, body))
    assert message in str(info.value)
    assert str(tmp_path) in str(info.value)


def test_duplicate_ids_are_refused(tmp_path):
    entry = '[[source]]\nid="x"\nname="X"\nhomepage="https://x.example/"\nlanguages=["en"]\n'
    with pytest.raises(RegistryError, match="defined twice"):
        load_registry(write(tmp_path, entry + entry))


def test_missing_file(tmp_path):
    with pytest.raises(RegistryError, match="cannot read"):
        load_registry(tmp_path / "nope.toml")


def test_unknown_source_lists_the_known_ones():
    with pytest.raises(RegistryError, match=r"known: .*38north"):
        load_registry().get("no-such-outlet")
