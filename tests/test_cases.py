"""Every rule's cases as data: tests/cases/<RULE>/{good,bad}*.yaml (+ repo/ of referenced files).

A bad file marks each expected finding with a trailing comment ``# <- RULE`` (several:
``# <- RULE, RULE``) on the finding's line, or ``# expect: RULE@LINE`` anywhere. The rules
compared are the folder's rule plus any named in a ``# check: RULE, RULE`` header line; for
them, the (rule, line) pairs found must equal the pairs marked. A good file must give none of
them. Header lines ``# today: YYYY-MM-DD`` and ``# target-stage: STAGE`` set those options.

Git cases: ``# git: YYYY-MM-DD`` makes the folder a real git repository, committed on that day
(repo/ and the manifest); ``# commit: YYYY-MM-DD PATH`` then changes PATH in a later commit on
that day. A sibling ``<case>.base.yaml`` is the manifest at the base: it is what gets committed,
the case file becomes the uncommitted change, and the run uses ``--base HEAD``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ai_readiness.config import Config
from ai_readiness.discovery import Root
from ai_readiness.engine import Options, lint
from tests.conftest import TODAY, commit_all, make_repo

CASES = Path(__file__).parent / "cases"
_MARK = re.compile(r"#\s*<-\s*([A-Z0-9, ]+)\s*$")
_EXPECT = re.compile(r"#\s*expect:\s*([A-Z]+[0-9]{3})@(\d+)")
_HEADER = re.compile(r"^#\s*(check|today|target-stage|git|commit):\s*(.+?)\s*$")


def _case_files() -> list[tuple[str, Path]]:
    found = []
    for rule_dir in sorted(p for p in CASES.iterdir() if p.is_dir()):
        for case in sorted(rule_dir.glob("*.yaml")):
            if not case.name.endswith(".base.yaml"):
                found.append((rule_dir.name, case))
    return found


def parse_case(text: str, rule: str) -> tuple[set[str], set[tuple[str, int]], dict[str, str]]:
    rules = {rule}
    expected: set[tuple[str, int]] = set()
    headers: dict[str, str] = {}
    # split at line feeds only: YAML counts no other line break (splitlines() also splits at U+2028)
    for number, line in enumerate(text.split("\n"), start=1):
        header = _HEADER.match(line)
        if header:
            key, value = header.groups()
            if key == "check":
                rules.update(r.strip() for r in value.split(",") if r.strip())
            elif key == "commit":
                headers["commit"] = headers.get("commit", "") + value + "\n"
            else:
                headers[key] = value
        mark = _MARK.search(line)
        if mark:
            for found in mark.group(1).split(","):
                if found.strip():
                    expected.add((found.strip(), number))
        for found_rule, found_line in _EXPECT.findall(line):
            expected.add((found_rule, int(found_line)))
    return rules, expected, headers


def run_case(case: Path, tmp_path: Path) -> tuple[set[str], set[tuple[str, int]], list[tuple[str, int, str]]]:
    from ai_readiness.dates import parse_date

    rule = case.parent.name
    text = case.read_text(encoding="utf-8")
    rules, expected, headers = parse_case(text, rule)
    workdir = tmp_path / "work"
    repo = case.parent / "repo"
    if repo.is_dir():
        shutil.copytree(repo, workdir, symlinks=True)
    workdir.mkdir(exist_ok=True)
    manifest = workdir / "ai-readiness.yaml"
    base = case.with_name(case.name.replace(".yaml", ".base.yaml"))
    manifest.write_text(base.read_text(encoding="utf-8") if base.exists() else text, encoding="utf-8")
    in_git = "git" in headers
    if in_git:
        make_repo(workdir)
        commit_all(workdir, "base", date=f"{headers['git']}T12:00:00Z")
        for line in headers.get("commit", "").splitlines():
            day, path = line.split(maxsplit=1)
            changed = workdir / path
            changed.parent.mkdir(parents=True, exist_ok=True)
            with open(changed, "a", encoding="utf-8") as handle:
                handle.write(f"# changed on {day}\n")
            commit_all(workdir, f"change {path}", date=f"{day}T12:00:00Z")
        manifest.write_text(text, encoding="utf-8")
    today = parse_date(headers.get("today", TODAY))
    assert today is not None
    options = Options(
        paths=["ai-readiness.yaml"],
        cwd=workdir,
        root=Root(workdir.resolve(), in_git),
        config=Config(),
        today=today,
        target_stage=headers.get("target-stage"),
        base="HEAD" if in_git and base.exists() else None,
    )
    result = lint(options)
    found = [(f.rule, f.line, f.message) for f in result.findings if f.rule in rules and f.suppressed is None]
    return rules, expected, found


@pytest.fixture(params=["c", "pure"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every case on both parse paths: the same findings without the C library (docs/design.md,
    "Parsing")."""
    from ai_readiness import loader

    if request.param == "pure":
        monkeypatch.setattr(loader, "HAS_C_PARSER", False)
    elif not loader.HAS_C_PARSER:
        pytest.skip("the C parser is not installed")
    return str(request.param)


@pytest.mark.parametrize(("rule", "case"), _case_files(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_case(rule: str, case: Path, tmp_path: Path, parser: str) -> None:
    rules, expected, found = run_case(case, tmp_path)
    pairs = {(r, line) for r, line, _ in found}
    if case.name.startswith("good"):
        assert not found, f"{case}: expected no {sorted(rules)} findings, got {found}"
    else:
        assert expected, f"{case}: a bad case must mark at least one expected finding"
        assert pairs == expected, f"{case}: expected {sorted(expected)}, got {sorted(found)}"
