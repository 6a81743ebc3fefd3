"""`ai-readiness config`: the effective settings, each with the file that set it (`builtin` for a
default), the packs in the order applied, the locks and every requirement; and `config --check`,
which checks one pack on its own (README, "Policy")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ai_readiness.config import Config
from ai_readiness.errors import ConfigError

if TYPE_CHECKING:
    from ai_readiness.discovery import Root
    from ai_readiness.rules.base import Rule

BUILTIN = "builtin"
VERSION = 1


def check_pack(spec: str, root: Path, cwd: Path) -> list[str]:
    """The problems of one pack, with the packs it extends, one line each; a pack that can't be
    read at all raises (exit 2)."""
    from ai_readiness import packs, policy

    source = packs.resolve(spec, None, "--check", root, cwd, trusted=False)
    packs.read(source)  # unreadable: exit 2
    try:
        policy.merge(policy.stack(None, None, [source], root, cwd))
    except ConfigError as exc:
        return list(exc.messages)
    return []


def _group(config: Config, group: str) -> dict[str, dict[str, Any]]:
    """The windows or the limits (``group``), each with its value and the file that set it."""
    origins = config.policy.origins if config.policy is not None else {}
    values = getattr(config, group)
    defaults = type(values)()
    out = {}
    for name in values._fields:
        key = name.replace("_", "-")
        value = getattr(values, name)
        changed = value != getattr(defaults, name) and config.source
        origin = origins.get(f"{group}.{key}") or (config.source if changed else BUILTIN)
        out[key] = {"value": value if isinstance(value, int) else str(value), "from": origin}
    return out


def _origin(config: Config, setting: str) -> str:
    if config.policy is not None:
        return config.policy.origins.get(setting, BUILTIN)
    return config.source or BUILTIN


def excluded(config: Config, root: Root) -> list[str]:
    """The repository's manifests that `exclude` leaves out (named when a pack locks `exclude`)."""
    from ai_readiness.globs import matches_any
    from ai_readiness.names import repository_manifests

    if not config.exclude:
        return []
    return [p for p in repository_manifests(root) if matches_any(config.exclude, p)]


def requirement_dict(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "key": rule.keys[0] if rule.keys else None,
        "severity": rule.policy.label,
        "area": rule.area,
        "summary": rule.summary,
        "controls": list(rule.controls),
        "waivable": rule.waivable,
        "source": rule.source,
    }


def _relative(source: str | None, root: Root) -> str | None:
    """A configuration file as `config` names it: relative to the repository root when inside."""
    if source is None:
        return None
    path = Path(source)
    try:
        return path.resolve().relative_to(root.path.resolve()).as_posix() if path.is_absolute() else source
    except ValueError:
        return source


def settings_dict(config: Config, root: Root) -> dict[str, Any]:
    config = config._replace(source=_relative(config.source, root))
    policy = config.policy
    rule_origins = {
        k[len("rules.") :]: v for k, v in (policy.origins.items() if policy else ()) if k.startswith("rules.")
    }
    exclude_origins = dict(policy.exclude_origins) if policy else {}
    frameworks = {p.source: p.framework for p in policy.profiles} if policy else {}
    out: dict[str, Any] = {
        "version": VERSION,
        "packs": [
            {
                "source": layer.source,
                "kind": layer.kind,
                "name": layer.name,
                "description": layer.description,
                "url": layer.url,
                "profile": frameworks.get(layer.source),  # the framework of a regulation profile
            }
            for layer in (policy.layers if policy else [])
        ],
        "configuration": config.source,
        "settings": {
            "fail-on": {
                "value": config.fail_on,
                "from": _origin(config, "fail-on")
                if policy
                else (config.source if config.fail_on != "error" and config.source else BUILTIN),
            },
            "exclude": [{"value": p, "from": exclude_origins.get(p, config.source or BUILTIN)} for p in config.exclude],
            "rules": {
                k: {"value": v, "from": rule_origins.get(k, config.source or BUILTIN)} for k, v in config.rules.items()
            },
            "windows": _group(config, "windows"),
            "limits": _group(config, "limits"),
        },
    }
    if policy is not None:
        out["waivers"] = {
            "approvers": {
                "value": list(policy.approvers) if policy.approvers is not None else None,
                "from": policy.origins.get("waivers.approvers", BUILTIN),
            },
            "max-length": {
                "value": str(policy.max_length[0]) if policy.max_length else None,
                "from": policy.max_length[1] if policy.max_length else BUILTIN,
            },
            "unwaivable": {
                "value": sorted(policy.unwaivable),
                "from": policy.origins.get("waivers.unwaivable", BUILTIN),
            },
        }
        out["locks"] = {
            "rules": {
                rule_id: {
                    "beforeProduction": lock.before.label if lock.before else None,
                    "atProduction": lock.at.label if lock.at else None,
                    "by": lock.by,
                }
                for rule_id, lock in policy.rule_locks.items()
            },
            "windows": dict(policy.window_locks),
            "fail-on": {"value": policy.fail_on_lock[0], "by": policy.fail_on_lock[1]} if policy.fail_on_lock else None,
            "exclude": {"by": policy.exclude_lock} if policy.exclude_lock else None,
        }
        out["controls"] = {k: list(v) for k, v in policy.controls.items()}
        out["requirements"] = [requirement_dict(r) for r in policy.requirements]
        if policy.exclude_lock:
            out["excluded"] = excluded(config, root)
    else:
        out["waivers"] = None
        out["locks"] = None
        out["controls"] = {}
        out["requirements"] = []
    return out


