"""Bad input to `promote` and `lint --fix`: each ends in one clear message and a documented exit
code, and never in a half-written file (docs/design.md, "Editing")."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.cli import main
from ai_readiness.discovery import Target
from ai_readiness.edit.files import KILL_BEFORE_RENAME, Manifest, read_manifest, write
from ai_readiness.errors import ConfigError
from ai_readiness.loader import Limits
from tests.conftest import EXAMPLES, TODAY

PROTOTYPE = (EXAMPLES / "prototype" / "ai-readiness.yaml").read_text(encoding="utf-8")


def run(args: list[str], capsys: Any) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "repo"
    folder.mkdir()
    monkeypatch.chdir(folder)
    path = folder / "ai-readiness.yaml"
    path.write_text(PROTOTYPE, encoding="utf-8")
    return path


def test_a_yaml_error_leaves_the_file_as_it_is(manifest: Path, capsys: Any) -> None:
    broken = PROTOTYPE.replace("  stage: prototype", "  stage: Prototype\n   owners: [")
    manifest.write_text(broken, encoding="utf-8")
    code, out, err = run(["promote", "--to", "pilot"], capsys)
    assert code == 1 and out == ""
    assert err.startswith("ai-readiness.yaml: cannot edit safely: line 11: invalid YAML") and err.count("\n") == 1
    assert "the file is left unchanged" in err
    code, out, err = run(["lint", "--fix"], capsys)
    assert code == 1 and "error YAML001" in out and "fixed" not in err
    assert manifest.read_text(encoding="utf-8") == broken


def test_a_structure_the_schema_rejects_where_a_key_must_go(manifest: Path, capsys: Any) -> None:
    for wrong, said in (
        ('owners:\n    technical: ["@acme/legal-engineering"]', 'owners: ["@acme/legal-engineering"]'),
        ("intendedUse:", "outOfScope: {legal: advice}\n    intendedUse:"),
    ):
        text = PROTOTYPE.replace(wrong, said)
        manifest.write_text(text, encoding="utf-8")
        code, out, err = run(["promote", "--to", "pilot"], capsys)
        assert code == 1 and out == "" and err.count("\n") == 1, err
        assert "contract-clause-classifier: cannot edit safely: spec." in err and "fix it first" in err
        assert manifest.read_text(encoding="utf-8") == text
    # a mapping where a list belongs has no fix: lint --fix reports it and changes nothing
    text = PROTOTYPE + "  evaluation:\n    triggers: {pull_request: true}\n"
    manifest.write_text(text, encoding="utf-8")
    code, out, err = run(["lint", "--fix", "--today", TODAY], capsys)
    assert code == 1 and "[type] expected a list; found a mapping" in out and "fixed" not in err
    assert manifest.read_text(encoding="utf-8") == text


def test_a_read_only_file_is_refused(manifest: Path, capsys: Any) -> None:
    manifest.chmod(0o444)
    code, out, err = run(["promote", "--to", "pilot"], capsys)
    assert code == 2 and out == ""
    assert (
        err
        == "ai-readiness: error: ai-readiness.yaml: the file is read-only (no write permission): it is not changed\n"
    )
    assert manifest.read_text(encoding="utf-8") == PROTOTYPE and stat.S_IMODE(manifest.stat().st_mode) == 0o444
    os.chmod(manifest, 0o644)
    manifest.write_text(PROTOTYPE.replace("stage: prototype", "stage: Prototype"), encoding="utf-8")
    manifest.chmod(0o444)
    code, _, err = run(["lint", "--fix"], capsys)
    assert code == 2 and "read-only" in err and "Prototype" in manifest.read_text(encoding="utf-8")


def test_symbolic_links(tmp_path: Path, manifest: Path, capsys: Any) -> None:
    """A link out of the repository is not edited; a link inside it is resolved and its target
    written, the link staying a link."""
    outside = tmp_path / "outside.yaml"
    outside.write_text(PROTOTYPE, encoding="utf-8")
    manifest.unlink()
    manifest.symlink_to(outside)
    (manifest.parent / ".git").mkdir()  # the repository is the folder: the link leaves it
    code, out, err = run(["promote", "--to", "pilot", "ai-readiness.yaml"], capsys)
    assert code == 1 and out == ""
    assert err == (
        "ai-readiness.yaml: cannot edit safely: it is a symbolic link to a file outside the repository: "
        "it is not edited\n"
    )
    code, out, _ = run(["lint", "--fix", "ai-readiness.yaml"], capsys)
    assert code == 1 and "YAML003" in out and outside.read_text(encoding="utf-8") == PROTOTYPE
    manifest.unlink()
    shared = manifest.parent / "shared" / "manifest.yaml"
    shared.parent.mkdir()
    shared.write_text(PROTOTYPE, encoding="utf-8")
    manifest.symlink_to(Path("shared") / "manifest.yaml")
    code, out, _ = run(["promote", "--to", "pilot", "ai-readiness.yaml"], capsys)
    assert code == 0 and manifest.is_symlink() and "stage: pilot" in shared.read_text(encoding="utf-8")


def test_a_folder_named_as_a_file(manifest: Path, capsys: Any) -> None:
    folder = manifest.parent / "svc" / "ai-readiness.yaml"
    folder.mkdir(parents=True)
    code, out, err = run(["promote", "--to", "pilot", "svc/ai-readiness.yaml"], capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(
        "ai-readiness: error: no manifest to promote (note: svc/ai-readiness.yaml: no manifest linted"
    )


def test_the_mode_is_kept(manifest: Path, capsys: Any) -> None:
    manifest.chmod(0o640)
    assert run(["promote", "--to", "pilot"], capsys)[0] == 0
    assert stat.S_IMODE(manifest.stat().st_mode) == 0o640
    assert sorted(p.name for p in manifest.parent.iterdir()) == ["ai-readiness.yaml"]  # no temporary file left


def test_a_file_changed_since_it_was_read_is_not_written(manifest: Path) -> None:
    target = Target(str(manifest), "ai-readiness.yaml")
    read = read_manifest(target, str(manifest.parent), Limits())
    assert isinstance(read, Manifest)
    manifest.write_text(PROTOTYPE + "# edited meanwhile\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        write(read, read.encode(read.text.replace("prototype", "pilot")))
    assert str(caught.value) == (
        "ai-readiness.yaml: the file changed on disk since it was read: it is not written; run again"
    )
    assert manifest.read_text(encoding="utf-8").endswith("# edited meanwhile\n")
    assert sorted(p.name for p in manifest.parent.iterdir()) == ["ai-readiness.yaml"]
    # replaced by a folder meanwhile: the same
    manifest.unlink()
    manifest.mkdir()
    with pytest.raises(ConfigError, match="changed on disk"):
        write(read, read.encode(read.text))
    assert manifest.is_dir()


def test_killed_between_the_temporary_file_and_the_rename(manifest: Path) -> None:
    """The process dies (SIGKILL) after writing the temporary file, before renaming it over the
    manifest: the manifest is whole, as it was."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    command = [sys.executable, "-m", "ai_readiness", "promote", "--to", "production"]
    killed = subprocess.run(command, cwd=manifest.parent, env={**env, KILL_BEFORE_RENAME: "1"}, capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    assert manifest.read_text(encoding="utf-8") == PROTOTYPE
    left = [p for p in manifest.parent.iterdir() if p.name != "ai-readiness.yaml"]
    assert [p.name.startswith(".ai-readiness.yaml.") and p.name.endswith(".tmp") for p in left] == [True]
    assert "stage: production" in left[0].read_text(encoding="utf-8")  # written whole, never renamed
    done = subprocess.run(command, cwd=manifest.parent, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "stage: production" in manifest.read_text(encoding="utf-8")
