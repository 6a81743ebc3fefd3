"""`ai-readiness init`: a starter that lints clean at prototype and whose findings at pilot and
production are exactly its placeholders (META001) and commented-out keys (STAGE001)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.cli import main
from tests.conftest import TODAY, make_repo

TYPES = ["llm-feature", "rag-assistant", "classifier", "agent", "other"]
# Rules that fire on a declared type at production even when the key is absent (docs/design.md,
# "Absence"): init invents no red-team date and no human-owned decisions.
FIRES_ON_TYPE_AT_PRODUCTION = {"EVAL009", "PUR001"}


def lint_json(folder: Path, capsys: Any) -> list[dict[str, Any]]:
    capsys.readouterr()
    main(["lint", str(folder), "--format", "json", "--today", TODAY])
    findings: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["findings"]
    return findings


@pytest.mark.parametrize("system_type", TYPES)
def test_prototype_starter_lints_clean(
    system_type: str, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "svc", "--type", system_type, "--owner", "@acme/ml"]) == 0
    assert capsys.readouterr().out == "wrote svc/ai-readiness.yaml\n"
    findings = lint_json(tmp_path / "svc", capsys)
    assert [f for f in findings if f["severity"] != "info"] == []


@pytest.mark.parametrize("stage", ["pilot", "production"])
@pytest.mark.parametrize("system_type", TYPES)
def test_pilot_and_production_starters_list_the_gap(
    stage: str, system_type: str, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "svc", "--stage", stage, "--type", system_type, "--name", "my-system"]) == 0
    text = (tmp_path / "svc" / "ai-readiness.yaml").read_text(encoding="utf-8")
    placeholders = len(re.findall(r"<[^>]+>", text))
    commented = len(re.findall(r"^\s*# [A-Za-z]+:", text, flags=re.MULTILINE))
    findings = lint_json(tmp_path / "svc", capsys)
    by_rule: dict[str, int] = {}
    for f in findings:
        by_rule[f["rule"]] = by_rule.get(f["rule"], 0) + 1
    assert by_rule.pop("META001", 0) == placeholders
    assert by_rule.pop("STAGE001", 0) == commented
    if stage == "production":
        for rule in FIRES_ON_TYPE_AT_PRODUCTION:
            by_rule.pop(rule, None)
    assert by_rule == {}, findings


def test_never_overwrites(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ai-readiness.yml").write_text("keep me\n", encoding="utf-8")
    assert main(["init", "--owner", "@a/b"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / "ai-readiness.yml").read_text(encoding="utf-8") == "keep me\n"
    assert not (tmp_path / "ai-readiness.yaml").exists()


def test_name_comes_from_the_folder(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "Support Bot_v2", "--owner", "@a/b"]) == 0
    text = (tmp_path / "Support Bot_v2" / "ai-readiness.yaml").read_text(encoding="utf-8")
    assert "  name: support-bot-v2\n" in text
    assert main(["init", "x", "--name", "Not_Valid", "--owner", "@a/b"]) == 2
    assert "not a DNS-label name" in capsys.readouterr().err


def test_owner_defaults_to_git_email(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path / "repo")
    monkeypatch.chdir(repo)
    assert main(["init"]) == 0
    assert 'technical: ["test@example.com"]' in (repo / "ai-readiness.yaml").read_text(encoding="utf-8")


def test_no_owner_anywhere_is_exit_two(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "none"))
    assert main(["init"]) == 2
    assert "pass --owner" in capsys.readouterr().err


@pytest.mark.parametrize("stage", ["prototype", "pilot", "production"])
def test_starter_says_how_to_narrow_spec_paths(stage: str, tmp_path: Path, capsys: Any) -> None:
    """Without spec.paths every file under the manifest's folder is the system's code (GIT001,
    --base): the starter says so, and how to narrow it."""
    assert main(["init", str(tmp_path / "svc"), "--stage", stage, "--owner", "@acme/ml"]) == 0
    text = (tmp_path / "svc" / "ai-readiness.yaml").read_text(encoding="utf-8")
    assert "`paths: [src/**, prompts/**]`" in text and "GIT001" in text
