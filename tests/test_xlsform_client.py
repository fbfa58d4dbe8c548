"""The form in a real XForms client: ODK's engine (the one inside ODK Web Forms, run in node),
filled in with each example's answers, shows the questions the map's walk visits; and when an
earlier answer hides a question, what that question held stops counting until it shows again."""

from __future__ import annotations

import random
from typing import Any

from form_banks import EXAMPLES_DIR, form_values, on_the_map, plain_answers, trap_bank, xform
from readiness.answers import load_answers
from readiness.loading import load_bank
from readiness.model import Bank
from readiness.xlsform import routes
from tools import xforms_relevant

BANK = load_bank()
EXAMPLES = ["mixed", "fragile", "well-prepared"]


def _shown(bank: Bank, relevant: list[str]) -> list[str]:
    names = set(relevant)
    return [q for q in bank.questions if q in names or routes.dont_know_name(q) in names]


def test_odk_shows_the_questions_of_the_walk_for_each_example_and_random_answers() -> None:
    sets = [load_answers(EXAMPLES_DIR / f"{name}.yaml", BANK).answers.values() for name in EXAMPLES]
    rng = random.Random(20)
    sets += [plain_answers(BANK, rng) for _ in range(15)]
    cases = [list(form_values(BANK, answers).items()) for answers in sets]
    results = xforms_relevant(xform(BANK), cases)  # type: ignore[arg-type]
    for answers, relevant in zip(sets, results, strict=True):
        assert _shown(BANK, relevant) == on_the_map(BANK, answers)


def test_odk_blanks_a_hidden_answer_and_brings_it_back() -> None:
    """q1 yes shows q2 (a number) and, with q2 over 3.5, q3; q1 no hides both though q2 still
    holds 5; q1 yes again brings them back."""
    bank = trap_bank()
    steps: list[Any] = [("q1", "yes"), ("q2", "5")]
    cases = [steps, [*steps, ("q1", "no")], [*steps, ("q1", "no"), ("q1", "yes")]]
    results = xforms_relevant(xform(bank), cases)
    assert [_shown(bank, r) for r in results] == [["q1", "q2", "q3", "q4"], ["q1", "q4"], ["q1", "q2", "q3", "q4"]]
