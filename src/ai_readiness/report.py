"""The readiness scorecard (`ai-readiness report`, README "Readiness"): per system, each area met
or with its gaps, at the declared stage and at the next one.

An area has gaps when a live error or warning of a rule mapped to it concerns the system's
document. The next stage's gaps come from the same run: the engine judges each document again at
its next stage (`Options.scorecard`), so the scorecard says what `lint --target-stage` would.

Where a finding lands (each rule's `area`, on its record):
* most rules belong to one area;
* STAGE001, SCHEMA001, YAML002, META001, REF001 and PR002 (`BY_POINTER`) land where their pointer points
  (`POINTER_AREAS`: `spec.evaluation.*` is evaluation, `spec.owners`/`purpose`/`risk` and the keys
  that identify the system are ownership, `spec.review`/`reviews`/`exceptions` are reviews, …);
* YAML001 and YAML003 (`WHOLE`), and a SCHEMA001 on `apiVersion` or `kind`, mean the document could not be
  judged (the rules did not run), so every area of it has gaps: nothing can be called met.
Info findings and suppressed findings are never gaps.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ai_readiness.engine import NEXT_STAGE, LintResult, Options, lint
from ai_readiness.findings import Finding, Severity
from ai_readiness.rules.base import AREAS, BY_POINTER, DEFAULT_AREA, WHOLE, Rule
from ai_readiness.rules.base import area_of_pointer as area_of_pointer
from ai_readiness.rules.catalog import ALL_RULES, BY_ID

__all__ = ["NEXT_STAGE", "Card", "scorecard"]

MET, GAPS = "met", "gaps"
ALL_AREAS = "all"  # a finding's `area` in the report when the document could not be judged
# `report --format`: markdown and json in reporters/summary.py, html in reporters/html.py
FORMATS = ("markdown", "json", "html")

# Where a pointer lands (`POINTER_AREAS`, `area_of_pointer`) lives beside the areas in rules/base.py:
# a policy's requirements take their default area from it without importing the scorecard.
# A wrong apiVersion or kind runs SCHEMA001 only (docs/design.md, "Schema failures").
UNJUDGED_POINTERS = frozenset(("/apiVersion", "/kind"))


def areas_of(finding: Finding, registry: Mapping[str, Rule] = BY_ID) -> tuple[str, ...]:
    rule = registry.get(finding.rule)
    mapped = rule.area if rule is not None else DEFAULT_AREA
    if mapped == WHOLE or (finding.rule == "SCHEMA001" and finding.pointer in UNJUDGED_POINTERS):
        return AREAS
    if mapped == BY_POINTER:
        return (area_of_pointer(finding.pointer),)
    return (mapped,)


def _where(pointer: str) -> str:
    """`/spec/evaluation/thresholds/0/op` → `evaluation.thresholds[0].op`."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    if tokens[:1] == ["spec"] and len(tokens) > 1:
        tokens = tokens[1:]
    out = ""
    for token in tokens:
        out += f"[{token}]" if token.isdigit() else (f".{token}" if out else token)
    return out


def gap_words(rule_id: str, pointer: str, message: str, registry: Mapping[str, Rule] = BY_ID) -> str:
    """A short, stage-independent line: the same gap reads the same at both stages."""
    where = _where(pointer)
    if rule_id == "STAGE001" or (rule_id == "SCHEMA001" and message.startswith("[required]")):
        return f"missing {where}"
    if rule_id == "SCHEMA001":
        where = where or "document"
        return f"unknown key {where}" if message.startswith("[additionalProperties]") else f"invalid {where}"
    rule = registry.get(rule_id)
    text = f"{rule_id} {rule.name}" if rule and rule.source == "builtin" else rule_id
    return f"{text} at {where}" if where else text


def gap_text(finding: Finding, registry: Mapping[str, Rule] = BY_ID) -> str:
    return gap_words(finding.rule, finding.pointer, finding.message, registry)


