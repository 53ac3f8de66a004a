"""Registry TOML for tests: entries as plain dicts, written as a sources file."""

from __future__ import annotations


def toml_value(value) -> str:
    """A TOML literal for the str/int/float/bool/list values of a registry entry."""
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a valid TOML basic string
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(value)


def registry_toml(entries: list[dict]) -> str:
    """Write registry entries (plain dicts, tables as nested dicts/lists of dicts) as TOML."""
    out: list[str] = []
    for entry in entries:
        out.append("[[source]]")
        tables = {}
        for key, value in entry.items():
            if isinstance(value, dict) or (
                isinstance(value, list) and value and isinstance(value[0], dict)
            ):
                tables[key] = value
            elif value is not None:
                out.append(f"{key} = {toml_value(value)}")
        for key, value in tables.items():
            for table in value if isinstance(value, list) else [value]:
                out.append(f"[[source.{key}]]" if isinstance(value, list) else f"[source.{key}]")
                out.extend(f"{k} = {toml_value(v)}" for k, v in table.items() if v is not None)
        out.append("")
    return "\n".join(out)
