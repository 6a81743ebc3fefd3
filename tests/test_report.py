"""`ai-readiness report` and `lint --summary`: the readiness scorecard and the job summary (README
"report" and "Output")."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.engine import FileResult, LintResult, System
from ai_readiness.findings import Finding, Severity, Span
from ai_readiness.report import area_of_pointer, areas_of, gap_text
from ai_readiness.reporters.summary import LIMIT, Links, job_summary, md
from ai_readiness.rules.base import AREAS, BY_POINTER, WHOLE
from ai_readiness.rules.catalog import ALL_RULES
from tests.conftest import TODAY, commit_all, make_repo
from tests.reporting import GITHUB_ENV, check_golden, example_repo, run


def report_json(repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, *paths: str) -> dict[str, Any]:
    code, out = run(repo, ["report", *paths, "--format", "json", "--today", TODAY], capsys, monkeypatch)
    assert code == 0  # report informs; lint gates
    document: dict[str, Any] = json.loads(out)
    return document


def by_name(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["name"]: s for s in document["systems"]}


def statuses(system: dict[str, Any]) -> dict[str, tuple[str | None, str | None]]:
    return {a["area"]: (a["stage"], a["next"]) for a in system["areas"]}


# -- the mapping ----------------------------------------------------------------------------------


def test_every_rule_is_mapped_to_an_area() -> None:
    assert all(r.area in (*AREAS, BY_POINTER, WHOLE) for r in ALL_RULES)
    assert len(AREAS) == 10


@pytest.mark.parametrize(
    ("rule", "pointer", "message", "areas"),
    [
        ("STAGE001", "/spec/owners/business", "", ("ownership",)),
        ("STAGE001", "/spec/purpose/outOfScope", "", ("ownership",)),
        ("STAGE001", "/spec/risk/tier", "", ("ownership",)),
        ("STAGE001", "/spec/review/cadence", "", ("reviews",)),
        ("STAGE001", "/spec/reviews", "", ("reviews",)),
        ("STAGE001", "/spec/failureHandling/killSwitch", "", ("failure handling",)),
        ("STAGE001", "/spec/humanOversight/mode", "", ("oversight",)),
        ("STAGE001", "/spec/transparency", "", ("transparency",)),
        ("SCHEMA001", "/spec/evaluation/thresholds/0/op", "[enum] x", ("evaluation",)),
        ("SCHEMA001", "/spec/monitorng", "[additionalProperties] x", ("ownership",)),
        ("SCHEMA001", "/apiVersion", "[const] x", AREAS),
        ("SCHEMA001", "/kind", "[const] x", AREAS),
        ("YAML001", "", "x", AREAS),
        ("YAML002", "/spec/logging/retention", "x", ("logging",)),
        ("REF001", "/spec/failureHandling/runbook", "x", ("failure handling",)),
        ("META001", "/spec/data/sources/0/owner", "x", ("data",)),
        ("SEC001", "/spec/reviews", "x", ("security",)),
        ("ATT001", "/spec/exceptions/0/expires", "x", ("reviews",)),
    ],
)
def test_area_of_a_finding(rule: str, pointer: str, message: str, areas: tuple[str, ...]) -> None:
    finding = Finding(rule, Severity.ERROR, message, "a.yaml", Span(1, 1, 1, 2), pointer)
    assert areas_of(finding) == areas


def test_pointer_prefixes_match_whole_keys() -> None:
    assert area_of_pointer("/spec/review") == "reviews"
    assert area_of_pointer("/spec/reviewsX") == "ownership"  # an unknown key, not `reviews`
    assert area_of_pointer("/spec/data") == "data"


def test_gap_texts_are_short_and_stage_independent() -> None:
    def gap(rule: str, pointer: str, message: str = "m") -> str:
        return gap_text(Finding(rule, Severity.ERROR, message, "a.yaml", Span(1, 1, 1, 2), pointer))

    assert gap("STAGE001", "/spec/evaluation/thresholds") == "missing evaluation.thresholds"
    assert gap("SCHEMA001", "/spec/evaluation/thresholds/0/op", "[enum] …") == "invalid evaluation.thresholds[0].op"
    assert gap("SCHEMA001", "/spec/monitorng", "[additionalProperties] …") == "unknown key monitorng"
    assert gap("SCHEMA001", "/apiVersion", "[required] …") == "missing apiVersion"
    assert gap("MON002", "/spec/monitoring/escalation") == "MON002 no-on-call at monitoring.escalation"
    assert gap("SCHEMA001", "/spec/x~1y~0z", "[additionalProperties] …") == "unknown key x/y~z"


# -- the scorecard of the examples ------------------------------------------------------------------


def test_scorecard_of_the_examples(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    document = report_json(example_repo(tmp_path), capsys, monkeypatch, "examples")
    assert document["version"] == 1
    systems = by_name(document)
    assert set(systems) == {"refund-agent", "support-answer-assistant", "contract-clause-classifier"}
    for system in document["systems"]:
        # version 1's first keys, in order, then the keys added since (readers ignore what they don't know)
        assert list(system) == [
            "path", "document", "name", "stage", "type", "readiness", "areas",
            "findings", "evidence", "exceptions", "reviewsDue",
        ]  # fmt: skip
        assert [a["area"] for a in system["areas"]] == list(AREAS)
        for area in system["areas"]:
            assert list(area) == ["area", "stage", "next", "gaps"]
            assert area["stage"] in ("met", "gaps") and area["next"] in ("met", "gaps", None)
            assert (area["gaps"] == []) == (area["stage"] == "met" and area["next"] in ("met", None))
        assert 0 <= system["readiness"] <= 1
        assert system["readiness"] == sum(a["stage"] == "met" for a in system["areas"]) / 10

    # the production example is clean (tests/test_examples.py), and production has no next stage
    production = systems["support-answer-assistant"]
    assert production["stage"] == "production" and production["readiness"] == 1
    assert set(statuses(production).values()) == {("met", None)}

    # the prototype is clean at prototype; pilot asks for owners, purpose, risk, review, data, evaluation
    prototype = systems["contract-clause-classifier"]
    assert prototype["readiness"] == 1 and prototype["path"] == "examples/prototype/ai-readiness.yaml"
    gaps_at_pilot = {"ownership", "data", "evaluation", "reviews"}
    assert statuses(prototype) == {a: ("met", "gaps" if a in gaps_at_pilot else "met") for a in AREAS}
    data = next(a for a in prototype["areas"] if a["area"] == "data")
    assert data["gaps"] == ["missing data.sources (for pilot)"]

    # the bad example: its stage is invalid (judged as a prototype), owners and review dates are wrong
    bad = systems["refund-agent"]
    assert bad["stage"] is None and bad["type"] == "agent"
    assert statuses(bad)["ownership"][0] == "gaps" and statuses(bad)["reviews"][0] == "gaps"
    assert all(next_ is not None for _, next_ in statuses(bad).values())  # prototype → pilot
    assert bad["readiness"] < 1


def test_a_document_the_rules_could_not_judge_meets_nothing(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ai-readiness.yaml").write_text(
        "apiVersion: ai-readiness/v0\nkind: AISystem\nmetadata: {name: old}\nspec: {type: agent, stage: production}\n",
        encoding="utf-8",
    )
    (system,) = report_json(tmp_path, capsys, monkeypatch)["systems"]
    assert system["readiness"] == 0 and system["stage"] == "production"
    assert set(statuses(system).values()) == {("gaps", None)}


def test_deprecated_has_no_next_stage_and_warnings_count(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ai-readiness.yaml").write_text(
        """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: old-bot}
