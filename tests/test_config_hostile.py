"""Bad configuration is one clear line and exit code 2, naming the file and the key:
malformed TOML, wrong types, unknown rule ids, files that can't be read. What test_config.py
covers already is not repeated here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.cli import main
from tests.conftest import make_repo

MANIFEST = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: cfg}
spec: {type: agent, stage: prototype, owners: {technical: ["@a/b"]}, purpose: {intendedUse: x}}
"""


def lint(folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(folder)
    code = main(["lint", "--today", "2026-11-28", *args])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    return code, err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "ai-readiness.yaml").write_text(MANIFEST, encoding="utf-8")
    return tmp_path


MALFORMED: list[tuple[bytes, str]] = [
    (b'fail-on = "error\n', "malformed TOML"),  # unterminated string
    (b'fail-on = "error"\nfail-on = "warning"\n', "malformed TOML"),  # a repeated key
    (b"[rules]\n[rules]\n", "malformed TOML"),  # a repeated table
    (b"exclude = [\n", "malformed TOML"),
    (b"[limits\nmax-depth = 3\n", "malformed TOML"),
    (b"x = 2026-02-30\n", "malformed TOML"),  # a date that does not exist
    (b'\xef\xbb\xbffail-on = "error"\n', "malformed TOML"),  # a BOM
    (b'fail-on = "error"\x00\n', "malformed TOML"),  # a NUL
    (b'fail-on = "\xe9rror"\n', "not UTF-8 text"),
    (b"\xff\xfe" + 'fail-on = "error"\n'.encode("utf-16-le"), "not UTF-8 text"),
    (b"[limits]\nmax-depth = " + b"9" * 5_000 + b"\n", "an integer of over 4,300 digits"),
    (b"x = " + b"[" * 5_000 + b"]" * 5_000 + b"\n", "nested too deeply"),
    (b"x = " + b"{a = " * 3_000 + b"1" + b"}" * 3_000 + b"\n", "nested too deeply"),
]


@pytest.mark.parametrize(("text", "needle"), MALFORMED)
@pytest.mark.parametrize("where", [".ai-readiness.toml", "pyproject.toml", "--config"])
def test_malformed_toml(
    folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, text: bytes, needle: str, where: str
) -> None:
    name = "custom.toml" if where == "--config" else where
    if name == "pyproject.toml" and needle == "malformed TOML" and not text.startswith(b"\xef"):
        text = b"[tool.ai-readiness]\n" + text.replace(b"[rules]", b"[tool.ai-readiness.rules]")
    (folder / name).write_bytes(text)
    code, err = lint(folder, capsys, monkeypatch, *(["--config", name] if where == "--config" else []))
    assert code == 2
    assert err.startswith(f"ai-readiness: error: {folder / name if where != '--config' else name}: "), err
    assert needle in err and err.count("\n") == 1


WRONG: list[tuple[str, str]] = [
    ("fail-on = 1", "`fail-on` must be one of error, warning, info, never, not 1"),
    ("fail-on = true", "`fail-on` must be one of"),
    ('fail-on = ["error"]', "`fail-on` must be one of"),
    ('fail-on = "ERROR"', "`fail-on` must be one of"),
    ("exclude = [1]", "`exclude` must be a list of glob strings"),
    ("exclude = {a = 1}", "`exclude` must be a list of glob strings"),
    ("rules = []", "`rules` must be a table"),
    ("[rules]\nEVAL001 = 3", "`rules.EVAL001` must be one of error, warning, info, off, not 3"),
    ("[rules]\nEVAL001 = true", "`rules.EVAL001` must be one of"),
    ('[rules]\nEVAL001 = ["off"]', "`rules.EVAL001` must be one of"),
    ('windows = "P1D"', "`windows` must be a table"),
    ("[windows]\nred-team-max-age = 90", "`windows.red-team-max-age` must be an ISO 8601 duration"),
    ('[windows]\nred-team-max-age = "P"', "`windows.red-team-max-age` must be an ISO 8601 duration"),
    ('[windows]\nred-team-max-age = "PT"', "`windows.red-team-max-age` must be an ISO 8601 duration"),
    ('[windows]\nred-team-max-age = "90d"', "`windows.red-team-max-age` must be an ISO 8601 duration"),
    ("limits = 3", "`limits` must be a table"),
    ("[limits]\nmax-depth = true", "`limits.max-depth` must be a positive whole number"),
    ("[limits]\nmax-depth = 1.5", "`limits.max-depth` must be a positive whole number"),
    ('[limits]\nmax-depth = "64"', "`limits.max-depth` must be a positive whole number"),
    ("[limits]\nmax-depth = -1", "`limits.max-depth` must be a positive whole number"),
    ("[limits]\nmax-depth = nan", "`limits.max-depth` must be a positive whole number"),
    ("[limits]\nmax-depth = 257", "`limits.max-depth` must be at most 256"),
    ("[limits]\nmax-file-bytes = 9223372036854775807", "`limits.max-file-bytes` must be at most 67108864"),
    ("[limits]\nmax-file-bytes = 100000000000000000000000", "`limits.max-file-bytes` must be at most"),
    ("[limits]\nmax-alias-nodes = 1000000000", "`limits.max-alias-nodes` must be at most 1000000"),
    ("[limits]\nmax-nodes = 10", "`limits.max-nodes` is not a limit"),
    ("[windows.red-team-max-age]\nx = 1", "`windows.red-team-max-age` must be an ISO 8601 duration"),
    ('tool = "x"', "`tool` is not a setting"),
]


