"""`report --merge`: report files written in many repositories, read, checked and merged into one
report (README, "Organisation view"; docs/design.md, "Reports and exports").

A report file is untrusted input: anything that is not a version 1 report (not JSON, truncated,
another version, a shape the renderers can't read, over 64 MiB) is one error line naming the file,
exit code 2. A repository is known by its `url`, else its `name`; of its reports the newest `date`
counts (a tie: the later file on the command line), with a note when another was left out. Reports
without `repository` count once per file.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ai_readiness.errors import ConfigError

MAX_REPORT_BYTES = 64 * 1024 * 1024
# The keys a system gained within version 1, and what they are when a report predates them.
ADDED_KEYS: tuple[tuple[str, Callable[[], Any]], ...] = (
    ("findings", list),
    ("evidence", lambda: {"lastRun": None, "redTeam": None}),
    ("exceptions", list),
    ("reviewsDue", list),
)
VERSION = 1
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


class BadReport(Exception):
    """What is wrong with a report file, in words for the error line."""


def read_report(path: str) -> dict[str, Any]:
    """One report file, checked; raises ConfigError (exit code 2) naming the file."""
    try:
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_REPORT_BYTES:
                raise BadReport(f"larger than {MAX_REPORT_BYTES // (1024 * 1024)} MiB ({size:,} bytes): not read")
            data = stream.read(MAX_REPORT_BYTES + 1)
        if len(data) > MAX_REPORT_BYTES:
            raise BadReport(f"larger than {MAX_REPORT_BYTES // (1024 * 1024)} MiB: not read")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BadReport(f"not UTF-8 text (byte {exc.start + 1})") from exc
        if not text.strip():
            raise BadReport("empty: not a report")
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            # a string that never ends ran into the end of the text
            truncated = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
            end = "; the file looks truncated" if truncated else ""
            raise BadReport(f"not JSON ({exc.msg} at line {exc.lineno} column {exc.colno}{end})") from exc
        except (ValueError, RecursionError) as exc:  # digits past Python's limit, nesting past the stack
            raise BadReport("not JSON that can be read (a number too long or nesting too deep)") from exc
        check_report(document)
        checked: dict[str, Any] = document
        return checked
    except OSError as exc:
        raise ConfigError(f"--merge: {path}: cannot read the report: {exc.strerror or exc}") from exc
    except BadReport as exc:
        raise ConfigError(f"--merge: {path}: {exc}") from exc


# -- the shape the renderers read -------------------------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _opt_str(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _need(ok: bool, where: str, what: str) -> None:
    if not ok:
        raise BadReport(f"not an ai-readiness report: {where} is not {what}")


def check_report(document: Any) -> None:
    """Raise BadReport unless ``document`` is a version 1 report the renderers can read. Keys a
    renderer does not read are not looked at (a later release may add some); keys added to version 1
    after its first release (`repository`, `date`, `findings`, ...) may be absent."""
    _need(isinstance(document, dict), "the document", "an object")
    version = document.get("version")
    if version != VERSION or not _is_int(version):
        shown = json.dumps(version)[:40] if version is not None else "missing"
        raise BadReport(f"report version {shown} is not one this release reads (version {VERSION})")
    repository = document.get("repository")
    if repository is not None:
        _check_repository(repository, "repository")
    date = document.get("date")
    _need(date is None or (isinstance(date, str) and _DATE.match(date) is not None), "date", "a YYYY-MM-DD date")
    _need(_opt_str(document.get("exceptionExpiryNotice")), "exceptionExpiryNotice", "a duration or null")
    systems = document.get("systems")
    _need(isinstance(systems, list), "systems", "a list")
    for index, system in enumerate(systems):
        if not _system_ok(system):  # the quick look failed: find the words for what is wrong
            _check_system(system, f"systems[{index}]")
            raise BadReport(f"not an ai-readiness report: systems[{index}] is not a system")


def _check_repository(value: Any, where: str) -> None:
    _need(isinstance(value, dict), where, "an object or null")
    for key in ("name", "url", "commit"):
        _need(_opt_str(value.get(key)), f"{where}.{key}", "text or null")


_FINDING_TEXT = ("rule", "severity", "message", "path", "pointer", "area")


def _system_ok(system: Any) -> bool:
    """`_check_system` as one quick yes or no (10,000 systems of findings are merged in well under
    a second): exact classes, as `json.loads` builds them."""
    if system.__class__ is not dict:
        return False
    get = system.get
    name, stage, kind, readiness = get("name"), get("stage"), get("type"), get("readiness")
    if (
        get("path").__class__ is not str
        or get("document").__class__ is not int
        or (name is not None and name.__class__ is not str)
        or (stage is not None and stage.__class__ is not str)
        or (kind is not None and kind.__class__ is not str)
        or (readiness.__class__ is not float and readiness.__class__ is not int)
    ):
        return False
    areas = get("areas")
    if areas.__class__ is not list:
        return False
    for area in areas:
        if area.__class__ is not dict:
            return False
        at = area.get
        now, later, gaps = at("stage"), at("next"), at("gaps")
        if (
            at("area").__class__ is not str
            or (now is not None and now.__class__ is not str)
            or (later is not None and later.__class__ is not str)
            or (gaps is not None and (gaps.__class__ is not list or any(g.__class__ is not str for g in gaps)))
        ):
            return False
    findings = get("findings")
    if findings is not None:
        if findings.__class__ is not list:
            return False
        for finding in findings:
            if finding.__class__ is not dict:
                return False
            fg = finding.get
            at_stage = fg("stage")
            if (
                fg("rule").__class__ is not str
                or fg("severity").__class__ is not str
                or fg("message").__class__ is not str
                or fg("path").__class__ is not str
                or fg("pointer").__class__ is not str
                or fg("area").__class__ is not str
                or fg("line").__class__ is not int
                or (at_stage is not None and at_stage.__class__ is not str)
            ):
                return False
    try:  # the short lists, in words
        _check_rest(system, "")
    except BadReport:
        return False
    return True


def _check_system(system: Any, where: str) -> None:
    _need(isinstance(system, dict), where, "an object")
    get = system.get
    _need(isinstance(get("path"), str), f"{where}.path", "text")
    _need(_is_int(get("document")), f"{where}.document", "an integer")
    for key in ("name", "stage", "type"):
        _need(_opt_str(get(key)), f"{where}.{key}", "text or null")
    readiness = get("readiness")
    _need(isinstance(readiness, (int, float)) and not isinstance(readiness, bool), f"{where}.readiness", "a number")
    areas = get("areas")
    _need(isinstance(areas, list), f"{where}.areas", "a list")
    for i, area in enumerate(areas):
        _need(isinstance(area, dict), f"{where}.areas[{i}]", "an object")
        _need(isinstance(area.get("area"), str), f"{where}.areas[{i}].area", "text")
        _need(_opt_str(area.get("stage")) and _opt_str(area.get("next")), f"{where}.areas[{i}].stage", "text or null")
        gaps = area.get("gaps", [])
        _need(isinstance(gaps, list) and all(isinstance(g, str) for g in gaps), f"{where}.areas[{i}].gaps", "texts")
    _check_list(get("findings"), f"{where}.findings", _check_finding)
    _check_rest(system, where)


def _check_rest(system: dict[str, Any], where: str) -> None:
    get = system.get
    evidence = get("evidence")
    if evidence is not None:
        _need(isinstance(evidence, dict), f"{where}.evidence", "an object")
        for key in ("lastRun", "redTeam"):
            _need(_opt_date(evidence.get(key)), f"{where}.evidence.{key}", "a date or null")
    _check_list(get("exceptions"), f"{where}.exceptions", _check_exception)
    _check_list(get("reviewsDue"), f"{where}.reviewsDue", _check_due)
    repository = get("repository")
    if repository is not None:
        _check_repository(repository, f"{where}.repository")


def _opt_date(value: Any) -> bool:
    return value is None or (isinstance(value, str) and _DATE.match(value) is not None)


def _check_list(value: Any, where: str, check: Callable[[Any, str], None]) -> None:
    if value is None:
        return
    _need(isinstance(value, list), where, "a list")
    for index, item in enumerate(value):
        _need(isinstance(item, dict), f"{where}[{index}]", "an object")
        check(item, f"{where}[{index}]")


def _check_finding(item: dict[str, Any], where: str) -> None:
    for key in _FINDING_TEXT:
        _need(isinstance(item.get(key), str), f"{where}.{key}", "text")
    _need(_is_int(item.get("line")), f"{where}.line", "an integer")
    _need(_opt_str(item.get("stage")), f"{where}.stage", "text or null")


def _check_exception(item: dict[str, Any], where: str) -> None:
    _need(isinstance(item.get("rule"), str), f"{where}.rule", "text")
    for key in ("reason", "approvedBy", "state"):
        _need(_opt_str(item.get(key)), f"{where}.{key}", "text or null")
    _need(_opt_date(item.get("expires")), f"{where}.expires", "a date or null")


def _check_due(item: dict[str, Any], where: str) -> None:
    _need(isinstance(item.get("review"), str), f"{where}.review", "text")
    _need(isinstance(item.get("due"), str) and _DATE.match(item["due"]) is not None, f"{where}.due", "a date")
    _need(isinstance(item.get("overdue"), bool), f"{where}.overdue", "true or false")


# -- merging ----------------------------------------------------------------------------------------


def _identity(report: dict[str, Any]) -> str | None:
    """A repository is known by its url, else its name; None: the report names none."""
    repository = report.get("repository") or {}
    url, name = repository.get("url"), repository.get("name")
    return f"url {url}" if url else (f"name {name}" if name else None)


def _label(report: dict[str, Any]) -> str:
    repository = report.get("repository") or {}
    return str(repository.get("url") or repository.get("name"))


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Reading 500 reports builds millions of dicts and lists and no cycle: without the cycle
    collector, which would walk them again and again as they grow, it takes half the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def merge(paths: Sequence[str]) -> tuple[dict[str, Any], list[str]]:
    """The merged report of the files at ``paths`` and the notes about what was left out."""
    reports = [(index, path, read_report(path)) for index, path in enumerate(paths)]
    notes: list[str] = []
    groups: dict[str, list[tuple[int, str, dict[str, Any]]]] = {}
    kept: list[tuple[int, str, dict[str, Any]]] = []
    for entry in reports:
        identity = _identity(entry[2])
        if identity is None:
            kept.append(entry)
        else:
            groups.setdefault(identity, []).append(entry)
    for group in groups.values():
        winner = max(group, key=lambda e: (e[2].get("date") or "", e[0]))
        kept.append(winner)
        if len(group) > 1:
            notes.append(_note(winner, group))
    kept.sort(key=lambda e: e[0])
    systems = []
    for _, _, report in kept:
        repository = report.get("repository")
        for system in report["systems"]:
            for key, empty in ADDED_KEYS:  # a report of an earlier release: the keys added since
                if key not in system:
                    system[key] = empty()
            system["repository"] = repository
            systems.append(system)
    dates = [d for _, _, r in kept if (d := r.get("date"))]
    notices = {r.get("exceptionExpiryNotice") for _, _, r in kept}
    merged = {
        "version": VERSION,
        "repository": None,
        "date": max(dates) if dates else None,
        "exceptionExpiryNotice": notices.pop() if len(notices) == 1 else None,
    }
    if any(r.get("profiles") for _, _, r in kept):
        from ai_readiness.coverage import merge_profiles

        merged["profiles"] = merge_profiles(r for _, _, r in kept)
    merged["systems"] = systems
    return merged, notes


def _note(winner: tuple[int, str, dict[str, Any]], group: list[tuple[int, str, dict[str, Any]]]) -> str:
    chosen, path, report = winner
    others = ", ".join(p for i, p, _ in group if i != chosen)
    commits = {(r.get("repository") or {}).get("commit") for _, _, r in group}
    date = report.get("date")
    if len(commits) == 1:
        return f"note: {_label(report)}: {others} report the same commit as {path}: counted once"
    tied = sum(1 for _, _, r in group if r.get("date") == date) > 1
    why = "the later file on the command line of the newest date" if tied else "the newest"
    return (
        f"note: {_label(report)}: reports of several commits: {path} ({date or 'no date'}) counts, {why}; "
        f"left out: {others}"
    )