spec:
  type: agent
  stage: deprecated
  owners: {technical: ["@acme/ml"]}
  purpose: {intendedUse: Answer questions.}
  decommission: {date: 2026-12-31, dataDeletion: Logs are deleted after 30 days.}
  logging: {events: [output], retention: P1Y}
""",
        encoding="utf-8",
    )
    (system,) = report_json(tmp_path, capsys, monkeypatch)["systems"]
    assert system["stage"] == "deprecated"
    assert all(a["next"] is None for a in system["areas"])
    logging = next(a for a in system["areas"] if a["area"] == "logging")
    assert logging["stage"] == "gaps" and logging["gaps"][0].startswith("LOG001 ")  # a warning is a gap


def test_report_markdown(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _, out = run(example_repo(tmp_path), ["report", "examples", "--today", TODAY], capsys, monkeypatch)
    assert out.startswith("## Readiness\n\n| system | stage | readiness | ownership |")
    row = next(line for line in out.splitlines() if "contract-clause-classifier" in line)
    assert "| prototype → pilot | 100% |" in row and row.count("✅ → ❌") == 4


# -- one readiness -----------------------------------------------------------------------------------

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
  review: {lastReviewed: 2026-11-01, cadence: P90D}
  data:
    sources: [{id: hc, uri: https://support.example.com/hc, owner: "@acme/content", classification: public,
               access: public, containsPii: false, freshness: {sync: P1D}}]
  evaluation:
    metrics:
      - {id: correctness, kind: quality, direction: higher}
      - {id: latency, kind: performance, direction: lower}
    datasets: [{id: golden, path: https://data.example.com/golden}]
    thresholds: [{metric: correctness, op: ">=", value: 0.85, gate: release}]
"""


