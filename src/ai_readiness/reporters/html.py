"""`report --format html`: the readiness of every system on one self-contained page (README,
"Organisation view"; docs/design.md, "The HTML page").

The page is rendered from the report's JSON shape (one repository's, or a merged one), so a merged
page and a single one are the same code. What it promises:

* nothing is fetched: the style sheet and the one script are inline, allowed by their SHA-256
  hashes in a `Content-Security-Policy` of `default-src 'none'`; styling is by class only (a hash
  does not cover `style=` attributes); no font, image or frame;
* it reads the same with scripts off (the script only adds a filter box);
* every text from a report is escaped (`esc`), and a link is built only from a repository address
  and a commit of the expected shape;
* at most ``CAP`` bytes: each system shows the same number of gaps, as many as fit (at most
  ``MAX_GAPS``, at least ``MIN_GAPS``), the rest as "+N more"; past the cap, rows are left out
  with a note;
* long lists are tables of at most ``ROWS`` rows with `content-visibility: auto`, so the browser
  lays out only what is on screen.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from ai_readiness.escaping import printable, raw_bytes
from ai_readiness.report import gap_words
from ai_readiness.rules.base import AREAS

CAP = 10 * 1000 * 1000  # bytes of the whole page
MAX_GAPS = 20  # gaps shown per system
MIN_GAPS = 3
ROWS = 200  # rows per table
LIST_ROWS = 1000  # rows of the exceptions, reviews and evidence lists
RESERVE = 4096  # room kept for the end of the page and the notes

STAGE_ORDER = ("production", "pilot", "prototype", "deprecated", None)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~-]+)+")
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def esc(text: str) -> str:
    """``text`` as HTML text or a quoted attribute value: markup characters as entities, control
    characters (invalid in HTML) as U+FFFD, a lone surrogate as its escape (escaping.py)."""
    text = (
        printable(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )
    return _CONTROL.sub("\ufffd", text) if _CONTROL.search(text) else text


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def blob_base(repository: Any) -> str | None:
    """`<url>/blob/<commit>/` when the repository's address and commit have the expected shape."""
    if not isinstance(repository, dict):
        return None
    url, commit = repository.get("url"), repository.get("commit")
    if isinstance(url, str) and isinstance(commit, str) and _URL.fullmatch(url) and _SHA.fullmatch(commit):
        return f"{url}/blob/{commit}/"
    return None


def _repo_label(repository: Any) -> str:
    if not isinstance(repository, dict):
        return ""
    name = repository.get("name") or repository.get("url")
    return name if isinstance(name, str) else ""


# -- the style sheet and the script -------------------------------------------------------------------

_STYLE = """\
:root{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;background:#fff}
body{margin:0 auto;max-width:1500px;padding:0 16px 40px}
h1{font-size:1.6em;margin:.7em 0 .2em}
h2{font-size:1.25em;margin:1.6em 0 .5em;padding-bottom:.2em;border-bottom:1px solid #d0d7de}
nav a{margin-right:1.2em}
p.meta,small,.muted{color:#59636e}
table{border-collapse:collapse;width:100%%}
th,td{border:1px solid #d0d7de;padding:2px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
thead th{background:#f6f8fa;font-weight:600;overflow-wrap:normal}
.grid thead th{font-size:.75em;padding:2px 3px;overflow-wrap:anywhere}
table.narrow{width:auto;min-width:30em}
tbody th{font-weight:600}
th small{display:block;font-weight:400}
.lazy{content-visibility:auto;contain-intrinsic-size:auto %(grid)dpx}
.lazy.gaps{contain-intrinsic-size:auto %(gaps)dpx}
.grid,.gaps{table-layout:fixed}
.gaps col.sys{width:24%%}
.grid col.sys{width:14%%}.grid col.st{width:9%%}.grid col.rd{width:5%%}
.r{text-align:right}
td.m{background:#dafbe1}td.g{background:#ffebe9}
td.mm{background:#dafbe1}td.gg{background:#ffebe9}
td.mg{background:linear-gradient(90deg,#dafbe1 50%%,#ffebe9 50%%)}
td.gm{background:linear-gradient(90deg,#ffebe9 50%%,#dafbe1 50%%)}
.bad{color:#b42318;font-weight:600}.ok{color:#1a7f37;font-weight:600}
ol{margin:0;padding-left:2.2em}
li.more{list-style:none;color:#59636e}
b.rule,.gaps li>b{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-weight:600}
.note{background:#fff8c5;border:1px solid #d4a72c;padding:4px 8px;margin:.5em 0}
#filter input{width:20em;padding:3px 6px;font:inherit}
"""

