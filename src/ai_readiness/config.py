"""Finding and validating ``[tool.ai-readiness]`` / ``.ai-readiness.toml`` (SPEC §5, §11)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from ai_readiness.dates import Duration, parse_duration
from ai_readiness.errors import ConfigError
from ai_readiness.loader import Limits

FAIL_ON = ("error", "warning", "info", "never")
RULE_SETTINGS = ("error", "warning", "info", "off")
# Every walk of a document (cleaning, the schema pass, rules) stays far below Python's recursion
# limit of 1,000 frames: at 512 levels, context.clean alone (two frames per list level) hit it.
MAX_DEPTH_CAP = 256
# Upper bounds of the limits: a bigger file or alias expansion would let one manifest take
# gigabytes (context.clean copies expanded aliases), and a size past sys.maxsize crashed read().
LIMIT_CAPS = {"max-file-bytes": 64 * 1024 * 1024, "max-depth": MAX_DEPTH_CAP, "max-alias-nodes": 1_000_000}


def _d(text: str) -> Duration:
    parsed = parse_duration(text)
    assert parsed is not None
    return parsed


class Windows(NamedTuple):
    """The windows of SPEC §5; attribute names are the TOML keys with `_` for `-`."""

    red_team_max_age: Duration = _d("P90D")
    kill_switch_test_max_age: Duration = _d("P180D")
    launch_review_max_age: Duration = _d("P30D")
    exception_max_length: Duration = _d("P365D")
    default_eval_schedule: Duration = _d("P30D")
    high_risk_min_retention: Duration = _d("P6M")


class Config(NamedTuple):
    source: str | None = None
    fail_on: str = "error"
    exclude: tuple[str, ...] = ()
    rules: Mapping[str, str] = MappingProxyType({})
    windows: Windows = Windows()
    limits: Limits = Limits()


_TOP_KEYS = ("fail-on", "exclude", "rules", "windows", "limits")


def _load_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the configuration file: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: the configuration file is not UTF-8 text") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: malformed TOML: {exc}") from exc
    except ValueError as exc:  # int() refuses more than 4,300 digits (CVE-2020-10735)
        raise ConfigError(f"{path}: malformed TOML: an integer of over 4,300 digits") from exc
    except RecursionError as exc:  # arrays or inline tables nested thousands deep
        raise ConfigError(f"{path}: malformed TOML: values nested too deeply") from exc


def _section(path: Path, explicit: bool) -> dict[str, Any] | None:
    """The settings table of a config file, or None for a pyproject.toml without one."""
    document = _load_toml(path)
    if path.name == "pyproject.toml":
        tool = document.get("tool", {})
        section = tool.get("ai-readiness") if isinstance(tool, dict) else None
        if section is None:
            if explicit:
                raise ConfigError(f"{path}: no [tool.ai-readiness] table")
            return None
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: [tool.ai-readiness] must be a table")
        return section
    return document


def find_config(start: Path, root: Path) -> Path | None:
    """The nearest folder with configuration wins, upward from ``start`` to ``root`` (§11)."""
    folder = start.resolve()
    root = root.resolve()
    while True:
        dot = folder / ".ai-readiness.toml"
        pyproject = folder / "pyproject.toml"
        for candidate in (dot, pyproject):
            # A configuration file that is there but can't be read (a folder, a dangling symlink,
            # a FIFO) is an error, not a reason to run with other settings (SPEC §5).
            if os.path.lexists(candidate) and not candidate.is_file():
                raise ConfigError(f"{candidate}: cannot read the configuration file: {_not_a_file(candidate)}")
        if dot.is_file():
            return dot
        if pyproject.is_file() and _section(pyproject, explicit=False) is not None:
            return pyproject
        if folder == root or folder.parent == folder or root not in folder.parents:
            return None
        folder = folder.parent


def _not_a_file(path: Path) -> str:
    if path.is_dir():
        return "it is a folder"
    if path.is_symlink() and not path.exists():
        return "it is a symbolic link to nothing"
    return "it is not a regular file"


def load_config(path: Path | None, known_rules: dict[str, bool]) -> Config:
    """Read and validate; ``known_rules`` maps rule id to whether it can be configured."""
    if path is None:
        return Config()
    section = _section(path, explicit=True) or {}
    where = "[tool.ai-readiness]" if path.name == "pyproject.toml" else "the top level"
    shown = os.fspath(path)

    def bad(key: str, why: str) -> ConfigError:
        return ConfigError(f"{shown}: `{key}` {why}")

    for key in section:
        if key not in _TOP_KEYS:
            raise bad(key, f"is not a setting (in {where}; known: {', '.join(_TOP_KEYS)})")

    fail_on = section.get("fail-on", "error")
    if fail_on not in FAIL_ON:
        raise bad("fail-on", f"must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")

    exclude = section.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(x, str) for x in exclude):
        raise bad("exclude", "must be a list of glob strings")

    rules = section.get("rules", {})
    if not isinstance(rules, dict):
        raise bad("rules", "must be a table of rule id = severity")
    for rule_id, setting in rules.items():
        if rule_id not in known_rules:
            raise bad(f"rules.{rule_id}", "is not a rule id (see `ai-readiness rules`)")
        if not known_rules[rule_id]:
            raise bad(f"rules.{rule_id}", "cannot be re-graded or turned off")
        if setting not in RULE_SETTINGS:
            raise bad(f"rules.{rule_id}", f"must be one of {', '.join(RULE_SETTINGS)}, not {setting!r}")

    windows = _table(section, "windows", bad)
    window_values: dict[str, Duration] = {}
    window_keys = {name.replace("_", "-"): name for name in Windows._fields}
    for key, value in windows.items():
        if key not in window_keys:
            raise bad(f"windows.{key}", f"is not a window (known: {', '.join(window_keys)})")
        parsed = parse_duration(value)
        if parsed is None:
            raise bad(f"windows.{key}", f"must be an ISO 8601 duration such as P90D, not {value!r}")
        window_values[window_keys[key]] = parsed

    limits = _table(section, "limits", bad)
    limit_values: dict[str, int] = {}
    limit_keys = {name.replace("_", "-"): name for name in Limits._fields}
    for key, value in limits.items():
        if key not in limit_keys:
            raise bad(f"limits.{key}", f"is not a limit (known: {', '.join(limit_keys)})")
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise bad(f"limits.{key}", f"must be a positive whole number, not {value!r}")
        if value > LIMIT_CAPS[key]:
            raise bad(f"limits.{key}", f"must be at most {LIMIT_CAPS[key]}, not {value}")
        limit_values[limit_keys[key]] = value

    return Config(
        source=shown,
        fail_on=fail_on,
        exclude=tuple(exclude),
        rules=dict(rules),
        windows=Windows(**window_values),
        limits=Limits(**limit_values),
    )


def _table(section: dict[str, Any], name: str, bad: Any) -> dict[str, Any]:
    value = section.get(name, {})
    if not isinstance(value, dict):
        raise bad(name, "must be a table")
    return value
