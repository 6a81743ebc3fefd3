"""Every rule's documentation examples run: its `bad` example fires the rule, its `good` example
does not. The examples are what `explain` prints and docs/rules.md shows.

An example is a manifest fragment: the envelope (`apiVersion`, `kind`, `metadata.name`) is added
when it lacks one. A few examples describe the repository around the manifest in their leading
comment (another manifest, CODEOWNERS, the history, the base of the change); `SCENES` builds that
repository, and a test checks that every example with such a comment has its scene.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

import pytest

from ai_readiness.config import Config
from ai_readiness.discovery import Root
from ai_readiness.engine import Options, lint
from ai_readiness.rules.base import Rule
from ai_readiness.rules.catalog import ALL_RULES
from tests.conftest import TODAY, commit_all, git, make_repo

ENVELOPE = "apiVersion: ai-readiness/v1\nkind: AISystem\n"
NAME = "metadata:\n  name: example-system\n"


class Scene(NamedTuple):
    """The repository around an example, as its leading comment describes it."""

    path: str = "ai-readiness.yaml"  # where the manifest lies
    files: tuple[tuple[str, str], ...] = ()  # other files (path, text); committed with the manifest in git
    git: bool = False  # a git repository, everything committed on 2026-11-01
    commits: tuple[str, ...] = ()  # then one commit per path, changing it, on 2026-11-17
    base: str | None = None  # the manifest at the base (committed; the example is the change)


def _manifest(name: str) -> str:
    return f"{ENVELOPE}metadata:\n  name: {name}\nspec:\n  stage: prototype\n"


def _base(example: str, *replace: tuple[str, str]) -> str:
    for old, new in replace:
        assert old in example, old
        example = example.replace(old, new)
    return example


SUPPORT = "services/support/ai-readiness.yaml"
# rule id -> (the bad example's scene, the good example's scene)
SCENES: dict[str, tuple[Scene, Scene]] = {
    "META003": (
        Scene(SUPPORT, (("services/sales/ai-readiness.yaml", _manifest("support-answer-assistant")),), git=True),
        Scene(SUPPORT, (("services/sales/ai-readiness.yaml", _manifest("sales-answer-assistant")),), git=True),
    ),
    "OWN003": (
        Scene(SUPPORT, ((".github/CODEOWNERS", "/services/support/  @acme/platform\n"),), git=True),
        Scene(SUPPORT, ((".github/CODEOWNERS", "/services/support/  @acme/support-ml\n"),), git=True),
    ),
    "REF001": (
        Scene(SUPPORT, (("docs/runbooks/support-assistant.md", "# Runbook\n"),)),
        Scene(SUPPORT, (("docs/runbooks/support-assistant.md", "# Runbook\n"),)),
    ),
    "GIT001": (
        Scene(files=(("prompts/answer.txt", "v1\n"),), git=True, commits=("prompts/answer.txt",)),
        Scene(files=(("prompts/answer.txt", "v1\n"),), git=True, commits=("prompts/answer.txt",)),
    ),
}


def _change_scenes(rule: Rule) -> tuple[Scene, Scene]:
    """PR001 and PR002: the base their leading comment names, then the example as the change."""
    if rule.id == "PR001":
        bad = _base(rule.bad, ("stage: production", "stage: pilot"))
        good = _base(rule.good, ("stage: production", "stage: pilot"))
        good = good[: good.index("  reviews:")]
        return Scene(git=True, base=bad), Scene(git=True, base=good)
    assert rule.id == "PR002"
    base = _base(rule.bad, ("value: 0.75", "value: 0.85"))
    return Scene(git=True, base=base), Scene(git=True, base=base)


def scene(rule: Rule, kind: str) -> Scene:
    if rule.scope == "change":
        scenes = _change_scenes(rule)
    else:
        scenes = SCENES.get(rule.id, (Scene(), Scene()))
    return scenes[0] if kind == "bad" else scenes[1]


def runnable(example: str) -> str:
    """The example with the envelope it leaves out."""
    text = example
    if "\nmetadata:" not in f"\n{text}" and not text.startswith("- "):
        text = NAME + text
    if "\napiVersion:" not in f"\n{text}" and not text.startswith("- "):
        text = ENVELOPE + text
    return text


def findings_of(rule: Rule, kind: str, tmp_path: Path) -> list[tuple[int, str]]:
    """(line, message) of ``rule``'s live findings on its ``kind`` example, in its scene."""
    example = rule.bad if kind == "bad" else rule.good
    setting = scene(rule, kind)
    repo = tmp_path / "repo"
    manifest = repo / setting.path
    manifest.parent.mkdir(parents=True)
    for path, text in setting.files:
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text, encoding="utf-8")
    head = runnable(example)
    if setting.git:
        make_repo(repo)
        manifest.write_text(runnable(setting.base) if setting.base is not None else head, encoding="utf-8")
        commit_all(repo, "base", date="2026-11-01T12:00:00+00:00")
        for path in setting.commits:
            with open(repo / path, "a", encoding="utf-8") as stream:
                stream.write("changed\n")
            git(repo, "add", "-A")
            git(repo, "commit", "-q", "-m", f"change {path}", date="2026-11-17T12:00:00+00:00")
    manifest.write_text(head, encoding="utf-8")
    options = Options(
        paths=["."],
        cwd=repo,
        root=Root(repo.resolve(), setting.git),
        config=Config(),
        today=dt.date.fromisoformat(TODAY),
        base="HEAD" if setting.base is not None else None,
    )
    return [(f.line, f.message) for f in lint(options).findings if f.rule == rule.id and f.suppressed is None]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_the_bad_example_fires_the_rule(rule: Rule, tmp_path: Path) -> None:
    assert findings_of(rule, "bad", tmp_path), f"{rule.id}'s bad example gives no {rule.id} finding"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_the_good_example_does_not(rule: Rule, tmp_path: Path) -> None:
    assert findings_of(rule, "good", tmp_path) == []


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_an_example_that_describes_its_repository_has_a_scene(rule: Rule) -> None:
    for example in (rule.bad, rule.good):
        if example.startswith("#"):  # a leading comment: the manifest's path, other files, the base
            assert rule.id in SCENES or rule.scope == "change", f"add {rule.id}'s scene to SCENES"
