"""Headless Chromium, driven over the DevTools protocol on a pipe, with the standard library only.

Debian's `chromium` package: `/usr/lib/chromium/chromium` is the browser (`/usr/bin/chromium` is a
shell wrapper that adds flags). Run as root it needs `--no-sandbox`. With `--remote-debugging-pipe`
it reads NUL-terminated JSON commands on file descriptor 3 and writes replies and events on 4.

Requests are judged from the page's own DevTools session (`Network.requestWillBeSent`), which sees
an attempt even when the page's Content-Security-Policy blocks it, and never sees the browser's own
traffic (update checks and the like, which a net log would mix in).
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/lib/chromium/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--mute-audio",
]


def available() -> bool:
    return os.access(CHROMIUM, os.X_OK) and shutil.which("chromium") is not None


class Browser:
    def __init__(self, width: int = 1280, height: int = 1024) -> None:
        self.profile = tempfile.TemporaryDirectory(prefix="ai-readiness-chromium-")
        to_child, self._write_end = os.pipe()
        self._read_end, from_child = os.pipe()

        def child_fds() -> None:  # in the child, between fork and exec
            # moved out of the way first, in case a pipe end is already 3 or 4
            r = fcntl.fcntl(to_child, fcntl.F_DUPFD, 10)
            w = fcntl.fcntl(from_child, fcntl.F_DUPFD, 10)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self.proc = subprocess.Popen(
            [
                CHROMIUM,
                *FLAGS,
                f"--user-data-dir={self.profile.name}",
                f"--window-size={width},{height}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=child_fds,
            close_fds=False,  # closing would shut 3 and 4 after preexec_fn; Python's own fds are O_CLOEXEC
        )
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read_end], [], [], left)[0]:
                raise TimeoutError("no message from chromium")
            chunk = os.read(self._read_end, 1 << 20)
            if not chunk:
                raise EOFError("chromium closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> Any:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._write_end, data) :]
        deadline = time.monotonic() + 120
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def wait_for(self, method: str, session: str, timeout: float = 120) -> dict[str, Any]:
        for index, event in enumerate(self.events):
            if event.get("method") == method and event.get("sessionId") == session:
                return self.events.pop(index)
        deadline = time.monotonic() + timeout
        while True:
            event = self._read(deadline)
            if event.get("method") == method and event.get("sessionId") == session:
                return event
            self.events.append(event)

    def close(self) -> None:
        with contextlib.suppress(Exception):  # already gone: the process is reaped below either way
            self.send("Browser.close")
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._write_end)
        os.close(self._read_end)
        self.profile.cleanup()


class Loaded:
    """What loading a page gave: the requests it attempted, what the browser complained about,
    its text and DOM facts, and how long it took."""

    def __init__(self, **facts: Any) -> None:
        self.requests: list[str] = facts["requests"]
        self.issues: list[str] = facts["issues"]
        self.console: list[str] = facts["console"]
        self.page: dict[str, Any] = facts["page"]
        self.load_s: float = facts["load_s"]
        self.metrics: dict[str, float] = facts["metrics"]


# What the page's DOM holds, read after `load` (a full style and layout pass forced first).
PAGE_FACTS = """(() => {
  const t0 = performance.now();
  document.body.getBoundingClientRect();
  const layoutMs = performance.now() - t0;
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    loadEventEnd: nav.loadEventEnd,
    layoutMs,
    text: document.body.innerText,
    title: document.title,
    scripts: document.scripts.length,
    styles: document.querySelectorAll('style').length,
    elements: document.getElementsByTagName('*').length,
    styleAttributes: document.querySelectorAll('[style]').length,
    filterShown: !!document.querySelector('#filter input'),
    textNodes: Array.from(document.querySelectorAll('th, td, li, h1, title, p')).map(e => e.textContent),
  };
})()"""


def load(
    page: Path,
    *,
    screenshot: Path | None = None,
    scripts: bool = True,
    width: int = 1280,
    height: int = 1024,
    facts: str = PAGE_FACTS,
) -> Loaded:
    browser = Browser(width, height)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Network", "Log", "Runtime", "Performance", "Audits"):
            browser.send(f"{domain}.enable", session=session)
        if not scripts:  # the page's scripts off; DevTools' own evaluation still works
            browser.send("Emulation.setScriptExecutionDisabled", {"value": True}, session=session)
        url = page.resolve().as_uri()
        start = time.monotonic()
        browser.send("Page.navigate", {"url": url}, session=session)
        browser.wait_for("Page.loadEventFired", session)
        load_s = time.monotonic() - start
        result = browser.send("Runtime.evaluate", {"expression": facts, "returnByValue": True}, session=session)
        metrics = {m["name"]: m["value"] for m in browser.send("Performance.getMetrics", session=session)["metrics"]}
        if screenshot is not None:
            shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
            screenshot.write_bytes(base64.b64decode(shot["data"]))
        events = [e for e in browser.events if e.get("sessionId") == session]
        return Loaded(
            requests=[
                e["params"]["request"]["url"]
                for e in events
                if e["method"] == "Network.requestWillBeSent" and e["params"]["request"]["url"] != url
            ],
            issues=[e["params"]["issue"]["code"] for e in events if e["method"] == "Audits.issueAdded"],
            console=[e["params"]["entry"]["text"] for e in events if e["method"] == "Log.entryAdded"],
            page=result["result"].get("value", {}),
            load_s=load_s,
            metrics=metrics,
        )
    finally:
        browser.close()
