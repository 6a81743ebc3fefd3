"""Helpers shared by the reporter tests: the bundled examples in a real repository, golden files.

Golden files live in tests/golden/. After an intended change of output, regenerate them with

    UPDATE_GOLDEN=1 python -m pytest tests/test_examples.py tests/test_github_format.py tests/test_sarif.py tests/test_report.py

and review the diff.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.cli import main
from tests.conftest import EXAMPLES, commit_all, make_repo

GOLDEN = Path(__file__).parent / "golden"

# The examples lint clean in a repository with a CODEOWNERS that assigns their owners and
# commit dates before their evaluation's lastRun (2026-11-20).
CODEOWNERS = """\
/examples/bad/ @acme/payments
/examples/production/ @acme/support-ml
/examples/prototype/ @acme/legal-engineering
"""
COMMIT_DATE = "2026-11-01T12:00:00+00:00"

GITHUB_ENV = {
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "acme/ai-systems",
    "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567",
}


def example_repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    shutil.copytree(EXAMPLES, repo / "examples")
    (repo / ".github").mkdir()
    (repo / ".github" / "CODEOWNERS").write_text(CODEOWNERS, encoding="utf-8")
    commit_all(repo, "examples", date=COMMIT_DATE)
    return repo


def run(cwd: Path, args: list[str], capsys: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(cwd)
    capsys.readouterr()
    code = main(args)
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return code, out


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.exists(), f"{path} is missing: run with UPDATE_GOLDEN=1 to create it"
    expected = path.read_bytes().decode("utf-8")
    assert text == expected, f"{name} differs from the golden file; if intended, regenerate with UPDATE_GOLDEN=1"


REPORT_SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "report.schema.json"


@functools.cache
def _report_validator() -> Any:
    import jsonschema

    schema = json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def check_report_schema(document: Any) -> None:
    """A report (`report --format json`, `lint --report`, `report --merge --format json`) is what
    schemas/report.schema.json says; conftest.py checks every one the tests make."""
    systems = document.get("systems") if isinstance(document, dict) else None
    if isinstance(systems, list) and len(systems) > 1000:  # 10,000 systems: every tenth is checked
        document = {**document, "systems": systems[:: len(systems) // 1000]}
    errors = sorted(_report_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:10])
