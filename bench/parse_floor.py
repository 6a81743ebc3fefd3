"""The parse floor (docs/design.md, "Performance"): read each file, compose it with ruamel.yaml's
C parser and a plain resolver, build plain data, and nothing else.
`python bench/parse_floor.py FILE...`"""

from __future__ import annotations

import sys

from _ruamel_yaml import CParser
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode


class PlainParser(CParser):  # type: ignore[misc]
    """The C parser with the cheapest resolver: every scalar stays text."""

    def resolve(self, kind: object, value: object, implicit: object) -> str:
        return "tag:yaml.org,2002:str" if kind is ScalarNode else "tag:yaml.org,2002:map"

    def descend_resolver(self, parent: object, index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


def build(node: object) -> object:
    if isinstance(node, MappingNode):
        return {build(k): build(v) for k, v in node.value}
    if isinstance(node, SequenceNode):
        return [build(v) for v in node.value]
    return node.value  # type: ignore[attr-defined]


def main(paths: list[str]) -> int:
    documents = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            parser = PlainParser(handle.read())
        while parser.check_node():
            build(parser.get_node())
            documents += 1
    print(f"{len(paths)} files, {documents} documents")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
