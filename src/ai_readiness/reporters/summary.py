"""Markdown: the readiness scorecard (`report --format markdown`) and the job summary
(`lint --summary FILE`, README "Output").

Everything taken from a manifest (names, paths, messages, waiver reasons) goes through `md()`, so no
text can end a table cell, open a code span or inject HTML. The job summary is capped at 1 MiB, the
largest step summary the runner accepts: whole lines are left out, with a note saying how many.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ai_readiness.docs import help_uri
from ai_readiness.engine import LintResult
from ai_readiness.escaping import printable, raw_bytes
from ai_readiness.findings import Finding
from ai_readiness.report import GAPS, MET, Card
from ai_readiness.reporters.common import errors_first, summary_line
from ai_readiness.rules.base import AREAS, Rule
from ai_readiness.rules.catalog import BY_ID

LIMIT = 1024 * 1024  # bytes appended to GITHUB_STEP_SUMMARY
CELL_CHARS = 1000  # a longer message is cut (by characters, never inside one) and ends with "…"
MARKS = {MET: "✅", GAPS: "❌", None: "–"}

_BREAK = re.compile(r"\r\n|\r|\n")
# Backslash-escape what would start markdown syntax inside a table cell (CommonMark lets any ASCII
# punctuation be escaped); `<`, `>` and `&` become entities, so no tag or entity survives.
_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def md(text: str, limit: int = CELL_CHARS) -> str:
    """``text`` as literal characters in one markdown table cell."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _PUNCTUATION.sub(r"\\\1", text)
    text = _CONTROL.sub("\ufffd", text.replace("\t", " "))
    return _BREAK.sub("<br>", text)


# -- links ------------------------------------------------------------------------------------

_SERVER = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?")
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
# A pack's `url` as a link target: no character that could end the link or start markup.
_SAFE_URI = re.compile(r"https://[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+")


@dataclass(frozen=True)
class Links:
    """`<server>/<repository>/blob/<sha>/<path>#L<line>` when GitHub tells us all three."""

    base: str | None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Links:
        server = env.get("GITHUB_SERVER_URL", "").rstrip("/")
        repository = env.get("GITHUB_REPOSITORY", "")
        sha = env.get("GITHUB_SHA", "")
        if _SERVER.fullmatch(server) and _REPOSITORY.fullmatch(repository) and _SHA.fullmatch(sha):
            return cls(f"{server}/{repository}/blob/{sha}/")
        return cls(None)

    @classmethod
    def of_repository(cls, repository: object) -> Links:
        """`<url>/blob/<commit>/` of a report's `repository`, when both have the expected shape."""
        if isinstance(repository, dict):
            url, commit = repository.get("url"), repository.get("commit")
            if isinstance(url, str) and isinstance(commit, str) and _SERVER.fullmatch(url) and _SHA.fullmatch(commit):
                return cls(f"{url.rstrip('/')}/blob/{commit}/")
        return cls(None)

    def to(self, text: str, path: str, line: int | None = None) -> str:
        """``text`` (already markdown) linked to ``path`` at ``line``, or as it is without a base."""
        if self.base is None:
            return text
        anchor = f"#L{line}" if line is not None else ""
        return f"[{text}]({self.base}{quote(raw_bytes(path), safe='/')}{anchor})"


# -- the scorecard -----------------------------------------------------------------------------


def _stage(card: Card) -> str:
    stage = card.stage or "prototype (stage missing or invalid)"
    return f"{stage} → {card.next_stage}" if card.next_stage else stage


def _percent(card: Card) -> str:
    return f"{round(card.readiness * 100)}%"


README_READINESS = "https://github.com/ai-readiness/ai-readiness#readiness"


def _legend(cards: list[Card]) -> str:
    """What the cells show: a next stage only where one of the systems has one."""
    with_next = [card for card in cards if card.next_stage]
    if not with_next:
        cells = "Each area at the declared stage (production and deprecated have no next stage): "
    elif len(with_next) == len(cards):
        cells = "Each area: declared stage → next stage; "
    else:
        cells = "Each area: declared stage → next stage (production and deprecated: the declared stage only); "
    return (
        f"{cells}✅ met, ❌ gaps. Readiness: the share of the ten areas met at the declared stage "
        f"([how it is counted]({README_READINESS}))."
    )


