"""`ai-readiness init`: a commented starter manifest for a stage and a type (README.md, "init").

At prototype the starter lints clean. At pilot and production nothing is invented: text fields
hold `<...>` placeholders (META001) and typed fields (owners, enums, dates, durations, ids) stay
commented out (STAGE001), so the findings are the to-do list of the promotion.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from ai_readiness.discovery import git_env
from ai_readiness.errors import ConfigError

SCHEMA_URL = "https://raw.githubusercontent.com/ai-readiness/ai-readiness/main/schemas/ai-readiness.schema.json"
_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
_LEVEL = {"prototype": 0, "pilot": 1, "production": 2}


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")
    return re.sub(r"-{2,}", "-", slug)[:63].strip("-")


def _git_email(folder: Path) -> str | None:
    import subprocess

    existing = next((f for f in (folder, *folder.parents) if f.is_dir()), Path.cwd())
    try:
        done = subprocess.run(
            ["git", "config", "user.email"], cwd=existing, env=git_env(), capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    email = done.stdout.strip()
    return email if done.returncode == 0 and "@" in email else None


# YAML double-quoted escapes for what must not stand raw in the file: control characters (a line
# break would end the value), format characters, line and paragraph separators (ruamel reads U+0085,
# U+2028 and U+2029 as line breaks), the BOM and the non-characters U+FFFE/U+FFFF.
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back as exactly ``text``."""
    import unicodedata

    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") or char in "\ufffe\uffff":
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _plain_name(name: str) -> bool:
    """A DNS-label name YAML reads as text when written plain: not a number (`0`, `0x1f`, `1e5`)
    nor a word some YAML readers take for a boolean or null."""
    return name[0].isalpha() and name not in ("null", "true", "false", "yes", "no", "on", "off", "y", "n")


class Form(NamedTuple):
    """How a key the stage gate asks for is written before anyone fills it in: ``text``, a
    `<...>` placeholder (META001 flags it); ``list``, a list of one placeholder; ``commented``, a
    commented-out line with an example ``value`` (STAGE001 keeps asking for it: nothing is
    invented); ``mapping``, the key with ``children`` beneath. ``note`` is the short description
    that ends a commented line. `init` and `promote` both write keys this way."""

    kind: str
    value: str = ""
    note: str = ""
    children: tuple[tuple[str, Form], ...] = ()


TEXT, LIST, COMMENTED, MAPPING = "text", "list", "commented", "mapping"

# The form of every key a stage gate requires (gates.py), by its path under `spec`; `stage` is
# not here: it is always written with its value.
FORMS: dict[str, Form] = {
    "type": Form(COMMENTED, "llm-feature", "llm-feature | rag-assistant | classifier | agent | other"),
    "owners.technical": Form(COMMENTED, '["@org/team"]', "builds and runs it; a team outlives a person"),
    "purpose.intendedUse": Form(TEXT, "<what the system does, for whom>"),
    "owners.business": Form(COMMENTED, '["@org/product-team"]', "answers for its outcomes; not a technical owner"),
    "purpose.outOfScope": Form(LIST, "<a use the system must not be put to>"),
    "risk.tier": Form(COMMENTED, "medium", "low | medium | high: how much harm a failure can do"),
    "review.lastReviewed": Form(COMMENTED, "YYYY-MM-DD", "the day this manifest was last reviewed"),
    "review.cadence": Form(COMMENTED, "P90D", "how often it is reviewed (ISO 8601 duration)"),
    "data.sources": Form(COMMENTED, "", "every data source it reads: id, uri, owner, classification, access"),
    "evaluation.metrics": Form(COMMENTED, "", "id, kind (quality, safety, ...), direction (higher | lower)"),
    "evaluation.datasets": Form(COMMENTED, "", "id, path: what it is evaluated on"),
    "evaluation.thresholds": Form(COMMENTED, "", "metric, op, value, gate: release: the bar a release must clear"),
    "evaluation.triggers": Form(COMMENTED, "[pull_request, release]", "when the evaluation runs"),
    "evaluation.lastRun": Form(COMMENTED, "{date: YYYY-MM-DD, report: path/to/report}", "evidence of the latest run"),
    "monitoring.signals": Form(COMMENTED, "", "metric, source, alert {op, value, window}"),
    "monitoring.escalation": Form(
        MAPPING,
        children=(
            ("onCall", Form(TEXT, "<on-call rotation paged by alerts>")),
            ("channel", Form(TEXT, "<where incidents are discussed>")),
        ),
    ),
    "monitoring.feedback": Form(COMMENTED, "{channel: ..., triageOwner: '@org/team', triageWithin: P2D}"),
    "logging.events": Form(COMMENTED, "[request, output, model_version]", "what is logged"),
    "logging.retention": Form(COMMENTED, "P180D", "how long logs are kept"),
    "failureHandling.fallback": Form(TEXT, "<what users get when the system fails or is switched off>"),
    "failureHandling.killSwitch": Form(COMMENTED, "{mechanism: ..., owner: '@org/team', lastTested: YYYY-MM-DD}"),
    "failureHandling.runbook": Form(COMMENTED, "docs/runbook.md", "how on-call handles incidents"),
    "transparency": Form(COMMENTED, "{aiDisclosure: true}", "what users are told"),
    "humanOversight.mode": Form(
        COMMENTED, "human-on-the-loop", "none | human-on-the-loop | human-in-the-loop | human-in-command"
    ),
    "reviews": Form(COMMENTED, "", "type, status, by, date, evidence: security, privacy, legal, launch, ..."),
    "decommission": Form(
        MAPPING,
        children=(
            ("date", Form(COMMENTED, "YYYY-MM-DD", "the day it is (or was) switched off")),
            ("dataDeletion", Form(TEXT, "<what happens to its logs and data>")),
            ("replacement", Form(TEXT, "<what replaces it>")),
        ),
    ),
}
# A RAG assistant must cite its sources (TRN001): its example says so.
RAG_TRANSPARENCY = Form(COMMENTED, "{citations: required, aiDisclosure: true}")


