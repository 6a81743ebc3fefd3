"""Option and configuration values that used to pass for something they are not: a `--select`
that names no rule (an unset CI variable) and digits of other scripts in dates and durations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ai_readiness.cli import main
from ai_readiness.dates import parse_date, parse_duration
from tests.conftest import EXAMPLES, TODAY


@pytest.fixture
def bad(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "ai-readiness.yaml").write_bytes((EXAMPLES / "bad" / "ai-readiness.yaml").read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("value", ["", " ", ",", " , ,", "\t"])
def test_a_select_that_names_no_rule_is_a_usage_error(bad: Path, capsys: Any, value: str) -> None:
    assert main(["lint", "--today", TODAY, "--select", value]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"ai-readiness: error: --select: {value!r} names no rule id; pass ids or prefixes such as EVAL001 or EVAL "
        "(leave --select out to run every rule)\n"
    ).replace("\t", "\\t")
    # one empty value among others is refused too: it is still a mistake
    assert main(["lint", "--today", TODAY, "--select", "EVAL", "--select", value]) == 2


@pytest.mark.parametrize("value", ["", " ", ","])
def test_an_empty_ignore_ignores_nothing(bad: Path, capsys: Any, value: str) -> None:
    assert main(["lint", "--today", TODAY, "--format", "json"]) == 1
    everything = capsys.readouterr().out
    assert main(["lint", "--today", TODAY, "--format", "json", "--ignore", value]) == 1
    assert capsys.readouterr().out == everything


@pytest.mark.parametrize("value", ["２０２６-01-01", "2026-0١-01", "٢٠٢٦-01-01", "2026-01-0𝟏"])
def test_today_takes_ascii_digits_only(bad: Path, capsys: Any, value: str) -> None:
    assert parse_date(value) is None
    assert main(["lint", "--today", value]) == 2
    assert "--today: expected a date YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["P٣D", "P３D", "PT١H", "P1Y٢M"])
def test_windows_take_ascii_digits_only(bad: Path, capsys: Any, value: str) -> None:
    assert parse_duration(value) is None
    (bad / ".ai-readiness.toml").write_text(f'[windows]\nred-team-max-age = "{value}"\n', encoding="utf-8")
    assert main(["lint", "--today", TODAY]) == 2
    assert "`windows.red-team-max-age` must be an ISO 8601 duration" in capsys.readouterr().err


def test_manifest_dates_in_other_digits_count_as_absent(tmp_path: Path, capsys: Any, monkeypatch: Any) -> None:
    """The schema refuses them (SCHEMA001); no rule reads them as a date."""
    text = (EXAMPLES / "production" / "ai-readiness.yaml").read_text(encoding="utf-8")
    assert "lastReviewed: 2026-" in text
    text = text.replace("lastReviewed: 2026-", "lastReviewed: ٢٠٢٦-", 1)
    (tmp_path / "ai-readiness.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["lint", "--today", TODAY, "--format", "json"])
    out = capsys.readouterr().out
    assert '"rule": "SCHEMA001"' in out and "/spec/review/lastReviewed" in out
    assert '"rule": "META002"' not in out
