"""Where promote writes and how the fixes spell, as examples (docs/design.md, "Editing"); the
properties over corpora are in tests/test_edit_properties.py."""

from __future__ import annotations

import pytest

from ai_readiness.edit.fixes import fix_text, iso_duration, safe_fixes
from ai_readiness.edit.promote import Asked, promote_text

HEAD = "apiVersion: ai-readiness/v1\nkind: AISystem\nmetadata: {name: x}\n"


def promoted(spec: str, stage: str = "pilot") -> str:
    result = promote_text(HEAD + spec, stage)
    assert not result.problems, result.problems
    assert promote_text(result.text, stage).text == result.text  # a second run changes nothing
    return result.text[len(HEAD) :]


def test_new_keys_follow_their_siblings_and_comments_stay_where_they_belong() -> None:
    spec = """\
spec:
  type: agent  # what it is
  owners:
    technical: ["@acme/ml"]
    # oversight comes later
  # about purpose
  purpose:
    intendedUse: Sort tickets.

# the end
"""
    assert (
        promoted(spec)
        == """\
spec:
  type: agent  # what it is
  stage: pilot
  owners:
    technical: ["@acme/ml"]
    # oversight comes later
    # business: ["@org/product-team"]  # answers for its outcomes; not a technical owner
  # about purpose
  purpose:
    intendedUse: Sort tickets.
    outOfScope:
      - "<a use the system must not be put to>"
  review:
    # lastReviewed: YYYY-MM-DD  # the day this manifest was last reviewed
    # cadence: P90D  # how often it is reviewed (ISO 8601 duration)
  risk:
    # tier: medium  # low | medium | high: how much harm a failure can do
  data:
    # sources:  # every data source it reads: id, uri, owner, classification, access
  evaluation:
    # metrics:  # id, kind (quality, safety, ...), direction (higher | lower)
    # datasets:  # id, path: what it is evaluated on
    # thresholds:  # metric, op, value, gate: release: the bar a release must clear

# the end
"""
    )


def test_missing_values_are_filled_in_place() -> None:
    spec = """\
spec:
  type: agent
  stage: prototype
  owners:
    technical: []  # nobody yet
  purpose:
    intendedUse: ""
    outOfScope:
  risk: ~  # ask legal
  review: {}
  data:
  evaluation: null
"""
    assert (
        promoted(spec)
        == """\
spec:
  type: agent
  stage: pilot
  owners:
    technical: []  # nobody yet
    # technical: ["@org/team"]  # builds and runs it; a team outlives a person
    # business: ["@org/product-team"]  # answers for its outcomes; not a technical owner
  purpose:
    intendedUse: "<what the system does, for whom>"
    outOfScope: ["<a use the system must not be put to>"]
  risk:  # ask legal
    # tier: medium  # low | medium | high: how much harm a failure can do
  review:
    # lastReviewed: YYYY-MM-DD  # the day this manifest was last reviewed
    # cadence: P90D  # how often it is reviewed (ISO 8601 duration)
  data:
    # sources:  # every data source it reads: id, uri, owner, classification, access
  evaluation:
    # metrics:  # id, kind (quality, safety, ...), direction (higher | lower)
    # datasets:  # id, path: what it is evaluated on
    # thresholds:  # metric, op, value, gate: release: the bar a release must clear
"""
    )


def test_a_flow_parent_becomes_block_on_the_way_to_the_new_key_only() -> None:
    spec = (
        'spec: {type: agent, stage: prototype, owners: {technical: ["@acme/ml"]}, purpose: {intendedUse: Go.}}  # x\n'
    )
    assert promoted(spec, "prototype") == spec  # nothing to add: nothing rewritten
    text = promoted(spec)
    assert text.startswith('spec:  # x\n  type: agent\n  stage: pilot\n  owners:\n    technical: ["@acme/ml"]\n')


def test_indentation_and_list_dashes_as_the_file_writes_them() -> None:
    spec = """\
spec:
    type: agent
    stage: pilot
    owners:
        technical:
        - "@acme/ml"
    purpose:
        intendedUse: Go.
"""
    text = promoted(spec)
    assert '    purpose:\n        intendedUse: Go.\n        outOfScope:\n        - "<a use' in text
    assert "    risk:\n        # tier: medium" in text


def test_crlf_a_missing_final_line_break_and_other_documents() -> None:
    first = HEAD + 'spec:\r\n  type: agent\r\n  owners: {technical: ["@acme/ml"]}\r\n  purpose: {intendedUse: Go.}'
    first = first.replace("\n", "\r\n").replace("\r\r\n", "\r\n")
    text = "# first\r\n" + first + "\r\n---\r\n" + first.replace("name: x", "name: y") + "\r\n...\r\n"
    result = promote_text(text, "prototype")
    assert [c.name for c in result.changes] == ["x", "y"]
    assert "\n" not in result.text.replace("\r\n", "") and result.text.endswith("\r\n...\r\n")
    assert result.text.count("  stage: prototype\r\n") == 2
    bare = promote_text(first, "prototype").text
    assert bare.endswith("  purpose: {intendedUse: Go.}")  # no final line break added
    assert "  type: agent\r\n  stage: prototype\r\n  owners:" in bare  # an absent stage right after the type


