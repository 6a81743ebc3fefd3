"""The README's worked example: a policy package (examples/policy-package) installed with pip into a
real virtual environment, found with `python:PACKAGE/FILE`, read and never imported.

pip builds the package (hatchling, from the package registry); where the registry can't be reached
the tests skip. The virtual environment sees ai-readiness and its dependencies through a `.pth`
file naming this checkout's `src/` and the running interpreter's site-packages.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import ROOT, make_repo

PACKAGE = ROOT / "examples" / "policy-package"
TIMEOUT = 600  # pip builds a wheel: generous, never a speed assertion
OFFLINE_SIGNS = ("Failed to establish a new connection", "No matching distribution found", "Could not find a version")

MANIFEST = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: support-assistant}
spec:
  type: rag-assistant
  stage: pilot
  owners: {technical: ["@acme/support-ml"], business: ["@acme/support"]}
  purpose: {intendedUse: Draft answers to support tickets., outOfScope: [legal advice]}
  risk: {tier: medium}
  review: {lastReviewed: 2026-11-01, cadence: P90D}
  data:
    sources:
      - {id: tickets, uri: "s3://acme/tickets", owner: "@acme/support", classification: internal,
         access: user-permissions, containsPii: true, freshness: {maxAge: P1D}}
  components:
    models: [{id: answer, provider: openai, model: gpt-4o}]
  evaluation:
    metrics: [{id: acc, kind: quality, direction: higher}]
    datasets: [{id: golden, path: "https://data.example.com/golden"}]
    thresholds: [{metric: acc, op: ">=", value: 0.8}]
  logging: {events: [request, output, model_version, retrieved_context], retention: P90D, piiRedaction: true}
"""


def _site_packages(venv: Path) -> Path:
    found = list((venv / "lib").glob("python*/site-packages")) or [venv / "Lib" / "site-packages"]
    return found[0]


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment with the example policy package installed by pip, as the Action's
    `policy-packages` input and pre-commit's `additional_dependencies` install it."""
    root = tmp_path_factory.mktemp("policy-venv")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PYTHON"))}
    subprocess.run([sys.executable, "-m", "venv", str(root / "venv")], check=True, timeout=TIMEOUT, env=env)
    python = root / "venv" / "bin" / "python"
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(PACKAGE)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        if any(sign in done.stdout + done.stderr for sign in OFFLINE_SIGNS):
            pytest.skip("the package registry can't be reached: pip can't build the policy package")
        raise AssertionError(done.stdout + done.stderr)
    # ai-readiness and its dependencies, from this checkout and this interpreter
    paths = [str(ROOT / "src"), *site.getsitepackages(), sysconfig.get_paths()["purelib"]]
    (_site_packages(root / "venv") / "zz_ai_readiness.pth").write_text("\n".join(dict.fromkeys(paths)) + "\n")
    return root / "venv"


def _run(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PYTHON"))}
    return subprocess.run(
        [str(venv / "bin" / "python"), "-I", "-m", "ai_readiness", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


@pytest.fixture
def consumer(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "assistants")
    (repo / ".ai-readiness.toml").write_text('extends = ["python:acme_ai_policy/policy.toml"]\n', encoding="utf-8")
    (repo / ".github").mkdir()
    (repo / ".github" / "CODEOWNERS").write_text("* @acme/support-ml\n", encoding="utf-8")
    (repo / "support").mkdir()
    (repo / "support" / "ai-readiness.yaml").write_text(MANIFEST, encoding="utf-8")
    return repo


def test_an_installed_policy_package_is_read_and_never_imported(venv: Path, consumer: Path) -> None:
    installed = _site_packages(venv) / "acme_ai_policy"
    assert (installed / "policy.toml").is_file()
    marker = consumer.parent / "imported"
    init = installed / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8") + f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")

    done = _run(venv, consumer, "lint", "--today", "2026-11-28")
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == [
        "support/ai-readiness.yaml:4:1: warning ACME001 spec.x-acme.dpia is missing (a link to the data protection "
        "impact assessment): required at pilot by policy acme (python:acme_ai_policy/policy.toml); this system is "
        "linted as pilot; an error from 2027-01-01",
        "support/ai-readiness.yaml:16:52: error DATA003 model 'answer' uses 'gpt-4o' without a pin, so the provider "
        "can change it underneath the evaluation: name a dated or versioned model (gpt-4o-2024-08-06, name@version, "
        "name:tag) or add `revision`",
    ]
    assert "ACME001" in done.stdout and "error DATA003" in done.stdout
    assert not marker.exists(), "the policy package's code ran"

    # the pack's lock binds the repository: DATA003 can't be turned off
    (consumer / ".ai-readiness.toml").write_text(
        'extends = ["python:acme_ai_policy/policy.toml"]\n[rules]\nDATA003 = "off"\n', encoding="utf-8"
    )
    done = _run(venv, consumer, "lint", "--today", "2026-11-28")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "ai-readiness: error: .ai-readiness.toml: `rules.DATA003` = 'off' loosens DATA003, which "
        "python:acme_ai_policy/policy.toml locks at error: a later layer may only raise it"
    )

    # `config` shows where each setting comes from
    (consumer / ".ai-readiness.toml").write_text('extends = ["python:acme_ai_policy/policy.toml"]\n', encoding="utf-8")
    done = _run(venv, consumer, "config", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [p["source"] for p in data["packs"]] == [
        "builtin:strict-waivers",
        "python:acme_ai_policy/policy.toml",
        ".ai-readiness.toml",
    ]
    assert data["settings"]["rules"]["DATA003"] == {"value": "error", "from": "python:acme_ai_policy/policy.toml"}
    assert [r["id"] for r in data["requirements"]] == ["ACME001", "ACME002"]
    assert not marker.exists()


def test_a_policy_flag_names_the_installed_pack(venv: Path, consumer: Path) -> None:
    (consumer / ".ai-readiness.toml").unlink()
    done = _run(venv, consumer, "lint", "--today", "2027-01-02", "--policy", "python:acme_ai_policy/policy.toml")
    assert done.returncode == 1
    assert "error ACME001" in done.stdout
    done = _run(venv, consumer, "lint", "--policy", "python:acme_ai_policy/../../x.toml")
    assert done.returncode == 2 and "lies outside the package's folder" in done.stderr


def test_the_readme_shows_the_example_package() -> None:
    """The README's worked example is the package tests install: the same pack, the same pyproject."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("acme_ai_policy/policy.toml", "pyproject.toml"):
        text = (PACKAGE / name).read_text(encoding="utf-8")
        assert f"```toml\n# examples/policy-package/{name}\n{text}```" in readme, name
