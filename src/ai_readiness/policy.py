"""Organisation policy: packs layered under the repository's configuration, requirements, locks and
waiver rules (README, "Policy"; docs/design.md, "Policy").

The layers apply in order: the `--policy` sources, then the packs the repository's configuration
extends, then that configuration, then the command line; each pack after the packs it extends
itself (depth first), a pack reached twice once, at its first place. `rules`, `windows` and
`limits` merge per key, `requirements` accumulate, `exclude` is a union, `[waivers]` only
tighten, and a `[lock]` binds every later layer. Imported only when a configuration uses packs,
requirements or waiver rules, or `--policy` is given.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ai_readiness import packs
from ai_readiness.config import (
    FAIL_ON,
    PACK_KEYS,
    POLICY_KEYS,
    Config,
    Settings,
    Windows,
    _shown_key,
    _shown_value,
    _suggest,
    validate_settings,
)
from ai_readiness.dates import Duration, parse_duration
from ai_readiness.errors import ConfigError
from ai_readiness.findings import Severity
from ai_readiness.loader import Limits
from ai_readiness.packs import Source

if TYPE_CHECKING:
    from ai_readiness.requirements import Requirement
    from ai_readiness.rules.base import Rule

# `fail-on` from the least strict to the strictest: a locked fail-on is a ceiling.
FAIL_ON_STRICTNESS = {"never": 0, "error": 1, "warning": 2, "info": 3}
# Windows where longer is stricter; shorter is stricter for the others.
LONGER_IS_STRICTER = frozenset(("high-risk-min-retention", "exception-expiry-notice"))
# Locked windows compare by adding each to this day, so the answer does not move with the calendar.
WINDOW_EPOCH = _dt.date(2000, 1, 1)
LOCK_KEYS = ("rules", "windows", "fail-on", "exclude")
WAIVER_KEYS = ("approvers", "max-length", "unwaivable")
_PACK_NAME = r"[A-Za-z0-9][A-Za-z0-9._-]{0,62}\Z"  # patterns compiled when first used
_URL = r"https://[^\s\x00-\x1f\x7f]{1,2000}\Z"
REFUSED_IN_CONFIGURATION = {
    key: "belongs in a policy pack, not in the repository's configuration (a repository cannot lock "
    "or name the policy it is judged by): move it to a pack the configuration extends"
    for key in PACK_KEYS
}


class Layer:
    """One file of the policy, in the order applied (`config` lists them). (Plain classes: defining
    a named tuple costs start-up time.)"""

    __slots__ = ("description", "kind", "name", "source", "url")

    def __init__(self, source: str, kind: str, name: str | None, description: str | None, url: str | None) -> None:
        self.source = source
        self.kind = kind  # "policy", "pack" or "configuration"
        self.name = name
        self.description = description
        self.url = url


class RuleLock:
    """The floor of a locked rule: its severity before production and at production (None: no
    floor there), and the pack that locked it."""

    __slots__ = ("at", "before", "by")

    def __init__(self, before: Severity | None, at: Severity | None, by: str) -> None:
        self.before = before
        self.at = at
        self.by = by


class PolicySettings:
    """What the layers decided beyond the plain settings of `Config`."""

    __slots__ = (
        "approver_keys",
        "approvers",
        "controls",
        "declared",
        "exclude_lock",
        "exclude_origins",
        "fail_on_lock",
        "layers",
        "max_length",
        "origins",
        "profiles",
        "requirements",
        "rule_locks",
        "rules",
        "unwaivable",
        "window_locks",
    )

    def __init__(self) -> None:
        self.layers: list[Layer] = []
        self.requirements: tuple[Rule, ...] = ()
        self.rules: tuple[Rule, ...] = ()  # the run's catalogue: the built-in rules, then the requirements
        self.rule_locks: dict[str, RuleLock] = {}
        self.window_locks: dict[str, str] = {}  # TOML key -> the pack that locked it
        self.fail_on_lock: tuple[str, str] | None = None  # (ceiling, the pack that locked it)
        self.exclude_lock: str | None = None  # the pack that forbids later `exclude` patterns
        self.approvers: tuple[str, ...] | None = None  # None: anyone but a technical owner
        self.approver_keys: frozenset[str] | None = None  # the approvers as owners compare
        self.unwaivable: frozenset[str] = frozenset()
        self.max_length: tuple[Duration, str] | None = None  # waivers.max-length, and who set it
        self.controls: dict[str, tuple[str, ...]] = {}  # rule id -> controls added by packs
        self.origins: dict[str, str] = {}  # setting ("fail-on", "rules.X", "windows.y", ...) -> file
        self.exclude_origins: list[tuple[str, str]] = []  # (pattern, file)
        # Packs with a `[profile]`: the frameworks whose coverage `report` lists (coverage.py).
        self.profiles: list[Profile] = []
        self.declared: dict[str, Requirement] = {}  # requirement id -> its declaration

    @property
    def locked(self) -> bool:
        """Whether any lock is in effect (then `--target-stage` only raises a stage)."""
        return bool(self.rule_locks or self.window_locks or self.fail_on_lock or self.exclude_lock)


def _owner_key(owner: str) -> str | None:
    return owner.lower() if owner.startswith("@") else owner


def _builtin_rules() -> tuple[Rule, ...]:
    from ai_readiness.rules.catalog import ALL_RULES

    return ALL_RULES


def load_policy(
    config_path: Path | None,
    section: Mapping[str, Any] | None,
    sources: Sequence[str],
    root: Path,
    cwd: Path,
) -> Config:
    """The effective configuration of the `--policy` sources, the packs and the repository's
    configuration file (its table ``section`` already read), every problem listed."""
    resolved = [packs.resolve(spec, None, f"--policy {_shown_value(spec)}", root, cwd) for spec in sources]
    return _merge(stack(config_path, section, resolved, root, cwd))


# -- the stack ------------------------------------------------------------------------------


def stack(
    config_path: Path | None, section: Mapping[str, Any] | None, sources: Sequence[Source], root: Path, cwd: Path
) -> list[tuple[Source, Mapping[str, Any]]]:
    """Every file of the policy with its table, in the order applied."""
    order: list[tuple[Source, Mapping[str, Any]]] = []
    applied: set[Path] = set()

    def visit(source: Source, table: Mapping[str, Any] | None, chain: list[Source]) -> None:
        if source.path in applied:
            return  # a pack reached twice applies once, at its first place
        paths = [s.path for s in chain]
        if source.path in paths:
            cycle = " -> ".join(s.shown for s in [*chain[paths.index(source.path) :], source])
            raise ConfigError(f"{chain[-1].shown}: `extends` forms a cycle: {cycle}")
        if table is None:
            table = packs.read(source)
        extends = table.get("extends", [])
        if not isinstance(extends, list):
            raise ConfigError(
                f'{source.shown}: `extends` must be a list, such as extends = ["python:acme_policy/policy.toml"]'
            )
        for index, spec in enumerate(extends):
            child = packs.resolve(spec, source, f"{source.shown}: `extends[{index}]`", root, cwd)
            visit(child, None, [*chain, source])
        applied.add(source.path)
        order.append((source, table))

    for source in sources:
        visit(source, None, [])
    if config_path is not None and section is not None:
        real_root = Path(os.path.realpath(root))
        path = Path(os.path.realpath(config_path))
        inside = path == real_root or real_root in path.parents
        shown = path.relative_to(real_root).as_posix() if inside else os.fspath(config_path)
        source = Source(path, shown, "configuration", real_root if inside else None)
        visit(source, section, [])
    return order


# -- merging --------------------------------------------------------------------------------


def merge(stack: list[tuple[Source, Mapping[str, Any]]]) -> Config:
    """The layers of ``stack`` merged, every problem listed (one ConfigError)."""
    return _merge(stack)


def _merge(stack: list[tuple[Source, Mapping[str, Any]]]) -> Config:
    from ai_readiness import requirement_checks
    from ai_readiness import requirements as requirements_module

    builtin = _builtin_rules()
    problems: list[str] = []
    policy = PolicySettings()

    # Requirements first: their ids are rule ids for every layer's `rules`, `lock` and `waivers`.
    declared: list[tuple[int, Requirement]] = []
    seen_ids: dict[str, str] = {}
    builtin_ids = {r.id for r in builtin}
    for index, (source, table) in enumerate(stack):
        parsed = requirements_module.parse(
            table.get("requirements"), source, problems, table.get("name"), table.get("url")
        )
        for requirement in parsed:
            clash = seen_ids.get(requirement.id)
            if requirement.id in builtin_ids:
                problems.append(f"{source.shown}: requirement `{requirement.id}` has the id of a built-in rule")
            elif clash is not None:
                problems.append(
                    f"{source.shown}: requirement `{requirement.id}` is declared again (first in {clash}): "
                    "ids are unique"
                )
            else:
                seen_ids[requirement.id] = source.shown
                declared.append((index, requirement))
    known: dict[str, bool] = {r.id: r.configurable for r in builtin}
    known.update({r.id: True for _, r in declared})
    defaults: dict[str, Any] = {r.id: r.policy for r in builtin}
    defaults.update({r.id: requirements_module.severity_policy(r) for _, r in declared})

    fail_on = "error"
    exclude: list[str] = []
    rules: dict[str, str] = {}
    rule_layer: dict[str, int] = {}
    windows: dict[str, Duration] = {}
    limits: dict[str, int] = {}
    approvers: tuple[str, ...] | None = None
    approvers_by = ""
    unwaivable: set[str] = set()
    controls: dict[str, list[str]] = {}
    window_floor: dict[str, Duration] = {}

    for index, (source, table) in enumerate(stack):
        is_configuration = source.kind == "configuration"
        allowed = (*_plain_keys(), *POLICY_KEYS) if is_configuration else (*_plain_keys(), *POLICY_KEYS, *PACK_KEYS)
        settings, layer_problems = validate_settings(
            table,
            source.path,
            source.shown,
            known,
            allowed=allowed,
            refused=REFUSED_IN_CONFIGURATION if is_configuration else None,
        )
        problems += layer_problems
        name, description, url = _about(table, source, problems) if not is_configuration else (None, None, None)
        policy.layers.append(Layer(source.shown, source.kind, name, description, url))
        waivers = _waivers(table, source, known, settings, problems)
        lock = _lock(table, source, known, problems) if not is_configuration else None
        if "profile" in table and not is_configuration:
            profile = parse_profile(table["profile"], source, name, problems)
            if profile is not None:
                first = next((p for p in policy.profiles if p.framework == profile.framework), None)
                if first is not None:
                    problems.append(
                        f"{source.shown}: `profile.framework` {profile.framework!r} already has a profile in "
                        f"{first.source}: one profile per framework"
                    )
                else:
                    policy.profiles.append(profile)

        # fail-on: the last layer that sets it; a locked one only gets stricter
        if settings.fail_on is not None:
            ceiling = policy.fail_on_lock
            if ceiling and FAIL_ON_STRICTNESS[settings.fail_on] < FAIL_ON_STRICTNESS[ceiling[0]]:
                problems.append(
                    f"{source.shown}: `fail-on` = {settings.fail_on!r} loosens the fail-on that {ceiling[1]} locks "
                    f"({ceiling[0]!r}): a later layer may only make it stricter"
                )
            else:
                fail_on = settings.fail_on
                policy.origins["fail-on"] = source.shown
        # exclude: a union, unless a pack forbids more
        if settings.exclude:
            if policy.exclude_lock is not None:
                problems.append(
                    f"{source.shown}: `exclude` adds patterns, but {policy.exclude_lock} locks `exclude`: "
                    "no later layer may leave manifests out"
                )
            else:
                for pattern in settings.exclude:
                    if pattern not in exclude:
                        exclude.append(pattern)
                        policy.exclude_origins.append((pattern, source.shown))
        # rules: per key, never below a lock's floor
        for rule_id, setting in settings.rules.items():
            lock_of = policy.rule_locks.get(rule_id)
            if lock_of is not None:
                before, at = _in_force(defaults[rule_id], setting)
                if _below(before, lock_of.before) or _below(at, lock_of.at):
                    problems.append(
                        f"{source.shown}: `rules.{rule_id}` = {setting!r} loosens {rule_id}, which {lock_of.by} "
                        f"locks at {_floor_words(lock_of)}: a later layer may only raise it"
                    )
                    continue
            rules[rule_id] = setting
            rule_layer[rule_id] = index
            policy.origins[f"rules.{rule_id}"] = source.shown
        # windows: per key, never looser than a locked one
        for key, value in settings.windows.items():
            locked_by = policy.window_locks.get(key)
            if locked_by is not None and _looser(key, value, window_floor[key]):
                problems.append(
                    f"{source.shown}: `windows.{key}` = {value.text!r} loosens the window {locked_by} locks "
                    f"({window_floor[key].text}): it may only be made "
                    + ("longer" if key in LONGER_IS_STRICTER else "shorter")
                )
                continue
            windows[key] = value
            policy.origins[f"windows.{key}"] = source.shown
        for key, number in settings.limits.items():
            limits[key] = number
            policy.origins[f"limits.{key}"] = source.shown
        # waivers: only tighten
        if waivers is not None:
            listed, max_length, never = waivers
            if listed is not None:
                if approvers is None:
                    approvers, approvers_by = tuple(listed), source.shown  # first layer to list them
                else:
                    keys = {_owner_key(a) for a in listed}
                    kept = tuple(a for a in approvers if _owner_key(a) in keys)
                    if not kept:
                        problems.append(
                            f"{source.shown}: `waivers.approvers` shares no one with the approvers of "
                            f"{approvers_by}: no exception could be approved"
                        )
                    else:
                        approvers, approvers_by = kept, source.shown
                policy.origins["waivers.approvers"] = source.shown
            if max_length is not None and (
                policy.max_length is None or _window_key(max_length) < _window_key(policy.max_length[0])
            ):
                policy.max_length = (max_length, source.shown)
                policy.origins["waivers.max-length"] = source.shown
            if never:
                unwaivable.update(never)
                policy.origins["waivers.unwaivable"] = source.shown
        for rule_id, refs in _controls(table, source, known, problems).items():
            listed_controls = controls.setdefault(rule_id, [])
            listed_controls += [c for c in refs if c not in listed_controls]
        # this layer's locks: the values in force after it are the floors
        if lock is not None:
            locked_rules, locked_windows, lock_fail_on, lock_exclude = lock
            for rule_id in locked_rules:
                before, at = _in_force(defaults[rule_id], rules.get(rule_id))
                old = policy.rule_locks.get(rule_id)
                if old is not None:
                    before, at = _stricter(before, old.before), _stricter(at, old.at)
                policy.rule_locks[rule_id] = RuleLock(before, at, source.shown)
            for key in locked_windows:
                value = windows.get(key) or getattr(Windows(), key.replace("-", "_"))
                if key not in window_floor or _looser(key, window_floor[key], value):
                    window_floor[key] = value
                policy.window_locks[key] = source.shown
            if lock_fail_on:
                old_ceiling = policy.fail_on_lock
                if old_ceiling is None or FAIL_ON_STRICTNESS[fail_on] >= FAIL_ON_STRICTNESS[old_ceiling[0]]:
                    policy.fail_on_lock = (fail_on, source.shown)
            if lock_exclude:
                policy.exclude_lock = source.shown

    if problems:
        raise ConfigError(*problems)

    # Requirements become rules. A severity a later layer sets explicitly wins over `effective`
    # (a repository opting in early); one set in the requirement's own layer is its severity.
    compiled: list[Rule] = []
    for index, requirement in declared:
        configured = rules.get(requirement.id)
        explicit = configured is not None and rule_layer[requirement.id] > index
        if configured is not None and configured != "off" and not explicit:
            requirement.severity = Severity.parse(configured)
            del rules[requirement.id]
        compiled.append(
            requirement_checks.compile_requirement(
                requirement, explicit, tuple(controls.pop(requirement.id, ())), requirement.id in unwaivable
            )
        )
    policy.requirements = tuple(compiled)
    policy.declared = {r.id: r for _, r in declared}
    policy.controls = {rule_id: tuple(refs) for rule_id, refs in controls.items()}
    policy.rules = (
        tuple(
            r._replace(controls=(*r.controls, *policy.controls[r.id])) if r.id in policy.controls else r
            for r in builtin
        )
        + policy.requirements
    )
    policy.approvers = approvers
    policy.approver_keys = None if approvers is None else frozenset(_owner_key(a) or a for a in approvers)
    policy.unwaivable = frozenset(unwaivable)

    window_values = {key.replace("-", "_"): value for key, value in windows.items()}
    if policy.max_length is not None:
        current = window_values.get("exception_max_length", Windows().exception_max_length)
        if _window_key(policy.max_length[0]) < _window_key(current):
            window_values["exception_max_length"] = policy.max_length[0]
            policy.origins["windows.exception-max-length"] = policy.max_length[1]
    configuration = [s for s, _ in stack if s.kind == "configuration"]
    return Config(
        source=configuration[0].shown if configuration else None,
        fail_on=fail_on,
        exclude=tuple(exclude),
        rules=rules,
        windows=Windows(**window_values),
        limits=Limits(**{key.replace("-", "_"): value for key, value in limits.items()}),
        policy=policy,
    )


def _plain_keys() -> tuple[str, ...]:
    return ("fail-on", "exclude", "rules", "windows", "limits")


def _in_force(policy: Any, setting: str | None) -> tuple[Severity | None, Severity | None]:
    """A rule's severity before production and at production under ``setting`` (a configured
    severity replaces the default wherever the rule runs; `off` runs it nowhere)."""
    before, at = policy.before_prod, policy.at_prod
    if setting is None:
        return before, at
    if setting == "off":
        return None, None
    severity = Severity.parse(setting)
    return (severity if before is not None else None), (severity if at is not None else None)


def _below(value: Severity | None, floor: Severity | None) -> bool:
    return floor is not None and (value is None or value < floor)


def _stricter(a: Severity | None, b: Severity | None) -> Severity | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _floor_words(lock: RuleLock) -> str:
    if lock.before == lock.at:
        return f"{lock.at.label if lock.at else 'off'}"
    before = lock.before.label if lock.before else "not run"
    at = lock.at.label if lock.at else "not run"
    return f"{before} before production and {at} at production"


def _window_key(value: Duration) -> tuple[_dt.date, int]:
    return value.after(WINDOW_EPOCH), value.seconds % 86_400


def _looser(key: str, value: Duration, floor: Duration) -> bool:
    if key in LONGER_IS_STRICTER:
        return _window_key(value) < _window_key(floor)
    return _window_key(value) > _window_key(floor)


# -- the keys only policy knows ------------------------------------------------------------------


def _about(table: Mapping[str, Any], source: Source, problems: list[str]) -> tuple[str | None, str | None, str | None]:
    name = table.get("name")
    if name is not None and (not isinstance(name, str) or not re.match(_PACK_NAME, name)):
        problems.append(
            f"{source.shown}: `name` must be a short name of letters, digits, `.`, `_` and `-`, "
            f"not {_shown_value(name)}"
        )
        name = None
    description = table.get("description")
    if description is not None and not isinstance(description, str):
        problems.append(f"{source.shown}: `description` must be text")
        description = None
    url = table.get("url")
    if url is not None and (not isinstance(url, str) or not re.match(_URL, url)):
        problems.append(f"{source.shown}: `url` must be an https:// address, not {_shown_value(url)}")
        url = None
    return name, description, url


def _ids(value: Any, source: Source, key: str, known: Mapping[str, bool], problems: list[str]) -> list[str]:
    """A list of exact rule or requirement ids (no prefixes)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f'{source.shown}: `{key}` must be a list of rule ids, such as ["SEC001", "ACME001"]')
        return []
    good = []
    for item in value:
        if item not in known:
            problems.append(
                f"{source.shown}: `{key}` names {_shown_value(item)}, which is not a rule id{_suggest(item, known)}"
                " (lists name exact ids)"
            )
        else:
            good.append(item)
    return good


