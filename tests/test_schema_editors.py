"""The published schema as editors and validators see it: Ajv 8 in strict mode (SchemaStore's checks
and editors' validators) compiles it and agrees with the linter; every pattern means the same in
ECMA-262 as in Python; yaml-language-server shows each key's own description on hover; the
catalog entry is formatted as SchemaStore's prettier configuration formats it.

The node tools come from the folder named by SCHEMA_NODE_TOOLS (.ci/run installs them, pinned,
with npm): without it the tests that need them are skipped, except under CI=true, where they fail.
"""

from __future__ import annotations

import copy
import json
import os
import queue
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ai_readiness import schema as schema_module
from ai_readiness.loader import Limits, load_bytes
from tests.conftest import EXAMPLES, ROOT

SCHEMA_PATH = ROOT / "schemas" / "ai-readiness.schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
CATALOG_PATH = ROOT / "schemas" / "catalog.json"
NODE = Path(__file__).resolve().parent / "node"
PACKAGES = ("ajv", "ajv-formats", "prettier", "prettier-plugin-sort-json", "yaml-language-server")


@pytest.fixture(scope="module")
def modules() -> Path:
    """node_modules holding the pinned tools; skip without them, except in CI."""
    folder = os.environ.get("SCHEMA_NODE_TOOLS")
    problem = None
    if not shutil.which("node"):
        problem = "node is not installed"
    elif not folder:
        problem = "SCHEMA_NODE_TOOLS is not set (a folder whose node_modules holds " + ", ".join(PACKAGES) + ")"
    else:
        missing = [p for p in PACKAGES if not (Path(folder) / "node_modules" / p / "package.json").is_file()]
        if missing:
            problem = f"SCHEMA_NODE_TOOLS={folder} lacks {', '.join(missing)}"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{problem}: .ci/run installs them")
        pytest.skip(problem)
    return Path(folder or "") / "node_modules"


