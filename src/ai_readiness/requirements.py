"""A policy's own requirements (`[[requirements]]`): declared, validated, and compiled into rule
records whose check is built from the declaration, never code from the pack (README, "Policy";
docs/design.md, "Policy").

A requirement names a key (a dotted path from the document root, `[]` stepping into every item of
a list), the stage from which it applies, the conditions under which it does (`when`) and,
optionally, a JSON Schema for the value, compiled like the manifest schema's own check.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ai_readiness.config import _shown_key, _shown_value, _suggest
from ai_readiness.dates import parse_date
from ai_readiness.findings import Severity
from ai_readiness.rules.base import AREAS, Policy, area_of_pointer
from ai_readiness.schema import _CLASSES, SUPPORTED_KEYWORDS, _schema_of, load_schema
from ai_readiness.strings import escape_pointer_token

if TYPE_CHECKING:
    from ai_readiness.packs import Source

# A requirement's id may not begin with a built-in family's letters, so that a prefix given to
# --select or --ignore keeps meaning one family.
FAMILIES: tuple[str, ...] = ("YAML", "SCHEMA", "STAGE", "META", "OWN", "PUR", "RISK", "DATA", "EVAL", "MON")
FAMILIES += ("LOG", "TRN", "HO", "FAIL", "SEC", "ATT", "GIT", "PR", "REF")
FROM = ("prototype", "pilot", "production", "deprecated")
KEYS = ("id", "key", "from", "when", "schema", "summary", "severity", "effective", "area", "controls", "waivable")
SEVERITIES = ("error", "warning", "info")
ABSENT, PRESENT = "absent", "present"
KeyPath = tuple[tuple[str, bool], ...]  # a key's path: (name, steps into the list's items)


def is_id(text: Any) -> bool:
    """`^[A-Z]{2,8}[0-9]{3}$`, decided without a regular expression (compiling one costs start-up)."""
    if not isinstance(text, str):
        return False
    letters, digits = text[:-3], text[-3:]
    return (
        2 <= len(letters) <= 8
        and letters.isascii()
        and letters.isalpha()
        and letters.isupper()
        and (digits.isascii() and digits.isdigit() and len(digits) == 3)
    )


class Requirement:
    """One `[[requirements]]` entry, validated. (A plain class: defining a named tuple costs
    start-up time.)"""

    __slots__ = (
        "area",
        "controls",
        "effective",
        "from_stage",
        "id",
        "key",
        "origin",
        "parts",
        "schema",
        "severity",
        "source",
        "summary",
        "url",
        "waivable",
        "when",
    )

    def __init__(
        self,
        id: str,
        key: str,
        parts: KeyPath,
        from_stage: str,
        when: tuple[tuple[str, KeyPath, Any], ...],  # (path, parts, test)
        schema: dict[str, Any] | None,
        summary: str | None,
        severity: Severity,
        effective: _dt.date | None,
        area: str,
        controls: tuple[str, ...],
        waivable: bool,
        origin: str,  # "policy acme (policy/ai.toml)": who requires it, in messages
        source: str,  # the file that declares it
        url: str | None,
    ) -> None:
        self.id = id
        self.key = key
        self.parts = parts
        self.from_stage = from_stage
        self.when = when
        self.schema = schema
        self.summary = summary
        self.severity = severity
        self.effective = effective
        self.area = area
        self.controls = controls
        self.waivable = waivable
        self.origin = origin
        self.source = source
        self.url = url


# -- parsing --------------------------------------------------------------------------------


def parse(value: Any, source: Source, problems: list[str], name: Any = None, url: Any = None) -> list[Requirement]:
    """The valid requirements of one file; a problem of each is one line in ``problems``."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.append(f"{source.shown}: `requirements` must be an array of tables, written [[requirements]]")
        return []
    if source.kind == "configuration":
        origin = f"the repository's configuration ({source.shown})"
    elif isinstance(name, str) and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,62}", name):
        origin = f"policy {name} ({source.shown})"
    else:
        origin = f"policy {source.shown}"
    if not (isinstance(url, str) and url.startswith("https://")):
        url = None
    found = []
    for index, entry in enumerate(value):
        requirement = _parse_one(entry, index, source, origin, url, problems)
        if requirement is not None:
            found.append(requirement)
    return found


