"""A policy's requirements as checks: the value's schema compiled like the manifest schema's, the
key's path and its `when` conditions turned into lookups, all in one rule record per requirement
(docs/design.md, "Policy"). What a requirement may declare is requirements.py's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ai_readiness.findings import Severity
from ai_readiness.gates import required_keys
from ai_readiness.jsonvalues import unique_key
from ai_readiness.requirements import (
    ABSENT,
    FROM,
    FROM_WORDS,
    PRESENT,
    Requirement,
    describe,
    manifest_id,
    severity_policy,
)
from ai_readiness.rules.base import Hit, Rule
from ai_readiness.schema import _Compiler, load_schema
from ai_readiness.strings import escape_pointer_token

if TYPE_CHECKING:
    from ai_readiness.context import DocContext


class _RequirementCompiler(_Compiler):
    """The manifest schema's compiler for a requirement's schema: local references resolve in it,
    references through the manifest's `$id` in the manifest schema (with its own compiler)."""

    def ref(self, target: str) -> Callable[[Any], bool]:
        manifest = manifest_id() + "#"
        if target.startswith(manifest):
            from ai_readiness.schema import _compiler

            return _compiler().ref("#" + target[len(manifest) :])
        return super().ref(target)


def compile_schema(schema: dict[str, Any]) -> Callable[[Any], bool]:
    return _RequirementCompiler(schema).compile(schema)


@functools.cache
def _manifest_registry() -> Any:
    from referencing import Registry, Resource

    return Registry().with_resource(manifest_id(), Resource.from_contents(load_schema()))


def explain(schema: dict[str, Any], value: Any) -> tuple[str, str]:
    """(pointer below the value, SCHEMA001's words) for the deepest failure of ``value``."""
    from ai_readiness.schema import _explain, _pointer, _validator

    base = _validator()
    validator = base.__class__(schema, format_checker=base.format_checker, registry=_manifest_registry())
    errors = list(validator.iter_errors(value))
    if not errors:  # pragma: no cover - the compiled check and jsonschema agree (tests/test_schema.py)
        return "", "[schema] expected a value the requirement's schema accepts"
    deepest = max(errors, key=lambda e: len(e.absolute_path))
    for item in _explain(deepest, None, manifest=False):
        return item.pointer, item.message
    return _pointer(deepest.absolute_path), f"[{deepest.validator}] {deepest.message}"  # pragma: no cover


# -- checking -------------------------------------------------------------------------------


def _groups(parts: tuple[tuple[str, bool], ...]) -> tuple[tuple[str, ...], ...]:
    """A path split where it steps into list items: every group but the last ends at a list."""
    groups: list[tuple[str, ...]] = []
    current: list[str] = []
    for name, into in parts:
        current.append(name)
        if into:
            groups.append(tuple(current))
            current = []
    groups.append(tuple(current))
    return tuple(groups)


def _get(node: Any, names: tuple[str, ...]) -> Any:
    for name in names:
        if node.__class__ is not dict:
            return None
        node = node.get(name)
    return node


def _pointer(names: tuple[str, ...]) -> str:
    return "".join("/" + escape_pointer_token(n) for n in names)


def _human(names: tuple[str, ...]) -> str:
    return ".".join(names)


class _Condition:
    """One `when` condition; ``depth``: the list level it is judged at (0: the document)."""

    __slots__ = ("depth", "groups", "path", "strings", "test")

    def __init__(self, groups: tuple[tuple[str, ...], ...], test: Any, depth: int) -> None:
        self.groups = groups
        self.path = groups[0]  # used alone when the condition's path holds no list (the usual case)
        # absent, present, or the allowed values as JSON equality compares them (true is not 1)
        self.test = test if test in (ABSENT, PRESENT) else frozenset(unique_key(v) for v in test)
        # text values compare as themselves: the common case needs no stand-in per value
        self.strings = frozenset(v for v in test if v.__class__ is str) if test not in (ABSENT, PRESENT) else None
        self.depth = depth

    def set_depth(self, depth: int) -> None:
        """Judge the condition on the items of the key's list at ``depth``: its path from the item on."""
        self.depth = depth
        self.groups = self.groups[depth:]
        self.path = self.groups[0]

    def holds(self, node: Any) -> bool:
        test = self.test
        if len(self.groups) == 1:
            value = node
            for name in self.path:
                if value.__class__ is not dict:
                    value = None
                    break
                value = value.get(name)
            if test is ABSENT:
                return value is None
            if test is PRESENT:
                return value is not None
            return value is not None and self._matches(value)
        found: list[Any] = []
        missing = _collect(node, self.groups, 0, found)
        if test is ABSENT:
            return missing
        if test is PRESENT:
            return bool(found)
        return any(self._matches(value) for value in found)

    def _matches(self, value: Any) -> bool:
        """One of the allowed values, or (a list) holding one."""
        if value.__class__ is str:
            assert self.strings is not None
            return value in self.strings
        if value.__class__ is list:
            return any(self._matches(v) for v in value)
        return unique_key(value) in self.test


