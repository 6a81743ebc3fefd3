"""Guards of the performance design (docs/design.md, "Performance"), none of them a timed test: what a start-up
imports, how often expensive things are built, how many git commands a run spawns, and that the
parallel path gives exactly the sequential answer."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.config import Config
from ai_readiness.discovery import Target, find_root
from ai_readiness.engine import Options, lint
from tests.conftest import EXAMPLES, commit_all, make_repo

TODAY = dt.date(2026, 11, 28)
PRODUCTION = (EXAMPLES / "production" / "ai-readiness.yaml").read_text(encoding="utf-8")
DEFECTS = [
    ("  monitoring:\n", "  monitorng:\n"),
    ("  stage: production\n", "  stage: launched\n"),
    ("    retention: P180D\n", "    retention: 180 days\n"),
    ("    intendedUse: Draft answers", "    intendedUse: TODO draft answers"),
    ("name: system-", "name: system-0000\n  x-was: system-"),  # a duplicate name: META003
]


def _modules_after(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_starting_the_cli_imports_nothing_heavy() -> None:
    loaded = _modules_after("import ai_readiness.cli")
    for heavy in (
        "git",
        "jsonschema",
        "ai_readiness.engine",
        "ai_readiness.gitinfo",
        "ai_readiness.change",
        "subprocess",
        "traceback",
    ):
        assert heavy not in loaded, heavy


def test_a_one_file_lint_outside_git_imports_neither_git_nor_jsonschema(tmp_path: Path) -> None:
    (tmp_path / "ai-readiness.yaml").write_text(PRODUCTION, encoding="utf-8")
    code = (
        "import os, contextlib, io\n"
        f"os.chdir({str(tmp_path)!r})\n"
        "from ai_readiness.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "    main(['lint', 'ai-readiness.yaml', '--today', '2026-11-28'])\n"
    )
    loaded = _modules_after(code)
    # names.py searches the repository's other manifests: outside git there are none to search
    for heavy in (
        "git",
        "jsonschema",
        "ai_readiness.gitinfo",
        "ai_readiness.names",
        "ai_readiness.parallel",
        "subprocess",
        "multiprocessing",
        "ai_readiness.edit",  # editing: only a command that edits imports it
        "ai_readiness.templates",
    ):
        assert heavy not in loaded, heavy
    # the common case of the loader: neither the positioned composer nor the pure parser
    assert "ai_readiness.loader.fast" in loaded
    for heavy in ("ai_readiness.loader.composer", "ai_readiness.loader.pureparse"):
        assert heavy not in loaded, heavy


def test_promote_and_fix_import_no_jsonschema_and_no_tempfile(tmp_path: Path) -> None:
    """A valid manifest is promoted, and a file whose findings all have fixes is fixed and linted,
    without jsonschema (the fixed file is valid) or tempfile (costlier than the edit itself)."""
    prototype = PRODUCTION.replace("stage: production", "stage: prototype")
    (tmp_path / "prototype.yaml").write_text(prototype, encoding="utf-8")
    (tmp_path / "fixable.yaml").write_text(
        PRODUCTION.replace("retention: P180D", "retention: 180 days"), encoding="utf-8"
    )
    for args in (
        ["promote", "--to", "production", "prototype.yaml"],
        ["lint", "--fix", "fixable.yaml", "--today", TODAY.isoformat()],
    ):
        code = (
            "import os, contextlib, io\n"
            f"os.chdir({str(tmp_path)!r})\n"
            "from ai_readiness.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
            f"    main({args!r})\n"
        )
        loaded = _modules_after(code)
        assert "ai_readiness.edit.writer" in loaded or args[0] == "lint"
        for heavy in ("jsonschema", "tempfile", "git", "difflib"):
            assert heavy not in loaded, (args, heavy)
    assert "180 days" not in (tmp_path / "fixable.yaml").read_text(encoding="utf-8")
    assert (tmp_path / "prototype.yaml").read_text(encoding="utf-8") != prototype


def _repo(tmp_path: Path, count: int) -> Path:
    repo = make_repo(tmp_path / "repo")
    (repo / "CODEOWNERS").write_text("* @acme/support-ml\n", encoding="utf-8")
    for i in range(count):
        folder = repo / f"team{i % 3}" / f"system{i:04d}"
        (folder / "src").mkdir(parents=True)
        text = PRODUCTION.replace("name: support-answer-assistant", f"name: system-{i:04d}")
        text = text.replace("  description:", "  x-note: x\n  description:")
        if i % 4 == 3:
            old, new = DEFECTS[i % len(DEFECTS)]
            text = text.replace(old, new)
        (folder / "ai-readiness.yaml").write_text(text, encoding="utf-8")
        (folder / "src" / "app.py").write_text(f"SYSTEM = {i}\n", encoding="utf-8")
    commit_all(repo, "systems", date="2026-11-01T12:00:00Z")
    return repo


def _run(repo: Path, jobs: int | None) -> list[dict[str, object]]:
    options = Options(paths=["."], cwd=repo, root=find_root(repo), config=Config(), today=TODAY, jobs=jobs)
    result = lint(options)
    return [f.as_dict() for f in result.findings] + [
        {"path": f.path, "systems": [s.as_dict() for s in f.systems]} for f in result.files
    ]


@pytest.mark.skipif(sys.platform != "linux", reason="files are linted in parallel on Linux only")
def test_parallel_linting_gives_the_sequential_answer(tmp_path: Path) -> None:
    repo = _repo(tmp_path, 40)
    sequential = _run(repo, 1)
    assert any(f.get("rule") == "META003" for f in sequential)
    assert any(f.get("rule") == "SCHEMA001" for f in sequential)
    assert _run(repo, 3) == sequential


def test_the_schema_validator_is_built_once_per_run(tmp_path: Path) -> None:
    from ai_readiness import schema

    repo = _repo(tmp_path, 12)
    schema._validator.cache_clear()
    schema.fast_check.cache_clear()
    _run(repo, 1)
    assert schema._validator.cache_info().misses == 1  # built for the first invalid document only
    assert schema.fast_check.cache_info().misses == 1


def test_git_commands_do_not_grow_with_the_number_of_manifests(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess as real

    calls: list[list[str]] = []
    original = real.Popen.__init__

    def counting(self: real.Popen[bytes], args: Any, *rest: Any, **kwargs: Any) -> None:
        if isinstance(args, (list, tuple)) and args and str(args[0]).endswith("git"):
            calls.append([str(a) for a in args])
        original(self, args, *rest, **kwargs)

    monkeypatch.setattr(real.Popen, "__init__", counting)
    small = _run(_repo(tmp_path / "small", 12), 1)  # over Linter.FEW_FILES: one history walk
    few = len(calls)
    calls.clear()
    _run(_repo(tmp_path / "big", 40), 1)
    assert small and len(calls) == few, calls
    assert few <= 16
    # a run of a few files asks git once per system, still a bounded number of times
    calls.clear()
    _run(_repo(tmp_path / "few", 3), 1)
    assert len(calls) <= few + 3


@pytest.mark.skipif(sys.platform != "linux", reason="files are linted in parallel on Linux only")
def test_a_crash_in_a_worker_is_an_internal_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ai_readiness import engine, parallel
    from ai_readiness.errors import InternalError

    repo = _repo(tmp_path, 6)
    parent = os.getpid()
    marker = tmp_path / "crashed"
    original = engine.Linter.lint_document

    def crash_in_a_worker(self: engine.Linter, target: Target, *args: object) -> engine.System:
        if os.getpid() != parent:
            try:  # the first worker to get here crashes, the others lint on
                with open(marker, "x", encoding="utf-8") as stream:
                    stream.write(target.path)
            except FileExistsError:
                return original(self, target, *args)  # type: ignore[arg-type]
            raise ValueError("boom")
        # this process waits until a worker has crashed, so that the crash is a worker's
        deadline = time.monotonic() + 30
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        return original(self, target, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine.Linter, "lint_document", crash_in_a_worker)
    monkeypatch.setattr(parallel, "BATCH", 1)
    with pytest.raises(InternalError) as caught:
        _run(repo, 3)
    assert caught.value.path == marker.read_text(encoding="utf-8")
    assert isinstance(caught.value.__cause__, ValueError)


@pytest.mark.skipif(sys.platform != "linux", reason="files are linted in parallel on Linux only")
def test_a_process_that_meets_slow_files_lints_fewer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The files are shared through one queue, not cut into fixed shares: while this process
    is stuck on a slow file, the workers lint the rest (fixed shares would give it 4 of 12)."""
    from ai_readiness import engine, parallel

    repo = _repo(tmp_path, 12)
    expected = _run(repo, 1)
    parent = os.getpid()
    log = tmp_path / "who-linted"
    original = engine.Linter.lint_document

    def slow_here(self: engine.Linter, target: Target, *args: object) -> engine.System:
        with open(log, "a", encoding="utf-8") as stream:
            stream.write(f"{os.getpid()} {target.path}\n")
        if os.getpid() == parent:
            time.sleep(0.5)
        return original(self, target, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine.Linter, "lint_document", slow_here)
    monkeypatch.setattr(parallel, "BATCH", 1)
    assert _run(repo, 3) == expected
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 12  # each system linted once
    assert len({line.split(" ", 1)[1] for line in lines}) == 12
    mine = [line for line in lines if line.startswith(f"{parent} ")]
    assert 1 <= len(mine) <= 2, mine