def _parse_one(
    entry: dict[str, Any], index: int, source: Source, origin: str, url: str | None, problems: list[str]
) -> Requirement | None:
    rid = entry.get("id")
    label = f"requirements[{index}]" + (f" ({rid})" if is_id(rid) else "")
    before = len(problems)

    def bad(key: str, why: str) -> None:
        problems.append(f"{source.shown}: {label}: `{key}` {why}")

    for name in entry:
        if name not in KEYS:
            bad(_shown_key(name), f"is not a requirement setting{_suggest(name, KEYS, 'known: ')}")
    if not isinstance(rid, str) or not is_id(rid):
        bad("id", f"must be 2 to 8 capital letters and 3 digits, such as ACME001, not {_shown_value(rid)}")
    elif rid.startswith(FAMILIES):
        family = next(f for f in FAMILIES if rid.startswith(f))
        bad("id", f"{rid!r} begins with {family}, the letters of built-in rules: choose other letters")
    key = entry.get("key")
    parts: tuple[tuple[str, bool], ...] = ()
    if not isinstance(key, str):
        bad("key", 'must be a dotted path such as "spec.x-acme.dpia"')
    else:
        parsed = parse_path(key)
        if isinstance(parsed, str):
            bad("key", parsed)
        elif parsed[-1][1]:
            bad("key", f"{_shown_value(key)} ends in []: name the key each item must hold, or require the list itself")
        else:
            why = resolve(parsed)
            if why:
                bad("key", f"{_shown_value(key)} {why}")
            else:
                parts = parsed
    from_stage = entry.get("from", "prototype")
    if from_stage not in FROM:
        bad("from", f"must be one of {', '.join(FROM)}, not {_shown_value(from_stage)}{_suggest(from_stage, FROM)}")
    when = _when(entry.get("when"), bad)
    schema = entry.get("schema")
    if schema is not None:
        why = check_schema(schema)
        if why:
            bad("schema", why)
            schema = None
    summary = entry.get("summary")
    if summary is not None and (not isinstance(summary, str) or not summary.strip()):
        bad("summary", "must be text saying what the key holds")
        summary = None
    severity = entry.get("severity", "error")
    if severity not in SEVERITIES:
        bad(
            "severity",
            f"must be one of {', '.join(SEVERITIES)}, not {_shown_value(severity)}{_suggest(severity, SEVERITIES)}",
        )
        severity = "error"
    effective = entry.get("effective")
    day: _dt.date | None = None
    if effective is not None:
        if isinstance(effective, _dt.datetime) or not isinstance(effective, (_dt.date, str)):
            bad("effective", f'must be a date, 2027-01-01 or "2027-01-01", not {_shown_value(effective)}')
        else:
            day = parse_date(effective)
            if day is None:
                bad("effective", f"must be a real date YYYY-MM-DD, not {_shown_value(effective)}")
    area = entry.get("area")
    if area is not None and area not in AREAS:
        bad("area", f"must be one of {', '.join(AREAS)}, not {_shown_value(area)}{_suggest(area, AREAS)}")
    if area is None or area not in AREAS:
        area = default_area(parts)
    controls = check_controls(entry.get("controls", []), f"{source.shown}: {label}: `controls`", problems)
    waivable = entry.get("waivable", True)
    if not isinstance(waivable, bool):
        bad("waivable", f"must be true or false, not {_shown_value(waivable)}")
        waivable = True
    if len(problems) > before or not isinstance(rid, str) or not isinstance(key, str):
        return None
    return Requirement(
        rid,
        key,
        parts,
        from_stage,
        when,
        schema,
        summary,
        Severity.parse(severity),
        day,
        area,
        tuple(controls),
        waivable,
        origin,
        source.shown,
        url,
    )