_SCRIPT = """\
(() => {
  const slot = document.getElementById("filter");
  if (!slot) return;
  const box = document.createElement("input");
  box.type = "search";
  box.id = "filter-box";
  box.name = "filter";
  box.placeholder = "Filter systems by name, repository or path";
  box.setAttribute("aria-label", "Filter systems");
  slot.append(box);
  slot.hidden = false;
  let rows = null;
  box.addEventListener("input", () => {
    rows = rows || Array.from(document.querySelectorAll("table.sys tbody tr"));
    const q = box.value.trim().toLowerCase();
    for (const row of rows) row.hidden = q !== "" && !row.cells[0].textContent.toLowerCase().includes(q);
  });
})();
"""


# -- rows --------------------------------------------------------------------------------------------


def _cell(stage: Any, nxt: Any) -> str:
    if stage not in ("met", "gaps"):
        return "<td>–"
    now = "g" if stage == "gaps" else "m"
    if nxt not in ("met", "gaps"):
        return f"<td class={now}>{stage}"
    return f"<td class={now}{nxt[0]}>{stage} → {nxt}"


_CELLS: dict[tuple[Any, Any], str] = {(a, b): _cell(a, b) for a in ("met", "gaps") for b in ("met", "gaps", None)}


def _system_th(system: dict[str, Any], merged: bool, path: bool = False) -> str:
    name = system.get("name") or f"document {system.get('document')}"
    under = []
    if merged:
        under.append(esc(_repo_label(system.get("repository"))))
    if path or not merged:
        where = esc(system["path"])
        if system.get("document"):
            where += f" #{system['document']}"
        under.append(where)
    return f"<th>{esc(name)}<small>{' · '.join(u for u in under if u)}</small>"


def _stage_words(system: dict[str, Any]) -> str:
    stage = system.get("stage")
    shown = esc(stage) if stage else "prototype <small>(stage missing or invalid)</small>"
    nxt = _next_of(stage)
    return f"{shown} → {nxt}" if nxt else shown


def _next_of(stage: Any) -> str | None:
    return {"prototype": "pilot", "pilot": "production"}.get(stage) if stage else "pilot"


def _grid_row(system: dict[str, Any], merged: bool) -> str:
    by_area = {a.get("area"): (a.get("stage"), a.get("next")) for a in system["areas"]}
    cells = "".join(_CELLS.get(by_area.get(area, (None, None)), "<td>–") for area in AREAS)
    readiness = round(float(system["readiness"]) * 100)
    return f"<tr>{_system_th(system, merged)}<td>{_stage_words(system)}<td class=r>{readiness}%{cells}\n"


def _more(hidden: int) -> str:
    return f"<li class=more>+{hidden} more" if hidden > 0 else ""


