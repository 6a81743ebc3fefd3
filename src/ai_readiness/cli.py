"""The command line: flags to options, a reporter by name, one exit code (README, "Command line")."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ai_readiness import __version__
from ai_readiness.config import FAIL_ON, find_config, load_config, needs_policy, read_section
from ai_readiness.dates import parse_date, today_utc
from ai_readiness.errors import ConfigError, InternalError
from ai_readiness.findings import Severity

if TYPE_CHECKING:
    from ai_readiness.config import Config
    from ai_readiness.discovery import Root, Target
    from ai_readiness.engine import Options
    from ai_readiness.report import Card

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class _Choice(click.Choice[str]):
    """A choice whose values come from where they are defined (a registry, the schema), read on
    first use (help, completion, a value given): starting a command reads neither."""

    def __init__(self, load: Callable[[], Sequence[str]]) -> None:
        self._load = load
        self._choices: tuple[str, ...] | None = None
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        if self._choices is None:
            self._choices = tuple(self._load())
        return self._choices

    @choices.setter
    def choices(self, value: Sequence[str]) -> None:
        pass  # click.Choice sets it; the values are loaded instead


def _lint_formats() -> tuple[str, ...]:
    from ai_readiness.reporters import FORMATS

    return ("auto", *FORMATS)


def _report_formats() -> tuple[str, ...]:
    from ai_readiness.report import FORMATS

    return FORMATS


def _rules_formats() -> tuple[str, ...]:
    from ai_readiness.docs import FORMATS

    return FORMATS


def _schema_values(key: str) -> tuple[str, ...]:
    """The values the manifest schema allows for `spec.<key>` (an enum)."""
    from ai_readiness.schema import load_schema

    values = load_schema()["properties"]["spec"]["properties"][key]["enum"]
    return tuple(v for v in values if isinstance(v, str))


def _init_stages() -> tuple[str, ...]:
    from ai_readiness.context import STAGES  # the stage order; a starter is never deprecated

    return STAGES


def _today(value: str | None) -> Any:
    if value is None:
        return today_utc()
    parsed = parse_date(value)
    if parsed is None:
        raise ConfigError(f"--today: expected a date YYYY-MM-DD, not {value!r}")
    return parsed


def _colour(no_color: bool, output: str | None) -> bool:
    if no_color or output or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _known_rules() -> dict[str, bool]:
    from ai_readiness.rules.catalog import ALL_RULES

    return {r.id: r.configurable for r in ALL_RULES}


def _write(text: str, output: str | None, flag: str = "--output", *, json: bool = False, err: bool = False) -> None:
    """Write a report: every byte written is UTF-8 (a name that is not UTF-8 is shown escaped, as
    escaping.py says; ``json`` when ``text`` is JSON, whose strings escape the backslash).
    ``err``: to standard error when there is no ``output`` (standard output carries a diff or
    the fixed text)."""
    text = _printable(text, json)
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{flag}: cannot write {output}: {exc.strerror or exc}") from exc
    else:
        click.echo(text, nl=False, err=err)


def _append(text: str, path: str, flag: str) -> None:
    """Append (the step summary file is shared by every step of a job)."""
    try:
        with open(path, "ab") as stream:
            stream.write(_printable(text, False).encode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{flag}: cannot write {path}: {exc.strerror or exc}") from exc


def _printable(text: str, json: bool) -> str:
    try:
        text.encode("utf-8")  # the usual case, decided in C without importing escaping.py
    except UnicodeEncodeError:
        from ai_readiness.escaping import printable, printable_json

        return printable_json(text) if json else printable(text)
    return text


def _show(text: str) -> None:
    """Lines for standard output that echo repository text (a diff, promote's lines, whose
    names are escaped already): each line escaped as error lines are, its line break kept (a
    diff of a CRLF file keeps its CR)."""
    if not text:
        return
    from ai_readiness.edit.splice import split_lines
    from ai_readiness.escaping import one_line

    out = []
    for line in split_lines(text):
        body = line.rstrip("\r\n")
        out.append(one_line(body) + line[len(body) :])
    click.echo("".join(out), nl=False)


def _say(line: str) -> None:
    """The one place that writes to standard error: each message is one line, escaped, so no text
    from a file, a name, a configuration or an option starts a line of its own (in a CI log, a line
    that starts with `::` is a command)."""
    from ai_readiness.escaping import one_line

    click.echo(one_line(line), err=True)


def _format(fmt: str) -> str:
    """`auto` is `github` inside GitHub Actions (which sets GITHUB_ACTIONS=true), else `text`."""
    if fmt != "auto":
        return fmt
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _settings(config_file: str | None, policy: tuple[str, ...], root: Root, cwd: Path, here: Path) -> Config:
    """The configuration: found upward from ``here`` (the working folder, or the folder of the
    file standard input stands for) when it lies inside the repository, else from the
    repository's root (or the file named), with the `--policy` packs under it."""
    start = here if here == root.path.resolve() or root.path.resolve() in here.parents else root.path
    config_path = Path(config_file) if config_file else find_config(start, root.path)
    section = read_section(config_path) if config_path is not None else None
    if policy or needs_policy(section):
        # packs, requirements, locks or waiver rules: policy.py (docs/design.md, "Policy")
        from ai_readiness.policy import load_policy

        return load_policy(config_path, section, policy, root.path, cwd)
    return load_config(config_path, _known_rules(), section)


