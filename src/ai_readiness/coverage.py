"""Coverage per framework (README, "Regulation profiles"; docs/design.md, "Regulation profiles").

A pack with a `[profile]` table (the built-in `eu-ai-act-high-risk`, `nist-ai-rmf`, `iso-42001`)
makes `report` list its framework's controls: each control with the rules and requirements of the
run that cite it (`controls = ["nist-ai-rmf:MAP 1.1"]`), and per system met, gaps or not
applicable. Imported only when a profile is in effect.

Per system and serving rule or requirement, at the system's declared stage:
* a rule is not applicable where it does not run (its stage, its scope, the selection); where it
  runs, it has gaps when it raised a live error or warning (the scorecard's gaps), else it is met;
* a requirement is not applicable where it does not run, where its `when` does not hold, or where
  its key steps into a list that holds no item it judges; else it has gaps when its key is missing
  or its value fails its schema (also where STAGE001 or SCHEMA001 reports that absence in its
  stead), unless an exception waives it, else it is met.
A control has gaps when any of them has, is met when one is met and none has gaps, and is not
applicable otherwise; every control of a profile whose own `when` does not hold is not applicable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ai_readiness.context import DocContext
    from ai_readiness.engine import Linter
    from ai_readiness.policy import PolicySettings, Profile
    from ai_readiness.requirements import Requirement
    from ai_readiness.rules.base import Rule

MET, GAPS, NOT_APPLICABLE = "met", "gaps", "not applicable"


# -- the controls and what serves them ---------------------------------------------------------

_NUMBER = re.compile(r"(\d+)")
# NIST AI RMF functions in the framework's order; AI Act articles before annexes.
_FIRST = {"GOVERN": 0, "MAP": 1, "MEASURE": 2, "MANAGE": 3, "Art.": 0, "Annex": 1}


def control_key(control: str) -> tuple[Any, ...]:
    """Natural order: `Art. 9(8)` before `Art. 12(1)`, articles before annexes, GOVERN before MAP."""
    reference = control.partition(":")[2]
    head = reference.split(" ", 1)[0]
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in _NUMBER.split(reference) if p)
    return (_FIRST.get(head, 9), parts)


def served(profile: Profile, rules: Iterable[Rule]) -> dict[str, list[str]]:
    """Each control of the profile's framework that a rule or requirement of the run cites, in
    natural order, with the ids that cite it."""
    prefix = profile.framework + ":"
    out: dict[str, list[str]] = {}
    for rule in rules:
        for control in rule.controls:
            if control.startswith(prefix):
                ids = out.setdefault(control, [])
                if rule.id not in ids:
                    ids.append(rule.id)
    return {c: sorted(out[c]) for c in sorted(out, key=control_key)}


def profiles_dict(policy: PolicySettings | None, rules: Iterable[Rule]) -> list[dict[str, Any]]:
    """The report's top-level `profiles`: each profile in effect with its controls."""
    if policy is None or not policy.profiles:
        return []
    rules = tuple(rules)
    return [
        {**p.as_dict(), "controls": [{"control": c, "servedBy": ids} for c, ids in served(p, rules).items()]}
        for p in policy.profiles
    ]


# -- one system --------------------------------------------------------------------------------