def _section(
    table: Mapping[str, Any], name: str, keys: Iterable[str], what: str, source: Source, problems: list[str]
) -> dict[str, Any] | None:
    """The table ``name`` of a pack (None when absent or not a table), its unknown keys reported."""
    section = table.get(name)
    if section is None:
        return None
    if not isinstance(section, dict):
        problems.append(f"{source.shown}: `{name}` must be a table, such as [{name}]")
        return None
    for key in section:
        if key not in keys:
            problems.append(f"{source.shown}: `{name}.{_shown_key(key)}` is not {what}{_suggest(key, keys, 'known: ')}")
    return section


def _lock(
    table: Mapping[str, Any], source: Source, known: Mapping[str, bool], problems: list[str]
) -> tuple[list[str], list[str], bool, bool] | None:
    lock = _section(table, "lock", LOCK_KEYS, "a lock", source, problems)
    if lock is None:
        return None
    locked_rules = _ids(lock.get("rules", []), source, "lock.rules", known, problems)
    fixed = [r for r in locked_rules if not known[r]]
    for rule_id in fixed:
        problems.append(f"{source.shown}: `lock.rules` names {rule_id}, which always runs: there is nothing to lock")
    windows = lock.get("windows", [])
    window_keys = [name.replace("_", "-") for name in Windows._fields]
    locked_windows: list[str] = []
    if not isinstance(windows, list) or not all(isinstance(w, str) for w in windows):
        problems.append(f'{source.shown}: `lock.windows` must be a list of window names, such as ["red-team-max-age"]')
    else:
        for key in windows:
            if key not in window_keys:
                problems.append(
                    f"{source.shown}: `lock.windows` names {_shown_value(key)}, which is not a window"
                    f"{_suggest(key, window_keys, 'known: ')}"
                )
            else:
                locked_windows.append(key)
    flags = []
    for key in ("fail-on", "exclude"):
        value = lock.get(key, False)
        if not isinstance(value, bool):
            problems.append(f"{source.shown}: `lock.{key}` must be true or false, not {_shown_value(value)}")
            value = False
        flags.append(value)
    return [r for r in locked_rules if known[r]], locked_windows, flags[0], flags[1]


