"""A real LSP client over stdio for the language server's tests: pygls' LanguageClient running
`python -m ai_readiness lsp` in a subprocess. Skips without pygls, except under CI=true."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

try:
    from lsprotocol import types as t
    from pygls.lsp.client import LanguageClient
except ImportError:  # pragma: no cover - the extra is missing
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("pygls is not installed (pip install -e '.[lsp]')", allow_module_level=True)

__all__ = ["SERVER", "Client", "apply_edits", "edits_of", "run", "running", "t"]

SERVER = [sys.executable, "-m", "ai_readiness", "lsp"]


class Client(LanguageClient):
    def __init__(self) -> None:
        super().__init__("ai-readiness-tests", "0")
        self.diagnostics: dict[str, list[t.PublishDiagnosticsParams]] = {}
        self.messages: list[t.ShowMessageParams] = []
        self.registrations: list[t.Registration] = []
        self.stderr = bytearray()
        self.changed = asyncio.Event()

        @self.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)  # type: ignore[untyped-decorator]
        def _diagnostics(params: t.PublishDiagnosticsParams) -> None:
            self.diagnostics.setdefault(params.uri, []).append(params)
            self.changed.set()

        @self.feature(t.WINDOW_SHOW_MESSAGE)  # type: ignore[untyped-decorator]
        def _message(params: t.ShowMessageParams) -> None:
            self.messages.append(params)
            self.changed.set()

        # a request from the server: it must be answered
        @self.feature(t.CLIENT_REGISTER_CAPABILITY)  # type: ignore[untyped-decorator]
        def _register(params: t.RegistrationParams) -> None:
            self.registrations.extend(params.registrations)
            self.changed.set()

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            self.changed.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"condition not met; server stderr: {self.stderr[-2000:].decode(errors='replace')}")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.changed.wait(), remaining)

    async def drain(self) -> None:
        # start_io pipes the server's standard error and never reads it: a full pipe would block
        # the server, so read it here
        assert self._server is not None and self._server.stderr is not None
        while chunk := await self._server.stderr.read(65536):
            self.stderr += chunk

    def published(self, uri: str) -> list[t.PublishDiagnosticsParams]:
        return self.diagnostics.get(uri, [])

    async def next_diagnostics(self, uri: str, count: int) -> list[t.Diagnostic]:
        """The diagnostics of the first publication for ``uri`` after ``count`` of them."""
        await self.wait_for(lambda: len(self.published(uri)) > count)
        return list(self.published(uri)[count].diagnostics)

    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.text_document_did_open(
            t.DidOpenTextDocumentParams(
                text_document=t.TextDocumentItem(uri=uri, language_id="yaml", version=version, text=text)
            )
        )

    def change(self, uri: str, text: str, version: int) -> None:
        self.text_document_did_change(
            t.DidChangeTextDocumentParams(
                text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[t.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    def close(self, uri: str) -> None:
        self.text_document_did_close(t.DidCloseTextDocumentParams(text_document=t.TextDocumentIdentifier(uri=uri)))

    async def hover(self, uri: str, line: int, character: int) -> t.Hover | None:
        params = t.HoverParams(text_document=t.TextDocumentIdentifier(uri=uri), position=t.Position(line, character))
        return await asyncio.wait_for(self.text_document_hover_async(params), 20)

    async def actions(self, uri: str, start: t.Position, end: t.Position | None = None) -> list[t.CodeAction]:
        params = t.CodeActionParams(
            text_document=t.TextDocumentIdentifier(uri=uri),
            range=t.Range(start=start, end=end or start),
            context=t.CodeActionContext(diagnostics=[]),
        )
        found = await asyncio.wait_for(self.text_document_code_action_async(params), 20)
        return [a for a in found or [] if isinstance(a, t.CodeAction)]


def capabilities(encodings: list[str] | None = None) -> t.ClientCapabilities:
    return t.ClientCapabilities(
        general=t.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        workspace=t.WorkspaceClientCapabilities(
            did_change_watched_files=t.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True),
            workspace_edit=t.WorkspaceEditClientCapabilities(document_changes=True),
        ),
        text_document=t.TextDocumentClientCapabilities(
            publish_diagnostics=t.PublishDiagnosticsClientCapabilities(
                code_description_support=True,
                tag_support=t.ClientDiagnosticsTagOptions(value_set=[t.DiagnosticTag.Unnecessary]),
            ),
            code_action=t.CodeActionClientCapabilities(disabled_support=True),
        ),
    )


@contextlib.asynccontextmanager
async def running(
    workspace: Path, encodings: list[str] | None = None, debounce: int = 50
) -> AsyncIterator[tuple[Client, t.InitializeResult]]:
    client = Client()
    await client.start_io(*SERVER, "--debounce", str(debounce), cwd=str(workspace), env=dict(os.environ))
    drain = asyncio.ensure_future(client.drain())
    result = await asyncio.wait_for(
        client.initialize_async(
            t.InitializeParams(
                process_id=os.getpid(), root_uri=workspace.as_uri(), capabilities=capabilities(encodings)
            )
        ),
        30,
    )
    client.initialized(t.InitializedParams())
    try:
        yield client, result
    finally:
        if client._server is not None and client._server.returncode is None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(client.shutdown_async(None), 10)
            client.exit(None)
        await asyncio.wait_for(client.stop(), 20)  # type: ignore[no-untyped-call]
        drain.cancel()


def utf16_offset(text: str, position: t.Position) -> int:
    """The index in ``text`` of an LSP position in UTF-16 units (lines at LF, CRLF, CR)."""
    import re

    lines = re.split(r"(?<=\r\n)|(?<=\n)|(?<=\r)(?!\n)", text)
    index = sum(len(line) for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for i, char in enumerate(line):
        if units >= position.character:
            return index + i
        units += 2 if ord(char) > 0xFFFF else 1
    return index + len(line)


def apply_edits(text: str, edits: list[t.TextEdit]) -> str:
    """``text`` with an action's edits applied, as an editor applies them (UTF-16 positions)."""
    spans = sorted(
        ((utf16_offset(text, e.range.start), utf16_offset(text, e.range.end), e.new_text) for e in edits), reverse=True
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def edits_of(action: t.CodeAction) -> list[t.TextEdit]:
    assert action.edit is not None
    out: list[t.TextEdit] = []
    for change in action.edit.document_changes or []:
        assert isinstance(change, t.TextDocumentEdit)
        out += [e for e in change.edits if isinstance(e, t.TextEdit)]
    for edits in (action.edit.changes or {}).values():
        out += edits
    return out


def run(scenario: Callable[[], Any]) -> None:
    asyncio.run(scenario())
