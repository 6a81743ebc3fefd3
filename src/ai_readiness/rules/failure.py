"""Rules about failing safely: the kill switch (FAIL001)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ai_readiness.context import spec_pointer
from ai_readiness.dates import is_older_than
from ai_readiness.rules.base import ERROR_AT_PROD, WARNING, Hit, Rule
from ai_readiness.rules.common import date_of

if TYPE_CHECKING:
    from ai_readiness.context import DocContext


KILL_SWITCH_KEYS = (
    ("mechanism", "how the system is switched off"),
    ("owner", "who may switch it off"),
)


def kill_switch(ctx: DocContext) -> Iterator[Hit]:
    """FAIL001: a declared kill switch needs a mechanism and an owner, and a recent test (warning)."""
    switch = ctx.get("failureHandling", "killSwitch")
    if not isinstance(switch, dict):
        return  # an absent fallback or killSwitch at production is STAGE001's (docs/design.md, "Absence")
    for key, meaning in KILL_SWITCH_KEYS:
        if key not in switch:
            yield Hit(
                spec_pointer("failureHandling", "killSwitch", key),
                f"failureHandling.killSwitch has no `{key}` ({meaning}): add it",
                at="key",
            )
    window = ctx.windows.kill_switch_test_max_age
    raw = switch.get("lastTested")
    tested = date_of(raw)
    if raw is None:
        yield Hit(
            spec_pointer("failureHandling", "killSwitch", "lastTested"),
            f"failureHandling.killSwitch has no `lastTested`: test the kill switch and record the date "
            f"(at most {window} old)",
            at="key",
            severity=WARNING,
        )
    elif tested is not None and is_older_than(tested, window, ctx.today):
        yield Hit(
            spec_pointer("failureHandling", "killSwitch", "lastTested"),
            f"the kill switch was last tested on {tested.isoformat()}, more than {window} before "
            f"{ctx.today.isoformat()}: test it again and update `lastTested`",
            severity=WARNING,
        )


KILL_SWITCH = Rule(
    id="FAIL001",
    name="kill-switch",
    policy=ERROR_AT_PROD,
    area="failure handling",
    controls=(
        "eu-ai-act:Art. 14(4)(e)",
        "eu-ai-act:Art. 15(4)",
        "nist-ai-rmf:MEASURE 2.6",
        "nist-ai-rmf:MANAGE 2.4",
    ),
    keys=(
        *(f"spec.failureHandling.killSwitch.{key}" for key, _ in KILL_SWITCH_KEYS),
        "spec.failureHandling.killSwitch.lastTested",
    ),
    check=kill_switch,
    summary=(
        "At production, `failureHandling.killSwitch` lacks `mechanism` or `owner`; a "
        "`killSwitch.lastTested` that is missing or older than P180D is a warning."
    ),
    rationale=(
        "When a system starts giving harmful answers, the team needs a fallback for users "
        "and a way to turn the system off at once, with someone allowed to use it. "
        "A kill switch that has never been tried tends to fail when it is needed. "
        "A missing `fallback` or `killSwitch` at production is STAGE001's, so this rule "
        "speaks only about a declared `killSwitch`: an error per missing `mechanism` or "
        "`owner`, and a warning when `lastTested` is missing or older than the "
        "`kill-switch-test-max-age` window."
    ),
    bad="""\
spec:
  stage: production
  failureHandling:
    fallback: Route the question to the human agent queue.
    killSwitch:
      mechanism: Feature flag support-assistant-enabled
      lastTested: 2026-03-10
""",
    good="""\
spec:
  stage: production
  failureHandling:
    fallback: Route the question to the human agent queue.
    killSwitch:
      mechanism: Feature flag support-assistant-enabled
      owner: "@acme/support-ml"
      lastTested: 2026-10-14
""",
)
