"""The positioned loader: spans, encodings, multi-document files and the YAML-layer findings."""

from __future__ import annotations

import codecs
from typing import Any

import hypothesis
import pytest
from hypothesis import strategies as st

from ai_readiness.findings import Span
from ai_readiness.loader import HAS_C_PARSER, Limits, load_bytes
from ai_readiness.locate import locate

PATHS = [False, True] if HAS_C_PARSER else [True]

# (YAML text, pointer, at, expected (line, column, endLine, endColumn)); ends are exclusive.
SPANS = [
    ("a: 1\n", "/a", "value", (1, 4, 1, 5)),
    ("a: 1\n", "/a", "key", (1, 1, 1, 2)),
    ("a: hello world\n", "/a", "value", (1, 4, 1, 15)),
    ("a:   'quoted'  \n", "/a", "value", (1, 6, 1, 14)),
    ('a: "two\n  lines"\n', "/a", "value", (1, 4, 2, 9)),
    ("a: plain\n  continued   \n# c\n", "/a", "value", (1, 4, 2, 12)),
    ("a: |\n  literal\n  text\n\n\n# trailing comment\nb: 1\n", "/a", "value", (1, 4, 3, 7)),
    ("a: >-\n  folded\n\nb: 1\n", "/a", "value", (1, 4, 2, 9)),
    ("a: |\n  text\n", "/a", "value", (1, 4, 2, 7)),
    ("a:\n  - x\n  - y   # comment\n\nb: 1\n", "/a", "value", (2, 3, 3, 6)),
    ("a:\n  - x\n  - y\n", "/a/1", "value", (3, 5, 3, 6)),
    ("a:\n  b:\n    c: deep\n  # comment\n\n", "/a", "value", (2, 3, 3, 12)),
    ("a:\n  b:\n    c: deep\n", "/a/b/c", "key", (3, 5, 3, 6)),
    ("a: {b: 1, c: [x, y]}\n", "/a", "value", (1, 4, 1, 21)),
    ("a: {b: 1, c: [x, y]}\n", "/a/c/1", "value", (1, 18, 1, 19)),
    ("a: [1, {b: 2}]\n", "/a/1/b", "key", (1, 9, 1, 10)),
    ("a: ünïcödé\nb: 1\n", "/a", "value", (1, 4, 1, 11)),
    ("é: ü\n", "/é", "value", (1, 4, 1, 5)),
    ("a/b: 1\n", "/a~1b", "value", (1, 6, 1, 7)),
    ("a~b: 1\n", "/a~0b", "key", (1, 1, 1, 4)),
    ("a: 1\r\nb: 2\r\n", "/b", "value", (2, 4, 2, 5)),
    ("a: |\r\n  x\r\n\r\nb: 1\r\n", "/a", "value", (1, 4, 2, 4)),
    ("a:\nb: 2\n", "/a", "value", (1, 1, 1, 2)),  # an empty value points at its key
    ("# head\n\n  a: 1\n", "", "value", (3, 3, 3, 4)),  # the document: its first key
    ("a: &x [1]\nb: *x\n", "/b", "value", (2, 4, 2, 6)),
    # a key with a tag and an anchor, in either order, starts at the first of them
    ("spec: !!map\n  !!str &t typo: robot\n", "/spec/typo", "key", (2, 3, 2, 16)),
    ("spec: !!map\n  &t !!str typo: robot\n", "/spec/typo", "key", (2, 3, 2, 16)),
    ("spec: !!map\n  &t !!str typo: robot\n", "/spec", "value", (1, 7, 2, 23)),
    # a mapping whose last value is empty ends just past that value's `:`
    ("a:\n  b: 1\n  c:\nd: 1\n", "/a", "value", (2, 3, 3, 5)),
    ("a:\n  b: 1\n  c:   # note\n\n# more\nd: 1\n", "/a", "value", (2, 3, 3, 5)),
    ("a:\n  b:\n    c:\n", "/a", "value", (2, 3, 3, 7)),
    # U+0085, U+2028 and U+2029 break no line, and count as one column each
    ("a: x\x85y\nb: 1\n", "/b", "value", (2, 4, 2, 5)),
    ("a: [x\u2028y, z]\n", "/a/1", "value", (1, 10, 1, 11)),
    ("# c\u2029d\na: |\n  x\u2029\n  y\nb: 1\n", "/a", "value", (2, 4, 4, 4)),
]


