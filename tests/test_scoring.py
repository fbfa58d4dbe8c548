"""Scoring: per-domain risk, ratings, flags, actions and the verdict; and the monotone rule."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import examples
from readiness.bounds import sample_points
from readiness.loading import load_bank
from readiness.model import NUMERIC_TYPES, UNKNOWN, Answer, AnswerSet, Bank, Question
from readiness.scoring import VERDICT_ORDER, Scorer

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
    """Trust can collect at most 4 + 4 = 8 points; service 4 + 3 = 7. The overall score is the
    weighted mean in exact arithmetic, rounded once: (2 × 5/8 + 1 × 4/7) / 3 = 60.71… → 60.7."""
    result = mini.score(answer_set(mini.bank, {"q1": "no", "q2": 4, "q3": "partly", "q4": 20}))
    trust, service = result.domains
    assert (trust.low, trust.high, trust.most, trust.score, trust.range) == (5, 5, 8, 62.5, (62.5, 62.5))
    assert (service.low, service.most, service.score) == (4, 7, 57.1)
    assert result.score == 60.7
    assert result.score_range == (60.7, 60.7)


def test_rounding_is_half_up_once() -> None:
    """Scores round half up to one decimal from the exact fraction, never through a float sum."""
    from fractions import Fraction

    from readiness.scoring import percent, round_tenth

    assert percent(1, 8) == 12.5
    assert percent(1, 16) == 6.3  # 6.25 exactly: half up, where round() would give 6.2
    assert percent(1, 3) == 33.3
    assert round_tenth(Fraction(4, 80)) == 0.1  # 0.05 exactly
    assert percent(0, 0) == 0.0


def test_critical_flag_makes_the_domain_red_and_the_verdict_not_ready(mini: Scorer) -> None:
    """A critical flag raised by firm answers overrides an otherwise amber score."""
    result = mini.score(answer_set(mini.bank, {"q1": "no", "q2": 5, "q3": "full", "q4": 1}))
    trust = result.domains[0]
    assert trust.score == 62.5
    assert [(f.id, f.status) for f in result.flags] == [("no_trust", "raised")]
    assert result.verdict == "not_ready"
    assert result.verdict_range is None


def test_dont_know_widens_the_range_and_carries_no_points(mini: Scorer) -> None:
    """Gaps count as "don't know": no points of their own, but the domain's range spans every
    answer they could get (service: 0 + 0 up to 4 + 3 of 7)."""
    result = mini.score(answer_set(mini.bank, {"q1": "yes"}))
    assert [(s.id, s.value, s.missing, s.risk) for s in result.steps] == [
        ("q1", "yes", False, 0),
        ("q3", UNKNOWN, True, 0),
        ("q4", UNKNOWN, True, 0),
    ]
    trust, service = result.domains
    assert (trust.range, trust.rating) == ((0.0, 0.0), "green")
    assert (service.low, service.high, service.range, service.rating) == (0, 7, (0.0, 100.0), "green-red")
    assert service.rests_on == ("q3", "q4")
    assert result.confidence == round(1 / 3, 3)


def test_too_little_known_is_its_own_verdict(mini: Scorer) -> None:
    """Under half the path answered firmly and nothing firm against it: not enough known, with
    the verdicts the unknowns could lead to."""
    result = mini.score(answer_set(mini.bank, {"q1": "yes"}))
    assert result.verdict == "not_enough_known"
    assert result.verdict_range == ("ready", "not_ready")


def test_unknowns_that_could_worsen_it_cap_ready_at_conditions(mini: Scorer) -> None:
    """Two thirds firm and all green, but the distance could still be far: ready with conditions."""
    result = mini.score(answer_set(mini.bank, {"q1": "yes", "q3": "full"}))
    assert result.verdict == "ready_with_conditions"
    assert result.verdict_range == ("ready", "ready_with_conditions")
    assert result.domains[1].rating == "green-amber"


def test_firm_answers_alone_decide_not_ready(mini: Scorer) -> None:
    """Not ready needs firm evidence: with trust unknown the critical flag is only possible."""
    result = mini.score(answer_set(mini.bank, {"q1": "unknown", "q3": "full", "q4": 1}))
    assert [(f.id, f.status, f.because) for f in result.flags] == [("no_trust", "possible", ("q1",))]
    assert result.verdict == "ready_with_conditions"
    assert result.verdict_range == ("ready", "not_ready")
    assert result.domains[0].rating == "green-red"


def test_answers_off_the_path_are_ignored_and_listed(mini: Scorer) -> None:
    """An answer to a skipped follow-up does not count, and the report says so."""
    result = mini.score(answer_set(mini.bank, {"q1": "yes", "q2": 1, "q3": "full", "q4": 1}))
    assert result.ignored == ["q2"]
    assert (result.domains[0].low, result.domains[0].high) == (0, 0)


def test_actions_prompted_only_by_dont_know_are_to_find_out(mini: Scorer) -> None:
    """An action whose condition waits on a "don't know" is not one to do: its question is one
    to find out first."""
    result = mini.score(answer_set(mini.bank, {"q1": "unknown"}))
    assert result.actions == []
    assert [a.id for a in result.possible_actions] == ["build_trust"]
    assert result.find_out[0].question == "q1"
    assert result.find_out[0].moves_verdict


def test_top_risks_come_from_firm_evidence(mini: Scorer) -> None:
    """Raised flags first, then firm answers by risk and weight; never a "don't know"."""
    result = mini.score(answer_set(mini.bank, {"q1": "no", "q2": 1, "q3": "unknown", "q4": 40}))
    assert [(r.kind, r.id) for r in result.top_risks] == [("flag", "no_trust"), ("answer", "q2"), ("answer", "q4")]
    assert [f.question for f in result.find_out] == ["q3"]


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


def _ends(domain: Any) -> tuple[float, float]:
    return domain.range


@settings(max_examples=examples(300), deadline=None)
@given(data=st.data())
def test_a_riskier_answer_never_lowers_either_end(data: st.DataObject) -> None:
    """Over random answers to the real bank ("don't know" among them): replace one firm answer on
    the path with a riskier option of the same question; neither end of any domain's range nor
    of the overall score may go down, and neither end of the verdict may improve."""
    answers = {q.id: data.draw(st.sampled_from(candidates(q))) for q in REAL.questions.values()}
    before = SCORER.score(answer_set(REAL, answers))
    qid = data.draw(st.sampled_from(before.path))
    question = REAL.questions[qid]
    if answers[qid] == UNKNOWN:
        return
    riskier = [v for v in candidates(question) if v != UNKNOWN and question.risk_of(v) > question.risk_of(answers[qid])]
    if not riskier:
        return
    answers[qid] = data.draw(st.sampled_from(riskier))
    after = SCORER.score(answer_set(REAL, answers))
    for old, new in zip(before.domains, after.domains, strict=True):
        assert new.range[0] >= old.range[0], (qid, old.id, old.range, new.range)
        assert new.range[1] >= old.range[1], (qid, old.id, old.range, new.range)
    assert after.score_range[0] >= before.score_range[0]
    assert after.score_range[1] >= before.score_range[1]
    assert VERDICT_ORDER[after.best] >= VERDICT_ORDER[before.best]
    assert VERDICT_ORDER[after.worst] >= VERDICT_ORDER[before.worst]


@settings(max_examples=examples(300), deadline=None)
@given(data=st.data())
def test_answering_a_dont_know_lands_inside_the_range(data: st.DataObject) -> None:
    """Replace one "don't know" on the path by any answer: every domain's new range lies inside
    its old one (it never widens), and the verdict stays between the old best and worst."""
    answers = {q.id: data.draw(st.sampled_from(candidates(q))) for q in REAL.questions.values()}
    before = SCORER.score(answer_set(REAL, answers))
    open_questions = [s.id for s in before.steps if s.unknown and REAL.questions[s.id].type != "text"]
    if not open_questions:
        return
    qid = data.draw(st.sampled_from(open_questions))
    answers[qid] = data.draw(st.sampled_from([v for v in candidates(REAL.questions[qid]) if v != UNKNOWN]))
    after = SCORER.score(answer_set(REAL, answers))
    for old, new in zip(before.domains, after.domains, strict=True):
        assert old.low <= new.low <= new.high <= old.high, (qid, old.id, (old.low, old.high), (new.low, new.high))
    assert VERDICT_ORDER[before.best] <= VERDICT_ORDER[after.best] <= VERDICT_ORDER[after.worst]
    assert VERDICT_ORDER[after.worst] <= VERDICT_ORDER[before.worst]


@settings(max_examples=examples(200), deadline=None)
@given(data=st.data())
def test_scores_stay_in_range(data: st.DataObject) -> None:
    """Every domain's range lies within 0 to 100, low end first, whatever the answers."""
    answers = {q.id: data.draw(st.sampled_from(candidates(q))) for q in REAL.questions.values()}
    result = SCORER.score(answer_set(REAL, answers))
    for domain in result.domains:
        assert 0 <= domain.range[0] <= domain.range[1] <= 100
        assert 0 <= domain.low <= domain.high <= domain.most
    assert 0 <= result.score_range[0] <= result.score_range[1] <= 100
    assert 0 <= result.confidence <= 1


