"""The published JSON Schema: a valid draft 2020-12 contract, closed, described, and decided the
same way by the fast check and by jsonschema."""

from __future__ import annotations

import copy
import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from ai_readiness import schema as schema_module
from ai_readiness.cli import main
from ai_readiness.loader import Limits, load_bytes
from tests.conftest import EXAMPLES, ROOT

SCHEMA = json.loads((ROOT / "schemas" / "ai-readiness.schema.json").read_text(encoding="utf-8"))
PRODUCTION = load_bytes((EXAMPLES / "production" / "ai-readiness.yaml").read_bytes(), "p", Limits()).documents[0].data


def _walk(node: Any, path: str = "#") -> Any:
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}/{index}")


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert (
        SCHEMA["$id"]
        == "https://raw.githubusercontent.com/ai-readiness/ai-readiness/main/schemas/ai-readiness.schema.json"
    )


def test_catalog_entry_points_at_the_schema() -> None:
    catalog = json.loads((ROOT / "schemas" / "catalog.json").read_text(encoding="utf-8"))
    (entry,) = catalog["schemas"]
    assert entry["url"] == SCHEMA["$id"]
    assert sorted(entry["fileMatch"]) == ["ai-readiness.yaml", "ai-readiness.yml"]


def test_schema_uses_only_keywords_the_fast_check_supports() -> None:
    used: set[str] = set()
    for path, node in _walk(SCHEMA):
        parent = path.rsplit("/", 1)[-1]
        if parent in ("properties", "patternProperties", "$defs"):
            continue  # these hold names, not keywords
        if "/examples" in path or "/enum" in path or "/default" in path:
            continue
        used.update(node)
    assert used <= schema_module.SUPPORTED_KEYWORDS, used - schema_module.SUPPORTED_KEYWORDS


def test_every_property_is_described_and_every_object_closed() -> None:
    for path, node in _walk(SCHEMA):
        if path.endswith("/properties"):
            for name, sub in node.items():
                assert sub.get("description"), f"{path}/{name} has no description"
        if "properties" in node:
            assert node.get("additionalProperties") is False, path
            assert "^x-" in node.get("patternProperties", {}), path


def test_patterns_refuse_a_trailing_newline() -> None:
    for path, node in _walk(SCHEMA):
        if "pattern" in node:
            assert node["pattern"].endswith("$(?!\\n)"), path


def test_schema_command_prints_the_published_file(capsys: Any) -> None:
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == (ROOT / "schemas" / "ai-readiness.schema.json").read_text(encoding="utf-8")


def test_production_example_is_valid_and_extension_keys_are_allowed() -> None:
    assert schema_module.validate(PRODUCTION) == []
    data = copy.deepcopy(PRODUCTION)
    data["x-top"] = 1
    data["spec"]["x-team"] = {"anything": [1, 2]}
    data["spec"]["evaluation"]["thresholds"][0]["x-note"] = "ok"
    assert schema_module.validate(data) == []


def test_errors_name_the_keyword_and_the_node() -> None:
    data = copy.deepcopy(PRODUCTION)
    data["spec"]["stage"] = "launched"
    data["spec"]["monitorng"] = {}
    del data["spec"]["evaluation"]["thresholds"][1]["op"]
    data["spec"]["review"]["cadence"] = "P"
    data["spec"]["review"]["lastReviewed"] = "2026-02-30"
    errors = {(e.pointer, e.at): e.message for e in schema_module.validate(data)}
    assert (
        errors[("/spec/stage", "value")]
        == "[enum] expected one of prototype, pilot, production, deprecated; found 'launched'"
    )
    assert (
        errors[("/spec/monitorng", "key")]
        == "[additionalProperties] unknown key 'monitorng' (did you mean 'monitoring'?)"
    )
    assert errors[("/spec/evaluation/thresholds/1/op", "key")].startswith("[required] missing key 'op'")
    assert errors[("/spec/review/cadence", "value")].startswith("[pattern] expected an ISO 8601 duration")
    assert errors[("/spec/review/lastReviewed", "value")].startswith("[format]")


