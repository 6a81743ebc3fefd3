"""Hostile input never wins: findings or a documented exit code, never a traceback,
a hang or unbounded memory.

Property-based tests feed random bytes, random text and mutated manifests to the loader, the
schema pass and every rule; named regression tests pin each kind of hostile input. The big
inputs run the real command line in a subprocess, with a generous timeout (a hang fails, speed is
never asserted) and its peak memory measured by ``resource.getrusage(RUSAGE_CHILDREN)`` in a
process of its own.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import json
import math
import os
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ai_readiness.config import Config
from ai_readiness.discovery import Root, Target
from ai_readiness.engine import Linter, Options, lint
from ai_readiness.findings import Finding
from ai_readiness.loader import HAS_C_PARSER, MAX_DOCUMENTS, MAX_NODES, Limits, load_bytes, load_file
from ai_readiness.rules.catalog import BY_ID
from tests.conftest import EXAMPLES, commit_all, make_repo

resource = pytest.importorskip("resource", reason="peak memory is measured with the POSIX resource module")

TODAY = _dt.date(2026, 11, 28)
PRODUCTION = (EXAMPLES / "production" / "ai-readiness.yaml").read_text(encoding="utf-8")
PROTOTYPE = (EXAMPLES / "prototype" / "ai-readiness.yaml").read_text(encoding="utf-8")
STAGES = (None, "prototype", "pilot", "production", "deprecated")
MB = 1 << 20
TIMEOUT = 300  # seconds: a run that does not end fails; nothing here asserts speed
MEMORY_CEILING_MB = 1024  # "a 20 MB file must not take gigabytes"
PATHS = [False, True] if HAS_C_PARSER else [True]


# --- helpers ------------------------------------------------------------------------------------


def check_findings(findings: list[Finding]) -> None:
    """What every finding must be, whatever the input: a known rule, words, a real position."""
    for f in findings:
        assert f.rule in BY_ID, f
        assert f.message.strip(), f
        assert f.line >= 1 and f.column >= 1, f
        assert (f.span.end_line, f.span.end_column) >= (f.line, f.column), f
        assert f.document >= 0 and (f.pointer == "" or f.pointer.startswith("/")), f


def lint_bytes(
    data: bytes, stage: str | None = None, pure: bool = False, today: _dt.date = TODAY, limits: Limits | None = None
) -> list[Finding]:
    """The loader, the schema pass and every document rule on ``data``, in process."""
    root = Path(tempfile.gettempdir()).resolve()
    options = Options(paths=[], cwd=root, root=Root(root, False), config=Config(), today=today, target_stage=stage)
    linter = Linter(options)
    loaded = load_bytes(data, "ai-readiness.yaml", limits or Limits(), pure=pure)
    findings = list(loaded.findings)
    target = Target(str(root / "ai-readiness.yaml"), "ai-readiness.yaml")
    for doc in loaded.documents:
        linter.lint_document(target, doc, loaded.text or "", findings)
    check_findings(findings)
    return findings


def rules_of(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


def only(findings: list[Finding], rule: str) -> Finding:
    hits = [f for f in findings if f.rule == rule]
    assert len(hits) == 1, findings
    return hits[0]


_MEASURE = """\
import resource, subprocess, sys
done = subprocess.run(sys.argv[2:], cwd=sys.argv[1], capture_output=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stdout.buffer.write(b"%d %d\\n" % (done.returncode, peak))
sys.stdout.buffer.write(done.stdout)
sys.stderr.buffer.write(done.stderr[-20000:])
"""


def run_cli(cwd: Path, *args: str) -> tuple[int, str, str, float]:
    """`ai-readiness ARGS` in a subprocess of a process of its own, so that the peak resident
    memory of RUSAGE_CHILDREN is the CLI's alone: (exit code, stdout, stderr, peak MiB)."""
    cli = [sys.executable, "-c", "import sys; from ai_readiness.cli import main; sys.exit(main())", *args]
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(cwd), *cli],
        capture_output=True,
        timeout=TIMEOUT,
        check=True,
    )
    head, _, out = done.stdout.partition(b"\n")
    code, peak = (int(x) for x in head.split())
    peak_mb = peak / 1024 if sys.platform != "darwin" else peak / MB  # kilobytes on Linux, bytes on macOS
    return code, out.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"), peak_mb


def quiet(err: str) -> bool:
    """Standard error holds at most notes: no traceback, no internal or usage error."""
    return all(line.startswith("note:") for line in err.splitlines())


