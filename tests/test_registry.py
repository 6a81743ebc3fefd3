"""The rule registry itself: ids, documentation, examples and cases for every rule, and the
documents generated from it kept in step (STYLE: sqlfluff's docstring test, flake8's code table)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from ai_readiness.docs import rules_markdown, rules_reference
from ai_readiness.rules import document
from ai_readiness.rules.catalog import ALL_RULES, BY_ID
from tests.conftest import ROOT

CASES = Path(__file__).parent / "cases"
SPEC_IDS = [
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
    "GIT001",
    "PR001",
    "PR002",
]


def test_the_catalogue_is_spec_s_table_in_order() -> None:
    assert [r.id for r in ALL_RULES] == SPEC_IDS
    assert len(BY_ID) == len(ALL_RULES)
    names = [r.name for r in ALL_RULES]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", n) for n in names)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_every_rule_is_documented_with_examples(rule: object) -> None:
    from ai_readiness.rules.base import Rule

    assert isinstance(rule, Rule)
    assert rule.summary.strip() and rule.rationale.strip()
    assert rule.bad != rule.good
    yaml = YAML(typ="safe", pure=True)
    if rule.id not in ("YAML001", "YAML002"):  # these two are broken YAML on purpose
        yaml.load(rule.bad)
    yaml.load(rule.good)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_every_rule_is_implemented_and_has_cases(rule: object) -> None:
    from ai_readiness.rules.base import Rule

    assert isinstance(rule, Rule)
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
    assert [r.id for r in ALL_RULES if not r.waivable] == ["YAML001", "YAML002", "YAML003", "SCHEMA001", "ATT001"]


def test_readme_rule_table_is_generated_from_the_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- rules:start -->\n", 1)[1].split("<!-- rules:end -->", 1)[0]
    assert table == rules_markdown(), "run `python scripts/generate_docs.py`"


def test_rule_reference_is_generated_from_the_registry() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_reference(), (
        "run `python scripts/generate_docs.py`"
    )
