"""`promote`, `lint --fix` and `lint -` on the command line: what they write, print and exit with
(README.md, "Fixing and promoting" and "Standard input")."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.cli import main
from tests.conftest import EXAMPLES, TODAY, commit_all, git, make_repo

PROTOTYPE = (EXAMPLES / "prototype" / "ai-readiness.yaml").read_text(encoding="utf-8")
FIXABLE = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: support-answer-assistant}
spec:
  type: rag-assistant
  stage: Prototype  # spelt another way
  owners:
    technical: ["@acme/support-ml"]
  purpose:
    intendedUse: Draft answers.
  review: {lastReviewed: 2026-10-15, cadence: 90 days}
  logging:
    retention: 180 days
    evnts: [request]
"""


def run(args: list[str], capsys: Any) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder outside git holding the prototype example; the working folder."""
    (tmp_path / "ai-readiness.yaml").write_text(PROTOTYPE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- promote --------------------------------------------------------------------------------------


def test_promote_writes_says_and_is_done_the_second_time(folder: Path, capsys: Any) -> None:
    code, out, err = run(["promote", "--to", "pilot"], capsys)
    assert code == 0, err
    assert out == "promoted ai-readiness.yaml: contract-clause-classifier prototype -> pilot, 9 keys added\n"
    text = (folder / "ai-readiness.yaml").read_text(encoding="utf-8")
    assert text.startswith(PROTOTYPE.split("  stage:")[0] + "  stage: pilot\n")
    assert '    outOfScope:\n      - "<a use the system must not be put to>"\n' in text
    assert "    # tier: medium  # low | medium | high: how much harm a failure can do\n" in text
    # with nothing to do it prints nothing and exits 0
    assert run(["promote", "--to", "pilot"], capsys) == (0, "", "")
    # what is left is exactly the to-do list: a META001 per placeholder, a STAGE001 per commented key
    code, out, _ = run(["lint", "--format", "json", "--today", TODAY], capsys)
    found = [(f["rule"], f["line"]) for f in json.loads(out)["findings"]]
    commented = [n for n, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith("# ") and ":" in line]
    assert sorted(r for r, _ in found) == ["META001"] + ["STAGE001"] * (len(commented) - 2)


def test_promote_diff_and_check_write_nothing(folder: Path, capsys: Any) -> None:
    code, out, _ = run(["promote", "--to", "production", "--diff"], capsys)
    assert code == 1
    assert out.startswith("--- a/ai-readiness.yaml\n+++ b/ai-readiness.yaml\n@@ ")
    assert "-  stage: prototype\n+  stage: production\n" in out
    assert run(["promote", "--to", "production", "--check"], capsys) == (1, "ai-readiness.yaml\n", "")
    assert (folder / "ai-readiness.yaml").read_text(encoding="utf-8") == PROTOTYPE
    assert run(["promote", "--to", "prototype", "--check"], capsys) == (0, "", "")
    code, _, err = run(["promote", "--to", "pilot", "--diff", "--check"], capsys)
    assert code == 2 and "choose one" in err


def test_promote_never_lowers_a_stage(folder: Path, capsys: Any) -> None:
    production = (EXAMPLES / "production" / "ai-readiness.yaml").read_text(encoding="utf-8")
    (folder / "ai-readiness.yaml").write_text(production, encoding="utf-8")
    code, out, err = run(["promote", "--to", "pilot"], capsys)
    assert code == 2 and out == ""
    assert "support-answer-assistant: it is at production: promote never lowers a stage" in err
    assert (folder / "ai-readiness.yaml").read_text(encoding="utf-8") == production
    # retiring is allowed from any stage: the decommission skeleton
    code, out, _ = run(["promote", "--to", "deprecated"], capsys)
    assert code == 0 and "production -> deprecated, 1 key added" in out
    text = (folder / "ai-readiness.yaml").read_text(encoding="utf-8")
    assert "  decommission:\n    # date: YYYY-MM-DD" in text and 'dataDeletion: "<' in text
    # and from deprecated, any stage
    code, out, _ = run(["promote", "--to", "pilot"], capsys)
    assert code == 0 and "deprecated -> pilot, 0 keys added" in out


def test_promote_picks_systems_by_name(folder: Path, capsys: Any) -> None:
    second = PROTOTYPE.replace("contract-clause-classifier", "other-system")
    (folder / "ai-readiness.yaml").write_text(PROTOTYPE + "---\n" + second, encoding="utf-8")
    code, out, _ = run(["promote", "--to", "pilot", "--system", "other-system"], capsys)
    assert code == 0 and out == "promoted ai-readiness.yaml: other-system prototype -> pilot, 9 keys added\n"
    first, rest = (folder / "ai-readiness.yaml").read_text(encoding="utf-8").split("---\n")
    assert first == PROTOTYPE and "stage: pilot" in rest
    code, _, err = run(["promote", "--to", "pilot", "--system", "nobody"], capsys)
    assert code == 2 and "--system: no system named 'nobody'" in err


POLICY = """\
[[requirements]]
id = "ACME001"
key = "spec.x-cost-centre"
summary = "the cost centre that pays for it"
from = "pilot"