def _options(
    paths: tuple[str, ...],
    today: str | None,
    config_file: str | None,
    target_stage: str | None = None,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    base: str | None = None,
    root: Root | None = None,
    config_from: Path | None = None,
    policy: tuple[str, ...] = (),
    scorecard: bool = False,
    cwd: Path | None = None,
) -> Options:
    """The engine's options from the flags: the repository of the named paths (``root`` when the
    caller found it already), the configuration found upward (or named), today's date.
    ``config_from``: where the search for configuration starts instead of the working folder;
    ``cwd``: the working folder (default: the process's)."""
    from ai_readiness.discovery import locate_root
    from ai_readiness.engine import Options

    cwd = cwd or Path.cwd().resolve()
    if root is None:
        root = locate_root(list(paths), cwd)
    config = _settings(config_file, policy, root, cwd, config_from or cwd)
    return Options(
        paths=list(paths),
        cwd=cwd,
        root=root,
        config=config,
        today=_today(today),
        target_stage=target_stage,
        select=select,
        ignore=ignore,
        base=base,
        scorecard=scorecard,
    )


def _prefetch(paths: tuple[str, ...]) -> Root:
    """The repository of the named paths; in a git repository, start what a run reads from git
    (the tracked files; the manifests, when a folder is linted; META003's search of the other
    manifests, when a few files are) before importing the linter: git works while Python imports."""
    from ai_readiness.discovery import FEW_FILES, MANIFEST_PATHSPECS, locate_root, prefetch, prefetch_name_search

    root = locate_root(list(paths), Path.cwd().resolve())
    if root.is_git:
        prefetch(root.path, [], untracked=False)
        if not paths or any(os.path.isdir(p) for p in paths):
            prefetch(root.path, MANIFEST_PATHSPECS)
        elif len(paths) <= FEW_FILES:
            prefetch_name_search(root.path)  # pre-commit's run: META003 searches the other manifests
    return root


# Help epilogs: `\b` keeps click from rewrapping a paragraph; lines stay within click's 78 columns.
EXIT_CODES_HELP = """\b
Exit codes:
  0  nothing at or above --fail-on (report: always 0)
  1  findings at or above --fail-on
  2  usage or configuration error (also a bare `ai-readiness`: it prints help)
  3  internal error: one line naming the file (--debug: the traceback)"""

