"""Configuration messages lead to the fix: every problem of the file is reported (one line each,
exit 2), each with a suggestion: a near miss gets "did you mean", anything else what is allowed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ai_readiness.cli import main

MANIFEST = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: cfg}
spec: {type: agent, stage: prototype, owners: {technical: ["@a/b"]}, purpose: {intendedUse: x}}
"""


def lint(folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, name: str, text: str) -> tuple[int, list[str]]:
    (folder / "ai-readiness.yaml").write_text(MANIFEST, encoding="utf-8")
    (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(folder)
    code = main(["lint", "--today", "2026-11-28"])
    err = capsys.readouterr().err
    prefix = f"ai-readiness: error: {folder / name}: "
    lines = err.splitlines()
    assert all(line.startswith(prefix) for line in lines), err
    return code, [line[len(prefix) :] for line in lines]


def test_the_pyproject_header_in_the_dot_file(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    text = '[tool.ai-readiness]\nfail-on = "warning"\n[tool.ai-readiness.rules]\nDATA003 = "off"\n'
    code, lines = lint(tmp_path, capsys, monkeypatch, ".ai-readiness.toml", text)
    assert code == 2
    assert lines == [
        "`tool` is not a setting: .ai-readiness.toml holds the settings at its top level; drop the "
        "[tool.ai-readiness] header (that table belongs in pyproject.toml)"
    ]


def test_every_problem_is_reported_with_a_suggestion(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = """\
fail_on = "warning"
exclud = ["vendor/**"]
exclude = "vendor/**"
[rules]
data003 = "off"
EVAL001 = "Warn"
YAML001 = "off"
[windows]
red_team_max_age = "P1D"
kill-switch-test-max-age = "180 days"
[limits]
max-dept = 3
max-depth = 0
"""
    code, lines = lint(tmp_path, capsys, monkeypatch, ".ai-readiness.toml", text)
    assert code == 2
    assert lines == [
        "`fail_on` is not a setting at the top level (did you mean `fail-on`?)",
        "`exclud` is not a setting at the top level (did you mean `exclude`?)",
        '`exclude` must be a list of glob strings, such as exclude = ["vendor/**"]',
        "`rules.data003` is not a rule id (did you mean `DATA003`?) (see `ai-readiness rules`)",
        "`rules.EVAL001` must be one of error, warning, info, off, not 'Warn' (did you mean `warning`?)",
        "`rules.YAML001` cannot be re-graded or turned off (remove it)",
        "`windows.red_team_max_age` is not a window (did you mean `red-team-max-age`?)",
        "`windows.kill-switch-test-max-age` must be an ISO 8601 duration such as P90D, not '180 days'",
        "`limits.max-dept` is not a limit (did you mean `max-depth`?)",
        "`limits.max-depth` must be a positive whole number, not 0",
    ]


def test_pyproject_says_where_and_suggests(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    text = '[tool.ai-readiness]\nfail-on = "eror"\nnonsense = 1\n'
    code, lines = lint(tmp_path, capsys, monkeypatch, "pyproject.toml", text)
    assert code == 2
    assert lines == [
        "`nonsense` is not a setting in [tool.ai-readiness] (known: fail-on, exclude, rules, windows, limits)",
        "`fail-on` must be one of error, warning, info, never, not 'eror' (did you mean `error`?)",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "rules = 3",
        "windows = 3",
        "limits = []",
        "exclude = 3",
        "fail-on = 3",
        "[windows]\nnope = 'P1D'",
        "[rules]\nNOPE999 = 'off'",
        "zzz = 1",
    ],
)
def test_each_message_says_what_would_be_right(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    code, lines = lint(tmp_path, capsys, monkeypatch, ".ai-readiness.toml", text + "\n")
    assert code == 2 and len(lines) == 1
    assert any(
        hint in lines[0]
        for hint in ("such as", "(known:", "did you mean", "must be one of", "see `ai-readiness rules`")
    ), lines
