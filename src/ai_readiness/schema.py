"""The bundled JSON Schema, a fast validity check generated from it, and SCHEMA001 findings.

Valid documents (almost all of them) are decided by closures compiled once from the schema,
so jsonschema is imported only when a document is invalid; jsonschema then lists every
violation, which this module turns into plain words at the offending key or value (SPEC §3, §11).
The compiled check supports exactly the keywords in ``SUPPORTED_KEYWORDS``; a test keeps the
schema inside that set and checks that both validators agree.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import math
import operator
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from ai_readiness.loader import escape_pointer_token, shorten

SCHEMA_FILE = "ai-readiness.schema.json"
SUPPORTED_KEYWORDS = frozenset(
    (
        "$schema $id $ref $defs $comment title description type enum const pattern format "
        "properties patternProperties additionalProperties required items uniqueItems minimum "
        "maximum exclusiveMinimum exclusiveMaximum default examples"
    ).split()
)


def schema_path() -> Path:
    """The schema file: package data in an installed wheel, else the source checkout's copy."""
    here = Path(__file__).resolve().parent
    packaged = here / "schemas" / SCHEMA_FILE
    if packaged.is_file():
        return packaged
    return here.parent.parent / "schemas" / SCHEMA_FILE


@functools.lru_cache(maxsize=1)
def schema_text() -> str:
    return schema_path().read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded


# --- the fast check -----------------------------------------------------------------------------

Check = Callable[[Any], bool]


def _is_number(value: Any) -> bool:
    # Booleans are not numbers; NaN, infinities and unrepresentable values are not either.
    cls = value.__class__
    if cls is int:
        return True
    return cls is float and math.isfinite(value)


def valid_date(value: Any) -> bool:
    """The ``date`` format: a day that exists (2026-02-30 does not)."""
    if not isinstance(value, str) or len(value) != 10:
        return True  # the pattern judges the shape
    try:
        _dt.date(int(value[0:4]), int(value[5:7]), int(value[8:10]))
    except ValueError:
        return False
    return True


def _always(v: Any) -> bool:
    return True


def _never(v: Any) -> bool:
    return False


def _equal(a: Any, b: Any) -> bool:
    """JSON equality, at every depth: 1 == 1.0 but true != 1, and [true] != [1]."""
    return bool(unique_key(a) == unique_key(b))


_BOUNDS: dict[str, Callable[[Any, Any], bool]] = {
    "minimum": operator.ge,
    "maximum": operator.le,
    "exclusiveMinimum": operator.gt,
    "exclusiveMaximum": operator.lt,
}


def unique_key(value: Any) -> Any:
    """A hashable stand-in for a value under JSON equality (1 == 1.0, true != 1), so that
    ``uniqueItems`` takes one pass. jsonschema compares unhashable items pair by pair: a 1 MiB
    list of lists took hours (SPEC §9). One frame per level: nesting is capped far below the
    recursion limit (config.MAX_DEPTH_CAP)."""
    if value.__class__ is bool:
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", value)
    if isinstance(value, list):
        return ("l", tuple(map(unique_key, value)))
    if isinstance(value, dict):
        return ("d", frozenset(zip(value, map(unique_key, value.values()), strict=True)))
    return ("v", value)  # text and null


_CLASSES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "number": (int, float),
    "integer": (int,),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


def _types(names: list[str]) -> Check:
    """A `type` check by exact class (bool is not a number, NaN and infinities are not either)."""
    allowed = frozenset(c for name in names for c in _CLASSES[name])
    finite_only = float in allowed

    def check(v: Any) -> bool:
        cls = v.__class__
        if cls not in allowed:
            return False
        return not (finite_only and cls is float) or math.isfinite(v)

    return check


def _all_of(checks: tuple[Check, ...]) -> Check:
    # Spelled out for the usual two or three checks: a generator per node costs more than the
    # checks themselves.
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)
    if len(checks) == 3:
        first, second, third = checks
        return lambda v: first(v) and second(v) and third(v)

    def check(v: Any) -> bool:
        return all(c(v) for c in checks)

    return check


def _enum(options: list[Any]) -> Check:
    hashable = frozenset(o for o in options if not isinstance(o, (bool, list, dict)))
    others = [o for o in options if isinstance(o, (bool, list, dict))]

    def check(v: Any) -> bool:
        if not isinstance(v, (bool, list, dict)) and v in hashable:
            return True
        return any(_equal(v, x) for x in others)

    return check


def _pattern(compiled: re.Pattern[str]) -> Check:
    search = compiled.search

    def check(v: Any) -> bool:
        return v.__class__ is not str or search(v) is not None

    return check


def _bound(compare: Callable[[Any, Any], bool], limit: Any) -> Check:
    def check(v: Any) -> bool:
        return not _is_number(v) or compare(v, limit)

    return check


