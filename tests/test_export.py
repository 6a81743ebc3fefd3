"""`ai-readiness export --format cyclonedx`: a CycloneDX 1.6 ML-BOM of the systems (README "export";
docs/design.md, "The CycloneDX export").

Every BOM a test writes is validated with cyclonedx-python-lib's strict JSON validator for 1.6,
plus the checks the schema cannot make (bom-refs unique, references resolving), by
tests/cdx_validate.py running in a separate environment: the library's json-validation extra
makes every `import jsonschema` slower and changes its format checks, so it never enters the test
process. `.ci/run` creates that environment and names its Python in AI_READINESS_CDX_PYTHON;
without it these tests skip, except under CI=true.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.cli import main
from ai_readiness.export import is_iri_reference
from tests.conftest import ROOT, TODAY
from tests.reporting import GITHUB_ENV, example_repo

CDX_PYTHON = os.environ.get("AI_READINESS_CDX_PYTHON")


class Validator:
    """tests/cdx_validate.py --serve in the cyclonedx-python-lib environment: one process for the
    whole session (its import takes a second or two)."""

    def __init__(self, python: str) -> None:
        self.process = subprocess.Popen(
            [python, str(ROOT / "tests" / "cdx_validate.py"), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def problems(self, path: Path) -> list[str]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{path}\n")
        self.process.stdin.flush()
        answer: list[str] = json.loads(self.process.stdout.readline())
        return answer

    def close(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()


@pytest.fixture(scope="session")
def validator() -> Iterator[Validator]:
    if not CDX_PYTHON:
        if os.environ.get("CI") == "true":
            pytest.fail("AI_READINESS_CDX_PYTHON is not set: .ci/run makes the cyclonedx-python-lib environment")
        pytest.skip("no cyclonedx-python-lib environment (AI_READINESS_CDX_PYTHON; .ci/run makes one)")
    running = Validator(CDX_PYTHON)
    yield running
    running.close()


def export(cwd: Path, args: list[str], capsys: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    capsys.readouterr()
    code = main(["export", *args])
    out, err = capsys.readouterr()
    return code, out, err


def valid_bom(validator: Validator, text: str, where: Path) -> dict[str, Any]:
    where.write_text(text, encoding="utf-8")
    assert validator.problems(where) == []
    bom: dict[str, Any] = json.loads(text)
    return bom


def properties(node: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p["name"], p["value"]) for p in node.get("properties", [])]


def test_the_production_example(
    validator: Validator, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in GITHUB_ENV.items():
        monkeypatch.setenv(key, value)
    repo = example_repo(tmp_path)
    code, out, err = export(repo, ["--format", "cyclonedx", "examples/production"], capsys, monkeypatch)
    assert code == 0 and err == ""
    bom = valid_bom(validator, out, tmp_path / "production.cdx.json")
    assert bom["specVersion"] == "1.6" and bom["bomFormat"] == "CycloneDX"
    assert "serialNumber" not in bom and "timestamp" not in bom["metadata"]
    assert ("ai-readiness:repository:commit", GITHUB_ENV["GITHUB_SHA"]) in properties(bom["metadata"])

    (app,) = bom["components"]
    assert (app["type"], app["bom-ref"], app["name"]) == (
        "application",
        "support-answer-assistant",
        "support-answer-assistant",
    )
    assert app["description"] == "Draft answers to customer questions from published help-centre articles."
    props = properties(app)
    for expected in [("ai-readiness:stage", "production"), ("ai-readiness:owner:business", "@acme/support-leads"),
                     ("ai-readiness:owner:technical", "@acme/support-ml"), ("ai-readiness:risk:tier", "medium"),
                     ("ai-readiness:risk:euAiAct", "limited"), ("ai-readiness:out-of-scope-use", "Account changes or refunds"),
                     ("ai-readiness:source", "examples/production/ai-readiness.yaml#0")]:  # fmt: skip
        assert expected in props
    children = {c["bom-ref"]: c for c in app["components"]}
    assert list(children) == [
        "support-answer-assistant/model/generator",
        "support-answer-assistant/model/embedder",
        "support-answer-assistant/model/reranker",
        "support-answer-assistant/data/help-centre",
        "support-answer-assistant/data/ticket-history",
        "support-answer-assistant/data/evaluation/golden-qa",
    ]
    generator = children["support-answer-assistant/model/generator"]
    assert (generator["type"], generator["name"], generator["publisher"]) == (
        "machine-learning-model",
        "gpt-4o-2024-08-06",
        "openai",
    )
    assert children["support-answer-assistant/model/embedder"]["version"] == "2024-01-25"
    metrics = [
        {"type": "answer_correctness", "value": ">= 0.85", "slice": "golden-qa"},
        {"type": "harmful_content_rate", "value": "<= 0.01", "slice": "golden-qa"},
        {"type": "p95_latency", "value": "<= 2500"},
    ]
    for model in ("generator", "embedder", "reranker"):  # the thresholds are copied to every model card
        card = children[f"support-answer-assistant/model/{model}"]["modelCard"]
        assert card["quantitativeAnalysis"]["performanceMetrics"] == metrics
        assert card["modelParameters"]["datasets"] == [{"ref": "support-answer-assistant/data/evaluation/golden-qa"}]
        assert card["considerations"]["useCases"] == [app["description"]]
        assert ("ai-readiness:threshold:p95_latency:gate", "monitor") in properties(card)
        assert ("ai-readiness:threshold:answer_correctness:golden-qa:gate", "release") in properties(card)
    tickets = children["support-answer-assistant/data/ticket-history"]["data"][0]
    assert tickets["classification"] == "confidential" and tickets["contents"] == {"url": "s3://acme-support/tickets"}
    assert tickets["governance"] == {"owners": [{"organization": {"name": "@acme/support-data"}}]}
    assert tickets["sensitiveData"] == ["personal data"]
    golden = children["support-answer-assistant/data/evaluation/golden-qa"]
    assert golden["version"] == "3" and ("ai-readiness:path", "eval/golden-qa.jsonl") in properties(golden)
    assert bom["dependencies"][0] == {"ref": "support-answer-assistant", "dependsOn": list(children)}

    # the same manifests give the same bytes
    assert export(repo, ["examples/production"], capsys, monkeypatch)[1] == out


THRESHOLDS = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: scorer}
spec:
  type: classifier
  stage: pilot
  components:
    models:
      - {id: m, provider: acme, model: scorer-v2, card: "docs/model card.md"}
      - {id: m, provider: acme, model: scorer-v3, card: https://models.example.com/scorer}
  data:
    sources:
      - {id: tickets, uri: "support tickets (Zendesk)", owner: "jane@example.com", classification: internal}
      - {id: lake, uri: "s3://lake/x y", owner: "group:default/data"}
  evaluation:
    metrics:
      - {id: auc, kind: quality, direction: higher}
      - {id: cost, kind: cost, direction: lower}
    datasets: [{id: holdout, path: eval/holdout.jsonl}, {id: live, path: "https://data.example.com/live"}]
    thresholds:
      - {metric: auc, op: ">=", value: 0.850, dataset: holdout}
      - {metric: cost, op: "<", value: 1e-3, gate: monitor}
      - {metric: auc, op: ">", value: 7, dataset: live}
"""