def write_manifest(folder: Path, data: bytes, name: str = "ai-readiness.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def limits_config(folder: Path, max_file_bytes: int) -> None:
    (folder / ".ai-readiness.toml").write_text(f"[limits]\nmax-file-bytes = {max_file_bytes}\n", encoding="utf-8")


# --- property-based -----------------------------------------------------------------------------

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(data=st.binary(max_size=2048), stage=st.sampled_from(STAGES), pure=st.sampled_from(PATHS))
def test_random_bytes(data: bytes, stage: str | None, pure: bool) -> None:
    lint_bytes(data, stage, pure)


YAML_ALPHABET = st.sampled_from(
    [
        *":-?[]{},#&*!|>'\"%@` \t\n\r\\~.0123456789abcxyzé\u2028\x85\ufeff\x00\x07",
        *("apiVersion", "kind", "spec", "metadata", "name", "stage", "<<", "---", "...", "!!str", "!!int", "&a", "*a"),
    ]
)


@FUZZ
@given(
    parts=st.lists(YAML_ALPHABET, max_size=200),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"]),
    pure=st.sampled_from(PATHS),
)
def test_random_yaml_like_text(parts: list[str], encoding: str, pure: bool) -> None:
    lint_bytes("".join(parts).encode(encoding, "surrogatepass"), "production", pure)


TOKENS = [
    b"&a ", b"*a", b"!!python/object/apply:os.system ", b"!x ", b"? ", b": ", b"- ", b"[", b"]", b"{", b"}",
    b",", b"\n", b"\r", b"\t", b"#", b"|", b">-", b"'", b'"', b"\\", b"%YAML 1.2\n", b"---\n", b"...\n",
    b"\x00", b"\xff", b"\xef\xbb\xbf", b"\xc2\x85", b"\xe2\x80\xa8", b"<<: ", b"!!str ", b"!!int ",
    b"!!float ", b"!!binary ", b"9" * 4400, b".nan", b"-.inf", b"~", b"@", b"`", b"%", b"2026-02-30", b"P",
    b"PT", b"TODO", b"<x>", b"../../..", b"https://", b"  ",
]  # fmt: skip


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(["insert", "delete", "copy"]), st.sampled_from(TOKENS)),
        min_size=1,
        max_size=8,
    ),
    source=st.sampled_from([PRODUCTION, PROTOTYPE]),
    stage=st.sampled_from(STAGES),
    pure=st.sampled_from(PATHS),
)
def test_mutated_manifest_text(
    edits: list[tuple[float, str, bytes]], source: str, stage: str | None, pure: bool
) -> None:
    data = bytearray(source.encode())
    for where, how, token in edits:
        at = int(where * len(data))
        if how == "insert":
            data[at:at] = token
        elif how == "delete":
            del data[at : at + len(token)]
        else:
            data[at:at] = data[len(data) - at : len(data) - at + 80]
    lint_bytes(bytes(data), stage, pure)


# fmt: off
HOSTILE_WORDS = [
    "", "2026-02-30", "0001-01-01", "9999-12-31", "P", "PT", "P0D", "P99999999999999Y",
    "PT99999999999999999S", "TODO", "<team>", "@", "@a/", "group:", "https://", "../../../etc/passwd",
    "/", "security", "approved", "production", "deprecated", "agent", "rag-assistant", "release",
    "high", ">=", "ATT001", "YAML001", "answer_correctness", "golden-qa", "src/[z-", "x" * 5000,
]
# fmt: on
HOSTILE_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(HOSTILE_WORDS),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


def _yaml_value(value: Any) -> str:
    """JSON is YAML, but for the floats JSON can't spell."""
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ("-.inf" if value < 0 else ".inf")
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {_yaml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


BASE_DATA = load_bytes(PRODUCTION.encode(), "f", Limits()).documents[0].data


@st.composite
def mutated_documents(draw: st.DrawFn) -> str:
    """The production example with values replaced, keys removed or added, lists grown."""
    data = json.loads(json.dumps(BASE_DATA))
    for _ in range(draw(st.integers(1, 6))):
        path = draw(st.sampled_from(_paths(data)[1:]))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add", "grow"]))
        if action == "replace":
            parent[path[-1]] = draw(HOSTILE_VALUES)
        elif action == "delete":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["x-a", "unknown", "stage", "id", "exceptions", "reviews", ""]))] = draw(
                HOSTILE_VALUES
            )
        elif action == "grow" and isinstance(parent[path[-1]], list) and parent[path[-1]]:
            parent[path[-1]] = parent[path[-1]] * draw(st.integers(2, 30))
    return _yaml_value(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=mutated_documents(),
    stage=st.sampled_from(STAGES),
    today=st.sampled_from([TODAY, _dt.date(1, 1, 1), _dt.date(9999, 12, 31)]),
)
def test_mutated_manifest_data(text: str, stage: str | None, today: _dt.date) -> None:
    lint_bytes(text.encode(), stage, today=today)


