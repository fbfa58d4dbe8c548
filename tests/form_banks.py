"""Random banks for the form's tests, and helpers those tests share. The banks have every
question type, "don't know" allowed or not, and routes on conditions of every shape (is, in, gte,
lte, answered, all, any, not) over a question's own answer or earlier ones. Risks are all 0, so
the risk checks have nothing to refuse and banks `validate` accepts are common: routing is what
these banks are for."""

from __future__ import annotations

import itertools
import random
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from readiness.engine import walk
from readiness.model import END, NUMERIC_TYPES, UNKNOWN, Bank, BankHeader, Partnership, Question, Source
from readiness.xlsform import routes
from readiness.xlsform.form import form_sheets, form_xlsx

OPTIONS = ("a", "b", "c")
KINDS = ("yes_no", "choice", "multi", "number", "scale", "text")


def bank_of(questions: dict[str, Question], domains: tuple[str, ...] = ("d", "e")) -> Bank:
    header = BankHeader.model_validate(
        {
            "id": "random",
            "version": "1",
            "title": "Random",
            "start": next(iter(questions)),
            "ratings": {"amber": 25, "red": 50},
            "domains": [{"id": d, "title": d.upper(), "purpose": "Testing"} for d in domains],
        }
    )
    source = Source.model_validate(
        {"id": "s", "kind": "article", "title": "S", "date": "2020", "findings": [{"id": "f", "para": 1, "claim": "C"}]}
    )
    return Bank(header=header, questions=questions, sources={"s": source}, digest="0123456789abcdef")


def _shape(kind: str) -> dict[str, Any]:
    if kind == "yes_no":
        return {"options": [{"value": v, "label": v.title(), "risk": 0} for v in ("yes", "no")]}
    if kind in ("choice", "multi"):
        options = [{"value": v, "label": v.upper(), "risk": 0} for v in OPTIONS]
        if kind == "multi":
            options[-1]["exclusive"] = True
        return {"options": options}
    if kind in ("number", "scale"):
        return {"min": 0, "max": 10}
    return {}


def words(kind: str) -> tuple[str, ...]:
    return ("yes", "no") if kind == "yes_no" else OPTIONS


@st.composite
def _condition(draw: st.DrawFn, kinds: list[tuple[str, bool]], own: int, depth: int = 0) -> dict[str, Any]:
    shape = draw(st.sampled_from(["atom", "atom", "all", "any", "not"] if depth < 2 else ["atom"]))
    if shape in ("all", "any"):
        return {shape: [draw(_condition(kinds, own, depth + 1)) for _ in range(2)]}
    if shape == "not":
        return {"not": draw(_condition(kinds, own, depth + 1))}
    tested = own if draw(st.booleans()) else draw(st.integers(0, own))
    (kind, unknown), qid = kinds[tested], f"q{tested}"
    if draw(st.integers(0, 5)) == 0:
        return {"q": qid, "answered": draw(st.booleans())}
    if kind in ("number", "scale"):
        return {"q": qid, draw(st.sampled_from(["gte", "lte"])): draw(st.integers(0, 10))}
    if kind == "text":
        return {"q": qid, "answered": draw(st.booleans())}
    values = draw(
        st.lists(st.sampled_from([*words(kind), *([UNKNOWN] if unknown else [])]), min_size=1, max_size=2, unique=True)
    )
    return {"q": qid, "is": values[0]} if len(values) == 1 and draw(st.booleans()) else {"q": qid, "in": values}


@st.composite
def form_banks(draw: st.DrawFn) -> Bank:
    """Every question reachable (each routes on to the next by default), with routes that skip
    ahead on conditions."""
    size = draw(st.integers(2, 9))
    kinds = [(draw(st.sampled_from(KINDS)), draw(st.booleans())) for _ in range(size)]
    questions = {}
    for i in range(size):
        later = [f"q{j}" for j in range(i + 2, size)] + [END]
        routes: list[dict[str, Any]] = []
        for _ in range(draw(st.integers(0, 3))):
            routes.append({"when": draw(_condition(kinds[: i + 1], i)), "goto": draw(st.sampled_from(later))})
        routes.append({"goto": f"q{i + 1}" if i + 1 < size else END})
        questions[f"q{i}"] = Question.model_validate(
            {
                "id": f"q{i}",
                "domain": draw(st.sampled_from(["d", "e"])),
                "text": f"Question {i}?",
                "help": "Why it matters.",
                "type": kinds[i][0],
                "unknown": kinds[i][1],
                "cites": ["s.f"],
                "next": routes,
                **_shape(kinds[i][0]),
            }
        )
    return bank_of(questions, tuple(dict.fromkeys(sorted(q.domain for q in questions.values()))))


