"""The two parsers as event streams: libyaml through ruamel.yaml's C module, and ruamel.yaml's
pure parser as corrected in `pureparse` (docs/design.md, "Parsing"). This module decides which
one may read a text, feeds both the text with stand-ins for the characters they misread as line
breaks (docs/design.md, "YAML"), and turns what they raise into a YAML001's message and position."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ruamel.yaml.events import ScalarEvent

from ai_readiness.loader.decoding import position_of
from ai_readiness.loader.document import Pos

try:  # pragma: no cover - which one imports depends on the platform
    from _ruamel_yaml import CParser as CParser
except ImportError:  # pragma: no cover
    try:
        from _ruamel_yaml_clibz import CParser as CParser
    except ImportError:
        CParser = None

HAS_C_PARSER = CParser is not None


class ParseError(Exception):
    """The parser (not the composer) raised; ``cause`` is what it raised."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


# Both parsers count these as line breaks (YAML 1.1): a comment holding one ends there, a plain
# or quoted scalar folds it into a space, a block scalar breaks its line. In YAML 1.2 they are
# ordinary characters.
_YAML11_BREAKS = "\x85\u2028\u2029"
# A `\\u` or `\\U` escape of a double-quoted scalar: the character it names is no stand-in
# (compiled on first use: few texts need it).
_UNICODE_ESCAPE = r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))"


def stand_ins(text: str) -> tuple[str, dict[int, str] | None]:
    """The text the parsers read, and the table that turns its stand-ins back into the text's
    characters (None when there is nothing to stand in for, the common case).

    Each of U+0085, U+2028 and U+2029 the text holds is replaced by one character both parsers
    read as an ordinary one, which neither the text nor one of its `\\u` escapes holds: from the
    private use area up (over a million candidates, more than any text holds), so every stand-in
    is one code point in place of one, and lines, columns and indexes stay those of the text.
    The table is applied to every scalar, anchor and parser message (`restored`)."""
    if "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return text, None
    taken = set(text)
    if "\\" in text:
        taken.update(chr(int(a or b, 16)) for a, b in re.findall(_UNICODE_ESCAPE, text) if int(a or b, 16) < 0x110000)
    forward: dict[int, str] = {}
    restore: dict[int, str] = {}
    code = 0xE000
    for special in _YAML11_BREAKS:
        if special not in taken:
            continue
        # U+FEFF is a byte order mark to ruamel's reader, U+FFFE and U+FFFF are no characters
        while chr(code) in taken or code in (0xFEFF, 0xFFFE, 0xFFFF):
            code += 1
        forward[ord(special)] = chr(code)
        restore[code] = special
        code += 1
    return text.translate(forward), restore


def restored(events: Iterable[Any], restore: dict[int, str] | None) -> Iterable[Any]:
    """``events`` (ruamel's event objects or the fast pass's tuples) with the text's own
    characters in place of stand-ins (see `stand_ins`); ``events`` itself when there are none."""
    if restore is None:
        return events
    return _restoring(events, restore)


def _restoring(events: Iterable[Any], restore: dict[int, str]) -> Iterator[Any]:
    for event in events:
        if event.__class__ is tuple:
            if len(event) == 7:  # a scalar: (anchor, tag, implicit, value, start, end, style)
                anchor = event[0]
                event = (anchor and anchor.translate(restore), *event[1:3], event[3].translate(restore), *event[4:])
            elif len(event) != 2 and event[0] is not None:  # a collection starts: its anchor
                event = (event[0].translate(restore), *event[1:])
        else:
            if getattr(event, "anchor", None) is not None:
                event.anchor = event.anchor.translate(restore)
            if event.__class__ is ScalarEvent:
                event.value = event.value.translate(restore)
        yield event


# libyaml ends an anchor or alias name at its first character outside these (`&a?b` is anchor `a`
# before the text `?b`, `&an:chor` anchor `an`); YAML 1.2 at a space or a flow indicator only.
_LIBYAML_NAME = r"[0-9A-Za-z_-]*"  # compiled on first use: few texts need it
_TOKEN_END = " \t\r\n,[]{}"  # what ends a name or a plain scalar's first character in flow context