@pytest.fixture(scope="module")
def fuzz_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository with the production example committed: the base of `--base HEAD`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(clean, GIT_AUTHOR_NAME="a", GIT_AUTHOR_EMAIL="a@example.com")
    os.environ.update(GIT_COMMITTER_NAME="c", GIT_COMMITTER_EMAIL="c@example.com", GIT_CONFIG_NOSYSTEM="1")
    try:
        repo = make_repo(tmp_path_factory.mktemp("fuzz") / "repo")
        (repo / ".github").mkdir()
        (repo / ".github" / "CODEOWNERS").write_text("* @acme/support-ml\n", encoding="utf-8")
        for name in ("src/app.py", "docs/runbook.md", "eval/golden-qa.jsonl"):
            write_manifest(repo / Path(name).parent, b"x\n", Path(name).name)
        write_manifest(repo / "svc", PRODUCTION.encode())
        write_manifest(repo / "other", PROTOTYPE.encode())
        commit_all(repo, "base", date="2026-11-01T12:00:00Z")
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return repo


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated_documents(), stage=st.sampled_from(STAGES), base=st.sampled_from([None, "HEAD"]))
def test_mutated_manifest_whole_run(fuzz_repo: Path, text: str, stage: str | None, base: str | None) -> None:
    """The whole engine in a git repository: git rules, META003 across files, PR001/PR002."""
    manifest = fuzz_repo / "svc" / "ai-readiness.yaml"
    manifest.write_text(text, encoding="utf-8")
    try:
        options = Options(
            paths=[],
            cwd=fuzz_repo,
            root=Root(fuzz_repo.resolve(), True),
            config=Config(),
            today=TODAY,
            target_stage=stage,
            base=base,
        )
        result = lint(options)
    finally:
        manifest.write_text(PRODUCTION, encoding="utf-8")
    check_findings(result.findings)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.binary(max_size=512) | mutated_documents().map(str.encode),
    stage=st.sampled_from(STAGES),
    other=st.sampled_from(["text", "github", "sarif"]),
)
def test_the_command_line_ends_in_findings(data: bytes, stage: str | None, other: str) -> None:
    """The whole command line and its reporters: exit code 0 or 1, positioned findings."""
    from ai_readiness.cli import main

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "ai-readiness.yaml").write_bytes(data)
        report = Path(folder) / "report.json"
        args = ["lint", "--format", "json", "--output", str(report), "--today", "2026-11-28"]
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            assert main(["lint", "--format", other, "--output", "other.txt", "--today", "2026-11-28"]) in (0, 1)
        finally:
            os.chdir(cwd)
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            code = main(args + (["--target-stage", stage] if stage else []))
        finally:
            os.chdir(cwd)
        findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
    assert code in (0, 1)
    assert code == 1 or not any(f["severity"] == "error" for f in findings)
    for f in findings:
        assert f["line"] >= 1 and f["column"] >= 1 and (f["endLine"], f["endColumn"]) >= (f["line"], f["column"])


# --- named regressions: the YAML layer ----------------------------------------------------------


def test_billion_laughs_is_stopped_before_expansion() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [{','.join(['*' + previous] * 9)}]")
    bomb = ("\n".join(lines) + "\n").encode()
    for pure in PATHS:
        finding = only(lint_bytes(bomb, pure=pure), "YAML003")
        assert "aliases expand to more than 100000 nodes" in finding.message
        assert finding.line == 6  # the first alias past the limit (level f), not the end of the file


def test_alias_expansion_just_under_the_limit_is_linted() -> None:
    # 9 + 81 + ... + 9^5 = 66,429 nodes: linted, and each rule walks the expansion once.
    lines = ['x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcde":
        previous = chr(ord(level) - 1)
        lines.append(f"x-{level}: &{level} [{','.join(['*' + previous] * 9)}]")
    text = "apiVersion: ai-readiness/v1\nkind: AISystem\nmetadata: {name: x}\nspec: {}\n" + "\n".join(lines)
    findings = lint_bytes(text.encode(), "production")
    assert "YAML003" not in rules_of(findings) and "STAGE001" in rules_of(findings)


def test_alias_bomb_through_the_cli(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}' if i > 1 else '*a'] * 10)}]" for i in range(1, 30)]
    write_manifest(tmp_path, ("\n".join(lines) + "\n").encode())
    code, out, err, peak = run_cli(tmp_path, "lint", "ai-readiness.yaml")
    assert code == 1 and "Traceback" not in err
    assert "error YAML003 aliases expand" in out
    assert peak < MEMORY_CEILING_MB


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 100_000 + "]" * 100_000,
        "a: " + "{a: " * 50_000 + "1" + "}" * 50_000,
        "".join(f"{' ' * i}k{i}:\n" for i in range(1_300)) + " " * 1_300 + "v\n",  # under 1 MiB
        "".join(f"{' ' * (2 * i)}- \n" for i in range(900)) + " " * 1_800 + "x\n",
        "- " * 5_000 + "x\n",
        "a: " + "[{a: " * 20_000 + "1" + "}]" * 20_000,
        "a: !!seq " + "[&x " * 5_000 + "]" * 5_000,
    ],
    ids=["flow-seq", "flow-map", "block-map", "block-seq", "compact-seq", "mixed-flow", "tagged-anchored"],
)
def test_nesting_thousands_deep(text: str) -> None:
    for pure in PATHS:
        finding = only(lint_bytes(text.encode(), pure=pure), "YAML003")
        assert "nesting deeper than 64 levels" in finding.message and "max-depth" in finding.message
        assert finding.line >= 1