GROUP_EPILOG = f"""\b
Examples:
  ai-readiness lint                           manifests under this folder
  ai-readiness lint --base origin/main        the change: PR001, PR002
  ai-readiness lint --target-stage production the gaps before production
  ai-readiness init services/summarizer       a commented starter manifest
  ai-readiness promote --to pilot             add what pilot asks for
  ai-readiness lint --fix                     fix what has one answer
  ai-readiness explain stage-gate             a rule, by id or by name
  ai-readiness report                         the readiness scorecard
  ai-readiness export --format cyclonedx      the systems as a CycloneDX BOM

{EXIT_CODES_HELP}

\b
Shell completion (bash; for zsh and fish: zsh_source, fish_source):
  eval "$(_AI_READINESS_COMPLETE=bash_source ai-readiness)"
"""

LINT_EPILOG = f"""\b
Examples:
  ai-readiness lint                           manifests under this folder
  ai-readiness lint services/support/ai-readiness.yaml
  ai-readiness lint --fail-on warning --format json --output findings.json
  ai-readiness lint --base origin/main        the change: PR001, PR002
  ai-readiness lint --target-stage production the gaps before production
  ai-readiness lint --select EVAL,MON --ignore EVAL008
  ai-readiness lint --fix --diff              the safe fixes, as a diff
  ai-readiness lint - --stdin-filename svc/ai-readiness.yaml < draft.yaml

{EXIT_CODES_HELP}
"""


_POLICY_OPTION = click.option(
    "--policy",
    multiple=True,
    metavar="SOURCE",
    help="A policy pack applied before the repository's configuration, its locks binding it: a path, "
    "python:PACKAGE/FILE or builtin:NAME (repeatable).",
)


