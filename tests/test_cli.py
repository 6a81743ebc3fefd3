"""The command line end to end: exit codes 0/1/2/3, flags, output, discovery."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ai_readiness import __version__
from ai_readiness.cli import main
from tests.conftest import EXAMPLES, TODAY, commit_all, make_repo

GOOD = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: good-one}
spec:
  type: classifier
  stage: prototype
  owners: {technical: ["@acme/ml"]}
  purpose: {intendedUse: Tag contract clauses by risk.}
"""
BAD = GOOD.replace("stage: prototype", "stage: launched").replace("good-one", "bad-one")


def run(args: list[str], cwd: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "ai-readiness.yaml").write_text(GOOD, encoding="utf-8")
    return tmp_path


def test_clean_run_exits_zero(folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["lint", "--today", TODAY], folder, capsys, monkeypatch)
    assert code == 0
    assert out == "0 errors, 0 warnings, 0 info in 1 file\n"


def test_findings_exit_one_with_positions(folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "bad").mkdir()
    (folder / "bad" / "ai-readiness.yml").write_text(BAD, encoding="utf-8")
    code, out, _ = run(["lint", "--today", TODAY], folder, capsys, monkeypatch)
    assert code == 1
    assert out.splitlines()[0].startswith("bad/ai-readiness.yml:6:10: error SCHEMA001 [enum] expected one of")
    assert out.splitlines()[-1] == "1 error, 0 warnings, 0 info in 2 files"


def test_fail_on_and_never(folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "bad").mkdir()
    (folder / "bad" / "ai-readiness.yaml").write_text(BAD, encoding="utf-8")
    assert run(["lint", "--fail-on", "never"], folder, capsys, monkeypatch)[0] == 0
    assert run(["lint", "--fail-on", "info"], folder, capsys, monkeypatch)[0] == 1


def test_explicit_files_are_linted_whatever_their_name(
    folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "system.yml").write_text(BAD, encoding="utf-8")
    code, out, _ = run(["lint", "system.yml"], folder, capsys, monkeypatch)
    assert code == 1 and out.startswith("system.yml:6:10:")
    # ...but folder discovery only picks manifests by name
    code, out, _ = run(["lint", "."], folder, capsys, monkeypatch)
    assert code == 0 and "in 1 file" in out


