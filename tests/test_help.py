"""Help and shell habits: a bare `ai-readiness`, `--help` with examples and exit codes, shell
completion, `explain` by id or name with a did-you-mean, `rules` wrapped to the terminal."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from typing import Any

import pytest

from ai_readiness.cli import main
from ai_readiness.rules.catalog import ALL_RULES


def _exe() -> str:
    exe = shutil.which("ai-readiness", path=os.path.dirname(sys.executable))
    assert exe, "the console script is installed next to the interpreter"
    return exe


def _process(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_exe(), *args], capture_output=True, text=True, env={**os.environ, **env}, timeout=60)


def test_bare_command_prints_the_help_as_help_does_and_exits_two() -> None:
    bare = _process()
    helped = _process("--help")
    assert bare.returncode == 2 and helped.returncode == 0
    assert bare.stdout == helped.stdout  # the same text, on standard output, real newlines
    assert bare.stdout.startswith("Usage: ai-readiness [OPTIONS] COMMAND [ARGS]...\n")
    assert "\\n" not in bare.stdout and bare.stderr == ""


def test_bare_command_through_main(capsys: Any) -> None:
    assert main([]) == 2
    out, err = capsys.readouterr()
    assert "Commands:" in out and "lint" in out and err == ""


@pytest.mark.parametrize("args", [["--help"], ["lint", "--help"], ["promote", "--help"]])
def test_help_shows_examples_and_exit_codes(args: list[str], capsys: Any) -> None:
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Examples:" in out
    if args[0] == "promote":
        assert "ai-readiness promote --to pilot" in out and "0  written, or nothing to do" in out
        assert all(len(line) <= 80 for line in out.splitlines()), "help lines fit a terminal"
        return
    assert "ai-readiness lint --base origin/main" in out
    for code in ("0  nothing at or above --fail-on", "1  findings at or above --fail-on", "2  usage", "3  internal"):
        assert code in out
    assert all(len(line) <= 80 for line in out.splitlines()), "help lines fit a terminal"


def test_group_help_tells_how_to_enable_completion(capsys: Any) -> None:
    assert main(["--help"]) == 0
    assert "_AI_READINESS_COMPLETE=bash_source ai-readiness" in capsys.readouterr().out


# -- shell completion ------------------------------------------------------------------------------


def test_completion_script_for_each_shell() -> None:
    for shell, marker in (
        ("bash", "complete -o nosort -F _ai_readiness_completion ai-readiness"),
        ("zsh", "#compdef ai-readiness"),
        ("fish", "complete --no-files --command ai-readiness"),
    ):
        done = _process(_AI_READINESS_COMPLETE=f"{shell}_source")
        assert done.returncode == 0, done.stderr
        assert marker in done.stdout, shell


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completion_completes_commands_options_values_and_rules() -> None:
    """The script the README tells users to eval, run by a real bash."""
    script = """
eval "$(_AI_READINESS_COMPLETE=bash_source ai-readiness)"
complete_words() { COMPREPLY=(); COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ai_readiness_completion ai-readiness; echo "${COMPREPLY[*]}"; }
complete_words ai-readiness ex
complete_words ai-readiness lint --fo
complete_words ai-readiness lint --format ""
complete_words ai-readiness explain stage
"""
    env = {**os.environ, "PATH": os.path.dirname(_exe()) + os.pathsep + os.environ.get("PATH", "")}
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "explain export",
        "--format",
        "auto text json sarif github",
        "STAGE001 stage-gate",
    ]


# -- explain ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["stage-gate", "STAGE-GATE", "stage_gate", "Stage001", "STAGE001"])
def test_explain_accepts_ids_and_names_in_any_case(word: str, capsys: Any) -> None:
    assert main(["explain", word]) == 0
    assert capsys.readouterr().out.startswith("STAGE001 stage-gate (error)\n")


@pytest.mark.parametrize(
    ("word", "hint"),
    [
        ("EVAL004", "there is no EVAL004; the EVAL rules are EVAL001 (no-quality-gate), EVAL002"),
        ("stage-gates", "did you mean STAGE001 (stage-gate)? `ai-readiness rules`"),
        ("stagegate", "did you mean STAGE001 (stage-gate)?"),
        ("STAGE1", "did you mean STAGE001 (stage-gate)?"),
        ("META03", "did you mean META003 (duplicate-name)?"),
        ("kill-swich", "did you mean FAIL001 (kill-switch)?"),
        ("red-team", "did you mean EVAL009 (red-team-overdue)?"),
    ],
)
def test_explain_suggests_by_id_and_name(word: str, hint: str, capsys: Any) -> None:
    assert main(["explain", word]) == 2
    err = capsys.readouterr().err
    assert f"unknown rule '{word}': " in err and hint in err
    assert len(err.splitlines()) == 1
    if word == "EVAL004":
        assert "EVAL009 (red-team-overdue)." in err and "did you mean EVAL009" not in err


def test_explain_without_a_close_rule_says_where_the_list_is(capsys: Any) -> None:
    assert main(["explain", "frobnicate"]) == 2
    assert capsys.readouterr().err == (
        "ai-readiness: error: unknown rule 'frobnicate': `ai-readiness rules` lists every id and name\n"
    )


# -- rules -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_rules_text_wraps_to_the_terminal_one_block_per_rule(columns: int) -> None:
    done = _process("rules", COLUMNS=str(columns))
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    blocks = done.stdout.split("\n\n")
    assert len(blocks) == len(ALL_RULES)
    for block, rule in zip(blocks, ALL_RULES, strict=True):
        head, *body = block.strip("\n").split("\n")
        assert head == f"{rule.id} {rule.name} ({rule.policy.label})"
        assert " ".join(line.strip() for line in body) == rule.summary


def test_rules_text_caps_very_wide_terminals() -> None:
    done = _process("rules", COLUMNS="400")
    assert max(len(line) for line in done.stdout.splitlines()) <= 100


@pytest.mark.parametrize("columns", [60, 100])
def test_explain_wraps_its_paragraphs_to_the_terminal(columns: int) -> None:
    done = _process("explain", "GIT001", COLUMNS=str(columns))
    assert done.returncode == 0
    prose = done.stdout.split("\nBad:\n", 1)[0]
    assert max(len(line) for line in prose.splitlines()) <= columns
    rule = next(r for r in ALL_RULES if r.id == "GIT001")
    paragraphs = prose.split("\n\n")
    assert [p.replace("\n", " ").strip() for p in paragraphs[1:]] == [rule.summary, rule.rationale]