@pytest.mark.parametrize("pure", PATHS, ids=["c", "pure"][: len(PATHS)] if HAS_C_PARSER else ["pure"])
@pytest.mark.parametrize(("text", "pointer", "at", "span"), SPANS)
def test_spans(text: str, pointer: str, at: str, span: tuple[int, int, int, int], pure: bool) -> None:
    result = load_bytes(text.encode("utf-8"), "f.yaml", Limits(), pure=pure)
    assert not result.findings, result.findings
    (doc,) = result.documents
    assert locate(doc, pointer, at) == Span(*span)


def test_missing_key_points_at_nearest_parent_key() -> None:
    (doc,) = load_bytes(b"spec:\n  evaluation:\n    metrics: []\n", "f", Limits()).documents
    assert locate(doc, "/spec/evaluation/thresholds/0/op") == Span(2, 3, 2, 13)
    assert locate(doc, "/spec/monitoring/signals") == Span(1, 1, 1, 5)
    assert locate(doc, "/metadata") == Span(1, 1, 1, 5)  # root: its first key


def test_core_schema_resolution() -> None:
    text = (
        "a: yes\nb: no\nc: on\nd: true\ne: ~\nf: 0o17\ng: 0x1F\nh: 1_000\ni: 2026-11-03\n"
        "j: .inf\nk: -.inf\nl: 1e3\nm: +12\nn: '12'\no: !!str 12\np: !!float 1\nq: <<\n<<: x\n"
    )
    (doc,) = load_bytes(text.encode(), "f", Limits()).documents
    data = doc.data
    assert data["a"] == "yes" and data["b"] == "no" and data["c"] == "on"
    assert data["d"] is True and data["e"] is None
    assert data["f"] == 15 and data["g"] == 31 and data["h"] == "1_000"
    assert data["i"] == "2026-11-03"
    assert data["j"] == float("inf") and data["k"] == float("-inf") and data["l"] == 1000.0
    assert data["m"] == 12 and data["n"] == "12" and data["o"] == "12"
    assert data["p"] == 1.0 and isinstance(data["p"], float)
    assert data["<<"] == "x" and data["q"] == "<<"


def test_multi_document_and_empty_documents() -> None:
    text = b"---\n---\napiVersion: a\n...\n---\n# only a comment\n---\nb: 2\n"
    result = load_bytes(text, "f", Limits())
    assert [(d.index, d.data) for d in result.documents] == [(1, {"apiVersion": "a"}), (3, {"b": 2})]
    assert not result.findings


@pytest.mark.parametrize(
    "encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
)
def test_encodings(encoding: str) -> None:
    text = "name: café\nlist: [a, b]\n"
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        bom = {
            "utf-16-le": codecs.BOM_UTF16_LE,
            "utf-16-be": codecs.BOM_UTF16_BE,
            "utf-32-le": codecs.BOM_UTF32_LE,
            "utf-32-be": codecs.BOM_UTF32_BE,
        }[encoding]
        for payload in (data, bom + data):  # without and with a BOM
            result = load_bytes(payload, "f", Limits())
            assert not result.findings
            assert result.documents[0].data == {"name": "café", "list": ["a", "b"]}
            assert locate(result.documents[0], "/name") == Span(1, 7, 1, 11)
    else:
        result = load_bytes(data, "f", Limits())
        assert not result.findings
        assert result.documents[0].data == {"name": "café", "list": ["a", "b"]}


def _only(text: bytes, limits: Limits | None = None, pure: bool = False) -> tuple[str, str, Span]:
    result = load_bytes(text, "f.yaml", limits or Limits(), pure=pure)
    assert len(result.findings) == 1, result.findings
    (f,) = result.findings
    return f.rule, f.message, f.span


def test_duplicate_key_points_at_second() -> None:
    rule, message, span = _only(b"spec:\n  stage: pilot\n  type: agent\n  stage: production\n")
    assert rule == "YAML002" and span == Span(4, 3, 4, 8)
    assert "stage" in message and "line 2" in message


