"""The benchmark of docs/design.md, "Performance": builds its own inputs and prints each target
as a ratio, measured side by side in one run (A, B, A, B, ...; medians). It reports; it never
fails a test run.

Run it through `bench/run`, which prepares the environment (the project and check-jsonschema).
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "examples" / "production"
SCHEMA = ROOT / "schemas" / "ai-readiness.schema.json"
TODAY = "2026-11-28"
GIT_DATE = "2026-11-01T12:00:00+00:00"

# Realistic defects, one in ten manifests: (what is replaced, by what).
DEFECTS = [
    ("  monitoring:\n", "  monitorng:\n"),  # a typo in a key
    ("  stage: production\n", "  stage: launched\n"),  # a value outside the enum
    ('op: ">=", value: 0.85', 'op: ">=", value: 0.7'),  # fine for the schema; still a change
    ("    retention: P180D\n", "    retention: 180 days\n"),  # not a duration
    ('    technical: ["@acme/support-ml"]\n', '    technical: ["support-ml"]\n'),  # not an owner
    (  # overdue
        "  review: {lastReviewed: 2026-10-15, cadence: P90D}",
        "  review: {lastReviewed: 2025-10-15, cadence: P90D}",
    ),
    ("    intendedUse: Draft answers", "    intendedUse: TODO draft answers"),  # a placeholder
]


# The policy pack of the "with a pack" rows: 50 requirements of the kinds an organisation writes (a
# key, a key in every list item, a `when`, a schema, a `$ref` into the manifest schema), met by the
# production example as a compliant organisation's manifests meet them.
MANIFEST_ID = "https://raw.githubusercontent.com/ai-readiness/ai-readiness/main/schemas/ai-readiness.schema.json"
PACK_KEYS = [
    ("spec.owners.business", "", ""),
    (
        "spec.owners.technical",
        "",
        f'[requirements.schema]\ntype = "array"\nminItems = 1\nitems = {{"$ref" = "{MANIFEST_ID}#/$defs/owner"}}\n',
    ),
    ("spec.owners.oversight", 'when = { "spec.risk.tier" = ["medium", "high"] }\n', ""),
    ("spec.risk.euAiAct", "", ""),
    ("spec.risk.assessment", 'when = { "spec.risk.tier" = ["medium", "high"] }\n', ""),
    ("spec.purpose.decisions.humanOwned", 'when = { "spec.type" = ["agent", "rag-assistant"] }\n', ""),
    ("spec.components.models[].provider", "", ""),
    ("spec.components.models[].model", "", '[requirements.schema]\ntype = "string"\nminLength = 3\n'),
    ("spec.data.sources[].owner", "", ""),
    ("spec.data.sources[].classification", "", ""),
    (
        "spec.data.sources[].access",
        'when = { "spec.data.sources[].classification" = ["confidential", "restricted"] }\n',
        "",
    ),
    ("spec.data.sources[].freshness.maxAge", "", ""),
    ("spec.data.conflictPolicy", 'when = { "spec.type" = "rag-assistant" }\n', ""),
    ("spec.evaluation.metrics[].direction", "", ""),
    ("spec.evaluation.datasets[].version", "", ""),
    ("spec.evaluation.thresholds[].dataset", 'when = { "spec.evaluation.thresholds[].gate" = "release" }\n', ""),
    ("spec.evaluation.command", "", '[requirements.schema]\ntype = "string"\nmaxLength = 200\n'),
    ("spec.evaluation.schedule", "", ""),
    ("spec.evaluation.redTeam.report", 'when = { "spec.type" = ["agent", "rag-assistant", "llm-feature"] }\n', ""),
    ("spec.monitoring.dashboard", "", '[requirements.schema]\ntype = "string"\npattern = "^https://"\n'),
    ("spec.monitoring.escalation.channel", "", ""),
    ("spec.monitoring.signals[].alert.window", "", ""),
    ("spec.logging.store", "", ""),
    (
        "spec.logging.piiRedaction",
        'when = { "spec.data.sources[].containsPii" = true }\n',
        "[requirements.schema]\nconst = true\n",
    ),
    ("spec.humanOversight.reviewers", "", ""),
    ("spec.failureHandling.killSwitch.lastTested", "", ""),
    (
        "spec.transparency.citations",
        'when = { "spec.type" = "rag-assistant" }\n',
        '[requirements.schema]\nenum = ["required"]\n',
    ),
    ("spec.reviews[].evidence", "", ""),
    ("spec.reviews[].date", "", ""),
    ("metadata.description", "", ""),
    ("metadata.catalogRef", "", ""),
    ("spec.review.cadence", "", ""),
    ("spec.paths", "", '[requirements.schema]\ntype = "array"\nminItems = 1\nmaxItems = 20\n'),
]


def policy_pack(count: int = 50) -> str:
    """``count`` requirements from the keys above (a key more than once under other conditions)."""
    parts = ['name = "bench"\n']
    stages = ["prototype", "pilot", "production"]
    for i in range(count):
        key, when, schema = PACK_KEYS[i % len(PACK_KEYS)]
        if i >= len(PACK_KEYS):  # the second round: the same keys, from a later stage, without a schema
            schema = ""
        parts.append(
            f'[[requirements]]\nid = "BENCH{i:03d}"\nkey = "{key}"\nfrom = "{stages[i % 3]}"\n'
            f'summary = "requirement {i}"\n{when}{schema}'
        )
    return "\n".join(parts)


def git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": GIT_DATE, "GIT_COMMITTER_DATE": GIT_DATE}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def make_repo(path: Path) -> None:
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", "Bench")
    git(path, "config", "user.email", "bench@example.com")
    git(path, "config", "commit.gpgsign", "false")


def copy_example(target: Path) -> None:
    shutil.copytree(EXAMPLE, target, dirs_exist_ok=True)


def build_inputs(work: Path, count: int) -> dict[str, Path]:
    """single/ (no git), small/ (a git repository with the example), big/ (``count`` manifests)."""
    if work.exists():
        shutil.rmtree(work)
    single, small, big = work / "single", work / "small", work / "big"
    copy_example(single)
    copy_example(small / "support")
    (small / ".github").mkdir()
    (small / ".github" / "CODEOWNERS").write_text("* @acme/support-ml\n", encoding="utf-8")
    make_repo(small)
    git(small, "add", "-A")
    git(small, "commit", "-qm", "small repository")

    build_big(big, count, lambda i: f"system-{i:04d}")
    # Names that are prefixes of others (fraud-model-1 beside fraud-model-10 ... fraud-model-1999),
    # and one of them named in every manifest's text: a search for the name finds every file.
    prefixed = work / "prefixed"
    build_big(prefixed, count, lambda i: f"fraud-model-{i + 1}", "; it replaces fraud-model-1")
    edit = work / "edit"  # the example's folder: the files it cites exist
    copy_example(edit)
    text = (EXAMPLE / "ai-readiness.yaml").read_text(encoding="utf-8")
    (edit / "prototype.yaml").write_text(prototype_form(text), encoding="utf-8")
    (edit / "fixable.yaml").write_text(with_fixable_findings(text), encoding="utf-8")
    (work / "pack.toml").write_text(policy_pack(), encoding="utf-8")
    return {
        "single": single,
        "small": small,
        "big": big,
        "prefixed": prefixed,
        "edit": edit,
        "pack": work / "pack.toml",
    }


def prototype_form(text: str) -> str:
    """The production example as a prototype: what prototype asks for (type, technical owners,
    the intended use), its metadata and paths, `stage: prototype`. Promoting it to production
    writes every other gate key."""
    kept: list[str] = []
    in_spec = False
    child = None
    for line in text.splitlines():
        if line.startswith("spec:"):
            in_spec = True
        elif in_spec and line.startswith("  ") and not line.startswith("   "):
            key = line.strip().split(":")[0]
            child = {"owners": "technical:", "purpose": "intendedUse:"}.get(key)
            if key == "stage":
                line = "  stage: prototype"
            elif key not in ("type", "paths", "owners", "purpose"):
                continue
        elif in_spec and not (child and line.strip().startswith(child)):
            continue
        kept.append(line)
    return "\n".join(kept) + "\n"


def with_fixable_findings(text: str) -> str:
    """The production example with three findings `lint --fix` fixes: a misspelt key, a duration
    in words, a value spelt another way."""
    for old, new in (
        ("  monitoring:\n", "  monitorng:\n"),
        ("retention: P180D", "retention: 180 days"),
        ("stage: production", "stage: Production"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    return text


def build_big(big: Path, count: int, name: Callable[[int], str], mention: str = "") -> None:
    """A git repository of ``count`` manifests of the production example's size, named by
    ``name``, one in ten with a defect; ``mention`` ends every description."""
    text = (EXAMPLE / "ai-readiness.yaml").read_text(encoding="utf-8")
    rng = random.Random(2026)
    big.mkdir(parents=True)
    (big / ".github").mkdir()
    (big / ".github" / "CODEOWNERS").write_text("* @acme/support-ml\n", encoding="utf-8")
    copy_example(big / "shared")  # the files the manifests reference, once
    for i in range(count):
        folder = big / f"team{i // 100:02d}" / f"system{i:04d}"
        folder.mkdir(parents=True)
        manifest = text.replace("support-answer-assistant", name(i))
        manifest = manifest.replace("with citations.\n", f"with citations{mention}.\n")
        manifest = manifest.replace(": docs/", ": /shared/docs/").replace(": eval/", ": /shared/eval/")
        manifest = manifest.replace("paths: [src/**, prompts/**]", "paths: [src/**]")
        if i % 10 == 9:
            old, new = rng.choice(DEFECTS)
            manifest = manifest.replace(old, new)
        (folder / "ai-readiness.yaml").write_text(manifest, encoding="utf-8")
        (folder / "src").mkdir()
        (folder / "src" / "app.py").write_text(f"SYSTEM = {i}\n", encoding="utf-8")
    make_repo(big)
    git(big, "add", "-A")
    git(big, "commit", "-qm", "big repository")


def timed(command: Sequence[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def side_by_side(a: Sequence[str], b: Sequence[str], cwd: Path, runs: int) -> tuple[float, float, float]:
    """Medians of A and B and the median of the pairwise ratio A/B (A, B, A, B, ...)."""
    timed(a, cwd), timed(b, cwd)  # warm the file cache and the byte-code cache
    a_times, b_times, ratios = [], [], []
    for _ in range(runs):
        ta, tb = timed(a, cwd), timed(b, cwd)
        a_times.append(ta)
        b_times.append(tb)
        ratios.append(ta / tb)
    return statistics.median(a_times), statistics.median(b_times), statistics.median(ratios)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=2000, help="manifests in the big repository")
    parser.add_argument("--runs", type=int, default=11, help="pairs per one-file comparison")
    parser.add_argument("--big-runs", type=int, default=5, help="pairs per many-file comparison")
    # Outside any git repository: the no-git measure must not find this checkout's .git.
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ai-readiness-bench")
    parser.add_argument(
        "--own-checker",
        help="check-jsonschema installed in its own environment, as its users run it (default: the one on PATH)",
    )
    parser.add_argument(
        "--only",
        choices=["one", "many", "changed", "edit", "policy", "profiles", "org", "lsp"],
        action="append",
        help="measure only these groups of rows (repeatable): one file cold, many files, one changed "
        "file in a big repository, editing (promote, lint --fix), with a pack of 50 requirements "
        "against without, with the three regulation profiles against without, the organisation view "
        "(report, export, merge), the language server (bench/lsp_bench.py) (default: all)",
    )
    args = parser.parse_args()
    groups = set(args.only or ["one", "many", "changed", "edit", "policy", "profiles", "org", "lsp"])

    python = sys.executable
    tool = [python, "-m", "ai_readiness"] if not shutil.which("ai-readiness") else [shutil.which("ai-readiness") or ""]
    shared_checker = shutil.which("check-jsonschema")  # beside ai-readiness: with ruamel.yaml's C library
    checker = args.own_checker or shared_checker
    print(f"building inputs ({args.files} manifests) in {args.work} ...", flush=True)
    paths = build_inputs(args.work, args.files)
    manifests = sorted(str(p.relative_to(paths["big"])) for p in paths["big"].glob("team*/system*/ai-readiness.yaml"))
    rows: list[tuple[str, str, str, str, str]] = []

    def row(label: str, target: str, a: float, b: float, ratio: float, unit: str = "ms") -> None:
        scale = 1000 if unit == "ms" else 1
        rows.append((label, f"{a * scale:.1f} {unit}", f"{b * scale:.1f} {unit}", f"{ratio:.2f}x", target))
        print(f"  {label}: {ratio:.2f}x ({target})", flush=True)

    print("measuring ...", flush=True)
    if "one" in groups:
        measure_one_file(args.runs, tool, checker, shared_checker, paths, row)
    n = len(manifests)
    if "many" in groups:
        measure_many_files(args.big_runs, tool, checker, shared_checker, paths, manifests, rows)
    if "changed" in groups:
        # what pre-commit does on every commit: one changed manifest of a big repository
        one_small = [*tool, "lint", "support/ai-readiness.yaml", "--today", TODAY]
        one_big = [*tool, "lint", manifests[0], "--today", TODAY]  # fraud-model-1 in the prefixed one
        for repository, what in (("big", f"the {n}-file repository"), ("prefixed", "prefix-sharing names")):
            a, b, r = paired(one_big, paths[repository], one_small, paths["small"], args.runs)
            row(f"1 file of {what} / 1 file of a small one", "<= 1.2x", a, b, r)

    if "edit" in groups:
        measure_edits(args.runs, tool, paths["edit"], row)

    if "policy" in groups:
        measure_policy(args.runs, args.big_runs, tool, paths, row)

    if "profiles" in groups:
        measure_profiles(args.runs, args.big_runs, tool, paths, row)

    if "org" in groups:
        measure_organisation(args.big_runs, tool, paths, args.work, rows)

    if "lsp" in groups:  # absolute latencies, not a ratio: printed as they come
        subprocess.run([python, str(HERE / "lsp_bench.py"), "--work", str(args.work / "lsp")], check=False)

    print()
    header = ("measure", "A (ai-readiness)", "B", "ratio", "target")
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=True)]
    for line in (header, tuple("-" * w for w in widths), *rows):
        print("| " + " | ".join(str(cell).ljust(w) for cell, w in zip(line, widths, strict=True)) + " |")
    print(
        f"\npython {sys.version.split()[0]}, {os.cpu_count()} cores; medians of {args.runs} (one file) and "
        f"{args.big_runs} ({n} files) alternating pairs"
    )
    return 0


Row = Callable[[str, str, float, float, float], None]


def paired(a: Sequence[str], a_cwd: Path, b: Sequence[str], b_cwd: Path, runs: int) -> tuple[float, float, float]:
    """side_by_side for two commands that run in different folders."""
    timed(a, a_cwd), timed(b, b_cwd)
    a_times, b_times, ratios = [], [], []
    for _ in range(runs):
        ta, tb = timed(a, a_cwd), timed(b, b_cwd)
        a_times.append(ta)
        b_times.append(tb)
        ratios.append(ta / tb)
    return statistics.median(a_times), statistics.median(b_times), statistics.median(ratios)


def measure_one_file(
    runs: int, tool: list[str], checker: str | None, shared_checker: str | None, paths: dict[str, Path], row: Row
) -> None:
    python = sys.executable
    lint_one = [*tool, "lint", "ai-readiness.yaml", "--today", TODAY]
    floor = [python, "-c", "import jsonschema, ruamel.yaml, click"]
    floor_git = [python, "-c", "import jsonschema, ruamel.yaml, click, git"]
    a, b, r = side_by_side(lint_one, floor, paths["single"], runs)
    row("1 file, no git / import floor", "<= 0.8x", a, b, r)
    if checker:
        check_one = [checker, "--schemafile", str(SCHEMA), "ai-readiness.yaml"]
        a, b, r = side_by_side(check_one, lint_one, paths["single"], runs)
        row("1 file: check-jsonschema / ai-readiness", ">= 3x faster", b, a, r)
    if shared_checker and shared_checker != checker:
        check_one = [shared_checker, "--schemafile", str(SCHEMA), "ai-readiness.yaml"]
        a, b, r = side_by_side(check_one, lint_one, paths["single"], runs)
        row("1 file: check-jsonschema with ruamel.yaml's C library / ai-readiness", "(reference)", b, a, r)
    a, b, r = side_by_side(lint_one, floor_git, paths["small"] / "support", runs)
    row("1 file in git / import floor with git", "<= 0.9x", a, b, r)


def measure_edits(runs: int, tool: list[str], folder: Path, row: Row) -> None:
    """promote and lint --fix against a plain lint of the same file. Each run starts from the same
    file: both sides copy it first (`cp`), so the copy costs both the same."""
    command = " ".join(shlex.quote(part) for part in tool)

    def fresh(source: str, args: str) -> list[str]:
        return ["sh", "-c", f"cp {source} ai-readiness.yaml && exec {command} {args} ai-readiness.yaml --today {TODAY}"]

    lint = fresh("prototype.yaml", "lint")
    promote = [
        "sh",
        "-c",
        f"cp prototype.yaml ai-readiness.yaml && exec {command} promote --to production ai-readiness.yaml",
    ]
    a, b, r = side_by_side(promote, lint, folder, runs)
    row("promote --to production, the production example as a prototype / lint of it", "<= 1.5x", a, b, r)
    a, b, r = side_by_side(fresh("fixable.yaml", "lint --fix"), fresh("fixable.yaml", "lint"), folder, runs)
    row("lint --fix, 3 fixable findings / lint of the same file", "<= 1.5x", a, b, r)


def measure_many_files(
    big_runs: int,
    tool: list[str],
    checker: str | None,
    shared_checker: str | None,
    paths: dict[str, Path],
    manifests: list[str],
    rows: list[tuple[str, str, str, str, str]],
) -> None:
    python = sys.executable
    lint_all = [*tool, "lint", ".", "--today", TODAY, "--fail-on", "never"]
    parse_floor = [python, str(HERE / "parse_floor.py"), *manifests]
    a, b, r = side_by_side(lint_all, parse_floor, paths["big"], big_runs)
    n = len(manifests)
    label = f"{n} files: files/s vs the parse floor"
    rows.append((label, f"{n / a:.0f} files/s", f"{n / b:.0f} files/s", f"{1 / r:.2f}x", ">= 1.2x"))
    print(f"  {n} files vs parse floor: {1 / r:.2f}x (>= 1.2x)", flush=True)
    if checker:
        check_all = [checker, "--schemafile", str(SCHEMA), *manifests]
        a2, b2, r2 = side_by_side(lint_all, check_all, paths["big"], max(3, big_runs // 2))
        label = f"{n} files: files/s vs check-jsonschema"
        rows.append((label, f"{n / a2:.0f} files/s", f"{n / b2:.0f} files/s", f"{1 / r2:.2f}x", ">= 25x"))
        print(f"  {n} files vs check-jsonschema: {1 / r2:.2f}x (>= 25x)", flush=True)
    if shared_checker and shared_checker != checker:
        check_shared = [shared_checker, "--schemafile", str(SCHEMA), *manifests]
        a3, b3, r3 = side_by_side(lint_all, check_shared, paths["big"], 3)
        label = f"{n} files: files/s vs check-jsonschema with ruamel.yaml's C library"
        rows.append((label, f"{n / a3:.0f} files/s", f"{n / b3:.0f} files/s", f"{1 / r3:.2f}x", "(reference)"))
        print(f"  {label}: {1 / r3:.2f}x (reference)", flush=True)


def measure_policy(runs: int, big_runs: int, tool: list[str], paths: dict[str, Path], row: Row) -> None:
    """The same lint with a pack of 50 requirements (`--policy`) and without, side by side."""
    pack = ["--policy", str(paths["pack"])]
    lint_one = [*tool, "lint", "ai-readiness.yaml", "--today", TODAY]
    a, b, r = side_by_side([*lint_one, *pack], lint_one, paths["single"], runs)
    row("1 file, no git: with a pack of 50 requirements / without", "<= 1.1x", a, b, r)
    lint_all = [*tool, "lint", ".", "--today", TODAY, "--fail-on", "never"]
    a, b, r = side_by_side([*lint_all, *pack], lint_all, paths["big"], big_runs)
    row("2,000 files: with a pack of 50 requirements / without", "<= 1.1x", a, b, r)


PROFILES = ["builtin:eu-ai-act-high-risk", "builtin:nist-ai-rmf", "builtin:iso-42001"]


def measure_profiles(runs: int, big_runs: int, tool: list[str], paths: dict[str, Path], row: Row) -> None:
    """The production example linted with the three regulation profiles and without, side by side
    (one file outside git, and the 2,000-file repository), and `report` of that repository, whose
    coverage tables only a profile adds."""
    profiles = [arg for name in PROFILES for arg in ("--policy", name)]
    lint_one = [*tool, "lint", "ai-readiness.yaml", "--today", TODAY]
    a, b, r = side_by_side([*lint_one, *profiles], lint_one, paths["single"], runs)
    row("1 file, no git: with the three profiles / without", "<= 1.15x", a, b, r)
    lint_all = [*tool, "lint", ".", "--today", TODAY, "--fail-on", "never"]
    a, b, r = side_by_side([*lint_all, *profiles], lint_all, paths["big"], big_runs)
    row("2,000 files: with the three profiles / without", "<= 1.15x", a, b, r)
    report = [*tool, "report", "--format", "json", "--today", TODAY]
    a, b, r = side_by_side([*report, *profiles], report, paths["big"], big_runs)
    row("report of 2,000 files: with the three profiles / without", "(reference)", a, b, r)


def measure_organisation(
    runs: int, tool: list[str], paths: dict[str, Path], work: Path, rows: list[tuple[str, str, str, str, str]]
) -> None:
    """`report` and `export` of the big repository against its lint, and `report --merge` of 500
    report files holding 10,000 systems (bench/reports.py), whose page must stay within 10 MB."""
    from reports import template, write_reports  # bench/reports.py, beside this file

    lint_all = [*tool, "lint", ".", "--today", TODAY, "--fail-on", "never"]
    for what, command in (
        ("report --format json", [*tool, "report", "--format", "json", "--today", TODAY]),
        ("export --format cyclonedx", [*tool, "export", "--format", "cyclonedx"]),
    ):
        a, b, r = side_by_side(command, lint_all, paths["big"], runs)
        label = f"{what} of the 2,000-file repository / its lint"
        rows.append((label, f"{a:.2f} s", f"{b:.2f} s", f"{r:.2f}x", "<= 1.5x"))
        print(f"  {label}: {r:.2f}x (<= 1.5x)", flush=True)

    def run(args: list[str], cwd: Path) -> str:
        done = subprocess.run([*tool, *args], cwd=cwd, capture_output=True, text=True, check=False)
        return done.stdout

    repo = work / "org-template"
    repo.mkdir()
    files = write_reports(template(run, repo), work / "org-reports", 500, 20)
    size = sum(f.stat().st_size for f in files)
    for fmt in ("html", "json"):
        out = work / f"organisation.{fmt}"
        merge = [*tool, "report", "--merge", "--format", fmt, "--output", str(out), *map(str, files)]
        timed(merge, work)  # warm the file cache
        times = [timed(merge, work) for _ in range(runs)]
        label = f"report --merge --format {fmt}: 500 reports ({size / 1e6:.0f} MB), 10,000 systems"
        rows.append((label, f"{statistics.median(times):.2f} s", "", "", "< 2 s"))
        print(f"  {label}: {statistics.median(times):.2f} s (< 2 s)", flush=True)
    page = (work / "organisation.html").stat().st_size
    rows.append(("the html page of those 10,000 systems", f"{page / 1e6:.2f} MB", "", "", "<= 10 MB"))
    print(f"  the page: {page / 1e6:.2f} MB (<= 10 MB)", flush=True)


if __name__ == "__main__":
    sys.exit(main())