# Findings about the change under review (PR001, PR002, only with `--base`) judge the pull
# request, not the system: they are never gaps, so readiness does not depend on `--base`.
CHANGE_RULES = frozenset(rule.id for rule in BY_ID.values() if rule.scope == "change")


def is_gap(finding: Finding) -> bool:
    """A live error or warning about the system as it stands (README, "Readiness")."""
    return finding.suppressed is None and finding.severity >= Severity.WARNING and finding.rule not in CHANGE_RULES


class Gaps:
    """One system's gaps at one stage: the gap texts per area, and the findings behind them."""

    __slots__ = ("by_area", "findings", "registry")

    def __init__(self, registry: Mapping[str, Rule] = BY_ID) -> None:
        self.registry = registry  # the run's rules and requirements, by id
        self.by_area: dict[str, list[str]] = {}
        self.findings: list[tuple[Finding, str, str]] = []  # (finding, its gap text, its area or "all")

    def add(self, finding: Finding) -> None:
        text = gap_text(finding, self.registry)
        areas = areas_of(finding, self.registry)
        for area in areas:
            gaps = self.by_area.setdefault(area, [])
            if text not in gaps:
                gaps.append(text)
        self.findings.append((finding, text, areas[0] if len(areas) == 1 else ALL_AREAS))


def _gaps_by_document(findings: Iterable[Finding], registry: Mapping[str, Rule] = BY_ID) -> dict[tuple[str, int], Gaps]:
    out: dict[tuple[str, int], Gaps] = {}
    for finding in findings:
        if is_gap(finding):
            key = (finding.path, finding.document)
            gaps = out.get(key)
            if gaps is None:
                gaps = out[key] = Gaps(registry)
            gaps.add(finding)
    return out


# The rules whose findings depend on the stage judged: a document's other findings (the loader's,
# the schema's, the run checks') are the same at its next stage.
def _staged(rules: Iterable[Rule]) -> frozenset[str]:
    return frozenset(rule.id for rule in rules if rule.check is not None and rule.scope != "change")


STAGED_RULES = _staged(ALL_RULES)


@dataclass(frozen=True)
class Area:
    area: str
    stage: str | None  # "met" | "gaps" (None is kept for the JSON contract; not produced today)
    next: str | None  # "met" | "gaps" | None when the stage has no next one
    gaps: tuple[str, ...]  # gaps at the declared stage, then those only the next stage adds

    def as_dict(self) -> dict[str, Any]:
        return {"area": self.area, "stage": self.stage, "next": self.next, "gaps": list(self.gaps)}


@dataclass(frozen=True)
class Card:
    path: str
    document: int
    name: str | None
    stage: str | None  # as declared; None when missing or invalid (judged as a prototype)
    type: str | None
    next_stage: str | None
    areas: tuple[Area, ...]
    # Each gap as a lint finding (its JSON shape) with the `area` it counts in and the `stage` it
    # is a gap at: the declared (judged) stage, or the next one for a gap only the next stage has.
    findings: tuple[dict[str, Any], ...] = ()
    facts: dict[str, Any] | None = None  # evidence, exceptions, reviewsDue (evidence.py)
    repository: dict[str, Any] | None = None  # a merged report's: where the system was linted
    # Per profile in effect, the controls with gaps and those not applicable (coverage.py); None
    # when no profile is in effect.
    coverage: tuple[dict[str, Any], ...] | None = None

    @classmethod
    def from_dict(cls, system: dict[str, Any]) -> Card:
        """A card of a report's JSON (a merged report's system, checked by merge.py)."""
        areas = tuple(
            Area(a["area"], a.get("stage"), a.get("next"), tuple(a.get("gaps") or ())) for a in system["areas"]
        )
        stage = system.get("stage")
        facts: dict[str, Any] = {k: system[k] for k in ("evidence", "exceptions", "reviewsDue") if k in system}
        return cls(
            system["path"],
            system["document"],
            system.get("name"),
            stage,
            system.get("type"),
            NEXT_STAGE.get(stage or "prototype"),
            areas,
            tuple(system.get("findings") or ()),
            facts,
            system.get("repository"),
            tuple(system["coverage"]) if isinstance(system.get("coverage"), list) else None,
        )

    @property
    def judged_stage(self) -> str:
        return self.stage or "prototype"

    @property
    def readiness(self) -> float:
        """The one readiness number, for `report` and the job summary alike (README, "Readiness"):
        the share of the ten areas met at the declared stage."""
        return sum(a.stage == MET for a in self.areas) / len(AREAS)

    def as_dict(self) -> dict[str, Any]:
        facts = self.facts or {}
        out = {
            "path": self.path,
            "document": self.document,
            "name": self.name,
            "stage": self.stage,
            "type": self.type,
            "readiness": self.readiness,
            "areas": [a.as_dict() for a in self.areas],
            "findings": list(self.findings),
            "evidence": facts.get("evidence", {"lastRun": None, "redTeam": None}),
            "exceptions": facts.get("exceptions", []),
            "reviewsDue": facts.get("reviewsDue", []),
        }
        if self.coverage is not None:
            out["coverage"] = list(self.coverage)
        return out


