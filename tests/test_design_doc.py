"""docs/design.md keeps the headings that code, tests and scripts point at.

Comments cite a section as the document's path, a comma and the heading in double quotes, or as
the path with a `#anchor` (GitHub's anchor of the heading). A reference to a heading that does not
exist fails here, and so does a missing heading of the document's fixed outline.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DESIGN = ROOT / "docs" / "design.md"
NAME = "docs/design.md"

# The outline other files rely on: (level, heading), in this order.
OUTLINE = (
    (1, "Design"),
    (2, "Architecture"),
    (3, "The passes"),
    (3, "Modules"),
    (3, "Rules"),
    (2, "Manifest semantics"),
    (3, "Absence"),
    (3, "Schema failures"),
    (3, "Stages and severities"),
    (3, "Positions"),
    (3, "Dates and durations"),
    (3, "The change under review"),
    (3, "Waivers"),
    (3, "Repository, configuration and git"),
    (3, "YAML"),
    (2, "Output and escaping"),
    (2, "Performance"),
)

# Where references live (README.md too, which links the document).
SCANNED = ("src", "tests", "scripts", "bench", ".ci", "action.yml", "README.md")
SKIPPED_FOLDERS = frozenset(("__pycache__", "node_modules", ".work", ".venv", ".mypy_cache", ".pytest_cache"))

# The path, a comma, then the heading in double quotes; a comment may wrap between them or inside
# the heading (`#`, `//` or `*` leaders on the next line).
_QUOTED = re.compile(re.escape(NAME) + r",[\s#/*]*[\"“]([^\"”]{1,200})[\"”]")
_ANCHOR = re.compile(re.escape(NAME) + r"#([A-Za-z0-9_-]+)")
_WRAP = re.compile(r"\s*\n\s*(?:#+|//|\*)?\s*")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")


def headings(markdown: str) -> list[tuple[int, str]]:
    """(level, text) of every ATX heading outside fenced code blocks."""
    found = []
    fenced = False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else _HEADING.match(line)
        if match:
            found.append((len(match.group(1)), match.group(2)))
    return found


def anchors(titles: list[str]) -> set[str]:
    """GitHub's anchors of these headings: lower case, punctuation dropped, spaces as hyphens,
    a repeated anchor numbered from -1."""
    seen: dict[str, int] = {}
    out = set()
    for title in titles:
        text = re.sub(r"`|\*\*|__", "", title).strip().lower()
        slug = re.sub(r"[^\w\- ]", "", text).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        out.add(slug if count == 0 else f"{slug}-{count}")
    return out


def references(text: str) -> list[tuple[str, str]]:
    """("heading", text) and ("anchor", text) for each reference to the document in ``text``."""
    found = [("heading", " ".join(_WRAP.sub(" ", m.group(1)).rstrip("\\").split())) for m in _QUOTED.finditer(text)]
    return found + [("anchor", m.group(1)) for m in _ANCHOR.finditer(text)]


def broken(text: str, titles: list[str]) -> list[str]:
    """The references in ``text`` that name no heading of ``titles``."""
    known_titles = set(titles)
    known_anchors = anchors(titles)
    return [
        f"{kind} {value!r}"
        for kind, value in references(text)
        if (value not in known_titles if kind == "heading" else value not in known_anchors)
    ]


def _scanned_files() -> list[Path]:
    files = []
    for name in SCANNED:
        top = ROOT / name
        if top.is_file():
            files.append(top)
            continue
        for folder, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS)
            files.extend(Path(folder) / n for n in sorted(names))
    return files


def test_the_outline_is_there_in_order() -> None:
    found = headings(DESIGN.read_text(encoding="utf-8"))
    outline = [h for h in found if h[0] <= 3]
    positions = []
    for wanted in OUTLINE:
        assert outline.count(wanted) == 1, f"{NAME} must hold the heading {'#' * wanted[0]} {wanted[1]} once"
        positions.append(outline.index(wanted))
    assert positions == sorted(positions), f"{NAME}: the headings are out of order"


def test_every_reference_names_a_heading() -> None:
    titles = [title for _, title in headings(DESIGN.read_text(encoding="utf-8"))]
    problems = []
    for path in _scanned_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary test data
        if NAME not in text:
            continue
        problems += [f"{path.relative_to(ROOT)}: {problem}" for problem in broken(text, titles)]
    assert not problems, f"references to {NAME} that name no heading:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (f'# see {NAME}, "Absence"', []),
        (f'# see {NAME},\n#   "Repository, configuration\n#   and git".', []),
        (f'"""Kept apart ({NAME}, "The change under review")."""', []),
        (f"see {NAME}#the-change-under-review", []),
        (f'# see {NAME}, "Absense"', ["heading 'Absense'"]),
        (f'// see {NAME},\n// "Output and\n// escapes"', ["heading 'Output and escapes'"]),
        (f"see {NAME}#positionss", ["anchor 'positionss'"]),
    ],
)
def test_references_are_read_across_wrapped_comments(text: str, problems: list[str]) -> None:
    titles = [title for _, title in headings(DESIGN.read_text(encoding="utf-8"))]
    assert broken(text, titles) == problems


def test_anchors_follow_github() -> None:
    assert anchors(["Repository, configuration and git", "`--base` and PR002", "Rules", "Rules"]) == {
        "repository-configuration-and-git",
        "--base-and-pr002",
        "rules",
        "rules-1",
    }
