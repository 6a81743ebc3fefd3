"""`report --format html`: one self-contained page (README "Organisation view"; docs/design.md,
"The HTML page"), read here with the standard library's HTML parser; tests/test_report_browser.py
loads the same pages in Chromium."""

from __future__ import annotations

import base64
import hashlib
import html.parser
import json
import re
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.cli import main
from ai_readiness.reporters import html as page_module
from tests.conftest import TODAY
from tests.reporting import GITHUB_ENV, example_repo, run

HOSTILE = '<script>alert(1)</script> " & </style><b>x'


class Page(html.parser.HTMLParser):
    """The elements, attributes and texts of a page, as an HTML parser builds them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self.raw[self._in].append(data)
        else:
            self.texts.append(data)

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.tags if t == tag)

    @property
    def text(self) -> str:
        return "".join(self.texts)


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def check_self_contained(text: str) -> Page:
    """The page fetches nothing and is styled by class only: a CSP of default-src 'none' with the
    hashes of its one style sheet and one script; no element that loads anything."""
    page = Page(text)
    assert page.count("script") == 1 and page.count("style") == 1
    (meta,) = [a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    policy = meta["content"] or ""
    (style,), (script,) = page.raw["style"], page.raw["script"]
    assert policy == (
        f"default-src 'none'; style-src {csp_hash(style)}; script-src {csp_hash(script)}; "
        "base-uri 'none'; form-action 'none'"
    )
    assert not any("style" in attrs for _, attrs in page.tags), "styling by class only"
    assert not any(tag in ("img", "link", "iframe", "object", "embed", "base", "form") for tag, _ in page.tags)
    assert not any(k in attrs for _, attrs in page.tags for k in ("src", "srcset", "action", "background"))
    assert not any(a.startswith("on") for _, attrs in page.tags for a in attrs)
    assert "url(" not in style and "@import" not in style
    hrefs = [attrs["href"] or "" for tag, attrs in page.tags if tag == "a"]
    assert all(h.startswith(("#", "https://")) for h in hrefs), hrefs
    assert len(text.encode("utf-8")) <= page_module.CAP
    return page


def html_report(cwd: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    _, out = run(cwd, ["report", "--format", "html", "--today", TODAY, *args], capsys, monkeypatch)
    return out


def test_the_examples_page(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GITHUB_ENV.items():
        monkeypatch.setenv(key, value)
    text = html_report(example_repo(tmp_path), capsys, monkeypatch, "examples")
    page = check_self_contained(text)
    words = page.text
    for heading in ("Systems per stage", "Systems × areas", "Exceptions ending within P30D", "Reviews due within P30D",
                    "Evaluation evidence by age", "Gaps per system"):  # fmt: skip
        assert heading in words
    for name in ("support-answer-assistant", "contract-clause-classifier", "refund-agent"):
        assert name in words
    # met and gaps in words as well as colour: each grid cell says it
    cells = re.findall(r"<td class=(m|g|mm|mg|gm|gg)>([a-z →]+)", text)
    assert cells and all(
        words.startswith("met" if cls[0] == "m" else "gaps") and (len(cls) == 1 or words.endswith(("met", "gaps")))
        for cls, words in cells
    )
    # gaps with their rule ids and locations, linked to the line in the commit
    blob = f"https://github.com/acme/ai-systems/blob/{GITHUB_ENV['GITHUB_SHA']}/"
    assert f'<a href="{blob}examples/bad/ai-readiness.yaml#L8">line 8</a> <b>SCHEMA001</b> invalid stage' in text
    assert "<b>STAGE001</b> missing data.sources <small>(for pilot)</small>" in text


def test_without_a_repository_address_nothing_is_linked(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = html_report(example_repo(tmp_path), capsys, monkeypatch, "examples")
    page = check_self_contained(text)
    assert not any(t == "a" and not (a["href"] or "").startswith("#") for t, a in page.tags)
    assert "line 8 <b>SCHEMA001</b>" in text


EXCEPTIONS = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: waived}
spec:
  type: other
  stage: prototype
  owners: {technical: ["@acme/ml"]}
  purpose: {intendedUse: x}
  review: {lastReviewed: 2026-09-01, cadence: P90D}
  evaluation: {lastRun: {date: 2026-05-01}}
  exceptions:
    - {rule: OWN002, reason: "Team forming.", approvedBy: "@acme/ciso", expires: 2026-12-01}
    - {rule: META001, reason: "Old waiver.", approvedBy: "@acme/ciso", expires: 2026-11-01}
"""


