"""Finding and validating ``[tool.ai-readiness]`` / ``.ai-readiness.toml`` (docs/design.md,
"Repository, configuration and git"; README.md, "Configuration")."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from ai_readiness.dates import Duration, parse_duration
from ai_readiness.errors import ConfigError
from ai_readiness.loader import Limits

if TYPE_CHECKING:
    from ai_readiness.policy import PolicySettings

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
    exception_expiry_notice: Duration = _d("P30D")


class Config(NamedTuple):
    source: str | None = None
    fail_on: str = "error"
    exclude: tuple[str, ...] = ()
    rules: Mapping[str, str] = MappingProxyType({})
    windows: Windows = Windows()
    limits: Limits = Limits()
    # Packs, requirements, locks and waiver rules (policy.py); None when the configuration uses
    # none of them, which then costs nothing (docs/design.md, "Policy").
    policy: PolicySettings | None = None


_TOP_KEYS = ("fail-on", "exclude", "rules", "windows", "limits")
# Keys that bring in policy.py: a configuration (or a pack) may hold them.
POLICY_KEYS = ("extends", "requirements", "waivers", "controls")
# Keys only a pack may hold: a repository's configuration cannot lock what it configures itself.
PACK_KEYS = ("lock", "name", "description", "url", "profile")


def needs_policy(section: Mapping[str, Any] | None) -> bool:
    """Whether a configuration table uses packs, requirements or waiver rules."""
    return section is not None and any(key in section for key in (*POLICY_KEYS, *PACK_KEYS))


def load_toml(path: Path, shown: str | None = None, what: str = "configuration file") -> dict[str, Any]:
    """A TOML file as data, or one ConfigError naming it (``shown``: how messages name it)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    shown = shown or os.fspath(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read the {what}: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown}: the {what} is not UTF-8 text") from exc
    try:
        loaded: dict[str, Any] = tomllib.loads(text)
        return loaded
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: malformed TOML: {exc}") from exc
    except ValueError as exc:  # int() refuses more than 4,300 digits (CVE-2020-10735)
        raise ConfigError(f"{shown}: malformed TOML: an integer of over 4,300 digits") from exc
    except RecursionError as exc:  # arrays or inline tables nested thousands deep
        raise ConfigError(f"{shown}: malformed TOML: values nested too deeply") from exc


_load_toml = load_toml


def read_section(path: Path) -> dict[str, Any]:
    """The settings table of a configuration file named by the user or found upward."""
    return _section(path, explicit=True) or {}


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


def load_config(path: Path | None, known_rules: dict[str, bool], section: dict[str, Any] | None = None) -> Config:
    """Read and validate; ``known_rules`` maps rule id to whether it can be configured. Every
    problem of the file is reported (one ConfigError with a message per problem), not the first."""
    if path is None:
        return Config()
    if section is None:
        section = read_section(path)
    shown = os.fspath(path)
    layer, problems = validate_settings(section, path, shown, known_rules, allowed=_TOP_KEYS)
    if problems:
        raise ConfigError(*problems)
    return Config(
        source=shown,
        fail_on=layer.fail_on or "error",
        exclude=tuple(layer.exclude),
        rules=dict(layer.rules),
        windows=Windows(**{name.replace("-", "_"): value for name, value in layer.windows.items()}),
        limits=Limits(**{name.replace("-", "_"): value for name, value in layer.limits.items()}),
    )


class Settings(NamedTuple):
    """The plain settings one file sets (absent ones left out), before layering."""

    fail_on: str | None
    exclude: list[str]
    rules: dict[str, str]
    windows: dict[str, Duration]  # by TOML key
    limits: dict[str, int]  # by TOML key


