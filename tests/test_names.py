"""META003 compares names with every manifest of the repository, not only the linted files."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.cli import main
from tests.conftest import commit_all, git, make_repo


def manifest(name: str, description: str = "x") -> str:
    return (
        "apiVersion: ai-readiness/v1\nkind: AISystem\n"
        f"metadata:\n  name: {name}\n  description: {description}\n"
        "spec: {type: other, stage: prototype, owners: {technical: ['@a/b']}, purpose: {intendedUse: x}}\n"
    )


def meta003(repo: Path, capsys: Any, *args: str) -> list[tuple[str, int, str]]:
    capsys.readouterr()
    main(["lint", "--format", "json", "--select", "META003", *args])
    return [(f["path"], f["line"], f["message"]) for f in json.loads(capsys.readouterr().out)["findings"]]


def test_one_changed_file_is_compared_with_the_whole_repository(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "repo")
    for folder, name in [("a", "shared"), ("b", "other"), ("c", "third")]:
        (repo / folder).mkdir()
        (repo / folder / "ai-readiness.yaml").write_text(manifest(name, "mentions shared in text"), encoding="utf-8")
    (repo / "d").mkdir()
    (repo / "d" / "ai-readiness.yml").write_text(manifest("shared"), encoding="utf-8")
    commit_all(repo)
    monkeypatch.chdir(repo)
    found = meta003(repo, capsys, "a/ai-readiness.yaml")
    assert found == [("a/ai-readiness.yaml", 4, found[0][2])]
    assert "also declared in d/ai-readiness.yml at line 4" in found[0][2]
    # a manifest not yet added to git is not part of the repository: it counts once staged, or
    # when it is linted itself (`lint .` finds untracked files); an ignored one never does
    (repo / "e").mkdir()
    (repo / "e" / "ai-readiness.yaml").write_text(manifest("other"), encoding="utf-8")
    assert meta003(repo, capsys, "b/ai-readiness.yaml") == []
    assert [f[0] for f in meta003(repo, capsys)] == [
        "a/ai-readiness.yaml",
        "b/ai-readiness.yaml",
        "d/ai-readiness.yml",
        "e/ai-readiness.yaml",
    ]
    git(repo, "add", "e/ai-readiness.yaml")
    assert [f[0] for f in meta003(repo, capsys, "b/ai-readiness.yaml")] == ["b/ai-readiness.yaml"]
    git(repo, "rm", "-q", "--cached", "e/ai-readiness.yaml")
    (repo / ".gitignore").write_text("e/\n", encoding="utf-8")
    assert [f[0] for f in meta003(repo, capsys)] == ["a/ai-readiness.yaml", "d/ai-readiness.yml"]
    (repo / ".ai-readiness.toml").write_text('exclude = ["d/**"]\n', encoding="utf-8")
    assert meta003(repo, capsys, "a/ai-readiness.yaml") == []


def test_every_linted_document_gets_one_finding(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path / "repo")
    (repo / "ai-readiness.yaml").write_text(
        manifest("twin") + "---\n" + manifest("twin") + "---\n" + manifest("twin"), encoding="utf-8"
    )
    commit_all(repo)
    monkeypatch.chdir(repo)
    found = meta003(repo, capsys)
    assert [(p, line) for p, line, _ in found] == [
        (
            "ai-readiness.yaml",
            4,
        ),
        ("ai-readiness.yaml", 11),
        ("ai-readiness.yaml", 18),
    ]
    assert "also declared in this file at line 11 and 1 more" in found[0][2]


def test_outside_git_only_the_files_of_the_run_are_compared(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder outside git is no repository: walking it to find rivals would compare unrelated
    manifests (and take seconds from `/`)."""
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "x" / "ai-readiness.yaml").write_text(manifest("same"), encoding="utf-8")
    (tmp_path / "y" / "ai-readiness.yaml").write_text(manifest("same"), encoding="utf-16")
    monkeypatch.chdir(tmp_path)
    assert meta003(tmp_path, capsys, "x/ai-readiness.yaml") == []
    found = meta003(tmp_path, capsys, "x/ai-readiness.yaml", "y")
    assert [f[0] for f in found] == ["x/ai-readiness.yaml", "y/ai-readiness.yaml"]
    assert "y/ai-readiness.yaml" in found[0][2]


