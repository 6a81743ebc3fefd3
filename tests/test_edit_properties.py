"""Editing keeps the file, proven by properties (tests/editing.py) over every rule case, every
bundled example, every valid mapping of the YAML test suite and generated manifests
(docs/design.md, "Editing"). Each corpus test prints how many documents it ran (`pytest -s`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ai_readiness.edit.data import check, copy
from ai_readiness.edit.files import decode_bytes
from ai_readiness.edit.fixes import plain_ok
from ai_readiness.edit.promote import Tally as Written
from ai_readiness.edit.promote import plan_keys
from ai_readiness.edit.splice import apply
from ai_readiness.edit.tree import CannotEdit, Tree
from ai_readiness.edit.writer import Writer
from ai_readiness.gates import required_keys
from ai_readiness.loader import Limits, compose
from tests.conftest import EXAMPLES
from tests.editing import (
    Tally,
    check_edits,
    check_fix,
    check_promote,
    documents,
    promote_allowed,
)

CASES = Path(__file__).parent / "cases"
SUITE = Path(__file__).parent / "corpora" / "yaml-test-suite"
STAGES = ("prototype", "pilot", "production", "deprecated")


def _case_texts() -> list[tuple[str, str]]:
    found = []
    for path in sorted(CASES.rglob("*.yaml")):
        if "repo" in path.relative_to(CASES).parts[1:-1]:
            continue
        found.append((str(path.relative_to(CASES)), path.read_bytes().decode("utf-8", "replace")))
    return found


def _example_texts() -> list[tuple[str, str]]:
    return [(p.parent.name, p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*/ai-readiness.yaml"))]


def _suite_texts() -> list[tuple[str, str]]:
    """The valid cases of the YAML test suite that hold a mapping document."""
    index = json.loads((SUITE / "index.json").read_text(encoding="utf-8"))
    found = []
    for case in index:
        if case["invalid_yaml"]:
            continue
        text = (SUITE / "cases" / f"{case['id']}.yaml").read_bytes().decode("utf-8", "replace")
        if documents(text):
            found.append((case["id"], text))
    return found


def _run(texts: list[tuple[str, str]], tmp_path: Path, capsys: Any, what: str) -> Tally:
    tally = Tally()
    failures = []
    for name, text in texts:
        for stage in STAGES:
            try:
                check_promote(text, stage, tmp_path, tally)
            except AssertionError as exc:
                failures.append(f"{name} --to {stage}: {exc}")
        try:
            check_fix(text, tally)
        except AssertionError as exc:
            failures.append(f"{name} fix: {exc}")
    with capsys.disabled():
        print(f"\n{what} ({len(texts)} files, each to {len(STAGES)} stages): {tally}")
    assert not failures, "\n".join(failures[:20])
    return tally


def test_every_rule_case(tmp_path: Path, capsys: Any) -> None:
    tally = _run(_case_texts(), tmp_path, capsys, "rule cases")
    assert tally.promoted > 500 and tally.fixed > 0


def test_every_example(tmp_path: Path, capsys: Any) -> None:
    tally = _run(_example_texts(), tmp_path, capsys, "bundled examples")
    assert tally.promoted >= 6  # prototype and production examples to the stages above theirs


def test_the_yaml_test_suite(tmp_path: Path, capsys: Any) -> None:
    """None of the suite's documents is a manifest: promote leaves each with a reason."""
    _run(_suite_texts(), tmp_path, capsys, "YAML test suite")


def _graft(text: str) -> tuple[str, int, int]:
    """promote's writing on a document that is no manifest: every production and deprecated gate
    key, written into the document's own mapping as if it were `spec` (the keys whose parent holds
    something else than a mapping left out). Returns the text and the documents edited and left."""
    docs = documents(text)
    assert docs is not None
    tree = Tree(text)
    edits = []
    original = {d.index: d.data for d in docs}
    expected = dict(original)
    edited = left = 0
    keys = [k for k, _ in (*required_keys("production"), *required_keys("deprecated")) if k != "stage"]
    for doc in docs:
        root = tree.root(doc.index)
        assert root is not None
        wanted = []
        for key in dict.fromkeys(keys):
            first, _, rest = key.partition(".")
            value = doc.data.get(first)
            if value not in (None, "", [], {}) and (not rest or not isinstance(value, dict)):
                continue
            if rest and isinstance(value, dict) and value.get(rest) not in (None, "", [], {}):
                continue
            wanted.append(key)
        writer = Writer(tree)
        data = copy(doc.data)
        try:
            plan_keys(writer, root, None, data, wanted, None, Written())
            mine = writer.finish()
            check(apply(text, mine), {**original, doc.index: data}, Limits())
        except CannotEdit:
            left += 1
            continue
        check_edits(
            text, mine, promote_allowed(text, "production", under="") | promote_allowed(text, "deprecated", under="")
        )
        edits += mine
        expected[doc.index] = data
        edited += 1
    new = apply(text, edits)
    check(new, expected, Limits())
    return new, edited, left


def test_promote_writes_into_every_suite_mapping(capsys: Any) -> None:
    """The YAML test suite's documents as if each were `spec`: every key lands where it should,
    with exactly the data meant, and a second time adds nothing."""
    failures = []
    edited = left = 0
    for name, text in _suite_texts():
        try:
            new, done, skipped = _graft(text)
            edited += done
            left += skipped
            again, _, _ = _graft(new)
            assert again == new, "writing twice is not writing once"
        except AssertionError as exc:
            failures.append(f"{name}: {exc}")
    with capsys.disabled():
        print(f"\nYAML test suite as spec: {edited} documents written into, {left} left unchanged with a reason")
    assert not failures, "\n".join(failures[:20])
    assert edited > 100


# -- generated manifests ------------------------------------------------------------------------


