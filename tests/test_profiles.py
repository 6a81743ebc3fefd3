"""The regulation profiles (README, "Regulation profiles"): the built-in packs, the controls of the
rules and requirements, and the coverage per framework that `report` and the job summary show.
Each test lints real manifests in a real git repository."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.cli import main
from ai_readiness.packs import BUILTIN_DIR
from ai_readiness.requirements import parse_path, resolve
from ai_readiness.rules.catalog import ALL_RULES
from tests.conftest import ROOT, TODAY, commit_all, make_repo
from tests.reporting import example_repo

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PROFILES = ("eu-ai-act-high-risk", "nist-ai-rmf", "iso-42001")
FRAMEWORK = {"eu-ai-act-high-risk": "eu-ai-act", "nist-ai-rmf": "nist-ai-rmf", "iso-42001": "iso-42001"}
ALL_THREE = 'extends = ["builtin:eu-ai-act-high-risk", "builtin:nist-ai-rmf", "builtin:iso-42001"]\n'
PROFILES_DOC = (ROOT / "docs" / "profiles.md").read_text(encoding="utf-8")


def pack(name: str) -> dict[str, Any]:
    data: dict[str, Any] = tomllib.loads((BUILTIN_DIR / f"{name}.toml").read_text(encoding="utf-8"))
    return data


def run(cwd: Path, args: list[str], capsys: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    capsys.readouterr()
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


HIGH_RISK = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: credit-scorer}
spec:
  type: classifier
  stage: pilot
  owners: {business: ["@acme/lending"], technical: ["@acme/ml"]}
  review: {lastReviewed: 2026-11-01, cadence: P90D}
  risk: {tier: medium, euAiAct: %s, aiActRoles: [provider], technicalDocumentation: docs/td.md, postMarketPlan: docs/pm.md}
  purpose:
    intendedUse: Score credit applications for a loan officer to review.
    outOfScope: [Automatic rejection]
  data:
    sources:
      - {id: applications, uri: s3://acme/apps, owner: "@acme/data", classification: internal, access: service-account, containsPii: false}
  evaluation:
    metrics: [{id: auc, kind: quality, direction: higher}, {id: gap, kind: fairness, direction: lower}]
    datasets: [{id: holdout, path: eval/holdout.csv}]
    thresholds: [{metric: auc, op: ">=", value: 0.8, dataset: holdout, gate: release}]
  logging: {events: [request, output, model_version], retention: P1Y}
  humanOversight:
    mode: human-in-the-loop
    reviewers: ["@acme/loan-officers"]
    override: The officer decides; the score is advice.
    stop: The feature flag turns scoring off.
"""


def high_risk_repo(tmp_path: Path, eu_class: str = "high", config: str = ALL_THREE) -> Path:
    repo = make_repo(tmp_path / "repo")
    (repo / "docs").mkdir()
    (repo / "eval").mkdir()
    for name in ("docs/td.md", "docs/pm.md", "eval/holdout.csv"):
        (repo / name).write_text("x\n", encoding="utf-8")
    (repo / "ai-readiness.yaml").write_text(HIGH_RISK % eu_class, encoding="utf-8")
    (repo / ".ai-readiness.toml").write_text(config, encoding="utf-8")
    commit_all(repo)
    return repo