def parse_path(text: str) -> tuple[tuple[str, bool], ...] | str:
    """``spec.components.models[].x-license`` as ((name, into items), ...), or why it is not one."""
    parts = []
    for piece in text.split("."):
        into = piece.endswith("[]")
        name = piece[:-2] if into else piece
        if not name or "[" in name or "]" in name or name.split() != [name]:
            return f"{_shown_value(text)} is not a dotted path of keys (`[]` after a key steps into a list's items)"
        parts.append((name, into))
    return tuple(parts)


def _is_array(node: Mapping[str, Any]) -> bool:
    kinds = node.get("type")
    return "items" in node or kinds == "array" or (isinstance(kinds, list) and "array" in kinds)


def resolve(parts: tuple[tuple[str, bool], ...]) -> str | None:
    """Why the path names no key of the manifest schema (None when it does): every step must be
    a property the schema declares, or lie under an `x-` extension key, where anything goes."""
    node = _schema_of(load_schema())
    for index, (name, into) in enumerate(parts):
        properties = node.get("properties", {})
        if name in properties:
            node = _schema_of(properties[name])
        elif name.startswith("x-") and "^x-" in node.get("patternProperties", {}):
            return None  # an extension: the schema says nothing below it
        else:
            where = ".".join(n for n, _ in parts[:index]) or "the document root"
            import difflib  # only on a configuration error

            close = difflib.get_close_matches(name, list(properties), n=1, cutoff=0.6)
            hint = (
                f" (did you mean {close[0]!r}?)"
                if close
                else (f" (keys there: {', '.join(sorted(properties))})" if properties else "")
            )
            return (
                f"does not resolve in the manifest schema: {where} has no key {_shown_value(name)}{hint}; "
                "an extension key starts with x-"
            )
        last = index == len(parts) - 1
        if into:
            if not _is_array(node):
                return f"steps into {name!r} with [], but {name!r} is not a list"
            node = _schema_of(node.get("items"))
        elif not last and _is_array(node):
            return f"goes through the list {name!r}: write {name}[] to step into its items"
    return None


def default_area(parts: tuple[tuple[str, bool], ...]) -> str:
    """The scorecard area of the key directly under `spec` (an `x-` key there: ownership)."""
    names = [n for n, _ in parts]
    if len(names) >= 2 and names[0] == "spec":
        return area_of_pointer(f"/spec/{escape_pointer_token(names[1])}")
    return area_of_pointer("")


def _when(value: Any, bad: Callable[[str, str], None]) -> tuple[tuple[str, tuple[tuple[str, bool], ...], Any], ...]:
    """`when`: quoted paths, each a value, a list of values ("one of") or {absent = true}."""
    if value is None:
        return ()
    if not isinstance(value, dict):
        bad("when", 'must be a table such as when = { "spec.risk.tier" = "high" }')
        return ()
    out: list[tuple[str, tuple[tuple[str, bool], ...], Any]] = []
    for path, test in value.items():
        where = f"when.{_shown_key(path)}"
        if isinstance(test, dict) and "absent" not in test:
            # TOML read an unquoted dotted key (spec.risk.tier = ...) as nested tables
            bad(where, 'is a dotted key: quote the path, as in when = { "spec.risk.tier" = "high" }')
            continue
        parsed = parse_path(path)
        if isinstance(parsed, str):
            bad(where, parsed)
            continue
        if parsed[-1][1]:
            bad(where, "ends in []: a condition on a list holds when any element matches")
            continue
        why = resolve(parsed)
        if why:
            bad(where, why)
            continue
        if isinstance(test, dict):
            if set(test) != {"absent"} or not isinstance(test["absent"], bool):
                bad(where, "must be a value, a list of values, or {absent = true}")
                continue
            out.append((path, parsed, ABSENT if test["absent"] else PRESENT))
            continue
        values = test if isinstance(test, list) else [test]
        allowed: list[Any] = []
        for item in values:
            if isinstance(item, (_dt.datetime, _dt.time)):
                bad(where, "holds a time: compare dates only (2027-01-01)")
                break
            if isinstance(item, _dt.date):
                item = item.isoformat()  # a TOML date matches the date as the manifest writes it
            if isinstance(item, (dict, list)):
                bad(where, "must be a value or a list of values (not a table or a nested list)")
                break
            if path == "spec.stage" and item not in FROM:
                bad(where, f"names {_shown_value(item)}, which is not a stage ({', '.join(FROM)})")
                break
            allowed.append(item)
        else:
            if not allowed:
                bad(where, "must name at least one value")
                continue
            out.append((path, parsed, tuple(allowed)))
    return tuple(out)