_PRODUCTION = compose((EXAMPLES / "production" / "ai-readiness.yaml").read_text(encoding="utf-8"), "-", Limits())
PRODUCTION: dict[str, Any] = _PRODUCTION.documents[0].data
# Fixable defects a generated manifest may carry: (path, how the value or key is written wrongly)
TYPOS = {"monitoring": "monitorng", "evaluation": "evaluaton", "failureHandling": "failureHandlng"}


class Emitter:
    """Writes data as YAML the way people do: block or flow collections at random, indentation of
    two or four, list dashes under their key or indented, comments between keys, quotes."""

    def __init__(self, draw: Any, step: int, dash: int) -> None:
        self.draw = draw
        self.step = step
        self.dash = dash

    def scalar(self, value: Any) -> str:
        if value is None:
            return str(self.draw(st.sampled_from(["", "~", "null"])))
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return repr(value)
        style = self.draw(st.sampled_from(["plain", "plain", "double", "single"]))
        text = str(value)
        if style == "plain" and plain_ok(text):
            return text
        if style == "single":
            return "'" + text.replace("'", "''") + "'"
        return json.dumps(text, ensure_ascii=False)

    def flow(self, value: Any) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k}: {self.flow(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.flow(v) for v in value) + "]"
        text = self.scalar(value)
        return text if text else "null"

    def mapping(self, data: dict[str, Any], column: int) -> list[str]:
        lines = []
        pad = " " * column
        for key, value in data.items():
            if self.draw(st.integers(0, 5)) == 0:
                lines.append(pad + self.draw(st.sampled_from(["# a note", "#", "# more: later"])))
            if self.draw(st.integers(0, 8)) == 0:
                lines.append("")
            if isinstance(value, dict) and value and self.draw(st.integers(0, 3)) != 0:
                lines.append(f"{pad}{key}:")
                lines += self.mapping(value, column + self.step)
            elif isinstance(value, list) and value and self.draw(st.booleans()):
                lines.append(f"{pad}{key}:")
                lines += self.sequence(value, column + self.dash)
            elif isinstance(value, (dict, list)) and value:
                lines.append(f"{pad}{key}: {self.flow(value)}")
            else:
                shown = self.scalar(value) if not isinstance(value, (dict, list)) else self.flow(value)
                comment = self.draw(st.sampled_from(["", "", "  # why"]))
                lines.append(f"{pad}{key}:{' ' + shown if shown else ''}{comment}")
        return lines

    def sequence(self, items: list[Any], column: int) -> list[str]:
        lines = []
        pad = " " * column
        for item in items:
            if isinstance(item, dict) and item and self.draw(st.booleans()):
                inner = self.mapping(item, column + 2)
                first = next(i for i, line in enumerate(inner) if line.strip() and not line.strip().startswith("#"))
                lines += [*inner[:first], pad + "- " + inner[first][column + 2 :], *inner[first + 1 :]]
            else:
                lines.append(f"{pad}- {self.flow(item)}")
        return lines


@st.composite
def manifests(draw: Any) -> tuple[bytes, str]:
    """(the bytes of a generated manifest, the stage to promote it to)."""
    documents_text = []
    for n in range(draw(st.integers(1, 2))):
        spec: dict[str, Any] = {}
        for key, value in PRODUCTION["spec"].items():
            if draw(st.integers(0, 2)) == 0:
                continue
            if isinstance(value, dict):
                kept = {k: v for k, v in value.items() if draw(st.integers(0, 2))}
                value = kept or draw(st.sampled_from([None, {}]))
            if draw(st.integers(0, 12)) == 0:
                value = None  # there, but missing
            name = TYPOS.get(key, key) if draw(st.integers(0, 10)) == 0 else key
            spec[name] = value
        if "stage" in spec:
            spec["stage"] = draw(st.sampled_from([*STAGES, "Prototype", "PILOT", "launched"]))
        logging = spec.get("logging")
        if isinstance(logging, dict) and "retention" in logging and draw(st.booleans()):
            logging["retention"] = "180 days"
        manifest = {
            "apiVersion": "ai-readiness/v1",
            "kind": "AISystem",
            "metadata": {"name": f"system-{n}"},
            "spec": spec,
        }
        emitter = Emitter(draw, draw(st.sampled_from([2, 4])), draw(st.sampled_from([0, 2])))
        lines = ["# a generated manifest", *emitter.mapping(manifest, 0)]
        documents_text.append("\n".join(lines) + "\n")
    text = "---\n".join(documents_text)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.integers(0, 4)) == 0:
        text = text.rstrip("\r\n")  # no final line break
    data = text.encode("utf-8")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data, draw(st.sampled_from(STAGES))


GENERATED = Tally()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(manifests())
def test_generated_manifests(tmp_path_factory: Any, generated: tuple[bytes, str]) -> None:
    data, stage = generated
    decoded = decode_bytes(data)
    assert not isinstance(decoded, str)
    text, prefix, lead, encoding = decoded
    result = check_promote(text, stage, tmp_path_factory.mktemp("lint"), GENERATED)
    fixed = check_fix(text, GENERATED)
    for new in (result.text, fixed):
        out = prefix + (lead + new).encode(encoding)
        assert out.startswith(prefix)
        if "\r\n" in text:  # the line breaks stay the file's
            assert "\n" not in new.replace("\r\n", "")
    assert documents(text) is not None


def test_generated_manifests_ran(capsys: Any) -> None:
    """How many generated documents the properties ran on (after the test above)."""
    if not GENERATED.documents:
        pytest.skip("run with test_generated_manifests")
    with capsys.disabled():
        print(f"\ngenerated manifests: {GENERATED}")
    assert GENERATED.promoted > 0 and GENERATED.fixed > 0
