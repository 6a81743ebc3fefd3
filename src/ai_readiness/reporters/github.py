"""GitHub Actions workflow commands: one annotation per live finding.

What the runner does with a line of output (actions/runner, src/Runner.Common/ActionCommand.cs and
src/Runner.Worker/ActionCommandManager.cs):

* It first tries the `::` syntax (``TryParseV2``): after trimming leading white space the line must
  start with ``::``; the command name and ``,``-separated ``key=value`` properties run up to the next
  ``::``, the rest of the line is the data. Properties are unescaped ``%0D``, ``%0A``, ``%3A``,
  ``%2C``, ``%25`` (in that order), data ``%0D``, ``%0A``, ``%25``.
* Only when that fails does it try the legacy syntax (``TryParse``), which acts on ``##[name ...]``
  *anywhere* in the line.
* ``::stop-commands::TOKEN`` makes it ignore every command until a line ``::TOKEN::``.

So a command line we write is safe whatever its message holds: it is a valid `::` command, the
runner takes it as one and never looks for ``##[`` in it. The plain line printed before it echoes
manifest text and could be read as a command; when it could, it is wrapped in stop-commands with a
random token (the message itself stays unchanged).
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Callable

from ai_readiness.engine import LintResult
from ai_readiness.findings import Finding, Severity
from ai_readiness.reporters.common import errors_first, summary_line

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}

# The runner reads its output with .NET's ReadLine, which ends a line at CR, LF or CRLF only.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _visible(text: str) -> str:
    """``text`` without the characters a culture-aware comparison may skip (format and control
    characters, combining marks, unassigned code points): the runner finds ``::`` and ``##[``
    with .NET's culture-sensitive ``StartsWith``/``IndexOf``, which ignore such characters."""
    return "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf", "Mn", "Me", "Cn", "Co", "Cs"))


def could_be_command(text: str) -> bool:
    """True when any line of ``text`` might be taken for a workflow command by the runner."""
    for line in _LINE_BREAK.split(text):
        for form in (line, _visible(line)):
            # Python's lstrip() removes every character .NET's TrimStart() does, and a few more.
            if "##[" in form or form.lstrip().startswith("::"):
                return True
    return False


def plain(text: str, token: Callable[[], str] = lambda: secrets.token_hex(16)) -> list[str]:
    """``text`` as log lines that the runner prints and never executes."""
    if not could_be_command(text):
        return [text]
    stop = token()
    return [f"::stop-commands::{stop}", text, f"::{stop}::"]


def command(finding: Finding) -> str:
    s = finding.span
    one_line = s.line == s.end_line
    # The runner drops col/endColumn when line != endLine (ValidateLinesAndColumns): send them only
    # for one-line spans, with the JSON output's (exclusive) values.
    properties = [
        ("file", finding.path),
        ("line", str(s.line)),
        *([("col", str(s.column))] if one_line else []),
        ("endLine", str(s.end_line)),
        *([("endColumn", str(s.end_column))] if one_line else []),
        ("title", finding.rule),
    ]
    # A property value cannot start with "=" (the runner splits key=value dropping empty parts, so
    # leading "=" signs vanish and there is no escape for them); paths here never start with one
    # unless a top-level folder's name does.
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(finding.message)}"


def render(
    result: LintResult,
    colour: bool = False,
    quiet: bool = False,
    *,
    token: Callable[[], str] = lambda: secrets.token_hex(16),
) -> str:
    """Each live finding as its plain text line and its command, errors first; then the notes
    and the counts so the raw log shows the summary. ``token`` makes stop-commands tokens."""
    lines: list[str] = []
    for f in errors_first(result.findings):
        lines += plain(f"{f.path}:{f.line}:{f.column}: {f.severity.label} {f.rule} {f.message}", token)
        lines.append(command(f))
    if not quiet:
        for note in result.notes:
            lines += plain(note, token)
        lines += plain(summary_line(result), token)
    return "\n".join(lines) + ("\n" if lines else "")
