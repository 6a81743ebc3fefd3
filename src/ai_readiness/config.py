"""Finding and validating ``[tool.ai-readiness]`` / ``.ai-readiness.toml`` (docs/design.md,
"Repository, configuration and git"; README.md, "Configuration")."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Mapping
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
    """The configurable windows (README.md, "Configuration"); attribute names are the TOML keys
    with `_` for `-`."""

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
        loaded: dict[str, Any] = tomllib.loads(text)
        return loaded
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
    """The nearest folder with configuration wins, upward from ``start`` to ``root``; in one
    folder `.ai-readiness.toml` beats a `pyproject.toml` with a `[tool.ai-readiness]` table."""
    folder = start.resolve()
    root = root.resolve()
    while True:
        dot = folder / ".ai-readiness.toml"
        pyproject = folder / "pyproject.toml"
        for candidate in (dot, pyproject):
            # A configuration file that is there but can't be read (a folder, a dangling symlink,
            # a FIFO) is an error, not a reason to run with other settings.
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


def _suggest(value: object, choices: Iterable[str], what: str = "") -> str:
    """ " (did you mean `x`?)" for a near miss (`fail_on`, `ERROR`, `red_team_max_age`), else the
    choices themselves, so every message says what would be right."""
    known = list(choices)
    if isinstance(value, str):
        import difflib  # only on a configuration error: not on the hot path

        folded = {c.lower().replace("_", "-"): c for c in known}
        key = value.strip().lower().replace("_", "-")
        close = [folded[key]] if key in folded else difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6)
        if close:
            return f" (did you mean `{folded.get(close[0], close[0])}`?)"
    return f" ({what}{', '.join(known)})" if what else ""


def load_config(path: Path | None, known_rules: dict[str, bool]) -> Config:
    """Read and validate; ``known_rules`` maps rule id to whether it can be configured. Every
    problem of the file is reported (one ConfigError with a message per problem), not the first."""
    if path is None:
        return Config()
    section = _section(path, explicit=True) or {}
    in_pyproject = path.name == "pyproject.toml"
    where = "in [tool.ai-readiness]" if in_pyproject else "at the top level"
    shown = os.fspath(path)
    problems: list[str] = []

    def bad(key: str, why: str) -> None:
        problems.append(f"{shown}: `{key}` {why}")

    for key, value in section.items():
        if key in _TOP_KEYS:
            continue
        if key == "tool" and not in_pyproject and isinstance(value, dict) and "ai-readiness" in value:
            bad(
                key,
                f"is not a setting: {path.name} holds the settings at its top level; drop the "
                "[tool.ai-readiness] header (that table belongs in pyproject.toml)",
            )
        else:
            bad(key, f"is not a setting {where}{_suggest(key, _TOP_KEYS, 'known: ')}")

    fail_on = section.get("fail-on", "error")
    if fail_on not in FAIL_ON:
        bad("fail-on", f"must be one of {', '.join(FAIL_ON)}, not {fail_on!r}{_suggest(fail_on, FAIL_ON)}")
        fail_on = "error"

    exclude = section.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(x, str) for x in exclude):
        example = f"[{json.dumps(exclude)}]" if isinstance(exclude, str) else '["vendor/**"]'
        bad("exclude", f"must be a list of glob strings, such as exclude = {example}")
        exclude = []

    rules = section.get("rules", {})
    if not isinstance(rules, dict):
        bad("rules", 'must be a table of rule id = severity, such as [rules] DATA003 = "off"')
        rules = {}
    for rule_id, setting in rules.items():
        if rule_id not in known_rules:
            bad(f"rules.{rule_id}", f"is not a rule id{_suggest(rule_id, known_rules)} (see `ai-readiness rules`)")
        elif not known_rules[rule_id]:
            bad(f"rules.{rule_id}", "cannot be re-graded or turned off (remove it)")
        elif setting not in RULE_SETTINGS:
            bad(
                f"rules.{rule_id}",
                f"must be one of {', '.join(RULE_SETTINGS)}, not {setting!r}{_suggest(setting, RULE_SETTINGS)}",
            )

    windows = _table(section, "windows", bad)
    window_values: dict[str, Duration] = {}
    window_keys = {name.replace("_", "-"): name for name in Windows._fields}
    for key, value in windows.items():
        if key not in window_keys:
            bad(f"windows.{key}", f"is not a window{_suggest(key, window_keys, 'known: ')}")
            continue
        parsed = parse_duration(value)
        if parsed is None:
            bad(f"windows.{key}", f"must be an ISO 8601 duration such as P90D, not {value!r}")
            continue
        window_values[window_keys[key]] = parsed

    limits = _table(section, "limits", bad)
    limit_values: dict[str, int] = {}
    limit_keys = {name.replace("_", "-"): name for name in Limits._fields}
    for key, value in limits.items():
        if key not in limit_keys:
            bad(f"limits.{key}", f"is not a limit{_suggest(key, limit_keys, 'known: ')}")
        elif isinstance(value, bool) or not isinstance(value, int) or value < 1:
            bad(f"limits.{key}", f"must be a positive whole number, not {value!r}")
        elif value > LIMIT_CAPS[key]:
            bad(f"limits.{key}", f"must be at most {LIMIT_CAPS[key]}, not {value}")
        else:
            limit_values[limit_keys[key]] = value

    if problems:
        raise ConfigError(*problems)
    return Config(
        source=shown,
        fail_on=fail_on,
        exclude=tuple(exclude),
        rules=dict(rules),
        windows=Windows(**window_values),
        limits=Limits(**limit_values),
    )


def _table(section: dict[str, Any], name: str, bad: Callable[[str, str], None]) -> dict[str, Any]:
    value = section.get(name, {})
    if not isinstance(value, dict):
        bad(name, f"must be a table, such as [{name}]")
        return {}
    return value