class _Group(click.Group):
    """A bare `ai-readiness` prints the help as `--help` does (on standard output, not as one error
    line) and exits 2: no command is a usage error, as in click's own default (git exits 1, which
    means findings here). Shell completion never gets here: click answers it before parsing."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args and not ctx.resilient_parsing:
            click.echo(ctx.get_help(), color=ctx.color)
            ctx.exit(EXIT_USAGE)
        return super().parse_args(ctx, args)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]}, epilog=GROUP_EPILOG)
@click.version_option(__version__, "--version", prog_name="ai-readiness", message="%(prog)s %(version)s")
def cli() -> None:
    """Production readiness of AI systems, declared in ai-readiness.yaml and checked.

    Run `ai-readiness COMMAND --help` for a command's options.
    """


@cli.command(epilog=LINT_EPILOG)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=_Choice(_lint_formats),
    default="auto",
    show_default=True,
    help="Output format; auto is github when GITHUB_ACTIONS=true, else text.",
)
@click.option("--output", type=click.Path(dir_okay=False), help="Write the report to FILE instead of standard output.")
@click.option(
    "--sarif",
    "sarif_file",
    type=click.Path(dir_okay=False),
    help="Also write SARIF 2.1.0 to FILE, from the same run.",
)
@click.option(
    "--summary",
    "summary_file",
    type=click.Path(dir_okay=False),
    help="Append a markdown job summary (scorecard and findings) to FILE, e.g. $GITHUB_STEP_SUMMARY.",
)
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False),
    help="Also write the readiness report (report --format json) to FILE, from the same run; it covers every "
    "system, also those --base leaves out.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    help="Lowest severity that fails the run (default: configuration, else error).",
)
@click.option(
    "--target-stage",
    type=_Choice(lambda: _schema_values("stage")),
    help="Lint as if every manifest declared this stage.",
)
@click.option("--today", "today", metavar="YYYY-MM-DD", help="Pin today's date (default: the UTC date).")
@click.option(
    "--base",
    metavar="REF",
    help="The pull request's base: check what the change weakens (PR001, PR002) and limit findings to the "
    "systems it touches.",
)
@click.option(
    "--select", multiple=True, metavar="IDS", help="Only these rule ids or prefixes (comma-separated, repeatable)."
)
@click.option(
    "--ignore", multiple=True, metavar="IDS", help="Leave out these rule ids or prefixes (comma-separated, repeatable)."
)
@click.option(
    "--config", "config_file", type=click.Path(dir_okay=False), help="Configuration file (default: found upward)."
)
@_POLICY_OPTION
@click.option("--no-color", is_flag=True, help="No colour, even on a terminal (NO_COLOR is honoured too).")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, without the counts.")
@click.option(
    "--fix", is_flag=True, help="Apply the safe fixes (see `ai-readiness explain SCHEMA001`), then report what remains."
)
@click.option("--diff", is_flag=True, help="With --fix: print the fixes as a diff and write nothing.")
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="Lint standard input (`-`) as if it were PATH: its repository, configuration and git facts.",
)
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
def lint(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    sarif_file: str | None,
    summary_file: str | None,
    report_file: str | None,
    fail_on: str | None,
    target_stage: str | None,
    today: str | None,
    base: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: str | None,
    policy: tuple[str, ...],
    no_color: bool,
    quiet: bool,
    fix: bool,
    diff: bool,
    stdin_filename: str | None,
    debug: bool,
) -> int:
    """Lint manifests: files (whatever their name) or folders (default: the current folder);
    `-` reads one manifest from standard input."""
    from ai_readiness import discovery

    if diff and not fix:
        raise click.UsageError("--diff shows what --fix would change: pass --fix too")
    stdin = "-" in paths or stdin_filename is not None
    if stdin and paths not in ((), ("-",)):
        raise click.UsageError("`-` (standard input) is linted on its own: name no other path")
    root = None if stdin else _prefetch(paths)
    aside = False  # standard output carries a diff or the fixed text: the report goes aside
    try:
        from ai_readiness.engine import lint as run_lint

        if stdin:
            options, result, aside = _lint_input(
                stdin_filename, fix, diff, today, config_file, target_stage, select, ignore, base, policy, quiet
            )
            _check_fail_on(options, fail_on)
        else:
            # With a scorecard to write, the run also judges each system's next stage (report.reusable).
            judge_next = bool(summary_file or report_file) and not (target_stage or select or ignore)
            options = _options(
                paths, today, config_file, target_stage, select, ignore, base, root, policy=policy, scorecard=judge_next
            )
            _check_fail_on(options, fail_on)
            if fix:
                from ai_readiness.edit.commands import fix_files

                outcome = fix_files(options, diff)
                if diff:
                    _show(outcome.output)
                    options = options._replace(contents=outcome.contents)
                    aside = True
                if outcome.fixed and not quiet:
                    _say(_fixed(outcome.fixed, len(outcome.changed)))
            result = run_lint(options)
    finally:
        discovery.forget_prefetched()
    from ai_readiness.reporters import get_reporter

    config = options.config
    name = _format(fmt)
    if name in ("text", "json") and not quiet:
        for note in result.notes:  # the report itself stays machine-readable
            _say(note)
    reporter = get_reporter(name, root=options.root.path)
    colour = name == "text" and not aside and _colour(no_color, output)
    _write(reporter(result, colour, quiet), output, json=name in ("json", "sarif"), err=aside)
    if sarif_file:
        sarif = get_reporter("sarif", root=options.root.path)(result, False, False)
        _write(sarif, sarif_file, "--sarif", json=True)
    if summary_file:
        from ai_readiness.report import report_profiles, scorecard
        from ai_readiness.reporters.summary import Links, job_summary

        cards = scorecard(options, result)
        summary = job_summary(result, cards, Links.from_env(os.environ), profiles=report_profiles(options))
        _append(summary, summary_file, "--summary")
    if report_file:
        from ai_readiness.report import report_document
        from ai_readiness.reporters.summary import scorecard_json

        _, document = report_document(options, result, every_system=True)
        _write(scorecard_json(document), report_file, "--report", json=True)
    threshold = fail_on or config.fail_on
    if threshold == "never":
        return EXIT_OK
    floor = Severity.parse(threshold)
    failing = any(f.suppressed is None and f.severity >= floor for f in result.findings)
    return EXIT_FINDINGS if failing else EXIT_OK


def _fixed(findings: int, files: int) -> str:
    return f"fixed {findings} finding{'' if findings == 1 else 's'} in {files} file{'' if files == 1 else 's'}"


def _check_fail_on(options: Options, fail_on: str | None) -> None:
    """A `--fail-on` that loosens the policy's locked fail-on is exit 2."""
    if fail_on is not None and options.config.policy is not None:
        from ai_readiness.policy import check_fail_on

        check_fail_on(options.config, fail_on)


