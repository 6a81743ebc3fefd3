"""PR002's parts one by one (thresholds, ids, owners, retention, oversight, stage), on the rules'
view of a head document compared with a base document, as the engine builds both under `--base`.
PR001, PR002 and the removed systems on real repositories: tests/test_git.py and tests/cases/PR*/."""

from __future__ import annotations

import textwrap
from pathlib import Path

from ai_readiness.rules.base import Hit
from ai_readiness.rules.pull_requests import (
    WEAKENINGS,
    Weakening,
    lowered_oversight,
    lowered_stage,
    readiness_weakened,
    removed_items,
    removed_owners,
    shortened_retention,
    weakened_thresholds,
)
from tests.rulecheck import document_context

METRICS = """\
evaluation:
  metrics:
    - {id: answer_correctness, kind: quality, direction: higher}
    - {id: harmful_output_rate, kind: safety, direction: lower}
    - {id: p95_latency_ms, kind: performance}
"""


def manifest(spec: str) -> str:
    return "apiVersion: ai-readiness/v1\nkind: AISystem\nmetadata:\n  name: support-bot\nspec:\n" + textwrap.indent(
        spec, "  "
    )


def hits(weakening: Weakening, base: str, head: str, tmp_path: Path) -> list[tuple[str, str]]:
    ctx = document_context(manifest(head), tmp_path, base=manifest(base))
    assert ctx.base is not None
    return [(hit.pointer, hit.message) for hit in weakening(ctx, ctx.base)]


def thresholds(*lines: str) -> str:
    return METRICS + "  thresholds:\n" + "".join(f"    - {line}\n" for line in lines)


# -- thresholds ------------------------------------------------------------------------------------


def test_a_release_gate_loosened_against_its_direction_states_both_values(tmp_path: Path) -> None:
    base = thresholds("{metric: answer_correctness, op: '>=', value: 0.850}")
    head = thresholds("{metric: answer_correctness, op: '>=', value: 0.75}")
    assert hits(weakened_thresholds, base, head, tmp_path) == [
        (
            "/spec/evaluation/thresholds/0/value",
            "release threshold for answer_correctness loosened from >= 0.850 to >= 0.75",  # as written
        )
    ]


def test_a_lower_is_better_gate_raised_is_loosened(tmp_path: Path) -> None:
    base = thresholds("{metric: harmful_output_rate, op: '<=', value: 0.01}")
    head = thresholds("{metric: harmful_output_rate, op: '<=', value: 0.05}")
    assert [p for p, _ in hits(weakened_thresholds, base, head, tmp_path)] == ["/spec/evaluation/thresholds/0/value"]


def test_without_a_direction_the_op_says_which_way_loosens(tmp_path: Path) -> None:
    base = thresholds("{metric: p95_latency_ms, op: '<', value: 2500}")
    assert hits(weakened_thresholds, base, thresholds("{metric: p95_latency_ms, op: '<=', value: 2500}"), tmp_path)
    assert hits(weakened_thresholds, base, thresholds("{metric: p95_latency_ms, op: '<', value: 2000}"), tmp_path) == []


def test_tightened_gates_and_loosened_monitor_gates_are_not_weakenings(tmp_path: Path) -> None:
    base = thresholds(
        "{metric: answer_correctness, op: '>=', value: 0.85}",
        "{metric: harmful_output_rate, op: '<=', value: 0.01, gate: monitor}",
    )
    head = thresholds(
        "{metric: answer_correctness, op: '>=', value: 0.9}",
        "{metric: harmful_output_rate, op: '<=', value: 0.2, gate: monitor}",
    )
    assert hits(weakened_thresholds, base, head, tmp_path) == []


def test_a_removed_threshold_is_reported_at_the_list_with_its_old_value(tmp_path: Path) -> None:
    base = thresholds(
        "{metric: answer_correctness, op: '>=', value: 0.85}",
        "{metric: harmful_output_rate, op: '<=', value: 0.01, gate: monitor}",
    )
    head = thresholds("{metric: answer_correctness, op: '>=', value: 0.85, dataset: golden}")  # another key
    assert hits(weakened_thresholds, base, head, tmp_path) == [
        ("/spec/evaluation/thresholds", "release threshold for answer_correctness removed (was >= 0.85)"),
        ("/spec/evaluation/thresholds", "monitor threshold for harmful_output_rate removed (was <= 0.01)"),
    ]


# -- metrics, signals, reviews ------------------------------------------------------------------------

SIGNALS = """\
monitoring:
  signals:
    - metric: answer_correctness
      source: sampled-grading
      alert: {op: '<', value: 0.8, window: P1D}
reviews:
  - {type: security, status: approved}
  - {type: privacy, status: approved}
"""


def test_a_removed_metric_signal_alert_or_review_is_named(tmp_path: Path) -> None:
    head = (
        "evaluation:\n  metrics:\n    - {id: answer_correctness, kind: quality}\n"
        "monitoring:\n  signals:\n    - {metric: answer_correctness, source: sampled-grading}\n"
        "reviews:\n  - {type: privacy, status: approved}\n"
    )
    assert hits(removed_items, METRICS + SIGNALS, head, tmp_path) == [
        ("/spec/evaluation/metrics", "metric 'harmful_output_rate' removed"),
        ("/spec/evaluation/metrics", "metric 'p95_latency_ms' removed"),
        ("/spec/monitoring/signals/0", "the alert on the monitoring signal for 'answer_correctness' removed"),
        ("/spec/reviews", "review of type 'security' removed"),
    ]