def settings_json(config: Config, root: Root) -> str:
    return json.dumps(settings_dict(config, root), indent=2, ensure_ascii=False) + "\n"


def settings_text(config: Config, root: Root) -> str:
    """Like `git config --show-origin`: the file that set each setting, then the setting."""
    data = settings_dict(config, root)
    rows: list[tuple[str, str]] = []
    settings = data["settings"]
    rows.append((settings["fail-on"]["from"], f'fail-on = "{settings["fail-on"]["value"]}"'))
    for item in settings["exclude"]:
        rows.append((item["from"], f"exclude += {json.dumps(item['value'], ensure_ascii=False)}"))
    for rule_id, item in settings["rules"].items():
        rows.append((item["from"], f'rules.{rule_id} = "{item["value"]}"'))
    for key, item in settings["windows"].items():
        rows.append((item["from"], f'windows.{key} = "{item["value"]}"'))
    for key, item in settings["limits"].items():
        rows.append((item["from"], f"limits.{key} = {item['value']}"))
    waivers = data["waivers"]
    if waivers is not None:
        if waivers["approvers"]["value"] is not None:
            rows.append(
                (waivers["approvers"]["from"], f"waivers.approvers = {json.dumps(waivers['approvers']['value'])}")
            )
        if waivers["max-length"]["value"] is not None:
            rows.append((waivers["max-length"]["from"], f'waivers.max-length = "{waivers["max-length"]["value"]}"'))
        if waivers["unwaivable"]["value"]:
            rows.append(
                (waivers["unwaivable"]["from"], f"waivers.unwaivable = {json.dumps(waivers['unwaivable']['value'])}")
            )
    width = max(len(origin) for origin, _ in rows)
    lines = []
    if data["packs"]:
        lines.append("Policy files, in the order applied:")
        for number, layer in enumerate(data["packs"], start=1):
            words = [f"policy {layer['name']}"] if layer["name"] else []
            words += [f"regulation profile {layer['profile']}"] if layer["profile"] else []
            about = f" ({'; '.join(words)})" if words else ""
            lines.append(f"  {number}. {layer['source']} [{layer['kind']}]{about}")
        lines.append("")
    else:
        lines += [f"Configuration: {data['configuration'] or 'none (the built-in defaults)'}", ""]
    lines.append("Settings (the file that set each; builtin: the default):")
    lines += [f"  {origin.ljust(width)}  {setting}" for origin, setting in rows]
    locks = data["locks"]
    if locks and any(locks.values()):
        lines += ["", "Locks:"]
        for rule_id, lock in locks["rules"].items():
            floor = (
                lock["atProduction"]
                if lock["beforeProduction"] in (None, lock["atProduction"])
                else f"{lock['beforeProduction']} before production, {lock['atProduction']} at production"
            )
            lines.append(f"  {lock['by']}: rules.{rule_id} (at least {floor})")
        for key, by in locks["windows"].items():
            lines.append(f"  {by}: windows.{key}")
        if locks["fail-on"]:
            lines.append(f'  {locks["fail-on"]["by"]}: fail-on (at least as strict as "{locks["fail-on"]["value"]}")')
        if locks["exclude"]:
            lines.append(f"  {locks['exclude']['by']}: exclude (no later layer may add patterns)")
    if data["controls"]:
        lines += ["", "Controls added by packs:"]
        lines += [f"  {rule_id}: {', '.join(refs)}" for rule_id, refs in data["controls"].items()]
    if data["requirements"]:
        lines += ["", "Requirements:"]
        for item in data["requirements"]:
            extra = [f"area {item['area']}"]
            if item["controls"]:
                extra.append("controls " + ", ".join(item["controls"]))
            if not item["waivable"]:
                extra.append("unwaivable")
            lines.append(f"  {item['id']} ({item['severity']}; {'; '.join(extra)}) from {item['source']}")
            lines.append(f"      {item['summary']}")
    if "excluded" in data:
        lines += ["", "Manifests left out by `exclude` (locked):"]
        lines += [f"  {path}" for path in data["excluded"]] or ["  none"]
    return "\n".join(lines) + "\n"
