"""The wheel carries the schema: installed for real, found with importlib.resources (issue: the
schema ships inside the wheel)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{done.stdout}\n{done.stderr}")
    (built,) = out.glob("ai_readiness-*.whl")
    return built


def test_wheel_contains_the_schema_and_no_tests(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "ai_readiness/schemas/ai-readiness.schema.json" in names
    assert "ai_readiness/cli.py" in names
    assert not any(n.startswith("tests/") for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "ai-readiness = ai_readiness.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_finds_the_schema_with_importlib_resources(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site), str(wheel)], check=True
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = (
        "import importlib.resources as r, ai_readiness;"
        "print(ai_readiness.__file__);"
        "print(r.files('ai_readiness').joinpath('schemas/ai-readiness.schema.json').read_text(encoding='utf-8'), end='')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, check=True
    )
    location, _, schema_text = done.stdout.partition("\n")
    assert location.startswith(str(site))
    assert schema_text == (ROOT / "schemas" / "ai-readiness.schema.json").read_text(encoding="utf-8")
    printed = subprocess.run(
        [sys.executable, "-m", "ai_readiness", "schema"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    assert printed.stdout == schema_text