def _waivers(
    table: Mapping[str, Any], source: Source, known: Mapping[str, bool], settings: Settings, problems: list[str]
) -> tuple[list[str] | None, Duration | None, list[str]] | None:
    waivers = _section(table, "waivers", WAIVER_KEYS, "a waiver setting", source, problems)
    if waivers is None:
        return None
    approvers = waivers.get("approvers")
    listed: list[str] | None = None
    if approvers is not None:
        from ai_readiness.requirements import is_owner

        if not isinstance(approvers, list) or not approvers or not all(isinstance(a, str) for a in approvers):
            problems.append(
                f'{source.shown}: `waivers.approvers` must be a list of owners, such as ["@acme/ai-governance"]'
            )
        else:
            bad = [a for a in approvers if not is_owner(a)]
            for owner in bad:
                problems.append(
                    f"{source.shown}: `waivers.approvers` holds {_shown_value(owner)}, which is not an owner "
                    "(@user, @org/team, an e-mail address, group: or user: refs)"
                )
            listed = [a for a in approvers if a not in bad]
    max_length = None
    if "max-length" in waivers:
        max_length = parse_duration(waivers["max-length"])
        if max_length is None:
            problems.append(
                f"{source.shown}: `waivers.max-length` must be an ISO 8601 duration such as P180D, not "
                f"{_shown_value(waivers['max-length'])}"
            )
        elif "exception-max-length" in settings.windows:
            problems.append(
                f"{source.shown}: `waivers.max-length` and `windows.exception-max-length` set the same limit: "
                "keep one (waivers.max-length replaces the window)"
            )
    never = _ids(waivers.get("unwaivable", []), source, "waivers.unwaivable", known, problems)
    return listed, max_length, never