def _lint_input(
    stdin_filename: str | None,
    fix: bool,
    diff: bool,
    today: str | None,
    config_file: str | None,
    target_stage: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    base: str | None,
    policy: tuple[str, ...],
    quiet: bool,
) -> tuple[Options, Any, bool]:
    """`lint -`: standard input as if it were ``stdin_filename`` (default `-`, judged in the
    working folder without the repository-wide rules). With --fix, the fixed text (or, with
    --diff, the diff) goes to standard output and the report aside."""
    from ai_readiness.discovery import Target, locate_root
    from ai_readiness.engine import lint_text

    cwd = Path.cwd().resolve()
    if stdin_filename is None:
        if base is not None:
            raise click.UsageError("--base with standard input needs --stdin-filename (the file the text stands for)")
        root = locate_root(["."], cwd)
        options = _options((), today, config_file, target_stage, select, ignore, base, root, policy=policy)
        options = options._replace(repository_wide=False)
        target = Target(os.path.join(cwd, "-"), "-")
    else:
        try:
            options, target = text_options(
                stdin_filename, cwd, today, config_file, target_stage, select, ignore, base, policy
            )
        except ConfigError as exc:
            raise ConfigError(f"--stdin-filename: {exc}") from None
    data = sys.stdin.buffer.read(options.config.limits.max_file_bytes + 1)
    aside = False
    if fix:
        from ai_readiness.edit.commands import fix_input

        fixed, count = fix_input(data, options)
        if diff:
            from ai_readiness.edit.files import decode_bytes
            from ai_readiness.edit.splice import unified_diff
            from ai_readiness.escaping import one_line

            old, new = decode_bytes(data), decode_bytes(fixed)
            if count and not isinstance(old, str) and not isinstance(new, str):
                _show(unified_diff(old[0], new[0], one_line(target.path)))
        else:
            sys.stdout.buffer.write(fixed)
            sys.stdout.buffer.flush()
        if count and not quiet:
            _say(_fixed(count, 1))
        data, aside = fixed, True
    return options, lint_text(options, target, data), aside


def text_options(
    path: str,
    cwd: Path,
    today: str | None = None,
    config_file: str | None = None,
    target_stage: str | None = None,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    base: str | None = None,
    policy: tuple[str, ...] = (),
) -> tuple[Options, Target]:
    """The options for a text that stands for the file ``path`` (standard input, an editor's
    unsaved buffer) as a run from ``cwd`` sees it: the file's repository, the configuration found
    upward from its folder, its target."""
    from ai_readiness.discovery import text_target

    root, target, folder = text_target(path, cwd)
    options = _options(
        (target.fspath,), today, config_file, target_stage, select, ignore, base, root, folder, policy, cwd=cwd
    )
    return options, target


REPORT_EPILOG = """\b
Examples:
  ai-readiness report                         the scorecard as markdown
  ai-readiness report --format json --output report.json
  ai-readiness report --format html --output readiness.html
  ai-readiness report --merge --format html --output org.html reports/*.json
"""


