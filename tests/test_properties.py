"""Properties that must hold for every input: random acyclic banks, random answers."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st

from helpers import examples
from readiness.checks import check_bank
from readiness.engine import walk
from readiness.errors import AnswerError
from readiness.model import END, UNKNOWN, Answer, AnswerSet, Bank, BankHeader, Question, Source
from readiness.scoring import Scorer

OPTIONS = ("a", "b", "c")
DOMAINS = ("d", "e")


@st.composite
def acyclic_banks(draw: st.DrawFn) -> Bank:
    """A bank whose routes only go forward: each question routes to later ones or to the end."""
    size = draw(st.integers(1, 25))
    questions = {}
    for i in range(size):
        later = [f"q{j}" for j in range(i + 1, size)] + [END]
        routes: list[dict[str, Any]] = []
        for _ in range(draw(st.integers(0, 3))):
            tested = f"q{draw(st.integers(0, i))}"
            values = draw(st.lists(st.sampled_from([*OPTIONS, UNKNOWN]), min_size=1, max_size=3, unique=True))
            routes.append({"when": {"q": tested, "in": values}, "goto": draw(st.sampled_from(later))})
        routes.append({"goto": draw(st.sampled_from(later))})
        questions[f"q{i}"] = Question.model_validate(
            {
                "id": f"q{i}",
                "domain": "d",
                "text": f"Question {i}?",
                "help": "Why it matters.",
                "type": "choice",
                "options": [{"value": v, "label": v.upper(), "risk": r} for r, v in enumerate(OPTIONS)],
                "cites": ["s.f"],
                "next": routes,
            }
        )
    return _bank(questions)


def _bank(questions: dict[str, Question]) -> Bank:
    header = BankHeader.model_validate(
        {
            "id": "random",
            "version": "1",
            "title": "Random",
            "start": "q0",
            "ratings": {"amber": 25, "red": 50},
            "domains": [{"id": d, "title": d.upper(), "purpose": "Testing"} for d in DOMAINS],
        }
    )
    source = Source.model_validate(
        {"id": "s", "kind": "article", "title": "S", "date": "2020", "findings": [{"id": "f", "para": 1, "claim": "C"}]}
    )
    return Bank(header=header, questions=questions, sources={"s": source})


@st.composite
def chain_banks(draw: st.DrawFn) -> Bank:
    """Every question reachable (each routes on to the next by default), of every kind that
    carries risk, in two domains, with routes that skip ahead on conditions of any shape over
    its own answer or earlier ones: banks that the checks can pass or refuse."""
    size = draw(st.integers(2, 8))
    plain = draw(st.booleans())  # half are choice questions in one domain: violations there are likelier
    kinds = [draw(st.sampled_from(["choice"] if plain else ["choice", "multi", "number"])) for _ in range(size)]
    questions = {}
    for i in range(size):
        later = [f"q{j}" for j in range(i + 2, size)] + [END]
        routes: list[dict[str, Any]] = []
        for _ in range(draw(st.integers(0, 2))):
            when = draw(_conditions(kinds[: i + 1], i, 1 if plain else 0))
            routes.append({"when": when, "goto": draw(st.sampled_from(later))})
        routes.append({"goto": f"q{i + 1}" if i + 1 < size else END})
        questions[f"q{i}"] = Question.model_validate(
            {
                "id": f"q{i}",
                "domain": DOMAINS[0] if plain else draw(st.sampled_from(DOMAINS)),
                "text": f"Question {i}?",
                "help": "Why it matters.",
                "type": kinds[i],
                "unknown": draw(st.booleans()),
                "cites": ["s.f"],
                "next": routes,
                **draw(_answers_and_risks(kinds[i])),
            }
        )
    return _bank(questions)


def _answers_and_risks(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    risk = st.integers(0, 4)
    if kind == "number":
        return st.builds(
            lambda cut, low, high: {"min": 0, "max": 10, "bands": [{"upto": cut, "risk": low}, {"risk": high}]},
            st.integers(1, 9),
            risk,
            risk,
        )
    return st.lists(risk, min_size=len(OPTIONS), max_size=len(OPTIONS)).map(
        lambda risks: {
            "options": [{"value": v, "label": v.upper(), "risk": r} for v, r in zip(OPTIONS, risks, strict=True)]
        }
    )


@st.composite
def _conditions(draw: st.DrawFn, kinds: list[str], own: int, depth: int = 0) -> dict[str, Any]:
    """A test of question `own` or an earlier one; sometimes all, any or not around such tests."""
    shape = draw(st.sampled_from(["atom", "atom", "all", "any", "not"] if depth == 0 else ["atom"]))
    if shape in ("all", "any"):
        return {shape: [draw(_conditions(kinds, own, 1)) for _ in range(2)]}
    if shape == "not":
        return {"not": draw(_conditions(kinds, own, 1))}
    tested = own if draw(st.booleans()) else draw(st.integers(0, own))
    if kinds[tested] == "number":
        return {"q": f"q{tested}", draw(st.sampled_from(["gte", "lte"])): draw(st.integers(0, 10))}
    values = draw(st.lists(st.sampled_from([*OPTIONS, UNKNOWN]), min_size=1, max_size=2, unique=True))
    return {"q": f"q{tested}", "in": values}


def _all_answers(question: Question) -> list[Any]:
    """Every answer a file could hold for a question of the generated banks."""
    if question.type == "number":
        found: list[Any] = list(range(11))
    elif question.type == "multi":
        found = [chosen for n in (1, 2, 3) for chosen in itertools.combinations(OPTIONS, n)]
    else:
        found = list(OPTIONS)
    return found + ([UNKNOWN] if question.unknown else [])


def answer_sets(bank: Bank) -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(st.sampled_from(list(bank.questions)), st.sampled_from([*OPTIONS, UNKNOWN]))


@settings(max_examples=examples(300), deadline=None)
@given(data=st.data())
def test_every_walk_reaches_end_without_repeating(data: st.DataObject) -> None:
    """For any forward-only bank and any answers, the walk ends and never visits a question twice."""
    bank = data.draw(acyclic_banks())
    answers = data.draw(answer_sets(bank))
    result = walk(bank, answers)
    assert result.finished
    assert len(set(result.path)) == len(result.path)
    assert result.path[0] == bank.header.start


@settings(max_examples=examples(300), deadline=None)
@given(data=st.data())
def test_interview_walk_stops_at_first_gap(data: st.DataObject) -> None:
    """Stopping at the first unanswered question gives a prefix of the full walk."""
    bank = data.draw(acyclic_banks())
    answers = data.draw(answer_sets(bank))
    full = walk(bank, answers)
    partial = walk(bank, answers, stop_at_missing=True)
    assert full.path[: len(partial.path)] == partial.path
    if partial.pending is not None:
        assert partial.pending not in answers
        assert full.path[len(partial.path)] == partial.pending
    else:
        assert partial.path == full.path


def _ends(bank: Bank, answers: dict[str, Any]) -> dict[str, tuple[int, int]] | None:
    """Each domain's range of risk points, or None when scoring refuses the answers (a required gap)."""
    answer_set = AnswerSet(bank=bank.id, answers={qid: Answer(value) for qid, value in answers.items()})
    try:
        return {domain.id: (domain.low, domain.high) for domain in Scorer(bank).score(answer_set).domains}
    except AnswerError:
        return None