def test_values_keep_their_text_and_free_text_uris_become_properties(
    validator: Validator, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ai-readiness.yaml").write_text(THRESHOLDS, encoding="utf-8")
    code, out, _ = export(tmp_path, [], capsys, monkeypatch)
    assert code == 0
    bom = valid_bom(validator, out, tmp_path / "bom.json")
    (app,) = bom["components"]
    children = {c["bom-ref"]: c for c in app["components"]}
    # an id declared twice (EVAL002's) still gives distinct bom-refs
    assert "scorer/model/m" in children and "scorer/model/m#2" in children
    card = children["scorer/model/m"]["modelCard"]
    assert [m["value"] for m in card["quantitativeAnalysis"]["performanceMetrics"]] == [">= 0.850", "< 1e-3", "> 7"]
    assert ("ai-readiness:model-card", "docs/model card.md") in properties(card)  # a path: no url here
    assert children["scorer/model/m#2"]["externalReferences"] == [
        {"type": "model-card", "url": "https://models.example.com/scorer"}
    ]
    tickets = children["scorer/data/tickets"]
    assert "contents" not in tickets["data"][0]
    assert ("ai-readiness:uri", "support tickets (Zendesk)") in properties(tickets)
    assert tickets["data"][0]["governance"] == {"owners": [{"contact": {"name": "jane@example.com"}}]}
    assert ("ai-readiness:uri", "s3://lake/x y") in properties(children["scorer/data/lake"])
    assert children["scorer/data/evaluation/live"]["data"][0]["contents"] == {"url": "https://data.example.com/live"}


def test_repeated_names_use_the_place_of_each_system(
    validator: Validator, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """META003's duplicate names: every system of that name is known by path#document."""
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "ai-readiness.yaml").write_text(THRESHOLDS, encoding="utf-8")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "ai-readiness.yaml").write_text(
        THRESHOLDS.replace("name: scorer", "name: other"), encoding="utf-8"
    )
    _, out, _ = export(tmp_path, [], capsys, monkeypatch)
    bom = valid_bom(validator, out, tmp_path / "bom.json")
    assert [c["bom-ref"] for c in bom["components"]] == ["a/ai-readiness.yaml#0", "b/ai-readiness.yaml#0", "other"]
    assert bom["components"][0]["components"][0]["bom-ref"] == "a/ai-readiness.yaml#0/model/m"
    assert bom["components"][2]["components"][0]["bom-ref"] == "other/model/m"


