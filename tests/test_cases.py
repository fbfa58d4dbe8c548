"""Calibration on real partnerships (../shared/CASES.md, tests/cases/): each case's situation
before the outcome, answered as a careful officer would. The files must be sound and land on the
bank's questions; the judgement must surface what went wrong in the ended cases and must not read
"not ready" for the running ones. Outcomes are never in the bank; they are only here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from readiness.answers import load_answers
from readiness.engine import on_path
from readiness.loading import load_bank
from readiness.scoring import Assessment, Scorer

CASES = Path(__file__).parent / "cases"
EXPECTED: dict[str, Any] = yaml.safe_load((CASES / "expected.yaml").read_text(encoding="utf-8"))
OPENING = ("arrangement", "main_aim", "num_councils")
BANK = load_bank()
SCORER = Scorer(BANK)
ENDED = sorted(n for n, e in EXPECTED.items() if e["status"] == "ended" and not e.get("intended_end"))
INTENDED = sorted(n for n, e in EXPECTED.items() if e.get("intended_end"))
RUNNING = sorted(n for n, e in EXPECTED.items() if e["status"] == "running")


def assess(name: str) -> Assessment:
    return SCORER.score(load_answers(CASES / name, BANK).answers)


def surfaced(a: Assessment) -> set[str]:
    """Every id the summary puts in front of the reader: the biggest risks and the answers
    behind them, what is already settled, the questions to find out first, and the possible
    flags that wait on those."""
    found = {r.id for r in a.top_risks} | {q for r in a.top_risks for q in r.because} | {s.id for s in a.settled}
    asked = {f.question for f in a.find_out}
    return found | asked | {f.id for f in a.possible if set(f.because) & asked}


def first_three(a: Assessment) -> tuple[str, ...]:
    """What the summary puts first: the biggest risks, then what to find out, three in all."""
    return tuple([r.id for r in a.top_risks] + [f.question for f in a.find_out])[:3]


def test_there_is_a_file_for_each_of_the_fourteen_cases() -> None:
    """Five running (R1-R5) and nine ended (E1-E9), each listed once in expected.yaml."""
    files = sorted(p.name for p in CASES.glob("*.yaml") if p.name != "expected.yaml")
    assert files == sorted(EXPECTED)
    assert sorted(n[:2] for n in files) == sorted([f"r{i}" for i in range(1, 6)] + [f"e{i}" for i in range(1, 10)])
    assert {n: EXPECTED[n]["status"] for n in files} == {n: "running" if n[0] == "r" else "ended" for n in files}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_firm_fact_lands_on_the_path(name: str) -> None:
    """The three opening questions are answered, and no answer is left off the path (ignored)."""
    answers = load_answers(CASES / name, BANK).answers.values()
    assert all(q in answers for q in OPENING)
    assert sorted(set(answers) - set(on_path(BANK, answers))) == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_surface_ids_are_in_the_bank_and_on_the_path(name: str) -> None:
    """Each surface item names ids the bank has, and at least one of them is on the case's path."""
    path = on_path(BANK, load_answers(CASES / name, BANK).answers.values())
    known = set(BANK.questions) | {f.id for f in BANK.flags} | {a.id for a in BANK.actions}
    for entry in EXPECTED[name]["surface"]:
        assert set(entry["ids"]) <= known, entry
        assert any(i in path for i in entry["ids"]) or not set(entry["ids"]) & set(BANK.questions), entry


@pytest.mark.parametrize("name", ENDED)
def test_an_ended_case_surfaces_what_went_wrong(name: str) -> None:
    """Each "surface" item of an ended case is among the biggest risks or what to find out."""
    shown = surfaced(assess(name))
    missed = [item["item"] for item in EXPECTED[name]["surface"] if not shown & set(item["ids"])]
    assert missed == []


@pytest.mark.parametrize("name", RUNNING)
def test_a_running_case_does_not_read_not_ready(name: str) -> None:
    """A partnership that lasted is never "not ready" because someone did not know, nor because
    of a difference it managed (other parties in control, an unequal split, a trial)."""
    result = assess(name)
    assert result.verdict != "not_ready"
    assert [f.id for f in result.raised if f.severity == "critical"] == []
    if "verdict_fits" in EXPECTED[name]:
        assert result.best == EXPECTED[name]["verdict_fits"]


@pytest.mark.parametrize("name", INTENDED)
def test_an_intended_end_reads_as_planned(name: str) -> None:
    """A partnership that ended as planned is not read as a failure: no "not ready", and what it
    got right (a planned end, its purpose) stands in the report as firm answers that carry no risk."""
    result = assess(name)
    assert result.verdict != "not_ready"
    steps = {s.id: s for s in result.steps}
    for entry in EXPECTED[name]["surface"]:
        firm = [i for i in entry["ids"] if i in steps and not steps[i].unknown]
        assert firm, entry
        assert all(steps[i].risk == 0 for i in firm), entry


def test_the_cases_get_different_judgements() -> None:
    """Fourteen partnerships give at least eleven different lists of what comes first: the
    same three risks for every partnership would not be judgement."""
    lists = {first_three(assess(name)) for name in EXPECTED}
    assert len(lists) >= 11
