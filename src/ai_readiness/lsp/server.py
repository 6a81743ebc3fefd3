"""The language server over standard input and output (pygls; docs/design.md, "Language server").

Diagnostics: at once on open, debounced on change, again for every open manifest when a watched
file changes (configuration, packs, CODEOWNERS, other manifests), cleared on close. Code actions and
hover read the buffer as it is now. Nothing but the protocol goes to standard output, and what the
server logs (to standard error) is bounded.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any

from lsprotocol import types as t
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path

from ai_readiness import __version__
from ai_readiness.discovery import MANIFEST_NAME
from ai_readiness.escaping import one_line
from ai_readiness.lsp.actions import Action, actions_at
from ai_readiness.lsp.documents import Judgement, OptionsFor, judge
from ai_readiness.lsp.hover import hover_text, key_at
from ai_readiness.lsp.positions import UTF16, from_protocol, lines_of, to_protocol, units

log = logging.getLogger("ai_readiness.lsp")
NAME = "ai-readiness"
SEVERITIES = {3: t.DiagnosticSeverity.Error, 2: t.DiagnosticSeverity.Warning, 1: t.DiagnosticSeverity.Information}
# Bidirectional controls reorder what an editor shows (a message quoting a manifest's value must
# read as it is): escaped like the control characters `one_line` escapes.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
WATCHED = ("**/*.toml", "**/CODEOWNERS", "**/ai-readiness.yaml", "**/ai-readiness.yml")
LOG_RECORDS = 1000  # then one line saying the rest is dropped
MESSAGE_CHARS = 500
TRACEBACK_CHARS = 2000


def plain(text: str) -> str:
    """Repository text as one line of plain text for the editor."""
    return _BIDI.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), one_line(text))


class _Protocol(LanguageServerProtocol):
    @lsp_method(t.INITIALIZE)
    def lsp_initialize(self, params: t.InitializeParams) -> Generator[Any, Any, t.InitializeResult]:
        # UTF-16 whenever the client can count in it (every client can: the protocol's default),
        # another encoding only when the client offers nothing else; pygls would take the
        # client's first choice
        general = params.capabilities.general
        if general is not None and general.position_encodings and UTF16 in general.position_encodings:
            general.position_encodings = [UTF16]
        return (yield from super().lsp_initialize(params))


class Server(LanguageServer):
    def __init__(self, debounce: float, options_for: OptionsFor) -> None:
        # Full sync: pygls applies incremental changes with str.splitlines, which also breaks lines
        # at U+2028, NEL and form feed, and would put an edit on the wrong line.
        super().__init__(NAME, __version__, text_document_sync_kind=t.TextDocumentSyncKind.Full, protocol_cls=_Protocol)
        self.debounce = debounce
        self.options_for = options_for
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.judged: dict[str, tuple[int | None, Judgement]] = {}
        self.errors: dict[str, str] = {}  # the configuration error last shown, per document

    def report_server_error(self, error: Exception, source: Any) -> None:
        # pygls would pop up "Error in server: ..." for a message it could not read: log it instead
        log.warning("%s: %s", type(error).__name__, error)

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or UTF16)

    def folders(self) -> list[Path]:
        out = []
        for uri in [f.uri for f in self.workspace.folders.values()] + [self.workspace.root_uri or ""]:
            path = to_fs_path(uri) if uri else None
            if path:
                out.append(Path(os.path.abspath(path)))
        return out

    def manifest_path(self, uri: str) -> str | None:
        """The file a document stands for, when it is a manifest (`ai-readiness.yaml`/`.yml`)."""
        path = to_fs_path(uri)
        return path if path and MANIFEST_NAME.search(path.replace(os.sep, "/")) else None

    # -- judging -------------------------------------------------------------------------------

    def judgement(self, uri: str) -> Judgement | None:
        """The judgement of the document's current text (judged now when it changed since)."""
        if uri not in self.workspace.text_documents:
            return None
        path = self.manifest_path(uri)
        if path is None:
            return None
        doc = self.workspace.get_text_document(uri)
        known = self.judged.get(uri)
        if known is not None and known[0] == doc.version and known[1].text == doc.source:
            return known[1]
        judgement = judge(path, doc.source, self.folders(), self.options_for)
        self.judged[uri] = (doc.version, judgement)
        return judgement

    def diagnostic(self, finding: Any, lines: list[str], judgement: Judgement) -> t.Diagnostic:
        from ai_readiness.docs import help_uri

        span = finding.span
        start = to_protocol(lines, span.line, span.column, self.encoding)
        end = to_protocol(lines, span.end_line, span.end_column, self.encoding)
        rule = next((r for r in judgement.rules if r.id == finding.rule), None)
        href = help_uri(rule) if rule is not None else None
        return t.Diagnostic(
            range=t.Range(start=t.Position(*start), end=t.Position(*end)),
            message=plain(finding.message),
            severity=SEVERITIES[int(finding.severity)],
            code=finding.rule,
            code_description=t.CodeDescription(href=href) if href else None,
            source=NAME,
            # ATT002: an exception that waives nothing; editors grey it out
            tags=[t.DiagnosticTag.Unnecessary] if finding.rule == "ATT002" else None,
        )

    def publish(self, uri: str) -> None:
        judgement = self.judgement(uri)
        if judgement is None:
            return
        doc = self.workspace.get_text_document(uri)
        lines = lines_of(judgement.text)
        if judgement.error is not None:
            message = plain(f"ai-readiness: {judgement.error}")
            diagnostics = [
                t.Diagnostic(
                    range=t.Range(start=t.Position(0, 0), end=t.Position(0, units(lines[0], self.encoding))),
                    message=message,
                    severity=t.DiagnosticSeverity.Error,
                    source=NAME,
                )
            ]
            if self.errors.get(uri) != message:
                self.errors[uri] = message
                self.window_show_message(t.ShowMessageParams(type=t.MessageType.Error, message=message))
        else:
            self.errors.pop(uri, None)
            diagnostics = [self.diagnostic(f, lines, judgement) for f in judgement.findings if f.suppressed is None]
        self.text_document_publish_diagnostics(
            t.PublishDiagnosticsParams(uri=uri, version=doc.version, diagnostics=diagnostics)
        )

    def schedule(self, uri: str, delay: float) -> None:
        """Lint ``uri`` after ``delay`` seconds, replacing the lint already waiting for it."""
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()

        async def later() -> None:
            try:
                await asyncio.sleep(delay)
                self.publish(uri)
            except asyncio.CancelledError:
                raise
            except BrokenPipeError:  # the client is gone; the end of standard input stops the server
                log.warning("the client went away while diagnostics were sent")
            except Exception:  # a bug must not stop the server: log it, keep serving
                log.exception("linting %s failed", uri)
            finally:
                if self.pending.get(uri) is task:
                    del self.pending[uri]

        task = asyncio.get_running_loop().create_task(later())
        self.pending[uri] = task

    def forget(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.judged.pop(uri, None)
        self.errors.pop(uri, None)

    # -- code actions --------------------------------------------------------------------------

    def code_action(self, action: Action, uri: str, judgement: Judgement, version: int) -> t.CodeAction:
        lines = lines_of(judgement.text)
        enc = self.encoding
        edits = [
            t.TextEdit(
                range=t.Range(
                    start=t.Position(*to_protocol(lines, e.line, e.column, enc)),
                    end=t.Position(*to_protocol(lines, e.end_line, e.end_column, enc)),
                ),
                new_text=e.new,
            )
            for e in action.edits
        ]
        caps = self.client_capabilities.workspace
        versioned = bool(caps and caps.workspace_edit and caps.workspace_edit.document_changes)
        edit = None
        if action.disabled is None:
            if versioned:
                identifier = t.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
                edit = t.WorkspaceEdit(document_changes=[t.TextDocumentEdit(text_document=identifier, edits=edits)])
            else:
                edit = t.WorkspaceEdit(changes={uri: edits})
        return t.CodeAction(
            title=plain(action.title),
            kind=action.kind,
            diagnostics=[self.diagnostic(f, lines, judgement) for f in action.findings] or None,
            is_preferred=action.preferred or None,
            disabled=t.CodeActionDisabled(reason=plain(action.disabled)) if action.disabled else None,
            edit=edit,
        )


def build(debounce: float, options_for: OptionsFor) -> Server:
    server = Server(debounce, options_for)

    @server.feature(t.INITIALIZED)
    async def initialized(ls: Server, params: t.InitializedParams) -> None:
        caps = ls.client_capabilities.workspace
        if not (caps and caps.did_change_watched_files and caps.did_change_watched_files.dynamic_registration):
            return
        watchers = [t.FileSystemWatcher(glob_pattern=g) for g in WATCHED]
        registration = t.Registration(
            id="ai-readiness-watched-files",
            method=t.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=t.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
        )
        try:
            await ls.client_register_capability_async(t.RegistrationParams(registrations=[registration]))
        except Exception as exc:  # a client that refuses: documents are still linted as they change
            log.warning("the client did not register the file watchers: %s", exc)

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: Server, params: t.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: Server, params: t.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: Server, params: t.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.forget(uri)
        ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(t.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: Server, params: t.DidChangeWatchedFilesParams) -> None:
        for uri in list(ls.workspace.text_documents):
            ls.judged.pop(uri, None)
            ls.schedule(uri, ls.debounce)

    kinds = [t.CodeActionKind.QuickFix, t.CodeActionKind.RefactorRewrite, t.CodeActionKind.SourceFixAll]

    @server.feature(t.TEXT_DOCUMENT_CODE_ACTION, t.CodeActionOptions(code_action_kinds=kinds))
    def code_action(ls: Server, params: t.CodeActionParams) -> list[t.CodeAction] | None:
        uri = params.text_document.uri
        judgement = ls.judgement(uri)
        if judgement is None:
            return None
        doc = ls.workspace.get_text_document(uri)
        lines = lines_of(judgement.text)
        r = params.range
        first = from_protocol(lines, r.start.line, r.start.character, ls.encoding)
        last = from_protocol(lines, r.end.line, r.end.character, ls.encoding)
        only = params.context.only
        caps = ls.client_capabilities.text_document
        disabled_ok = bool(caps and caps.code_action and caps.code_action.disabled_support)
        out = []
        for action in actions_at(judgement, first, last):
            if only and not any(action.kind == k or action.kind.startswith(f"{k}.") for k in only):
                continue
            if action.disabled is not None and not disabled_ok:
                continue
            out.append(ls.code_action(action, uri, judgement, doc.version or 0))
        return out or None

    @server.feature(t.TEXT_DOCUMENT_HOVER)
    def hover(ls: Server, params: t.HoverParams) -> t.Hover | None:
        uri = params.text_document.uri
        judgement = ls.judgement(uri)
        if judgement is None or judgement.options is None:
            return None
        if len(judgement.text) > judgement.options.config.limits.max_file_bytes:
            return None
        lines = lines_of(judgement.text)
        line, column = from_protocol(lines, params.position.line, params.position.character, ls.encoding)
        key = key_at(judgement.text, line, column)
        if key is None:
            return None
        text = hover_text(key.dotted, judgement.rules)
        if text is None:
            return None
        s = key.span
        return t.Hover(
            contents=t.MarkupContent(kind=t.MarkupKind.Markdown, value=text),
            range=t.Range(
                start=t.Position(*to_protocol(lines, s.line, s.column, ls.encoding)),
                end=t.Position(*to_protocol(lines, s.end_line, s.end_column, ls.encoding)),
            ),
        )

    return server


class _Bounded(logging.Filter):
    """At most ``limit`` records per process (editors keep a server's standard error in a log
    file that nobody trims), then one line saying the rest is dropped."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.left = limit

    def filter(self, record: logging.LogRecord) -> bool:
        self.left -= 1
        if self.left == 0:
            record.msg, record.args, record.exc_info = "log limit reached: the rest is dropped", (), None
        return self.left >= 0


class _Short(logging.Formatter):
    def formatException(self, ei: Any) -> str:
        return super().formatException(ei)[-TRACEBACK_CHARS:]


def serve(debounce: float, options_for: OptionsFor) -> int:
    """Serve on standard input and output until the client exits or goes away; ``options_for``:
    the command line's options for a text that stands for a file."""
    # The protocol alone on standard output: pygls writes to a copy of it, and file descriptor 1
    # points at standard error, so a stray print or a child process (git) can't corrupt the stream.
    protocol_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Short(f"%(asctime)s %(levelname)s %(name)s: %(message).{MESSAGE_CHARS}s"))
    handler.addFilter(_Bounded(LOG_RECORDS))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)  # pygls logs every message it sends at INFO
    build(debounce, options_for).start_io(sys.stdin.buffer, protocol_out)
    return 0
