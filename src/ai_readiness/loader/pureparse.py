"""ruamel.yaml's pure parser, corrected where it reads valid YAML 1.2 differently.

The loader reads a file with libyaml when it can (see parsers.py) and with this parser when
libyaml raises, for the few patterns libyaml misreads without an error, and when no C library is
installed: so these corrections decide exactly the texts where the two parsers went wrong.
Imported only on that path. Each correction is one YAML 1.2 production (spec section in brackets):

* A tab separates tokens wherever libyaml allows one, not only in flow context: after a
  simple key's `:` (`key:<tab>{}`), and after any token that is not at the start of a line (the
  indentation itself is spaces only) [6.2].
* In flow context, `?` and `:` are indicators only when followed by white space or a flow
  indicator; otherwise they start a plain scalar (`[?b]` is the text `?b`, `{a: :b}` maps a to
  `:b`) [7.3.3 ns-plain-first]. A `:` right after a quoted scalar or a flow collection is an
  adjacent value (`{"a":b}`) [7.4.2].
* In flow context, a plain scalar ends before a `:` followed by a flow indicator (`[a:]` is a
  pair with an empty value, not the text `a:`) [7.3.3 ns-plain-char].
* A node whose tag comes before its anchor (`!!str &a key`) starts at the tag, and an empty
  value of a block mapping sits just past its `:`, as libyaml's marks say.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml import tokens as _tokens
from ruamel.yaml.events import ScalarEvent
from ruamel.yaml.parser import Parser
from ruamel.yaml.scanner import Scanner, ScannerError

_THE_END = "\n\0\r\x85\u2028\u2029"
_THE_END_SPACE_TAB = " \n\0\t\r\x85\u2028\u2029"
_FLOW_INDICATORS = ",[]{}"
_JSON_LIKE_ENDS = (_tokens.FlowSequenceEndToken, _tokens.FlowMappingEndToken)


class _Scanner(Scanner):
    # whether the last token fetched ends a JSON-like node (a quoted scalar, a flow collection)
    _after_json = False

    def fetch_more_tokens(self) -> Any:
        result = super().fetch_more_tokens()
        if self.tokens:
            last = self.tokens[-1]
            self._after_json = isinstance(last, _JSON_LIKE_ENDS) or (
                isinstance(last, _tokens.ScalarToken) and last.style in ('"', "'")
            )
        return result

    def scan_to_next_token(self) -> Any:
        # ruamel's own skips tabs in flow context only; libyaml's rule is kept here.
        srp = self.reader.peek
        srf = self.reader.forward
        if self.reader.index == 0 and srp() == "\ufeff":
            srf()
        while True:
            while srp() == " " or (srp() == "\t" and (self.flow_level or not self.allow_simple_key)):
                srf()
            if srp() == "#":
                while srp() not in _THE_END:
                    srf()
            if self.scan_line_break():
                if not self.flow_level:
                    self.allow_simple_key = True
            else:
                return None

    def check_key(self) -> Any:
        if self.flow_level:
            return self.reader.peek(1) in _THE_END_SPACE_TAB or self.reader.peek(1) in _FLOW_INDICATORS
        return self.reader.peek(1) in _THE_END_SPACE_TAB

    def check_value(self) -> Any:
        follower = self.reader.peek(1)
        if self.flow_level:
            return follower in _THE_END_SPACE_TAB or follower in _FLOW_INDICATORS or self._after_json
        return follower in _THE_END_SPACE_TAB

    def check_plain(self) -> Any:
        srp = self.reader.peek
        ch = srp()
        if ch not in "\0 \t\r\n\x85\u2028\u2029-?:,[]{}#&*!|>'\"%@`":
            return True
        follower = srp(1)
        if ch not in "-?:" or follower in _THE_END_SPACE_TAB:
            return False
        return not self.flow_level or follower not in _FLOW_INDICATORS

    def scan_plain(self) -> Any:
        # ruamel's, but for the end of a plain scalar at `:` plus a flow indicator in flow context.
        srp = self.reader.peek
        srf = self.reader.forward
        chunks: list[Any] = []
        start_mark = self.reader.get_mark()
        end_mark = start_mark
        indent = self.indent + 1
        spaces: list[Any] = []
        flow = bool(self.flow_level)
        while True:
            length = 0
            if srp() == "#":
                break
            while True:
                ch = srp(length)
                if ch == ":":
                    follower = srp(length + 1)
                    if follower in _THE_END_SPACE_TAB or (flow and follower in _FLOW_INDICATORS):
                        break
                elif ch in _THE_END_SPACE_TAB or (flow and ch in _FLOW_INDICATORS):
                    break
                length += 1
            if length == 0:
                break
            self.allow_simple_key = False
            chunks.extend(spaces)
            chunks.append(self.reader.prefix(length))
            srf(length)
            end_mark = self.reader.get_mark()
            spaces = self.scan_plain_spaces(indent, start_mark)
            if not spaces or srp() == "#" or (not flow and self.reader.column < indent):
                break
        return _tokens.ScalarToken("".join(chunks), True, start_mark, end_mark)

    def scan_plain_spaces(self, indent: Any, start_mark: Any) -> Any:
        # ruamel's refuses every tab around the line breaks of a plain scalar; YAML 1.2 refuses
        # only a tab inside the indentation of a line with content (libyaml: of any line).
        srp = self.reader.peek
        srf = self.reader.forward
        length = 0
        while srp(length) in " \t":
            length += 1
        whitespaces = self.reader.prefix(length)
        srf(length)
        if srp() not in "\r\n":
            return [whitespaces] if whitespaces else []
        line_break = self.scan_line_break()
        self.allow_simple_key = True
        breaks = []
        tab = None  # a tab inside this line's indentation: an error unless the line is empty
        while True:
            if self.reader.column == 0:
                prefix = self.reader.prefix(3)
                if (prefix == "---" or prefix == "...") and srp(3) in _THE_END_SPACE_TAB:
                    return None
            ch = srp()
            if ch == " " or ch == "\t":
                if ch == "\t" and tab is None and self.reader.column < indent:
                    tab = self.reader.get_mark()
                srf()
            elif ch in "\r\n":
                breaks.append(self.scan_line_break())
                tab = None
            else:
                break
        if tab is not None:
            raise ScannerError(
                "while scanning a plain scalar", start_mark, "found a tab character that violates indentation", tab
            )
        chunks = []
        if line_break != "\n":
            chunks.append(line_break)
        elif not breaks:
            chunks.append(" ")
        chunks.extend(breaks)
        return chunks


class _Parser(Parser):
    def parse_node(self, block: bool = False, indentless_sequence: bool = False) -> Any:
        first = self.scanner.peek_token()
        event = super().parse_node(block, indentless_sequence)
        if isinstance(first, _tokens.TagToken):
            event.start_mark = first.start_mark
        return event

    def parse_block_mapping_value(self) -> Any:
        indicator = self.scanner.peek_token()
        event = super().parse_block_mapping_value()
        if (
            isinstance(indicator, _tokens.ValueToken)
            and isinstance(event, ScalarEvent)
            and event.start_mark is event.end_mark
            and event.value == ""
        ):
            # An empty value sits just past its `:` (libyaml's mark); ruamel marks the start of
            # the next token, so the mapping around it would end on a later line.
            event.start_mark = event.end_mark = indicator.end_mark
        return event


def events(text: str) -> Iterator[Any]:
    """The events of ``text``, as ruamel's pure parser gives them, with the corrections above."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yaml = YAML(typ="base", pure=True)
        yaml.Scanner = _Scanner
        yaml.Parser = _Parser
        yield from yaml.parse(text)