def form_of(key: str, system_type: str | None) -> Form:
    """The form of the gate key ``key`` (its path under `spec`) for a system of ``system_type``."""
    if key == "transparency" and system_type == "rag-assistant":
        return RAG_TRANSPARENCY
    return FORMS[key]


def form_lines(name: str, form: Form, indent: str, step: str = "  ", sequence: str | None = None) -> list[str]:
    """The lines that write key ``name`` in ``form`` at ``indent``: ``step`` is one level of
    indentation, ``sequence`` the indentation of a list's dashes under their key (default: ``step``)."""
    if form.kind == COMMENTED:
        line = f"{indent}# {name}:" + (f" {form.value}" if form.value else "")
        return [line + (f"  # {form.note}" if form.note else "")]
    if form.kind == TEXT:
        return [f"{indent}{name}: {quote(form.value)}"]
    if form.kind == LIST:
        return [f"{indent}{name}:", f"{indent}{step if sequence is None else sequence}- {quote(form.value)}"]
    lines = [f"{indent}{name}:"]
    for child, child_form in form.children:
        lines += form_lines(child, child_form, indent + step, step, sequence)
    return lines


def render_starter(stage: str, system_type: str, name: str, owner: str | None, purpose: str | None) -> str:
    level = _LEVEL[stage]
    pilot, production = level >= 1, level >= 2

    def key(path: str, indent: str) -> list[str]:
        return form_lines(path.rsplit(".", 1)[-1], form_of(path, system_type), indent)

    lines = [
        f"# yaml-language-server: $schema={SCHEMA_URL}",
        "# Declares this AI system and how ready it is. Check it with `ai-readiness lint`;",
        "# `ai-readiness explain RULE` explains any finding. Keys starting with `x-` are yours.",
        "apiVersion: ai-readiness/v1",
        "kind: AISystem",
        "metadata:",
        f"  name: {name if _plain_name(name) else quote(name)}",
        "spec:",
        f"  type: {system_type}  # {FORMS['type'].note}",
        f"  stage: {stage}  # prototype -> pilot -> production (or deprecated)",
        "  # Every file under this folder counts as the system's code for GIT001 and --base; narrow",
        "  # that with globs from this folder, e.g. `paths: [src/**, prompts/**]`.",
        "  owners:",
    ]
    if owner:
        lines.append(f"    technical: [{quote(owner)}]  # {FORMS['owners.technical'].note}")
    else:
        lines += key("owners.technical", "    ")
    if pilot:
        lines += key("owners.business", "    ")
    lines.append("  purpose:")
    if purpose:
        lines.append(f"    intendedUse: {quote(purpose)}")
    elif pilot:
        lines += key("purpose.intendedUse", "    ")
    else:
        lines.append(f"    intendedUse: {quote(f'Explore whether {name} is worth a pilot.')}")
    if pilot:
        lines += key("purpose.outOfScope", "    ")
        lines.append("    # also, for the regulation profiles: intendedUsers, affectedGroups, knownLimitations")
        lines.append("  risk:")
        lines += key("risk.tier", "    ")
        lines.append("    # also euAiAct (and aiActRoles when it is high), assessment, residualRisk and")
        lines.append("    # impactAssessments, for the regulation profiles (README)")
        lines.append("  review:")
        lines += key("review.lastReviewed", "    ") + key("review.cadence", "    ")
        lines.append("  data:")
        lines += key("data.sources", "    ")
        lines.append("  evaluation:")
        for each in ("metrics", "datasets", "thresholds"):
            lines += key(f"evaluation.{each}", "    ")
    if production:
        lines += key("evaluation.triggers", "    ") + key("evaluation.lastRun", "    ")
        lines.append("  monitoring:")
        lines += key("monitoring.signals", "    ")
        lines += key("monitoring.escalation", "    ") + key("monitoring.feedback", "    ")
        lines.append("  logging:")
        lines += key("logging.events", "    ") + key("logging.retention", "    ")
        lines.append("  failureHandling:")
        for each in ("fallback", "killSwitch", "runbook"):
            lines += key(f"failureHandling.{each}", "    ")
        lines.append("    # also seriousIncident (procedure, owner, notifications, lastDrill) for the profiles")
        lines += key("transparency", "  ")
        lines.append("  humanOversight:")
        lines += key("humanOversight.mode", "    ")
        lines += key("reviews", "  ")
    return "\n".join(lines) + "\n"