def test_without_any_c_library_the_report_is_the_same(tmp_path: Path) -> None:
    """A process where neither ruamel.yaml.clib nor clibz imports gives the same report."""
    import shutil

    shutil.copytree(EXAMPLES, tmp_path / "examples")
    args = ["lint", "examples", "--today", "2026-11-28", "--format", "json"]
    code = f"import sys\n{{block}}from ai_readiness.cli import main\nsys.exit(main({args!r}))\n"
    block = "sys.modules['_ruamel_yaml'] = None\nsys.modules['_ruamel_yaml_clibz'] = None\n"
    without = subprocess.run(
        [sys.executable, "-c", code.format(block=block)], capture_output=True, text=True, cwd=tmp_path
    )
    with_c = subprocess.run([sys.executable, "-c", code.format(block="")], capture_output=True, text=True, cwd=tmp_path)
    assert without.returncode == with_c.returncode == 1
    assert json.loads(without.stdout) == json.loads(with_c.stdout)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_listings_started_before_the_imports_are_read_or_ended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a repository the command starts git's listings before importing the linter; the run
    reads them (the same answer as listing later) or ends them: no git process is left."""
    from ai_readiness import discovery
    from ai_readiness.cli import main
    from tests.test_names import _children

    repo = _repo(tmp_path, 12)
    monkeypatch.chdir(repo)
    expected = [f for f in _run(repo, 1) if "rule" in f]
    before = _children()
    for args in (["."], ["team0/system0000/ai-readiness.yaml"], ["--select", "SCHEMA001", "."]):
        capsys.readouterr()
        main(["lint", "--format", "json", "--today", "2026-11-28", *args])
        findings = json.loads(capsys.readouterr().out)["findings"]
        assert not discovery._STARTED and _children() == before, args
        if args == ["."]:
            assert findings == expected


def test_a_configuration_without_policy_imports_no_policy_code(tmp_path: Path) -> None:
    """Packs, requirements and locks cost nothing to a configuration that uses none of them."""
    (tmp_path / "ai-readiness.yaml").write_text(PRODUCTION, encoding="utf-8")
    (tmp_path / ".ai-readiness.toml").write_text('fail-on = "warning"\n[rules]\nDATA003 = "off"\n', encoding="utf-8")
    code = (
        "import os, contextlib, io\n"
        f"os.chdir({str(tmp_path)!r})\n"
        "from ai_readiness.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "    main(['lint', 'ai-readiness.yaml', '--today', '2026-11-28'])\n"
    )
    loaded = _modules_after(code)
    for module in (
        "ai_readiness.policy",
        "ai_readiness.packs",
        "ai_readiness.requirements",
        "ai_readiness.coverage",
        "importlib.util",
    ):
        assert module not in loaded, module
    # with a pack, the requirements' checks are compiled without jsonschema (it explains failures only)
    (tmp_path / "pack.toml").write_text(
        '[[requirements]]\nid = "ORG001"\nkey = "spec.owners.technical"\n'
        '[requirements.schema]\ntype = "array"\nminItems = 1\nitems = {"$ref" = '
        '"https://raw.githubusercontent.com/ai-readiness/ai-readiness/main/schemas/ai-readiness.schema.json#/$defs/owner"}\n',
        encoding="utf-8",
    )
    (tmp_path / ".ai-readiness.toml").write_text('extends = ["pack.toml"]\n', encoding="utf-8")
    loaded = _modules_after(code)
    assert "ai_readiness.requirements" in loaded
    assert "ai_readiness.coverage" not in loaded  # only a profile, and only a report, needs it
    for heavy in ("jsonschema", "git", "subprocess"):
        assert heavy not in loaded, heavy