@settings(max_examples=examples(200), deadline=None)
@given(data=st.data())
def test_a_settled_path_is_scored_as_the_full_exploration_would(data: st.DataObject) -> None:
    """The quick reading of a path with every answer firm gives the ranges and flags that the
    full exploration of the map gives."""
    from readiness.ranges import explore, firm_answers

    firm_only = {
        q.id: data.draw(st.sampled_from([v for v in candidates(q) if v != UNKNOWN])) for q in REAL.questions.values()
    }
    answers = answer_set(REAL, firm_only)
    quick = SCORER.score(answers)
    assert quick.explored is not None
    assert quick.explored.settled
    full = SCORER.judge(answers, quick.steps, explore(REAL, SCORER.table, firm_answers(answers.values())))
    assert [(d.low, d.high, d.rating) for d in quick.domains] == [(d.low, d.high, d.rating) for d in full.domains]
    assert [(f.id, f.status) for f in quick.flags] == [(f.id, f.status) for f in full.flags]
    assert [a.id for a in quick.actions] == [a.id for a in full.actions]
    assert (quick.verdict, quick.best, quick.worst) == (full.verdict, full.best, full.worst)


def test_a_template_with_only_the_opening_answers_is_not_enough_known() -> None:
    """Half a template is not a failing partnership: with only the three opening questions
    answered the verdict is "not enough known", no domain is red, no action is due, and the
    summary says what to find out first."""
    result = SCORER.score(
        answer_set(REAL, {"arrangement": "ceo_and_team", "main_aim": "resilience", "num_councils": "two"})
    )
    assert result.verdict == "not_enough_known"
    assert [d.id for d in result.domains if d.bands[0] == "red"] == []
    assert result.top_risks == []
    assert result.actions == []
    assert 1 <= len(result.find_out) <= 5
    assert result.verdict_range is not None
    assert result.verdict_range[1] == "not_ready"