@pytest.mark.parametrize("kind", ["list", "map"])
@pytest.mark.parametrize("where", ["spec.x-a", "spec.logging.events", "metadata.x-a", "x-top", "spec.paths"])
def test_nesting_at_the_highest_allowed_depth_is_linted(where: str, kind: str) -> None:
    """max-depth may be raised to 256: every walk of the document (cleaning, the schema pass,
    every rule) must stay below Python's recursion limit there."""
    from ai_readiness.config import MAX_DEPTH_CAP

    keys = where.split(".")
    depth = MAX_DEPTH_CAP - len(keys) - 1
    body = "[" * depth + "]" * depth if kind == "list" else "{a: " * depth + "1" + "}" * depth
    inner = body
    for key in reversed(keys):
        inner = f"{{{key}: {inner}}}"
    text = "apiVersion: ai-readiness/v1\nkind: AISystem\n" + "metadata: {name: x}\n" * (keys[0] != "metadata")
    text += "spec: {stage: production}\n" * (keys[0] not in ("spec",)) + inner[1:-1] + "\n"
    findings = lint_bytes(text.encode(), "production", limits=Limits(max_depth=MAX_DEPTH_CAP))
    assert "YAML003" not in rules_of(findings), findings


def test_one_more_level_than_allowed_is_yaml003() -> None:
    text = "a: " + "[" * 64 + "]" * 64 + "\n"
    assert "YAML003" in rules_of(lint_bytes(text.encode()))
    assert "YAML003" not in rules_of(lint_bytes(("a: " + "[" * 63 + "]" * 63 + "\n").encode()))


def test_a_huge_file_is_never_read_whole(tmp_path: Path) -> None:
    """50 MB (sparse: no disk used) and one line: at most the limit plus one byte is read."""
    huge = tmp_path / "ai-readiness.yaml"
    with open(huge, "wb") as handle:
        handle.write(b"a: ")
        handle.truncate(50 * MB)
    tracemalloc.start()
    try:
        loaded = load_file(os.fspath(huge), "ai-readiness.yaml", Limits())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (finding,) = loaded.findings
    assert finding.rule == "YAML003" and "52,428,800 bytes, over the limit of 1,048,576" in finding.message
    assert peak < 3 * MB, f"{peak:,} bytes allocated to refuse a 50 MB file"

    code, out, err, peak_mb = run_cli(tmp_path, "lint", "ai-readiness.yaml")
    assert code == 1 and "error YAML003 the file is 52,428,800 bytes" in out and "Traceback" not in err
    assert peak_mb < 200, f"{peak_mb:.0f} MiB to refuse a 50 MB file"


