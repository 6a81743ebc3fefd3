"""Every error the command line writes is one line per problem, with control characters escaped,
whatever text it echoes: a configuration key or value, an option's value, a file name, `--base`,
the `--config` path, an internal error. In a GitHub Actions log a line that starts with `::` is a
command the runner executes, so hostile text must never start a line of its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ai_readiness.cli import main
from tests.conftest import commit_all, make_repo

MANIFEST = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: hostile}
spec: {type: agent, stage: prototype, owners: {technical: ["@a/b"]}, purpose: {intendedUse: x}}
"""
INJECTED = "x\n::error file=ai-readiness.yaml,line=1::injected"
ESCAPED = "x\\n::error file=ai-readiness.yaml,line=1::injected"


def assert_one_line_each(err: str, lines: int = 1) -> None:
    assert err.endswith("\n") and err.count("\n") == lines, err
    for line in err.splitlines():
        assert line.startswith("ai-readiness: "), err
        assert not any(c in line for c in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x1b"), err


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    (repo / "ai-readiness.yaml").write_text(MANIFEST, encoding="utf-8")
    commit_all(repo)
    return repo


def run(repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(repo)
    capsys.readouterr()
    code = main(list(args))
    return code, capsys.readouterr().err


CONFIGURATIONS = [
    # a key in [tool.ai-readiness]
    ("pyproject.toml", f'[tool.ai-readiness]\n"{INJECTED.replace(chr(10), chr(92) + "n")}" = 1\n'),
    # a rule id, a window, a limit: keys of the sub-tables
    (".ai-readiness.toml", f'[rules]\n"{INJECTED.replace(chr(10), chr(92) + "n")}" = "off"\n'),
    (".ai-readiness.toml", f'[windows]\n"{INJECTED.replace(chr(10), chr(92) + "n")}" = "P1D"\n'),
    (".ai-readiness.toml", f'[limits]\n"{INJECTED.replace(chr(10), chr(92) + "n")}" = 1\n'),
    # values
    (".ai-readiness.toml", f'fail-on = "{INJECTED.replace(chr(10), chr(92) + "n")}"\n'),
    (".ai-readiness.toml", f'[rules]\nEVAL001 = "{INJECTED.replace(chr(10), chr(92) + "n")}"\n'),
    (".ai-readiness.toml", f'[windows]\nred-team-max-age = "{INJECTED.replace(chr(10), chr(92) + "n")}"\n'),
    # malformed TOML whose parser message quotes the text
    (".ai-readiness.toml", f'fail-on = "error"\n{INJECTED}\n'),
]


@pytest.mark.parametrize(("name", "text"), CONFIGURATIONS)
def test_configuration_errors_are_one_line(
    repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, name: str, text: str
) -> None:
    (repo / name).write_text(text, encoding="utf-8")
    code, err = run(repo, capsys, monkeypatch, "lint")
    assert code == 2
    assert_one_line_each(err)


def test_the_configuration_key_is_shown_escaped(repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "pyproject.toml").write_text(CONFIGURATIONS[0][1], encoding="utf-8")
    code, err = run(repo, capsys, monkeypatch, "lint")
    assert code == 2 and f"`{ESCAPED}` is not a setting" in err
    assert_one_line_each(err)


@pytest.mark.parametrize(
    "args",
    [
        ["lint", "--select", INJECTED],
        ["lint", "--ignore", INJECTED],
        ["lint", "--today", INJECTED],
        ["lint", "--format", INJECTED],
        ["lint", "--fail-on", INJECTED],
        ["lint", "--target-stage", INJECTED],
        ["lint", f"--{INJECTED}"],
        ["lint", "--base", INJECTED],
        ["lint", "--base", "main\n"],
        ["lint", "--config", INJECTED],
        ["lint", INJECTED],
        ["lint", "--output", f"{INJECTED}/out.txt"],
        ["lint", "--sarif", f"{INJECTED}/out.sarif"],
        ["lint", "--summary", f"{INJECTED}/summary.md"],
        ["report", "--today", INJECTED],
        ["report", INJECTED],
        ["explain", INJECTED],
        ["init", "--name", INJECTED],
        ["init", "--owner", INJECTED],
        [INJECTED],
    ],
)
def test_option_values_and_names_are_one_line(
    repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    code, err = run(repo, capsys, monkeypatch, *args)
    assert code == 2
    assert_one_line_each(err)


def test_a_configuration_path_with_a_line_break(repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / INJECTED.replace("/", "_")).write_text("nope = 1\n", encoding="utf-8")
    code, err = run(repo, capsys, monkeypatch, "lint", "--config", INJECTED.replace("/", "_"))
    assert code == 2 and "`nope` is not a setting" in err
    assert_one_line_each(err)


def test_the_internal_error_path(repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from ai_readiness import engine

    folder = repo / INJECTED.replace("/", "_")
    folder.mkdir()
    (folder / "ai-readiness.yaml").write_text(MANIFEST.replace("hostile", "other"), encoding="utf-8")

    def explode(self: Any, *args: Any) -> Any:
        raise RuntimeError(INJECTED)

    monkeypatch.setattr(engine.Linter, "lint_document", explode)
    code, err = run(repo, capsys, monkeypatch, "lint", str(folder.relative_to(repo) / "ai-readiness.yaml"))
    assert code == 3
    assert err.count("\n") == 1 and err.startswith("ai-readiness: internal error while linting x\\n::error")
    assert f"RuntimeError: {ESCAPED}" in err
    code, err = run(repo, capsys, monkeypatch, "lint", "--debug", str(folder.relative_to(repo) / "ai-readiness.yaml"))
    assert code == 3 and "Traceback" in err
    assert not any(line.lstrip().startswith("::") for line in err.splitlines()), err


def test_an_unexpected_exception_outside_a_file(repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from ai_readiness import engine

    def explode(*args: Any) -> Any:
        raise ValueError(INJECTED)

    monkeypatch.setattr(engine, "lint", explode)
    for debug in ([], ["--debug"]):
        code, err = run(repo, capsys, monkeypatch, "lint", *debug)
        assert code == 3 and f"ValueError: {ESCAPED}" in err
        assert not any(line.lstrip().startswith("::") for line in err.splitlines()), err


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=30), option=st.sampled_from(["--select", "--ignore", "--today", "--base"]))
def test_any_option_text_gives_one_line(
    repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, text: str, option: str
) -> None:
    code, err = run(repo, capsys, monkeypatch, "lint", option, "\n::error::" + text)
    assert code == 2
    assert_one_line_each(err)
