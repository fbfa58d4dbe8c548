"""Properties that must hold for every input: random acyclic banks, random answers."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.engine import walk
from readiness.model import END, UNKNOWN, Bank, BankHeader, Question, Source

OPTIONS = ("a", "b", "c")


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
    header = BankHeader.model_validate(
        {
            "id": "random",
            "version": "1",
            "title": "Random",
            "start": "q0",
            "ratings": {"amber": 25, "red": 50},
            "domains": [{"id": "d", "title": "D", "purpose": "Testing"}],
        }
    )
    source = Source.model_validate(
        {"id": "s", "kind": "article", "title": "S", "date": "2020", "findings": [{"id": "f", "para": 1, "claim": "C"}]}
    )
    return Bank(header=header, questions=questions, sources={"s": source})


def answer_sets(bank: Bank) -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(st.sampled_from(list(bank.questions)), st.sampled_from([*OPTIONS, UNKNOWN]))


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_every_walk_reaches_end_without_repeating(data: st.DataObject) -> None:
    """For any forward-only bank and any answers, the walk ends and never visits a question twice."""
    bank = data.draw(acyclic_banks())
    answers = data.draw(answer_sets(bank))
    result = walk(bank, answers)
    assert result.finished
    assert len(set(result.path)) == len(result.path)
    assert result.path[0] == bank.header.start


@settings(max_examples=300, deadline=None)
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