def node(script: str, *args: str, stdin: Any = None) -> Any:
    done = subprocess.run(
        ["node", str(NODE / script), *args],
        input=json.dumps(stdin),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def walk(node_: Any, path: str = "#") -> Iterator[tuple[str, Any]]:
    if isinstance(node_, dict):
        yield path, node_
        for key, value in node_.items():
            yield from walk(value, f"{path}/{key}")
    elif isinstance(node_, list):
        for index, value in enumerate(node_):
            yield from walk(value, f"{path}/{index}")


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with its local $ref merged in, the target's keys under the schema's own."""
    while "$ref" in schema:
        target = schema_module.ref_target(SCHEMA, schema["$ref"])
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


# --- the schema's shape (no node needed) ------------------------------------------------------


def test_a_ref_stands_alone_beside_its_annotations() -> None:
    """yaml-language-server rewrites `{$ref, type}` as allOf and then shows the definition's
    description instead of the key's: a $ref carries only annotations beside it."""
    annotations = {"$ref", "description", "title", "examples", "$comment", "default"}
    for path, node_ in walk(SCHEMA):
        if "$ref" in node_:
            assert set(node_) <= annotations, f"{path}: {sorted(set(node_) - annotations)} beside $ref"


def test_every_definition_is_used_and_required_twins_match() -> None:
    used = {node_["$ref"] for _, node_ in walk(SCHEMA) if "$ref" in node_}
    assert {f"#/$defs/{name}" for name in SCHEMA["$defs"]} == used
    for name, definition in SCHEMA["$defs"].items():
        if name.startswith("required"):
            base = SCHEMA["$defs"][name[len("required")].lower() + name[len("required") + 1 :]]
            assert {k: v for k, v in definition.items() if k not in ("type", "enum")} == {
                k: v for k, v in base.items() if k not in ("type", "enum")
            }, name
            if "enum" in base:
                assert definition["enum"] == [e for e in base["enum"] if e is not None] and "type" not in definition
            else:
                assert base["type"] == [definition["type"], "null"], name


def test_no_union_types_but_with_null() -> None:
    """Ajv's strict mode allows a union `type` only of one type and null."""
    for path, node_ in walk(SCHEMA):
        if isinstance(node_.get("type"), list):
            assert len(node_["type"]) == 2 and "null" in node_["type"], path


def test_patterns_use_no_class_whose_meaning_differs_between_engines() -> None:
    """`\\s`, `\\d`, `\\w`, `\\b` match more in Python than in ECMA-262 (or other characters):
    U+FEFF is white space in JavaScript only, U+001C-U+001F and U+0085 in Python only; `\\d` and
    `\\w` are ASCII in JavaScript, Unicode in Python."""
    for pattern in patterns():
        assert not re.search(r"(?<!\\)(?:\\\\)*\\[sSdDwWbB]", pattern), pattern
        assert "." not in re.sub(r"\\.|\[[^\]]*\]", "", pattern), pattern  # `.` excludes U+2028 in JS only


def patterns() -> list[str]:
    found = []
    for _, node_ in walk(SCHEMA):
        if isinstance(node_.get("pattern"), str):
            found.append(node_["pattern"])
        found.extend(node_.get("patternProperties", {}))
    return sorted(set(found))


# --- ECMA-262 ---------------------------------------------------------------------------------

# Characters whose class membership differs between Python's re (str patterns) and ECMA-262, or
# that engines treat as line ends, or that sit outside the Basic Multilingual Plane.
SPECIAL = (
    "\t\n\x0b\x0c\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
    "\x00\x7f\u200b\u180e٣２𝟏éßİK_-./:@%+'#?😀"
)


def samples() -> list[str]:
    """Valid examples of every format, and each with every special character put in front, in
    the middle, at the end, or in place of one of its characters."""
    examples = {""}
    for _, node_ in walk(SCHEMA):
        for example in node_.get("examples", []):
            if isinstance(example, str):
                examples.add(example)
    examples.update(["x-a", "x-", "xa", "X-a", "-x", "ai-readiness/v1", "https://a", "a/b", "/a", "DATA003"])
    out = set(examples)
    for example in examples:
        for char in SPECIAL:
            middle = len(example) // 2
            out.update([char + example, example[:middle] + char + example[middle:], example + char, example + "\n"])
            if example:
                out.add(example[:middle] + char + example[middle + 1 :])
    return sorted(out)


def test_every_pattern_means_the_same_in_ecma262(modules: Path) -> None:
    found = patterns()
    strings = samples()
    expected = [[re.search(p, s) is not None for s in strings] for p in found]
    result = node("regex.mjs", stdin={"patterns": found, "strings": strings})
    for flags in ("u", "plain"):
        for pattern, python, ecma in zip(found, expected, result[flags], strict=True):
            differ = [s for s, a, b in zip(strings, python, ecma, strict=True) if a != b]
            assert differ == [], f"{pattern!r} ({flags}): Python and ECMA-262 differ on {differ[:5]!r}"
    assert sum(map(sum, expected)) > len(found)  # the samples do match something


# --- Ajv 8, strict ----------------------------------------------------------------------------


def documents() -> list[Any]:
    """The examples and variants of them, valid and invalid."""
    loaded = []
    for path in sorted(EXAMPLES.glob("*/ai-readiness.yaml")):
        loaded += [d.data for d in load_bytes(path.read_bytes(), path.name, Limits()).documents]
    production = copy.deepcopy(loaded[[d["metadata"]["name"] for d in loaded].index("support-answer-assistant")])
    variants = []
    for version in ("v3", 3, None, True, [1]):
        doc = copy.deepcopy(production)
        doc["spec"]["evaluation"]["datasets"][0]["version"] = version
        variants.append(doc)
    for url in (
        "https://a.example/x",
        "https://a.example/\ufeffx",
        "https://a\x1cb.example",
        "https://a b",
        "http://a",
    ):
        doc = copy.deepcopy(production)
        doc["spec"]["monitoring"]["dashboard"] = url
        variants.append(doc)
    for name in (None, "ok-name", "Bad", 5):
        doc = copy.deepcopy(production)
        doc["metadata"]["name"] = name
        variants.append(doc)
    for op in (None, ">=", "=>"):
        doc = copy.deepcopy(production)
        doc["spec"]["evaluation"]["thresholds"][0]["op"] = op
        variants.append(doc)
    documents: list[Any] = json.loads(json.dumps(loaded + variants, default=str))
    return documents


def test_ajv_strict_compiles_the_schema_and_agrees(modules: Path) -> None:
    docs = documents()
    result = node("ajv.mjs", str(modules), stdin={"schema": SCHEMA, "documents": docs})
    assert result["error"] is None, result["error"]
    expected = [schema_module.validate(d) == [] for d in docs]
    assert result["valid"] == expected
    assert True in expected and False in expected


# --- yaml-language-server's hover --------------------------------------------------------------


def scalar(schema: dict[str, Any]) -> Any:
    schema = resolve(schema)
    if "const" in schema:
        return schema["const"]
    if schema.get("examples"):
        return schema["examples"][0]
    if "enum" in schema:
        return next(e for e in schema["enum"] if e is not None)
    if "anyOf" in schema:
        return "v1"
    kind = schema["type"]
    kind = kind[0] if isinstance(kind, list) else kind
    return {"string": "some text", "number": 0.5, "integer": 1, "boolean": True}[kind]


def manifest(
    schema: dict[str, Any],
    indent: int,
    lines: list[str],
    keys: list[tuple[int, int, str, dict[str, Any]]],
    path: str,
    first_prefix: str = "",
) -> None:
    """Every property of ``schema`` as block YAML, each key's (line, column) recorded."""
    for index, (name, sub) in enumerate(resolve(schema).get("properties", {}).items()):
        prefix = first_prefix if index == 0 else " " * len(first_prefix)
        column = indent + len(prefix)
        keys.append((len(lines), column, f"{path}.{name}", sub))
        resolved = resolve(sub)
        head = " " * indent + prefix + name + ":"
        if "properties" in resolved:
            lines.append(head)
            manifest(resolved, column + 2, lines, keys, f"{path}.{name}")
        elif "items" in resolved:
            items = resolve(resolved["items"])
            lines.append(head)
            if "properties" in items:
                manifest(items, column + 2, lines, keys, f"{path}.{name}[]", first_prefix="- ")
            else:
                lines.append(" " * (column + 2) + "- " + json.dumps(scalar(items), ensure_ascii=False))
        else:
            lines.append(f"{head} {json.dumps(scalar(sub), ensure_ascii=False)}")


def markdown(text: str) -> str:
    """What yaml-language-server makes of a description (its toMarkdown)."""
    return re.sub(r"[\\`*_{}\[\]#+!]", lambda m: "\\" + m.group(), text)


class Client:
    """A language client over stdio, just enough for hover."""

    def __init__(self, command: list[str], settings: dict[str, Any]) -> None:
        self.settings = settings
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if not line.strip():
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.inbox.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.process.stdin.flush()

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.inbox.get(timeout=60)
            if "method" in message and "id" in message:  # a request from the server
                result: Any = None
                if message["method"] == "workspace/configuration":
                    result = [self.settings.get(item.get("section")) for item in message["params"]["items"]]
                self.send({"id": message["id"], "result": result})
            elif message.get("id") == self.next_id:
                assert "error" not in message, message
                return message.get("result")

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


def test_hover_shows_each_property_description(modules: Path, tmp_path: Path) -> None:
    lines: list[str] = []
    keys: list[tuple[int, int, str, dict[str, Any]]] = []
    manifest(SCHEMA, 0, lines, keys, "")
    document = tmp_path / "ai-readiness.yaml"
    document.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert schema_module.validate(load_bytes(document.read_bytes(), "m", Limits()).documents[0].data) == []

    settings = {
        "yaml": {
            "hover": True,
            "completion": True,
            "validate": False,
            "schemaStore": {"enable": False},
            "schemas": {SCHEMA_PATH.as_uri(): ["ai-readiness.yaml"]},
        }
    }
    server = modules / "yaml-language-server" / "bin" / "yaml-language-server"
    client = Client(["node", str(server), "--stdio"], settings)
    try:
        client.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": tmp_path.as_uri(),
                "capabilities": {
                    "workspace": {"configuration": True},
                    "textDocument": {"hover": {"contentFormat": ["markdown"]}},
                },
            },
        )
        client.send({"method": "initialized", "params": {}})
        client.send({"method": "workspace/didChangeConfiguration", "params": {"settings": settings}})
        uri = document.as_uri()
        text = document.read_text(encoding="utf-8")
        item = {"uri": uri, "languageId": "yaml", "version": 1, "text": text}
        client.send({"method": "textDocument/didOpen", "params": {"textDocument": item}})

        def hover(line: int, column: int) -> str:
            position = {"line": line, "character": column + 1}
            found = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": position})
            return str((found or {}).get("contents", {}).get("value", ""))

        deadline = time.monotonic() + 60
        while not hover(0, 0) and time.monotonic() < deadline:  # the server loads the schema first
            time.sleep(0.1)
        wrong = []
        for line, column, path, sub in keys:
            shown = hover(line, column)
            paragraphs = shown.split("\n\n")
            if markdown(sub["description"]) not in paragraphs:
                wrong.append(f"{path[1:]}: {shown[:160]!r}")
    finally:
        client.close()
    # every property of the schema was written (one under $defs, such as impactAssessment, once per use)
    written = {id(sub) for *_, sub in keys}
    assert written == {
        id(sub) for _, n in walk(SCHEMA) if isinstance(n.get("properties"), dict) for sub in n["properties"].values()
    }
    assert wrong == [], "\n".join(wrong)


