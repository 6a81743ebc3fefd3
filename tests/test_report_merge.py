"""`report --merge`: reports written in many repositories, merged into one (README "Organisation
view"; docs/design.md, "Merging reports"). Report files are untrusted input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.cli import main
from tests.conftest import TODAY, commit_all, git, make_repo
from tests.reporting import check_report_schema

SYSTEM = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {{name: {name}}}
spec: {{type: llm-feature, stage: {stage}, owners: {{technical: ["@acme/ml"]}}, purpose: {{intendedUse: x}}}}
"""


def cli(cwd: Path, args: list[str], capsys: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    capsys.readouterr()
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def repository_report(
    tmp_path: Path,
    capsys: Any,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    systems: dict[str, str],
    today: str = TODAY,
    origin: str | None = "default",
) -> tuple[Path, str]:
    """A real repository holding ``systems`` (name -> stage) and its report file; (file, commit)."""
    repo = tmp_path / name
    if not repo.exists():
        make_repo(repo)
        if origin:
            git(repo, "remote", "add", "origin", f"git@github.com:acme/{name}.git" if origin == "default" else origin)
    for system, stage in systems.items():
        (repo / system).mkdir(exist_ok=True)
        (repo / system / "ai-readiness.yaml").write_text(SYSTEM.format(name=system, stage=stage), encoding="utf-8")
    commit = commit_all(repo, "systems")
    out = tmp_path / f"{name}-{commit[:7]}-{today}.json"
    code, _, err = cli(
        repo, ["report", "--format", "json", "--today", today, "--output", str(out)], capsys, monkeypatch
    )
    assert code == 0, err
    return out, commit


def merged(
    cwd: Path, files: list[Path], capsys: Any, monkeypatch: pytest.MonkeyPatch, fmt: str = "json"
) -> tuple[Any, str]:
    code, out, err = cli(cwd, ["report", "--merge", "--format", fmt, *map(str, files)], capsys, monkeypatch)
    assert code == 0, err
    return (json.loads(out) if fmt == "json" else out), err


def test_systems_of_many_repositories(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    loans, loans_commit = repository_report(tmp_path, capsys, monkeypatch, "loans", {"scorer": "pilot"})
    support, _ = repository_report(
        tmp_path, capsys, monkeypatch, "support", {"bot": "prototype", "triage": "production"}, today="2026-11-29"
    )
    document, err = merged(tmp_path, [loans, support], capsys, monkeypatch)
    assert err == ""
    check_report_schema(document)
    assert document["repository"] is None and document["date"] == "2026-11-29"  # the newest input's
    assert document["exceptionExpiryNotice"] == "P30D"
    assert [(s["name"], s["repository"]["name"]) for s in document["systems"]] == [
        ("scorer", "acme/loans"),
        ("bot", "acme/support"),
        ("triage", "acme/support"),
    ]
    assert document["systems"][0]["repository"] == {
        "name": "acme/loans",
        "url": "https://github.com/acme/loans",
        "commit": loans_commit,
    }
    # merged JSON is compact; a single report stays indented
    _, text, _ = cli(tmp_path, ["report", "--merge", "--format", "json", str(loans), str(support)], capsys, monkeypatch)
    assert text.count("\n") == 1 and text.startswith('{"version":1,')
    assert loans.read_text(encoding="utf-8").startswith('{\n  "version": 1,')
    # markdown: each system links to its own repository's blob at its commit
    markdown, _ = merged(tmp_path, [loans, support], capsys, monkeypatch, "markdown")
    assert f"(https://github.com/acme/loans/blob/{loans_commit}/scorer/ai-readiness.yaml)" in markdown
    assert "<br>acme/support" in markdown


def test_one_repository_and_commit_counts_once(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    report, _ = repository_report(tmp_path, capsys, monkeypatch, "loans", {"scorer": "pilot"})
    copy = tmp_path / "copy.json"
    shutil.copy(report, copy)
    document, err = merged(tmp_path, [report, copy], capsys, monkeypatch)
    assert [s["name"] for s in document["systems"]] == ["scorer"]
    assert err.count("\n") == 1 and "report the same commit" in err and str(report) in err


def test_several_commits_of_one_repository_the_newest_date_wins(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    newer, _ = repository_report(tmp_path, capsys, monkeypatch, "loans", {"scorer": "pilot"}, today="2026-11-30")
    older, _ = repository_report(
        tmp_path, capsys, monkeypatch, "loans", {"scorer": "pilot", "extra": "prototype"}, today="2026-11-20"
    )
    document, err = merged(tmp_path, [newer, older], capsys, monkeypatch)
    assert [s["name"] for s in document["systems"]] == ["scorer"]  # the 2026-11-30 report's
    assert f"{newer} (2026-11-30) counts, the newest; left out: {older}" in err
    assert document["date"] == "2026-11-30"


def test_a_tie_goes_to_the_later_file(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    first, _ = repository_report(tmp_path, capsys, monkeypatch, "loans", {"scorer": "pilot"})
    second, _ = repository_report(tmp_path, capsys, monkeypatch, "loans", {"scorer": "pilot", "b": "pilot"})
    document, err = merged(tmp_path, [first, second], capsys, monkeypatch)
    assert [s["name"] for s in document["systems"]] == ["b", "scorer"]
    assert "the later file on the command line" in err and f"left out: {first}" in err
    document, _ = merged(tmp_path, [second, first], capsys, monkeypatch)
    assert [s["name"] for s in document["systems"]] == ["scorer"]


def test_without_a_remote_a_repository_is_known_by_its_name(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, _ = repository_report(tmp_path / "a", capsys, monkeypatch, "loans", {"x": "pilot"}, origin=None)
    other, _ = repository_report(tmp_path / "b", capsys, monkeypatch, "loans", {"y": "pilot"}, origin=None)
    document, err = merged(tmp_path, [one, other], capsys, monkeypatch)
    assert [s["name"] for s in document["systems"]] == ["y"] and "note: loans:" in err


def test_reports_of_earlier_releases_count_per_file(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A version 1 report written before `repository` and the other added keys existed."""
    report, _ = repository_report(tmp_path, capsys, monkeypatch, "loans", {"scorer": "pilot"})
    old = json.loads(report.read_text(encoding="utf-8"))
    old = {"version": 1, "systems": [{k: s[k] for k in list(s)[:7]} for s in old["systems"]]}
    files = []
    for name in ("old-1.json", "old-2.json"):
        (tmp_path / name).write_text(json.dumps(old), encoding="utf-8")
        files.append(tmp_path / name)
    document, err = merged(tmp_path, files, capsys, monkeypatch)
    assert [(s["name"], s["repository"]) for s in document["systems"]] == [("scorer", None), ("scorer", None)]
    assert err == ""
    for fmt in ("markdown", "html"):
        merged(tmp_path, files, capsys, monkeypatch, fmt)


BAD_REPORTS: list[tuple[str, bytes, str]] = [
    ("not-json.json", b"<html>no</html>", "not JSON"),
    ("truncated.json", b'{"version": 1, "systems": [{"path": "a/ai-readiness.yaml", "docu', "looks truncated"),
    ("empty.json", b"", "empty"),
    ("version-2.json", b'{"version": 2, "systems": []}', "report version 2 is not one this release reads"),
    ("no-version.json", b'{"systems": []}', "report version missing"),
    ("string-version.json", b'{"version": "1", "systems": []}', 'report version "1"'),
    ("array.json", b"[1, 2]", "the document is not an object"),
    ("systems.json", b'{"version": 1, "systems": {}}', "systems is not a list"),
    ("system.json", b'{"version": 1, "systems": [{"path": 1}]}', "systems[0].path is not text"),
    ("areas.json", b'{"version": 1, "systems": [{"path": "a", "document": 0, "readiness": 1, "areas": [{"area": 3}]}]}',
     "systems[0].areas[0].area is not text"),
    ("finding.json", b'{"version": 1, "systems": [{"path": "a", "document": 0, "readiness": 1, "areas": [], '
     b'"findings": [{"rule": "X"}]}]}', "systems[0].findings[0].severity is not text"),
    ("date.json", b'{"version": 1, "date": "yesterday", "systems": []}', "date is not a YYYY-MM-DD date"),
    ("latin1.json", '{"version": 1, "systems": [], "x": "é"}'.encode("latin-1"), "not UTF-8"),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, "nesting too deep"),
    ("digits.json", b'{"version": 1' + b"0" * 5000 + b"}", "a number too long"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "words"), BAD_REPORTS, ids=[b[0] for b in BAD_REPORTS])
def test_a_bad_report_is_one_line_naming_the_file(
    name: str, content: bytes, words: str, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    good, _ = repository_report(tmp_path, capsys, monkeypatch, "loans", {"scorer": "pilot"})
    bad = tmp_path / name
    bad.write_bytes(content)
    code, out, err = cli(tmp_path, ["report", "--merge", str(good), str(bad)], capsys, monkeypatch)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"ai-readiness: error: --merge: {bad}: "), err
    assert words in err and "Traceback" not in err


def test_a_report_over_64_mib_is_not_read(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as stream:
        stream.truncate(100 * 1024 * 1024)  # 100 MB, sparse: nothing is written, and nothing must be read
    code, _, err = cli(tmp_path, ["report", "--merge", str(huge)], capsys, monkeypatch)
    assert code == 2 and err.count("\n") == 1
    assert f"--merge: {huge}: larger than 64 MiB (104,857,600 bytes): not read" in err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["report", "--merge"], "name the report files to merge"),
        (["report", "--merge", "--today", TODAY, "x.json"], "--today, --config and --policy do not apply"),
        (["report", "--merge", "--policy", "builtin:strict-waivers", "x.json"], "--policy do not apply"),
        (["report", "--merge", "missing.json"], "missing.json: cannot read the report"),
    ],
)
def test_usage_errors(
    args: list[str], words: str, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = cli(tmp_path, args, capsys, monkeypatch)
    assert code == 2 and err.count("\n") == 1 and words in err


def test_a_report_file_named_like_an_option(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    report, _ = repository_report(tmp_path, capsys, monkeypatch, "loans", {"scorer": "pilot"})
    shutil.copy(report, tmp_path / "--version")
    code, out, err = cli(tmp_path, ["report", "--merge", "--format", "json", "--", "--version"], capsys, monkeypatch)
    assert code == 0, err
    assert json.loads(out)["systems"][0]["name"] == "scorer"


# -- at scale -----------------------------------------------------------------------------------------


def test_merging_10000_systems(
    org_reports: list[Path], tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The merged JSON holds every system once with its repository, and stays within the schema."""
    code, out, err = cli(
        tmp_path, ["report", "--merge", "--format", "json", *map(str, org_reports)], capsys, monkeypatch
    )
    assert code == 0 and err == ""
    document = json.loads(out)
    assert len(document["systems"]) == 10_000
    assert len({(s["repository"]["name"], s["path"]) for s in document["systems"]}) == 10_000
