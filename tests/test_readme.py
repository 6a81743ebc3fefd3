"""The README's promises, run as a user would run them, on the real date (no `--today` added by a
test: a promise that only holds on the day it was written is a broken promise).

Marked blocks: `<!-- quick-start -->` (the command and, next, its output), `<!-- output: CMD -->`
(CMD's output, run from the checkout: all of it, or its first lines when the block's last line
is `...`; in JSON, `"..."` stands for any elements or value), `<!-- codeowners -->` and `<!-- completion -->`. The pre-commit snippet is run by
tests/test_precommit.py, the rule table is checked by tests/test_registry.py.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.cli import cli, main
from ai_readiness.config import Config, Windows, load_config
from ai_readiness.gates import DEPRECATED, PILOT, PRODUCTION, PROTOTYPE
from tests.conftest import ROOT, commit_all, make_repo

README = (ROOT / "README.md").read_text(encoding="utf-8")
# pip's words when the package registry can't be reached (the quick start then can't install)
OFFLINE_SIGNS = (
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "No matching distribution found",
    "Could not find a version that satisfies",
)
# The rules that watch the age of evidence: the README says they speak as the calendar moves on.
CALENDAR_RULES = {"EVAL007", "EVAL009", "FAIL001", "META002"}


def blocks_after(marker: str) -> list[tuple[str, str]]:
    """(marker line, code block text) for every block right after a `<!-- marker... -->` line."""
    found = []
    for match in re.finditer(rf"<!-- {re.escape(marker)}(.*?) -->\n```[a-z]*\n(.*?)```\n", README, re.DOTALL):
        found.append((match.group(1).strip(" :"), match.group(2)))
    return found


def section(title: str) -> str:
    return README.split(f"\n{title}\n", 1)[1].split("\n## ", 1)[0]


def first_block(text: str, language: str) -> str:
    return text.split(f"```{language}\n", 1)[1].split("```", 1)[0]


def run_cli(args: list[str], cwd: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    capsys.readouterr()
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


# -- the quick start ---------------------------------------------------------------------------------


def quick_start() -> tuple[str, str]:
    ((_, command),) = blocks_after("quick-start")
    after = README.split(command, 1)[1]
    output = first_block(after, "text")
    return command.strip(), output


def test_quick_start_as_written(tmp_path: Path) -> None:
    """The command exactly as the README writes it, in a fresh virtual environment, from the
    checkout, on the real clock: its output ends with the README's block (pip speaks first)."""
    command, expected = quick_start()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(PATH=str(bin_dir) + os.pathsep + env.get("PATH", ""), VIRTUAL_ENV=str(venv))
    done = subprocess.run(["sh", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode not in (0, 1) and any(sign in done.stdout + done.stderr for sign in OFFLINE_SIGNS):
        pytest.skip("the package registry can't be reached: the quick start can't install")
    assert done.returncode == 1, done.stdout + done.stderr  # "The exit code is 1 (there are errors)."
    assert done.stdout.endswith(expected), done.stdout
    installed = subprocess.run(
        [str(bin_dir / "python"), "-c", "import ai_readiness; print(ai_readiness.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert str(venv) in installed.stdout  # the fresh install ran, not the test's own


def test_quick_start_findings_are_all_in_the_bad_example() -> None:
    _, expected = quick_start()
    lines = expected.splitlines()
    assert len(lines) - 1 == 8 and "All eight findings" in README
    assert all(line.startswith("examples/bad/ai-readiness.yaml:") for line in lines[:-1])


def test_the_examples_on_the_real_date(capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without `--today` the examples give the quick start's findings, plus at most what the
    calendar rules say about the production example's evidence as it ages (the README says so)."""
    _, expected = quick_start()
    _, out, _ = run_cli(["lint", "examples/", "--format", "json"], ROOT, capsys, monkeypatch)
    findings = json.loads(out)["findings"]
    shown = [f"{f['path']}:{f['line']}:{f['column']}: {f['severity']} {f['rule']} {f['message']}" for f in findings]
    extra = [f for f, line in zip(findings, shown, strict=True) if line not in expected.splitlines()]
    assert all(f["rule"] in CALENDAR_RULES and f["path"] == "examples/production/ai-readiness.yaml" for f in extra)
    assert len(findings) - len(extra) == len(expected.splitlines()) - 1


# -- output shown ------------------------------------------------------------------------------------


def matches(shown: Any, real: Any) -> bool:
    """Whether the README's JSON (with `"..."` for any value, or any run of list elements) is
    what the tool prints."""
    if shown == "...":
        return True
    if isinstance(shown, dict):
        return isinstance(real, dict) and list(shown) == list(real) and all(matches(shown[k], real[k]) for k in shown)
    if isinstance(shown, list):
        if not isinstance(real, list):
            return False
        if not shown:
            return not real
        head, rest = shown[0], shown[1:]
        if head == "...":
            return any(matches(rest, real[i:]) for i in range(len(real) + 1))
        return bool(real) and matches(head, real[0]) and matches(rest, real[1:])
    return bool(shown == real and type(shown) is type(real))


@pytest.mark.parametrize(("command", "block"), blocks_after("output"), ids=lambda v: v.split("\n")[0][:60])
def test_output_shown_is_what_the_command_prints(
    command: str, block: str, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = shlex.split(command)
    assert args[0] == "ai-readiness"
    _, out, _ = run_cli(args[1:], ROOT, capsys, monkeypatch)
    if block.lstrip().startswith("{"):
        assert matches(json.loads(block), json.loads(out)), out
    else:  # the whole output, or its first lines when the block ends with a line `...`
        shown = block.splitlines()
        if shown[-1:] == ["..."]:
            assert out.splitlines()[: len(shown) - 1] == shown[:-1]
        else:
            assert out.splitlines() == shown


def test_matches_reads_ellipses_as_documented() -> None:
    assert matches({"a": [1, "...", 4]}, {"a": [1, 2, 3, 4]})
    assert matches(["...", {"x": 1}, "..."], [{"x": 0}, {"x": 1}])
    assert not matches(["...", {"x": 2}, "..."], [{"x": 0}, {"x": 1}])
    assert not matches({"a": 1, "b": 2}, {"b": 2, "a": 1})  # key order is part of the promise
    assert not matches([{"x": 1}], [{"x": 1}, {"x": 2}])


# -- snippets a user copies ----------------------------------------------------------------------------


def test_the_manifest_snippet_lints_clean(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    snippet = first_block(section("## The manifest"), "yaml")
    (tmp_path / "ai-readiness.yaml").write_text(snippet, encoding="utf-8")
    code, out, _ = run_cli(["lint"], tmp_path, capsys, monkeypatch)
    assert code == 0 and out.endswith("0 errors, 0 warnings, 0 info in 1 file\n"), out


def test_the_starter_lints_clean_in_git_once_codeowners_assigns_it(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "At prototype the starter has no errors or warnings, except in a git repository, where
    OWN003 asks that CODEOWNERS assign the manifest to its owner. Add that line ..." """
    ((_, codeowners),) = blocks_after("codeowners")
    path_line, rule = codeowners.splitlines()
    repo = make_repo(tmp_path / "repo")
    command = re.search(r"after `(ai-readiness init [^`]+)`", README.replace("\n", " "))
    assert command, "the README names the init command the CODEOWNERS line is for"
    code, _, err = run_cli(shlex.split(command.group(1))[1:], repo, capsys, monkeypatch)
    assert code == 0, err
    _, out, _ = run_cli(["lint", "--format", "json"], repo, capsys, monkeypatch)
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["OWN003"]
    target = repo / path_line.lstrip("# ").strip()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(rule + "\n", encoding="utf-8")
    commit_all(repo, "starter and CODEOWNERS")
    code, out, _ = run_cli(["lint"], repo, capsys, monkeypatch)
    assert code == 0 and out == "0 errors, 0 warnings, 0 info in 1 file\n", out
    # with git's user.email as the owner (init's default): an OWN002 info, nothing else
    (repo / "services" / "summarizer" / "ai-readiness.yaml").unlink()
    run_cli(["init", "services/summarizer"], repo, capsys, monkeypatch)
    target.write_text("/services/summarizer/ test@example.com\n", encoding="utf-8")
    _, out, _ = run_cli(["lint", "--format", "json"], repo, capsys, monkeypatch)
    assert [(f["rule"], f["severity"]) for f in json.loads(out)["findings"]] == [("OWN002", "info")]


def test_the_configuration_snippet_states_the_defaults(tmp_path: Path) -> None:
    snippet = first_block(section("## Configuration"), "toml")
    (tmp_path / "pyproject.toml").write_text(snippet, encoding="utf-8")
    from ai_readiness.rules.catalog import ALL_RULES

    config = load_config(tmp_path / "pyproject.toml", {r.id: r.configurable for r in ALL_RULES})
    assert "these are the defaults" in snippet
    assert config.fail_on == Config().fail_on and config.windows == Windows() and config.limits == Config().limits
    assert config.exclude == ("vendor/**",) and dict(config.rules) == {"DATA003": "off"}


def test_the_stage_gate_table_is_the_linter_s() -> None:
    table = section("### Stage gates")
    rows = {line.split("|")[1].strip(): line.split("|")[2] for line in table.splitlines() if line.startswith("| ")}
    for stage, keys in (("prototype", PROTOTYPE), ("pilot", PILOT), ("production", PRODUCTION)):
        assert re.findall(r"`([^`]+)`", rows[stage]) == [k for k, _ in keys], stage
    assert re.findall(r"`([^`]+)`", rows["deprecated"]) == [k for k, _ in DEPRECATED]


def test_every_option_in_the_command_line_block_exists() -> None:
    block = first_block(section("## Command line"), "text")
    command = None
    checked = []
    for line in block.splitlines():
        words = line.split()
        if words[0] == "ai-readiness":
            command = cli.commands[words[1]] if not words[1].startswith("-") else cli
            options = line  # the synopsis: every option named on it
        else:
            options = line.strip().split("   ")[0]  # an option line: the part before its description
        assert command is not None
        known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
        for option in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", options):
            assert option in known, f"{option} ({line.strip()})"
            checked.append(option)
    assert {"--format", "--base", "--select", "--ignore", "-q", "--quiet", "--stage", "--version"} <= set(checked)


# -- shell completion ----------------------------------------------------------------------------------


def test_the_completion_lines_produce_scripts() -> None:
    ((_, block),) = blocks_after("completion")
    exe_dir = os.path.dirname(shutil.which("ai-readiness", path=os.path.dirname(sys.executable)) or "")
    env = {**os.environ, "PATH": exe_dir + os.pathsep + os.environ.get("PATH", "")}
    lines = [line.split("  #")[0].strip() for line in block.splitlines()]
    bash, zsh, fish = lines
    if shutil.which("bash"):
        done = subprocess.run(
            ["bash", "-c", f"{bash}\ncomplete -p ai-readiness"], env=env, capture_output=True, text=True, timeout=60
        )
        assert done.stdout == "complete -o nosort -F _ai_readiness_completion ai-readiness\n", done.stderr
    for line, marker in ((zsh, "#compdef ai-readiness"), (fish, "complete --no-files --command ai-readiness")):
        source = re.search(r"(_AI_READINESS_COMPLETE=\w+ ai-readiness)", line)
        assert source, line
        done = subprocess.run(["sh", "-c", source.group(1)], env=env, capture_output=True, text=True, timeout=60)
        assert marker in done.stdout


def _code_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@pytest.mark.parametrize(
    ("title", "example"),
    [
        ("**Pull requests** (", "ai-readiness-pull-request.yml"),
        ("**Code scanning** (", "ai-readiness-sarif.yml"),
        ("([examples/workflows/ai-readiness-policy.yml]", "ai-readiness-policy.yml"),
        ("**Each repository's report**", "ai-readiness-report.yml"),
        ("**The organisation's page**", "ai-readiness-organisation.yml"),
    ],
)
def test_the_workflows_shown_are_the_checked_examples(title: str, example: str) -> None:
    """The README shows the example workflows (checked offline by .ci/check-action) without their
    comment lines; the code scanning one from its job's permissions on, the policy one its step."""
    shown = _code_lines(first_block(README.split(title, 1)[1], "yaml"))
    real = _code_lines((ROOT / "examples" / "workflows" / example).read_text(encoding="utf-8"))
    start = real.index(shown[0])
    assert real[start : start + len(shown)] == shown
    assert not title.startswith("**Pull") or (start == 0 and len(shown) == len(real))
