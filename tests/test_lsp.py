"""`ai-readiness lsp`, driven over stdio by a real LSP client (tests/lspclient.py): diagnostics as
`lint` gives them, positions in UTF-16 and UTF-8, debounce, watched files, configuration errors,
code actions, hover, and a server that survives what editors and users send it."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import commit_all, make_repo
from tests.lspclient import SERVER, apply_edits, edits_of, run, running, t

TODAY = dt.date.today()
SOON = (TODAY + dt.timedelta(days=120)).isoformat()

# An emoji (two UTF-16 units, four UTF-8 bytes) and CJK text (one unit, three bytes each) before a
# finding on the same line: `jane` is not an owner.
MANIFEST = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata:
  name: support-bot
spec:
  type: llm-feature
  stage: prototype
  owners: {x-note: "😀 漢字", technical: ["@acme/bots", jane]}
  purpose:
    intendedUse: Answer questions about invoices.
  monitorng:
    dashboard: https://grafana.example.com/d/x
  review: {cadence: 90 days}
  components:
    models:
      - {id: main, provider: openai, model: gpt-4o}
"""


def repo_with(tmp_path: Path, text: str = MANIFEST) -> tuple[Path, Path, str]:
    repo = make_repo(tmp_path / "repo")
    (repo / ".github").mkdir()
    (repo / ".github" / "CODEOWNERS").write_text("* @acme/someone-else\n")
    manifest = repo / "svc" / "ai-readiness.yaml"
    manifest.parent.mkdir()
    manifest.write_text(text, encoding="utf-8")
    commit_all(repo)
    return repo, manifest, manifest.as_uri()


def lint_json(repo: Path, manifest: Path, text: str) -> list[dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-m", "ai_readiness", "lint", "-", "--stdin-filename", str(manifest), "--format", "json"],
        cwd=repo,
        input=text.encode(),
        capture_output=True,
        check=False,
    )
    findings: list[dict[str, object]] = json.loads(done.stdout)["findings"]
    return [f for f in findings if f["suppressed"] is None]


def test_diagnostics_are_lints_findings_in_utf16(tmp_path: Path) -> None:
    repo, manifest, uri = repo_with(tmp_path)

    async def scenario() -> None:
        async with running(repo) as (client, init):
            assert init.capabilities.position_encoding == "utf-16"  # the client asked for nothing
            client.open(uri, MANIFEST)
            diagnostics = await client.next_diagnostics(uri, 0)
            expected = lint_json(repo, manifest, MANIFEST)
            assert len(expected) >= 4  # SCHEMA001 (jane, monitorng, 90 days), OWN003, DATA003...
            got = [(d.code, d.message, d.range.start.line + 1) for d in diagnostics]
            assert got == [(f["rule"], f["message"], f["line"]) for f in expected]
            jane = next(d for d in diagnostics if "jane" in d.message)
            # `  owners: {x-note: "😀 漢字", technical: ["@acme/bots", ` is 53 code points, 54 UTF-16 units
            assert (jane.range.start.line, jane.range.start.character, jane.range.end.character) == (7, 54, 58)
            assert jane.severity == t.DiagnosticSeverity.Error and jane.source == "ai-readiness"
            assert jane.code_description is not None
            assert jane.code_description.href.endswith("docs/rules.md#schema001")
            assert {d.code for d in diagnostics} >= {"SCHEMA001", "OWN003", "DATA003"}  # git facts: CODEOWNERS
            await client.wait_for(lambda: client.registrations)
            assert client.registrations[0].method == "workspace/didChangeWatchedFiles"

    run(scenario)


def test_utf16_whenever_offered_and_utf8_when_it_is_the_only_choice(tmp_path: Path) -> None:
    repo, _, uri = repo_with(tmp_path)

    async def scenario() -> None:
        async with running(repo, encodings=["utf-8", "utf-16"]) as (client, init):
            assert init.capabilities.position_encoding == "utf-16"  # offered, though second
            client.open(uri, MANIFEST)
            jane = next(d for d in await client.next_diagnostics(uri, 0) if "jane" in d.message)
            assert jane.range.start.character == 54
        async with running(repo, encodings=["utf-8"]) as (client, init):
            assert init.capabilities.position_encoding == "utf-8"
            client.open(uri, MANIFEST)
            jane = next(d for d in await client.next_diagnostics(uri, 0) if "jane" in d.message)
            # 😀 is 4 bytes, each of 漢字 3 bytes
            prefix = '  owners: {x-note: "😀 漢字", technical: ["@acme/bots", '
            assert jane.range.start.character == len(prefix.encode("utf-8")) == 60
            assert jane.range.end.character == 64

    run(scenario)


