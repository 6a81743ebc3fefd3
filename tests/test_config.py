"""Configuration: found upward to the repository root, validated, every mistake a clear exit 2."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.cli import main
from ai_readiness.config import find_config, load_config
from ai_readiness.errors import ConfigError
from ai_readiness.rules.catalog import ALL_RULES
from tests.conftest import make_repo

KNOWN = {r.id: r.configurable for r in ALL_RULES}
MANIFEST = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: cfg}
spec: {type: agent, stage: launched, owners: {technical: ["@a/b"]}, purpose: {intendedUse: x}}
"""


def test_nearest_folder_wins_and_dot_file_beats_pyproject(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    sub = repo / "team" / "svc"
    sub.mkdir(parents=True)
    (repo / ".ai-readiness.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    (repo / "team" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")  # no table: passed over
    assert find_config(sub, repo) == repo / ".ai-readiness.toml"
    (repo / "team" / "pyproject.toml").write_text('[tool.ai-readiness]\nfail-on = "info"\n', encoding="utf-8")
    assert find_config(sub, repo) == repo / "team" / "pyproject.toml"
    (repo / "team" / ".ai-readiness.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    assert find_config(sub, repo) == repo / "team" / ".ai-readiness.toml"


def test_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".ai-readiness.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    repo = make_repo(tmp_path / "repo")
    assert find_config(repo, repo) is None


def test_values_are_read(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        """
[tool.ai-readiness]
fail-on = "warning"
exclude = ["vendor/**"]
[tool.ai-readiness.rules]
DATA003 = "off"
EVAL003 = "error"
[tool.ai-readiness.windows]
red-team-max-age = "P30D"
[tool.ai-readiness.limits]
max-depth = 20
""",
        encoding="utf-8",
    )
    config = load_config(path, KNOWN)
    assert config.fail_on == "warning" and config.exclude == ("vendor/**",)
    assert config.rules == {"DATA003": "off", "EVAL003": "error"}
    assert config.windows.red_team_max_age.days == 30
    assert config.windows.kill_switch_test_max_age.days == 180  # defaults stay
    assert config.limits.max_depth == 20 and config.limits.max_file_bytes == 1_048_576


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('fail_on = "error"\n', "`fail_on` is not a setting"),
        ('fail-on = "sometimes"\n', "`fail-on` must be one of"),
        ("exclude = 'vendor'\n", "`exclude` must be a list"),
        ('[rules]\nNOPE001 = "off"\n', "`rules.NOPE001` is not a rule id"),
        ('[rules]\nYAML001 = "off"\n', "`rules.YAML001` cannot be re-graded or turned off"),
        ('[rules]\nEVAL001 = "fatal"\n', "`rules.EVAL001` must be one of"),
        ('[windows]\nred-team-max-age = "90 days"\n', "`windows.red-team-max-age` must be an ISO 8601 duration"),
        ('[windows]\nredteam = "P1D"\n', "`windows.redteam` is not a window"),
        ("[limits]\nmax-depth = 0\n", "`limits.max-depth` must be a positive whole number"),
        ("[limits]\nmax-depth = 100000\n", "`limits.max-depth` must be at most 256"),
        ('[limits]\nmax-file-bytes = "1MB"\n', "`limits.max-file-bytes` must be a positive whole number"),
        ("rules = 3\n", "`rules` must be a table"),
        ("fail-on = [\n", "malformed TOML"),
    ],
)
def test_bad_configuration_names_file_and_key(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / ".ai-readiness.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path, KNOWN)
    assert str(caught.value).startswith(str(path))
    assert needle in str(caught.value)


def test_bad_configuration_is_exit_two(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ai-readiness.yaml").write_text(MANIFEST, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.ai-readiness]\nfail-on = "sometimes"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["lint"]) == 2
    err = capsys.readouterr().err
    assert "pyproject.toml: `fail-on` must be one of" in err and "Traceback" not in err


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else False, reason="root reads any file")
def test_unreadable_configuration_is_exit_two(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / ".ai-readiness.toml"
    config.write_text('fail-on = "error"\n', encoding="utf-8")
    config.chmod(0)
    monkeypatch.chdir(tmp_path)
    assert main(["lint"]) == 2
    assert "cannot read the configuration file" in capsys.readouterr().err


def test_a_folder_as_configuration_is_exit_two(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "conf.toml").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--config", "conf.toml"]) == 2
    assert "conf.toml" in capsys.readouterr().err


def test_configuration_changes_the_run(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ai-readiness.yaml").write_text(MANIFEST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["lint"]) == 1
    (tmp_path / ".ai-readiness.toml").write_text('[rules]\nSCHEMA001 = "warning"\n', encoding="utf-8")
    assert main(["lint"]) == 0
    assert "warning SCHEMA001" in capsys.readouterr().out
    assert main(["lint", "--fail-on", "warning"]) == 1
    (tmp_path / ".ai-readiness.toml").write_text('exclude = ["ai-readiness.yaml"]\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["lint", "ai-readiness.yaml"]) == 0  # exclude applies to named files too
    assert "in 0 files" in capsys.readouterr().out


def test_command_line_overrides_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ai-readiness.yaml").write_text(MANIFEST, encoding="utf-8")
    (tmp_path / ".ai-readiness.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["lint"]) == 0
    assert main(["lint", "--fail-on", "error"]) == 1
    (tmp_path / "other.toml").write_text('fail-on = "error"\n', encoding="utf-8")
    assert main(["lint", "--config", "other.toml"]) == 1