def ref_target(root: dict[str, Any], ref: str) -> Any:
    """The schema object a local `$ref` names."""
    node: Any = root
    for part in ref.lstrip("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}
        self.memo: dict[int, Check] = {}  # id(schema object) -> check; the schema outlives it

    def target(self, ref: str) -> Any:
        return ref_target(self.root, ref)

    def ref(self, target: str) -> Check:
        if target not in self.refs:
            holder: list[Check] = []
            self.refs[target] = lambda v: holder[0](v)  # only while compiling (a recursive schema)
            holder.append(self.compile(ref_target(self.root, target)))
            self.refs[target] = holder[0]
        return self.refs[target]

    def compile(self, schema: Any) -> Check:
        """The check of ``schema`` (compiled once per schema object)."""
        if isinstance(schema, dict):
            found = self.memo.get(id(schema))
            if found is None:
                found = self.memo[id(schema)] = self._compile(schema)
            return found
        return self._compile(schema)

    def _compile(self, schema: Any) -> Check:
        if schema is True or schema == {}:
            return _always
        if schema is False:
            return _never
        checks: list[Check] = []
        if "$ref" in schema:
            checks.append(self.ref(schema["$ref"]))
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            checks.append(_types(types))
        if "enum" in schema:
            checks.append(_enum(schema["enum"]))
        if "const" in schema:
            checks.append(_enum([schema["const"]]))
        if "pattern" in schema:
            checks.append(_pattern(re.compile(schema["pattern"])))
        if schema.get("format") == "date":
            checks.append(valid_date)
        for keyword, compare in _BOUNDS.items():
            if keyword in schema:
                checks.append(_bound(compare, schema[keyword]))
        if any(k in schema for k in ("properties", "patternProperties", "additionalProperties", "required")):
            checks.append(self._object(schema))
        if "items" in schema or "uniqueItems" in schema:
            checks.append(self._array(schema))
        if len(checks) == 1:
            return checks[0]
        return _all_of(tuple(checks))

    def _object(self, schema: dict[str, Any]) -> Check:
        patterns = [(re.compile(p).search, self.compile(s)) for p, s in schema.get("patternProperties", {}).items()]
        # A declared property's own check, plus the pattern checks its name matches (known now).
        props: dict[str, tuple[Check, ...]] = {
            k: (self.compile(s), *(c for search, c in patterns if search(k)))
            for k, s in schema.get("properties", {}).items()
        }
        additional = schema.get("additionalProperties", True)
        additional_check = None if additional is False else self.compile(additional)
        required = tuple(schema.get("required", ()))

        def check(v: Any) -> bool:
            if v.__class__ is not dict:
                return True
            for key in required:
                if key not in v:
                    return False
            for key, item in v.items():
                known = props.get(key)
                if known is not None:
                    for one in known:
                        if not one(item):
                            return False
                    continue
                matched = False
                for search, pattern_check in patterns:
                    if search(key) is not None:
                        matched = True
                        if not pattern_check(item):
                            return False
                if not matched and (additional_check is None or not additional_check(item)):
                    return False
            return True

        return check

    def _array(self, schema: dict[str, Any]) -> Check:
        items = self.compile(schema["items"]) if "items" in schema else None
        unique = bool(schema.get("uniqueItems"))

        def check(v: Any) -> bool:
            if v.__class__ is not list:
                return True
            if items is not None:
                for item in v:
                    if not items(item):
                        return False
            return not unique or len({unique_key(item) for item in v}) == len(v)

        return check


@functools.lru_cache(maxsize=1)
def fast_check() -> Check:
    """The check generated as code from this schema (`_schemacheck`, see `schemagen`); the
    closures when the schema file is not the one the code was generated from."""
    import zlib

    from ai_readiness import _schemacheck

    if zlib.crc32(schema_text().encode("utf-8")) == _schemacheck.SCHEMA_CRC32:
        return _schemacheck.check
    return _compiler().compile(load_schema())


@functools.lru_cache(maxsize=1)
def _compiler() -> _Compiler:
    return _Compiler(load_schema())


def explainer() -> Any:
    """The jsonschema validator that explains invalid documents (built once per process)."""
    return _validator()


def reduce_to_failures(value: Any, node: Any, compiler: _Compiler) -> Any:
    """``value`` with every optional property that passes its own check replaced by null (which
    the schema accepts wherever a key is optional): the same violations, at the same paths, for
    a fraction of jsonschema's work (it explains a document key by key, and a manifest usually
    fails in one or two of its sections)."""
    if not isinstance(node, dict):
        return value
    while "$ref" in node and "properties" not in node and "items" not in node:
        node = compiler.target(node["$ref"])
    if value.__class__ is dict and "properties" in node:
        properties = node["properties"]
        required = node.get("required", ())
        out = {}
        for key, item in value.items():
            sub = properties.get(key)
            if sub is None:
                out[key] = item  # unknown or extension keys: jsonschema judges them as they are
                continue
            check = compiler.compile(sub)
            if not check(item):
                out[key] = reduce_to_failures(item, sub, compiler)
            elif key not in required and check(None):
                out[key] = None
            else:
                out[key] = item
        return out
    if value.__class__ is list and isinstance(node.get("items"), dict):
        check = compiler.compile(node["items"])
        return [item if check(item) else reduce_to_failures(item, node["items"], compiler) for item in value]
    return value


# --- explaining with jsonschema -----------------------------------------------------------------


class SchemaError(NamedTuple):
    pointer: str
    at: str  # "key" or "value"
    message: str  # already in plain words, with the keyword in brackets


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

    def is_number(checker: Any, instance: Any) -> bool:
        return _is_number(instance)

    def unique_items(validator: Any, unique: Any, instance: Any, schema: Any) -> Iterator[Any]:
        # jsonschema's own check is quadratic for unhashable items (see unique_key)
        if unique and isinstance(instance, list) and len({unique_key(i) for i in instance}) != len(instance):
            yield ValidationError("has non-unique elements")

    type_checker = Draft202012Validator.TYPE_CHECKER.redefine("number", is_number)
    cls = validators.extend(Draft202012Validator, validators={"uniqueItems": unique_items}, type_checker=type_checker)
    formats = FormatChecker(formats=())
    formats.checks("date")(valid_date)
    return cls(load_schema(), format_checker=formats)


def describe(value: Any) -> str:
    """A found value in a product owner's words."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return {"inf": ".inf", "-inf": "-.inf"}.get(str(value), ".nan")
        return repr(value)
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return repr(shown)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a value"


_TYPE_WORDS = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "nothing",
}


def _pointer(path: Any) -> str:
    return "".join(f"/{escape_pointer_token(str(p))}" for p in path)


def _expected_enum(options: list[Any]) -> str:
    words = [str(o) for o in options if o is not None]
    return words[0] if len(words) == 1 else "one of " + ", ".join(words)


def _allowed_keys(schema: dict[str, Any]) -> list[str]:
    return sorted(schema.get("properties", {}))


def _explain(error: Any) -> Iterator[SchemaError]:
    keyword = error.validator
    pointer = _pointer(error.absolute_path)
    instance = error.instance
    schema = error.schema
    if keyword == "required":
        for key in error.validator_value:
            if isinstance(instance, dict) and key not in instance:
                child = f"{pointer}/{escape_pointer_token(key)}"
                where = _where(pointer)
                yield SchemaError(child, "key", f"[required] missing key '{key}' {where}")
        return
    if keyword == "additionalProperties":
        allowed = _allowed_keys(schema)
        patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
        for key in instance:
            if key in schema.get("properties", {}) or any(p.search(key) for p in patterns):
                continue
            import difflib

            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.75)
            if close:
                hint = f" (did you mean '{close[0]}'?)"
            else:
                hint = f" (known keys {_where(pointer)}: {', '.join(allowed)}; extension keys start with 'x-')"
            yield SchemaError(
                f"{pointer}/{escape_pointer_token(key)}",
                "key",
                f"[additionalProperties] unknown key '{shorten(key)}'{hint}",
            )
        return
    found = describe(instance)
    if keyword == "enum":
        message = f"expected {_expected_enum(error.validator_value)}; found {found}"
    elif keyword == "const":
        message = f"expected {describe(error.validator_value)}; found {found}"
    elif keyword == "type":
        types = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        words = [_TYPE_WORDS[t] for t in types if t != "null"] or ["nothing"]
        if isinstance(instance, float) and not math.isfinite(instance) and "number" in types:
            words = ["a finite number"]
        message = f"expected {' or '.join(words)}; found {found}"
    elif keyword == "pattern":
        title = schema.get("title") or f"text matching {error.validator_value}"
        message = f"expected {title}; found {found}"
    elif keyword == "format":
        message = f"expected a real calendar date (YYYY-MM-DD); found {found}"
    elif keyword == "uniqueItems":
        seen: set[Any] = set()
        for index, item in enumerate(instance):
            key = unique_key(item)
            if key in seen:
                yield SchemaError(f"{pointer}/{index}", "value", f"[uniqueItems] {describe(item)} is listed twice")
                return
            seen.add(key)
        message = "expected each item once"
    elif keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bounds = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }
        message = f"expected a number {bounds[keyword]} {error.validator_value}; found {found}"
    else:  # pragma: no cover - the schema uses only the keywords above
        message = error.message
    yield SchemaError(pointer, "value", f"[{keyword}] {message}")


def human_path(pointer: str) -> str:
    """``/spec/evaluation/thresholds/0`` as ``spec.evaluation.thresholds[0]``."""
    out = ""
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        out += f"[{token}]" if token.isdigit() else (f".{token}" if out else token)
    return out


def _where(pointer: str) -> str:
    return f"in {human_path(pointer)}" if pointer else "at the top level"


def validate(data: Any) -> list[SchemaError]:
    """Every violation in ``data``, or [] (decided without jsonschema when valid)."""
    if fast_check()(data):
        return []
    errors: list[SchemaError] = []
    seen: set[tuple[str, str]] = set()
    reduced = reduce_to_failures(data, load_schema(), _compiler())
    for error in _validator().iter_errors(reduced):
        for item in _explain(error):
            if (item.pointer, item.message) not in seen:
                seen.add((item.pointer, item.message))
                errors.append(item)
    return errors