@pytest.mark.parametrize(("text", "needle"), WRONG)
def test_wrong_types_name_file_and_key(
    folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, text: str, needle: str
) -> None:
    (folder / ".ai-readiness.toml").write_text(text + "\n", encoding="utf-8")
    code, err = lint(folder, capsys, monkeypatch)
    assert code == 2
    assert err == f"ai-readiness: error: {folder / '.ai-readiness.toml'}: {needle}" + err.split(needle, 1)[1], err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("rule", "needle"),
    [
        ("NOPE001", "`rules.NOPE001` is not a rule id"),
        ("eval001", "`rules.eval001` is not a rule id"),  # ids are upper case
        ("EVAL", "`rules.EVAL` is not a rule id"),  # a prefix is not an id here
        ('""', "`rules.` is not a rule id"),
        ('"EVAL001 "', "`rules.EVAL001 ` is not a rule id"),
        ("YAML003", "`rules.YAML003` cannot be re-graded or turned off"),
    ],
)
def test_unknown_rule_ids(folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, rule: str, needle: str) -> None:
    (folder / "pyproject.toml").write_text(f'[tool.ai-readiness.rules]\n{rule} = "off"\n', encoding="utf-8")
    code, err = lint(folder, capsys, monkeypatch)
    assert code == 2 and f"{folder / 'pyproject.toml'}: {needle}" in err


@pytest.mark.parametrize("flag", ["--select", "--ignore"])
def test_unknown_rule_ids_on_the_command_line(
    folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, flag: str
) -> None:
    code, err = lint(folder, capsys, monkeypatch, flag, "EVAL001,NOPE")
    assert code == 2 and f"{flag}: no rule id starts with 'NOPE'" in err


def test_pyproject_table_of_the_wrong_type(folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "pyproject.toml").write_text('[tool]\nai-readiness = "strict"\n', encoding="utf-8")
    code, err = lint(folder, capsys, monkeypatch)
    assert code == 2 and f"{folder / 'pyproject.toml'}: [tool.ai-readiness] must be a table" in err
    (folder / "other.toml").write_text('tool = "x"\n', encoding="utf-8")
    (folder / "pyproject.toml").write_text('tool = "x"\n', encoding="utf-8")
    code, err = lint(folder, capsys, monkeypatch, "--config", "pyproject.toml")
    assert code == 2 and "pyproject.toml: no [tool.ai-readiness] table" in err


@pytest.mark.parametrize("name", [".ai-readiness.toml", "pyproject.toml"])
@pytest.mark.parametrize("kind", ["dangling-symlink", "folder", "symlink-loop"])
def test_unreadable_configuration_found_upward(
    folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, name: str, kind: str
) -> None:
    """As root every file is readable: an unreadable configuration is a dangling symlink, a folder
    or a symlink loop. It is an error, never a reason to run with other settings."""
    make_repo(folder)  # the search goes upward to the repository root
    path = folder / name
    if kind == "dangling-symlink":
        path.symlink_to(folder / "nowhere.toml")
    elif kind == "folder":
        path.mkdir()
    else:
        (folder / "loop.toml").symlink_to(path)
        path.symlink_to(folder / "loop.toml")
    (folder / "sub").mkdir()
    (folder / "sub" / "ai-readiness.yaml").write_text(MANIFEST, encoding="utf-8")
    code, err = lint(folder / "sub", capsys, monkeypatch)  # found upward from a subfolder
    assert code == 2
    assert err.startswith(f"ai-readiness: error: {path}: cannot read the configuration file: "), err


@pytest.mark.parametrize("kind", ["missing", "dangling-symlink", "folder"])
def test_unreadable_configuration_named_on_the_command_line(
    folder: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    if kind == "dangling-symlink":
        (folder / "conf.toml").symlink_to(folder / "nowhere.toml")
    elif kind == "folder":
        (folder / "conf.toml").mkdir()
    code, err = lint(folder, capsys, monkeypatch, "--config", "conf.toml")
    assert code == 2 and err.count("\n") == 1, err
    if kind == "folder":  # click refuses it first
        assert "'--config': File 'conf.toml' is a directory" in err
    else:
        assert err.startswith("ai-readiness: error: conf.toml: cannot read the configuration file: "), err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
def test_a_fifo_as_configuration_is_never_opened(folder: Path) -> None:
    """Opening a FIFO blocks until someone writes: the run must end without opening it."""
    os.mkfifo(folder / ".ai-readiness.toml")
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from ai_readiness.cli import main; sys.exit(main())", "lint"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == (
        f"ai-readiness: error: {folder / '.ai-readiness.toml'}: cannot read the configuration file: "
        "it is not a regular file\n"
    )
