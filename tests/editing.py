"""The properties every edit must have, as functions the property tests share (docs/design.md,
"Editing"). Each one judges an edit with the loader's own reading of the text (its data and its
position table), not with the edit tree the edit was made from.

1. Outside the lines an edit touches, the bytes are identical: each edit (a span of the text it
   was made on) touches only lines it may touch (the stage, a key that was there but missing, a
   flow collection on the way to a new key, a fixed value); whole new lines are inserted at line
   starts.
2. Every key and value present before is present after with the same data, type for type (but
   `spec.stage` and keys whose value was missing; a fixed value; a renamed key's subtree, under
   its new name).
3. Promoting twice is promoting once.
4. The promoted text lints with no YAML finding, no SCHEMA001 it did not have, and no STAGE001
   for a key promote wrote with a value.
5. Fixing twice is fixing once.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import math
from pathlib import Path
from typing import Any

from ai_readiness.config import Config
from ai_readiness.discovery import Root, Target
from ai_readiness.edit.fixes import RENAME, Fix, fix_text, safe_fixes
from ai_readiness.edit.promote import PromoteResult, promote_text
from ai_readiness.edit.splice import Edit, apply, split_lines
from ai_readiness.engine import Options, lint_text
from ai_readiness.gates import required_keys
from ai_readiness.loader import Document, Limits, compose
from ai_readiness.strings import escape_pointer_token

LIMITS = Limits()
TODAY = _dt.date(2026, 11, 28)


def documents(text: str) -> list[Document] | None:
    """The text's documents, or None when it has a YAML finding (it is never edited)."""
    loaded = compose(text, "-", LIMITS)
    return None if loaded.findings else loaded.documents


# -- 1. the lines an edit touches ---------------------------------------------------------------


def touched_lines(text: str, edit: Edit) -> set[int]:
    """The 0-based lines of ``text`` whose bytes ``edit`` changes: none for whole lines inserted
    at a line start, or inserted after a line's end starting with a line break."""
    starts = [0]
    for line in split_lines(text):
        starts.append(starts[-1] + len(line))
    first = bisect.bisect_right(starts, edit.start) - 1
    if edit.start == edit.end:
        if edit.start == starts[first] and (edit.new.endswith(("\n", "\r")) or edit.start == len(text)):
            return set()
        if edit.new[:1] in ("\n", "\r") and text[edit.start : edit.start + 1] in ("", "\n", "\r"):
            return set()
        return {first}
    last = bisect.bisect_right(starts, edit.end - 1) - 1
    return set(range(first, last + 1))


def _lines(doc: Document, pointer: str) -> set[int]:
    key, value = doc.positions[pointer]
    first = (key or value)[0]
    return set(range(first - 1, value[2]))


def _is_flow(text: str, doc: Document, pointer: str) -> bool:
    """Whether the value at ``pointer`` is written as a flow collection (after its anchor and tag)."""
    line, column = doc.positions[pointer][1][:2]
    rest = split_lines(text)[line - 1][column - 1 :]
    while rest[:1] in ("&", "!"):
        rest = rest.split(maxsplit=1)[1] if len(rest.split(maxsplit=1)) > 1 else ""
    return rest[:1] in ("{", "[")