def answers_for(question: Question) -> st.SearchStrategy[Any]:
    """Any answer a respondent could give the question in the form (or a file could hold)."""
    if question.type in ("number", "scale"):
        low, high = int(question.min or 0), int(question.max if question.max is not None else 100)
        firm: st.SearchStrategy[Any] = st.integers(low, high)
        if question.type == "number":
            firm = firm | st.floats(low, high, allow_nan=False).map(lambda x: round(x, 2))
    elif question.type == "multi":
        alone = [o.value for o in question.options if o.exclusive]
        others = [o.value for o in question.options if not o.exclusive]
        subsets = [c for n in range(1, len(others) + 1) for c in itertools.combinations(others, n)]
        firm = st.sampled_from([*subsets, *((v,) for v in alone)])
    elif question.type == "text":
        firm = st.sampled_from(["Some words", "More, with 'quotes'"])
    else:
        firm = st.sampled_from([o.value for o in question.options])
    return firm | st.just(UNKNOWN) if question.unknown else firm


def answer_sets(bank: Bank) -> st.SearchStrategy[dict[str, Any]]:
    """Answers to any of the questions, reached or not (a form may hold stale answers to
    questions an earlier change has hidden)."""
    return st.fixed_dictionaries({}, optional={qid: answers_for(q) for qid, q in bank.questions.items()})


def xform(bank: Bank, partnership: Partnership | None = None) -> str:
    """The XForm pyxform makes of the .xlsx we write; any warning fails the test."""
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    result = convert(xlsform=form_xlsx(form_sheets(bank, partnership)), warnings=warnings, form_name="data")
    assert warnings == []
    return result.xform


def form_values(bank: Bank, answers: dict[str, Any]) -> dict[str, str]:
    """Answers as a respondent enters them in the form: a number's "don't know" is its box."""
    values = {}
    for qid, value in answers.items():
        question = bank.questions[qid]
        if question.type in NUMERIC_TYPES and value == UNKNOWN:
            values[routes.dont_know_name(qid)] = UNKNOWN
        else:
            values[qid] = " ".join(value) if isinstance(value, tuple) else str(value)
    return values


def on_the_map(bank: Bank, answers: dict[str, Any]) -> list[str]:
    path = set(walk(bank, answers).path)
    return [qid for qid in bank.questions if qid in path]


def trap_bank() -> Bank:
    from form_banks import bank_of
    from readiness.model import Question

    def question(qid: str, kind: str, routes_: list[dict[str, Any]], **shape: Any) -> Question:
        return Question.model_validate(
            {"id": qid, "domain": "d", "text": "T?", "help": "H.", "type": kind, "cites": ["s.f"], "next": routes_}
            | shape
        )

    yes_no = {"options": [{"value": "yes", "label": "Yes", "risk": 0}, {"value": "no", "label": "No", "risk": 0}]}
    return bank_of(
        {
            "q1": question(
                "q1", "yes_no", [{"when": {"q": "q1", "is": "yes"}, "goto": "q2"}, {"goto": "q4"}], **yes_no
            ),
            "q2": question("q2", "number", [{"when": {"q": "q2", "gte": 3.5}, "goto": "q3"}, {"goto": "q4"}], min=0),
            "q3": question("q3", "text", [{"goto": "q4"}]),
            "q4": question("q4", "yes_no", [{"goto": "end"}], **yes_no),
        },
        ("d",),
    )


def plain_answers(bank: Bank, rng: random.Random) -> dict[str, Any]:
    """Answers drawn with a seeded generator, for a client run once per test (no shrinking there)."""
    found: dict[str, Any] = {}
    for qid, question in bank.questions.items():
        if question.type in NUMERIC_TYPES:
            low, high = question.min or 0, question.max if question.max is not None else 1000
            choices: list[Any] = [int(low), int(high), round(rng.uniform(low, high), 1)]
        elif question.type == "multi":
            plain = [o.value for o in question.options if not o.exclusive]
            choices = [tuple(rng.sample(plain, rng.randint(1, len(plain))))]
            choices += [(o.value,) for o in question.options if o.exclusive]
        elif question.type == "text":
            choices = ["Some words"]
        else:
            choices = [o.value for o in question.options]
        choices += [UNKNOWN] if question.unknown else []
        if rng.random() < 0.8:
            found[qid] = rng.choice(choices)
    return found


EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples"