def scorecard_lines(cards: list[Card], links: Links) -> list[tuple[str, str]]:
    """(kind, line) pairs: the table, its legend and the gaps; kind "system" marks a row."""
    if not cards:
        return [("text", "No AI system was linted.")]
    header = "| system | stage | readiness | " + " | ".join(AREAS) + " |"
    rule = "|---|---|--:|" + ":-:|" * len(AREAS)
    lines = [("text", header), ("text", rule)]
    for card in cards:
        name = md(card.name or f"document {card.document}")
        # a merged report's system links to its own repository
        to = links.to if card.repository is None else Links.of_repository(card.repository).to
        system = f"{to(f'**{name}**', card.path)}<br>{md(card.path)}"
        if card.document:
            system += f" (document {card.document})"
        if card.repository is not None:
            label = card.repository.get("name") or card.repository.get("url")
            system += f"<br>{md(str(label))}" if label else ""
        cells = []
        for area in card.areas:
            cell = MARKS[area.stage]
            if card.next_stage:
                cell += f" → {MARKS[area.next]}"
            cells.append(cell)
        lines.append(("system", f"| {system} | {md(_stage(card))} | {_percent(card)} | " + " | ".join(cells) + " |"))
    lines.append(("text", ""))
    lines.append(("text", _legend(cards)))
    gaps = [card for card in cards if any(a.gaps for a in card.areas)]
    if gaps:
        lines += [("text", ""), ("text", "#### Gaps"), ("text", "")]
        for card in gaps:
            name = md(card.name or f"document {card.document}")
            lines.append(("system", f"- **{name}** ({md(card.path)}, {md(_stage(card))})"))
            for area in card.areas:
                if area.gaps:
                    lines.append(("system", f"  - {area.area}: " + "; ".join(md(g) for g in area.gaps)))
    return lines


def scorecard_markdown(
    cards: list[Card], links: Links | None = None, profiles: list[dict[str, Any]] | None = None
) -> str:
    lines = ["## Readiness", "", *(line for _, line in scorecard_lines(cards, links or Links(None)))]
    if profiles:
        lines += ["", *(line for _, line in coverage_lines(profiles, cards, "##"))]
    return "\n".join(lines) + "\n"


# -- coverage per framework (coverage.py) ---------------------------------------------------------

COVERAGE_COLUMNS = 6  # up to this many systems, one column each; more: counts of systems
COVERAGE_MARKS = {"met": "✅ met", "gaps": "❌ gaps", "not applicable": "– not applicable"}
README_PROFILES = "https://github.com/ai-readiness/ai-readiness#regulation-profiles"


def coverage_lines(profiles: list[dict[str, Any]], cards: list[Card], level: str = "###") -> list[tuple[str, str]]:
    """Per profile in effect, each control with what serves it and, per system, met, gaps or not
    applicable (a column per system, or counts of systems when there are many)."""
    from ai_readiness.coverage import NOT_APPLICABLE, gap_ids, status

    lines: list[tuple[str, str]] = []
    for profile in profiles:
        framework = str(profile.get("framework"))
        controls = profile.get("controls") or []
        title = md(str(profile.get("title") or framework))
        lines += [("text", f"{level} Coverage: {title}"), ("text", "")]
        lines.append(
            (
                "text",
                f"Profile {md(str(profile.get('source') or ''))}: {len(controls)} controls, each with the rules and "
                f"requirements that serve it. Documentation support, not legal advice "
                f"([what met means]({README_PROFILES})).",
            )
        )
        lines.append(("text", ""))
        entries = []
        for card in cards:
            entry = next(
                (c for c in card.coverage or () if isinstance(c, dict) and c.get("framework") == framework), None
            )
            entries.append((card, entry))
        few = len(cards) <= COVERAGE_COLUMNS
        if few:
            names = [md(card.name or f"document {card.document}") for card in cards]
            lines.append(("text", "| control | served by | " + " | ".join(names) + " |"))
            lines.append(("text", "|---|---|" + "---|" * len(cards)))
        else:
            lines.append(("text", "| control | served by | met | gaps | not applicable |"))
            lines.append(("text", "|---|---|--:|--:|--:|"))
        for item in controls:
            control = str(item.get("control"))
            shown = md(control.partition(":")[2] or control)
            served = md(", ".join(str(i) for i in item.get("servedBy") or []))
            found = [(status(entry, control) if entry else NOT_APPLICABLE, entry) for _, entry in entries]
            if few:
                cells = []
                for word, entry in found:
                    cell = COVERAGE_MARKS[word]
                    if word == "gaps" and entry is not None:
                        cell += ": " + md(", ".join(gap_ids(entry, control)))
                    cells.append(cell)
                lines.append(("system", f"| {shown} | {served} | " + " | ".join(cells) + " |"))
            else:
                counts = [sum(word == w for word, _ in found) for w in ("met", "gaps", NOT_APPLICABLE)]
                lines.append(("system", f"| {shown} | {served} | " + " | ".join(f"{n:,}" for n in counts) + " |"))
        lines.append(("text", ""))
    return lines


