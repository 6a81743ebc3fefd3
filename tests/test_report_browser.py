"""The HTML page in a real browser: headless Chromium (Debian's `chromium` package, which .ci/run
installs) loads the page of the bundled examples, a page of hostile text and the page of a
10,000-system merge, over the DevTools protocol (tests/browser.py). It checks the rendered text,
that the page attempted no request at all (DevTools sees an attempt even when the page's CSP
blocks it), that the browser found nothing to complain about (no CSP violation), and that the page
reads the same with scripts off. Each test keeps a screenshot under its temporary folder, and the
layout figures go to `layout.json` beside it (and to the test's report properties)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import browser
from tests.conftest import TODAY
from tests.reporting import GITHUB_ENV, example_repo, run
from tests.test_report_html import HOSTILE

LAYOUT_BUDGET_MS = 3000


def _on_debian() -> bool:
    return Path("/etc/debian_version").exists()


@pytest.fixture(autouse=True)
def _chromium() -> None:
    if browser.available():
        return
    if os.environ.get("CI") == "true" and _on_debian():
        pytest.fail("Debian's chromium package is not installed: .ci/run installs it (apt-get install chromium)")
    pytest.skip("Debian's chromium package is not installed (/usr/lib/chromium/chromium)")


def _record(record_property: Callable[[str, Any], None], where: Path, name: str, loaded: browser.Loaded) -> None:
    figures = {
        "page": name,
        "navigate_to_load_s": round(loaded.load_s, 3),
        "load_event_end_ms": round(loaded.page["loadEventEnd"], 1),
        "forced_layout_ms": round(loaded.page["layoutMs"], 1),
        "layout_duration_s": round(loaded.metrics.get("LayoutDuration", 0.0), 3),
        "recalc_style_duration_s": round(loaded.metrics.get("RecalcStyleDuration", 0.0), 3),
        "layout_count": loaded.metrics.get("LayoutCount"),
    }
    (where / "layout.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    for key, value in figures.items():
        record_property(key, value)


def check_clean(loaded: browser.Loaded) -> None:
    assert loaded.requests == [], "the page tried to fetch something"
    assert loaded.issues == [], f"the browser reported issues (a CSP violation?): {loaded.issues}"
    assert loaded.console == [], loaded.console
    assert loaded.page["scripts"] == 1 and loaded.page["styles"] == 1 and loaded.page["styleAttributes"] == 0


def test_the_examples_page(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, record_property: Callable[[str, Any], None]
) -> None:
    for key, value in GITHUB_ENV.items():
        monkeypatch.setenv(key, value)
    _, text = run(
        example_repo(tmp_path), ["report", "examples", "--format", "html", "--today", TODAY], capsys, monkeypatch
    )
    page = tmp_path / "examples.html"
    page.write_text(text, encoding="utf-8")
    loaded = browser.load(page, screenshot=tmp_path / "examples.png")
    check_clean(loaded)
    rendered = loaded.page["text"]
    for words in ("AI readiness: acme/ai-systems", "Systems per stage", "support-answer-assistant", "refund-agent",
                  "contract-clause-classifier", "met → gaps", "gaps → gaps", "Gaps per system", "SCHEMA001",
                  "invalid stage", "missing data.sources (for pilot)", "Evaluation evidence by age"):  # fmt: skip
        assert words in rendered, words
    assert loaded.page["filterShown"]  # the script ran: its hash is in the CSP
    assert loaded.page["loadEventEnd"] < LAYOUT_BUDGET_MS
    _record(record_property, tmp_path, "examples", loaded)
    assert (tmp_path / "examples.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # scripts off: the same text, only the filter box (which the script adds) is missing
    off = browser.load(page, scripts=False, screenshot=tmp_path / "examples-no-script.png")
    check_clean(off)
    assert not off.page["filterShown"]
    assert off.page["text"].replace("\n", "") == rendered.replace("\n", "")


def test_hostile_text_stays_text_in_the_dom(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_report_html import test_hostile_text_of_a_report_file_stays_text

    test_hostile_text_of_a_report_file_stays_text(tmp_path, capsys, monkeypatch)  # writes hostile.html
    loaded = browser.load(tmp_path / "hostile.html", screenshot=tmp_path / "hostile.png")
    check_clean(loaded)  # one script and one style element: none came from the text
    texts = loaded.page["textNodes"]
    for key in ("name", "path", "rule", "reason", "approvedBy", "review"):
        assert any(f"{key}:{HOSTILE}" in t for t in texts), key
    assert loaded.page["title"] == "AI readiness"


def test_the_page_of_10000_systems(org_page: Path, tmp_path: Path, record_property: Callable[[str, Any], None]) -> None:
    loaded = browser.load(org_page, screenshot=tmp_path / "organisation-viewport.png", width=1400, height=1000)
    check_clean(loaded)
    rendered = loaded.page["text"]
    assert "10,000 systems in 500 repositories" in rendered
    assert "acme/service-000" in rendered and "Gaps per system" in rendered
    _record(record_property, tmp_path, "10,000 systems", loaded)
    assert loaded.page["loadEventEnd"] < LAYOUT_BUDGET_MS, (
        f"the page of 10,000 systems took {loaded.page['loadEventEnd']:.0f} ms to load and lay out"
    )