# --- the SchemaStore catalog entry -------------------------------------------------------------

# SchemaStore's .prettierrc.cjs, the options it sets for src/api/json/catalog.json.
PRETTIER_CONFIG = """\
module.exports = {
  plugins: [require.resolve('prettier-plugin-sort-json')],
  semi: false,
  singleQuote: true,
  trailingComma: 'all',
  jsonRecursiveSort: true,
  jsonSortOrder: JSON.stringify({
    $schema: null, version: null, name: null, description: null, fileMatch: null, url: null,
    versions: null, '/^[^\\\\d+]/': 'none', '/^\\\\d+/': 'none',
  }),
}
"""


def test_catalog_entry_is_formatted_as_schemastore_formats_it(modules: Path, tmp_path: Path) -> None:
    config = tmp_path / ".prettierrc.cjs"
    config.write_text(
        PRETTIER_CONFIG.replace("require.resolve(", f"require.resolve({str(modules)!r} + '/' + "), encoding="utf-8"
    )
    copy_ = tmp_path / "catalog.json"
    copy_.write_bytes(CATALOG_PATH.read_bytes())
    done = subprocess.run(
        ["node", str(modules / "prettier" / "bin" / "prettier.cjs"), "--config", str(config), str(copy_)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == CATALOG_PATH.read_text(encoding="utf-8")


def test_catalog_entry_passes_schemastore_lint() -> None:
    """The checks SchemaStore's cli.js makes of a catalog entry's name and description."""
    catalog = json.loads(CATALOG_PATH.read_text(encoding="utf-8"))
    assert catalog["$schema"] == "https://www.schemastore.org/schema-catalog.json"
    for entry in catalog["schemas"]:
        for key in ("name", "description"):
            assert not re.search(r"[,. \t-]$", entry[key]), key
            assert "schema" not in entry[key].lower() and "\n" not in entry[key], key
        assert list(entry) == ["name", "description", "fileMatch", "url"]