def _shapes(size: int) -> dict[str, bytes]:
    head = b"apiVersion: ai-readiness/v1\nkind: AISystem\nmetadata: {name: big}\nspec:\n"
    return {
        "one-long-line": head + b"  x-long: " + b"a" * size + b"\n",
        "one-long-quoted-line": head + b'  x-long: "' + b"\\t" * (size // 2) + b'"\n',
        "many-list-items": head + b"  x-list:\n" + b"  - x\n" * (size // 6),
        "many-flow-items": head + b"  x-list: [" + b"1," * (size // 2) + b"1]\n",
        "many-keys": head + b"".join(b"  x-k%d: v\n" % i for i in range(size // 14)),
        "many-documents": b"---\n{}\n" * (size // 7),
        "many-systems": b"--- {apiVersion: ai-readiness/v1, kind: AISystem, metadata: {name: a}, spec: {}}\n"
        * (size // 83),
    }


@pytest.mark.parametrize("shape", list(_shapes(0)))
def test_twenty_mb_files_stay_bounded(tmp_path: Path, shape: str) -> None:
    """A 20 MB file over the default limit is refused after 1 MiB; with the limit raised to
    32 MiB it is linted, or refused by the node cap, in bounded memory."""
    data = _shapes(20 * MB)[shape]
    write_manifest(tmp_path, data)
    code, _, err, peak = run_cli(tmp_path, "lint", "-q", "--output", "report.txt", "ai-readiness.yaml")
    report = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert code == 1 and "Traceback" not in err
    assert f"error YAML003 the file is {len(data):,} bytes" in report
    assert peak < 200, f"{peak:.0f} MiB to refuse a {len(data):,}-byte file"

    limits_config(tmp_path, 32 * MB)
    code, _, err, peak = run_cli(tmp_path, "lint", "-q", "--output", "report.txt", "ai-readiness.yaml")
    assert code in (0, 1) and quiet(err), err
    assert peak < MEMORY_CEILING_MB, f"{peak:.0f} MiB for a {len(data):,}-byte file"
    report = (tmp_path / "report.txt").read_text(encoding="utf-8")
    if shape in ("many-flow-items", "many-keys", "many-list-items"):
        assert report.startswith("ai-readiness.yaml:") and f"more than {MAX_NODES:,} YAML nodes" in report
    if shape == "many-documents":
        assert report.count("\n") == 1 and f"more than {MAX_DOCUMENTS:,} documents" in report
    if shape == "many-systems":  # 2,500,000 nodes in 250,000 systems: one cap or the other
        assert report.count("\n") == 1 and "YAML003 the file holds more than" in report


def test_lines_of_megabytes_inside_the_limit(tmp_path: Path) -> None:
    text = PROTOTYPE.replace("Tags clauses", "Tags " + "clauses " * 100_000)  # a 0.8 MB line
    write_manifest(tmp_path, text.encode())
    code, out, err, _ = run_cli(tmp_path, "lint", "ai-readiness.yaml")
    assert code == 0 and quiet(err), out + err


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        b"\x7fELF\x02\x01\x01" + b"\x00" * 64,
        b"PK\x03\x04" + bytes(range(255, 0, -1)),
        bytes(range(256)) * 64,
        b"\x1f\x8b\x08\x00" + os.urandom(512).replace(b"\x00", b"\x01") + b"\x00",
    ],
    ids=["png", "elf", "zip", "all-bytes", "gzip"],
)
def test_binary_data(data: bytes) -> None:
    finding = only(lint_bytes(data), "YAML003")
    assert "binary data" in finding.message or "not valid UTF" in finding.message


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [(b"a: b\x00c\n", 1, 5), (b"a: 1\nb: 2\n\x00", 3, 1), (b"\x00", 1, 1), (b"a: 1\n# \x00 in a comment\n", 2, 3)],
)
def test_nul_bytes(data: bytes, line: int, column: int) -> None:
    finding = only(lint_bytes(data), "YAML003")
    assert "NUL" in finding.message and (finding.line, finding.column) == (line, column)


@pytest.mark.parametrize(
    ("data", "byte"),
    [
        (b"a: caf\xe9\n", "e9"),  # Latin-1
        (b"a: \xc0\xaf\n", "c0"),  # overlong
        (b"a: \xed\xa0\x80\n", "ed"),  # a surrogate
        (b"a: \xe2\x82\n", "e2"),  # truncated
        (b"a: 1\nb: \xf8\x88\x80\x80\x80\n", "f8"),  # five bytes
        (b"a: \xf4\x90\x80\x80\n", "f4"),  # past U+10FFFF
    ],
)
def test_invalid_utf8(data: bytes, byte: str) -> None:
    finding = only(lint_bytes(data), "YAML003")
    assert "not valid UTF-8" in finding.message and f"0x{byte}" in finding.message


ENCODINGS = {
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}


@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_utf16_and_utf32(encoding: str, bom: bool) -> None:
    text = PRODUCTION.replace("Answers customer", "Answers 顧客 😀 customer")
    data = (ENCODINGS[encoding] if bom else b"") + text.encode(encoding)
    expected = [(f.rule, f.span, f.message) for f in lint_bytes(text.encode(), "production")]
    assert [(f.rule, f.span, f.message) for f in lint_bytes(data, "production")] == expected
    past_unicode = (0x110000).to_bytes(4, "big" if encoding.endswith("be") else "little")
    broken = data[:-1] if encoding.startswith("utf-16") else data[:-4] + past_unicode
    finding = only(lint_bytes(broken), "YAML003")
    assert "not valid UTF" in finding.message


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object/apply:os.system ['touch MARKER']",
        "!!python/object/new:os.system ['touch MARKER']",
        "!!python/name:os.system",
        "!!python/module:os",
        "!!python/object:subprocess.Popen {args: [touch, MARKER]}",
        "!<tag:yaml.org,2002:python/object/apply:subprocess.call> [[touch, MARKER]]",
        "!ruby/object:Gem::Installer {i: x}",
        "!custom [touch, MARKER]",
        "!!binary dG91Y2ggTUFSS0VS",
        "!!set {a, b}",
    ],
)
def test_tags_are_never_constructed(tmp_path: Path, value: str) -> None:
    marker = tmp_path / "MARKER"
    value = value.replace("MARKER", str(marker))
    text = (
        "%TAG !p! tag:yaml.org,2002:python/object/apply:\n---\napiVersion: ai-readiness/v1\nkind: AISystem\n"
        f"metadata: {{name: x}}\nspec:\n  stage: {value}\n  x-b: !p!os.system [touch {marker}]\n"
    )
    for pure in PATHS:
        findings = lint_bytes(text.encode(), "production", pure=pure)
        messages = [f.message for f in findings if f.rule == "YAML003"]
        assert len(messages) == 2 and all("unsupported tag" in m for m in messages), findings
    assert not marker.exists()

    # The real command line under an audit hook: no process is started, nothing is executed.
    write_manifest(tmp_path / "repo", text.encode())
    hooked = subprocess.run(
        [sys.executable, "-c", AUDITED, "lint", "ai-readiness.yaml"],
        cwd=tmp_path / "repo",
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert hooked.returncode == 1, hooked.stderr
    assert "error YAML003 unsupported tag" in hooked.stdout
    assert "EXECUTED" not in hooked.stderr, hooked.stderr
    assert not marker.exists()


# A run under an audit hook that reports any attempt to start a process or run code (the folder is
# no git repository, so not even git runs).
AUDITED = """\
import sys
def hook(event, args):
    if event in ("os.system", "subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
                 "os.startfile", "ctypes.dlopen", "pickle.find_class"):
        sys.stderr.write(f"EXECUTED {event} {str(args)[:200]}\\n")
sys.addaudithook(hook)
from ai_readiness.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_hundreds_of_documents(tmp_path: Path) -> None:
    """500 systems in one file, all named alike: one META003 each, no quadratic pass."""
    doc = "---\n" + PROTOTYPE.split("---", 1)[-1]
    write_manifest(tmp_path / "a", (doc * 500).encode())
    write_manifest(tmp_path / "b", PROTOTYPE.encode())
    code, out, err, _ = run_cli(tmp_path, "lint", "--format", "json", "a/ai-readiness.yaml")
    assert code == 1 and quiet(err), err
    report = json.loads(out)
    assert len(report["files"][0]["systems"]) == 500
    meta = [f for f in report["findings"] if f["rule"] == "META003"]
    assert len(meta) == 500 and {f["document"] for f in meta} == set(range(500))
    # the 499 other documents of this file (outside git, b/ is compared only when it is linted)
    assert "also declared in this file at line 22 and 498 more" in meta[0]["message"]


def test_thousands_of_documents_in_one_megabyte() -> None:
    findings = lint_bytes(b"---\n{}\n" * 20_000)
    assert {f.document for f in findings} == set(range(20_000))
    assert len(lint_bytes(b"---\n" * 250_000)) == 1  # only empty documents: YAML003, once


def _threshold(value: str) -> bytes:
    return PRODUCTION.replace("value: 0.85", f"value: {value}", 1).encode()


@pytest.mark.parametrize(
    "value", ["9" * 5_000, "-" + "9" * 4_301, "0x" + "f" * 4_000, "0o" + "7" * 5_000, "!!int " + "1" * 5_000]
)
def test_huge_integers(value: str) -> None:
    findings = lint_bytes(_threshold(value), "production")
    line = PRODUCTION.splitlines().index(next(x for x in PRODUCTION.splitlines() if "value: 0.85" in x)) + 1
    hit = [f for f in findings if f.line == line and f.rule in ("SCHEMA001", "YAML003")]
    assert hit, findings
    if not value.startswith("!!"):
        assert hit[0].rule == "SCHEMA001" and "[type] expected at most 4300 digits" in hit[0].message
        assert hit[0].pointer == "/spec/evaluation/thresholds/0/value"


def test_huge_integers_anywhere() -> None:
    big = "9" * 5_000
    # a key of over 1,024 characters must be explicit (`? `)
    text = f"apiVersion: ai-readiness/v1\nkind: AISystem\nmetadata: {{name: {big}}}\nspec:\n  ? {big}\n  : 1\n  x-a: [{big}, &n {big}, *n]\n  stage: {big}\n"
    findings = lint_bytes(text.encode(), "production")
    schema = [f for f in findings if f.rule == "SCHEMA001"]
    assert [f.pointer for f in schema if "digits" in f.message] == [
        "/metadata/name", "/spec/x-a/0", "/spec/x-a/1", "/spec/x-a/2", "/spec/stage"
    ]  # fmt: skip
    assert not any("[required]" in f.message for f in schema)  # one finding per value
    assert all(len(f.message) < 1_000 for f in findings)


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "+.INF", "1e400", "!!float .nan"])
def test_nan_and_infinity_in_numeric_fields(value: str) -> None:
    findings = lint_bytes(_threshold(value), "production")
    (hit,) = [f for f in findings if f.pointer == "/spec/evaluation/thresholds/0/value"]
    assert hit.rule == "SCHEMA001"
    # quoted as the file writes it: `1e400` is no infinity in the file, only in a 64-bit float
    assert hit.message.endswith(f"; found {value.removeprefix('!!float ')}")
    assert ("between -1.8e308 and 1.8e308" if value == "1e400" else "a finite number") in hit.message
    alert = PRODUCTION.replace('{op: "<", value: 0.8,', f'{{op: "<", value: {value},', 1).encode()
    (hit,) = [f for f in lint_bytes(alert, "production") if f.pointer.endswith("/alert/value")]
    assert hit.rule == "SCHEMA001"


@pytest.mark.parametrize(
    "key",
    ["1", "-1", "0x10", "1.5", ".inf", "true", "False", "null", "~", "2026-01-01", "[a, b]", "{a: 1}",
     "[]", "{}", "? [x, y]\n  ", "!!int 3", "&k 7", "'1'", "''"],
)  # fmt: skip
def test_keys_that_are_not_text(key: str) -> None:
    text = PRODUCTION.replace("  stage: production\n", f"  stage: production\n  {key}: value\n", 1)
    line = PRODUCTION.splitlines().index("  stage: production") + 2
    for pure in PATHS:
        findings = lint_bytes(text.encode(), "production", pure=pure)
        at_key = {f.rule for f in findings if line <= f.line <= line + 1}
        assert at_key and at_key <= {"SCHEMA001", "YAML001", "YAML002", "YAML003"}, findings


def test_alias_keys_and_keys_of_keys() -> None:
    text = "apiVersion: ai-readiness/v1\nkind: AISystem\nmetadata: {name: x}\nspec:\n  x-a: &m {a: 1}\n  *m : 2\n  ? {? {a: 1}: 2}: 3\n  : 4\n"
    for pure in PATHS:
        findings = lint_bytes(text.encode(), "production", pure=pure)
        assert any(f.rule == "SCHEMA001" and "text key" in f.message for f in findings), findings


DATE_FIELDS = ["review: {lastReviewed: 2026-10-15", "lastRun: {date: 2026-11-20", "lastPerformed: 2026-10-01",
               "lastTested: 2026-09-10", "date: 2026-09-01"]  # fmt: skip


@pytest.mark.parametrize("day", ["2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "0000-01-01", "2026-04-31"])
def test_dates_that_do_not_exist(day: str) -> None:
    text = PRODUCTION
    for field in DATE_FIELDS:
        text = text.replace(field, field[: -len("2026-10-15")] + day, 1)
    findings = lint_bytes(text.encode(), "production")
    bad = [f for f in findings if f.rule == "SCHEMA001" and day in f.message]
    assert len(bad) == len(DATE_FIELDS), findings
    assert all("[format]" in f.message or "[pattern]" in f.message for f in bad)


@pytest.mark.parametrize("duration", ["P", "PT", "P1", "PT1D", "P1H", "PD", "P-1D", "P1.5D", "p1d", "P1DT"])
def test_durations_that_say_nothing(duration: str) -> None:
    text = PRODUCTION.replace("cadence: P90D", f"cadence: {duration}").replace(
        "retention: P180D", f"retention: {duration}"
    )
    text = text.replace("schedule: P7D", f"schedule: {duration}").replace(
        "triageWithin: P2D", f"triageWithin: {duration}"
    )
    findings = lint_bytes(text.encode(), "production")
    bad = [
        f
        for f in findings
        if f.rule == "SCHEMA001" and f.pointer.endswith(("cadence", "retention", "schedule", "triageWithin"))
    ]
    assert len(bad) == 4, findings


def test_absurd_but_valid_durations_and_dates() -> None:
    text = PRODUCTION.replace("cadence: P90D", "cadence: P99999999999999999999Y").replace("2026-10-15", "9999-12-31")
    text = text.replace("schedule: P7D", "schedule: PT99999999999999999999S").replace("2026-11-20", "0001-01-01")
    for today in (TODAY, _dt.date(1, 1, 1), _dt.date(9999, 12, 31)):
        lint_bytes(text.encode(), "production", today=today)


def test_long_lists_take_linear_time() -> None:
    """A list of 100,000 items, each wrong (uniqueItems of unhashable items was quadratic in
    jsonschema: hours), and long valid lists every rule walks."""
    events = "[" + ", ".join(["[]", "{}"] * 50_000) + "]"
    text = PRODUCTION.replace(
        "events: [request, output, model_version,", f"events: {events[:-1]}, request, output, model_version,"
    )
    findings = lint_bytes(text.encode(), "production")
    assert sum(f.rule == "SCHEMA001" for f in findings) >= 100_000
    many = PRODUCTION.replace(
        "      - {id: p95_latency, kind: performance, direction: lower, unit: ms}\n",
        "".join(f"      - {{id: m{i}, kind: quality, direction: higher}}\n" for i in range(5_000)),
    )
    lint_bytes(many.encode(), "production")


def test_long_strings_everywhere() -> None:
    long = "x" * 200_000
    text = PRODUCTION.replace("Draft answers", long).replace("support-answer-assistant\n", f"'{long}'\n")
    text = text.replace("docs/runbook.md", "a/" * 100_000).replace("gpt-4o-2024-08-06", long)
    assert lint_bytes(text.encode(), "production")


# --- known hangs and crashes outside the modules this suite owns (reported; fix, then remove
# the marker: strict, so a fix shows) ---------------------------------------------------------------


def _timed_lint(repo: Path) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(
            [sys.executable, "-c", "import sys; from ai_readiness.cli import main; sys.exit(main())", "lint"],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None


def test_codeowners_pattern_with_many_double_stars(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    deep = repo / "a" / Path(*["x"] * 30)
    write_manifest(deep, PROTOTYPE.encode())
    (repo / ".github").mkdir()
    (repo / ".github" / "CODEOWNERS").write_text("a/" + "**/" * 12 + "zz @acme/legal-engineering\n", encoding="utf-8")
    commit_all(repo)
    done = _timed_lint(repo)
    assert done is not None and done.returncode in (0, 1)


def test_spec_paths_glob_with_many_stars(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_manifest(repo / "src", b"x\n", "a" * 40)
    text = PROTOTYPE + '  paths: ["src/' + "*a" * 12 + 'b"]\n  evaluation: {lastRun: {date: 2020-01-01}}\n'
    write_manifest(repo, text.encode())
    commit_all(repo)
    done = _timed_lint(repo)
    assert done is not None and done.returncode in (0, 1)


def test_spec_paths_glob_with_a_bad_range(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_manifest(repo / "src", b"x\n", "app.py")
    write_manifest(repo, (PROTOTYPE + '  paths: ["src/[z-a]"]\n  evaluation: {lastRun: {date: 2020-01-01}}\n').encode())
    commit_all(repo)
    done = _timed_lint(repo)
    assert done is not None and done.returncode in (0, 1), done and done.stderr


# --- files that are not files ---------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
def test_a_fifo_named_as_a_manifest_is_never_opened(tmp_path: Path) -> None:
    """Opening a FIFO blocks until someone writes: the run must end without opening it."""
    os.mkfifo(tmp_path / "ai-readiness.yaml")
    code, out, err, _ = run_cli(tmp_path, "lint", "ai-readiness.yaml")
    assert code == 1 and quiet(err), err
    assert out.startswith("ai-readiness.yaml:1:1: error YAML003 the file is not a regular file")


def test_a_path_too_long_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err, _ = run_cli(tmp_path, "lint", "a" * 5_000)
    assert code == 2 and out == "" and err.startswith("ai-readiness: error: aaaa") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('x-a: "\\ud83d\\ude00"\n', "😀"),
        ('x-a: "\\U0001F600"\n', "😀"),
        ('x-a: "\\ud800"\n', None),
        ('"\\udc00": 1\n', None),
    ],
)
def test_surrogate_escapes(text: str, value: str | None) -> None:
    """`\\ud83d\\ude00` is one character (as in JSON); a lone surrogate is no character at all
    and could never be written out (it crashed the JSON reporter)."""
    data = ("apiVersion: ai-readiness/v1\nkind: AISystem\nmetadata: {name: x}\nspec: {}\n" + text).encode()
    for pure in PATHS:
        loaded = load_bytes(data, "f", Limits(), pure=pure)
        if value is None:
            (finding,) = loaded.findings
            assert finding.rule == "YAML001" and "lone surrogate" in finding.message and finding.line == 5
        else:
            assert loaded.documents[0].data["x-a"] == value and not loaded.findings


@pytest.mark.skipif(sys.platform != "linux", reason="needs file names that are not UTF-8 (Linux)")
def test_a_file_name_that_is_not_utf8_with_output(tmp_path: Path) -> None:
    os.makedirs(os.fsencode(tmp_path) + b"/\xff\xfe")
    write_manifest(Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xff\xfe")), b"a: 1\n")  # findings name the file
    code, _, err, _ = run_cli(tmp_path, "lint", "--output", "report.txt")
    assert code == 1 and quiet(err), err