def reusable(options: Options) -> bool:
    """Whether a lint run with ``options`` judges what `report` judges, so that the scorecard can
    be read from it: the declared stages (no ``target_stage``), every rule the configuration
    enables (no ``--select``/``--ignore``), and each system's next stage in the same pass."""
    return options.scorecard and options.target_stage is None and not options.select and not options.ignore


def scorecard(options: Options, result: LintResult | None = None, *, every_system: bool = False) -> list[Card]:
    """One card per system linted with ``options``. A lint run's ``result`` is reused when it
    judged what `report` judges (`reusable`); else the paths are linted once more for the
    scorecard, so the job summary's readiness is `report`'s. ``every_system``: under `--base`,
    also the systems the change does not touch (the Action's report file covers them all)."""
    if result is None or not reusable(options):
        result = lint(options._replace(target_stage=None, select=(), ignore=(), scorecard=True))
    findings = result.unscoped if every_system and result.unscoped is not None else result.findings
    registry = result.by_id()
    staged = STAGED_RULES if result.rules is ALL_RULES else _staged(result.rules)
    declared = _gaps_by_document(findings, registry)
    systems = _systems(result, declared, every_system)
    # what the next stage shares with the declared one: the findings that do not depend on it
    shared = _gaps_by_document((f for f in findings if f.rule not in staged), registry)
    served_by = _served_by(options, result)
    cards = []
    for path, system in systems:
        key = (path, system.document)
        next_stage = NEXT_STAGE[system.stage or "prototype"]
        now = declared.get(key) or Gaps(registry)
        then = Gaps(registry)
        if next_stage is not None:
            common = [finding for finding, _, _ in (shared.get(key) or Gaps(registry)).findings]
            for finding in sorted([*common, *(f for f in system.ahead or () if is_gap(f))], key=Finding.sort_key):
                then.add(finding)
        cards.append(_card(path, system, next_stage, now, then, served_by))
    return cards


def _served_by(options: Options, result: LintResult) -> dict[str, dict[str, list[str]]] | None:
    """Per profile in effect, its controls and the ids that serve them; None without a profile."""
    policy = options.config.policy
    if policy is None or not policy.profiles:
        return None
    from ai_readiness.coverage import served

    return {p.framework: served(p, result.rules) for p in policy.profiles}