def _some_answers(data: st.DataObject, bank: Bank) -> dict[str, Any]:
    """A firm answer to every question that needs one, and to the others a firm answer or "don't know"."""
    return {
        qid: data.draw(st.sampled_from(_all_answers(question) if question.unknown else _real(question)))
        for qid, question in bank.questions.items()
    }


def _real(question: Question) -> list[Any]:
    return [v for v in _all_answers(question) if v != UNKNOWN]


@settings(max_examples=examples(1000), deadline=None)
@given(data=st.data())
def test_no_bank_the_checks_pass_rewards_a_riskier_answer(data: st.DataObject) -> None:
    """The monotone proof is sound: whenever one riskier firm answer lowers either end of any
    domain's range ("don't know" answers elsewhere widening the ranges), the checks have refused
    the bank. Banks mix choice, multi and number questions, two domains, and conditions of every
    shape on the question itself or earlier ones."""
    bank = data.draw(chain_banks())
    answers = _some_answers(data, bank)
    firm = [qid for qid in walk(bank, answers).path if answers[qid] != UNKNOWN]
    if not firm:
        return
    changed = data.draw(st.sampled_from(firm))
    question = bank.questions[changed]
    riskier = [v for v in _real(question) if question.risk_of(v) > question.risk_of(answers[changed])]
    if not riskier:
        return
    before = _ends(bank, answers)
    after = _ends(bank, {**answers, changed: data.draw(st.sampled_from(riskier))})
    if before is None or after is None:
        return
    if any(after[d][0] < before[d][0] or after[d][1] < before[d][1] for d in DOMAINS):
        event("a riskier answer lowered an end of a range")
        assert [d for d in check_bank(bank) if d.severity == "error"], "the checks passed an unsound bank"
    else:
        event("no end lowered")


@settings(max_examples=examples(1000), deadline=None)
@given(data=st.data())
def test_answering_a_dont_know_never_widens_a_range(data: st.DataObject) -> None:
    """On any acyclic bank, sound or not: replacing a "don't know" by any real answer leaves
    every domain's range inside the old one (the range covers every way the unknown can go)."""
    bank = data.draw(chain_banks())
    answers = _some_answers(data, bank)
    unknown = [qid for qid, value in answers.items() if value == UNKNOWN]
    if not unknown:
        return
    changed = data.draw(st.sampled_from(unknown))
    before = _ends(bank, answers)
    after = _ends(bank, {**answers, changed: data.draw(st.sampled_from(_real(bank.questions[changed])))})
    assert before is not None
    assert after is not None
    for d in DOMAINS:
        assert before[d][0] <= after[d][0] <= after[d][1] <= before[d][1]