def test_debounce_watched_files_configuration_error_and_close(tmp_path: Path) -> None:
    repo, _, uri = repo_with(tmp_path)
    fine = MANIFEST.replace(", jane]", "]")

    async def scenario() -> None:
        async with running(repo, debounce=1000) as (client, _):
            client.open(uri, MANIFEST)
            await client.next_diagnostics(uri, 0)
            for version in range(2, 7):  # quick edits: one lint, of the last text
                client.change(uri, fine if version == 6 else MANIFEST + f"# {version}\n", version)
                await asyncio.sleep(0.02)
            diagnostics = await client.next_diagnostics(uri, 1)
            await asyncio.sleep(1.5)  # nothing more comes
            assert len(client.published(uri)) == 2 and client.published(uri)[1].version == 6
            assert not any("jane" in d.message for d in diagnostics)

            # a configuration error: one diagnostic at line 1 and a message, and the server lives on
            (repo / ".ai-readiness.toml").write_text('fail-on = "sometimes"\n')
            client.workspace_did_change_watched_files(
                t.DidChangeWatchedFilesParams(
                    changes=[t.FileEvent(uri=(repo / ".ai-readiness.toml").as_uri(), type=t.FileChangeType.Created)]
                )
            )
            (error,) = await client.next_diagnostics(uri, 2)
            assert error.range.start == t.Position(0, 0) and error.severity == t.DiagnosticSeverity.Error
            assert "configuration error" in error.message and "fail-on" in error.message
            await client.wait_for(lambda: client.messages)
            assert client.messages[0].type == t.MessageType.Error and "fail-on" in client.messages[0].message

            # the configuration turns a rule off: the open document is linted again
            (repo / ".ai-readiness.toml").write_text('[rules]\nDATA003 = "off"\n')
            client.workspace_did_change_watched_files(
                t.DidChangeWatchedFilesParams(
                    changes=[t.FileEvent(uri=(repo / ".ai-readiness.toml").as_uri(), type=t.FileChangeType.Changed)]
                )
            )
            diagnostics = await client.next_diagnostics(uri, 3)
            codes = {d.code for d in diagnostics}
            assert "DATA003" not in codes and "SCHEMA001" in codes

            client.close(uri)
            assert await client.next_diagnostics(uri, 4) == []
            assert len(client.messages) == 1  # shown once, not at every lint

    run(scenario)


def test_suppressed_findings_are_not_sent_and_att002_is_unnecessary(tmp_path: Path) -> None:
    text = MANIFEST.replace(", jane]", "]") + (
        "  exceptions:\n"
        f"    - {{rule: DATA003, reason: pinned by the vendor, approvedBy: '@ciso', expires: {SOON}}}\n"
        f"    - {{rule: EVAL003, reason: nothing to waive, approvedBy: '@ciso', expires: {SOON}}}\n"
    )
    repo, _, uri = repo_with(tmp_path, text)

    async def scenario() -> None:
        async with running(repo) as (client, _):
            client.open(uri, text)
            diagnostics = await client.next_diagnostics(uri, 0)
            assert "DATA003" not in {d.code for d in diagnostics}  # waived: suppressed, not sent
            (unused,) = [d for d in diagnostics if d.code == "ATT002"]
            assert list(unused.tags or []) == [t.DiagnosticTag.Unnecessary]
            assert unused.range.start.line == text.splitlines().index(
                next(line for line in text.splitlines() if "EVAL003" in line)
            )

    run(scenario)


