"""Calibration on real partnerships (../shared/CASES.md): each case's situation before the
outcome, answered as a careful officer would, must surface what went wrong (ended cases) and
must not read "not ready" (running ones). Outcomes are never in the bank; they are only here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from readiness.answers import load_answers
from readiness.loading import load_bank
from readiness.scoring import Assessment, Scorer

CASES = Path(__file__).parent / "cases"
EXPECTED: dict[str, Any] = yaml.safe_load((CASES / "expected.yaml").read_text(encoding="utf-8"))
BANK = load_bank()
SCORER = Scorer(BANK)


def assess(name: str) -> Assessment:
    return SCORER.score(load_answers(CASES / name, BANK).answers)


def surfaced(a: Assessment) -> set[str]:
    """Every id the summary puts in front of the reader: the biggest risks and the answers
    behind them, the questions to find out first, and the possible flags that wait on those."""
    found = {r.id for r in a.top_risks} | {q for r in a.top_risks for q in r.because}
    asked = {f.question for f in a.find_out}
    found |= asked | {f.id for f in a.possible if set(f.because) & asked}
    return found


def first_three(a: Assessment) -> tuple[str, ...]:
    """What the summary puts first: the biggest risks, then what to find out, three in all."""
    return tuple([r.id for r in a.top_risks] + [f.question for f in a.find_out])[:3]


def test_every_case_file_is_expected_and_every_expectation_has_a_file() -> None:
    """The expectations and the answer files are the same fourteen cases."""
    assert sorted(EXPECTED) == sorted(p.name for p in CASES.glob("*.yaml") if p.name != "expected.yaml")
    assert len(EXPECTED) == 14


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e["status"] == "ended"))
def test_an_ended_case_surfaces_what_went_wrong(name: str) -> None:
    """Each "surface" item of an ended case is among the biggest risks or what to find out."""
    shown = surfaced(assess(name))
    missed = [item["item"] for item in EXPECTED[name]["surface"] if not shown & set(item["ids"])]
    assert missed == []


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e["status"] == "running"))
def test_a_running_case_does_not_read_not_ready(name: str) -> None:
    """A partnership that lasted is never "not ready" because someone did not know."""
    result = assess(name)
    assert result.verdict != "not_ready"
    if "verdict_fits" in EXPECTED[name]:
        assert result.verdict == EXPECTED[name]["verdict_fits"]


def test_the_cases_get_different_judgements() -> None:
    """Fourteen partnerships give at least eleven different lists of what comes first: the
    same three risks for every partnership would not be judgement."""
    lists = {first_three(assess(name)) for name in EXPECTED}
    assert len(lists) >= 11