def _missing(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _value(data: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        if not isinstance(data, dict) or token not in data:
            return None
        data = data[token]
    return data


def promote_allowed(text: str, stage: str, under: str = "/spec") -> set[int]:
    """The lines promote may change in ``text``: the stage's; for each key the stage asks for, the
    outermost flow collection on its way and the keys on its way that are there but missing."""
    allowed: set[int] = set()
    for doc in documents(text) or []:
        positions = doc.positions
        if f"{under}/stage" in positions:
            allowed |= _lines(doc, f"{under}/stage")
        for key, _ in required_keys(stage):
            parts = key.split(".")
            chain = ["", under] if under else [""]
            chain += [f"{under}/" + "/".join(parts[: i + 1]) for i in range(len(parts))]
            for pointer in chain:
                if pointer in positions and _is_flow(text, doc, pointer):
                    allowed |= _lines(doc, pointer) if pointer else set(range(0, len(split_lines(text))))
                    break
            for pointer in chain[1:]:
                if pointer in positions and _missing(_value(doc.data, pointer)):
                    allowed |= _lines(doc, pointer)
    return allowed


def check_edits(text: str, edits: list[Edit] | tuple[Edit, ...], allowed: set[int]) -> None:
    for edit in edits:
        bad = touched_lines(text, edit) - allowed
        assert not bad, f"an edit changes line {min(bad) + 1}: {split_lines(text)[min(bad)]!r} ({edit})"


# -- 2. the data kept ---------------------------------------------------------------------------


def flatten(data: Any, pointer: str = "") -> dict[str, Any]:
    """Every scalar and every empty collection by pointer, with its type."""
    out: dict[str, Any] = {}
    if isinstance(data, dict) and data:
        for key, value in data.items():
            out.update(flatten(value, f"{pointer}/{escape_pointer_token(key)}"))
    elif isinstance(data, list) and data:
        for index, value in enumerate(data):
            out.update(flatten(value, f"{pointer}/{index}"))
    else:
        out[pointer] = data
    return out


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _under(pointer: str, prefixes: set[str]) -> bool:
    return any(pointer == p or pointer.startswith(p + "/") for p in prefixes)


def check_kept(old: Any, new: Any, exempt: set[str], moved: dict[str, str] | None = None) -> None:
    """Every leaf of ``old`` is in ``new`` (at its new place when a key was renamed), but under
    ``exempt``."""
    after = flatten(new)
    for pointer, value in flatten(old).items():
        if _under(pointer, exempt):
            continue
        target = pointer
        for was, now in (moved or {}).items():
            if pointer == was or pointer.startswith(was + "/"):
                target = now + pointer[len(was) :]
        assert target in after, f"{pointer} is gone"
        assert _same(after[target], value), f"{pointer}: {value!r} became {after[target]!r}"


def _exists(data: Any, pointer: str) -> bool:
    for token in pointer.split("/")[1:]:
        if not isinstance(data, dict) or token not in data:
            return False
        data = data[token]
    return True


def promote_exempt(doc: Document, stage: str, under: str = "/spec") -> set[str]:
    """What promote may change: the stage, and the keys on the way to a gate key that were
    there with a missing value."""
    exempt = {f"{under}/stage"}
    if _missing(_value(doc.data, under)):
        exempt.add(under)
    for key, _ in required_keys(stage):
        parts = key.split(".")
        for i in range(len(parts)):
            pointer = f"{under}/" + "/".join(parts[: i + 1])
            if _exists(doc.data, pointer) and _missing(_value(doc.data, pointer)):
                exempt.add(pointer)
    return exempt


# -- 4. linting the result ----------------------------------------------------------------------


def lint(text: str, folder: Path) -> list[tuple[str, int, str, str]]:
    """(rule, document, pointer, message) of the findings of ``text`` as a manifest in ``folder``."""
    options = Options(paths=[], cwd=folder, root=Root(folder, False), config=Config(), today=TODAY)
    target = Target(str(folder / "ai-readiness.yaml"), "ai-readiness.yaml")
    result = lint_text(options, target, text.encode("utf-8"))
    return [(f.rule, f.document, f.pointer, f.message) for f in result.findings]


# -- the properties -----------------------------------------------------------------------------


class Tally:
    """How many documents the properties ran on."""

    def __init__(self) -> None:
        self.documents = 0
        self.promoted = 0
        self.left = 0
        self.refused = 0
        self.fixed = 0

    def __str__(self) -> str:
        return (
            f"{self.documents} documents: {self.promoted} promoted, {self.left} left unchanged with a reason, "
            f"{self.refused} not lowered; {self.fixed} fixes"
        )


def check_promote(text: str, stage: str, folder: Path | None, tally: Tally) -> PromoteResult:
    result = promote_text(text, stage)
    base = result.base
    assert apply(base, list(result.edits)) == result.text
    assert base == fix_text(text).text  # the safe fixes came first
    check_edits(base, result.edits, promote_allowed(base, stage))  # 1
    tally.left += len([p for p in result.problems if not p.lowering])
    tally.refused += len([p for p in result.problems if p.lowering])
    before, after = documents(base), documents(result.text)
    if before is None:
        assert result.text == text, "a file with a YAML finding is never edited"
        return result
    assert after is not None, "promote made the YAML invalid"
    assert [d.index for d in before] == [d.index for d in after]
    changed = {c.document for c in result.changes}
    for old, new in zip(before, after, strict=True):
        tally.documents += 1
        exempt = promote_exempt(old, stage) if old.index in changed else set()
        check_kept(old.data, new.data, exempt)  # 2
    tally.promoted += len(result.changes)
    again = promote_text(result.text, stage)
    assert again.text == result.text, "promoting twice is not promoting once"  # 3
    if folder is not None and result.changes:  # 4
        old_findings = lint(base, folder)
        found = lint(result.text, folder)
        assert not [f for f in found if f[0].startswith("YAML")]
        old_schema = {f[1:] for f in old_findings if f[0] == "SCHEMA001"}
        assert {f[1:] for f in found if f[0] == "SCHEMA001"} <= old_schema
        written = {
            (c.document, "/spec/" + k.replace(".", "/")) for c in result.changes for k in (*c.placeholders, "stage")
        }
        assert not [f for f in found if f[0] == "STAGE001" and (f[1], f[2]) in written]
    return result


def fix_allowed(text: str, fixes: list[Fix]) -> set[int]:
    docs = {d.index: d for d in documents(text) or []}
    allowed: set[int] = set()
    for fix in fixes:
        key, value = docs[fix.document].positions[fix.pointer]
        span = key if fix.kind == RENAME and key is not None else value
        allowed |= set(range(span[0] - 1, span[2]))
    return allowed


def check_fix(text: str, tally: Tally) -> str:
    """The fixes of ``text``, pass by pass (each checked), then as `fix_text` makes them."""
    current = text
    for _ in range(10):
        fixes = safe_fixes(current)
        if not fixes:
            break
        check_edits(current, [f.edit for f in fixes], fix_allowed(current, fixes))  # 1
        new = apply(current, [f.edit for f in fixes])
        before, after = documents(current), documents(new)
        assert before is not None and after is not None
        for old, fresh in zip(before, after, strict=True):
            mine = [f for f in fixes if f.document == old.index]
            exempt = {f.pointer for f in mine if f.kind != RENAME}
            moved = {
                f.pointer: f.pointer.rsplit("/", 1)[0] + "/" + escape_pointer_token(f.new)
                for f in mine
                if f.kind == RENAME
            }
            check_kept(old.data, fresh.data, exempt, moved)  # 2
        tally.fixed += len(fixes)
        current = new
    result = fix_text(text)
    assert result.text == current
    assert fix_text(result.text).fixes == [], "fixing twice is not fixing once"  # 5
    return result.text