def test_code_actions_fix_waive_and_promote(tmp_path: Path) -> None:
    repo, manifest, uri = repo_with(tmp_path)
    lines = MANIFEST.splitlines()

    async def scenario() -> None:
        async with running(repo) as (client, _):
            client.open(uri, MANIFEST)
            await client.next_diagnostics(uri, 0)

            # the fix at the cursor: `monitorng` -> `monitoring`, as lint --fix makes it
            row = lines.index("  monitorng:")
            actions = await client.actions(uri, t.Position(row, 4))
            fix = next(a for a in actions if a.kind == t.CodeActionKind.QuickFix and a.title.startswith("Fix:"))
            assert fix.title == "Fix: rename 'monitorng' to 'monitoring'" and fix.is_preferred
            assert [d.code for d in fix.diagnostics or []] == ["SCHEMA001"]
            fixed = apply_edits(MANIFEST, edits_of(fix))
            assert fixed == MANIFEST.replace("monitorng:", "monitoring:")
            fix_all = next(a for a in actions if a.kind == t.CodeActionKind.SourceFixAll)
            done = subprocess.run(
                [sys.executable, "-m", "ai_readiness", "lint", "-", "--stdin-filename", str(manifest), "--fix"],
                cwd=repo,
                input=MANIFEST.encode(),
                capture_output=True,
                check=False,
            )
            assert apply_edits(MANIFEST, edits_of(fix_all)) == done.stdout.decode()
            assert "P90D" in done.stdout.decode()

            # waive DATA003 (the model is not pinned) at its diagnostic
            row = next(i for i, line in enumerate(lines) if "gpt-4o" in line)
            actions = await client.actions(uri, t.Position(row, lines[row].index("gpt-4o")))
            waive = next(a for a in actions if a.title.startswith("Waive DATA003"))
            expires = (TODAY + dt.timedelta(days=90)).isoformat()
            assert expires in waive.title
            waived = apply_edits(MANIFEST, edits_of(waive))
            assert waived == MANIFEST + (
                "  exceptions:\n"
                "    - rule: DATA003\n"
                '      reason: "<why this is acceptable until it expires>"\n'
                '      # approvedBy: "@org/team"  # who accepted the risk; not a technical owner of the system\n'
                f"      expires: {expires}\n"
            )
            # the waiver takes effect once someone approves it
            client.change(uri, waived.replace("# approvedBy", "approvedBy").replace('"@org/team"', '"@ciso"'), 2)
            diagnostics = await client.next_diagnostics(uri, 1)
            assert "DATA003" not in {d.code for d in diagnostics}

            # add what the next stage needs: the same text as `ai-readiness promote --to pilot`
            client.change(uri, MANIFEST, 3)
            await client.next_diagnostics(uri, 2)
            actions = await client.actions(uri, t.Position(6, 3))
            promote = next(a for a in actions if a.kind == t.CodeActionKind.RefactorRewrite)
            assert promote.title.startswith("Add what pilot needs")
            subprocess.run(
                [sys.executable, "-m", "ai_readiness", "promote", "--to", "pilot", str(manifest)],
                cwd=repo,
                check=True,
                capture_output=True,
            )
            assert apply_edits(MANIFEST, edits_of(promote)) == manifest.read_text(encoding="utf-8")

    run(scenario)


def test_waiver_expiry_follows_the_allowed_maximum(tmp_path: Path) -> None:
    repo, _, uri = repo_with(tmp_path)
    (repo / ".ai-readiness.toml").write_text('[windows]\nexception-max-length = "P30D"\n')
    row = next(i for i, line in enumerate(MANIFEST.splitlines()) if "gpt-4o" in line)

    async def scenario() -> None:
        async with running(repo) as (client, _):
            client.open(uri, MANIFEST)
            await client.next_diagnostics(uri, 0)
            actions = await client.actions(uri, t.Position(row, MANIFEST.splitlines()[row].index("gpt-4o")))
            waive = next(a for a in actions if a.title.startswith("Waive DATA003"))
            assert (TODAY + dt.timedelta(days=30)).isoformat() in waive.title

    run(scenario)


def test_hover_on_a_key(tmp_path: Path) -> None:
    repo, _, uri = repo_with(tmp_path)
    text = MANIFEST + "  evaluation:\n    thresholds:\n      - metric: quality\n        op: '>='\n"
    row = text.splitlines().index("        op: '>='")

    async def scenario() -> None:
        async with running(repo) as (client, _):
            client.open(uri, text)
            await client.next_diagnostics(uri, 0)
            hover = await client.hover(uri, row, 9)
            assert hover is not None and isinstance(hover.contents, t.MarkupContent)
            assert hover.contents.kind == t.MarkupKind.Markdown
            value = hover.contents.value
            assert value.startswith("**spec.evaluation.thresholds\\[\\].op**\n\nHow the measured value must compare")
            assert "[EVAL003](https://" in value and "[PR002](https://" in value
            assert hover.range == t.Range(start=t.Position(row, 8), end=t.Position(row, 10))
            assert await client.hover(uri, row, 13) is None  # on the value: nothing
            stage = await client.hover(uri, 6, 3)
            assert stage is not None and "STAGE001" in stage.contents.value  # type: ignore[union-attr]

    run(scenario)