def test_many_linted_names_are_found_by_words(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path / "repo")
    for i in range(40):
        (repo / f"s{i}").mkdir()
        (repo / f"s{i}" / "ai-readiness.yaml").write_text(manifest(f"system-{i}"), encoding="utf-8")
    (repo / "late").mkdir()
    (repo / "late" / "ai-readiness.yaml").write_text(manifest("system-7", "a copy"), encoding="utf-8")
    commit_all(repo)
    monkeypatch.chdir(repo)
    linted = [f"s{i}/ai-readiness.yaml" for i in range(40)]
    found = meta003(repo, capsys, *linted)
    assert [(p, line) for p, line, _ in found] == [("s7/ai-readiness.yaml", 4)]
    assert "late/ai-readiness.yaml" in found[0][2]


def _children() -> set[str]:
    """This process's child processes, running or not yet reaped (Linux)."""
    tasks = Path("/proc/self/task")
    return {pid for task in tasks.iterdir() for pid in (task / "children").read_text().split()}


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_the_early_name_search_leaves_no_git_process_behind(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run of a few files starts git's search for their names before the rules run; whether
    its answer is used (another manifest declares a name) or not (every manifest was linted),
    no git process outlives the run."""
    repo = make_repo(tmp_path / "repo")
    for folder, name in [("a", "shared"), ("b", "shared"), ("c", "alone")]:
        (repo / folder).mkdir()
        (repo / folder / "ai-readiness.yaml").write_text(manifest(name), encoding="utf-8")
    commit_all(repo)
    monkeypatch.chdir(repo)
    before = _children()
    found = meta003(repo, capsys, "a/ai-readiness.yaml")  # the search's answer names b
    assert [f[0] for f in found] == ["a/ai-readiness.yaml"] and "b/ai-readiness.yaml" in found[0][2]
    assert _children() == before
    every = meta003(repo, capsys, "a/ai-readiness.yaml", "b/ai-readiness.yaml", "c/ai-readiness.yaml")
    assert [f[0] for f in every] == ["a/ai-readiness.yaml", "b/ai-readiness.yaml"]  # nothing else to search
    assert _children() == before


# -- every rival is found, and only rivals are parsed -------------------------------------------------

HEAD = "apiVersion: ai-readiness/v1\nkind: AISystem\n"
TAIL = "spec: {type: other, stage: prototype, owners: {technical: ['@a/b']}, purpose: {intendedUse: x}}\n"
# Ways to declare `metadata.name: dup-name` that a search for the text `dup-name` after `name:`
# misses; pre-commit lints one file, so each must be found from the other side.
SPELLINGS = {
    "escaped": 'metadata:\n  name: "dup\\x2dname"\n',
    "unicode-escape": 'metadata:\n  name: "\\u0064up-name"\n',
    "continued": 'metadata:\n  name: "dup-\\\n    name"\n',
    "continued-first": 'metadata:\n  name: "\\\n    dup-name"\n',
    "next-line": "metadata:\n  name:\n    dup-name\n",
    "block": "metadata:\n  name: |-\n    dup-name\n",
    "folded": "metadata:\n  name: >-\n    dup-name\n",
    "alias": "x-names: &n dup-name\nmetadata:\n  name: *n\n",
    "tagged-anchored": "metadata:\n  name: &n !!str dup-name\n",
    "json": 'metadata: {"name":"dup-name"}\n',
    "flow-lines": "metadata: {\n  name:\n   dup-name}\n",
    "explicit-key": "metadata:\n  ? name\n  : dup-name\n",
    "block-key": "metadata:\n  ? |-\n    name\n  : dup-name\n",
    "escaped-key": 'metadata:\n  "n\\x61me": dup-name\n',
    "aliased-key": "x-keys: {&k name: 1}\nmetadata: {*k : dup-name}\n",
    "comment-between": "metadata:\n  name: # the name\n    dup-name\n",
    "cr-only": "metadata:\r  name: dup-name\r",
}
ENCODINGS = {"utf-16": "utf-16", "utf-16-be": "utf-16-be", "utf-16-le": "utf-16-le", "utf-32": "utf-32"}


@pytest.fixture
def rivals(tmp_path: Path) -> Path:
    """A repository whose manifest `linted/` is named dup-name, with a rival in every spelling and
    encoding above, and look-alikes that are no rivals."""
    repo = make_repo(tmp_path / "repo")
    files: dict[str, bytes] = {"linted": manifest("dup-name").encode()}
    for key, body in SPELLINGS.items():
        files[key] = (HEAD + body + TAIL).encode()
    for key, codec in ENCODINGS.items():
        # UTF-16 and UTF-32 with or without a byte order mark: `git grep -I` skips them as binary
        text = manifest("dup-name").replace("\n", "\r\n" if key == "utf-16-le" else "\n")
        files[key] = text.encode(codec)
    # a UTF-16 file whose first 8,000 bytes hold no NUL: git reads it as text
    files["utf-16-late"] = ("# " + "\u4e2d" * 5000 + "\n" + manifest("dup-name")).encode("utf-16")
    for i in (0, 2, 10, 11, 12, 100, 199):  # names the linted one is a prefix of, or shares a prefix with
        files[f"prefix-{i}"] = manifest(f"dup-name-{i}", "replaces dup-name").encode()
    files["prose"] = manifest("other", "replaces dup-name; dup-name was its name").encode()
    for folder, data in files.items():
        (repo / folder).mkdir()
        (repo / folder / "ai-readiness.yaml").write_bytes(data)
    commit_all(repo)
    return repo


RIVALS = sorted([*SPELLINGS, *ENCODINGS, "utf-16-late"])


def test_every_spelling_and_encoding_of_a_rival_is_found(
    rivals: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(rivals)
    found = meta003(rivals, capsys, "linted/ai-readiness.yaml")
    assert len(found) == 1, found
    assert f"and {len(RIVALS) - 1} more" in found[0][2]
    # every rival, linted on its own, finds all the others in turn
    for folder in RIVALS:
        found = meta003(rivals, capsys, f"{folder}/ai-readiness.yaml")
        assert len(found) == 1 and f"and {len(RIVALS) - 1} more" in found[0][2], (folder, found)


def test_only_possible_rivals_are_parsed(rivals: Path) -> None:
    """Names that are prefixes of others, and the name in prose, make no file a candidate: the
    candidates are the rivals (and files whose text can't settle it) only."""
    from ai_readiness.loader import Limits
    from ai_readiness.names import _text_candidates, candidate_paths

    others = sorted(
        str(p.parent.relative_to(rivals) / p.name)
        for p in rivals.glob("*/ai-readiness.yaml")
        if p.parent.name != "linted"
    )
    expected = sorted(f"{folder}/ai-readiness.yaml" for folder in RIVALS)
    names = frozenset({"dup-name"})
    assert sorted(candidate_paths(rivals, names, others, Limits())) == expected
    assert sorted(_text_candidates(rivals, names, others, Limits())) == expected  # when git can't search
    for name, prefixed in (("dup-name-1", []), ("dup-name-10", ["prefix-10"]), ("dup-name-100", ["prefix-100"])):
        found = candidate_paths(rivals, frozenset({name}), others, Limits())
        assert [p.split("/")[0] for p in found if p.startswith(("prefix", "prose"))] == prefixed


def test_a_search_that_prints_more_than_a_pipe_holds(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git prints more than 64 KiB for a big repository: the search started early must neither
    stall nor lose lines."""
    repo = make_repo(tmp_path / "repo")
    long_name = "n" + "x" * 50
    for i in range(700):
        folder = repo / f"team-{i:03d}" / ("deep/" * 5)
        folder.mkdir(parents=True)
        (folder / "ai-readiness.yaml").write_text(manifest(f"{long_name}-{i}"), encoding="utf-8")
    (repo / "late").mkdir()
    (repo / "late" / "ai-readiness.yaml").write_text(manifest(f"{long_name}-699"), encoding="utf-8")
    commit_all(repo)
    from ai_readiness.names import NameSearch

    lines = NameSearch(repo).lines()
    assert lines is not None and len(lines) == 701 and sum(len(p) + len(t) + 2 for p, t in lines) > 65536
    monkeypatch.chdir(repo)
    found = meta003(repo, capsys, "late/ai-readiness.yaml")
    assert len(found) == 1 and "team-699/" in found[0][2]


def test_hostile_paths_of_rivals(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path / "repo")
    (repo / "a").mkdir()
    (repo / "a" / "ai-readiness.yaml").write_text(manifest("twin"), encoding="utf-8")
    for raw in (b"sp ace, 100%: x", b"line\nbreak", b"not-utf8-\xff"):
        folder = repo / os.fsdecode(raw)
        folder.mkdir()
        (folder / "ai-readiness.yaml").write_text(manifest("twin"), encoding="utf-8")
    commit_all(repo)
    monkeypatch.chdir(repo)
    found = meta003(repo, capsys, "a/ai-readiness.yaml")
    assert len(found) == 1 and "and 2 more" in found[0][2], found