@pytest.mark.parametrize(
    ("text", "rule", "span"),
    [
        (b"a: [1, 2\n", "YAML001", Span(2, 1, 2, 2)),
        (b"a: b\n c: d\n", "YAML001", Span(2, 3, 2, 4)),
        (b"a: *nowhere\n", "YAML001", Span(1, 4, 1, 12)),
        (b"a: &x [*x]\n", "YAML001", Span(1, 8, 1, 10)),
        (b"a: \x07\n", "YAML001", Span(1, 4, 1, 5)),
        (b"", "YAML003", Span(1, 1, 1, 1)),
        (b"\n\n   \n", "YAML003", Span(1, 1, 1, 1)),
        (b"# just a comment\n", "YAML003", Span(1, 1, 1, 1)),
        (b"- a\n- b\n", "YAML003", Span(1, 1, 2, 4)),
        (b"just text\n", "YAML003", Span(1, 1, 1, 10)),
        (b"a: \xff\xfe\n", "YAML003", Span(1, 4, 1, 5)),
        (b"a: b\x00\n", "YAML003", Span(1, 5, 1, 6)),
        (b"x: !!python/object:os.system ls\n", "YAML003", Span(1, 4, 1, 32)),
        (b"x: !custom {a: 1}\n", "YAML003", Span(1, 4, 1, 11)),
        (b"x: !!int twelve\n", "YAML003", Span(1, 4, 1, 16)),
        (b"x: !!float 0x10\n", "YAML003", Span(1, 4, 1, 16)),  # 0x10 is an integer, no float
        (b"x: !!float 0o17\n", "YAML003", Span(1, 4, 1, 16)),
    ],
)
def test_yaml_findings(text: bytes, rule: str, span: Span) -> None:
    for pure in PATHS:
        got = _only(text, pure=pure)
        assert (got[0], got[2]) == (rule, span), (pure, got)


def test_size_limit() -> None:
    rule, message, span = _only(b"a: 1\n" * 10, Limits(max_file_bytes=20))
    assert rule == "YAML003" and "over the limit" in message and span == Span(1, 1, 1, 1)


def test_depth_limit_block_and_flow() -> None:
    deep_block = "".join(f"{'  ' * i}k{i}:\n" for i in range(70)) + "  " * 70 + "v\n"
    rule, message, span = _only(deep_block.encode())
    assert rule == "YAML003" and "nesting deeper than 64" in message and span.line == 65
    flow = b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"
    rule, message, span = _only(flow)
    assert rule == "YAML003" and span == Span(1, 67, 1, 68)


def test_alias_expansion_limit() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    rule, message, _ = _only(("\n".join(lines) + "\n").encode())
    assert rule == "YAML003" and "aliases expand" in message


@pytest.mark.parametrize("tag", [b"", b"!!int "])
def test_huge_integer_is_kept_out_of_the_data(tag: bytes) -> None:
    for pure in PATHS:
        result = load_bytes(b"a: " + tag + b"9" * 5000 + b"\nb: 1\n", "f", Limits(), pure=pure)
        assert not result.findings  # not "no valid !!int": too large, a SCHEMA001 (see test_schema.py)
        (doc,) = result.documents
        assert doc.data == {"b": 1}
        assert "5000 digits" in doc.invalid["/a"]


def test_numbers_a_float_cannot_show_keep_their_spelling() -> None:
    text = b"a: 1e400\nb: [-.Inf, !!float 1e999]\nc: .nan\nd: 1.5\ne: &x 2e308\n"
    for pure in PATHS:
        (doc,) = load_bytes(text, "f", Limits(), pure=pure).documents
        assert doc.data["a"] == float("inf") and doc.data["b"] == [float("-inf"), float("inf")]
        assert doc.written == {"/a": "1e400", "/b/0": "-.Inf", "/b/1": "1e999", "/c": ".nan", "/e": "2e308"}


# Both ruamel parsers count U+0085, U+2028 and U+2029 as line breaks (YAML 1.1); in YAML 1.2
# they are ordinary characters wherever they stand.
YAML_1_1_BREAKS = [
    ("a: Tags\x85clauses\nb: 1\n", {"a": "Tags\x85clauses", "b": 1}),
    ("# a comment\u2028that: goes on\na: 1\n", {"a": 1}),
    ('a: "x\u2029y"\n', {"a": "x\u2029y"}),
    ('a: "two\x85\n  lines"\n', {"a": "two\x85 lines"}),
    ("a: 'x\x85\n\n  y'\n", {"a": "x\x85\ny"}),
    ("a: |\n  x\u2028y\n  z\nb: 1\n", {"a": "x\u2028y\nz\n", "b": 1}),
    ("a: >\n  x\x85\n  y\n", {"a": "x\x85 y\n"}),
    ("a: \x85\n\u2028b: \u2029\n", {"a": "\x85", "\u2028b": "\u2029"}),
    ("a: &x\x85 [1]\nb: *x\x85\n", {"a": [1], "b": [1]}),
    ('- {k: "\\N\\L\\P"}\n', None),  # the escapes: the characters themselves (not a mapping)
    # a stand-in is a character the text holds in neither spelling: none of these changes
    ('a\x85: "\\ue000 \\U0000E001"\nb: \ue002\u2028\n', {"a\x85": "\ue000 \U0000e001", "b": "\ue002\u2028"}),
]