def test_hostile_text_reaches_the_editor_as_one_plain_line(tmp_path: Path) -> None:
    text = MANIFEST.replace("  monitorng:", '  "bad\\n\\u202ekey\\u001b[31m":')
    repo, _, uri = repo_with(tmp_path, text)

    async def scenario() -> None:
        async with running(repo) as (client, _):
            client.open(uri, text)
            diagnostics = await client.next_diagnostics(uri, 0)
            (unknown,) = [d for d in diagnostics if "unknown key" in d.message]
            assert "\n" not in unknown.message and "\u202e" not in unknown.message and "\x1b" not in unknown.message
            assert "\\u202e" in unknown.message

    run(scenario)


def test_the_server_survives_what_it_is_sent(tmp_path: Path) -> None:
    repo, _, uri = repo_with(tmp_path)
    outside = tmp_path / "elsewhere" / "ai-readiness.yaml"  # no repository anywhere above it
    outside.parent.mkdir()
    outside.write_text(MANIFEST)
    row = MANIFEST.splitlines().index("  stage: prototype")

    async def answers(client: object) -> None:
        hover = await client.hover(uri, row, 3)  # type: ignore[attr-defined]
        assert hover is not None and "STAGE001" in hover.contents.value

    async def scenario() -> None:
        async with running(repo) as (client, _):
            client.open(uri, MANIFEST)
            await client.next_diagnostics(uri, 0)
            n = 1
            for version, text in enumerate(
                [
                    "spec: [unclosed\n  key: {\n",  # YAML errors
                    MANIFEST + "  moni",  # a half-typed key
                    MANIFEST + "  x-paste: " + "a" * (1024 * 1024 + 10) + "\n",  # a 1 MiB paste
                    "\ud800: lone surrogate\n",  # JSON can carry what UTF-8 can't
                    "",
                ],
                start=2,
            ):
                client.change(uri, text, version)
                diagnostics = await client.next_diagnostics(uri, n)
                n += 1
                assert diagnostics or text == "" or version == 4, text[:40]
                assert await client.actions(uri, t.Position(0, 0), t.Position(3, 0)) is not None
                await client.hover(uri, 0, 1)
                client.change(uri, MANIFEST, version)
                await client.next_diagnostics(uri, n)
                n += 1
                await answers(client)
            big = client.published(uri)[5].diagnostics
            assert [d.code for d in big] == ["YAML003"]

            # a file outside any repository
            client.open(outside.as_uri(), MANIFEST)
            found = await client.next_diagnostics(outside.as_uri(), 0)
            assert "SCHEMA001" in {d.code for d in found} and "OWN003" not in {d.code for d in found}

            # a closed document and one never opened: answered with nothing
            client.close(outside.as_uri())
            assert await client.next_diagnostics(outside.as_uri(), 1) == []
            for unknown in (outside.as_uri(), (repo / "never" / "ai-readiness.yaml").as_uri()):
                assert await client.hover(unknown, 0, 0) is None
                assert await client.actions(unknown, t.Position(0, 0)) == []
                client.change(unknown, "spec: x\n", 9)  # a change to a document not open
            await answers(client)
            assert client._server is not None and client._server.returncode is None

    run(scenario)