def _collect(node: Any, groups: tuple[tuple[str, ...], ...], index: int, found: list[Any]) -> bool:
    """Every value at the path under ``node`` (any item of a list); whether one is missing."""
    value = _get(node, groups[index])
    if index == len(groups) - 1:
        if value is None:
            return True
        found.append(value)
        return False
    if value.__class__ is not list or not value:
        return True
    missing = False
    for item in value:
        if item is None:
            continue
        missing = _collect(item, groups, index + 1, found) or missing
    return missing


def _shared_depth(cond: tuple[tuple[str, ...], ...], key: tuple[tuple[str, ...], ...]) -> int:
    depth = 0
    while depth < len(cond) - 1 and depth < len(key) - 1 and cond[depth] == key[depth]:
        depth += 1
    return depth


@functools.cache
def _gate_stages() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Each key a stage gate requires (from the document root), with the stages that require it."""
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    for stage in FROM:
        for key, _ in required_keys(stage):
            parts = ("spec", *key.split("."))
            out[parts] = (*out.get(parts, ()), stage)
    return out


def _gates(first: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Per stage, the gate keys (under spec) that are the path ``first`` or one of its ancestors:
    where STAGE001 reports one, a requirement on ``first`` is silent."""
    table = _gate_stages()
    found: dict[str, list[tuple[str, ...]]] = {stage: [] for stage in FROM}
    for end in range(2, len(first) + 1):
        for stage in table.get(first[:end], ()):
            found[stage].append(first[1:end])
    return {stage: tuple(keys) for stage, keys in found.items()}


def _stage_words(from_stage: str, stage: str) -> str:
    if from_stage == "deprecated":
        return "required for deprecated systems"
    return f"required at {from_stage}" if from_stage == stage else f"required from {from_stage}"


def _shape(
    r: Requirement,
) -> tuple[tuple[tuple[str, ...], ...], list[_Condition], dict[int, list[_Condition]], Callable[[Any], bool] | None]:
    """What judging ``r`` needs: its key's groups of names (split at each `[]`), its `when`
    conditions on the whole document and those per list depth, and its value check."""
    key_groups = _groups(r.parts)
    conditions = [
        _Condition(groups, test, _shared_depth(groups, key_groups))
        for _, parts, test in r.when
        for groups in (_groups(parts),)
    ]
    at_document = [c for c in conditions if c.depth == 0]
    per_item: dict[int, list[_Condition]] = {}
    for condition in conditions:
        if condition.depth:
            per_item.setdefault(condition.depth, []).append(condition)
            condition.set_depth(condition.depth)
    value_check = compile_schema(r.schema) if r.schema is not None else None
    return key_groups, at_document, per_item, value_check


