"""All 735 cases of the official YAML test suite: none is a manifest, each ends in a positioned
finding, never a crash."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from typing import Any

import pytest

from ai_readiness.config import Config
from ai_readiness.discovery import Root
from ai_readiness.engine import Options, lint
from ai_readiness.findings import Finding
from ai_readiness.loader import HAS_C_PARSER, Limits, load_bytes
from tests.conftest import ROOT

# The official suite's inputs (MIT, see its LICENSE), kept in the repository so that every run has them.
SUITE = ROOT / "tests" / "corpora" / "yaml-test-suite"


@pytest.fixture(scope="module")
def suite_findings(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[list[dict[str, object]], dict[str, list[Finding]]]:
    index = json.loads((SUITE / "index.json").read_text(encoding="utf-8"))
    work = tmp_path_factory.mktemp("suite")
    shutil.copytree(SUITE / "cases", work / "cases")
    options = Options(
        paths=[f"cases/{case['id']}.yaml" for case in index],
        cwd=work,
        root=Root(work.resolve(), False),
        config=Config(),
        today=__import__("datetime").date(2026, 11, 28),
    )
    by_path: dict[str, list[Finding]] = {}
    for finding in lint(options).findings:
        by_path.setdefault(finding.path, []).append(finding)
    return index, by_path


def test_every_case_ends_in_positioned_findings(
    suite_findings: tuple[list[dict[str, object]], dict[str, list[Finding]]],
) -> None:
    index, by_path = suite_findings
    assert len(index) == 735
    missing = [case["id"] for case in index if not by_path.get(f"cases/{case['id']}.yaml")]
    assert not missing, f"cases without findings: {missing}"
    for findings in by_path.values():
        for f in findings:
            assert f.line >= 1 and f.column >= 1
            assert (f.span.end_line, f.span.end_column) >= (f.line, f.column)


def test_invalid_yaml_cases_are_yaml_findings(
    suite_findings: tuple[list[dict[str, object]], dict[str, list[Finding]]],
) -> None:
    index, by_path = suite_findings
    invalid = [c for c in index if c["invalid_yaml"]]
    assert invalid
    not_yaml = [
        c["id"] for c in invalid if not any(f.rule.startswith("YAML") for f in by_path[f"cases/{c['id']}.yaml"])
    ]
    # A few invalid cases are accepted by both parsers (they are lenient where the spec is not):
    # those still end in findings (the documents are no manifests), checked above.
    assert len(not_yaml) <= 20, not_yaml


@pytest.mark.skipif(not HAS_C_PARSER, reason="needs the C parser to compare the two parse paths")
def test_both_parse_paths_agree() -> None:
    """The C parser and the pure parser give the same documents and findings, except where
    libyaml accepts what ruamel's pure parser rejects (those still end in findings)."""
    index = json.loads((SUITE / "index.json").read_text(encoding="utf-8"))
    lenient = []
    for case in index:
        data = (SUITE / "cases" / f"{case['id']}.yaml").read_bytes()
        c_path = load_bytes(data, "f.yaml", Limits())
        pure_path = load_bytes(data, "f.yaml", Limits(), pure=True)
        c_view = ([(f.rule, f.span) for f in c_path.findings], [repr(d.data) for d in c_path.documents])
        pure_view = ([(f.rule, f.span) for f in pure_path.findings], [repr(d.data) for d in pure_path.documents])
        if c_view == pure_view:
            continue
        pure_rejects = any(f.rule == "YAML001" for f in pure_path.findings)
        c_rejects = any(f.rule == "YAML001" for f in c_path.findings)
        assert pure_rejects and not c_rejects, (case["id"], c_view, pure_view)
        lenient.append(case["id"])
    # 16 today: block scalars indented more on a later line, `%YAML` with trailing text, `[-]`
    assert len(lenient) <= 16, lenient


def test_the_fast_pass_and_the_positioned_pass_agree() -> None:
    """Documents composed without positions (the common case) carry the same data, names and
    starts as the positioned pass, on every case of the suite the fast pass accepts: on the pure
    parser's events, and on the tuples the C parser builds during the fast pass."""
    from ai_readiness.context import clean
    from ai_readiness.loader.composer import Composer
    from ai_readiness.loader.fast import FastDocument, NeedFull, Source, as_tuples, fast_compose, fast_compose_c
    from ai_readiness.loader.parsers import ParseError, c_events, c_unsafe, pure_events, restored, stand_ins

    index = json.loads((SUITE / "index.json").read_text(encoding="utf-8"))
    accepted = {"pure": 0, "c": 0}
    for case in index:
        text, restore = stand_ins((SUITE / "cases" / f"{case['id']}.yaml").read_bytes().decode("utf-8", "replace"))

        def pure_stream(t: str, r: dict[int, str] | None = restore) -> Any:
            return restored(pure_events(t), r)

        def c_stream(t: str, r: dict[int, str] | None = restore) -> Any:
            return restored(c_events(t), r)

        def pure_pass(t: str = text) -> list[FastDocument]:
            return fast_compose(as_tuples(pure_stream(t)), Limits())

        def c_pass(t: str = text, r: dict[int, str] | None = restore) -> list[FastDocument]:
            return fast_compose_c(t, Limits(), r)

        paths: list[tuple[str, Callable[[], list[FastDocument]], Callable[[str], Any]]] = [
            ("pure", pure_pass, pure_stream)
        ]
        if HAS_C_PARSER and not c_unsafe(text):
            paths.append(("c", c_pass, c_stream))
        for name, fast_pass, events in paths:
            try:
                fast = fast_pass()
            except (NeedFull, ParseError):
                continue
            accepted[name] += 1
            full = Composer(text, "f", Limits())
            full.run(events(text))
            assert not full.findings, (name, case["id"])
            assert [(d.index, repr(d.data), d.name_span, d.start_pos) for d in full.documents] == [
                (i, repr(data), span, start) for i, data, span, start, _ in fast
            ], (name, case["id"])
            for _, data, _, _, empty in fast:  # a document without empty values is clean already
                assert empty or repr(clean(data, frozenset())) == repr(data), (name, case["id"])
            # the positions a finding asks for later: the same as the positioned pass's
            source = Source(text, "f", Limits(), name == "c", restore)
            for document in full.documents:
                assert source.positions(document.index) == document.positions, (name, case["id"])
    assert accepted["pure"] > 50
    assert accepted["c"] > 50 or not HAS_C_PARSER
