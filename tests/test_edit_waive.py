"""The waiver edit behind the editor's "waive RULE" action (edit/waive.py): where the entry goes,
how it is written, and what is not edited."""

from __future__ import annotations

import datetime as dt

import pytest

from ai_readiness.edit.tree import CannotEdit
from ai_readiness.edit.waive import waive_text
from ai_readiness.loader import Limits, compose

HEAD = "apiVersion: ai-readiness/v1\nkind: AISystem\nmetadata: {name: x}\n"
DAY = dt.date(2027, 3, 6)
ENTRY = """\
- rule: DATA003
  reason: "<why this is acceptable until it expires>"
  # approvedBy: "@org/team"  # who accepted the risk; not a technical owner of the system
  expires: 2027-03-06
"""


def indented(text: str, by: int) -> str:
    return "".join(" " * by + line for line in text.splitlines(True))


def waived(spec: str, document: int = 0) -> str:
    new, _ = waive_text(HEAD + spec, document, "DATA003", DAY)
    exceptions = compose(new, "-", Limits()).documents[document].data["spec"]["exceptions"]
    assert exceptions[-1] == {
        "rule": "DATA003",
        "reason": "<why this is acceptable until it expires>",
        "expires": "2027-03-06",
    }
    return new[len(HEAD) :]


def test_a_new_exceptions_key_goes_after_spec_s_keys_and_their_comments() -> None:
    spec = "spec:\n  type: agent\n  stage: pilot  # soon production\n  # a note about stage\n# the end\n"
    assert waived(spec) == (
        "spec:\n  type: agent\n  stage: pilot  # soon production\n  # a note about stage\n  exceptions:\n"
        + indented(ENTRY, 4)
        + "# the end\n"
    )


def test_the_entry_follows_the_existing_ones_at_their_indentation() -> None:
    spec = (
        "spec:\n    type: agent\n    exceptions:\n    -   rule: EVAL003\n        reason: r\n"
        "        expires: 2027-01-01\n    stage: pilot\n"
    )
    new = waived(spec)
    assert new.endswith(
        "        expires: 2027-01-01\n    -   rule: DATA003\n"
        '        reason: "<why this is acceptable until it expires>"\n'
        '        # approvedBy: "@org/team"  # who accepted the risk; not a technical owner of the system\n'
        "        expires: 2027-03-06\n    stage: pilot\n"
    )


@pytest.mark.parametrize("empty", ["", " ~", " []", " null  # none yet"])
def test_an_empty_exceptions_is_filled_in_place(empty: str) -> None:
    spec = f"spec:\n  type: agent\n  exceptions:{empty}\n  stage: pilot\n"
    comment = "  # none yet" if "#" in empty else ""
    assert waived(spec) == f"spec:\n  type: agent\n  exceptions:{comment}\n" + indented(ENTRY, 4) + "  stage: pilot\n"


def test_crlf_no_final_line_break_and_the_second_document() -> None:
    text = HEAD + "spec:\n  type: agent\n---\n" + HEAD + "spec:\r\n  type: agent"
    new, _ = waive_text(text.replace("\n", "\r\n").replace("\r\r", "\r"), 1, "DATA003", DAY)
    lines = ["  type: agent", "  exceptions:", *indented(ENTRY, 4).splitlines()]
    assert new.endswith("\r\n".join(lines))  # the last line keeps having no line break
    assert new.count("exceptions") == 1


@pytest.mark.parametrize(
    "spec",
    [
        "spec: {type: agent}\n",  # a flow spec
        "spec:\n  type: agent\n  exceptions: [{rule: EVAL003, reason: r, expires: 2027-01-01}]\n",
        "spec:\n  type: agent\n  exceptions: nope\n",
        "x: &a\n  - {rule: EVAL003}\nspec:\n  type: agent\n  exceptions: *a\n",  # an alias
        "spec:\n  type: [agent\n",  # a YAML error
    ],
)
def test_what_is_not_edited(spec: str) -> None:
    with pytest.raises(CannotEdit):
        waive_text(HEAD + spec, 0, "DATA003", DAY)