@pytest.fixture(params=["c", "pure"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    from ai_readiness import loader

    if request.param == "pure":
        monkeypatch.setattr(loader, "HAS_C_PARSER", False)
    elif not loader.HAS_C_PARSER:
        pytest.skip("the C parser is not installed")
    return str(request.param)


_MISTAKES = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata:
  name: fraud-scorer
  kind: AISystem
spec:
  type: classifier
  stage: prototype
  owners:
    technical: ["@acme/ml"]
    risk:
      tier: high
  tier: high
  purpose:
    intendedUse: Score card payments.
    outOfScope:
      - TBD: confirm with legal
      - "Refunds: \\"never\\""
      - Chargebacks: {ask: billing}
      - note:
      - {a: b, c: d}
  evaluation:
    report: eval/latest.md
    metrics:
      - id: precision
        thresholds: []
  monitoring:
    signals:
      - metric: precision
        window: P1D
"""


def test_messages_say_how_to_fix_indentation_and_colons(tmp_path: Any, parser: str) -> None:
    from tests.rulecheck import lint_text

    found = [(f.line, f.message) for f in lint_text(_MISTAKES, tmp_path, "SCHEMA001")]
    assert found == [
        (5, "[additionalProperties] unknown key 'kind' in metadata (did you mean kind, one level up? check the indentation)"),
        (11, "[additionalProperties] unknown key 'risk' in spec.owners (did you mean spec.risk, one level up? check the indentation)"),
        (13, "[additionalProperties] unknown key 'tier' in spec (did you mean spec.risk.tier, one level deeper? check the indentation)"),
        (17, "[type] expected text; found a mapping (a text that contains ': ' must be quoted: \"TBD: confirm with legal\")"),
        (19, "[type] expected text; found a mapping (a text that contains ': ' must be quoted)"),
        (20, "[type] expected text; found a mapping (a text that contains ': ' must be quoted: \"note:\")"),
        (21, "[type] expected text; found a mapping"),
        (23, "[additionalProperties] unknown key 'report' in spec.evaluation (did you mean spec.evaluation.lastRun.report or spec.evaluation.redTeam.report, one level deeper? check the indentation)"),
        (26, "[additionalProperties] unknown key 'thresholds' in spec.evaluation.metrics[0] (did you mean spec.evaluation.thresholds, one level up? check the indentation)"),
        (30, "[additionalProperties] unknown key 'window' in spec.monitoring.signals[0] (did you mean spec.monitoring.signals[0].alert.window, one level deeper? check the indentation)"),
    ]  # fmt: skip


def test_a_quoted_example_is_one_line_and_valid_yaml(tmp_path: Any) -> None:
    from tests.rulecheck import lint_text

    text = _MISTAKES.replace("TBD: confirm with legal", 'TBD: ask "legal"\\ \t<x>')
    (hint,) = [f.message for f in lint_text(text, tmp_path, "SCHEMA001") if f.line == 17]
    quoted = hint[hint.index('"') : -1]
    assert "\n" not in hint and load_bytes(f"a: {quoted}".encode(), "f", Limits()).documents[0].data == {
        "a": 'TBD: ask "legal"\\ \t<x>'
    }


def test_numbers_are_quoted_as_the_file_writes_them(tmp_path: Any, parser: str) -> None:
    from tests.rulecheck import lint_text

    big = "9" * 5_000
    text = _MISTAKES.split("  evaluation:")[0].replace("    risk:\n      tier: high\n  tier: high\n", "")
    text += (
        f"  evaluation:\n    thresholds:\n      - {{metric: m, op: '>=', value: 1e400}}\n"
        f"      - {{metric: m, op: '>=', value: -.INF}}\n      - {{metric: m, op: '>=', value: !!int {big}}}\n"
        f"      - {{metric: m, op: '>=', value: !!float 0x10}}\n"
    )
    found = {(f.line, f.message) for f in lint_text(text, tmp_path, "SCHEMA001") if "value" in f.pointer}
    assert found == {
        (21, "[type] expected a number between -1.8e308 and 1.8e308; found 1e400"),
        (22, "[type] expected a finite number; found -.INF"),
        (23, "[type] expected at most 4300 digits; found an integer of 5000 digits"),
        (24, "[type] expected a number; found '0x10'"),
    }


# -- the fast check and jsonschema agree ------------------------------------------------------------

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "",
            "P90D",
            "P",
            "PT",
            "P1DT",
            "2026-11-03",
            "2026-02-30",
            "2026-13-01",
            "@acme/team",
            "@bob",
            "bob",
            "a@b.co",
            "group:default/x",
            "https://x.example/y",
            "http://x",
            "s3://bucket",
            "docs/x.md",
            "/abs",
            "production",
            "pilot",
            "launched",
            "quality",
            "safety",
            ">=",
            "=>",
            "release",
            "monitor",
            "request",
            "high",
            "prohibited",
            "x-ext",
            "EVAL001",
            "eval001",
            "ok-id",
            "Bad Id",
            "P90D\n",
        ]
    ),
    st.text(max_size=8),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=6,
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


ALL_PATHS = _paths(PRODUCTION)


@st.composite
def mutated(draw: Any) -> Any:
    data = copy.deepcopy(PRODUCTION)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(ALL_PATHS))
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if not path:
            continue
        try:
            parent: Any = data
            for step in path[:-1]:
                parent = parent[step]
            if action == "replace":
                parent[path[-1]] = draw(_VALUES)
            elif action == "delete":
                del parent[path[-1]]
            elif isinstance(parent, dict):
                parent[draw(st.sampled_from(["x-new", "monitorng", "stage", "extra", "id"]))] = draw(_VALUES)
        except (KeyError, IndexError, TypeError):
            continue
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_fast_check_agrees_with_jsonschema(data: Any) -> None:
    fast = schema_module.fast_check()(data)
    full = not list(schema_module._validator().iter_errors(data))
    assert fast == full
    assert schema_module._compiler().compile(SCHEMA)(data) == full  # the closures, when the code is stale
    errors = schema_module.validate(data)
    assert (errors == []) == full
    for error in errors:
        assert error.message.startswith("[")


def test_non_finite_numbers_are_not_numbers() -> None:
    data = copy.deepcopy(PRODUCTION)
    data["spec"]["evaluation"]["thresholds"][0]["value"] = math.nan
    (error,) = schema_module.validate(data)
    assert error.pointer == "/spec/evaluation/thresholds/0/value"
    assert error.message == "[type] expected a finite number; found .nan"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_explaining_a_reduced_document_finds_every_violation(data: Any) -> None:
    """validate() hands jsonschema the document with its passing optional parts nulled: the
    violations must be exactly those of the whole document."""
    whole = {
        (e.pointer, e.at, e.message)
        for error in schema_module._validator().iter_errors(data)
        for e in schema_module._explain(error)
    }
    assert {(e.pointer, e.at, e.message) for e in schema_module.validate(data)} == whole


def test_the_generated_check_is_current_and_used() -> None:
    from ai_readiness import _schemacheck
    from ai_readiness.schemagen import generate

    path = ROOT / "src" / "ai_readiness" / "_schemacheck.py"
    assert path.read_text(encoding="utf-8") == generate(), "run `python scripts/generate_schema_check.py`"
    schema_module.fast_check.cache_clear()
    try:
        assert schema_module.fast_check() is _schemacheck.check
    finally:
        schema_module.fast_check.cache_clear()


def test_a_schema_edited_after_generation_is_checked_by_the_closures(monkeypatch: Any) -> None:
    from ai_readiness import _schemacheck

    edited = json.loads(schema_module.schema_text())
    edited["properties"]["kind"] = {"const": "Other"}
    monkeypatch.setattr(schema_module, "schema_text", lambda: json.dumps(edited))
    monkeypatch.setattr(schema_module, "load_schema", lambda: edited)
    schema_module.fast_check.cache_clear()
    schema_module._compiler.cache_clear()
    try:
        check = schema_module.fast_check()
        assert check is not _schemacheck.check
        assert not check(PRODUCTION)
        assert check({**PRODUCTION, "kind": "Other"})
    finally:
        schema_module.fast_check.cache_clear()
        schema_module._compiler.cache_clear()


# Every keyword the fast check supports, with the shapes the bundled schema does not use yet:
# bounds, const, enums of booleans and lists, uniqueItems, a recursive reference, anyOf branches
# that hold more than a type.
_SYNTHETIC = {
    "$defs": {
        "tree": {
            "type": ["object", "null"],
            "properties": {
                "label": {"$ref": "#/$defs/label"},
                "children": {"type": "array", "items": {"$ref": "#/$defs/tree"}},
            },
            "additionalProperties": False,
        },
        "label": {"type": "string", "pattern": "^[a-z]+$"},
    },
    "type": "object",
    "required": ["n"],
    "properties": {
        "n": {"type": "number", "minimum": 0, "exclusiveMaximum": 10},
        "i": {"type": "integer", "maximum": 3, "exclusiveMinimum": -3},
        "c": {"const": 1},
        "e": {"enum": [True, [1], None, "a", 2.5]},
        "u": {"type": "array", "uniqueItems": True},
        "d": {"type": "string", "format": "date"},
        "t": {"$ref": "#/$defs/tree"},
        "b": {"type": "boolean"},
        "a": {"anyOf": [{"type": ["string", "null"]}, {"type": "number", "minimum": 0}, {"$ref": "#/$defs/tree"}]},
        "s": {"minLength": 2, "maxLength": 3},
        "l": {"minItems": 1, "maxItems": 2},
        "o": {"oneOf": [{"type": "string"}, {"type": "string", "pattern": "^a"}, {"type": "integer"}]},
        "q": {"not": {"type": "string", "maxLength": 1}},
    },
    "patternProperties": {"^x-": True, "^n": {"type": "number"}},
    "additionalProperties": {"type": "string"},
}
_ANY = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-12, 12),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from(["a", "b", "2026-02-30", "2026-02-28", "abc", "A"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["label", "children", "x-a", "nope", "n2"]), inner, max_size=3),
    ),
    max_leaves=8,
)


# Mostly valid values, so that documents where one keyword alone decides are common.
_GOOD = {
    "n": st.sampled_from([0, 9.5, 10, -1, "1", True]),
    "i": st.sampled_from([3, -2, 4, -3, 1.5, False]),
    "c": st.sampled_from([1, 1.0, True, "1"]),
    "e": st.sampled_from([True, 1, [1], [True], None, "a", 2.5, False]),
    "u": st.sampled_from([[1, 2], [1, 1.0], [[1], [1]], [True, 1], [{"a": 1}, {"a": 1}]]),
    "d": st.sampled_from(["2026-02-28", "2026-02-30", "2024-02-29", "2026-13-01", 5]),
    "t": st.sampled_from([None, {"label": "a", "children": [{"label": "b"}, {"label": "C"}]}, {"children": [None]}]),
    "a": st.sampled_from([None, "x", 0, -1, 2.5, True, [], {"label": "a"}, {"label": "A"}, {"nope": 1}]),
    "s": st.sampled_from(["a", "ab", "abc", "abcd", "\u00e9\u00e9", 5, ["a", "b"]]),
    "l": st.sampled_from([[], [1], [1, 2], [1, 2, 3], "ab", 0]),
    "o": st.sampled_from(["b", "a", "ab", 1, 1.5, True, None]),
    "q": st.sampled_from(["", "a", "ab", 1, None]),
    "x-y": _ANY,
    "nz": st.sampled_from([1, "1"]),
    "other": st.sampled_from(["text", 1]),
}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries(
        {"n": st.one_of(st.just(1), _GOOD["n"])}, optional={k: st.one_of(v, _ANY) for k, v in _GOOD.items() if k != "n"}
    )
)
def test_generated_code_decides_every_supported_keyword_as_jsonschema_does(data: Any) -> None:
    from ai_readiness.schemagen import source

    namespace: dict[str, Any] = {}
    exec(compile(source(_SYNTHETIC, 0), "<generated>", "exec"), namespace)
    explainer = schema_module._validator()
    expected = not list(explainer.__class__(_SYNTHETIC, format_checker=explainer.format_checker).iter_errors(data))
    assert namespace["check"](data) == expected
    assert schema_module._Compiler(_SYNTHETIC).compile(_SYNTHETIC)(data) == expected


def test_a_union_of_types_written_as_any_of_is_explained_as_types() -> None:
    """datasets[].version is text, a number or null: anyOf, since ajv's strict mode refuses a
    union `type`; the message still names what is allowed."""
    wrong: tuple[tuple[object, str], ...] = ((True, "true"), ([1], "a list"), (math.inf, ".inf"))
    for value, found in wrong:
        data = copy.deepcopy(PRODUCTION)
        data["spec"]["evaluation"]["datasets"][0]["version"] = value
        (error,) = schema_module.validate(data)
        assert error.pointer == "/spec/evaluation/datasets/0/version"
        expected = "a finite number" if value == math.inf else "text or a number"
        assert error.message == f"[anyOf] expected {expected}; found {found}"
    right: tuple[object, ...] = ("v3", 3, 2.5, None)
    for good in right:
        data = copy.deepcopy(PRODUCTION)
        data["spec"]["evaluation"]["datasets"][0]["version"] = good
        assert schema_module.validate(data) == []
