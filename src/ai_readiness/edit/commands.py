"""The files side of `promote` and `lint --fix`: which manifests, what each becomes, what is
written and what is said. The command line prints what these return and picks the exit code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from ai_readiness.edit.files import Manifest, check_writable, read_manifest, write
from ai_readiness.edit.fixes import fix_text
from ai_readiness.edit.promote import Asked, promote_text
from ai_readiness.edit.splice import unified_diff
from ai_readiness.errors import ConfigError
from ai_readiness.escaping import one_line
from ai_readiness.strings import shorten, unescape_pointer_token

if TYPE_CHECKING:
    from ai_readiness.discovery import Target
    from ai_readiness.engine import Options


class Outcome(NamedTuple):
    output: str  # for standard output: the promoted lines, the diff, or the files that would change
    messages: list[str]  # for standard error, one line each
    changed: list[str]  # the files changed (or that would change)
    failed: bool  # a system could not be edited
    contents: dict[str, bytes]  # the edited bytes by path (what `--diff` lints instead of the files)
    fixed: int = 0  # findings fixed


def _stage(value: Any) -> str:
    if value is None or value == "":
        return "(no stage)"
    return value if isinstance(value, str) and value.isidentifier() else repr(shorten(str(value)))


def promote_files(options: Options, stage: str, systems: tuple[str, ...], mode: str) -> Outcome:
    """``mode``: "write", "diff" (print a diff, write nothing) or "check" (print the files)."""
    from ai_readiness.engine import Linter

    linter = Linter(options)
    targets = linter.targets()
    messages = list(linter.notes)
    if not targets:
        raise ConfigError("no manifest to promote" + (f" ({'; '.join(linter.notes)})" if linter.notes else ""))
    limits = options.config.limits
    root = str(options.root.path)
    planned: list[tuple[Manifest, str]] = []
    output: list[str] = []
    lowering: list[str] = []
    names: set[str] = set()
    failed = False
    fixed = 0
    asked = _requirements_asked(options, targets, stage)
    for target in targets:
        manifest = read_manifest(target, root, limits)
        if isinstance(manifest, str):
            messages.append(f"{target.path}: cannot edit safely: {manifest}")
            failed = True
            continue
        result = promote_text(
            manifest.text, stage, systems=systems or None, limits=limits, required=asked.get(target.path)
        )
        names.update(result.names)
        for problem in result.problems:
            who = f"{problem.name or f'document {problem.document}'}: " if problem.document is not None else ""
            line = f"{target.path}: {who}{problem.message}"
            if problem.lowering:
                lowering.append(f"{line} (--to {stage})")
            elif problem.note:
                messages.append(line)
            else:
                messages.append(line)
                failed = True
        if result.text != manifest.text:
            planned.append((manifest, result.text))
            fixed += len(result.fixes)
            for change in result.changes:
                who = change.name or f"document {change.document}"
                added = f"{change.keys} key{'' if change.keys == 1 else 's'} added"
                line = f"promoted {target.path}: {who} {_stage(change.old_stage)} -> {stage}, {added}"
                output.append(one_line(line) + "\n")
    unknown = [s for s in systems if s not in names]
    if unknown:
        raise ConfigError(f"--system: no system named {', '.join(map(repr, unknown))} in the manifests given")
    if lowering:
        raise ConfigError(*lowering)
    if fixed and mode == "write":
        files = len(planned)
        messages.append(
            f"fixed {fixed} finding{'s' if fixed > 1 else ''} first, in {files} file{'s' if files > 1 else ''}"
        )
    return _finish(planned, mode, output, messages, failed, fixed)


def _requirements_asked(options: Options, targets: list[Target], stage: str) -> dict[str, dict[int, list[Asked]]]:
    """Per file and document, the keys the policy's requirements ask for at ``stage`` and find
    missing (their `from` and `when` decide, as in a lint at that stage; selection and exceptions
    do not). A key in list items (`[]`) is not written: each item needs its own value."""
    policy = options.config.policy
    rules = {r.id: r for r in policy.requirements} if policy is not None else {}
    if not rules:
        return {}
    from ai_readiness.engine import Linter

    judged = options._replace(target_stage=stage, select=(), ignore=(), base=None)
    out: dict[str, dict[int, list[Asked]]] = {}
    for finding in Linter(judged).run(targets).findings:
        tokens = [unescape_pointer_token(t) for t in finding.pointer.split("/")[1:]]
        rule = rules.get(finding.rule)
        if rule is None or tokens[:1] != ["spec"] or "[]" in rule.keys[0]:
            continue
        asked = out.setdefault(finding.path, {}).setdefault(finding.document, [])
        key = ".".join(tokens[1:])
        if key and all(a.key != key for a in asked):
            asked.append(Asked(key, finding.rule))
    return out


def _finish(
    planned: list[tuple[Manifest, str]], mode: str, output: list[str], messages: list[str], failed: bool, fixed: int = 0
) -> Outcome:
    contents = {manifest.path: manifest.encode(text) for manifest, text in planned}
    changed = [manifest.path for manifest, _ in planned]
    if mode == "diff":
        diff = "".join(unified_diff(m.text, text, one_line(m.path)) for m, text in planned)
        return Outcome(diff, messages, changed, failed, contents, fixed)
    if mode == "check":
        return Outcome("".join(f"{one_line(path)}\n" for path in changed), messages, changed, failed, contents, fixed)
    for manifest, _ in planned:
        check_writable(manifest)
    for manifest, _ in planned:
        write(manifest, contents[manifest.path])
    return Outcome("".join(output), messages, changed, failed, contents, fixed)


def fix_files(options: Options, diff: bool) -> Outcome:
    """Apply the safe fixes to the manifests a lint with ``options`` reads: all documents, or
    under `--base` the systems the change touches; none when SCHEMA001 is not selected."""
    from ai_readiness.engine import Linter
    from ai_readiness.rules.catalog import BY_ID

    linter = Linter(options)
    if not linter.selection.enabled(BY_ID["SCHEMA001"]):
        return Outcome("", [], [], False, {})
    targets = linter.targets()
    touched: dict[str, set[int]] | None = None
    if options.base is not None:
        result = Linter(options).run(targets)
        touched = {f.path: {s.document for s in f.systems if s.touched} for f in result.files}
    planned: list[tuple[Manifest, str]] = []
    count = 0
    for target in targets:
        manifest = read_manifest(target, str(options.root.path), options.config.limits)
        if isinstance(manifest, str):
            continue  # lint reports why it is not read
        documents = touched.get(target.path, set()) if touched is not None else None
        fixed = fix_text(manifest.text, documents=documents, limits=options.config.limits)
        if fixed.fixes:
            planned.append((manifest, fixed.text))
            count += len(fixed.fixes)
    return _finish(planned, "diff" if diff else "write", [], [], False, count)


def fix_input(data: bytes, options: Options) -> tuple[bytes, int]:
    """Standard input's bytes with the safe fixes applied (none when SCHEMA001 is not selected,
    or when the bytes are no text: lint says why)."""
    from ai_readiness.edit.files import decode_bytes
    from ai_readiness.engine import Selection
    from ai_readiness.rules.catalog import BY_ID

    if not Selection(options.config, options.select, options.ignore).enabled(BY_ID["SCHEMA001"]):
        return data, 0
    decoded = decode_bytes(data)
    if isinstance(decoded, str) or len(data) > options.config.limits.max_file_bytes:
        return data, 0
    text, prefix, lead, encoding = decoded
    result = fix_text(text, limits=options.config.limits)
    if not result.fixes:
        return data, 0
    return prefix + (lead + result.text).encode(encoding), len(result.fixes)