def _controls(
    table: Mapping[str, Any], source: Source, known: Mapping[str, bool], problems: list[str]
) -> dict[str, list[str]]:
    """`[controls]`: references a pack adds to rules and requirements, `framework:reference`."""
    value = table.get("controls")
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(f'{source.shown}: `controls` must be a table of rule id = ["framework:reference", ...]')
        return {}
    out: dict[str, list[str]] = {}
    for rule_id, refs in value.items():
        if rule_id not in known:
            problems.append(
                f"{source.shown}: `controls.{_shown_key(rule_id)}` is not a rule id{_suggest(rule_id, known)}"
            )
            continue
        from ai_readiness.requirements import check_controls

        checked = check_controls(refs, f"{source.shown}: `controls.{rule_id}`", problems)
        if checked:
            out[rule_id] = checked
    return out


# -- profiles -------------------------------------------------------------------------------------

PROFILE_KEYS = ("framework", "title", "when")
_FRAMEWORK = r"[a-z0-9][a-z0-9.-]{0,40}\Z"


class Profile:
    """A pack's `[profile]`: the framework whose controls `report` lists, and the systems it is
    about (its `when`, judged as a requirement's)."""

    __slots__ = ("conditions", "framework", "name", "source", "title", "when")

    def __init__(self, framework: str, title: str, name: str, source: str, when: tuple[Any, ...]) -> None:
        self.framework = framework
        self.title = title
        self.name = name  # the pack's name, else its file as `config` names it
        self.source = source
        self.when = when  # (path, parts, test), as a requirement's `when`
        self.conditions: list[Any] | None = None  # compiled when first judged

    def applies(self, data: Mapping[str, Any]) -> bool:
        if self.conditions is None:
            from ai_readiness.requirement_checks import _Condition, _groups

            self.conditions = [_Condition(_groups(parts), test, 0) for _, parts, test in self.when]
        return all(c.holds(data) for c in self.conditions)

    def as_dict(self) -> dict[str, Any]:
        return {"framework": self.framework, "title": self.title, "name": self.name, "source": self.source}