def system_coverage(linter: Linter, ctx: DocContext, waived: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What the engine knows of one system at its declared stage (a scorecard's run): per profile,
    whether it applies, the status of each serving requirement and the serving rules that ran.
    The report adds the rules' gaps from the findings (report.py)."""
    policy = linter.options.config.policy
    assert policy is not None
    cache = linter.cache.get("coverage")
    if cache is None:
        enabled = {r.id for r in linter.rules if linter.selection.enabled(r)}
        plans = []
        for profile in policy.profiles:
            ids = {i for ids in served(profile, linter.rules).values() for i in ids}
            requirements = {i: _status_of(policy.declared[i]) for i in ids if i in policy.declared}
            # a run check (META003) judges every linted system when it is enabled; change rules
            # (PR001, PR002) judge a pull request, never a system
            whole_run = {
                r.id
                for r in linter.rules
                if r.id in ids and r.check is None and r.run_check is not None and r.scope == "repository"
            }
            plans.append((profile, requirements, {i for i in ids if i not in requirements}, whole_run & enabled))
        cache = linter.cache["coverage"] = plans
    ran = linter._applicable(linter.document_rules, ctx.stage)[2]
    out: list[dict[str, Any]] = []
    for profile, requirements, rule_ids, whole_run in cache:
        if not profile.applies(ctx.data):
            out.append({"framework": profile.framework, "applies": False, "requirements": {}, "rules": []})
            continue
        statuses = {}
        for rid, status in requirements.items():
            if rid not in ran:
                continue
            found = status(ctx.data)
            if found is not None:
                statuses[rid] = MET if found == GAPS and rid in waived else found
        rules_ran = sorted(i for i in rule_ids if i in ran or i in whole_run)
        out.append({"framework": profile.framework, "applies": True, "requirements": statuses, "rules": rules_ran})
    return out


def _status_of(requirement: Requirement) -> Any:
    from ai_readiness.requirement_checks import requirement_status

    return requirement_status(requirement)


def card_coverage(
    facts: list[dict[str, Any]], gap_rules: frozenset[str], served_by: Mapping[str, Mapping[str, list[str]]]
) -> list[dict[str, Any]]:
    """A system's `coverage` in the report: per profile, the controls with gaps (and the ids that
    have them) and the controls not applicable; every other control of the profile is met."""
    out = []
    for item in facts:
        framework = item["framework"]
        controls = served_by.get(framework, {})
        if not item["applies"]:
            out.append({"framework": framework, "applies": False, "gaps": {}, "notApplicable": list(controls)})
            continue
        statuses: dict[str, str] = dict(item["requirements"])
        for rule_id in item["rules"]:
            statuses[rule_id] = GAPS if rule_id in gap_rules else MET
        gaps: dict[str, list[str]] = {}
        not_applicable = []
        for control, ids in controls.items():
            with_gaps = [i for i in ids if statuses.get(i) == GAPS]
            if with_gaps:
                gaps[control] = with_gaps
            elif not any(statuses.get(i) == MET for i in ids):
                not_applicable.append(control)
        out.append({"framework": framework, "applies": True, "gaps": gaps, "notApplicable": not_applicable})
    return out


def status(system_coverage: Mapping[str, Any], control: str) -> str:
    """One control's status in a system's `coverage` entry for its framework (a merged report's
    entry is untrusted: a value of another shape reads as nothing listed)."""
    gaps = system_coverage.get("gaps")
    if isinstance(gaps, dict) and control in gaps:
        return GAPS
    not_applicable = system_coverage.get("notApplicable")
    if isinstance(not_applicable, list) and control in not_applicable:
        return NOT_APPLICABLE
    return MET


def gap_ids(system_coverage: Mapping[str, Any], control: str) -> list[str]:
    """The ids with gaps in one control, as text."""
    gaps = system_coverage.get("gaps")
    ids = gaps.get(control) if isinstance(gaps, dict) else None
    return [str(i) for i in ids] if isinstance(ids, list) else []


def merge_profiles(reports: Iterable[Any]) -> list[dict[str, Any]]:
    """The `profiles` of several reports as one list: per framework, the first report's title and
    source, every control any of them lists, with every id that serves it."""
    merged: dict[str, dict[str, Any]] = {}
    for report in reports:
        profiles = report.get("profiles") if isinstance(report, dict) else None
        for profile in profiles if isinstance(profiles, list) else ():
            if not isinstance(profile, dict) or not isinstance(profile.get("framework"), str):
                continue
            into = merged.setdefault(profile["framework"], {**profile, "controls": {}})
            for item in profile.get("controls") or ():
                if isinstance(item, dict) and isinstance(item.get("control"), str):
                    ids = into["controls"].setdefault(item["control"], [])
                    ids += [str(i) for i in item.get("servedBy") or () if str(i) not in ids]
    return [
        {
            **profile,
            "controls": [
                {"control": c, "servedBy": sorted(profile["controls"][c])}
                for c in sorted(profile["controls"], key=control_key)
            ],
        }
        for profile in merged.values()
    ]