def scorecard_json(document: dict[str, Any], compact: bool = False) -> str:
    """A report's JSON (``report_dict``'s shape): indented, or compact for a merged report."""
    if compact:
        return json.dumps(document, separators=(",", ":"), ensure_ascii=False) + "\n"
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# -- the job summary ---------------------------------------------------------------------------


def _finding_row(finding: Finding, links: Links, registry: Mapping[str, Rule] = BY_ID) -> str:
    severity = finding.severity.label
    message = md(finding.message)
    if finding.suppressed is not None:
        severity += " (suppressed)"
        waiver = finding.suppressed
        why = md(str(waiver.get("reason") or "no reason given"))
        by = f", approved by {md(str(waiver['approvedBy']))}" if waiver.get("approvedBy") else ""
        until = f", until {md(str(waiver['expires']))}" if waiver.get("expires") else ""
        message += f"<br>_suppressed: {why}{by}{until}_"
    rule = registry.get(finding.rule)
    uri = help_uri(rule) if rule else None
    rule_cell = f"[{finding.rule}]({uri})" if uri and _SAFE_URI.fullmatch(uri) else md(finding.rule)
    where = links.to(md(f"{finding.path}:{finding.line}"), finding.path, finding.line)
    return f"| {severity} | {rule_cell} | {where} | {message} |"


def job_summary(
    result: LintResult,
    cards: list[Card],
    links: Links,
    limit: int = LIMIT,
    profiles: list[dict[str, Any]] | None = None,
) -> str:
    """The markdown to append to the step summary: counts, scorecard, then every finding (live
    first, errors first; suppressed ones after, marked), never more than ``limit`` UTF-8 bytes."""
    lines: list[tuple[str, str]] = [
        ("text", "## ai-readiness"),
        ("text", ""),
        ("text", md(summary_line(result))),
        *(("text", f"<br>{md(note)}") for note in result.notes),
        ("text", ""),
        ("text", "### Readiness"),
        ("text", ""),
        *scorecard_lines(cards, links),
    ]
    if profiles:
        lines += [("text", ""), *coverage_lines(profiles, cards)]
    unread = len(result.files) - sum(1 for f in result.files if f.systems)
    if unread:
        lines += [("text", ""), ("text", f"{unread} linted file(s) hold no readable system: see the findings.")]
    lines += [("text", ""), ("text", "### Findings"), ("text", "")]
    suppressed = [f for f in result.findings if f.suppressed is not None]
    ordered = errors_first(result.findings) + suppressed
    if ordered:
        lines += [("text", "| severity | rule | where | message |"), ("text", "|---|---|---|---|")]
        registry = result.by_id()
        lines += [("finding", _finding_row(f, links, registry)) for f in ordered]
    else:
        lines.append(("text", "No findings."))
    # The cap counts the bytes written: a name that is not UTF-8 is written escaped (escaping.py).
    return _cap([(kind, printable(line) + "\n") for kind, line in lines], limit)


def _cap(lines: list[tuple[str, str]], limit: int) -> str:
    total = sum(len(line.encode("utf-8")) for _, line in lines)
    if total <= limit:
        return "".join(line for _, line in lines)
    kept: list[str] = []
    size = 0
    reserve = 400  # room for the note, whatever the counts in it
    for index, (_, line) in enumerate(lines):
        length = len(line.encode("utf-8"))
        if size + length > limit - reserve:
            left = lines[index:]
            findings = sum(kind == "finding" for kind, _ in left)
            systems = sum(kind == "system" for kind, _ in left)
            note = (
                f"\n**Truncated** to stay within GitHub's 1 MiB step summary: {findings} finding(s) and "
                f"{systems} scorecard line(s) are not shown. The log and `--format json` have them all.\n"
            )
            return "".join(kept) + note
        kept.append(line)
        size += length
    return "".join(kept)  # not reached: total > limit, so the loop returns
