"""Scoring: per-domain risk, ratings, flags, actions and the verdict; and the monotone rule."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.bounds import sample_points
from readiness.loading import load_bank
from readiness.model import NUMERIC_TYPES, UNKNOWN, Answer, AnswerSet, Bank, Question
from readiness.scoring import Scorer

MakeBank = Callable[..., Path]
ROOT = Path(__file__).resolve().parents[1]


def answer_set(bank: Bank, values: dict[str, Any]) -> AnswerSet:
    return AnswerSet(bank=bank.id, answers={k: Answer(value=v) for k, v in values.items()})


@pytest.fixture
def mini(make_bank: MakeBank) -> Scorer:
    return Scorer(load_bank(make_bank()))


def test_safe_answers_are_ready(mini: Scorer) -> None:
    """No risk anywhere, every answer firm: ready, every domain green at 0."""
    result = mini.score(answer_set(mini.bank, {"q1": "yes", "q3": "full", "q4": 5}))
    assert result.verdict == "ready"
    assert [(d.id, d.score, d.rating) for d in result.domains] == [("trust", 0.0, "green"), ("service", 0.0, "green")]
    assert result.path == ["q1", "q3", "q4"]
    assert result.confidence == 1.0


def test_domain_score_is_points_over_the_most_possible(mini: Scorer) -> None:
    """Trust can collect at most 4 + 4 = 8 points; service 4 + 3 = 7."""
    result = mini.score(answer_set(mini.bank, {"q1": "no", "q2": 4, "q3": "partly", "q4": 20}))
    trust, service = result.domains
    assert (trust.points, trust.most, trust.score) == (5, 8, 62.5)
    assert (service.points, service.most, service.score) == (4, 7, 57.1)
    assert result.score == round((62.5 * 2 + 57.1 * 1) / 3, 1)


def test_critical_flag_makes_the_domain_red_and_the_verdict_not_ready(mini: Scorer) -> None:
    """A critical flag overrides an otherwise amber score."""
    result = mini.score(answer_set(mini.bank, {"q1": "no", "q2": 5, "q3": "full", "q4": 1}))
    trust = result.domains[0]
    assert trust.score == 62.5
    assert [f.id for f in result.flags] == ["no_trust"]
    assert result.verdict == "not_ready"


def test_missing_answers_count_as_dont_know_and_lower_confidence(mini: Scorer) -> None:
    """Questions on the path without an answer carry the don't-know risk and are marked missing."""
    result = mini.score(answer_set(mini.bank, {"q1": "yes"}))
    assert [(s.id, s.value, s.missing) for s in result.steps] == [
        ("q1", "yes", False),
        ("q3", UNKNOWN, True),
        ("q4", UNKNOWN, True),
    ]
    assert result.confidence == round(1 / 3, 3)
    assert result.domains[1].score == round(100 * 4 / 7, 1)
    assert result.verdict == "not_ready"


def test_answers_off_the_path_are_ignored_and_listed(mini: Scorer) -> None:
    """An answer to a skipped follow-up does not count, and the report says so."""
    result = mini.score(answer_set(mini.bank, {"q1": "yes", "q2": 1, "q3": "full", "q4": 1}))
    assert result.ignored == ["q2"]
    assert result.domains[0].points == 0


def test_actions_come_in_priority_order(mini: Scorer) -> None:
    """Triggered actions are listed, first priority first."""
    result = mini.score(answer_set(mini.bank, {"q1": "unknown"}))
    assert [a.id for a in result.actions] == ["build_trust"]


@pytest.mark.parametrize(
    ("name", "verdict"), [("well-prepared", "ready"), ("mixed", "ready_with_conditions"), ("fragile", "not_ready")]
)
def test_examples_reach_the_verdict_they_were_written_for(name: str, verdict: str) -> None:
    """Each example partnership scores to its intended verdict (and they reach all three)."""
    from readiness.answers import load_answers

    bank = load_bank()
    result = Scorer(bank).score(load_answers(ROOT / "examples" / f"{name}.yaml", bank).answers)
    assert result.verdict == verdict
    assert result.ignored == []


# --- monotone: a riskier answer never lowers any score -------------------------------------------

REAL = load_bank()
SCORER = Scorer(REAL)


def candidates(question: Question) -> list[Any]:
    if question.type in NUMERIC_TYPES:
        values: list[Any] = [int(v) if float(v).is_integer() else v for v in sample_points(question)]
    elif question.type == "text":
        values = ["A note."]
    elif question.type == "multi":
        values = [(o.value,) for o in question.options]
    else:
        values = [o.value for o in question.options]
    return [*values, UNKNOWN] if question.unknown else values


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_a_riskier_answer_never_lowers_a_score(data: st.DataObject) -> None:
    """Over random walks of the real bank: replace one answer on the path with a riskier option of
    the same question; no domain's score and not the overall score may go down, whatever the new
    answer does to the path."""
    answers = {q.id: data.draw(st.sampled_from(candidates(q))) for q in REAL.questions.values()}
    before = SCORER.score(answer_set(REAL, answers))
    qid = data.draw(st.sampled_from(before.path))
    question = REAL.questions[qid]
    riskier = [v for v in candidates(question) if question.risk_of(v) > question.risk_of(answers[qid])]
    if not riskier:
        return
    answers[qid] = data.draw(st.sampled_from(riskier))
    after = SCORER.score(answer_set(REAL, answers))
    for old, new in zip(before.domains, after.domains, strict=True):
        assert new.score >= old.score, (qid, old.id, old.score, new.score)
    assert after.score >= before.score


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_scores_stay_in_range(data: st.DataObject) -> None:
    """Every domain score lies between its best possible and 100, whatever the answers."""
    answers = {q.id: data.draw(st.sampled_from(candidates(q))) for q in REAL.questions.values()}
    result = SCORER.score(answer_set(REAL, answers))
    for domain in result.domains:
        assert domain.least <= domain.score <= 100
    assert 0 <= result.score <= 100
    assert 0 <= result.confidence <= 1