@pytest.mark.parametrize("pure", PATHS, ids=["c", "pure"][: len(PATHS)] if HAS_C_PARSER else ["pure"])
@pytest.mark.parametrize(("text", "data"), YAML_1_1_BREAKS)
def test_nel_and_unicode_line_separators_are_ordinary_characters(text: str, data: object, pure: bool) -> None:
    result = load_bytes(text.encode(), "f.yaml", Limits(), pure=pure)
    if data is None:
        assert [f.rule for f in result.findings] == ["YAML003"]
        return
    assert not result.findings, result.findings
    (doc,) = result.documents
    assert doc.data == data
    assert isinstance(data, dict)
    last = list(data)[-1]  # the last value ends on the text's last line: no line was added
    assert locate(doc, "/" + last).end_line == text.count("\n")


@pytest.mark.parametrize("pure", PATHS, ids=["c", "pure"][: len(PATHS)] if HAS_C_PARSER else ["pure"])
def test_a_parser_message_quotes_the_texts_own_character(pure: bool) -> None:
    rule, message, span = _only('a: "x\\\x85"\n'.encode(), pure=pure)  # `\` before a NEL: no escape
    assert rule == "YAML001" and "'\\x85'" in message and span == Span(1, 7, 1, 8)


@pytest.mark.parametrize("pure", PATHS, ids=["c", "pure"][: len(PATHS)] if HAS_C_PARSER else ["pure"])
def test_a_colon_in_plain_text_says_to_quote_it(pure: bool) -> None:
    rule, message, span = _only(b"purpose:\n  intendedUse: TBD: ask legal\n", pure=pure)
    assert (rule, span) == ("YAML001", Span(2, 19, 2, 20))  # the second `:`
    assert message == (
        "invalid YAML: mapping values are not allowed here (quote a text that contains ': ', or check the indentation)"
    )


# Valid YAML 1.2 that libyaml or ruamel's pure parser refused or misread; each path now reads it
# as YAML 1.2 says (the JavaScript `yaml` package, a YAML 1.2 parser, agrees on every one).
YAML_1_2 = [
    ("key:\t{}\n", {"key": {}}),
    ("key: \t[a]\n", {"key": ["a"]}),
    ("a: [?b, ? c, ?]\n", {"a": ["?b", {"c": None}, {"": None}]}),
    ("a: [\n  ?b ]\n", {"a": ["?b"]}),
    ("a: {?b: c}\n", {"a": {"?b": "c"}}),
    ("a: {? :b}\n", {"a": {":b": None}}),
    ("a: &a?b 1\nb: *a?b\n", {"a": 1, "b": 1}),  # libyaml ends a name at `?` or `:`
    ("a: [&x:y 1, *x:y]\n", {"a": [1, 1]}),
    ("a: [a:]\n", {"a": [{"a": None}]}),
    ("a: {a:, b: c}\n", {"a": {"a": None, "b": "c"}}),
    ("a: {a: :b}\n", {"a": {"a": ":b"}}),
    ('a: {"a":b}\n', {"a": {"a": "b"}}),
    ("a: ['a':b, c:d]\n", {"a": [{"a": "b"}, "c:d"]}),
    ("a: b\t\nc:\t- x\n", None),  # a tab before a block sequence: no YAML
    ("a:\n  b\n  \tc\n", {"a": "b c"}),
    ("foo: 1\n\t\nbar: 2\n", {"foo": 1, "bar": 2}),
]


@pytest.mark.parametrize("pure", PATHS, ids=["c", "pure"][: len(PATHS)] if HAS_C_PARSER else ["pure"])
@pytest.mark.parametrize(("text", "data"), YAML_1_2)
def test_yaml_1_2_where_the_parsers_differ(text: str, data: object, pure: bool) -> None:
    result = load_bytes(text.encode(), "f.yaml", Limits(), pure=pure)
    if data is None:
        assert [f.rule for f in result.findings] == ["YAML001"]
        return
    assert not result.findings, result.findings
    assert result.documents[0].data == data