@cli.command(epilog=REPORT_EPILOG)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=_Choice(_report_formats),
    default="markdown",
    show_default=True,
    help="markdown (the job summary's scorecard), json (versioned, stable keys) or html (one self-contained page).",
)
@click.option(
    "--merge",
    is_flag=True,
    help="PATHS are report files (report --format json, from many repositories): print one report over them all.",
)
@click.option("--output", type=click.Path(dir_okay=False), help="Write the report to FILE instead of standard output.")
@click.option("--today", "today", metavar="YYYY-MM-DD", help="Pin today's date (default: the UTC date).")
@click.option(
    "--config", "config_file", type=click.Path(dir_okay=False), help="Configuration file (default: found upward)."
)
@_POLICY_OPTION
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
def report(
    paths: tuple[str, ...],
    fmt: str,
    merge: bool,
    output: str | None,
    today: str | None,
    config_file: str | None,
    policy: tuple[str, ...],
    debug: bool,
) -> int:
    """Readiness scorecard: per system, each area met or with gaps, now and at the next stage.

    It reports; it does not gate: the exit code is 0 whatever the gaps (use `lint` to fail a build).
    """
    if merge:
        if not paths:
            raise ConfigError("--merge: name the report files to merge (written by `report --format json`)")
        if today or config_file or policy:
            raise ConfigError("--merge reads finished reports: --today, --config and --policy do not apply to it")
        from ai_readiness.merge import merge as merge_reports
        from ai_readiness.merge import paused_gc

        with paused_gc():
            document, notes = merge_reports(paths)
            for note in notes:
                _say(note)
            _write(_render_report(fmt, document, None, notes), output, json=fmt == "json")
        return EXIT_OK
    from ai_readiness.report import report_document

    cards, document = report_document(_options(paths, today, config_file, policy=policy))
    _write(_render_report(fmt, document, cards, []), output, json=fmt == "json")
    return EXIT_OK


def _render_report(fmt: str, document: dict[str, Any], cards: list[Card] | None, notes: list[str]) -> str:
    """A report in ``fmt``; ``cards`` None: a merged report (compact JSON, links per system)."""
    from ai_readiness.reporters.summary import Links, scorecard_json, scorecard_markdown

    if fmt == "json":
        return scorecard_json(document, compact=cards is None)
    if fmt == "html":
        from ai_readiness.reporters.html import render

        return render(document, notes)
    if cards is None:
        from ai_readiness.report import Card

        return scorecard_markdown(
            [Card.from_dict(system) for system in document["systems"]], profiles=document.get("profiles")
        )
    return scorecard_markdown(cards, Links.from_env(os.environ), document.get("profiles"))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["cyclonedx"]),
    default="cyclonedx",
    show_default=True,
    help="cyclonedx: a CycloneDX 1.6 JSON BOM (application, machine-learning-model and data components).",
)
@click.option("--output", type=click.Path(dir_okay=False), help="Write the BOM to FILE instead of standard output.")
@click.option(
    "--config", "config_file", type=click.Path(dir_okay=False), help="Configuration file (default: found upward)."
)
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
def export(paths: tuple[str, ...], fmt: str, output: str | None, config_file: str | None, debug: bool) -> int:
    """Export the systems of the manifests (files or folders, as lint finds them) as a BOM.

    The same manifests give the same bytes: the BOM has no serial number and no timestamp.
    """
    from ai_readiness.export import cyclonedx

    text, notes = cyclonedx(_options(paths, None, config_file))
    for note in notes:
        _say(note)
    _write(text, output, json=True)
    return EXIT_OK


PROMOTE_EPILOG = """\b
Examples:
  ai-readiness promote --to pilot             the manifests under this folder
  ai-readiness promote --to production services/support/ai-readiness.yaml
  ai-readiness promote --to pilot --system support-answer-assistant --diff

\b
Exit codes:
  0  written, or nothing to do
  1  --diff/--check: a file would change; or a system could not be edited
     safely (it is left unchanged, and a line says why)
  2  usage or configuration error; a stage would be lowered; an unknown
     --system; a read-only file, or one that changed on disk while promoting
  3  internal error: one line naming the file (--debug: the traceback)"""