def test_exceptions_reviews_and_evidence(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ai-readiness.yaml").write_text(EXCEPTIONS, encoding="utf-8")
    text = html_report(tmp_path, capsys, monkeypatch)
    page = check_self_contained(text)
    words = page.text
    assert "OWN0022026-12-01 (in 3 days)@acme/ciscoTeam forming." not in words  # cells are separate
    assert "2026-12-01 (in 3 days)" in words and "Team forming." in words
    assert "expired 2026-11-01" in words and "Old waiver." in words
    assert "periodic review" in words and "2026-11-30" in words  # 2026-09-01 + P90D
    assert "2026-05-01 (211 days)" in words  # the evidence and its age on the report's date
    assert "over 180 days" in words


def test_hostile_text_from_a_manifest_stays_text(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / HOSTILE.replace("/", "|")
    folder.mkdir()
    (folder / "ai-readiness.yaml").write_text(
        "apiVersion: ai-readiness/v1\nkind: AISystem\nmetadata: {name: hostile}\n"
        f"spec:\n  type: other\n  stage: {json.dumps(HOSTILE)}\n  {json.dumps(HOSTILE)}: 1\n"
        f"  exceptions: [{{rule: OWN002, reason: {json.dumps(HOSTILE)}, approvedBy: '@acme/x', expires: 2026-12-01}}]\n",
        encoding="utf-8",
    )
    text = html_report(tmp_path, capsys, monkeypatch)
    page = check_self_contained(text)
    assert page.text.count(HOSTILE) >= 2
    assert page.text.count(HOSTILE.replace("/", "|")) >= 2  # the path, in the grid and the gaps


def hostile_report(template: dict[str, Any]) -> dict[str, Any]:
    """Every text of a report replaced by hostile text, but the dates (merge refuses other dates)
    and the keys the merge reads as numbers or booleans."""

    def spoil(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: spoil(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [spoil(v, key) for v in value]
        if isinstance(value, str) and key not in ("date", "lastRun", "redTeam", "expires", "due", "state"):
            return f"{key}:{HOSTILE}"
        return value

    spoiled: dict[str, Any] = spoil(template)
    return spoiled


def test_hostile_text_of_a_report_file_stays_text(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A merged page reads report files written anywhere: every text in them is hostile here."""
    repo = example_repo(tmp_path)
    _, out = run(repo, ["report", "examples", "--format", "json", "--today", TODAY], capsys, monkeypatch)
    document = json.loads(out)
    document["systems"][0]["exceptions"] = [
        {"rule": "OWN002", "reason": "r", "approvedBy": "a", "expires": "2026-12-01", "state": "expiring"}
    ]
    document["systems"][0]["reviewsDue"] = [
        {"review": "security", "pointer": "/x", "due": "2026-12-01", "overdue": False}
    ]
    spoiled = hostile_report(document)
    spoiled["repository"]["url"] = "javascript:alert(1)//"
    (tmp_path / "hostile.json").write_text(json.dumps(spoiled), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--merge", "--format", "html", "--output", "page.html", "hostile.json"]) == 0
    text = (tmp_path / "page.html").read_text(encoding="utf-8")
    page = check_self_contained(text)
    for key in ("name", "path", "rule", "message", "reason", "approvedBy", "review"):
        if key != "message":
            assert f"{key}:{HOSTILE}" in page.text, key
    assert "javascript:" not in "".join(a.get("href") or "" for _, a in page.tags)
    (tmp_path / "hostile.html").write_text(text, encoding="utf-8")


def test_escaping() -> None:
    esc = page_module.esc
    assert esc(HOSTILE) == "&lt;script&gt;alert(1)&lt;/script&gt; &quot; &amp; &lt;/style&gt;&lt;b&gt;x"
    assert esc("a\x00b\x1bc\x7f") == "a\ufffdb\ufffdc\ufffd"
    assert esc("it's") == "it&#39;s"
    assert esc("a\udcffb") == "a\\xffb"  # a file name byte that is not UTF-8, shown as elsewhere


def test_links_only_from_an_address_and_a_commit_of_the_expected_shape() -> None:
    base = page_module.blob_base
    sha = "0123456789abcdef0123456789abcdef01234567"
    assert base({"url": "https://github.com/acme/x", "commit": sha}) == f"https://github.com/acme/x/blob/{sha}/"
    for bad in (
        {"url": "javascript:alert(1)//x/y", "commit": sha},
        {"url": 'https://github.com/acme/x" onmouseover="x', "commit": sha},
        {"url": "https://github.com/acme/x", "commit": "main"},
        {"url": None, "commit": sha},
        {"url": "https://github.com/acme/x", "commit": None},
        None,
    ):
        assert base(bad) is None


# -- at scale ------------------------------------------------------------------------------------------


def test_10000_systems_fit_in_10_mb_with_the_same_number_of_gaps_each(org_page: Path) -> None:
    text = org_page.read_text(encoding="utf-8")
    page = check_self_contained(text)
    assert len(text.encode("utf-8")) <= 10_000_000
    shown = int(re.search(r"At most (\d+) per system", page.text).group(1))  # type: ignore[union-attr]
    assert 3 <= shown <= 20
    rows = re.findall(r"<tr><th>[^\n]*?<td><ol>(.*?)</ol>\n", text)
    assert len(rows) > 5000
    for row in rows:
        items = row.count("<li>")
        more = re.search(r"<li class=more>\+(\d+) more", row)
        assert items == shown if more else items <= shown
    assert "rows are left out" not in text  # every system is on the page
    assert text.count("<tr><th>") >= 2 * len(rows)  # the grid has every system too
    # long lists are laid out lazily, in tables of at most 200 rows
    tables = re.findall(r"<div class='lazy[^']*'><table[^>]*>.*?</table></div>", text, flags=re.S)
    assert len(tables) >= 2 * 10_000 // 200 and all(t.count("<tr>") <= 201 for t in tables)
    assert ".lazy{content-visibility:auto;" in text


def test_the_cap_leaves_rows_out_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the hard cap, rows are left out, never the end of the page, and a note says so."""
    system = {
        "path": "a/ai-readiness.yaml",
        "document": 0,
        "name": "a",
        "stage": "pilot",
        "type": "agent",
        "readiness": 0.5,
        "areas": [{"area": "data", "stage": "gaps", "next": "gaps", "gaps": ["x"]}],
        "findings": [
            {"rule": "STAGE001", "severity": "error", "message": "m", "path": "a/ai-readiness.yaml", "line": i,
             "pointer": f"/spec/x{i}", "area": "data", "stage": "pilot"}
            for i in range(1, 30)
        ],
    }  # fmt: skip
    report = {"version": 1, "repository": None, "date": TODAY, "systems": [dict(system) for _ in range(300)]}
    monkeypatch.setattr(page_module, "CAP", 100_000)
    text = page_module.render(report)
    assert len(text.encode("utf-8")) <= 100_000
    assert "rows are left out to keep this page within" in text and text.endswith("</html>\n")
    check_self_contained(text)
