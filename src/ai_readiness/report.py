"""The readiness scorecard (`ai-readiness report`, README "Readiness"): per system, each area met
or with its gaps, at the declared stage and at the next one.

An area has gaps when a live error or warning of a rule mapped to it concerns the system's
document. The next stage's gaps come from linting again as if every manifest declared it
(`Options.target_stage`), so the scorecard says exactly what `lint --target-stage` would.

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

from ai_readiness.engine import LintResult, Options, lint
from ai_readiness.findings import Finding, Severity
from ai_readiness.rules.base import AREAS, BY_POINTER, DEFAULT_AREA, WHOLE, Rule
from ai_readiness.rules.base import area_of_pointer as area_of_pointer
from ai_readiness.rules.catalog import ALL_RULES, BY_ID

NEXT_STAGE: dict[str, str | None] = {
    "prototype": "pilot",
    "pilot": "production",
    "production": None,
    "deprecated": None,
}
MET, GAPS = "met", "gaps"
FORMATS = ("markdown", "json")  # `report --format`: the renderers are in reporters/summary.py

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


def gap_text(finding: Finding, registry: Mapping[str, Rule] = BY_ID) -> str:
    """A short, stage-independent line: the same gap reads the same at both stages."""
    where = _where(finding.pointer)
    if finding.rule == "STAGE001" or (finding.rule == "SCHEMA001" and finding.message.startswith("[required]")):
        return f"missing {where}"
    if finding.rule == "SCHEMA001":
        where = where or "document"
        return f"unknown key {where}" if finding.message.startswith("[additionalProperties]") else f"invalid {where}"
    rule = registry.get(finding.rule)
    text = f"{finding.rule} {rule.name}" if rule and rule.source == "builtin" else finding.rule
    return f"{text} at {where}" if where else text


# Findings about the change under review (PR001, PR002, only with `--base`) judge the pull
# request, not the system: they are never gaps, so readiness does not depend on `--base`.
CHANGE_RULES = frozenset(rule.id for rule in BY_ID.values() if rule.scope == "change")


def is_gap(finding: Finding) -> bool:
    """A live error or warning about the system as it stands (README, "Readiness")."""
    return finding.suppressed is None and finding.severity >= Severity.WARNING and finding.rule not in CHANGE_RULES


def _gaps_by_document(
    findings: Iterable[Finding], registry: Mapping[str, Rule] = BY_ID
) -> dict[tuple[str, int], dict[str, list[str]]]:
    out: dict[tuple[str, int], dict[str, list[str]]] = {}
    for finding in findings:
        if not is_gap(finding):
            continue
        by_area = out.setdefault((finding.path, finding.document), {})
        text = gap_text(finding, registry)
        for area in areas_of(finding, registry):
            gaps = by_area.setdefault(area, [])
            if text not in gaps:
                gaps.append(text)
    return out


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

    @property
    def judged_stage(self) -> str:
        return self.stage or "prototype"

    @property
    def readiness(self) -> float:
        """The one readiness number, for `report` and the job summary alike (README, "Readiness"):
        the share of the ten areas met at the declared stage."""
        return sum(a.stage == MET for a in self.areas) / len(AREAS)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "document": self.document,
            "name": self.name,
            "stage": self.stage,
            "type": self.type,
            "readiness": self.readiness,
            "areas": [a.as_dict() for a in self.areas],
        }


def scorecard(options: Options, result: LintResult | None = None) -> list[Card]:
    """One card per system linted with ``options``. A lint run's ``result`` is reused when it
    judged what `report` judges: the declared stages (no ``target_stage``) and every rule the
    configuration enables (no ``--select``/``--ignore``); else the paths are linted again, so
    the job summary's readiness is `report`'s. Each next stage costs one more lint of the paths."""
    if result is None or options.target_stage is not None or options.select or options.ignore:
        options = options._replace(target_stage=None, select=(), ignore=())
        result = lint(options)
    registry = BY_ID if result.rules is ALL_RULES else {r.id: r for r in result.rules}
    declared = _gaps_by_document(result.findings, registry)
    systems = [(f.path, s) for f in result.files for s in f.systems if s.touched]
    wanted = {NEXT_STAGE[s.stage or "prototype"] for _, s in systems}
    at_next: dict[str, dict[tuple[str, int], dict[str, list[str]]]] = {
        stage: _gaps_by_document(lint(options._replace(target_stage=stage)).findings, registry)
        for stage in ("pilot", "production")
        if stage in wanted
    }
    cards = []
    for path, system in systems:
        key = (path, system.document)
        next_stage = NEXT_STAGE[system.stage or "prototype"]
        now = declared.get(key, {})
        then = at_next[next_stage].get(key, {}) if next_stage else {}
        areas = []
        for area in AREAS:
            gaps = list(now.get(area, ()))
            gaps += [f"{gap} (for {next_stage})" for gap in then.get(area, ()) if gap not in gaps]
            areas.append(
                Area(
                    area,
                    GAPS if area in now else MET,
                    None if next_stage is None else (GAPS if area in then else MET),
                    tuple(gaps),
                )
            )
        cards.append(Card(path, system.document, system.name, system.stage, system.type, next_stage, tuple(areas)))
    return cards


REPORT_VERSION = 1


def report_dict(cards: list[Card]) -> dict[str, Any]:
    """The JSON shape of `report --format json` (README "report"); a new shape is a new version."""
    return {"version": REPORT_VERSION, "systems": [card.as_dict() for card in cards]}