@cli.command(epilog=PROMOTE_EPILOG)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--to",
    "stage",
    required=True,
    type=_Choice(lambda: _schema_values("stage")),
    help="The stage to promote to: its keys are added, `spec.stage` is set.",
)
@click.option(
    "--system", "systems", multiple=True, metavar="NAME", help="Only the system with this metadata.name (repeatable)."
)
@click.option("--diff", is_flag=True, help="Print a unified diff of the changes; write nothing.")
@click.option("--check", is_flag=True, help="Print the files that would change; write nothing.")
@click.option(
    "--config", "config_file", type=click.Path(dir_okay=False), help="Configuration file (default: found upward)."
)
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
def promote(
    paths: tuple[str, ...],
    stage: str,
    systems: tuple[str, ...],
    diff: bool,
    check: bool,
    config_file: str | None,
    debug: bool,
) -> int:
    """Add what STAGE needs to manifests: each missing key as a placeholder or a commented
    example, as `init` writes them, and `spec.stage` set. Comments, order and layout are kept."""
    from ai_readiness import discovery

    if diff and check:
        raise click.UsageError("--diff and --check: choose one")
    root = _prefetch(paths)
    try:
        from ai_readiness.edit.commands import promote_files

        options = _options(paths, None, config_file, root=root)
        outcome = promote_files(options, stage, systems, "diff" if diff else "check" if check else "write")
    finally:
        discovery.forget_prefetched()
    for message in outcome.messages:
        _say(message)
    _show(outcome.output)
    if (diff or check) and outcome.changed:
        return EXIT_FINDINGS
    return EXIT_FINDINGS if outcome.failed else EXIT_OK


@cli.command()
@click.option(
    "--debounce",
    type=click.IntRange(0, 10_000),
    default=200,
    show_default=True,
    metavar="MS",
    help="Wait this long after the last change before linting a document again.",
)
def lsp(debounce: int) -> int:
    """Run the language server on standard input and output (needs the extra ai-readiness[lsp]):
    diagnostics as you type, quick fixes, hover. See README.md, "Editor"."""
    try:
        import pygls  # noqa: F401
    except ImportError:
        raise ConfigError(
            "the language server needs pygls: pip install 'ai-readiness[lsp]' (in the environment of ai-readiness)"
        ) from None
    from ai_readiness.lsp.server import serve

    return serve(debounce / 1000, text_options)


@cli.command()
def schema() -> int:
    """Print the bundled JSON Schema."""
    from ai_readiness.schema import schema_text

    click.echo(schema_text(), nl=False)
    return EXIT_OK


def _catalogue(config_file: str | None, policy: tuple[str, ...]) -> Any:
    """Every rule of the configuration found upward (or named): the built-in rules, then the
    requirements of its policy."""
    from ai_readiness.discovery import locate_root
    from ai_readiness.rules.catalog import ALL_RULES

    cwd = Path.cwd().resolve()
    config = _settings(config_file, policy, locate_root([], cwd), cwd, cwd)
    return ALL_RULES if config.policy is None else config.policy.rules


_CONFIG_OPTION = click.option(
    "--config", "config_file", type=click.Path(dir_okay=False), help="Configuration file (default: found upward)."
)


@cli.command()
@click.option("--format", "fmt", type=_Choice(_rules_formats), default="text", show_default=True)
@_CONFIG_OPTION
@_POLICY_OPTION
def rules(fmt: str, config_file: str | None, policy: tuple[str, ...]) -> int:
    """List every rule: id, default severity, name and what it checks (with the requirements of the
    configuration's policy)."""
    from ai_readiness.docs import rules_json, rules_text

    catalogue = _catalogue(config_file, policy)
    click.echo(rules_json(catalogue) if fmt == "json" else rules_text(rules=catalogue), nl=False)
    return EXIT_OK