class _Gaps:
    """Each system's gaps as list items, rendered only as far as the page shows them."""

    def __init__(self, systems: list[dict[str, Any]], merged: bool, top_base: str | None) -> None:
        self.systems = [s for s in systems if s.get("findings")]
        self.headers = [f"<tr>{_system_th(s, merged, path=True)}<td><ol>" for s in self.systems]
        self.hrefs = []
        for system in self.systems:
            base = blob_base(system.get("repository")) if merged else top_base
            self.hrefs.append(None if base is None else esc(base + quote(raw_bytes(system["path"]), safe="/")))
        self.items: list[list[str]] = [[] for _ in self.systems]
        self.sizes: list[list[int]] = [[] for _ in self.systems]
        self._words: dict[tuple[str, str, str, str | None], str] = {}  # gaps repeat across systems

    def render(self, k: int) -> None:
        """Render each system's first ``k`` gaps."""
        for index, system in enumerate(self.systems):
            items, sizes = self.items[index], self.sizes[index]
            findings = system["findings"]
            judged = system.get("stage") or "prototype"
            for finding in findings[len(items) : k]:
                item = self._item(finding, self.hrefs[index], system["path"], judged)
                items.append(item)
                sizes.append(len(item.encode("utf-8")))

    def _item(self, finding: dict[str, Any], href: str | None, path: str, judged: str) -> str:
        line = finding["line"]
        where = f"line {line}"
        if href is not None and finding["path"] == path:
            where = f'<a href="{href}#L{line}">{where}</a>'
        rule, stage = finding["rule"], finding.get("stage")
        key = (rule, finding["pointer"], finding["message"], stage if stage != judged else None)
        words = self._words.get(key)
        if words is None:
            text = gap_words(rule, finding["pointer"], finding["message"])
            text = text[len(rule) + 1 :] if text.startswith(rule + " ") else text
            later = f" <small>(for {esc(stage)})</small>" if stage and stage != judged else ""
            words = self._words[key] = f" <b>{esc(rule)}</b> {esc(text)}{later}"  # styled as .gaps li>b
        return f"<li>{where}{words}"

    def size(self, k: int) -> int:
        """Bytes of the gap rows with ``k`` gaps each (rendered already)."""
        total = sum(len(h.encode("utf-8")) + 7 for h in self.headers) + 200 * (len(self.headers) // ROWS + 1)
        for system, sizes in zip(self.systems, self.sizes, strict=True):
            count = len(system["findings"])
            total += sum(sizes[:k]) + (len(_more(count - k)) if count > k else 0)
        return total

    def fit(self, budget: int) -> int:
        """The most gaps per system (MIN_GAPS to MAX_GAPS) whose rows fit in ``budget`` bytes."""
        self.render(MIN_GAPS)
        best = MIN_GAPS
        for k in range(MIN_GAPS + 1, MAX_GAPS + 1):
            self.render(k)
            if self.size(k) > budget:
                break
            best = k
        return best

    def rows(self, k: int) -> list[str]:
        return [
            header + "".join(items[:k]) + _more(len(system["findings"]) - min(k, len(items))) + "</ol>\n"
            for header, items, system in zip(self.headers, self.items, self.systems, strict=True)
        ]


# -- sections ----------------------------------------------------------------------------------------


class Table:
    """A table split into parts of at most ``ROWS`` rows, each laid out lazily."""

    def __init__(self, head: str, rows: list[str], css: str = "", cols: str = "") -> None:
        self.head, self.rows, self.css, self.cols = head, rows, css, cols

    def parts(self, rows: int) -> tuple[str, str]:
        """The start and the end of a part of ``rows`` rows. A long part is laid out lazily: its
        table sits in a block with `content-visibility: auto` (Chromium skips the layout of an
        off-screen block, not of a table); a short part's placeholder would be taller than it."""
        table = f"<table class='{self.css}'>" if self.css else "<table>"
        head = f"{self.cols}<thead><tr>{self.head}</thead><tbody>\n"
        if rows > 40:
            kind = " gaps" if "gaps" in self.css.split() else ""
            return f"<div class='lazy{kind}'>{table}{head}", "</tbody></table></div>\n"
        return f"{table}{head}", "</tbody></table>\n"


def _age(day: Any, today: _dt.date | None) -> int | None:
    if not isinstance(day, str) or today is None:
        return None
    try:
        return (today - _dt.date.fromisoformat(day)).days
    except ValueError:
        return None


BUCKETS = ((30, "30 days or less"), (90, "31 to 90 days"), (180, "91 to 180 days"), (None, "over 180 days"))


def _bucket(age: int | None, declared: bool) -> str:
    if not declared:
        return "none declared"
    if age is None:
        return "date unknown"
    for limit, label in BUCKETS:
        if limit is None or age <= limit:
            return label
    return BUCKETS[-1][1]  # not reached


def render(report: dict[str, Any], notes: Iterable[str] = ()) -> str:
    """The page for a report (``report_dict``'s shape, or a merged report's)."""
    systems: list[dict[str, Any]] = report["systems"]
    merged = report.get("repository") is None and any("repository" in s for s in systems)
    date = report.get("date")
    today = _dt.date.fromisoformat(date) if isinstance(date, str) else None
    notice = report.get("exceptionExpiryNotice")
    top_base = blob_base(report.get("repository"))

    repos = {_repo_label(s.get("repository")) for s in systems} if merged else set()
    where = _count(len(repos), "repository") if merged else _repo_label(report.get("repository")) or "this repository"
    title = "AI readiness" + ("" if merged else f": {where}")

    # systems per stage
    stage_rows = []
    known: dict[str | None, list[dict[str, Any]]] = {s: [] for s in STAGE_ORDER}  # any other value: invalid
    for system in systems:
        stage = system.get("stage")
        known[stage if stage in known else None].append(system)
    for stage in STAGE_ORDER:
        members = known[stage]
        if not members and stage is None:
            continue
        ready = sum(1 for s in members if s["readiness"] >= 1)
        mean = f"{round(100 * sum(float(s['readiness']) for s in members) / len(members))}%" if members else "–"
        label = esc(stage) if stage else "stage missing or invalid"
        stage_rows.append(f"<tr><th>{label}<td class=r>{len(members)}<td class=r>{ready}<td class=r>{mean}\n")
    stages = Table("<th>stage<th>systems<th>all areas met<th>mean readiness", stage_rows, "narrow")

    # the grid
    cols = "<colgroup><col class=sys><col class=st><col class=rd>" + "<col>" * len(AREAS) + "</colgroup>"
    head = "<th>system<th>stage<th>ready" + "".join(f"<th>{esc(a)}" for a in AREAS)
    grid = Table(head, [_grid_row(s, merged) for s in systems], "grid sys", cols)

    # exceptions that end within the notice, and reviews that fall due
    ending = []
    due = []
    for system in systems:
        for entry in system.get("exceptions") or ():
            if entry.get("state") in ("expired", "expiring"):
                ending.append((entry.get("expires") or "", system, entry))
        for entry in system.get("reviewsDue") or ():
            due.append((entry["due"], system, entry))
    ending.sort(key=lambda e: e[0])
    due.sort(key=lambda e: e[0])
    exception_rows = [_exception_row(system, entry, today, merged) for _, system, entry in ending[:LIST_ROWS]]
    review_rows = [_review_row(system, entry, today, merged) for _, system, entry in due[:LIST_ROWS]]

    # evaluation evidence by age
    counts: dict[str, list[int]] = {
        label: [0, 0] for label in (*(b for _, b in BUCKETS), "date unknown", "none declared")
    }
    dated = []
    for system in systems:
        evidence = system.get("evidence") or {}
        for column, key in enumerate(("lastRun", "redTeam")):
            day = evidence.get(key)
            counts[_bucket(_age(day, today), day is not None)][column] += 1
        if evidence.get("lastRun"):
            dated.append((evidence["lastRun"], system))
    dated.sort(key=lambda e: e[0])
    bucket_rows = [f"<tr><th>{label}<td class=r>{a}<td class=r>{b}\n" for label, (a, b) in counts.items() if a or b]
    oldest_rows = [_evidence_row(system, today, merged) for _, system in dated[:ROWS]]

    # each system's gaps: the same number for every system, as many as the page can hold
    gaps = _Gaps(systems, merged, top_base)

    sections: list[tuple[str, str, Table | None, str]] = []  # (id, heading and text, table, text after)
    legend = (
        "<p class=muted>Each area at the declared stage, then at the next one: <b>met</b> (green) or <b>gaps</b> "
        "(red); production and deprecated have no next stage. Readiness: the share of the ten areas met at the "
        "declared stage.</p><p id=filter hidden></p>"
    )
    notice_words = f"within {esc(notice)}" if notice else "within each repository's notice"
    sections.append(("stages", "<h2>Systems per stage</h2>", stages, ""))
    sections.append(("grid", f"<h2>Systems × areas</h2>{legend}", grid, ""))
    sections.append(
        (
            "exceptions",
            f"<h2>Exceptions ending {notice_words}</h2>",
            Table("<th>system<th>rule<th>expires<th>approved by<th>reason", exception_rows, "sys")
            if exception_rows
            else None,
            _overflow(len(ending), LIST_ROWS, "exception") or ("" if exception_rows else "<p>None.</p>"),
        )
    )
    sections.append(
        (
            "reviews",
            f"<h2>Reviews due {notice_words}</h2>",
            Table("<th>system<th>review<th>due", review_rows, "sys") if review_rows else None,
            _overflow(len(due), LIST_ROWS, "review") or ("" if review_rows else "<p>None.</p>"),
        )
    )
    sections.append(
        (
            "evidence",
            "<h2>Evaluation evidence by age</h2>",
            Table("<th>age<th>last evaluation run<th>last red-team exercise", bucket_rows, "narrow"),
            "",
        )
    )
    if oldest_rows:
        sections.append(
            (
                "oldest",
                f"<h3>Oldest evaluation evidence (at most {ROWS} systems)</h3>",
                Table("<th>system<th>last evaluation run<th>last red-team exercise", oldest_rows, "sys"),
                "",
            )
        )

    profiles = report.get("profiles") or []
    for index, profile in enumerate(profiles if isinstance(profiles, list) else []):
        sections.append(_coverage_section(index, profile, systems))

    css = _STYLE % {"grid": 27 * ROWS, "gaps": 27 * ROWS}
    head_html = _head(title, css)
    intro = (
        f"<h1>{esc(title)}</h1><p class=meta>{_count(len(systems), 'system')} in {esc(where)}"
        + (f" · {esc(date)}" if date else "")
        + "</p>"
        + "".join(f"<p class=note>{esc(n)}</p>" for n in notes)
        + "<nav><a href=#stages>stages</a><a href=#grid>systems × areas</a><a href=#exceptions>exceptions</a>"
        "<a href=#reviews>reviews due</a><a href=#evidence>evidence</a>"
        + ("<a href=#coverage-0>coverage</a>" if profiles else "")
        + "<a href=#gaps>gaps</a></nav>\n"
    )
    tail = f"<script>{_SCRIPT}</script></body></html>\n"
    page = _Page(CAP - RESERVE)
    page.add(head_html + intro)
    for ident, heading, table, after in sections:
        page.add(f"<section id={ident}>{heading}")
        if table is not None:
            page.table(table)
        page.add(f"{after}</section>\n")

    shown = gaps.fit(page.budget())
    css = _STYLE % {"grid": 27 * ROWS, "gaps": 21 * ROWS * (shown + 1)}
    page.replace_head(head_html, _head(title, css))
    gap_rows = gaps.rows(shown)
    page.add(f"<section id=gaps><h2>Gaps per system</h2><p class=muted>At most {shown} per system on this page")
    page.add("; the report's JSON lists them all.</p>" if gap_rows else ".</p><p>None.</p>")
    if gap_rows:
        cols = "<colgroup><col class=sys><col></colgroup>"
        page.table(Table("<th>system<th>gaps (where, rule, what)", gap_rows, "sys gaps", cols))
    page.add("</section>\n")
    return page.close(tail)


def _coverage_section(
    index: int, profile: dict[str, Any], systems: list[dict[str, Any]]
) -> tuple[str, str, Table | None, str]:
    """One profile's controls, each with what serves it and how many systems meet it, have gaps or
    are not applicable: one row per control, whatever the number of systems (the page's size)."""
    from ai_readiness.coverage import NOT_APPLICABLE, status

    framework = profile.get("framework")
    entries = [
        next((c for c in s.get("coverage") or () if isinstance(c, dict) and c.get("framework") == framework), None)
        for s in systems
    ]
    rows = []
    controls = profile.get("controls") or []
    for item in controls:
        control = str(item.get("control"))
        counts = {"met": 0, "gaps": 0, NOT_APPLICABLE: 0}
        for entry in entries:
            counts[status(entry, control) if entry is not None else NOT_APPLICABLE] += 1
        served = ", ".join(str(i) for i in item.get("servedBy") or [])
        rows.append(
            f"<tr><th>{esc(control.partition(':')[2] or control)}<td>{esc(served)}"
            + "".join(f"<td class=r>{counts[w]:,}" for w in ("met", "gaps", NOT_APPLICABLE))
            + "\n"
        )
    heading = (
        f"<h2>Coverage: {esc(str(profile.get('title') or framework))}</h2><p class=muted>"
        f"Profile {esc(str(profile.get('source') or ''))}: {_count(len(controls), 'control')}, each with the rules "
        "and requirements that serve it, and how many systems meet it, have gaps or are not applicable at their "
        "declared stage. Documentation support, not legal advice.</p>"
    )
    table = Table("<th>control<th>served by<th>met<th>gaps<th>not applicable", rows, "narrow") if rows else None
    return f"coverage-{index}", heading, table, "" if rows else "<p>None.</p>"


def _exception_row(system: dict[str, Any], entry: dict[str, Any], today: _dt.date | None, merged: bool) -> str:
    expires = entry.get("expires")
    state = entry.get("state")
    if state == "expired":
        when = f"<span class=bad>expired {esc(expires or '')}</span>"
    else:
        days = -(_age(expires, today) or 0) if today else None
        when = esc(expires or "") + (f" <small>(in {days} days)</small>" if days is not None else "")
    return (
        f"<tr>{_system_th(system, merged)}<td><b class=rule>{esc(entry['rule'])}</b><td>{when}"
        f"<td>{esc(entry.get('approvedBy') or '')}<td>{esc(entry.get('reason') or '')}\n"
    )


def _review_row(system: dict[str, Any], entry: dict[str, Any], today: _dt.date | None, merged: bool) -> str:
    review = "periodic review" if entry["review"] == "periodic" else f"{entry['review']} review expires"
    when = esc(entry["due"])
    if entry.get("overdue"):
        when = f"<span class=bad>overdue since {when}</span>"
    return f"<tr>{_system_th(system, merged)}<td>{esc(review)}<td>{when}\n"


def _evidence_row(system: dict[str, Any], today: _dt.date | None, merged: bool) -> str:
    evidence = system.get("evidence") or {}
    cells = []
    for key in ("lastRun", "redTeam"):
        day = evidence.get(key)
        age = _age(day, today)
        cells.append(
            f"<td>{esc(day)}" + (f" <small>({age} days)</small>" if age is not None else "") if day else "<td>–"
        )
    return f"<tr>{_system_th(system, merged)}{''.join(cells)}\n"


def _count(n: int, word: str) -> str:
    if n != 1:
        word = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{n:,} {word}"


def _overflow(count: int, limit: int, what: str) -> str:
    return (
        f"<p class=muted>+{count - limit} more {what}s: the report's JSON lists them all.</p>" if count > limit else ""
    )


def _head(title: str, css: str) -> str:
    policy = (
        f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(_SCRIPT)}; "
        "base-uri 'none'; form-action 'none'"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{css}</style>\n</head><body>\n"
    )