[[requirements]]
id = "ACME002"
key = "spec.monitoring.dashboard"
from = "pilot"

[[requirements]]
id = "ACME003"
key = "spec.evaluation.redTeam.report"
from = "pilot"

[[requirements]]
id = "ACME004"
key = "spec.x-regulator"
from = "pilot"
when = { "spec.type" = "agent" }

[[requirements]]
id = "ACME005"
key = "spec.data.sources[].x-steward"
from = "pilot"

[[requirements]]
id = "ACME006"
key = "spec.x-launch-owner"
from = "production"
"""


def test_promote_writes_what_the_policys_requirements_ask_for(folder: Path, capsys: Any) -> None:
    """The keys of the policy's requirements whose `from` is reached and whose `when` holds are
    written as the stage's are: text as a placeholder, other values commented out naming the
    requirement, nested keys in new parents; a key in list items (each needs its own) and one
    whose `when` is false or whose stage is not reached are not."""
    (folder / ".ai-readiness.toml").write_text(POLICY, encoding="utf-8")
    code, out, err = run(["promote", "--to", "pilot"], capsys)
    assert code == 0, err
    assert "9 keys added" not in out and "keys added" in out  # the stage's nine and three more
    text = (folder / "ai-readiness.yaml").read_text(encoding="utf-8")
    assert '  x-cost-centre: "<cost centre>"\n' in text
    assert "    # dashboard:  # ACME002 asks for it\n" in text
    assert "    redTeam:\n      # report:  # ACME003 asks for it\n" in text
    assert "x-regulator" not in text and "x-steward" not in text and "x-launch-owner" not in text
    # every requirement now reports the placeholder or the commented key, no schema finding is new
    code, out, _ = run(["lint", "--format", "json", "--today", TODAY], capsys)
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert {"ACME002", "ACME003"} <= rules and "SCHEMA001" not in rules
    assert "ACME001" not in rules and "META001" in rules  # the placeholder is META001's
    assert run(["promote", "--to", "pilot"], capsys) == (0, "", "")  # done the second time


def test_promote_fixes_first_and_replaces_an_invalid_stage(folder: Path, capsys: Any) -> None:
    """A misspelt section is renamed, not written a second time; `Prototype` counts as prototype;
    an invalid stage is replaced."""
    text = PROTOTYPE.replace("  purpose:", "  purpse:").replace("stage: prototype", "stage: 'Prototype'")
    (folder / "ai-readiness.yaml").write_text(text, encoding="utf-8")
    code, out, _ = run(["promote", "--to", "pilot"], capsys)
    assert code == 0 and "prototype -> pilot" in out
    promoted = (folder / "ai-readiness.yaml").read_text(encoding="utf-8")
    assert promoted.count("purpose:") == 1 and "purpse" not in promoted and "  stage: 'pilot'\n" in promoted
    (folder / "ai-readiness.yaml").write_text(
        PROTOTYPE.replace("stage: prototype", "stage: launched"), encoding="utf-8"
    )
    code, out, _ = run(["promote", "--to", "prototype"], capsys)
    assert (
        code == 0
        and out == "promoted ai-readiness.yaml: contract-clause-classifier launched -> prototype, 0 keys added\n"
    )


def test_promote_keeps_crlf_a_bom_and_utf16(folder: Path, capsys: Any) -> None:
    manifest = folder / "ai-readiness.yaml"
    for encoded in (
        b"\xef\xbb\xbf" + PROTOTYPE.replace("\n", "\r\n").encode("utf-8"),
        PROTOTYPE.encode("utf-16"),  # with its byte order mark
    ):
        manifest.write_bytes(encoded)
        assert run(["promote", "--to", "pilot"], capsys)[0] == 0
        data = manifest.read_bytes()
        encoding = "utf-16" if encoded[:2] == b"\xff\xfe" else "utf-8-sig"
        text = data.decode(encoding)
        assert data[:2] == encoded[:2] and text.startswith(encoded.decode(encoding).split("stage")[0])
        if b"\r\n" in encoded:
            assert "\n" not in text.replace("\r\n", "")
        assert "stage: pilot" in text and run(["promote", "--to", "pilot"], capsys) == (0, "", "")


# -- lint --fix -----------------------------------------------------------------------------------


def test_fix_writes_reports_what_remains_and_counts(folder: Path, capsys: Any) -> None:
    (folder / "ai-readiness.yaml").write_text(FIXABLE, encoding="utf-8")
    code, out, err = run(["lint", "--fix", "--today", TODAY], capsys)
    assert "fixed 4 findings in 1 file" in err
    fixed = (folder / "ai-readiness.yaml").read_text(encoding="utf-8")
    assert fixed == FIXABLE.replace("Prototype", "prototype").replace("90 days", "P90D").replace(
        "180 days", "P180D"
    ).replace("evnts", "events")
    assert "SCHEMA001" not in out and code == 0, out
    # nothing left to fix: nothing said
    code, out, err = run(["lint", "--fix", "--today", TODAY], capsys)
    assert "fixed" not in err and (folder / "ai-readiness.yaml").read_text(encoding="utf-8") == fixed


def test_fix_diff_writes_nothing_and_reports_as_if_fixed(folder: Path, capsys: Any) -> None:
    (folder / "ai-readiness.yaml").write_text(FIXABLE.replace("Draft answers.", "TODO"), encoding="utf-8")
    code, out, err = run(["lint", "--fix", "--diff", "--today", TODAY, "--format", "json"], capsys)
    assert out.startswith("--- a/ai-readiness.yaml\n") and "-  stage: Prototype  # spelt another way\n" in out
    assert (folder / "ai-readiness.yaml").read_text(encoding="utf-8") == FIXABLE.replace("Draft answers.", "TODO")
    rules = [f["rule"] for f in json.loads(err[err.index("{") :])["findings"]]
    assert "SCHEMA001" not in rules and "META001" in rules  # as if the fixes were made
    assert code == 0  # warnings only: it exits as lint does
    code, out, err = run(
        ["lint", "--fix", "--diff", "--fail-on", "warning", "--output", "r.json", "--format", "json"], capsys
    )
    assert code == 1 and out.startswith("--- a/") and "META001" in (folder / "r.json").read_text(encoding="utf-8")
    code, _, err = run(["lint", "--diff"], capsys)
    assert code == 2 and "--diff shows what --fix would change" in err


def test_fix_follows_the_selection(folder: Path, capsys: Any) -> None:
    (folder / "ai-readiness.yaml").write_text(FIXABLE, encoding="utf-8")
    for args in (["--ignore", "SCHEMA001"], ["--select", "STAGE"]):
        _code, _, err = run(["lint", "--fix", *args], capsys)
        assert "fixed" not in err and (folder / "ai-readiness.yaml").read_text(encoding="utf-8") == FIXABLE
    (folder / "pyproject.toml").write_text('[tool.ai-readiness.rules]\nSCHEMA001 = "off"\n', encoding="utf-8")
    run(["lint", "--fix"], capsys)
    assert (folder / "ai-readiness.yaml").read_text(encoding="utf-8") == FIXABLE


def test_fix_under_base_fixes_the_touched_systems_only(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "repo")
    for name in ("alpha", "beta"):
        (repo / name).mkdir()
        (repo / name / "ai-readiness.yaml").write_text(
            FIXABLE.replace("support-answer-assistant", name), encoding="utf-8"
        )
    commit_all(repo, "two systems")
    (repo / "beta" / "notes.md").write_text("beta's code changed\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    _code, _, err = run(["lint", "--fix", "--base", "HEAD", "--today", TODAY], capsys)
    assert "fixed 4 findings in 1 file" in err, err
    assert "Prototype" in (repo / "alpha" / "ai-readiness.yaml").read_text(encoding="utf-8")
    assert "Prototype" not in (repo / "beta" / "ai-readiness.yaml").read_text(encoding="utf-8")


def test_explain_and_rules_say_which_rules_have_fixes(capsys: Any) -> None:
    _, out, _ = run(["explain", "SCHEMA001"], capsys)
    assert "Fixes (`ai-readiness lint --fix` applies them):" in out and "`P90D`" in out
    _, out, _ = run(["explain", "STAGE001"], capsys)
    assert "Fixes" not in out and "ai-readiness promote --to STAGE" in out
    _, out, _ = run(["rules", "--format", "json"], capsys)
    fixes = {r["id"]: r["fixes"] for r in json.loads(out)["rules"]}
    assert [rule for rule, listed in fixes.items() if listed] == ["SCHEMA001"] and len(fixes["SCHEMA001"]) == 3


# -- standard input -------------------------------------------------------------------------------


def stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with a CODEOWNERS, two committed systems and a configuration in svc/."""
    root = make_repo(tmp_path / "repo")
    (root / ".github").mkdir()
    (root / ".github" / "CODEOWNERS").write_text("* @acme/legal-engineering\n", encoding="utf-8")
    for name in ("svc", "other"):
        (root / name).mkdir()
        (root / name / "ai-readiness.yaml").write_text(PROTOTYPE.replace("contract-clause", name), encoding="utf-8")
    (root / "svc" / ".ai-readiness.toml").write_text('[rules]\nMETA001 = "off"\n', encoding="utf-8")
    commit_all(root, "systems")
    monkeypatch.chdir(root)
    return root