def _complete_rule(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Shell completion of `explain RULE`: ids and names."""
    from ai_readiness.rules.catalog import ALL_RULES

    words = [w for r in ALL_RULES for w in (r.id, r.name)]
    return [w for w in words if w.lower().startswith(incomplete.lower())]


@cli.command()
@click.argument("rule", shell_complete=_complete_rule)
@_CONFIG_OPTION
@_POLICY_OPTION
def explain(rule: str, config_file: str | None, policy: tuple[str, ...]) -> int:
    """Explain RULE (an id or a name, any case): what it checks, why, a bad and a good example."""
    from ai_readiness.docs import explain_text

    click.echo(explain_text(rule, rules=_catalogue(config_file, policy)), nl=False)
    return EXIT_OK


@cli.command("config")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option(
    "--check",
    "check_pack",
    metavar="PACK",
    help="Check a policy pack on its own (a path, python:PACKAGE/FILE or builtin:NAME): exit 0 when clean, "
    "1 with its problems listed, 2 when it can't be read.",
)
@_CONFIG_OPTION
@_POLICY_OPTION
def config_command(fmt: str, check_pack: str | None, config_file: str | None, policy: tuple[str, ...]) -> int:
    """Print the effective settings, each with the file that set it, the packs in the order applied
    and every requirement."""
    from ai_readiness.discovery import locate_root

    cwd = Path.cwd().resolve()
    root = locate_root([], cwd)
    if check_pack is not None:
        from ai_readiness.settings_view import check_pack as check

        problems = check(check_pack, root.path, cwd)
        for problem in problems:
            click.echo(_printable(problem, False))
        return EXIT_FINDINGS if problems else EXIT_OK
    from ai_readiness.settings_view import settings_json, settings_text

    settings = _settings(config_file, policy, root, cwd, cwd)
    text = settings_json(settings, root) if fmt == "json" else settings_text(settings, root)
    _write(text, None, json=fmt == "json")
    return EXIT_OK


@cli.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False))
@click.option("--stage", type=_Choice(_init_stages), default="prototype", show_default=True)
@click.option(
    "--type", "system_type", type=_Choice(lambda: _schema_values("type")), default="llm-feature", show_default=True
)
@click.option("--name", help="metadata.name (default: the folder's name).")
@click.option("--owner", help="Technical owner, e.g. @org/team (default: git's user.email).")
@click.option("--purpose", help="What the system is for (purpose.intendedUse).")
def init(folder: str, stage: str, system_type: str, name: str | None, owner: str | None, purpose: str | None) -> int:
    """Write a commented starter ai-readiness.yaml into FOLDER; never overwrites."""
    from ai_readiness.templates import write_starter

    written = write_starter(Path(folder), stage=stage, system_type=system_type, name=name, owner=owner, purpose=purpose)
    from ai_readiness.escaping import one_line

    click.echo(one_line(f"wrote {written}"))
    return EXIT_OK


def _traceback(exc: BaseException) -> None:
    """``--debug``: the traceback, each exception's message escaped like any error line."""
    import traceback

    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and seen not in chain:
        chain.append(seen)
        seen = seen.__cause__ or (None if seen.__suppress_context__ else seen.__context__)
    for index, item in enumerate(reversed(chain)):
        if index:
            _say("The above exception led to the following one:")
        _say("Traceback (most recent call last):")
        for frame in traceback.format_list(traceback.extract_tb(item.__traceback__)):
            for line in frame.rstrip("\n").split("\n"):
                _say(line)
        _say(f"{type(item).__name__}: {item}")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; every failure is one clear line per problem and a documented exit code, each
    written by `_say` (escaped, one line whatever the text it echoes)."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        code = cli.main(args=args, prog_name="ai-readiness", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        hint = ""
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            hint = f" (see `{exc.ctx.command_path} --help`)"
        _say(f"ai-readiness: error: {exc.format_message()}{hint}")
        return EXIT_USAGE
    except click.Abort:
        _say("aborted")
        return 130
    except ConfigError as exc:
        for message in exc.messages:
            _say(f"ai-readiness: error: {message}")
        return EXIT_USAGE
    except InternalError as exc:
        cause = exc.__cause__
        _say(
            f"ai-readiness: internal error while linting {exc.path}: {type(cause).__name__}: {cause}"
            + ("" if debug else " (run with --debug for the traceback)")
        )
        if debug and cause is not None:
            _traceback(cause)
        return EXIT_INTERNAL
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        _say(f"ai-readiness: internal error: {type(exc).__name__}: {exc}")
        if debug:
            _traceback(exc)
        return EXIT_INTERNAL
    return code if isinstance(code, int) else EXIT_OK
