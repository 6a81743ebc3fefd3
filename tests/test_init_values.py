"""`init` with hostile or wrong values: an owner the schema would refuse, a git e-mail that is not
an owner, text with line breaks, quotes, control and format characters. Either init refuses (exit
2, one line, nothing written) or what it writes reads back as exactly the values given and lints as
README.md says: clean at prototype; at pilot and production the same findings as the plain
starter (its placeholders and commented keys)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ai_readiness.cli import main
from ai_readiness.loader import HAS_C_PARSER, Limits, load_bytes
from ai_readiness.rules.metadata import placeholder_in
from tests.conftest import TODAY, make_repo

PARSE_PATHS = [False, True] if HAS_C_PARSER else [True]


def lint_json(folder: Path, capsys: Any) -> list[tuple[str, str, str]]:
    capsys.readouterr()
    main(["lint", str(folder), "--format", "json", "--today", TODAY])
    findings = json.loads(capsys.readouterr().out)["findings"]
    return sorted((f["rule"], f["severity"], f["pointer"]) for f in findings)


@pytest.mark.parametrize(
    ("owner", "hint"),
    [
        ("jane", "did you mean @jane? "),
        ("jane@localhost", ""),
        ("@org/", ""),
        ("group:", ""),
        ("@jane\n", ""),
        ("", ""),
    ],
)
def test_an_owner_the_schema_refuses_is_refused(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, owner: str, hint: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "svc", "--owner", owner]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"ai-readiness: error: --owner: {owner!r} is not an owner: {hint}write @user".replace("\n", "\\n")
    )
    assert err.count("\n") == 1
    assert not (tmp_path / "svc").exists()


@pytest.mark.parametrize(
    "owner", ["@jane", "@acme/ml-platform", "jane.doe@example.com", "group:default/ml", "user:jane"]
)
def test_every_owner_form_is_accepted(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, owner: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "svc", "--owner", owner]) == 0
    assert [f for f in lint_json(tmp_path / "svc", capsys) if f[1] != "info"] == []


def test_a_git_email_that_is_not_an_owner_is_not_used(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "repo")
    from tests.conftest import git

    git(repo, "config", "user.email", "jane@localhost")
    monkeypatch.chdir(repo)
    assert main(["init"]) == 2
    assert capsys.readouterr().err == (
        "ai-readiness: error: no technical owner: git's user.email 'jane@localhost' is not an e-mail address the "
        "manifest accepts (it needs a domain such as example.com), so it is not used; pass --owner "
        "(for example --owner @org/team)\n"
    )
    assert not (repo / "ai-readiness.yaml").exists()
    assert main(["init", "--owner", "@org/team"]) == 0


def test_a_folder_to_create_still_finds_the_git_email(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "repo")
    monkeypatch.chdir(repo)
    assert main(["init", "services/new-one"]) == 0
    assert 'technical: ["test@example.com"]' in (repo / "services" / "new-one" / "ai-readiness.yaml").read_text()


def test_a_purpose_that_is_a_placeholder_is_refused(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "svc", "--owner", "@a/b", "--purpose", "TBD: ask legal"]) == 2
    assert capsys.readouterr().err == (
        "ai-readiness: error: --purpose: 'TBD' reads as placeholder text (META001): say what the system does, "
        "or leave --purpose out\n"
    )
    assert not (tmp_path / "svc").exists()


def test_a_folder_that_cannot_be_created_is_a_usage_error(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["init", "file/svc", "--owner", "@a/b"]) == 2
    assert "cannot write it" in capsys.readouterr().err


def _init(capsys: Any, stage: str, purpose: str | None, name: str | None = None) -> tuple[int, str, Path]:
    """init in a new temporary folder, which becomes the working folder (lint judges it there)."""
    base = Path(tempfile.mkdtemp())
    os.chdir(base)
    folder = base / "svc"
    args = ["init", str(folder), "--owner", "@a/b", "--stage", stage, "--name", name or "svc"]
    if purpose is not None:
        args += ["--purpose", purpose]
    capsys.readouterr()
    code = main(args)
    return code, capsys.readouterr().err, folder


HOSTILE = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=["Cs"]),
        st.sampled_from("\n\r\t\x00\x1b\x85\u2028\u2029\ufeff\ufffe\"\\'#:&*!|>%@`{}[],- <>"),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(purpose=HOSTILE, stage=st.sampled_from(["prototype", "pilot", "production"]))
def test_any_purpose_reads_back_exactly_and_lints_as_documented(
    capsys: Any, monkeypatch: pytest.MonkeyPatch, purpose: str, stage: str
) -> None:
    monkeypatch.chdir(os.getcwd())  # restored after the test
    code, err, folder = _init(capsys, stage, purpose)
    if code == 2:
        assert placeholder_in(purpose) is not None, err
        assert err.count("\n") == 1 and not (folder / "ai-readiness.yaml").exists()
        return
    assert code == 0, err
    data = (folder / "ai-readiness.yaml").read_bytes()
    for pure in PARSE_PATHS:
        loaded = load_bytes(data, "ai-readiness.yaml", Limits(), pure=pure)
        assert loaded.findings == [] and len(loaded.documents) == 1
        assert loaded.documents[0].data["spec"]["purpose"]["intendedUse"] == purpose
    findings = lint_json(folder, capsys)
    if stage == "prototype":
        assert [f for f in findings if f[1] != "info"] == []
    else:
        _, _, plain = _init(capsys, stage, "Answers support questions.")
        assert findings == lint_json(plain, capsys)


# DNS labels that YAML would read as something else when written plain.
NUMBERS = ["0", "123", "0x1f", "0o17", "1e5", "1-2", "null", "true", "false", "no", "on", "y"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.one_of(HOSTILE, st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True), st.sampled_from(NUMBERS)))
def test_any_name_is_refused_or_lints_clean(capsys: Any, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.chdir(os.getcwd())  # restored after the test
    code, err, folder = _init(capsys, "prototype", None, name)
    if code == 2:
        assert err.count("\n") == 1 and "--name" in err and not (folder / "ai-readiness.yaml").exists()
        return
    assert code == 0
    assert [f for f in lint_json(folder, capsys) if f[1] != "info"] == []