def _cut_name(text: str) -> bool:
    """Whether an anchor or alias at a token's start has a name libyaml would cut short."""
    for sigil in "&*":
        i = text.find(sigil)
        while i >= 0:
            if i == 0 or text[i - 1] in " \t\r\n[{,":
                end = re.compile(_LIBYAML_NAME).match(text, i + 1).end()  # type: ignore[union-attr]  # `*` always matches
                if end < len(text) and text[end] not in _TOKEN_END:
                    return True
            i = text.find(sigil, i + 1)
    return False


def _question_misread(text: str) -> bool:
    """Whether a `?` starts a token and is followed by a character other than a space or a flow
    indicator, or by spaces and a `:` that is: in a flow collection YAML 1.2 reads a plain scalar
    there (`[?b]` holds the text `?b`, `{? :b}` the key `:b`), libyaml an indicator, without an
    error (elsewhere libyaml raises at such a `:`, and the pure parser decides anyway). A loop
    over the `?`s: a regex that looks behind each position costs a hundred times more."""
    i = text.find("?")
    while i >= 0:
        follower = text[i + 1 : i + 2]
        if follower and follower not in _TOKEN_END:
            j = i - 1
            while j >= 0 and text[j] in " \t":
                j -= 1
            if j < 0 or text[j] in "\r\n[{,?":
                return True
        elif follower:  # the key indicator: what does the key start with?
            k = i + 1
            while k < len(text) and text[k] in " \t\r\n":
                k += 1
            if text.startswith(":", k) and text[k + 1 : k + 2] not in ("", *_TOKEN_END):
                return True
        i = text.find("?", i + 1)
    return False


def c_unsafe(text: str) -> bool:
    """Text libyaml may read differently from YAML 1.2 without an error, for the pure parser
    to read instead: an anchor or alias name with other characters than letters, digits, `_`
    and `-`, or a `?` that starts a plain scalar or a key `:b` (in flow context; elsewhere the
    pure parser reads it the same). Substring tests first, to spare the common file any scan.
    The other differences make libyaml raise, and the pure parser decides then anyway."""
    if "?" in text and _question_misread(text):
        return True
    return ("&" in text or "*" in text) and _cut_name(text)


def c_events(text: str) -> Iterator[Any]:
    try:
        parser = CParser(text)
        get = parser.get_event
        event = get()
    except Exception as exc:
        raise ParseError(exc) from exc
    while event is not None:
        yield event
        try:
            event = get()
        except Exception as exc:
            raise ParseError(exc) from exc


def pure_events(text: str) -> Iterator[Any]:
    from ai_readiness.loader import pureparse

    events = pureparse.events(text)
    while True:
        try:
            event = next(events)
        except StopIteration:
            return
        except Exception as exc:
            raise ParseError(exc) from exc
        yield event


def error_position(exc: BaseException, text: str) -> Pos | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        line, col = mark.line + 1, mark.column + 1
    elif isinstance(getattr(exc, "position", None), int):  # ReaderError: a character index
        line, col = position_of(text, min(exc.position, len(text)))  # type: ignore[attr-defined]
    else:
        return None
    return line, col, line, col + 1


def error_message(exc: BaseException, restore: dict[int, str] | None = None) -> str:
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if problem:
        text = str(problem)
        if context:
            text = f"{text} ({context})"
        elif text == "mapping values are not allowed here":  # `intendedUse: TBD: ask legal`
            text += " (quote a text that contains ': ', or check the indentation)"
    else:
        text = str(exc).split("\n")[0] or exc.__class__.__name__
    if restore is not None:  # a stand-in as the message shows it: itself, or escaped by repr()
        text = text.translate(restore)
        for code, special in restore.items():
            text = text.replace(ascii(chr(code))[1:-1], ascii(special)[1:-1])
    return f"invalid YAML: {text}"


def block_scalar_end(text: str, start: tuple[int, int], mark: Any) -> tuple[int, int]:
    """Where a literal or folded scalar that starts at ``start`` ends: just past its last
    non-blank character (docs/design.md, "Positions"), where both parsers' end ``mark`` comes
    after its trailing line breaks."""
    i = mark.index
    line = mark.line + 1
    col = mark.column + 1
    j = i
    while j > 0 and text[j - 1] in " \t\r\n":
        j -= 1
    if j == i:
        return line, col
    skipped = text[j:i]
    breaks = skipped.count("\n") + skipped.count("\r") - skipped.count("\r\n")
    if breaks:
        line -= breaks
        col = j - max(text.rfind("\n", 0, j), text.rfind("\r", 0, j))
    else:
        col -= i - j
    if (line, col) < start:
        return start
    return line, col