class _Page:
    """The page as it is written, never past its cap: a row that would not fit is left out, with
    every row after it, and a note at the end says how many."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.parts: list[str] = []
        self.size = 0
        self.left_out = 0

    def budget(self) -> int:
        return self.cap - self.size

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text.encode("utf-8"))

    def replace_head(self, old: str, new: str) -> None:
        assert self.parts[0].startswith(old)
        self.parts[0] = new + self.parts[0][len(old) :]
        self.size += len(new.encode("utf-8")) - len(old.encode("utf-8"))

    def table(self, table: Table) -> None:
        for offset in range(0, len(table.rows), ROWS):
            chunk = table.rows[offset : offset + ROWS]
            if self.left_out:
                self.left_out += len(chunk)
                continue
            start, end = table.parts(len(chunk))
            self.add(start)
            for index, row in enumerate(chunk):
                size = len(row.encode("utf-8"))
                if self.size + size + len(end) > self.cap:
                    self.left_out += len(chunk) - index
                    break
                self.parts.append(row)
                self.size += size
            self.add(end)

    def close(self, tail: str) -> str:
        if self.left_out:
            self.add(
                f"<p class=note>{self.left_out} rows are left out to keep this page within "
                f"{CAP // 1_000_000} MB; the report's JSON has everything.</p>\n"
            )
        self.add(tail)
        return "".join(self.parts)
