"""What `report --format json` tells besides met and gaps (README "report"): where it was made,
when, each system's gaps as findings with their area and stage, its evidence, exceptions and
reviews due; and that the next stage is judged in the same run (docs/design.md, "Reports and
exports"). Every report here is also checked against schemas/report.schema.json (conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ai_readiness import engine
from tests.conftest import TODAY, commit_all, git, make_repo
from tests.reporting import check_report_schema, example_repo, run

PILOT = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: support-bot}
spec:
  type: rag-assistant
  stage: pilot
  owners: {business: ["@acme/support-leads"], technical: ["@acme/support-ml"]}
  purpose: {intendedUse: Answer support questions., outOfScope: [Refunds]}
  risk: {tier: low}
  review: {lastReviewed: 2026-09-15, cadence: P90D}
  data:
    sources: [{id: hc, uri: https://support.example.com/hc, owner: "@acme/content", classification: public,
               access: public, containsPii: false, freshness: {sync: P1D}}]
  evaluation:
    metrics: [{id: correctness, kind: quality, direction: higher}]
    datasets: [{id: golden, path: https://data.example.com/golden}]
    thresholds: [{metric: correctness, op: ">=", value: 0.85, gate: release}]
    lastRun: {date: 2026-11-02, report: https://ci.example.com/eval/12}
    redTeam: {lastPerformed: 2026-06-01}
  reviews:
    - {type: security, status: approved, by: "@acme/security", date: 2026-09-01, expires: 2026-12-20,
       evidence: https://tracker.example.com/SEC-1}
    - {type: privacy, status: approved, by: "@acme/privacy", date: 2026-01-05, expires: 2026-11-27,
       evidence: https://tracker.example.com/PRIV-1}
    - {type: legal, status: approved, by: "@acme/legal", date: 2026-01-05, expires: 2027-06-01,
       evidence: https://tracker.example.com/LEG-1}
  exceptions:
    - {rule: DATA002, reason: "One source only for now.", approvedBy: "@acme/ciso", expires: 2026-12-15}
    - {rule: SEC001, reason: "Re-filed.", approvedBy: "@acme/ciso", expires: 2027-05-01}
    - {rule: EVAL006, reason: "Old.", approvedBy: "@acme/ciso", expires: 2026-11-01}
"""


def report(cwd: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, *args: str) -> dict[str, Any]:
    code, out = run(cwd, ["report", "--format", "json", "--today", TODAY, *args], capsys, monkeypatch)
    assert code == 0
    document: dict[str, Any] = json.loads(out)
    check_report_schema(document)
    return document


def pilot_repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    (repo / "support").mkdir()
    (repo / "support" / "ai-readiness.yaml").write_text(PILOT, encoding="utf-8")
    (repo / "CODEOWNERS").write_text("* @acme/support-ml\n", encoding="utf-8")
    commit_all(repo, "support-bot", date="2026-11-01T12:00:00Z")
    return repo


