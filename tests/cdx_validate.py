"""Validate CycloneDX 1.6 JSON BOMs with cyclonedx-python-lib's strict JSON validator, plus what
the schema cannot say: bom-refs unique, every reference resolving, `modelCard` only on
machine-learning-model components and `data` only on data components, `specVersion` "1.6".

Run it with the Python of the environment that has `cyclonedx-python-lib[json-validation]` (see
tests/test_export.py: never imported by the test suite itself, whose jsonschema it would slow and
change). Usage: `python cdx_validate.py BOM.json...` prints one line per problem, `PATH: problem`,
and exits 1 when there is any; `python cdx_validate.py --serve` reads one path a line from standard
input and answers each with one line, the JSON list of its problems (the import, which takes a
second or two, is paid once for a whole test session).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator


def problems(text: str) -> list[str]:
    found = []
    errors = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text, all_errors=True)
    for error in errors or ():
        where = "/".join(str(p) for p in error.data.absolute_path)
        found.append(f"schema: /{where}: {error.data.message}")
    bom = json.loads(text)
    if bom.get("specVersion") != "1.6":
        found.append(f"specVersion is {bom.get('specVersion')!r}, not '1.6'")
    refs: list[str] = []
    wanted: list[str] = []

    def walk(node: Any, parent_key: str) -> None:
        if isinstance(node, dict):
            ref = node.get("bom-ref")
            if isinstance(ref, str) and parent_key == "components":
                refs.append(ref)
            if "modelCard" in node and node.get("type") != "machine-learning-model":
                found.append(f"modelCard on a {node.get('type')} component {ref!r}")
            if parent_key == "components" and "data" in node and node.get("type") != "data":
                found.append(f"data on a {node.get('type')} component {ref!r}")
            if parent_key == "datasets" and "ref" in node:
                wanted.append(node["ref"])
            for key, value in node.items():
                walk(value, key)
        elif isinstance(node, list):
            for item in node:
                walk(item, parent_key)

    walk(bom, "")
    for dependency in bom.get("dependencies", []):
        wanted.append(dependency["ref"])
        wanted.extend(dependency.get("dependsOn", []))
    seen: set[str] = set()
    for ref in refs:
        if ref in seen:
            found.append(f"bom-ref {ref!r} is not unique")
        seen.add(ref)
    found += [f"reference to an unknown bom-ref {ref!r}" for ref in wanted if ref not in seen]
    return found


def main(paths: list[str]) -> int:
    status = 0
    for path in paths:
        with open(path, encoding="utf-8") as stream:
            for problem in problems(stream.read()):
                print(f"{path}: {problem}")
                status = 1
    return status


def serve() -> int:
    for line in sys.stdin:
        path = line.rstrip("\n")
        with open(path, encoding="utf-8") as stream:
            found = problems(stream.read())
        print(json.dumps(found), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(serve() if sys.argv[1:] == ["--serve"] else main(sys.argv[1:]))
