"""`--format github`: workflow commands read back by a re-implementation of the Actions runner's
parser, so escaping is proven by round trips, not by string comparison."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ai_readiness.engine import FileResult, LintResult
from ai_readiness.findings import Finding, Severity, Span
from ai_readiness.reporters import github
from tests.conftest import TODAY, commit_all, make_repo
from tests.reporting import check_golden, example_repo, run

# -- the runner, re-implemented ----------------------------------------------------------------
# From actions/runner: src/Runner.Common/ActionCommand.cs (TryParseV2, TryParse and the unescape
# tables) and src/Runner.Worker/ActionCommandManager.cs (TryProcessCommand: V2 first, then the
# legacy `##[` syntax; stop-commands). Output is read line by line with .NET's ReadLine.

# Char.IsWhiteSpace, what String.TrimStart() and Trim() remove.
DOTNET_WHITESPACE = (
    "\t\n\v\f\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
)

DATA_UNESCAPE = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
PROPERTY_UNESCAPE = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))
LEGACY_UNESCAPE = (("%3B", ";"), ("%0D", "\r"), ("%0A", "\n"), ("%5D", "]"), ("%25", "%"))
REGISTERED = {"error", "warning", "notice", "debug", "group", "endgroup", "add-mask", "set-output", "stop-commands"}


def unescape(text: str, table: tuple[tuple[str, str], ...]) -> str:
    for escaped, token in table:  # string.Replace, in this order, as the runner does
        text = text.replace(escaped, token)
    return text


def split_pair(text: str) -> list[str]:
    """String.Split('=', count: 2, RemoveEmptyEntries) on .NET Core."""
    text = text.lstrip("=")
    if not text:
        return []
    if "=" not in text:
        return [text]
    key, rest = text.split("=", 1)
    rest = rest.lstrip("=")
    return [key, rest] if rest else [key]


@dataclass
class Command:
    name: str
    properties: dict[str, str]
    data: str


def parse_v2(message: str, registered: set[str]) -> Command | None:
    if not message:
        return None
    message = message.lstrip(DOTNET_WHITESPACE)
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    info = message[2:end]
    space = info.find(" ")
    name = info if space < 0 else info[:space]
    if name.lower() not in registered:
        return None
    properties: dict[str, str] = {}
    if space > 0:
        for item in (p for p in info[space + 1 :].strip(DOTNET_WHITESPACE).split(",") if p):
            pair = split_pair(item)
            if len(pair) == 2:
                properties[pair[0].lower()] = unescape(pair[1], PROPERTY_UNESCAPE)  # OrdinalIgnoreCase keys
    return Command(name, properties, unescape(message[end + 2 :], DATA_UNESCAPE))


def parse_legacy(message: str, registered: set[str]) -> Command | None:
    start = message.find("##[")
    if start < 0:
        return None
    close = message.find("]", start)
    if close < 0:
        return None
    info = message[start + 3 : close]
    space = info.find(" ")
    name = info if space < 0 else info[:space]
    if name.lower() not in registered:
        return None
    properties: dict[str, str] = {}
    if space > 0:
        for item in (p for p in info[space + 1 :].split(";") if p):
            pair = split_pair(item)
            if len(pair) == 2:
                properties[pair[0].lower()] = unescape(pair[1], LEGACY_UNESCAPE)
    return Command(name, properties, unescape(message[close + 1 :], LEGACY_UNESCAPE))


@dataclass
class Runner:
    registered: set[str] = field(default_factory=lambda: set(REGISTERED))
    stop_token: str | None = None
    annotations: list[Command] = field(default_factory=list)
    other_commands: list[Command] = field(default_factory=list)
    log: list[str] = field(default_factory=list)  # lines shown as they are

    def feed(self, output: str) -> None:
        assert output.endswith("\n")
        for line in re.split(r"\r\n|\r|\n", output[:-1]):
            self.process(line)

    def process(self, line: str) -> None:
        command = parse_v2(line, self.registered) or parse_legacy(line, self.registered)
        if command is None:
            self.log.append(line)
            return
        name = command.name.lower()
        if self.stop_token is not None:
            if name == self.stop_token.lower():
                self.registered.discard(self.stop_token.lower())
                self.stop_token = None
            self.log.append(line)  # while stopped, a command is printed, not run
            return
        if name == "stop-commands":
            self.stop_token = command.data
            self.registered.add(command.data.lower())
            self.log.append(line)
        elif name in ("error", "warning", "notice"):
            self.annotations.append(command)  # OmitEcho: the command line itself is not shown
        else:
            self.other_commands.append(command)


# -- helpers ----------------------------------------------------------------------------------


def _result(*findings: Finding) -> LintResult:
    return LintResult(list(findings), [FileResult(f.path) for f in findings])


def _finding(message: str, path: str = "a/ai-readiness.yaml", severity: Severity = Severity.ERROR) -> Finding:
    return Finding("SCHEMA001", severity, message, path, Span(3, 5, 3, 9), "/spec/x")


def expected_annotation(f: Finding) -> dict[str, Any]:
    s = f.span
    props = {"file": f.path, "line": str(s.line), "endline": str(s.end_line), "title": f.rule}
    if s.line == s.end_line:
        props |= {"col": str(s.column), "endcolumn": str(s.end_column)}
    return {"command": github.COMMANDS[f.severity], "properties": props, "data": f.message}


def as_dict(command: Command) -> dict[str, Any]:
    return {"command": command.name, "properties": command.properties, "data": command.data}


def shown(text: str) -> list[str]:
    """The log lines of ``text`` printed as one line (a final CR joins the LF after it)."""
    return re.split(r"\r\n|\r|\n", text + "\n")[:-1]


def plain_log(runner: Runner) -> list[str]:
    """The log without the stop-commands lines (what a reader sees of our text)."""
    return [line for line in runner.log if not re.fullmatch(r"::stop-commands::[0-9a-f]{32}|::[0-9a-f]{32}::", line)]


# -- the tests --------------------------------------------------------------------------------

MANIFEST = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: odd-keys}
spec:
  type: agent
  stage: pilot
  owners: {technical: ["@acme/ml"]}
  purpose: {intendedUse: Answer questions.}
  logging: {events: [output], retention: P1Y}
  reviews:
    - {type: privacy, status: approved, by: "@acme/privacy", date: 2026-09-01, evidence: https://x.example/p}
  "100% sure: yes, no\\r\\nCR only\\rtoo ##[error title=pwned]injected ::warning::x": 1
  "::error file=x.yaml,line=1::fake": 2
  "%0A%25%3A%2C literally": 3
  exceptions:
    - {rule: STAGE001, reason: "Pilot gaps tracked: 50% done, see ##[ticket].", approvedBy: "@acme/ciso", expires: 2027-01-31}
"""


