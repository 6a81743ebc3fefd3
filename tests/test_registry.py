"""The rule registry itself: ids, modules, documentation and cases for every rule, and the
documents generated from it kept in step (as sqlfluff tests its docstrings and flake8 its code
table). The examples run in tests/test_rule_examples.py."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from ai_readiness.docs import rules_markdown, rules_reference
from ai_readiness.rules import document
from ai_readiness.rules.base import AREAS, BY_POINTER, WHOLE, Rule
from ai_readiness.rules.catalog import ALL_RULES, BY_ID
from tests.conftest import ROOT

CASES = Path(__file__).parent / "cases"
# The registry's order: `rules`, docs/rules.md, the README's table and SARIF's rule list.
ORDER = [
    "YAML001",
    "YAML002",
    "YAML003",
    "SCHEMA001",
    "STAGE001",
    "META001",
    "META002",
    "META003",
    "OWN001",
    "OWN002",
    "OWN003",
    "PUR001",
    "RISK001",
    "RISK002",
    "DATA001",
    "DATA002",
    "DATA003",
    "EVAL001",
    "EVAL002",
    "EVAL003",
    "EVAL005",
    "EVAL006",
    "EVAL007",
    "EVAL008",
    "EVAL009",
    "MON001",
    "MON002",
    "MON003",
    "MON004",
    "LOG001",
    "LOG002",
    "TRN001",
    "HO001",
    "FAIL001",
    "REF001",
    "SEC001",
    "ATT001",
    "ATT002",
    "ATT003",
    "GIT001",
    "PR001",
    "PR002",
]


# The module of each id prefix: grepping an id lands in the file named for its subject.
MODULES = {
    "YAML": "document",
    "SCHEMA": "document",
    "STAGE": "stage",
    "META": "metadata",
    "OWN": "ownership",
    "PUR": "purpose",
    "RISK": "risk",
    "DATA": "data",
    "EVAL": "evaluation",
    "MON": "monitoring",
    "LOG": "logging",
    "TRN": "transparency",
    "HO": "oversight",
    "FAIL": "failure",
    "REF": "references",
    "SEC": "security",
    "ATT": "attestations",
    "GIT": "history",
    "PR": "pull_requests",
}


def test_the_registry_keeps_its_order() -> None:
    assert [r.id for r in ALL_RULES] == ORDER


def test_ids_and_names_are_unique_and_well_formed() -> None:
    ids = [r.id for r in ALL_RULES]
    assert len(set(ids)) == len(ids) == len(BY_ID)
    assert all(re.fullmatch(r"[A-Z]{2,8}[0-9]{3}", i) for i in ids)
    names = [r.name for r in ALL_RULES]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", n) for n in names)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_a_rule_lives_in_the_module_of_its_prefix_named_after_it(rule: Rule) -> None:
    """The record is the module's constant named after the rule, its check the function of the
    same name in the same module: `MON001 no-alert` is `monitoring.NO_ALERT`, `monitoring.no_alert`."""
    assert _prefix(rule) in MODULES, f"add {rule.id}'s prefix to MODULES"
    module = importlib.import_module(f"ai_readiness.rules.{MODULES[_prefix(rule)]}")
    snake = rule.name.replace("-", "_")
    assert vars(module).get(snake.upper()) is not None
    assert id(vars(module)[snake.upper()]) == id(rule)
    if rule.check is not None:
        assert rule.check.__module__ == module.__name__ and rule.check.__name__ == snake
    if rule.run_check is not None:
        assert rule.run_check.__module__ == module.__name__


def _prefix(rule: Rule) -> str:
    return rule.id.rstrip("0123456789")


def test_every_prefix_has_rules() -> None:
    assert {_prefix(r) for r in ALL_RULES} == set(MODULES)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_records_are_well_formed(rule: Rule) -> None:
    assert rule.area in (*AREAS, BY_POINTER, WHOLE)
    assert rule.scope in ("document", "git", "change", "repository")
    if rule.run_check is not None:
        assert rule.policy.fixed  # a run check's findings are not about one stage


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_every_rule_is_documented_with_examples(rule: Rule) -> None:
    assert rule.summary.strip() and rule.rationale.strip()
    assert rule.bad != rule.good
    yaml = YAML(typ="safe", pure=True)
    if rule.id not in ("YAML001", "YAML002"):  # these two are broken YAML on purpose
        yaml.load(rule.bad)
    yaml.load(rule.good)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_every_rule_is_implemented_and_has_cases(rule: Rule) -> None:
    # the document layer's rules are reported by the loader and the schema pass
    assert rule.check is not None or rule.run_check is not None or rule in vars(document).values()
    if rule.id in ("YAML001", "YAML002", "YAML003", "SCHEMA001", "STAGE001"):
        return  # the loader and schema layers: tests/test_loader.py, test_schema.py, test_yaml_suite.py
    folder = CASES / rule.id
    assert folder.is_dir(), f"{rule.id} has no tests/cases/{rule.id}/"
    names = [p.name for p in folder.glob("*.yaml") if not p.name.endswith(".base.yaml")]
    assert any(n.startswith("good") for n in names) and any(n.startswith("bad") for n in names)


def test_waivability_and_configurability() -> None:
    assert [r.id for r in ALL_RULES if not r.configurable] == ["YAML001", "YAML002", "YAML003"]
    assert [r.id for r in ALL_RULES if not r.waivable] == [
        "YAML001",
        "YAML002",
        "YAML003",
        "SCHEMA001",
        "ATT001",
        "ATT002",
        "ATT003",
    ]


def test_readme_rule_table_is_generated_from_the_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- rules:start -->\n", 1)[1].split("<!-- rules:end -->", 1)[0]
    assert table == rules_markdown(), "run `python scripts/generate_docs.py`"


def test_rule_reference_is_generated_from_the_registry() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_reference(), (
        "run `python scripts/generate_docs.py`"
    )


def _resolves(schema: dict[str, Any], node: dict[str, Any], steps: list[str]) -> bool:
    """Whether the dotted path ``steps`` (`[]` stepping into list items) exists below ``node``."""
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].removeprefix("#/$defs/")]
    if not steps:
        return True
    step, rest = steps[0], steps[1:]
    if "anyOf" in node:
        return any(_resolves(schema, branch, steps) for branch in node["anyOf"])
    is_list = step.endswith("[]")
    child = node.get("properties", {}).get(step.removesuffix("[]"))
    if child is None:
        return False
    if is_list:
        while "$ref" in child:
            child = schema["$defs"][child["$ref"].removeprefix("#/$defs/")]
        if "items" not in child:
            return False
        child = child["items"]
    return _resolves(schema, child, rest)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_the_keys_a_rule_judges_are_keys_of_the_schema(rule: Rule) -> None:
    from ai_readiness.schema import load_schema

    schema = load_schema()
    assert len(set(rule.keys)) == len(rule.keys)
    for key in rule.keys:
        assert _resolves(schema, schema, key.split(".")), f"{rule.id}: {key} is not a key of the schema"
    assert _resolves(schema, schema, ["spec", "monitoring", "signals[]", "alert", "op"])
    assert not _resolves(schema, schema, ["spec", "monitoring", "signal[]", "alert"])