def test_top_level_keys_and_the_expiry_notice(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    document = report(example_repo(tmp_path), capsys, monkeypatch, "examples")
    assert list(document) == ["version", "repository", "date", "exceptionExpiryNotice", "systems"]
    assert document["version"] == 1 and document["date"] == TODAY
    assert document["exceptionExpiryNotice"] == "P30D"  # the default when the configuration sets none


def test_evidence_exceptions_and_reviews_due(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (system,) = report(pilot_repo(tmp_path), capsys, monkeypatch)["systems"]
    assert system["evidence"] == {"lastRun": "2026-11-02", "redTeam": "2026-06-01"}
    assert system["exceptions"] == [
        {"rule": "DATA002", "reason": "One source only for now.", "approvedBy": "@acme/ciso", "expires": "2026-12-15",
         "state": "expiring"},
        {"rule": "SEC001", "reason": "Re-filed.", "approvedBy": "@acme/ciso", "expires": "2027-05-01",
         "state": "active"},
        {"rule": "EVAL006", "reason": "Old.", "approvedBy": "@acme/ciso", "expires": "2026-11-01",
         "state": "expired"},
    ]  # fmt: skip
    # within P30D of 2026-11-28: the periodic review (2026-09-15 + P90D = 2026-12-14), the security
    # review's expiry (2026-12-20); the privacy review expired yesterday; the legal one is far off
    assert system["reviewsDue"] == [
        {"review": "periodic", "pointer": "/spec/review", "due": "2026-12-14", "overdue": False},
        {"review": "security", "pointer": "/spec/reviews/0", "due": "2026-12-20", "overdue": False},
        {"review": "privacy", "pointer": "/spec/reviews/1", "due": "2026-11-27", "overdue": True},
    ]


def test_the_notice_comes_from_the_configuration_when_it_has_one(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`windows.exception-expiry-notice` (policy packs bring the key): read when the configuration
    has it, P30D otherwise."""
    from ai_readiness.config import Config
    from ai_readiness.dates import parse_duration
    from ai_readiness.evidence import expiry_notice

    assert str(expiry_notice(Config())) == "P30D"

    class Windows:
        exception_expiry_notice = parse_duration("P60D")

    assert str(expiry_notice(Config()._replace(windows=Windows()))) == "P60D"  # type: ignore[arg-type]


def test_gaps_as_findings_with_area_and_stage(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    document = report(example_repo(tmp_path), capsys, monkeypatch, "examples")
    systems = {s["name"]: s for s in document["systems"]}
    prototype = systems["contract-clause-classifier"]
    keys = ["rule", "severity", "message", "path", "line", "column", "endLine", "endColumn", "pointer", "document",
            "suppressed", "area", "stage"]  # fmt: skip
    assert all(list(f) == keys for s in document["systems"] for f in s["findings"])
    # clean at prototype: every gap is the next stage's, in the area its pointer names
    assert {(f["pointer"], f["area"], f["stage"]) for f in prototype["findings"]} >= {
        ("/spec/data/sources", "data", "pilot"),
        ("/spec/evaluation/metrics", "evaluation", "pilot"),
        ("/spec/review/lastReviewed", "reviews", "pilot"),
        ("/spec/owners/business", "ownership", "pilot"),
    }
    assert all(f["rule"] == "STAGE001" and f["suppressed"] is None for f in prototype["findings"])
    # the bad example: its own gaps at the stage it is judged at (prototype: its stage is invalid)
    bad = systems["refund-agent"]
    assert {f["stage"] for f in bad["findings"]} == {"prototype", "pilot"}
    assert ("SCHEMA001", "/spec/stage", "ownership", "prototype") in {
        (f["rule"], f["pointer"], f["area"], f["stage"]) for f in bad["findings"]
    }
    # a gap of both stages is listed once, at the declared stage
    pairs = [(f["rule"], f["pointer"], f["message"]) for f in bad["findings"]]
    assert len(pairs) == len(set(pairs))


def test_a_document_that_could_not_be_read_is_a_system_that_meets_nothing(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "ai-readiness.yaml").write_text("spec: [unclosed\n", encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "ai-readiness.yaml").write_text(
        "apiVersion: ai-readiness/v1\nkind: AISystem\nmetadata: {name: b}\nspec: {type: other, stage: prototype, "
        "owners: {technical: ['@acme/ml']}, purpose: {intendedUse: x}}\n---\n- a list\n",
        encoding="utf-8",
    )
    systems = report(tmp_path, capsys, monkeypatch)["systems"]
    assert [(s["path"], s["document"], s["name"]) for s in systems] == [
        ("a/ai-readiness.yaml", 0, None),
        ("b/ai-readiness.yaml", 0, "b"),
        ("b/ai-readiness.yaml", 1, None),
    ]
    for unread, rule in ((systems[0], "YAML001"), (systems[2], "YAML003")):
        assert unread["readiness"] == 0 and {a["stage"] for a in unread["areas"]} == {"gaps"}
        assert [(f["rule"], f["area"]) for f in unread["findings"]] == [(rule, "all")]


def test_a_wrong_api_version_counts_in_all_areas(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ai-readiness.yaml").write_text(
        "apiVersion: ai-readiness/v0\nkind: AISystem\nmetadata: {name: old}\nspec: {type: agent, stage: pilot}\n",
        encoding="utf-8",
    )
    (system,) = report(tmp_path, capsys, monkeypatch)["systems"]
    assert [(f["rule"], f["area"], f["stage"]) for f in system["findings"]] == [("SCHEMA001", "all", "pilot")]


# -- one run -------------------------------------------------------------------------------------------


def _gap_keys(findings: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    return {(f["path"], f["rule"], f["pointer"]) for f in findings}


def test_the_next_stage_is_judged_in_the_same_run(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """One lint for `report`, whatever the stages; and its next-stage gaps are what `lint
    --target-stage NEXT` reports (live errors and warnings), for systems at prototype and pilot."""
    repo = example_repo(tmp_path)
    (repo / "support").mkdir()
    (repo / "support" / "ai-readiness.yaml").write_text(PILOT, encoding="utf-8")
    commit_all(repo, "pilot", date="2026-11-01T12:00:00Z")
    runs = []
    real_run = engine.Linter.run

    def counted(self: engine.Linter) -> engine.LintResult:
        runs.append(self.options)
        return real_run(self)

    monkeypatch.setattr(engine.Linter, "run", counted)
    document = report(repo, capsys, monkeypatch)
    assert len(runs) == 1 and runs[0].scorecard and runs[0].target_stage is None
    monkeypatch.undo()

    for system in document["systems"]:
        stage = system["stage"] or "prototype"
        target = {"prototype": "pilot", "pilot": "production"}.get(stage)
        if target is None:
            continue
        _, out = run(
            repo,
            ["lint", system["path"], "--format", "json", "--today", TODAY, "--target-stage", target],
            capsys,
            monkeypatch,
        )
        lint = [
            f
            for f in json.loads(out)["findings"]
            if f["document"] == system["document"] and f["suppressed"] is None and f["severity"] != "info"
        ]
        assert _gap_keys(system["findings"]) >= _gap_keys(lint), system["name"]
        ahead = [f for f in system["findings"] if f["stage"] == target]
        assert _gap_keys(ahead) <= _gap_keys(lint), system["name"]


def test_lint_writes_the_report_from_its_own_run(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """`lint --report FILE` (the Action's report-file): the same JSON as `report`, from the one run;
    under --base it still covers every system."""
    repo = pilot_repo(tmp_path)
    (repo / "billing").mkdir()
    (repo / "billing" / "ai-readiness.yaml").write_text(
        "apiVersion: ai-readiness/v1\nkind: AISystem\nmetadata: {name: billing}\nspec: {type: agent, stage: prototype}\n",
        encoding="utf-8",
    )
    commit_all(repo, "billing", date="2026-11-02T12:00:00Z")
    git(repo, "checkout", "-q", "-b", "change")
    (repo / "support" / "ai-readiness.yaml").write_text(PILOT.replace("P90D", "P60D"), encoding="utf-8")
    runs = []
    real_run = engine.Linter.run

    def counted(self: engine.Linter) -> engine.LintResult:
        runs.append(self.options)
        return real_run(self)

    monkeypatch.setattr(engine.Linter, "run", counted)
    out_file = tmp_path / "report.json"
    _, out = run(repo, ["lint", "--base", "main", "--today", TODAY, "--report", str(out_file)], capsys, monkeypatch)
    assert len(runs) == 1
    assert "billing/ai-readiness.yaml" not in out  # the change leaves billing out of the findings...
    written = json.loads(out_file.read_text(encoding="utf-8"))
    check_report_schema(written)
    assert {s["name"] for s in written["systems"]} == {"support-bot", "billing"}  # ...not out of the report
    billing = next(s for s in written["systems"] if s["name"] == "billing")
    assert ("STAGE001", "/spec/owners/technical", "prototype") in {
        (f["rule"], f["pointer"], f["stage"]) for f in billing["findings"]
    }
    monkeypatch.undo()
    git(repo, "checkout", "-q", "--", ".")  # the committed state: its report file equals `report`
    git(repo, "checkout", "-q", "main")
    run(repo, ["lint", "--today", TODAY, "--report", str(out_file)], capsys, monkeypatch)
    assert json.loads(out_file.read_text(encoding="utf-8")) == report(repo, capsys, monkeypatch)
