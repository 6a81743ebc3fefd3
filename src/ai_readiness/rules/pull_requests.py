"""Rules about the change under review (`--base`): a raised stage (PR001), weakened readiness (PR002)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ai_readiness.context import STAGE_ORDER, spec_pointer
from ai_readiness.rules.base import ALWAYS_ERROR, ALWAYS_WARNING, BY_POINTER, Hit, Rule, RunHit
from ai_readiness.rules.common import OWNER_ROLES, date_of, duration_of, owner_key, owner_keys, quoted

if TYPE_CHECKING:
    from ai_readiness.change import BaseSystem
    from ai_readiness.context import DocContext, RunContext


OVERSIGHT_ORDER = {"none": 0, "human-on-the-loop": 1, "human-in-the-loop": 2, "human-in-command": 3}

LOWER_BOUND_OPS = (">=", ">")
UPPER_BOUND_OPS = ("<=", "<")


def _stage_rank(stage: Any) -> int | None:
    return STAGE_ORDER.get(stage) if isinstance(stage, str) else None


def _launch_review_problems(
    review: dict[str, Any], technical: set[str], at_base: list[Any], today: Any, window: Any
) -> list[str]:
    """Why a `launch` review does not approve this promotion (nothing when it does)."""
    problems = []
    status = review.get("status")
    if status != "approved":
        problems.append(f"is {status}" if isinstance(status, str) else "has no status")
    by = review.get("by")
    if not by:
        problems.append("names no approver (`by`)")
    elif owner_key(by) in technical:
        problems.append(f"is signed by {quoted(by)}, a technical owner of the system")
    day = date_of(review.get("date"))
    if day is None:
        problems.append("has no date")
    elif day > today:
        problems.append(f"is dated {day}, in the future")
    elif window.after(day) < today:
        problems.append(f"is dated {day}, more than {window} before {today}")
    if review in at_base:
        problems.append("is unchanged since the base (it approved an earlier change, not this promotion)")
    return problems


def launch_review(ctx: DocContext) -> Iterator[Hit]:
    """PR001: the change raises the stage, and no launch review approves this promotion: one that
    is approved, not by a technical owner, added or renewed in the change (not at the base with
    the same content) and dated within `launch-review-max-age`."""
    base = ctx.base
    if base is None or ctx.declared_stage is None:
        return  # a system new in the change is not a raise
    old, new = base.spec.get("stage"), ctx.declared_stage
    old_rank, new_rank = _stage_rank(old), _stage_rank(new)
    raised = (old_rank is not None and new_rank is not None and new_rank > old_rank) or (
        old == "deprecated" and new in ("pilot", "production")
    )
    if not raised:
        return
    window = ctx.windows.launch_review_max_age
    technical = owner_keys(ctx, "technical")
    at_base = base.spec.get("reviews") or []
    found = []
    for index, review in ctx.items("reviews"):
        if review.get("type") != "launch":
            continue
        problems = _launch_review_problems(review, technical, at_base, ctx.today, window)
        if not problems:
            return
        found.append(f"reviews[{index}] " + " and ".join(problems))
    wanted = (
        f"add or renew, in this change, a `reviews` entry with type launch, status approved, a date within "
        f"{window} and `by` someone who is not a technical owner"
    )
    said = f"; {'; '.join(found)}" if found else " without a launch review"
    yield Hit(spec_pointer("stage"), f"stage raised from {old} to {new}{said}: {wanted}")


LAUNCH_REVIEW = Rule(
    id="PR001",
    name="launch-review",
    policy=ALWAYS_ERROR,
    area="reviews",
    controls=(
        "nist-ai-rmf:MANAGE 1.1",
        "iso-42001:A.6.2.5",
    ),
    keys=("spec.stage", "spec.reviews[].type", "spec.reviews[].status", "spec.reviews[].by", "spec.reviews[].date"),
    check=launch_review,
    summary=(
        "With `--base`, the change raises `stage` (up the order prototype < pilot < "
        "production, or from `deprecated` to `pilot` or `production`) and `reviews` has no "
        "entry with `type: launch` that approves this promotion: `status: approved`, `by` "
        "someone who is not one of the system's technical owners, added or renewed in the "
        "change (not at the base with the same content), and a `date` within P30D before today."
    ),
    rationale=(
        "Promoting a system is a launch decision, and someone accountable for it, other than "
        "the people who build it, should have approved this promotion recently, not a "
        "different version months ago. "
        "Tying the approval to the change that raises the stage keeps promotions from "
        "slipping through as ordinary edits: the launch review that let a system into pilot "
        "does not also let it into production, because an entry that is at the base with the "
        "same content was not given for this change (renew it: a new date, approver or "
        "evidence). "
        "The approver (`by`) is required and compared with `owners.technical` as OWN003 "
        "compares owners; the message says, for each launch review, why it does not count. "
        "A system new in the change is not a raise, `deprecated` to `prototype` is not a "
        "raise, a launch review whose `date` plus P30D (`launch-review-max-age`) is before "
        "today is too old, one dated in the future does not count, and an exception added in "
        "the same change does not suppress it."
    ),
    bad="""\