@pytest.mark.parametrize(
    ("spec", "why"),
    [
        ('spec:\n  type: agent\n  owners: &o {technical: ["@a/b"]}\n  x-o: *o\n  purpose: {intendedUse: Go.}\n', "&o"),
        ("spec:\n  type: agent\n  owners: *o\n", "alias"),
        (
            'spec:\n  type: agent\n  owners: {\n    # who\n    technical: ["@a/b"]}\n  purpose: {intendedUse: Go.}\n',
            "comment",
        ),
        ('spec:\n  type: agent\n  owners: "@a/b"\n', "spec.owners has a schema error"),
        ("spec: [1]\n", "spec"),
    ],
)
def test_what_promote_does_not_edit(spec: str, why: str) -> None:
    text = HEAD.replace("metadata: {name: x}\n", 'metadata: {name: x}\nx-base: &o {technical: ["@a/b"]}\n') + spec
    result = promote_text(text, "pilot")
    assert result.text == text and len(result.problems) == 1, result
    assert why in result.problems[0].message and "cannot edit safely" in result.problems[0].message


def test_an_anchor_no_alias_repeats_is_kept() -> None:
    text = promoted('spec:\n  type: agent\n  owners: &o {technical: ["@a/b"]}\n  purpose: {intendedUse: Go.}\n')
    assert '  owners: &o\n    technical: ["@a/b"]\n    # business:' in text


def test_keys_written_as_comments_count() -> None:
    spec = 'spec:\n  type: agent\n  stage: pilot\n  owners:\n    technical: ["@a/b"]\n    #business: [] # later\n'
    assert "# business: [" not in promoted(spec)


def test_the_fixes_keep_quotes_and_need_one_answer() -> None:
    text = (
        HEAD
        + """\
spec:
  type: 'Rag Assistant'
  stage: "PILOT"
  review: {cadence: 2 Weeks, lastReviewed: 2026-01-01}
  owners:
    technical: ["@a/b"]
    techncal: ["@a/c"]
  evaluation:
    triggers: [pull-request, Release]
    schedule: every 2 weeks
  monitoring:
    escalation: {oncall: "@a/b"}
  logging: {retention: 1 year}
  purpse: {intendedUse: 3}
"""
    )
    fixed = fix_text(text).text
    assert "type: 'rag-assistant'" in fixed and 'stage: "pilot"' in fixed
    assert "cadence: P2W" in fixed and "triggers: [pull_request, release]" in fixed and "retention: P1Y" in fixed
    assert "escalation: {onCall:" in fixed  # case only: one answer
    assert "techncal" in fixed  # `technical` is there already
    assert "every 2 weeks" in fixed  # not the whole value
    assert "purpse" in fixed  # its value is not valid for `purpose`
    assert fix_text(fixed).fixes == []
    first = safe_fixes(text)
    assert sorted(f.pointer for f in first) == [
        "/spec/evaluation/triggers/0",
        "/spec/evaluation/triggers/1",
        "/spec/logging/retention",
        "/spec/monitoring/escalation/oncall",
        "/spec/review/cadence",
        "/spec/stage",
        "/spec/type",
    ]


@pytest.mark.parametrize(
    ("words", "iso"),
    [
        ("90 days", "P90D"),
        ("6 months", "P6M"),
        ("2 weeks", "P2W"),
        ("1 year", "P1Y"),
        ("15 Minutes", "PT15M"),
        ("24 HOURS", "PT24H"),
        ("1 day", "P1D"),
        ("30 seconds", "PT30S"),
        ("ninety days", None),
        ("90 days ago", None),
        ("٣ days", None),
    ],
)
def test_durations_in_words(words: str, iso: str | None) -> None:
    assert iso_duration(words) == iso


def test_an_edit_as_an_editor_takes_it() -> None:
    from ai_readiness.edit.splice import TextEdit, line_edits, text_edit

    text = HEAD.replace("\n", "\r\n") + "spec:\r\n  type: agent\r\n  stage: Pilot\r\n"
    (fix,) = safe_fixes(text)
    assert text_edit(text, fix.edit) == TextEdit(6, 10, 6, 15, "pilot")
    new = fix_text(text).text
    assert line_edits(text, new) == [TextEdit(6, 1, 7, 1, "  stage: pilot\r\n")]


def test_an_empty_value_the_schema_rejects_is_missing_and_filled_in_place() -> None:
    """`risk: ""` and `review: []` are SCHEMA001 findings and missing: filled, they are gone."""
    spec = 'spec:\n  type: agent\n  stage: pilot\n  owners: {technical: ["@a/b"]}\n  purpose: {intendedUse: Go.}\n'
    text = promoted(spec + '  risk: ""  # soon\n  review: []\n')
    assert "  risk:  # soon\n    # tier: medium" in text and "  review:\n    # lastReviewed:" in text


def test_a_requirements_key_that_would_break_the_schema_is_left_with_a_note() -> None:
    """Written into a new parent, a requirement's key must not make the schema fail there (here a
    key asked for under a text key): the stage's keys are written, the requirement's left with a
    note, and the system still counts as promoted."""
    text = (
        HEAD
        + "spec:\n  type: agent\n  stage: prototype\n  owners: {technical: ['@a/b']}\n  purpose: {intendedUse: Go.}\n"
    )
    asked = {0: [Asked("risk.tier.x-reason", "ACME009"), Asked("x-cost-centre", "ACME001")]}
    result = promote_text(text, "pilot", required=asked)
    assert [(p.message, p.note) for p in result.problems] == [
        ("note: add spec.risk.tier.x-reason, spec.x-cost-centre by hand (a policy requires it)", True)
    ]
    assert result.changes and "stage: pilot" in result.text and "x-" not in result.text
    assert promote_text(text, "pilot", required={0: [Asked("x-cost-centre", "ACME001")]}).text.endswith(
        '  x-cost-centre: "<cost centre>"\n'
    )
