"""File names that are not UTF-8 (real folders on disk, named with the byte 0xff): every format the
tool writes is valid UTF-8 and shows such a byte one way, `\\xff`; URIs percent-encode it (`%FF`).
The command runs as a process whose standard streams are strict UTF-8, so nothing relies on
Python writing surrogate escapes back as raw bytes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TODAY, commit_all, make_repo

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="needs file names that are not UTF-8 (Linux)")

SHOWN = "a\\xffb/ai-readiness.yaml"  # as every format shows it
URI = "a%FFb/ai-readiness.yaml"
MANIFEST = b"""\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: odd-name}
spec:
  type: classifier
  stage: prototype
  owners: {technical: ["@acme/ml"]}
  purpose: {intendedUse: "Tag clauses.", outOfScope: [legal advice]}
  x-note: TODO
"""
CLEAN = MANIFEST.replace(b"  x-note: TODO\n", b"")


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*strings(k), *strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def strict_json(data: bytes) -> Any:
    """Strict UTF-8, JSON, and no string that UTF-8 cannot carry (lone surrogates, escaped or not)."""
    document = json.loads(data.decode("utf-8"))
    for text in strings(document):
        text.encode("utf-8")
    return document


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    folder = os.fsencode(repo) + b"/a\xffb"
    os.mkdir(folder)
    with open(folder + b"/ai-readiness.yaml", "wb") as handle:
        handle.write(MANIFEST)
    (repo / "CODEOWNERS").write_text("* @acme/ml\n", encoding="utf-8")
    commit_all(repo)
    return repo


def cli(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    environment.update({"PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8", **(env or {})})
    done = subprocess.run(
        [sys.executable, "-m", "ai_readiness", *args], cwd=repo, env=environment, capture_output=True, timeout=120
    )
    assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")
    done.stderr.decode("utf-8")
    return done


@pytest.mark.parametrize("clean", [False, True])
def test_every_format_is_utf8_and_shows_the_byte_escaped(repo: Path, clean: bool) -> None:
    if clean:
        with open(os.fsencode(repo) + b"/a\xffb/ai-readiness.yaml", "wb") as handle:
            handle.write(CLEAN)
    today = ["--today", TODAY]
    text = cli(repo, "lint", "--format", "text", *today).stdout.decode("utf-8")
    github = cli(repo, "lint", "--format", "github", *today).stdout.decode("utf-8")
    findings = strict_json(cli(repo, "lint", "--format", "json", *today).stdout)
    sarif = strict_json(cli(repo, "lint", "--format", "sarif", *today).stdout)
    assert findings["files"] == [
        {"path": SHOWN, "systems": [{"document": 0, "name": "odd-name", "stage": "prototype", "type": "classifier"}]}
    ]
    if clean:
        assert findings["findings"] == [] and sarif["runs"][0]["results"] == []
        assert text == "0 errors, 0 warnings, 0 info in 1 file\n"
    else:
        assert [f["path"] for f in findings["findings"]] == [SHOWN]
        assert text.startswith(f"{SHOWN}:9:11: warning META001 ")
        assert github.startswith(f"{SHOWN}:9:11: warning META001 ")
        assert f"::warning file={SHOWN},line=9," in github
        (result,) = sarif["runs"][0]["results"]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == URI

    # the same run writing files: --output, --sarif, --summary (appended, as GitHub's step summary)
    summary = repo.parent / "summary.md"
    env = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/r", "GITHUB_SHA": "a" * 40}
    cli(
        repo,
        "lint",
        "--format",
        "json",
        "--output",
        str(repo.parent / "out.json"),
        "--sarif",
        str(repo.parent / "out.sarif"),
        "--summary",
        str(summary),
        *today,
        env=env,
    )
    assert strict_json((repo.parent / "out.json").read_bytes()) == findings
    assert strict_json((repo.parent / "out.sarif").read_bytes()) == sarif
    markdown = summary.read_bytes().decode("utf-8")
    assert SHOWN.replace("\\", "\\\\") not in markdown  # the escape's backslash is not doubled
    assert f"<br>{SHOWN}" in markdown
    assert f"(https://github.com/o/r/blob/{'a' * 40}/{URI})" in markdown

    # the scorecard, both formats
    report = cli(repo, "report", "--today", TODAY).stdout.decode("utf-8")
    assert SHOWN in report
    cards = strict_json(cli(repo, "report", "--format", "json", "--today", TODAY).stdout)
    assert [s["path"] for s in cards["systems"]] == [SHOWN]


def test_error_lines_show_the_byte_escaped(repo: Path) -> None:
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-m", "ai_readiness", "lint", os.fsdecode(b"missing\xfe.yaml")],
        cwd=repo,
        env=environment,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.decode("utf-8") == "ai-readiness: error: missing\\xfe.yaml: no such file or folder\n"