# base: stage: pilot, and the same launch review (it approved the pilot)
spec:
  stage: production
  owners:
    technical: ["@acme/support-ml"]
  reviews:
    - type: launch
      status: approved
      by: "@acme/support-ml"
      date: 2026-11-20
""",
    good="""\
# base: stage: pilot
spec:
  stage: production
  owners:
    technical: ["@acme/support-ml"]
  reviews:
    - type: launch  # added in this change
      status: approved
      by: "@acme/launch-board"
      date: 2026-11-20
""",
    scope="change",
)


def _metric_direction(spec: dict[str, Any], metric: Any) -> str | None:
    for item in (spec.get("evaluation") or {}).get("metrics") or []:
        if isinstance(item, dict) and item.get("id") == metric and item.get("direction") in ("higher", "lower"):
            return str(item["direction"])
    return None


def _threshold_key(threshold: dict[str, Any]) -> tuple[Any, Any, Any]:
    return threshold.get("metric"), threshold.get("dataset"), threshold.get("gate", "release")


def _items(spec: dict[str, Any], *keys: str) -> list[tuple[int, dict[str, Any]]]:
    node: Any = spec
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    if not isinstance(node, list):
        return []
    return [(i, item) for i, item in enumerate(node) if isinstance(item, dict)]


def _loosened(old: dict[str, Any], new: dict[str, Any], direction: str | None) -> bool:
    old_op, new_op = old.get("op"), new.get("op")
    old_value, new_value = old.get("value"), new.get("value")
    if not isinstance(old_value, (int, float)) or not isinstance(new_value, (int, float)):
        return False
    if direction is None:
        direction = "higher" if old_op in LOWER_BOUND_OPS else "lower" if old_op in UPPER_BOUND_OPS else None
    if direction is None or old_op == "==":
        return False
    wanted = LOWER_BOUND_OPS if direction == "higher" else UPPER_BOUND_OPS
    if new_op not in wanted:
        return new_op != old_op  # the gate now points the wrong way, or became ==
    if direction == "higher":
        return new_value < old_value or (new_value == old_value and old_op == ">" and new_op == ">=")
    return new_value > old_value or (new_value == old_value and old_op == "<" and new_op == "<=")


def _shown(quoted_text: str | None, value: Any) -> str:
    """A value as a message states it: as its file writes it when known."""
    return quoted_text or (quoted(value) if isinstance(value, str) else str(value))


def weakened_thresholds(ctx: DocContext, base: BaseSystem) -> Iterator[Hit]:
    """Thresholds, matched by (metric, dataset, gate): one removed, or a release gate loosened
    against its metric's direction."""
    new_thresholds = {_threshold_key(t): (i, t) for i, t in _items(ctx.spec, "evaluation", "thresholds")}
    for old_index, old in _items(base.spec, "evaluation", "thresholds"):
        key = _threshold_key(old)
        old_ptr = spec_pointer("evaluation", "thresholds", old_index, "value")
        was = f"{old.get('op')} {_shown(ctx.base_text(old_ptr), old.get('value'))}"
        if key not in new_thresholds:
            gate = "release threshold" if key[2] == "release" else "monitor threshold"
            yield Hit(spec_pointer("evaluation", "thresholds"), f"{gate} for {key[0]} removed (was {was})", at="key")
            continue
        new_index, new = new_thresholds[key]
        direction = _metric_direction(ctx.spec, key[0]) or _metric_direction(base.spec, key[0])
        if key[2] == "release" and _loosened(old, new, direction):
            new_ptr = spec_pointer("evaluation", "thresholds", new_index, "value")
            now = f"{new.get('op')} {_shown(ctx.head_text(new_ptr), new.get('value'))}"
            yield Hit(new_ptr, f"release threshold for {key[0]} loosened from {was} to {now}")