def validate_settings(
    section: Mapping[str, Any],
    path: Path,
    shown: str,
    known_rules: Mapping[str, bool],
    allowed: tuple[str, ...],
    refused: Mapping[str, str] | None = None,
) -> tuple[Settings, list[str]]:
    """The plain settings of one file and its problems, one message each. ``allowed``: the keys
    this file may hold (the plain ones are validated here; the caller validates the others);
    ``refused``: keys that are known but not allowed here, with the reason."""
    in_pyproject = path.name == "pyproject.toml"
    where = "in [tool.ai-readiness]" if in_pyproject else "at the top level"
    problems: list[str] = []

    def bad(key: str, why: str) -> None:
        problems.append(f"{shown}: `{key}` {why}")

    for key, value in section.items():
        if key in allowed:
            continue
        if refused and key in refused:
            bad(key, refused[key])
        elif key == "tool" and not in_pyproject and isinstance(value, dict) and "ai-readiness" in value:
            bad(
                key,
                f"is not a setting: {path.name} holds the settings at its top level; drop the "
                "[tool.ai-readiness] header (that table belongs in pyproject.toml)",
            )
        else:
            bad(_shown_key(key), f"is not a setting {where}{_suggest(key, allowed, 'known: ')}")

    fail_on = section.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        shown_value = _shown_value(fail_on)
        bad("fail-on", f"must be one of {', '.join(FAIL_ON)}, not {shown_value}{_suggest(fail_on, FAIL_ON)}")
        fail_on = None

    exclude = section.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(x, str) for x in exclude):
        example = f"[{json.dumps(_short(exclude))}]" if isinstance(exclude, str) else '["vendor/**"]'
        bad("exclude", f"must be a list of glob strings, such as exclude = {example}")
        exclude = []

    rules = section.get("rules", {})
    if not isinstance(rules, dict):
        bad("rules", 'must be a table of rule id = severity, such as [rules] DATA003 = "off"')
        rules = {}
    good_rules: dict[str, str] = {}
    for rule_id, setting in rules.items():
        if rule_id not in known_rules:
            bad(
                f"rules.{_shown_key(rule_id)}",
                f"is not a rule id{_suggest(rule_id, known_rules)} (see `ai-readiness rules`)",
            )
        elif not known_rules[rule_id]:
            bad(f"rules.{rule_id}", "cannot be re-graded or turned off (remove it)")
        elif setting not in RULE_SETTINGS:
            bad(
                f"rules.{rule_id}",
                f"must be one of {', '.join(RULE_SETTINGS)}, not {_shown_value(setting)}"
                f"{_suggest(setting, RULE_SETTINGS)}",
            )
        else:
            good_rules[rule_id] = setting

    windows = _table(section, "windows", bad)
    window_values: dict[str, Duration] = {}
    window_keys = [name.replace("_", "-") for name in Windows._fields]
    for key, value in windows.items():
        if key not in window_keys:
            bad(f"windows.{_shown_key(key)}", f"is not a window{_suggest(key, window_keys, 'known: ')}")
            continue
        parsed = parse_duration(value)
        if parsed is None:
            bad(f"windows.{key}", f"must be an ISO 8601 duration such as P90D, not {_shown_value(value)}")
            continue
        window_values[key] = parsed

    limits = _table(section, "limits", bad)
    limit_values: dict[str, int] = {}
    limit_keys = [name.replace("_", "-") for name in Limits._fields]
    for key, value in limits.items():
        if key not in limit_keys:
            bad(f"limits.{_shown_key(key)}", f"is not a limit{_suggest(key, limit_keys, 'known: ')}")
        elif isinstance(value, bool) or not isinstance(value, int) or value < 1:
            bad(f"limits.{key}", f"must be a positive whole number, not {_shown_value(value)}")
        elif value > LIMIT_CAPS[key]:
            bad(f"limits.{key}", f"must be at most {LIMIT_CAPS[key]}, not {value}")
        else:
            limit_values[key] = value

    settings = Settings(fail_on, list(exclude), good_rules, window_values, limit_values)
    return settings, problems


def _short(value: Any, width: int = 40) -> Any:
    if isinstance(value, str) and len(value) > width:
        return value[: width - 3] + "..."
    return value


def _shown_key(key: str) -> str:
    """A key as an error line names it: shortened (a pack's text is not quoted at length)."""
    return str(_short(key, 80))


def _shown_value(value: Any) -> str:
    """A value as an error line shows it: text shortened, other values by their kind past a size."""
    if isinstance(value, str):
        return repr(_short(value))
    if isinstance(value, (bool, int, float)) and len(repr(value)) <= 40:
        return repr(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


def _table(section: Mapping[str, Any], name: str, bad: Callable[[str, str], None]) -> dict[str, Any]:
    value = section.get(name, {})
    if not isinstance(value, dict):
        bad(name, f"must be a table, such as [{name}]")
        return {}
    return value
