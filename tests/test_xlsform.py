"""The map as an XLSForm: pyxform converts it, and its compiled skip logic, evaluated by a real
XPath engine on the form's own instance, shows exactly the questions `engine.walk` visits, for
the built-in bank and random banks, for any answers (stale answers to hidden questions too)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from form_banks import EXAMPLES_DIR, answer_sets, form_banks, form_values, on_the_map, trap_bank, xform
from readiness.checks import check_bank
from readiness.loading import load_bank
from readiness.model import Bank, Partnership
from readiness.xlsform import routes
from readiness.xlsform.form import form_version
from xform_eval import XForm

BANK = load_bank()


def shown(form: XForm, bank: Bank, answers: dict[str, Any]) -> list[str]:
    """The questions the form shows (a number, or its "don't know" box), in bank order."""
    relevant = form.evaluate(form_values(bank, answers))
    found = []
    for qid, question in bank.questions.items():
        names = [qid] + ([routes.dont_know_name(qid)] if routes.has_companion(question) else [])
        if any(relevant[form.path(name)] for name in names):
            found.append(qid)
    return found


REAL_FORM = XForm(xform(BANK))


def test_pyxform_converts_the_built_in_form_with_its_settings() -> None:
    text = xform(BANK, Partnership(name="P", councils=("North Council", "South Council")))
    assert f'version="{form_version(BANK)}"' in text
    assert 'id="readiness_shared_management"' in text
    assert form_version(BANK) == f"{BANK.version}-{BANK.digest[:12]}"


@pytest.mark.parametrize("name", ["mixed", "fragile", "well-prepared"])
def test_each_example_shows_its_path(name: str) -> None:
    from readiness.answers import load_answers

    answers = load_answers(EXAMPLES_DIR / f"{name}.yaml", BANK).answers.values()
    assert shown(REAL_FORM, BANK, answers) == on_the_map(BANK, answers)


@settings(max_examples=100, deadline=None)
@given(answers=answer_sets(BANK))
def test_the_built_in_form_shows_exactly_the_walk(answers: dict[str, Any]) -> None:
    assert shown(REAL_FORM, BANK, answers) == on_the_map(BANK, answers)


def _sound(bank: Bank) -> bool:
    return not [d for d in check_bank(bank) if d.severity == "error"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(data=st.data())
def test_a_random_bank_form_shows_exactly_the_walk(data: st.DataObject) -> None:
    bank = data.draw(form_banks())
    assume(_sound(bank))
    form = XForm(xform(bank))
    for _ in range(6):
        answers = data.draw(answer_sets(bank))
        assert shown(form, bank, answers) == on_the_map(bank, answers)


def test_a_hidden_answer_counts_as_blank_and_comes_back() -> None:
    """q1 yes leads to q2 (a number); q2 over 3 leads to q3. Changing q1 hides q2, and with it
    q3, though q2's 5 is still in the form; changing q1 back brings both back."""
    bank = trap_bank()
    form = XForm(xform(bank))
    cases = [({"q1": "yes", "q2": 5}, ["q1", "q2", "q3", "q4"]), ({"q1": "no", "q2": 5}, ["q1", "q4"])]
    cases += [({"q1": "yes", "q2": 2}, ["q1", "q2", "q4"]), ({"q1": "yes", "q2": 5}, ["q1", "q2", "q3", "q4"])]
    for answers, expected in cases:
        assert shown(form, bank, answers) == expected == on_the_map(bank, answers)


def test_a_route_flipped_in_the_compiler_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check can fail: with one route's condition negated in the compiler, the property's
    search finds answers where the form and the map disagree."""
    from hypothesis import find

    start = BANK.questions[BANK.header.start]  # always reached: random answers soon take its route
    flipped = next((start, i) for i, r in enumerate(start.next) if r.when is not None)
    compile_route = routes.route_taken

    def planted(bank: Bank, question: Any, index: int) -> str:
        if (question.id, index) != (flipped[0].id, flipped[1]):
            return compile_route(bank, question, index)
        when = question.next[index].when
        return f"({routes.is_reached(question.id)}) and not({routes.condition(bank, when)})"

    monkeypatch.setattr(routes, "route_taken", planted)
    broken = XForm(xform(BANK))
    found = find(
        answer_sets(BANK),
        lambda answers: shown(broken, BANK, answers) != on_the_map(BANK, answers),
        settings=settings(max_examples=500, deadline=None, database=None, phases=[Phase.generate]),
    )
    assert shown(broken, BANK, found) != on_the_map(BANK, found)