# The lists whose items are matched by an id: (keys under spec, the id field, the words of a message).
MATCHED_LISTS = (
    (("evaluation", "metrics"), "id", "metric"),
    (("monitoring", "signals"), "metric", "monitoring signal for"),
    (("reviews",), "type", "review of type"),
)


def removed_items(ctx: DocContext, base: BaseSystem) -> Iterator[Hit]:
    """Metrics by id, signals by metric (and their alerts), reviews by type: one removed."""
    for keys, field, what in MATCHED_LISTS:
        new_ids = {item.get(field): item for _, item in _items(ctx.spec, *keys)}
        for _, old in _items(base.spec, *keys):
            ident = old.get(field)
            if ident is None:
                continue
            if ident not in new_ids:
                yield Hit(spec_pointer(*keys), f"{what} {quoted(ident)} removed", at="key")
            elif (
                keys[-1] == "signals"
                and isinstance(old.get("alert"), dict)
                and not isinstance(new_ids[ident].get("alert"), dict)
            ):
                index = next(i for i, item in _items(ctx.spec, *keys) if item.get(field) == ident)
                yield Hit(
                    spec_pointer(*keys, index),
                    f"the alert on the monitoring signal for {quoted(ident)} removed",
                    at="key",
                )


def removed_owners(ctx: DocContext, base: BaseSystem) -> Iterator[Hit]:
    """Owners by role: one removed (owners compare as OWN003 compares them)."""
    for role in OWNER_ROLES:
        old_owners = (base.spec.get("owners") or {}).get(role) or []
        new_keys = {owner_key(o) for o in ((ctx.spec.get("owners") or {}).get(role) or [])}
        for owner in old_owners:
            if isinstance(owner, str) and owner_key(owner) not in new_keys:
                yield Hit(spec_pointer("owners", role), f"owner {quoted(owner)} removed from owners.{role}", at="key")


def shortened_retention(ctx: DocContext, base: BaseSystem) -> Iterator[Hit]:
    """`logging.retention` removed or shortened (durations compare by adding each to today)."""
    old_retention = duration_of((base.spec.get("logging") or {}).get("retention"))
    if old_retention is None:
        return
    new_retention = duration_of(ctx.get("logging", "retention"))
    if new_retention is None:
        yield Hit(spec_pointer("logging", "retention"), f"log retention removed (was {old_retention})", at="key")
    elif new_retention.compare(old_retention, ctx.today) < 0:
        yield Hit(
            spec_pointer("logging", "retention"), f"log retention shortened from {old_retention} to {new_retention}"
        )


def lowered_oversight(ctx: DocContext, base: BaseSystem) -> Iterator[Hit]:
    """`humanOversight.mode` removed or lowered (OVERSIGHT_ORDER)."""
    old_mode = (base.spec.get("humanOversight") or {}).get("mode")
    if old_mode not in OVERSIGHT_ORDER:
        return
    new_mode = ctx.get("humanOversight", "mode")
    if new_mode not in OVERSIGHT_ORDER:
        yield Hit(spec_pointer("humanOversight", "mode"), f"human oversight mode removed (was {old_mode})", at="key")
    elif OVERSIGHT_ORDER[new_mode] < OVERSIGHT_ORDER[old_mode]:
        yield Hit(spec_pointer("humanOversight", "mode"), f"human oversight lowered from {old_mode} to {new_mode}")


def lowered_stage(ctx: DocContext, base: BaseSystem) -> Iterator[Hit]:
    """`stage` lowered (down the stage order, or to deprecated) without `decommission`."""
    old_stage, new_stage = base.spec.get("stage"), ctx.declared_stage
    old_rank, new_rank = _stage_rank(old_stage), _stage_rank(new_stage)
    lowered = old_rank is not None and ((new_rank is not None and new_rank < old_rank) or new_stage == "deprecated")
    if lowered and "decommission" not in ctx.spec:
        yield Hit(
            spec_pointer("stage"),
            f"stage lowered from {old_stage} to {new_stage} without `decommission`: say when it is retired, "
            "what happens to its data and what replaces it",
        )