def _systems(result: LintResult, declared: dict[tuple[str, int], Gaps], every_system: bool) -> list[tuple[str, Any]]:
    """(path, system) of every card, in file order. A document the loader could not read (YAML001,
    YAML003) is no system of the lint result, but it is one of the scorecard: it meets nothing, so
    that a broken manifest shows as a system with gaps rather than as none."""
    from ai_readiness.engine import System

    out: list[tuple[str, Any]] = []
    for file in result.files:
        known = {s.document for s in file.systems}
        unread = sorted(
            {
                document
                for (path, document), gaps in declared.items()
                if path == file.path and document not in known and any(a == ALL_AREAS for _, _, a in gaps.findings)
            }
        )
        listed = [s for s in file.systems if s.touched or every_system] + [System(d, None, None, None) for d in unread]
        out += [(file.path, s) for s in sorted(listed, key=lambda s: s.document)]
    return out


def _card(
    path: str,
    system: Any,
    next_stage: str | None,
    now: Gaps,
    then: Gaps,
    served_by: dict[str, dict[str, list[str]]] | None = None,
) -> Card:
    areas = []
    for area in AREAS:
        texts = list(now.by_area.get(area, ()))
        texts += [f"{gap} (for {next_stage})" for gap in then.by_area.get(area, ()) if gap not in texts]
        areas.append(
            Area(
                area,
                GAPS if area in now.by_area else MET,
                None if next_stage is None else (GAPS if area in then.by_area else MET),
                tuple(texts),
            )
        )
    judged = system.stage or "prototype"
    listed = []
    seen = set()
    for stage, gaps in ((judged, now), (next_stage, then)):
        for finding, text, area in gaps.findings:
            key = (finding.rule, finding.pointer, text)
            if key in seen:
                continue
            seen.add(key)
            listed.append({**finding.as_dict(), "area": area, "stage": stage})
    coverage = None
    if served_by is not None:
        from ai_readiness.coverage import card_coverage

        facts = (system.facts or {}).get("coverage")
        if facts is None:  # not judged (a YAML error, a wrong apiVersion or kind): nothing is met
            facts = [
                {
                    "framework": f,
                    "applies": True,
                    "requirements": {},
                    "rules": sorted({i for c in ids.values() for i in c}),
                }
                for f, ids in served_by.items()
            ]
            gap_ids = frozenset(i for item in facts for i in item["rules"])
        else:
            gap_ids = frozenset(finding.rule for finding, _, _ in now.findings)
        coverage = tuple(card_coverage(facts, gap_ids, served_by))
    return Card(
        path,
        system.document,
        system.name,
        system.stage,
        system.type,
        next_stage,
        tuple(areas),
        tuple(listed),
        system.facts,
        None,
        coverage,
    )


REPORT_VERSION = 1


def report_dict(
    cards: list[Card],
    repository: dict[str, Any] | None = None,
    date: str | None = None,
    notice: str | None = None,
    profiles: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The JSON shape of `report --format json` (README "report"; `schemas/report.schema.json`).
    Keys are only ever added within a version: readers ignore the ones they do not know."""
    out: dict[str, Any] = {
        "version": REPORT_VERSION,
        "repository": repository,
        "date": date,
        "exceptionExpiryNotice": notice,
    }
    if profiles:  # only with a profile in effect (README, "Regulation profiles")
        out["profiles"] = profiles
    out["systems"] = [card.as_dict() for card in cards]
    return out


def report_document(
    options: Options, result: LintResult | None = None, *, every_system: bool = False
) -> tuple[list[Card], dict[str, Any]]:
    """The cards and the JSON of `report` (and of `lint --report`): the scorecard, where it was
    linted (repository.py), the run's date and the expiry notice in force."""
    from ai_readiness.evidence import expiry_notice
    from ai_readiness.repository import identify

    cards = scorecard(options, result, every_system=every_system)
    notice = str(expiry_notice(options.config))
    return cards, report_dict(
        cards, identify(options.root), options.today.isoformat(), notice, report_profiles(options)
    )


def report_profiles(options: Options) -> list[dict[str, Any]]:
    """The report's `profiles`: each profile in effect with its controls (coverage.py)."""
    policy = options.config.policy
    if policy is None or not policy.profiles:
        return []
    from ai_readiness.coverage import profiles_dict

    return profiles_dict(policy, policy.rules)