def compile_requirement(
    requirement: Requirement, explicit: bool, extra_controls: tuple[str, ...], unwaivable: bool
) -> Rule:
    """The rule record of ``requirement``. ``explicit``: a later layer set its severity, which then
    holds before `effective` too."""
    r = requirement
    key_groups, at_document, per_item, value_check = _shape(r)
    effective = None if explicit else r.effective
    severity = r.severity
    summary_words = f" ({r.summary})" if r.summary else ""
    first = key_groups[0]
    # STAGE001's pointers that are the key's or an ancestor's: where the gate reports, this is silent
    gates = _gates(first)

    def suffix(ctx: DocContext) -> tuple[Severity | None, str]:
        if effective is not None and ctx.today < effective:
            if severity > Severity.WARNING:
                return Severity.WARNING, f"; an {severity.label} from {effective.isoformat()}"
            return None, ""
        return None, ""

    def silent(ctx: DocContext, pointer: str) -> bool:
        invalid = ctx.invalid
        if invalid and any(pointer == p or pointer.startswith(p + "/") for p in invalid):
            return True
        return any(ctx.get(*parts) is None for parts in gates[ctx.stage])

    def missing(ctx: DocContext, pointer: str, human: str) -> Hit:
        capped, tail = suffix(ctx)
        message = (
            f"{human} is missing{summary_words}: {_stage_words(r.from_stage, ctx.stage)} by {r.origin}; "
            f"this system is linted as {ctx.stage}{tail}"
        )
        return Hit(pointer, message, "key", capped)

    def failing(ctx: DocContext, pointer: str, value: Any) -> Hit:
        assert r.schema is not None
        below, words = explain(r.schema, value)
        capped, tail = suffix(ctx)
        return Hit(pointer + below, f"{words} (required by {r.origin}){tail}", "value", capped)

    last = len(key_groups) - 1
    group_pointers = tuple(_pointer(g) for g in key_groups)
    names0 = key_groups[0]

    def where(indexes: tuple[int, ...], depth: int) -> tuple[str, str]:
        """The pointer and the dotted path of the key at list ``indexes``, to ``depth`` (built only
        for a finding: a document that meets the requirement pays for none of it)."""
        pointer, human = "", ""
        for level in range(depth + 1):
            pointer += group_pointers[level]
            human += ("." if human else "") + _human(key_groups[level])
            if level < len(indexes):
                pointer += f"/{indexes[level]}"
                human += f"[{indexes[level]}]"
        return pointer, human

    def walk(ctx: DocContext, node: Any, depth: int, indexes: tuple[int, ...]) -> Iterator[Hit]:
        value = node
        for name in key_groups[depth]:
            if value.__class__ is not dict:
                value = None
                break
            value = value.get(name)
        if depth == last:
            if value is None:
                pointer, human = where(indexes, depth)
                if not silent(ctx, pointer):
                    yield missing(ctx, pointer, human)
            elif value_check is not None and not value_check(value):
                yield failing(ctx, where(indexes, depth)[0], value)
            return
        if value.__class__ is not list:
            return  # an absent or empty list gives none: require the list with its own requirement
        conditions_here = per_item.get(depth + 1, ())
        for index, item in enumerate(value):
            if item is None:
                continue  # an invalid item: SCHEMA001 reported it
            if conditions_here and not all(c.holds(item) for c in conditions_here):
                continue
            if item.__class__ is dict:
                yield from walk(ctx, item, depth + 1, (*indexes, index))
                continue
            # not a mapping: one finding at the item for the key it can't hold
            item_pointer, item_human = where((*indexes, index), depth)
            if not silent(ctx, item_pointer):
                rest = tuple(n for group in key_groups[depth + 1 :] for n in group)
                yield missing(ctx, item_pointer + _pointer(rest), f"{item_human}.{'.'.join(rest)}")

    def check(ctx: DocContext) -> Iterable[Hit]:
        # A tuple, not a generator: most documents meet most requirements, and returning () costs
        # less than starting and ending a generator.
        data = ctx.data
        for condition in at_document:
            if not condition.holds(data):
                return ()
        if last:
            return tuple(walk(ctx, data, 0, ()))
        value: Any = data  # the usual key, without a list: looked up here, without a walk
        for name in names0:
            if value.__class__ is not dict:
                value = None
                break
            value = value.get(name)
        if value is None:
            pointer = group_pointers[0]
            return () if silent(ctx, pointer) else (missing(ctx, pointer, _human(names0)),)
        if value_check is not None and not value_check(value):
            return (failing(ctx, group_pointers[0], value),)
        return ()

    check.__name__ = r.id.lower()
    check.__qualname__ = r.id.lower()
    stages = (
        None
        if r.from_stage == "prototype"
        else (
            frozenset(("deprecated",))
            if r.from_stage == "deprecated"
            else frozenset(("pilot", "production"))
            if r.from_stage == "pilot"
            else frozenset(("production",))
        )
    )
    policy = severity_policy(r)
    label = severity.label + FROM_WORDS[r.from_stage]
    policy = policy._replace(label=label)
    return Rule(
        id=r.id,
        name=r.id.lower(),
        policy=policy,
        area=r.area,
        summary=describe(r),
        rationale=f"A requirement of {r.origin}."
        + (
            f" It is a warning until {effective.isoformat()} and an {severity.label} from that day."
            if effective is not None and severity > Severity.WARNING
            else ""
        ),
        bad="",
        good="",
        check=check,
        waivable=r.waivable and not unwaivable,
        keys=(r.key,),
        controls=(*r.controls, *(c for c in extra_controls if c not in r.controls)),
        source=r.source,
        url=r.url,
        stages=stages,
    )


def requirement_status(requirement: Requirement) -> Callable[[Any], str | None]:
    """Whether the requirement is met in a document's cleaned data, for the coverage table
    (coverage.py): "met", "gaps", or None where it does not apply (its `when` does not hold, or
    its key steps into a list with no item it judges). Unlike the check it is never silent: an
    absence that STAGE001 or SCHEMA001 reports in its stead is a gap all the same."""
    r = requirement
    key_groups, at_document, per_item, value_check = _shape(r)
    last = len(key_groups) - 1

    def judge(node: Any, depth: int) -> str | None:
        value = _get(node, key_groups[depth])
        if depth == last:
            if value is None:
                return "gaps"
            return "gaps" if value_check is not None and not value_check(value) else "met"
        if value.__class__ is not list:
            return None
        found: str | None = None
        here = per_item.get(depth + 1, ())
        for item in value:
            if item is None or (here and not all(c.holds(item) for c in here)):
                continue
            outcome = judge(item, depth + 1) if item.__class__ is dict else "gaps"
            if outcome == "gaps":
                return "gaps"
            found = found or outcome
        return found

    def status(data: Any) -> str | None:
        if not all(c.holds(data) for c in at_document):
            return None
        return judge(data, 0)

    return status