@pytest.fixture
def odd_repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    folder = repo / "team, a: b%20c"
    folder.mkdir()
    (folder / "ai-readiness.yaml").write_text(MANIFEST, encoding="utf-8")
    # SEC001 re-graded to info, so all three levels appear
    (repo / ".ai-readiness.toml").write_text('[rules]\nSEC001 = "info"\n', encoding="utf-8")
    commit_all(repo)
    return repo


def test_a_real_lint_round_trips_through_the_runner(
    odd_repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, raw = run(odd_repo, ["lint", "--format", "json", "--today", TODAY], capsys, monkeypatch)
    findings = [
        Finding(
            d["rule"],
            Severity.parse(d["severity"]),
            d["message"],
            d["path"],
            Span(d["line"], d["column"], d["endLine"], d["endColumn"]),
            d["pointer"],
            d["document"],
            d["suppressed"],
        )
        for d in json.loads(raw)["findings"]
    ]
    live = [f for f in findings if f.suppressed is None]
    assert {f.severity for f in live} == set(Severity), "the fixture must give errors, warnings and info"
    assert any(f.suppressed for f in findings), "the fixture must give a suppressed finding"
    messages = "".join(f.message for f in live)
    for needle in ("%", ":", ",", "\r\n", "\r", "##[", "::error", "%0A%25"):
        assert needle in messages
    assert all(f.path == "team, a: b%20c/ai-readiness.yaml" for f in findings)

    _, out = run(odd_repo, ["lint", "--format", "github", "--today", TODAY], capsys, monkeypatch)
    runner = Runner()
    runner.feed(out)
    ordered = sorted(live, key=lambda f: (-f.severity, f.sort_key()))
    assert [as_dict(c) for c in runner.annotations] == [expected_annotation(f) for f in ordered]
    assert runner.other_commands == [] and runner.stop_token is None
    # the raw log shows each finding's plain line, unchanged, then the counts
    expected_log: list[str] = []
    for f in ordered:
        expected_log += shown(f"{f.path}:{f.line}:{f.column}: {f.severity.label} {f.rule} {f.message}")
    assert plain_log(runner)[: len(expected_log)] == expected_log
    assert plain_log(runner)[-1].startswith(f"{sum(f.severity == Severity.ERROR for f in live)} error")
    assert plain_log(runner)[-1].endswith(f", {len(findings) - len(live)} suppressed")


def test_auto_is_github_inside_actions(odd_repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _, text = run(odd_repo, ["lint", "--today", TODAY], capsys, monkeypatch)
    assert "\n::error file=team" not in text
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, auto = run(odd_repo, ["lint", "--today", TODAY], capsys, monkeypatch)
    assert "\n::error file=team%2C a%3A b%2520c/ai-readiness.yaml,line=" in auto


def test_escaping_tables() -> None:
    assert github.escape_data("100%\r\n: ,") == "100%25%0D%0A: ,"
    assert github.escape_property("team, a: b%20c\r\n") == "team%2C a%3A b%2520c%0D%0A"


def test_columns_only_for_one_line_spans() -> None:
    one = Finding("STAGE001", Severity.ERROR, "m", "a.yaml", Span(4, 3, 4, 7))
    many = Finding("STAGE001", Severity.ERROR, "m", "a.yaml", Span(4, 3, 9, 2))
    assert github.command(one) == "::error file=a.yaml,line=4,col=3,endLine=4,endColumn=7,title=STAGE001::m"
    assert github.command(many) == "::error file=a.yaml,line=4,endLine=9,title=STAGE001::m"


def test_errors_first_then_warnings_then_notices() -> None:
    findings = [
        _finding("i", "a.yaml", Severity.INFO),
        _finding("w", "a.yaml", Severity.WARNING),
        _finding("e", "z.yaml", Severity.ERROR),
    ]
    commands = [line.split(" ")[0] for line in github.render(_result(*findings)).splitlines() if line.startswith("::")]
    assert commands == ["::error", "::warning", "::notice"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("::error file=evil.yaml::x/ai-readiness.yaml", "plain"),  # the plain line would start with ::
        ("  ::warning::x/ai-readiness.yaml", "leading blanks are trimmed by the runner"),
        ("a/ai-readiness.yaml", "line one\n::error::second line is a command"),
        ("a/ai-readiness.yaml", "##[error]legacy syntax anywhere"),
        ("a/ai-readiness.yaml", "CR only\r##[set-output name=x;]y"),
        ("a/ai-readiness.yaml", "#\u00ad#[error]a soft hyphen a culture-aware IndexOf skips"),
        ("a/ai-readiness.yaml", "\u200b::error::zero-width space first"),
        ("a/ai-readiness.yaml", "%0A%25%3A%2C stay literal"),
    ],
)
def test_text_that_looks_like_a_command_is_never_run(path: str, message: str) -> None:
    finding = _finding(message, path)
    runner = Runner()
    runner.feed(github.render(_result(finding)))
    assert [as_dict(c) for c in runner.annotations] == [expected_annotation(finding)]
    assert runner.other_commands == [] and runner.stop_token is None
    plain = shown(f"{path}:3:5: error SCHEMA001 {message}")
    assert plain_log(runner)[: len(plain)] == plain


def test_plain_lines_are_wrapped_only_when_needed() -> None:
    assert github.plain("a/b.yaml:1:1: error X fine") == ["a/b.yaml:1:1: error X fine"]
    wrapped = github.plain("x ##[error]y", token=lambda: "f" * 32)
    assert wrapped == ["::stop-commands::" + "f" * 32, "x ##[error]y", "::" + "f" * 32 + "::"]
    tokens = {github.plain("##[")[0] for _ in range(20)}
    assert len(tokens) == 20, "stop-commands tokens are random"


def test_quiet_leaves_out_the_counts() -> None:
    result = _result(_finding("m"))
    assert github.render(result, quiet=True).splitlines()[-1].startswith("::error ")
    assert github.render(result).splitlines()[-1] == "1 error, 0 warnings, 0 info in 1 file"


_ALPHABET = st.sampled_from([*"ab /%:,=;]#[\r\n\t é🙂", "::", "##[", "%0A", "%25", "\u00ad", "\u2028"])


@settings(max_examples=300, deadline=None)
@given(
    path=st.lists(_ALPHABET, min_size=1, max_size=12).map("".join).filter(lambda p: not p.startswith("=")),
    message=st.lists(_ALPHABET, max_size=20).map("".join),
    severity=st.sampled_from(list(Severity)),
    multiline=st.booleans(),
)
def test_any_path_and_message_round_trip(path: str, message: str, severity: Severity, multiline: bool) -> None:
    # A path can't start with "=" (see reporters/github.py: the runner has no escape for it).
    span = Span(2, 1, 5 if multiline else 2, 4)
    finding = Finding("META001", severity, message, path, span, "/spec")
    runner = Runner()
    runner.feed(github.render(_result(finding)))
    assert [as_dict(c) for c in runner.annotations] == [expected_annotation(finding)]
    assert runner.other_commands == [] and runner.stop_token is None
    plain = shown(f"{path}:2:1: {severity.label} META001 {message}")
    assert plain_log(runner)[: len(plain)] == plain


def test_golden(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = example_repo(tmp_path)
    _, out = run(repo, ["lint", "examples", "--format", "github", "--today", TODAY], capsys, monkeypatch)
    check_golden("examples.github.txt", out)