# -- the packs ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PROFILES)
def test_each_profile_passes_config_check(
    name: str, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(tmp_path, ["config", "--check", f"builtin:{name}"], capsys, monkeypatch)
    assert (code, out, err) == (0, "", "")
    data = pack(name)
    assert data["name"] == name and data["profile"]["framework"] == FRAMEWORK[name]
    assert len(data["requirements"]) >= 20


def test_config_names_the_profiles_among_the_packs(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = [
        "config",
        "--policy",
        "builtin:strict-waivers",
        *(x for n in PROFILES for x in ("--policy", f"builtin:{n}")),
    ]
    code, out, _ = run(tmp_path, args, capsys, monkeypatch)
    assert code == 0
    for name in PROFILES:
        assert f"builtin:{name} [pack] (policy {name}; regulation profile {FRAMEWORK[name]})" in out
    assert "builtin:strict-waivers [pack] (policy strict-waivers)\n" in out
    code, out, _ = run(tmp_path, [*args, "--format", "json"], capsys, monkeypatch)
    packs = {p["source"]: p["profile"] for p in json.loads(out)["packs"]}
    assert packs["builtin:strict-waivers"] is None
    assert all(packs[f"builtin:{name}"] == FRAMEWORK[name] for name in PROFILES)


@pytest.mark.parametrize("name", PROFILES)
def test_every_profile_requirement_names_a_schema_key_a_stage_and_its_own_framework(name: str) -> None:
    data = pack(name)
    for requirement in data["requirements"]:
        parts = parse_path(requirement["key"])
        assert not isinstance(parts, str) and resolve(parts) is None, requirement["id"]
        assert not any(n.startswith("x-") for n, _ in parts), requirement["id"]  # only the schema's own keys
        assert requirement["from"] in ("prototype", "pilot", "production", "deprecated")
        assert requirement["summary"] and requirement["controls"], requirement["id"]
        assert all(c.startswith(FRAMEWORK[name] + ":") for c in requirement["controls"]), requirement["id"]
        # the stage is documented per requirement, with its reason
        assert re.search(
            rf"^\| {requirement['id']} \| `{re.escape(requirement['key'])}` \| {requirement['from']} \| ",
            PROFILES_DOC,
            re.M,
        ), requirement["id"]
    if name == "eu-ai-act-high-risk":  # applies only to high-risk systems, through `when`
        assert all(r["when"]["spec.risk.euAiAct"] == "high" for r in data["requirements"])
        assert data["profile"]["when"] == {"spec.risk.euAiAct": "high"}


def test_the_parsed_packs_are_current() -> None:
    """`builtin/_parsed.json` spares a lint with the profiles their TOML (regenerate it with
    scripts/generate_builtin_packs.py); a pack whose text changed is read from its TOML."""
    from ai_readiness import packs

    assert packs.PARSED.read_text(encoding="utf-8") == packs.parsed_builtin_packs()
    source = packs.resolve("builtin:nist-ai-rmf", None, "--policy", ROOT, ROOT)
    assert packs._parsed_builtin(source.path) == pack("nist-ai-rmf")


def _all_controls() -> dict[str, list[str]]:
    """Every control cited by a built-in rule or a shipped profile, with who cites it."""
    found: dict[str, list[str]] = {}
    for rule in ALL_RULES:
        for control in rule.controls:
            found.setdefault(control, []).append(rule.id)
    for name in PROFILES:
        for requirement in pack(name)["requirements"]:
            for control in requirement["controls"]:
                found.setdefault(control, []).append(requirement["id"])
    return found


def test_every_control_reads_framework_reference_and_is_listed_with_its_clause() -> None:
    documented = set(re.findall(r"^\* `([a-z0-9.-]+:[^`]+)`: “", PROFILES_DOC, re.M))
    shape = re.compile(
        r"(eu-ai-act:(Art\. [0-9]+(\([0-9]+\))?(\([a-z]+\))?(\([ivx]+\))?|Annex IV\([0-9]\)(\([a-h]\))?)"
        r"|nist-ai-rmf:(GOVERN|MAP|MEASURE|MANAGE) [0-9]\.[0-9]+|iso-42001:A\.[0-9]+\.[0-9]+(\.[0-9]+)?)"
    )
    controls = _all_controls()
    assert len(controls) > 90
    for control, cited_by in controls.items():
        assert shape.fullmatch(control), (control, cited_by)
        assert control in documented, f"{control} (cited by {', '.join(cited_by)}) has no clause in docs/profiles.md"
    assert documented == set(controls), "docs/profiles.md lists a clause nothing cites"


def test_every_rule_with_controls_is_documented_with_them() -> None:
    for rule in ALL_RULES:
        for control in rule.controls:
            assert re.search(rf"^\| {rule.id} \|[^\n]*`{re.escape(control)}`", PROFILES_DOC, re.M), (rule.id, control)


# -- linting with a profile ------------------------------------------------------------------------


def test_a_high_risk_system_gets_the_eu_requirements_with_their_controls(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = high_risk_repo(tmp_path, config='extends = ["builtin:eu-ai-act-high-risk"]\n')
    code, out, _ = run(repo, ["lint", "--format", "sarif", "--today", TODAY], capsys, monkeypatch)
    assert code == 1
    sarif = json.loads(out)["runs"][0]
    fired = sorted({r["ruleId"] for r in sarif["results"] if r["ruleId"].startswith("EUAIA")})
    # pilot: the limitations, affected groups, risk documentation, residual risk, models, incident
    # procedure and notification duties of a provider (no deployer role: no FRIA, DPIA, notice)
    assert fired == ["EUAIA004", "EUAIA005", "EUAIA006", "EUAIA007", "EUAIA008", "EUAIA018", "EUAIA019"]
    rules = {r["id"]: r for r in sarif["tool"]["driver"]["rules"]}
    assert rules["EUAIA018"]["properties"]["controls"] == [
        "eu-ai-act:Art. 73(1)",
        "eu-ai-act:Art. 26(5)",
        "eu-ai-act:Art. 17(1)(i)",
    ]
    assert "eu-ai-act:Art. 26(6)" in rules["LOG002"]["properties"]["controls"]
    code, out, _ = run(repo, ["explain", "EUAIA007"], capsys, monkeypatch)
    assert code == 0 and "Controls: eu-ai-act:Art. 9(5)." in out
    code, out, _ = run(repo, ["explain", "HO001"], capsys, monkeypatch)
    assert "eu-ai-act:Art. 14(4)(e)" in out


def test_a_system_that_is_not_high_risk_gets_none_and_the_eu_controls_are_not_applicable(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = high_risk_repo(tmp_path, "limited")
    _, out, _ = run(repo, ["lint", "--format", "json", "--today", TODAY], capsys, monkeypatch)
    assert not [f for f in json.loads(out)["findings"] if f["rule"].startswith("EUAIA")]
    _, out, _ = run(repo, ["report", "--format", "json", "--today", TODAY], capsys, monkeypatch)
    report = json.loads(out)
    eu = next(p for p in report["profiles"] if p["framework"] == "eu-ai-act")
    coverage = {c["framework"]: c for c in report["systems"][0]["coverage"]}
    assert coverage["eu-ai-act"]["applies"] is False
    assert coverage["eu-ai-act"]["notApplicable"] == [c["control"] for c in eu["controls"]]
    assert coverage["nist-ai-rmf"]["applies"] is True
    _, out, _ = run(repo, ["report", "--today", TODAY], capsys, monkeypatch)
    table = out.split("Coverage: EU AI Act", 1)[1].split("## Coverage", 1)[0]
    assert "| Art. 14(1) | EUAIA011, HO001, RISK002 | – not applicable |" in table
    assert "✅" not in table and "❌" not in table


def test_coverage_counts_gaps_where_the_stage_gate_speaks_instead(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A requirement that mirrors a gate key is silent where STAGE001 reports the key, but the
    control it serves still has gaps; a requirement on an absent list is not applicable."""
    repo = high_risk_repo(tmp_path)
    text = (
        (repo / "ai-readiness.yaml").read_text(encoding="utf-8").replace("    outOfScope: [Automatic rejection]\n", "")
    )
    (repo / "ai-readiness.yaml").write_text(text, encoding="utf-8")
    commit_all(repo)
    _, out, _ = run(repo, ["lint", "--format", "json", "--today", TODAY], capsys, monkeypatch)
    rules = [f["rule"] for f in json.loads(out)["findings"] if f["pointer"] == "/spec/purpose/outOfScope"]
    assert rules == ["STAGE001"]  # one absence, one finding
    _, out, _ = run(repo, ["report", "--format", "json", "--today", TODAY], capsys, monkeypatch)
    coverage = {c["framework"]: c for c in json.loads(out)["systems"][0]["coverage"]}
    assert coverage["nist-ai-rmf"]["gaps"]["nist-ai-rmf:MAP 3.3"] == ["NIST005"]
    assert coverage["eu-ai-act"]["gaps"]["eu-ai-act:Art. 9(2)(b)"] == ["EUAIA003"]
    assert coverage["eu-ai-act"]["gaps"]["eu-ai-act:Art. 73(1)"] == ["EUAIA018"]
    assert coverage["iso-42001"]["gaps"]["iso-42001:A.9.4"] == ["ISO004"]
    assert "nist-ai-rmf:MAP 2.3" in coverage["nist-ai-rmf"]["notApplicable"]  # no training data
    assert "nist-ai-rmf:MANAGE 1.4" in coverage["nist-ai-rmf"]["notApplicable"]  # from production
    assert "eu-ai-act:Art. 27(1)" in coverage["eu-ai-act"]["notApplicable"]  # a deployer's duty
    # a rule that ran and raised nothing is met; an exception turns a requirement's gap into met
    assert "eu-ai-act:Art. 14(4)(e)" not in coverage["eu-ai-act"]["gaps"]
    assert "eu-ai-act:Art. 14(4)(e)" not in coverage["eu-ai-act"]["notApplicable"]


def test_the_production_example_is_clean_under_all_three_profiles(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = example_repo(tmp_path)
    args = [
        "--policy",
        "builtin:eu-ai-act-high-risk",
        "--policy",
        "builtin:nist-ai-rmf",
        "--policy",
        "builtin:iso-42001",
    ]
    code, out, _ = run(
        repo, ["lint", "examples/production", "--format", "json", "--today", TODAY, *args], capsys, monkeypatch
    )
    assert (code, json.loads(out)["findings"]) == (0, [])
    code, out, _ = run(
        repo, ["report", "examples/production", "--format", "json", "--today", TODAY, *args], capsys, monkeypatch
    )
    coverage = {c["framework"]: c for c in json.loads(out)["systems"][0]["coverage"]}
    assert coverage["eu-ai-act"]["applies"] is False  # a limited-risk system
    for framework in ("nist-ai-rmf", "iso-42001"):
        assert coverage[framework]["gaps"] == {}
        # only what judges a pull request (PR001) or a deprecated system (NIST030) is not applicable
        assert set(coverage[framework]["notApplicable"]) <= {
            "nist-ai-rmf:GOVERN 1.7",
            "nist-ai-rmf:MANAGE 1.1",
            "iso-42001:A.6.2.5",
        }


# -- output ---------------------------------------------------------------------------------------

HOSTILE_PACK = """\
name = "hostile"
[profile]
framework = "acme"
title = "<script>alert(1)</script> | `x` **b** [l](https://e.example)"
[[requirements]]
id = "ACME001"
key = "spec.x-acme.dpia"
from = "prototype"
controls = ["acme:<img src=x onerror=alert(1)>|`c` ##[error]x"]
"""


def test_hostile_text_in_coverage_output_is_escaped(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = high_risk_repo(tmp_path, config='extends = ["policy/hostile.toml"]\n')
    (repo / "policy").mkdir()
    (repo / "policy" / "hostile.toml").write_text(HOSTILE_PACK, encoding="utf-8")
    commit_all(repo)
    summary = tmp_path / "summary.md"
    run(repo, ["lint", "--summary", str(summary), "--today", TODAY], capsys, monkeypatch)
    _, markdown, _ = run(repo, ["report", "--today", TODAY], capsys, monkeypatch)
    _, html, _ = run(repo, ["report", "--format", "html", "--today", TODAY], capsys, monkeypatch)
    for text in (summary.read_text(encoding="utf-8"), markdown):
        section = text.split("Coverage: ", 1)[1]
        assert "<script>" not in section and "<img" not in section and "&lt;script&gt;" in section
        row = next(line for line in section.splitlines() if "ACME001" in line)
        assert row.count(" | ") == 2 and "\\`c\\`" in row  # the pipe and backticks can't end or open a cell
        assert "##[" not in section
    assert "<script>alert" not in html and "<img src" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_html_page_counts_systems_per_control(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = high_risk_repo(tmp_path)
    second = (repo / "ai-readiness.yaml").read_text(encoding="utf-8").replace("credit-scorer", "other-scorer")
    (repo / "other").mkdir()
    (repo / "other" / "ai-readiness.yaml").write_text(
        second.replace("euAiAct: high", "euAiAct: minimal"), encoding="utf-8"
    )
    shutil.copytree(repo / "docs", repo / "other" / "docs")
    shutil.copytree(repo / "eval", repo / "other" / "eval")
    commit_all(repo)
    _, html, _ = run(repo, ["report", "--format", "html", "--today", TODAY], capsys, monkeypatch)
    assert "<h2>Coverage: EU AI Act (Regulation (EU) 2024/1689), high-risk AI systems</h2>" in html
    # one system has gaps (missing serious-incident procedure), the other is not high-risk
    assert "<tr><th>Art. 73(1)<td>EUAIA018<td class=r>0<td class=r>1<td class=r>1\n" in html
    _, out, _ = run(repo, ["report", "--format", "json", "--today", TODAY], capsys, monkeypatch)
    (tmp_path / "a.json").write_text(out, encoding="utf-8")
    _, merged, _ = run(repo, ["report", "--merge", str(tmp_path / "a.json"), "--format", "html"], capsys, monkeypatch)
    assert "<tr><th>Art. 73(1)<td>EUAIA018<td class=r>0<td class=r>1<td class=r>1\n" in merged


def test_the_readme_shows_the_coverage_the_command_prints(capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- coverage: (.*?) -->\n```markdown\n(.*?)```\n", readme, re.DOTALL)
    assert found is not None
    command, block = found.groups()
    for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"):
        monkeypatch.delenv(name, raising=False)
    _, out, _ = run(ROOT, command.split()[1:], capsys, monkeypatch)
    table = [line for line in out.split("## Coverage", 1)[1].splitlines() if line.startswith("|")]
    assert table == block.splitlines()
    assert "❌" not in block and "✅ met" in block


def test_with_many_systems_the_markdown_counts_systems_per_control(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = high_risk_repo(tmp_path, config='extends = ["builtin:eu-ai-act-high-risk"]\n')
    text = (repo / "ai-readiness.yaml").read_text(encoding="utf-8")
    for i in range(6):  # seven systems: one column each would not fit
        (repo / f"s{i}").mkdir()
        (repo / f"s{i}" / "ai-readiness.yaml").write_text(
            text.replace("credit-scorer", f"scorer-{i}").replace("euAiAct: high", "euAiAct: limited"), encoding="utf-8"
        )
    commit_all(repo)
    _, out, _ = run(repo, ["report", "--today", TODAY], capsys, monkeypatch)
    table = out.split("## Coverage", 1)[1]
    assert "| control | served by | met | gaps | not applicable |" in table
    assert "| Art. 73(1) | EUAIA018 | 0 | 1 | 6 |" in table