def test_tag_and_anchor_keys_start_at_their_own_line() -> None:
    """yaml-test-suite 9KAX: properties in either order, on the key's line or before."""
    from tests.test_yaml_suite import SUITE

    data = (SUITE / "cases" / "9KAX.yaml").read_bytes()
    for pure in PATHS:
        documents = load_bytes(data, "f.yaml", Limits(), pure=pure).documents
        starts = [[locate(doc, "/" + key, "key")[:2] for key in doc.data] for doc in documents]
        assert starts == [[(14, 1)], [(16, 1), (17, 1)], [(20, 1)], [(23, 1)]], pure


def test_c_parser_refusal_falls_back_to_pure() -> None:
    # libyaml refuses an unquoted URL in a flow mapping; YAML 1.2 (and the pure parser) accept it.
    result = load_bytes(b"a: {url: https://example.com/x}\n", "f", Limits())
    assert not result.findings
    assert result.documents[0].data == {"a": {"url": "https://example.com/x"}}


@pytest.mark.skipif(not HAS_C_PARSER, reason="the C parser's event classes")
def test_the_c_module_gets_its_event_classes_back() -> None:
    import sys

    from ruamel.yaml import events

    from ai_readiness.loader.parsers import CParser

    module = sys.modules[CParser.__module__]
    for text in (b"a: 1\n", b"a: &x 1\n", b"a: [\n", b"- not a mapping\n"):
        load_bytes(text, "f", Limits())
        assert module.ScalarEvent is events.ScalarEvent
        assert module.MappingStartEvent is events.MappingStartEvent
        assert module.SequenceEndEvent is events.SequenceEndEvent


# --- the fast pass counts no nodes: texts long enough to reach the limits skip it -----------------


def _nodes(events: Any) -> tuple[int, int]:
    """(nodes, documents) as the composers count them: scalars, aliases and collections; the
    documents whose root is not empty."""
    from ruamel.yaml.events import AliasEvent, DocumentStartEvent, MappingEndEvent, ScalarEvent, SequenceEndEvent

    nodes = documents = 0
    for event in events:
        if isinstance(event, (ScalarEvent, AliasEvent, MappingEndEvent, SequenceEndEvent)):
            nodes += 1
        elif isinstance(event, DocumentStartEvent):
            documents += 1
    return nodes, documents


@pytest.mark.parametrize("pure", PATHS)
@hypothesis.settings(max_examples=500, deadline=None)
@hypothesis.given(
    st.lists(
        st.sampled_from(["?", ":", ",", "-", " ", "\n", "[", "]", "{", "}", "a", "---\n", "*a", "&a "]), max_size=40
    )
)
def test_a_character_holds_at_most_three_nodes(pure: bool, pieces: list[str]) -> None:
    """Why the fast pass need not count (fast.MAX_CHARS): the densest YAML gives three nodes per
    character (`?` in a flow sequence: a mapping of two empty scalars) and a document per three."""
    from ai_readiness.loader.parsers import c_events, pure_events

    text = "".join(pieces)
    try:
        nodes, documents = _nodes(pure_events(text) if pure else c_events(text))
    except Exception:
        return  # not YAML: the parser raises, and nothing is composed
    assert nodes <= 3 * len(text) + 1
    assert documents <= len(text) // 3 + 1


def test_the_fast_pass_bound_keeps_under_the_limits() -> None:
    from ai_readiness.loader import MAX_DOCUMENTS, MAX_NODES
    from ai_readiness.loader.fast import MAX_CHARS

    assert 3 * MAX_CHARS + 1 < MAX_NODES
    assert MAX_CHARS // 3 + 1 < MAX_DOCUMENTS
    assert Limits().max_file_bytes > MAX_CHARS  # so the other path is reached with the defaults


@pytest.mark.parametrize("pure", PATHS)
def test_a_text_longer_than_the_fast_pass_reads_is_composed_all_the_same(pure: bool) -> None:
    from ai_readiness.loader.fast import MAX_CHARS

    head = b"apiVersion: ai-readiness/v1\nkind: AISystem\nmetadata: {name: big}\n"
    text = head + b"# " + b"x" * MAX_CHARS + b"\nspec: {stage: pilot, paths: [a, b]}\n"
    result = load_bytes(text, "f", Limits(), pure=pure)
    assert not result.findings
    (doc,) = result.documents
    assert doc.data == {
        "apiVersion": "ai-readiness/v1",
        "kind": "AISystem",
        "metadata": {"name": "big"},
        "spec": {"stage": "pilot", "paths": ["a", "b"]},
    }
    assert doc._source is None  # composed with its positions: not by the fast pass
    assert locate(doc, "/spec/paths/1") == Span(5, 33, 5, 34)
