"""Metadata rules (META001, META002): severities, counts and pointers the case files can't
express (cases compare (rule, line) pairs, so findings sharing a line collapse)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_readiness.findings import Severity
from tests.rulecheck import case as _case
from tests.rulecheck import lint_text as _lint

CASES = Path(__file__).parent / "cases"
ERROR, WARNING = Severity.ERROR, Severity.WARNING

MANIFEST = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: support-answer-assistant}
spec:
  type: rag-assistant
  stage: pilot
"""


def test_meta001_one_finding_per_value_everywhere(tmp_path: Path) -> None:
    assert _case("META001", "bad.yaml", tmp_path) == [
        ("/metadata/description", WARNING),
        ("/spec/purpose/intendedUse", WARNING),
        ("/spec/purpose/outOfScope/1", WARNING),
        ("/spec/purpose/outOfScope/2", WARNING),  # three placeholders, one finding
        ("/spec/purpose/decisions/humanOwned/1", WARNING),
        ("/spec/failureHandling/fallback", WARNING),
        ("/spec/failureHandling/killSwitch/mechanism", WARNING),
        ("/spec/failureHandling/runbook", WARNING),
        ("/spec/x-notes/deep/0/comment", WARNING),
    ]


def test_meta001_is_an_error_at_production(tmp_path: Path) -> None:
    assert _case("META001", "bad-prod.yaml", tmp_path) == [("/spec/failureHandling/fallback", ERROR)]


def test_meta001_names_the_first_placeholder_and_where(tmp_path: Path) -> None:
    text = MANIFEST + '  failureHandling: {fallback: "Ask <team name> later, TODO"}\n'
    [finding] = _lint(text, tmp_path, "META001")
    assert "spec.failureHandling.fallback" in finding.message
    assert "'<team name>'" in finding.message


def test_meta001_walks_the_deepest_document_the_loader_accepts(tmp_path: Path) -> None:
    # 60 levels below `spec` (64 is the loader's limit); the walk is iterative, not recursive.
    depth = 60
    nested = "".join("{a: " for _ in range(depth)) + '"lorem ipsum"' + "}" * depth
    findings = _lint(MANIFEST + f"  x-deep: {nested}\n", tmp_path, "META001")
    assert [f.pointer for f in findings] == ["/spec/x-deep" + "/a" * depth]


def test_meta001_escapes_pointer_tokens(tmp_path: Path) -> None:
    text = MANIFEST + '  x-a/b~c: ["fine", "tbd"]\n'
    assert [f.pointer for f in _lint(text, tmp_path, "META001")] == ["/spec/x-a~1b~0c/1"]


@pytest.mark.parametrize(
    ("name", "severity"),
    [
        ("bad.yaml", WARNING),  # pilot
        ("bad-prod.yaml", ERROR),  # production
        ("bad-edge.yaml", WARNING),  # deprecated counts as a prototype
        ("bad-future.yaml", ERROR),  # a future date is an error at any stage, a prototype here
    ],
)
def test_meta002_severities(name: str, severity: Severity, tmp_path: Path) -> None:
    assert _case("META002", name, tmp_path) == [("/spec/review/lastReviewed", severity)]


def test_meta002_future_date_is_reported_alone(tmp_path: Path) -> None:
    text = MANIFEST + "  review: {lastReviewed: 2027-01-01, cadence: P1D}\n"
    [finding] = _lint(text, tmp_path, "META002")
    assert finding.severity is ERROR and "2027-01-01" in finding.message


def test_meta002_message_names_the_due_day(tmp_path: Path) -> None:
    [finding] = _lint((CASES / "META002" / "bad.yaml").read_text(encoding="utf-8"), tmp_path, "META002")
    assert "2026-08-02" in finding.message


def test_the_text_sieve_never_misses_a_placeholder() -> None:
    """META001 skips the walk when the file's text has no candidate: the sieve must accept every
    text the full pattern matches."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from ai_readiness.rules.metadata import _PLACEHOLDER, _may_hold_placeholder

    pieces = st.sampled_from(
        [
            "TODO",
            "tbd",
            "FixMe",
            "xxx",
            "lorem  ipsum",
            "<team name>",
            "<...>",
            "<",
            ">",
            "a",
            " ",
            "\n",
            "é",
            "2",
            "@",
            "=",
            ":",
        ]
    )

    @settings(max_examples=500, deadline=None)
    @given(st.lists(pieces, max_size=12).map("".join))
    def check(text: str) -> None:
        if _PLACEHOLDER.search(text):
            assert _may_hold_placeholder(text)

    check()