def test_stdin_is_judged_as_the_file_it_names(repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    text = PROTOTYPE.replace("contract-clause", "svc").replace("Suggest a risk", "TODO suggest a risk")
    stdin(monkeypatch, text.encode("utf-8"))
    code, out, _err = run(["lint", "-", "--stdin-filename", "svc/ai-readiness.yaml", "--format", "json"], capsys)
    report = json.loads(out)
    # its configuration (META001 off in svc/), its path; its copy on disk is no META003 rival
    assert report["findings"] == [] and report["files"][0]["path"] == "svc/ai-readiness.yaml", report
    # another manifest with the same name is one
    stdin(monkeypatch, PROTOTYPE.replace("contract-clause", "other").encode("utf-8"))
    code, out, _ = run(["lint", "-", "--stdin-filename", "svc/ai-readiness.yaml", "--format", "json"], capsys)
    found = json.loads(out)["findings"]
    assert [(f["rule"], f["path"]) for f in found] == [("META003", "svc/ai-readiness.yaml")] and code == 1
    assert "other/ai-readiness.yaml" in found[0]["message"]
    # from another folder, the same answer; the working folder's configuration does not count
    monkeypatch.chdir(repo / "other")
    stdin(monkeypatch, text.encode("utf-8"))
    code, out, _ = run(["lint", "-", "--stdin-filename", "../svc/ai-readiness.yaml", "--format", "json"], capsys)
    assert json.loads(out)["findings"] == []


def test_stdin_without_a_file_name_skips_the_repository_rules(
    repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin(monkeypatch, PROTOTYPE.replace("contract-clause", "other").replace("@acme/legal", "@acme/else").encode())
    code, out, err = run(["lint", "-", "--format", "json"], capsys)
    report = json.loads(out)
    assert report["files"][0]["path"] == "-" and report["findings"] == [], report  # no META003, no OWN003
    assert "standard input without --stdin-filename: META003, OWN003, GIT001" in err
    code, _, err = run(["lint", "-", "svc"], capsys)
    assert code == 2 and "standard input" in err
    code, _, err = run(["lint", "-", "--stdin-filename", "svc"], capsys)
    assert code == 2 and "is a folder" in err


def test_stdin_excluded_path_gets_a_note(repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / ".ai-readiness.toml").write_text('exclude = ["other/**"]\n', encoding="utf-8")
    stdin(monkeypatch, b"not: [valid")
    code, out, err = run(["lint", "-", "--stdin-filename", "other/ai-readiness.yaml"], capsys)
    assert code == 0 and "other/ai-readiness.yaml: not linted: it matches the `exclude` pattern 'other/**'" in err
    assert "0 errors" in out


def test_stdin_fix_writes_the_text_out_and_the_findings_aside(
    repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin(monkeypatch, FIXABLE.replace("support-answer-assistant", "svc").encode("utf-8"))
    buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer))
    code = main(["lint", "-", "--fix", "--stdin-filename", "svc/ai-readiness.yaml", "--today", TODAY])
    sys.stdout.flush()
    err = capsys.readouterr().err
    fixed = buffer.getvalue().decode("utf-8")
    assert "stage: prototype  # spelt another way" in fixed and "cadence: P90D" in fixed and "evnts" not in fixed
    assert "fixed 4 findings in 1 file" in err
    assert "svc/ai-readiness.yaml:7:3: warning OWN003" in err  # the report: CODEOWNERS names another team
    assert code == 0


def test_stdin_fix_diff(repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    stdin(monkeypatch, FIXABLE.replace("support-answer-assistant", "svc").encode("utf-8"))
    code, out, err = run(["lint", "-", "--fix", "--diff", "--stdin-filename", "svc/ai-readiness.yaml"], capsys)
    assert out.startswith("--- a/svc/ai-readiness.yaml\n+++ b/svc/ai-readiness.yaml\n")
    assert "+  stage: prototype  # spelt another way\n" in out and "SCHEMA001" not in err
    assert "fixed 4 findings in 1 file" in err and "1 file" in err.splitlines()[-1] and code == 0


def test_stdin_stands_for_the_working_tree_under_base(repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The working tree's file is as committed; the text on standard input raises the stage
    without a launch review: PR001 judges the text."""
    raised = PROTOTYPE.replace("contract-clause", "svc").replace("stage: prototype", "stage: pilot")
    stdin(monkeypatch, raised.encode("utf-8"))
    args = ["lint", "-", "--stdin-filename", "svc/ai-readiness.yaml", "--base", "HEAD", "--format", "json"]
    code, out, _ = run([*args, "--select", "PR001"], capsys)
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["PR001"] and code == 1
    stdin(monkeypatch, (repo / "svc" / "ai-readiness.yaml").read_bytes())
    _code, out, _ = run([*args, "--select", "PR001"], capsys)
    report = json.loads(out)
    assert report["findings"] == [] and report["summary"]["skipped"] == 1  # unchanged: not touched


def test_stdin_through_a_real_pipe(repo: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ai_readiness", "lint", "-", "--stdin-filename", "svc/ai-readiness.yaml"],
        input=PROTOTYPE.replace("contract-clause", "svc").encode("utf-8"),
        capture_output=True,
        cwd=repo,
        env={k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().endswith("0 errors, 0 warnings, 0 info in 1 file\n")
    assert shutil.which("git") and git(repo, "status", "--porcelain") == ""


def test_the_readme_before_and_after(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """README.md, "Fixing and promoting": the prototype example's spec before and after."""
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    before = readme.split("<!-- promote: before -->\n```yaml\n", 1)[1].split("```", 1)[0]
    after = readme.split("<!-- promote: after -->\n```yaml\n", 1)[1].split("```", 1)[0]
    assert PROTOTYPE.endswith(before)
    shutil.copytree(EXAMPLES / "prototype", tmp_path / "examples" / "prototype")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["promote", "--to", "pilot", "examples/prototype"], capsys)
    assert code == 0
    assert out == (
        "promoted examples/prototype/ai-readiness.yaml: contract-clause-classifier prototype -> pilot, 9 keys added\n"
    )
    assert out.replace("\n", " ").strip() in " ".join(readme.split())
    text = (tmp_path / "examples" / "prototype" / "ai-readiness.yaml").read_text(encoding="utf-8")
    assert text == PROTOTYPE[: -len(before)] + after


def test_repository_text_in_what_promote_prints_is_escaped(folder: Path, capsys: Any) -> None:
    hostile = PROTOTYPE.replace("name: contract-clause-classifier", 'name: "a\\e[31mb\\nc"').replace(
        "stage: prototype", 'stage: "\\e]0;x\\a"'
    )
    (folder / "ai-readiness.yaml").write_text(hostile, encoding="utf-8")
    code, out, _ = run(["promote", "--to", "pilot", "--diff"], capsys)
    assert code == 1 and "\x1b" not in out and "\x07" not in out
    code, out, _ = run(["promote", "--to", "pilot"], capsys)
    assert code == 0 and out.count("\n") == 1 and "\x1b" not in out
    assert out.startswith("promoted ai-readiness.yaml: a\\x1b[31mb\\nc '\\x1b]0;x\\x07' -> pilot, 9 keys added")