def test_documents_that_cannot_be_read_are_left_out_with_a_note(
    validator: Validator, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "ai-readiness.yaml").write_text("spec: [unclosed\n", encoding="utf-8")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "ai-readiness.yaml").write_text(
        THRESHOLDS.replace("ai-readiness/v1", "ai-readiness/v0")
        + "---\n"
        + THRESHOLDS.replace("metadata: {name: scorer}", "metadata: {description: no name}"),
        encoding="utf-8",
    )
    (tmp_path / "kept").mkdir()  # a schema error elsewhere only drops that value
    (tmp_path / "kept" / "ai-readiness.yaml").write_text(
        THRESHOLDS.replace("stage: pilot", "stage: launched"), encoding="utf-8"
    )
    code, out, err = export(tmp_path, [], capsys, monkeypatch)
    assert code == 0
    assert "note: broken/ai-readiness.yaml: left out of the export: the file is not valid YAML" in err
    assert "note: old/ai-readiness.yaml#0: left out of the export" in err
    assert "note: old/ai-readiness.yaml#1: left out of the export" in err
    bom = valid_bom(validator, out, tmp_path / "bom.json")
    (app,) = bom["components"]
    assert app["bom-ref"] == "scorer" and not any(n == "ai-readiness:stage" for n, _ in properties(app))