def test_walk_skips_hidden_folders_node_modules_and_virtualenvs(
    folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for skipped in (".hidden", "node_modules/pkg", "venv"):
        (folder / skipped).mkdir(parents=True)
        (folder / skipped / "ai-readiness.yaml").write_text(BAD, encoding="utf-8")
    (folder / "venv" / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    code, out, _ = run(["lint"], folder, capsys, monkeypatch)
    assert code == 0 and "in 1 file" in out


def test_git_discovery_leaves_ignored_files_out(folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    make_repo(folder)
    (folder / "ignored").mkdir()
    (folder / "ignored" / "ai-readiness.yaml").write_text(BAD, encoding="utf-8")
    (folder / ".gitignore").write_text("ignored/\n", encoding="utf-8")
    (folder / "untracked").mkdir()
    (folder / "untracked" / "ai-readiness.yaml").write_text(GOOD.replace("good-one", "other"), encoding="utf-8")
    commit_all(folder)
    (folder / "new").mkdir()
    (folder / "new" / "ai-readiness.yaml").write_text(GOOD.replace("good-one", "third"), encoding="utf-8")
    code, out, _ = run(["lint", "--format", "json"], folder, capsys, monkeypatch)
    paths = [f["path"] for f in json.loads(out)["files"]]
    assert paths == ["good/ai-readiness.yaml", "new/ai-readiness.yaml", "untracked/ai-readiness.yaml"]
    assert code == 0


def test_json_output_shape(folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "good" / "ai-readiness.yaml").write_text(
        GOOD + "---\n" + BAD.replace("good-one", "two"), encoding="utf-8"
    )
    code, out, _ = run(["lint", "--format", "json", "--today", TODAY], folder, capsys, monkeypatch)
    document = json.loads(out)
    assert code == 1
    assert list(document) == ["version", "findings", "files", "summary"]
    assert document["version"] == 1
    (finding,) = document["findings"]
    assert list(finding) == [
        "rule",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "endLine",
        "endColumn",
        "pointer",
        "document",
        "suppressed",
    ]
    assert finding["document"] == 1 and finding["line"] == 15 and finding["pointer"] == "/spec/stage"
    assert document["files"] == [
        {
            "path": "good/ai-readiness.yaml",
            "systems": [
                {"document": 0, "name": "good-one", "stage": "prototype", "type": "classifier"},
                {"document": 1, "name": "bad-one", "stage": None, "type": "classifier"},
            ],
        }
    ]
    assert document["summary"] == {
        "files": 1,
        "systems": 2,
        "errors": 1,
        "warnings": 0,
        "info": 0,
        "suppressed": 0,
        "skipped": 0,
    }


def test_output_file(folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["lint", "--format", "json", "--output", "report.json"], folder, capsys, monkeypatch)
    assert code == 0 and out == ""
    assert json.loads((folder / "report.json").read_text(encoding="utf-8"))["summary"]["files"] == 1


def test_target_stage_shows_the_promotion_gap(folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["lint", "--target-stage", "pilot", "--select", "STAGE"], folder, capsys, monkeypatch)
    assert code == 1
    stage_lines = [line for line in out.splitlines() if " STAGE001 " in line]
    assert len(stage_lines) == 9  # the keys pilot adds to prototype


def test_select_and_ignore(folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["lint", "--target-stage", "pilot"]
    assert run([*args, "--ignore", "STAGE001"], folder, capsys, monkeypatch)[0] == 0
    assert run([*args, "--select", "SCHEMA,STAGE", "--ignore", "STAGE"], folder, capsys, monkeypatch)[0] == 0
    assert run([*args, "--select", "SCHEMA", "--select", "STAGE001"], folder, capsys, monkeypatch)[0] == 1


def test_yaml_rules_cannot_be_ignored(folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "good" / "ai-readiness.yaml").write_text("a: [\n", encoding="utf-8")
    code, out, _ = run(["lint", "--ignore", "YAML"], folder, capsys, monkeypatch)
    assert code == 1 and "YAML001" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["lint", "--select", "NOPE"], "no rule id starts with 'NOPE'"),
        (["lint", "--today", "2026-02-30"], "--today"),
        (["lint", "missing.yaml"], "missing.yaml: no such file or folder"),
        (["lint", "--format", "xml"], "Invalid value for '--format'"),
        (["lint", "--config", "nowhere.toml"], "nowhere.toml"),
        (["lint", "../outside"], "../outside: no such file or folder"),
        (["explain", "EVAL04"], "unknown rule 'EVAL04'"),
        (["frobnicate"], "No such command"),
    ],
)
def test_usage_errors_exit_two(
    args: list[str], needle: str, folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "good" / "x").mkdir()
    monkeypatch.chdir(folder / "good")
    code = main(args)
    _, err = capsys.readouterr()
    assert code == 2
    assert needle in err
    assert "Traceback" not in err


def test_internal_error_exits_three_naming_the_file(folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from ai_readiness import engine

    def explode(self: Any, *args: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(engine.Linter, "lint_document", explode)
    code, _, err = run(["lint"], folder, capsys, monkeypatch)
    assert code == 3
    assert (
        err
        == "ai-readiness: internal error while linting good/ai-readiness.yaml: RuntimeError: boom (run with --debug for the traceback)\n"
    )
    code, _, err = run(["lint", "--debug"], folder, capsys, monkeypatch)
    assert code == 3 and "Traceback" in err


def test_colour_only_on_a_terminal_and_never_with_no_color(
    folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "good" / "ai-readiness.yaml").write_text(BAD, encoding="utf-8")
    _, out, _ = run(["lint"], folder, capsys, monkeypatch)
    assert "\033[" not in out  # captured output is not a terminal
    from ai_readiness.cli import _colour

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert _colour(False, None) is True
    assert _colour(True, None) is False
    assert _colour(False, "out.txt") is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert _colour(False, None) is False


def test_quiet_prints_findings_only(folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(["lint", "-q"], folder, capsys, monkeypatch)[1] == ""


def test_version(capsys: Any) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"ai-readiness {__version__}\n"


def test_rules_and_explain(capsys: Any) -> None:
    assert main(["rules"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0] == "YAML001 invalid-yaml (error)"
    assert len(text.split("\n\n")) == 42
    assert main(["rules", "--format", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)["rules"]
    assert len(rules) == 42 and {r["id"] for r in rules} >= {"YAML001", "STAGE001", "PR002"}
    assert main(["explain", "stage001"]) == 0
    explained = capsys.readouterr().out
    assert explained.startswith("STAGE001 stage-gate (error)")
    assert "Bad:" in explained and "Good:" in explained


def test_console_script_runs_as_a_process(folder: Path) -> None:
    exe = shutil.which("ai-readiness", path=os.path.dirname(sys.executable))
    assert exe, "the console script is installed next to the interpreter"
    done = subprocess.run(
        [exe, "lint", str(EXAMPLES / "bad"), "--today", TODAY], capture_output=True, text=True, cwd=EXAMPLES.parent
    )
    assert done.returncode == 1
    assert done.stdout.startswith("examples/bad/ai-readiness.yaml:")
    assert done.stderr == ""


def test_text_output_keeps_one_finding_per_line(folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = GOOD.replace("spec:\n", 'spec:\n  "x\\n::error::injected ##[group]": 1\n')
    (folder / "good" / "ai-readiness.yaml").write_text(hostile, encoding="utf-8")
    code, out, _ = run(["lint", "--format", "text"], folder, capsys, monkeypatch)
    lines = out.splitlines()
    assert code == 1 and len(lines) == 2
    assert "unknown key 'x\\n::error::injected ##[group]'" in lines[0]
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out, _ = run(["lint", "--format", "text"], folder, capsys, monkeypatch)
    lines = out.splitlines()
    assert lines[0].startswith("::stop-commands::") and lines[2] == f"::{lines[0].split('::')[2]}::"