_CONTROL = r"[a-z0-9][a-z0-9.-]{0,40}:\S.{0,200}\Z"  # compiled when first used


def check_controls(value: Any, where: str, problems: list[str]) -> list[str]:
    """A list of `framework:reference` strings (`eu-ai-act:Art. 12(1)`, `gdpr:Art. 35`)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f'{where} must be a list of "framework:reference" strings, such as ["gdpr:Art. 35"]')
        return []
    good = []
    for ref in value:
        if not re.match(_CONTROL, ref):
            problems.append(
                f'{where}: {_shown_value(ref)} must read framework:reference, such as "eu-ai-act:Art. 12(1)"'
            )
        else:
            good.append(ref)
    return good


# -- schemas --------------------------------------------------------------------------------

SCHEMA_KEYWORDS = SUPPORTED_KEYWORDS
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs")
_SCHEMA_ONE = ("additionalProperties", "items", "not")
_SCHEMA_LISTS = ("anyOf", "oneOf")


def manifest_id() -> str:
    value: str = load_schema()["$id"]
    return value


def check_schema(schema: Any, root: Any = None, depth: int = 0) -> str | None:
    """Why ``schema`` can't be compiled (None when it can): only the keywords the manifest
    schema's check supports, local references and references into the manifest schema's `$defs`
    through its `$id` (nothing is fetched), and values JSON can hold."""
    root = schema if root is None else root
    if depth > 32:
        return "nests too deeply"
    if isinstance(schema, bool):
        return None
    if not isinstance(schema, dict):
        return "must be a table (a JSON Schema), such as [requirements.schema]"
    for keyword, value in schema.items():
        if keyword not in SCHEMA_KEYWORDS:
            supported = ", ".join(sorted(SCHEMA_KEYWORDS))
            return f"uses {_shown_value(keyword)}, which is not supported (supported: {supported})"
        if keyword in _SCHEMA_MAPS:
            if not isinstance(value, dict):
                return f"`{keyword}` must be a table of schemas"
            for name, sub in value.items():
                if keyword == "patternProperties":
                    try:
                        re.compile(name)
                    except re.error:
                        return f"`patternProperties` holds a pattern that does not compile: {_shown_value(name)}"
                why = check_schema(sub, root, depth + 1)
                if why:
                    return why
        elif keyword in _SCHEMA_ONE:
            why = check_schema(value, root, depth + 1)
            if why:
                return why
        elif keyword in _SCHEMA_LISTS:
            if not isinstance(value, list) or not value:
                return f"`{keyword}` must be a non-empty list of schemas"
            for sub in value:
                why = check_schema(sub, root, depth + 1)
                if why:
                    return why
        elif keyword == "$ref":
            why = _check_ref(value, root)
            if why:
                return why
        elif keyword == "type":
            names = value if isinstance(value, list) else [value]
            if not names or not all(isinstance(n, str) and n in _CLASSES for n in names):
                return f"`type` must name JSON types ({', '.join(_CLASSES)})"
        elif keyword == "pattern":
            if not isinstance(value, str):
                return "`pattern` must be text"
            try:
                re.compile(value)
            except re.error:
                return f"`pattern` does not compile: {_shown_value(value)}"
        elif keyword == "format":
            if value != "date":
                return f"`format` {_shown_value(value)} is not supported (only date; use a pattern)"
        elif keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return f"`{keyword}` must be a number"
        elif keyword in ("minLength", "maxLength", "minItems", "maxItems"):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                return f"`{keyword}` must be a whole number, 0 or more"
        elif keyword == "required":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return "`required` must be a list of key names"
        elif keyword == "uniqueItems":
            if not isinstance(value, bool):
                return "`uniqueItems` must be true or false"
        elif keyword in ("enum", "const", "default", "examples"):
            why = _json_value(value)
            if why:
                return f"`{keyword}` {why}"
            if keyword == "enum" and (not isinstance(value, list) or not value):
                return "`enum` must be a non-empty list"
    return None


def _json_value(value: Any) -> str | None:
    if isinstance(value, (_dt.date, _dt.time)):
        return 'holds a TOML date or time, which JSON Schema can\'t compare: write it as text ("2027-01-01")'
    if isinstance(value, list):
        for item in value:
            why = _json_value(item)
            if why:
                return why
    if isinstance(value, dict):
        for item in value.values():
            why = _json_value(item)
            if why:
                return why
    return None


def _check_ref(ref: Any, root: dict[str, Any]) -> str | None:
    if not isinstance(ref, str):
        return "`$ref` must be text"
    manifest = manifest_id() + "#"
    try:
        if ref.startswith(manifest):
            _target(load_schema(), ref[len(manifest) :])
            return None
        if ref.startswith("#"):
            _target(root, ref[1:])
            return None
    except (KeyError, IndexError, TypeError):
        return f"`$ref` {_shown_value(ref)} names nothing"
    return (
        f"`$ref` {_shown_value(ref)} is neither local (#/$defs/...) nor into the manifest schema "
        f"({manifest}/$defs/NAME): nothing is fetched"
    )


def _target(root: Any, fragment: str) -> Any:
    from ai_readiness.strings import unescape_pointer_token

    node = root
    for part in fragment.lstrip("/").split("/") if fragment.strip("/") else []:
        node = node[int(part)] if isinstance(node, list) else node[unescape_pointer_token(part)]
    return node


FROM_WORDS = {
    "prototype": "",
    "pilot": " from pilot",
    "production": " at production",
    "deprecated": " when deprecated",
}


def severity_policy(r: Requirement) -> Policy:
    """The requirement's severity before production and at production (from production: only
    there); `from` pilot and deprecated are the rule's `stages`."""
    return Policy(None if r.from_stage == "production" else r.severity, r.severity, r.severity.label)


def describe(r: Requirement) -> str:
    """The requirement in words, for `rules`, `explain`, SARIF and docs."""
    words = f"`{r.key}`" + (f" ({r.summary})" if r.summary else "") + " is required"
    words += {
        "prototype": "",
        "pilot": " from pilot",
        "production": " at production",
        "deprecated": " for deprecated systems",
    }[r.from_stage]
    if r.when:
        conditions = []
        for path, _, test in r.when:
            if test == ABSENT:
                conditions.append(f"`{path}` is missing")
            elif test == PRESENT:
                conditions.append(f"`{path}` is set")
            else:
                shown = [json.dumps(v) for v in test[:5]] + (["..."] if len(test) > 5 else [])
                conditions.append(f"`{path}` is {' or '.join(shown)}")
        words += " when " + " and ".join(conditions)
    if r.schema is not None:
        words += ", and its value must match the requirement's schema"
    return words + "."


@functools.lru_cache(maxsize=1)
def _owner_pattern() -> re.Pattern[str]:
    return re.compile(load_schema()["$defs"]["owner"]["pattern"])


def is_owner(text: str) -> bool:
    """An owner as the manifest schema writes one (@user, @org/team, an e-mail address, a ref)."""
    return _owner_pattern().search(text) is not None