def frame(message: dict[str, object]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def test_a_client_that_goes_away_and_garbage(tmp_path: Path) -> None:
    """Garbage, half a message, then the client disappears with a lint pending: the server ends by
    itself, having written nothing but protocol on standard output."""
    repo, _, uri = repo_with(tmp_path)
    process = subprocess.Popen(
        [*SERVER, "--debounce", "300"], cwd=repo, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    data = (
        frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
        + frame({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        + b"Content-Length: 5\r\n\r\n{oops"
        + frame(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": MANIFEST}},
            }
        )
        + frame(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didChange",
                "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "spec: 1\n"}]},
            }
        )
        + b'Content-Length: 999\r\n\r\n{"jsonrpc"'
    )
    out, err = process.communicate(data, timeout=60)
    assert process.returncode == 0, err.decode()
    # every byte of standard output is a frame
    rest = out
    methods = []
    while rest:
        head, _, rest = rest.partition(b"\r\n\r\n")
        length = int(next(h for h in head.split(b"\r\n") if h.startswith(b"Content-Length:")).split(b":")[1])
        message = json.loads(rest[:length])
        methods.append(message.get("method", message.get("id")))
        rest = rest[length:]
    assert methods[0] == 1 and "textDocument/publishDiagnostics" in methods
    assert "window/showMessage" not in methods  # garbage is logged, not shown
    assert len(err) < 100_000


def test_requirements_link_to_their_pack_and_show_in_hover(tmp_path: Path) -> None:
    text = MANIFEST.replace(", jane]", "]").replace(
        "  stage: prototype\n", "  stage: prototype\n  x-acme:\n    dpia:\n"
    )
    repo, _, uri = repo_with(tmp_path, text)
    (repo / "policy").mkdir()
    (repo / "policy" / "ai.toml").write_text(
        'name = "acme"\nurl = "https://example.com/acme-policy"\n\n[[requirements]]\nid = "ACME001"\n'
        'key = "spec.x-acme.dpia"\nsummary = "the DPIA [click](command:evil) <b>now</b>"\n'
    )
    (repo / ".ai-readiness.toml").write_text('extends = ["policy/ai.toml"]\n')
    row = text.splitlines().index("    dpia:")

    async def scenario() -> None:
        async with running(repo) as (client, _):
            client.open(uri, text)
            diagnostics = await client.next_diagnostics(uri, 0)
            (required,) = [d for d in diagnostics if d.code == "ACME001"]
            assert required.code_description is not None
            assert required.code_description.href == "https://example.com/acme-policy"
            hover = await client.hover(uri, row, 5)
            assert hover is not None and isinstance(hover.contents, t.MarkupContent)
            value = hover.contents.value
            assert "[ACME001](https://example.com/acme-policy)" in value
            assert "\\[click\\](command:evil)" in value and "&lt;b&gt;" in value and "<b>" not in value

    run(scenario)


def test_the_log_is_bounded() -> None:
    """Editors keep a server's standard error in a file: 3,000 unreadable messages log at most
    1,000 records, then one line saying the rest is dropped."""
    process = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    garbage = b"Content-Length: 5\r\n\r\n{oops" * 3000
    out, err = process.communicate(
        frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}) + garbage,
        timeout=120,
    )
    assert process.returncode == 0
    lines = err.decode().splitlines()
    assert lines[-1].endswith("log limit reached: the rest is dropped")
    assert 100 < sum(" WARNING " in line or " ERROR " in line for line in lines) <= 1000
    assert b'"id": 1' in out


def test_promote_writes_what_the_policy_asks_for_too(tmp_path: Path) -> None:
    text = MANIFEST.replace(", jane]", "]")
    repo, manifest, uri = repo_with(tmp_path, text)
    (repo / "policy").mkdir()
    (repo / "policy" / "ai.toml").write_text(
        'name = "acme"\n\n[[requirements]]\nid = "ACME001"\nkey = "spec.x-acme.dpia"\nfrom = "pilot"\n'
        'summary = "the data protection impact assessment"\n'
    )
    (repo / ".ai-readiness.toml").write_text('extends = ["policy/ai.toml"]\n')

    async def scenario() -> None:
        async with running(repo) as (client, _):
            client.open(uri, text)
            await client.next_diagnostics(uri, 0)
            actions = await client.actions(uri, t.Position(6, 3))
            promote = next(a for a in actions if a.kind == t.CodeActionKind.RefactorRewrite)
            subprocess.run(
                [sys.executable, "-m", "ai_readiness", "promote", "--to", "pilot", str(manifest)],
                cwd=repo,
                check=True,
                capture_output=True,
            )
            promoted = manifest.read_text(encoding="utf-8")
            assert "dpia" in promoted
            assert apply_edits(text, edits_of(promote)) == promoted

    run(scenario)


def test_codeowners_and_other_manifests_changing_on_disk(tmp_path: Path) -> None:
    text = MANIFEST.replace(", jane]", "]")
    repo, _, uri = repo_with(tmp_path, text)
    other = repo / "other" / "ai-readiness.yaml"
    other.parent.mkdir()
    other.write_text(text)  # the same metadata.name: META003
    commit_all(repo)

    def changed(path: Path) -> t.DidChangeWatchedFilesParams:
        return t.DidChangeWatchedFilesParams(changes=[t.FileEvent(uri=path.as_uri(), type=t.FileChangeType.Changed)])

    async def scenario() -> None:
        async with running(repo) as (client, _):
            client.open(uri, text)
            codes = {d.code for d in await client.next_diagnostics(uri, 0)}
            assert {"OWN003", "META003"} <= codes
            (repo / ".github" / "CODEOWNERS").write_text("* @acme/bots\n")
            client.workspace_did_change_watched_files(changed(repo / ".github" / "CODEOWNERS"))
            codes = {d.code for d in await client.next_diagnostics(uri, 1)}
            assert "OWN003" not in codes and "META003" in codes
            other.write_text(text.replace("name: support-bot", "name: another-bot"))
            client.workspace_did_change_watched_files(changed(other))
            codes = {d.code for d in await client.next_diagnostics(uri, 2)}
            assert "META003" not in codes

    run(scenario)