def test_no_system_is_an_empty_bom(
    validator: Validator, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty").mkdir()
    code, out, _ = export(tmp_path / "empty", [], capsys, monkeypatch)
    assert code == 0 and valid_bom(validator, out, tmp_path / "bom.json")["components"] == []


def test_export_writes_a_file_and_refuses_other_formats(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ai-readiness.yaml").write_text(THRESHOLDS, encoding="utf-8")
    assert export(tmp_path, ["--output", "bom.json"], capsys, monkeypatch)[0] == 0
    assert json.loads((tmp_path / "bom.json").read_text(encoding="utf-8"))["components"][0]["name"] == "scorer"
    code, _, err = export(tmp_path, ["--format", "spdx"], capsys, monkeypatch)
    assert code == 2 and "'spdx' is not 'cyclonedx'" in err


IRI_CASES = [
    "https://example.com/a/b?c=d#e",
    "s3://bucket/key with space",
    "s3://bucket/key",
    "eval/golden.jsonl",
    "./eval/golden.jsonl",
    "../x",
    "/abs/path",
    "mailto:team@example.com",
    "urn:isbn:0451450523",
    "datadog:support.metric",
    "https://例え.jp/パス",
    "https://example.com/%E2%82%AC",
    "https://example.com/%zz",
    "http://[::1]/x",
    "https://user:pass@host:8080/p",
    "C:\\data\\x",
    "a:b:c",
    ":nothing",
    "#fragment",
    "?query",
    "//host/path",
    "support tickets (Zendesk)",
    "x<y",
    "a`b",
    'a"b',
    "tab\there",
    "http://host:port/",
    "ünïcödé/päth",
    "\U0001f600/x",
]


def test_the_iri_check_agrees_with_the_validator(
    validator: Validator, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every text that `is_iri_reference` accepts is one the strict validator accepts as a `url`
    (the check may refuse more than it must: such a text becomes a property, which loses nothing)."""
    accepted = [text for text in IRI_CASES if is_iri_reference(text)]
    assert "support tickets (Zendesk)" not in accepted and "s3://bucket/key" in accepted
    assert "https://例え.jp/パス" in accepted and "http://[::1]/x" not in accepted  # IP literals: refused
    rng = random.Random(2026)  # and texts made of the characters that matter, from a fixed seed
    alphabet = [*"abcXYZ019-._~!$&'()*+,;=:@/?#[]%<> \"{}|\\^`", "%41", "%zz", "é", "\u00a0", "\ufdd0", "\ue000",
                "\U0001f600", "\u200b", "\ufffe"]  # fmt: skip
    for _ in range(3000):
        text = rng.choice(["http://", "s3://", "a:", "//", "/", "", "", ""]) + "".join(
            rng.choice(alphabet) for _ in range(rng.randint(1, 12))
        )
        if is_iri_reference(text):
            accepted.append(text)
    assert len(accepted) > 200
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "components": [
            {
                "type": "data",
                "bom-ref": f"d{i}",
                "name": f"d{i}",
                "data": [{"type": "dataset", "contents": {"url": text}}],
            }
            for i, text in enumerate(accepted)
        ],
    }
    path = tmp_path / "iri.json"
    path.write_text(json.dumps(bom), encoding="utf-8")
    assert validator.problems(path) == []


def test_the_bom_of_many_repositories_systems(
    validator: Validator, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundled examples together (the bad one included, whose envelope is valid)."""
    repo = example_repo(tmp_path)
    code, out, err = export(repo, ["examples"], capsys, monkeypatch)
    assert code == 0 and err == ""
    bom = valid_bom(validator, out, tmp_path / "examples.cdx.json")
    assert [c["bom-ref"] for c in bom["components"]] == [
        "refund-agent",
        "support-answer-assistant",
        "contract-clause-classifier",
    ]
    assert bom["components"][0]["properties"][0] == {"name": "ai-readiness:type", "value": "agent"}
    assert TODAY  # the export does not depend on the date


def test_many_files_are_exported_in_parallel_with_the_answer_of_one_process(tmp_path: Path) -> None:
    """Over many files the export runs on every core: the same bytes and notes as one process,
    with repeated names known by their place, a repeated id within a system, a broken file left
    out with its note, and a file holding the stand-in's characters sending it to one process."""
    import datetime as dt

    from ai_readiness.config import Config
    from ai_readiness.discovery import find_root
    from ai_readiness.engine import Options
    from ai_readiness.export import cyclonedx

    today = dt.date.fromisoformat(TODAY)

    text = (ROOT / "examples" / "production" / "ai-readiness.yaml").read_text(encoding="utf-8")
    for i in range(330):
        folder = tmp_path / f"s{i:03d}"
        folder.mkdir()
        name = "twin" if i % 50 == 7 else f"system-{i}"  # seven systems share a name
        (folder / "ai-readiness.yaml").write_text(text.replace("support-answer-assistant", name), encoding="utf-8")
    (tmp_path / "s005" / "ai-readiness.yaml").write_text("spec: [\n", encoding="utf-8")
    runs = {}
    for jobs in (1, 2):
        options = Options(paths=["."], cwd=tmp_path, root=find_root(tmp_path), config=Config(), today=today, jobs=jobs)
        runs[jobs] = cyclonedx(options)
    assert runs[2] == runs[1]
    bom = json.loads(runs[2][0])
    refs = [c["bom-ref"] for c in bom["components"]]
    assert len(refs) == 329 and "s007/ai-readiness.yaml#0" in refs and "system-8" in refs
    assert any("s005/ai-readiness.yaml: left out of the export" in note for note in runs[2][1])
    # a manifest holding a private-use character of the stand-in: the one-process answer
    (tmp_path / "s010" / "ai-readiness.yaml").write_text(
        text.replace("support-answer-assistant", "system-10").replace("Draft answers", "Draft \ue000answers"),
        encoding="utf-8",
    )
    options = Options(paths=["."], cwd=tmp_path, root=find_root(tmp_path), config=Config(), today=today, jobs=2)
    together = cyclonedx(options)
    assert together == cyclonedx(options._replace(jobs=1)) and "Draft \ue000answers" in together[0]