def _summary_percent(text: str, name: str) -> str:
    row = next(line for line in text.splitlines() if f"**{name}**" in line and line.startswith("|"))
    match = re.search(r"\| (\d+)% \|", row)
    assert match, row
    return match.group(1)


@pytest.mark.parametrize(
    "flags",
    [["--base", "main"], ["--ignore", "SEC001,OWN003"], ["--select", "EVAL"], ["--target-stage", "production"]],
    ids=["base", "ignore", "select", "target-stage"],
)
def test_the_job_summary_and_report_give_the_same_readiness(
    flags: list[str], tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One definition for both: a pull request that removes a metric (PR002, a warning about the
    change) or a lint run narrowed by flags must not move the system's readiness."""
    repo = make_repo(tmp_path / "repo")
    (repo / "support").mkdir()
    (repo / "support" / "ai-readiness.yaml").write_text(PILOT, encoding="utf-8")
    commit_all(repo, "support-bot at pilot", date="2026-11-01T12:00:00Z")
    from tests.conftest import git

    git(repo, "checkout", "-q", "-b", "drop-latency")
    (repo / "support" / "ai-readiness.yaml").write_text(
        PILOT.replace("      - {id: latency, kind: performance, direction: lower}\n", ""), encoding="utf-8"
    )
    summary = tmp_path / "summary.md"
    _, out = run(repo, ["lint", *flags, "--today", TODAY, "--summary", str(summary)], capsys, monkeypatch)
    if flags[0] == "--base":
        assert "PR002" in out  # the change weakens readiness: a finding of the run, not a gap of the system
    (system,) = report_json(repo, capsys, monkeypatch)["systems"]
    assert _summary_percent(summary.read_text(encoding="utf-8"), "support-bot") == f"{round(system['readiness'] * 100)}"
    _, markdown = run(repo, ["report", "--today", TODAY], capsys, monkeypatch)
    assert _summary_percent(markdown, "support-bot") == f"{round(system['readiness'] * 100)}"


def test_change_rules_are_never_gaps() -> None:
    from ai_readiness.report import is_gap

    def finding(rule: str) -> Finding:
        return Finding(rule, Severity.ERROR, "x", "a/ai-readiness.yaml", Span(1, 1, 1, 2), "/spec/stage", 0)

    assert is_gap(finding("EVAL001")) and not is_gap(finding("PR001")) and not is_gap(finding("PR002"))


@pytest.mark.parametrize(
    ("stages", "legend"),
    [
        (["production"], "Each area at the declared stage (production and deprecated have no next stage): "),
        (["prototype"], "Each area: declared stage → next stage; "),
        (["pilot", "production"], "Each area: declared stage → next stage (production and deprecated: the declared "),
    ],
)
def test_the_legend_names_a_next_stage_only_where_there_is_one(
    stages: list[str], legend: str, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for index, stage in enumerate(stages):
        folder = tmp_path / f"s{index}"
        folder.mkdir()
        (folder / "ai-readiness.yaml").write_text(
            f"apiVersion: ai-readiness/v1\nkind: AISystem\nmetadata: {{name: s{index}}}\n"
            f"spec: {{type: other, stage: {stage}, owners: {{technical: ['@acme/ml']}}, purpose: {{intendedUse: x}}}}\n",
            encoding="utf-8",
        )
    _, out = run(tmp_path, ["report", "--today", TODAY], capsys, monkeypatch)
    (line,) = [line for line in out.splitlines() if line.startswith("Each area")]
    assert line.startswith(legend)
    if stages == ["production"]:
        assert "next stage" not in line.replace("have no next stage", "")


# -- the job summary -------------------------------------------------------------------------------


def test_summary_appends_scorecard_then_findings(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = example_repo(tmp_path)
    summary = tmp_path / "step-summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    code, _ = run(repo, ["lint", "examples", "--today", TODAY, "--summary", str(summary)], capsys, monkeypatch)
    assert code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# Earlier step\n## ai-readiness\n")
    assert text.index("### Readiness") < text.index("### Findings")
    assert "| error | [SCHEMA001](https://" in text
    assert "examples/bad/ai-readiness.yaml:8 |" in text  # no GitHub variables: plain path:line
    run(repo, ["lint", "examples", "--today", TODAY, "--summary", str(summary)], capsys, monkeypatch)
    assert summary.read_text(encoding="utf-8").count("## ai-readiness") == 2  # appended, never replaced


def test_summary_links_with_github_variables(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = example_repo(tmp_path)
    for key, value in GITHUB_ENV.items():
        monkeypatch.setenv(key, value)
    summary = tmp_path / "summary.md"
    run(repo, ["lint", "examples", "--today", TODAY, "--summary", str(summary)], capsys, monkeypatch)
    text = summary.read_text(encoding="utf-8")
    blob = "https://github.com/acme/ai-systems/blob/0123456789abcdef0123456789abcdef01234567/"
    assert f"[examples/bad/ai-readiness.yaml:8]({blob}examples/bad/ai-readiness.yaml#L8)" in text
    assert f"({blob}examples/production/ai-readiness.yaml)" in text  # the scorecard links each system


@pytest.mark.parametrize(
    "env",
    [
        {**GITHUB_ENV, "GITHUB_SHA": "main"},
        {**GITHUB_ENV, "GITHUB_SERVER_URL": "javascript:alert(1)"},
        {**GITHUB_ENV, "GITHUB_REPOSITORY": "a/b) [x](https://evil"},
        {k: v for k, v in GITHUB_ENV.items() if k != "GITHUB_SHA"},
    ],
)
def test_links_need_all_three_plausible_variables(env: dict[str, str]) -> None:
    assert Links.from_env(env).base is None


def test_link_paths_are_percent_encoded() -> None:
    links = Links.from_env(GITHUB_ENV)
    assert links.to("x", "team, a: b%20c/ai (1).yaml", 3).endswith("/team%2C%20a%3A%20b%2520c/ai%20%281%29.yaml#L3)")


def test_markdown_escaping() -> None:
    assert md("a|b") == "a\\|b"
    assert md("`code`") == "\\`code\\`"
    assert md("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md("&lt;b&gt;") == "&amp;lt;b&amp;gt;"
    assert md("one\ntwo\r\nthree\rfour") == "one<br>two<br>three<br>four"
    assert md("[x](javascript:y) *b* _i_ ~s~ \\") == "\\[x\\](javascript:y) \\*b\\* \\_i\\_ \\~s\\~ \\\\"
    assert md("\x00\x1b[31m") == "\ufffd\ufffd\\[31m"
    assert md("é" * 2000).endswith("é…") and len(md("é" * 2000)) == 1000


HOSTILE = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: hostile}
spec:
  type: agent
  stage: prototype
  owners: {technical: ["@acme/ml"]}
  purpose: {intendedUse: x}
  "a | b `code` <img src=x onerror=alert(1)> &amp;\\n| injected | row |\\n\\n# heading": 1
"""


def test_no_manifest_text_breaks_the_table(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ai-readiness.yaml").write_text(HOSTILE, encoding="utf-8")
    summary = tmp_path / "summary.md"
    run(tmp_path, ["lint", "--today", TODAY, "--summary", str(summary)], capsys, monkeypatch)
    text = summary.read_text(encoding="utf-8")
    assert "<img" not in text and "&amp;amp;" in text and "\n# heading" not in text
    rows = [line for line in text.splitlines() if line.startswith("| error ")]
    assert rows and all(len(re.findall(r"(?<!\\)\|", row)) == 5 for row in rows)  # 4 cells, never more


def test_summary_stays_within_one_mebibyte(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Thousands of real findings (unknown keys with multi-byte names): the summary is cut at a
    line, with a note, at no more than 1 MiB of UTF-8, and every character is whole."""
    keys = "".join(f'  "ключ-{i:05d}-🙂-{"é" * 20}": {i}\n' for i in range(5000))
    (tmp_path / "ai-readiness.yaml").write_text(
        "apiVersion: ai-readiness/v1\nkind: AISystem\nmetadata: {name: many}\nspec:\n"
        '  type: agent\n  stage: prototype\n  owners: {technical: ["@acme/ml"]}\n  purpose: {intendedUse: x}\n' + keys,
        encoding="utf-8",
    )
    summary = tmp_path / "summary.md"
    summary.write_bytes(b"previous step\n")
    run(tmp_path, ["lint", "--today", TODAY, "--summary", str(summary)], capsys, monkeypatch)
    appended = summary.read_bytes()[len(b"previous step\n") :]
    assert 1_000_000 < len(appended) <= 1_048_576
    text = appended.decode("utf-8")  # strict: a split character would raise
    assert text.rstrip().endswith("The log and `--format json` have them all.")
    shown = text.count("| error | [SCHEMA001]")
    assert 1000 < shown < 5000 and f"{5000 - shown} finding(s)" in text


def _many(n: int, message: str) -> LintResult:
    findings = [Finding("META001", Severity.WARNING, message, "a.yaml", Span(i + 1, 1, i + 1, 2)) for i in range(n)]
    return LintResult(findings, [FileResult("a.yaml", [System(0, "a", "prototype", "agent")])])


@pytest.mark.parametrize("limit", [4096, 5000, 7777])
def test_cap_is_exact_at_any_limit(limit: int) -> None:
    result = _many(200, "€🙂 multi-byte text " * 3)
    text = job_summary(result, [], Links(None), limit=limit)
    assert len(text.encode("utf-8")) <= limit
    assert text.encode("utf-8").decode("utf-8") == text
    assert "**Truncated**" in text
    assert len(job_summary(result, [], Links(None), limit=10 * LIMIT).encode()) > limit  # untruncated is larger


def test_summary_marks_suppressed_findings(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path / "repo")
    (repo / "ai-readiness.yaml").write_text(
        """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: waived}
spec:
  type: llm-feature
  stage: pilot
  owners: {technical: ["@acme/ml"]}
  purpose: {intendedUse: x}
  evaluation: {redTeam: {lastPerformed: 2026-11-01}}
  exceptions:
    - {rule: STAGE001, reason: "Tracked in <PLAT-12> | due soon.", approvedBy: "@acme/ciso", expires: 2026-12-31}
""",
        encoding="utf-8",
    )
    (repo / "CODEOWNERS").write_text("* @acme/ml\n", encoding="utf-8")
    commit_all(repo)
    summary = tmp_path / "summary.md"
    run(repo, ["lint", "--today", TODAY, "--summary", str(summary)], capsys, monkeypatch)
    text = summary.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if "(suppressed)" in line]
    assert rows and all(
        "_suppressed: Tracked in &lt;PLAT-12&gt; \\| due soon., approved by @acme/ciso, until 2026-12-31_" in r
        for r in rows
    )
    # a waived finding is not a gap, at either stage: the waiver applies to the document
    assert "| pilot → production | 100% | ✅ → ✅ |" in text


def test_golden(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = example_repo(tmp_path)
    for key, value in GITHUB_ENV.items():
        monkeypatch.setenv(key, value)
    summary = tmp_path / "summary.md"
    run(repo, ["lint", "examples", "--today", TODAY, "--summary", str(summary)], capsys, monkeypatch)
    check_golden("examples.summary.md", summary.read_text(encoding="utf-8"))
    _, out = run(repo, ["report", "examples", "--format", "json", "--today", TODAY], capsys, monkeypatch)
    check_golden("examples.report.json", out)