def _owner_pattern() -> re.Pattern[str]:
    from ai_readiness.schema import load_schema

    return re.compile(load_schema()["$defs"]["owner"]["pattern"])


def _text(flag: str, value: str | None) -> str | None:
    """A command-line value as text a manifest can hold: UTF-8 (no byte that is not)."""
    if value is not None and re.search("[\ud800-\udfff]", value):
        raise ConfigError(f"{flag}: {value!r} is not UTF-8 text")
    return value


def check_owner(owner: str, flag: str = "--owner") -> None:
    """An owner in a form the schema accepts, else exit 2 saying which forms there are."""
    if _owner_pattern().search(owner):
        return
    hint = f"did you mean @{owner}? " if _owner_pattern().search("@" + owner) else ""
    raise ConfigError(
        f"{flag}: {owner!r} is not an owner: {hint}write @user, @org/team, an e-mail address "
        "(name@example.com) or a Backstage ref (group:[namespace/]name, user:[namespace/]name)"
    )


def write_starter(
    folder: Path, *, stage: str, system_type: str, name: str | None, owner: str | None, purpose: str | None
) -> Path:
    """Write the starter, or exit 2 before writing anything: what it writes lints as the module
    docstring says, whatever the values given."""
    name, owner, purpose = _text("--name", name), _text("--owner", owner), _text("--purpose", purpose)
    if owner is not None:
        check_owner(owner)
    if purpose:
        from ai_readiness.rules.metadata import placeholder_in

        found = placeholder_in(purpose)
        if found:
            raise ConfigError(
                f"--purpose: {found!r} reads as placeholder text (META001): say what the system does, "
                "or leave --purpose out"
            )
    for existing in ("ai-readiness.yaml", "ai-readiness.yml"):
        if (folder / existing).exists():
            raise ConfigError(f"{folder / existing} already exists: init never overwrites a manifest")
    if name is None:
        name = _slug(folder.resolve().name)
    if not _NAME.fullmatch(name):
        raise ConfigError(f"--name: {name!r} is not a DNS-label name (lowercase letters, digits and '-'); pass --name")
    if owner is None and stage == "prototype":
        email = _git_email(folder)
        if email is None:
            raise ConfigError("no technical owner: pass --owner (for example --owner @org/team)")
        if not _owner_pattern().search(email):
            raise ConfigError(
                f"no technical owner: git's user.email {email!r} is not an e-mail address the manifest accepts "
                "(it needs a domain such as example.com), so it is not used; pass --owner "
                "(for example --owner @org/team)"
            )
        owner = email
    target = folder / "ai-readiness.yaml"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(render_starter(stage, system_type, name, owner, purpose))
    except FileExistsError as exc:
        raise ConfigError(f"{target} already exists: init never overwrites a manifest") from exc
    except OSError as exc:
        raise ConfigError(f"{target}: cannot write it: {exc.strerror or exc}") from exc
    return target