Weakening = Callable[["DocContext", "BaseSystem"], Iterator[Hit]]
WEAKENINGS: tuple[Weakening, ...] = (
    weakened_thresholds,
    removed_items,
    removed_owners,
    shortened_retention,
    lowered_oversight,
    lowered_stage,
)


def readiness_weakened(ctx: DocContext) -> Iterator[Hit]:
    """PR002: what the change weakens (WEAKENINGS), each message stating the old value."""
    base = ctx.base
    if base is None:
        return  # a system new in the change, or no --base
    for weakening in WEAKENINGS:
        yield from weakening(ctx, base)


def removed_system(run: RunContext) -> Iterator[RunHit]:
    """PR002 for a base system that is gone from the head: one finding at its base path and first
    line, when that path lies under a linted folder or is named on the command line
    (docs/design.md, "The change under review")."""
    change = run.change
    if change is None:
        return
    head_names = {d.name for d in run.documents if d.name}
    slots = {(d.path, d.document) for d in run.documents}
    folders = run.linted_folders()
    for base in change.systems:
        if (base.path, base.document) in change.matched or (base.name and base.name in head_names):
            continue
        if (base.path, base.document) in slots:
            continue  # the same slot still holds a system: a rename, compared by readiness_weakened
        inside = base.path in run.linted or any(f in ("", ".") or base.path.startswith(f + "/") for f in folders)
        if not inside:
            continue
        what = f"'{base.name}'" if base.name else f"document {base.document}"
        yield RunHit(
            base.path,
            base.document,
            base.start,
            "",
            f"system {what} (stage {base.spec.get('stage', 'unknown')}) removed from {base.path}: a removed "
            "declaration weakens readiness; declare the system deprecated with `decommission` instead",
        )


READINESS_WEAKENED = Rule(
    id="PR002",
    name="readiness-weakened",
    policy=ALWAYS_WARNING,
    area=BY_POINTER,
    controls=(
        "eu-ai-act:Art. 17(1)(a)",
        "nist-ai-rmf:MANAGE 4.1",
    ),
    keys=(
        "spec.evaluation.thresholds[].op",
        "spec.evaluation.thresholds[].value",
        *(f"spec.{'.'.join(keys)}[].{field}" for keys, field, _ in MATCHED_LISTS),
        "spec.monitoring.signals[].alert",
        *(f"spec.owners.{role}" for role in OWNER_ROLES),
        "spec.logging.retention",
        "spec.humanOversight.mode",
        "spec.stage",
        "spec.decommission",
    ),
    check=readiness_weakened,
    run_check=removed_system,
    summary=(
        "With `--base`, the change weakens readiness: a release threshold loosened against "
        "its metric's direction; a metric, threshold, signal, alert, review or owner "
        "removed; `logging.retention` shortened; `humanOversight.mode` lowered (none < "
        "human-on-the-loop < human-in-the-loop < human-in-command); or `stage` lowered "
        "without `decommission`; the message states the old value."
    ),
    rationale=(
        "Weakening a manifest is quiet: lowering a gate from 0.85 to 0.75 or deleting an "
        "alert breaks nothing, so it can pass review unnoticed. "
        "Naming the old value puts the trade-off in front of the reviewer, who can accept it "
        "knowingly. "
        "A head system is compared with the base system of the same `metadata.name`, else "
        "with the base document at the same path and index; thresholds match by (metric, "
        "dataset, gate), signals by metric, reviews by type and owners by role; a threshold "
        "whose metric has no `direction` is loosened when its `value` moves the way its `op` "
        "allows more (down for `>=`/`>`, up for `<=`/`<`); a removed system gets one "
        "finding at its base path; and an exception added in the same change does not "
        "suppress it."
    ),
    bad="""\
# base: value: 0.85
spec:
  evaluation:
    metrics:
      - {id: answer_correctness, kind: quality, direction: higher}
    thresholds:
      - {metric: answer_correctness, op: ">=", value: 0.75}
""",
    good="""\
# base: value: 0.85
spec:
  evaluation:
    metrics:
      - {id: answer_correctness, kind: quality, direction: higher}
    thresholds:
      - {metric: answer_correctness, op: ">=", value: 0.85}
""",
    scope="change",
)