def parse_profile(value: Any, source: Source, name: Any, problems: list[str]) -> Profile | None:
    """A pack's `[profile]` table, or None with its problems listed."""
    from ai_readiness.requirements import _when

    if not isinstance(value, dict):
        problems.append(f'{source.shown}: `profile` must be a table, such as [profile] framework = "nist-ai-rmf"')
        return None
    before = len(problems)

    def bad(key: str, why: str) -> None:
        problems.append(f"{source.shown}: `profile.{key}` {why}")

    for key in value:
        if key not in PROFILE_KEYS:
            bad(_shown_key(key), f"is not a profile setting{_suggest(key, PROFILE_KEYS, 'known: ')}")
    framework = value.get("framework")
    if not isinstance(framework, str) or not re.match(_FRAMEWORK, framework):
        bad("framework", f'must name the controls\' framework, such as "eu-ai-act", not {_shown_value(framework)}')
    title = value.get("title", framework)
    if not isinstance(title, str) or not title.strip():
        bad("title", "must be text naming the framework")
    when = _when(value.get("when"), bad)
    if len(problems) > before or not isinstance(framework, str) or not isinstance(title, str):
        return None
    return Profile(framework, title, name if isinstance(name, str) else source.shown, source.shown, when)


def check_fail_on(config: Config, value: str, flag: str = "--fail-on") -> None:
    """A `--fail-on` that loosens a locked fail-on is exit 2."""
    policy = config.policy
    ceiling = policy.fail_on_lock if policy is not None else None
    if ceiling is not None and FAIL_ON_STRICTNESS[value] < FAIL_ON_STRICTNESS[ceiling[0]]:
        raise ConfigError(
            f"{flag} {value}: {ceiling[1]} locks fail-on at {ceiling[0]!r}; the command line may only make it "
            f"stricter ({', '.join(f for f in FAIL_ON if FAIL_ON_STRICTNESS[f] >= FAIL_ON_STRICTNESS[ceiling[0]])})"
        )