def test_items_matched_by_id_may_move_and_change(tmp_path: Path) -> None:
    head = (
        "evaluation:\n  metrics:\n"
        "    - {id: p95_latency_ms, kind: performance}\n"
        "    - {id: harmful_output_rate, kind: safety}\n"
        "    - {id: answer_correctness, kind: quality, direction: higher}\n" + SIGNALS
    )
    assert hits(removed_items, METRICS + SIGNALS, head, tmp_path) == []


# -- owners --------------------------------------------------------------------------------------------


def test_a_removed_owner_is_named_with_its_role(tmp_path: Path) -> None:
    base = "owners:\n  business: ['@acme/support-leads']\n  technical: ['@acme/support-ml', '@JDoe']\n"
    head = "owners:\n  business: ['@acme/support-leads']\n  technical: ['@acme/support-ml']\n"
    assert hits(removed_owners, base, head, tmp_path) == [
        ("/spec/owners/technical", "owner '@JDoe' removed from owners.technical")
    ]


def test_owners_compare_as_own003_compares_them(tmp_path: Path) -> None:
    base = "owners:\n  technical: ['@acme/support-ml', 'ml@acme.example']\n"
    head = "owners:\n  technical: ['@ACME/Support-ML', 'ml@acme.example']\n"
    assert hits(removed_owners, base, head, tmp_path) == []
    moved = "owners:\n  business: ['@acme/support-ml', 'ml@acme.example']\n"  # a role is its own list
    assert len(hits(removed_owners, base, moved, tmp_path)) == 2


# -- retention -----------------------------------------------------------------------------------------


def test_retention_shortened_or_removed(tmp_path: Path) -> None:
    base = "logging:\n  events: [request]\n  retention: P6M\n"
    assert hits(shortened_retention, base, "logging:\n  events: [request]\n  retention: P180D\n", tmp_path) == [
        ("/spec/logging/retention", "log retention shortened from P6M to P180D")  # P180D < P6M, always
    ]
    assert hits(shortened_retention, base, "logging:\n  events: [request]\n", tmp_path) == [
        ("/spec/logging/retention", "log retention removed (was P6M)")
    ]
    assert hits(shortened_retention, base, "logging:\n  retention: P184D\n", tmp_path) == []
    assert hits(shortened_retention, "logging:\n  events: [request]\n", "logging:\n  retention: P1D\n", tmp_path) == []


# -- oversight -----------------------------------------------------------------------------------------


def test_oversight_lowered_or_removed(tmp_path: Path) -> None:
    base = "humanOversight:\n  mode: human-in-the-loop\n"
    assert hits(lowered_oversight, base, "humanOversight:\n  mode: human-on-the-loop\n", tmp_path) == [
        ("/spec/humanOversight/mode", "human oversight lowered from human-in-the-loop to human-on-the-loop")
    ]
    assert hits(lowered_oversight, base, "humanOversight:\n  stop: flag\n", tmp_path) == [
        ("/spec/humanOversight/mode", "human oversight mode removed (was human-in-the-loop)")
    ]
    assert hits(lowered_oversight, base, "humanOversight:\n  mode: human-in-command\n", tmp_path) == []
    assert hits(lowered_oversight, base, "humanOversight:\n  mode: supervised\n", tmp_path) == [
        ("/spec/humanOversight/mode", "human oversight mode removed (was human-in-the-loop)")  # invalid: absent
    ]


# -- stage ---------------------------------------------------------------------------------------------


def test_stage_lowered_without_decommission(tmp_path: Path) -> None:
    [(pointer, message)] = hits(lowered_stage, "stage: production\n", "stage: pilot\n", tmp_path)
    assert pointer == "/spec/stage" and message.startswith("stage lowered from production to pilot without")
    assert hits(lowered_stage, "stage: pilot\n", "stage: deprecated\n", tmp_path)
    decommissioned = "stage: deprecated\ndecommission: {date: 2027-01-31}\n"
    assert hits(lowered_stage, "stage: production\n", decommissioned, tmp_path) == []
    assert hits(lowered_stage, "stage: pilot\n", "stage: production\n", tmp_path) == []  # PR001's
    assert hits(lowered_stage, "stage: deprecated\n", "stage: prototype\n", tmp_path) == []


# -- the whole check -----------------------------------------------------------------------------------


def test_the_check_runs_every_part_and_nothing_without_a_base(tmp_path: Path) -> None:
    base = "stage: production\nhumanOversight:\n  mode: human-in-command\nlogging:\n  retention: P1Y\n"
    head = "stage: pilot\nhumanOversight:\n  mode: none\nlogging:\n  retention: P1M\n"
    ctx = document_context(manifest(head), tmp_path, base=manifest(base))
    found = list(readiness_weakened(ctx))
    assert [h.pointer for h in found] == ["/spec/logging/retention", "/spec/humanOversight/mode", "/spec/stage"]
    assert all(isinstance(h, Hit) for h in found)
    assert len(WEAKENINGS) == 6
    assert list(readiness_weakened(document_context(manifest(head), tmp_path))) == []
