"""The interview's core, driven by a scripted `ask`: answering, don't know, back, stale answers
set aside after a change of route, autosave and resume."""

from __future__ import annotations

import functools
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import MINI, write_tree
from helpers import examples
from readiness.answers import dump_answers, load_answers
from readiness.controls import visible
from readiness.loading import load_bank
from readiness.model import UNKNOWN, Answer, AnswerSet, Bank, Partnership, Respondent
from readiness.session import Prompt, Reply, Session, interpret, run

MakeBank = Callable[..., Path]


@pytest.fixture
def bank(make_bank: MakeBank) -> Bank:
    return load_bank(make_bank())


def script(*typed: str) -> Callable[[Prompt], Reply]:
    """An `ask` that types the given lines in turn, as a respondent would."""
    lines: Iterator[str] = iter(typed)

    def ask(prompt: Prompt) -> Reply:
        return interpret(prompt.question, next(lines), prompt.default)

    return ask


def test_answers_follow_the_routes(bank: Bank) -> None:
    """Yes to trust skips the follow-up; the session ends at the end of the map."""
    session = run(Session(bank), script("1", "1", "7"))
    assert session.path() == ("q1", "q3", "q4")
    assert session.answers == {"q1": Answer("yes"), "q3": Answer("full"), "q4": Answer(7)}
    assert session.current() is None


def test_dont_know_by_number_or_word(bank: Bank) -> None:
    """The number after the last option, or dk, both mean don't know."""
    session = run(Session(bank), script("3", "dk", "4", "dk"))
    assert [session.answers[q].value for q in session.path()] == [UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN]


def test_back_offers_the_previous_answer_as_default(bank: Bank) -> None:
    """Going back pops the last answer; Enter then keeps it."""
    session = Session(bank)
    session.answer("q1", "yes")
    session.answer("q3", "partly", "finance only")
    assert session.back() == "q3"
    assert session.current() == "q3"
    prompt = session.prompt("q3")
    assert prompt.default == Answer("partly", "finance only")
    assert interpret(prompt.question, "", prompt.default) == Reply(value="partly", note="finance only")


def test_stale_answers_are_set_aside_after_a_change_of_route(bank: Bank) -> None:
    """Answer no (follow-up asked), go back, answer yes: the follow-up's answer leaves the result
    and comes back only as a default if the route returns there."""
    session = run(Session(bank), script("2", "1", "1", "5"))
    assert session.path() == ("q1", "q2", "q3", "q4")
    for _ in range(4):
        session.back()
    assert session.path() == ()
    session.answer("q1", "yes")
    assert "q2" not in session.answers
    assert session.set_aside["q2"] == Answer(1)
    assert "q2" not in session.answer_set().answers
    session.back()
    session.answer("q1", "no")
    assert session.prompt("q2").default == Answer(1)


def test_a_changed_answer_drops_what_it_no_longer_reaches(bank: Bank) -> None:
    """Changing an early answer prunes later answers that are now off the path."""
    session = run(Session(bank), script("2", "3", "1", "5"))
    session.answers["q1"] = Answer("yes")
    session.answer("q1", "yes")
    assert session.path() == ("q1", "q3", "q4")
    assert set(session.answer_set().answers) == {"q1", "q3", "q4"}


def test_invalid_input_gets_a_hint(bank: Bank) -> None:
    """Out-of-range numbers and words get a one-line hint instead of an answer."""
    question = bank.questions["q1"]
    assert interpret(question, "9") == Reply(problem="'9' is not one of the numbers: type a number from 1 to 3")
    assert interpret(bank.questions["q2"], "7").problem == "7 is out of range from 1 to 5 (or dk for don't know)"
    assert interpret(question, "") == Reply(problem="type an answer (or ? for help, < to go back)")
    assert interpret(question, "?") == Reply(help=True)
    assert interpret(question, "<") == Reply(back=True)
    assert interpret(question, "2; they fell out in May") == Reply(value="no", note="they fell out in May")


def test_autosave_after_every_answer_and_resume(bank: Bank, tmp_path: Path) -> None:
    """Each answer is on disk at once; a new session resumes at the first unanswered question."""
    target = tmp_path / "answers.yaml"
    session = Session(bank, save_to=target)
    session.set_profile(Partnership(name="N and S", councils=("N", "S")), Respondent(council="N", role="leader"))
    session.answer("q1", "no")
    saved = load_answers(target, bank).answers
    assert {k: a.value for k, a in saved.answers.items()} == {"q1": "no"}
    resumed = Session.resume(bank, saved, save_to=target)
    assert resumed.current() == "q2"
    run(resumed, script("2", "2", "40"))
    final = load_answers(target, bank).answers
    assert final.partnership == Partnership(name="N and S", councils=("N", "S"))
    assert {k: a.value for k, a in final.answers.items()} == {"q1": "no", "q2": 2, "q3": "partly", "q4": 40}


def test_saving_never_leaves_a_partial_file(bank: Bank, tmp_path: Path) -> None:
    """The file is replaced whole: no temporary files are left beside it."""
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "answers.yaml"
    run(Session(bank, save_to=target), script("1", "1", "3"))
    assert [p.name for p in target.parent.iterdir()] == ["answers.yaml"]


@functools.cache
def mini_bank() -> Bank:
    return load_bank(write_tree(Path(tempfile.mkdtemp()), MINI))


@settings(max_examples=examples(100), deadline=None)
@given(
    values=st.fixed_dictionaries(
        {},
        optional={
            "q1": st.sampled_from(["yes", "no", UNKNOWN]),
            "q2": st.integers(1, 5),
            "q3": st.sampled_from(["full", "partly", "none"]),
            "q4": st.one_of(st.integers(0, 500), st.floats(0, 500, allow_nan=False).map(lambda f: round(f, 2))),
        },
    ),
    note=st.one_of(st.none(), st.text(min_size=1, max_size=40).map(visible).filter(lambda t: t.strip() == t and t)),
    name=st.text(min_size=1, max_size=30).filter(lambda t: any(unicodedata.category(c)[0] not in "CZ" for c in t)),
)
def test_dump_then_load_is_the_identity(values: dict[str, object], note: str | None, name: str) -> None:
    """What assess saves, score reads back unchanged, notes and odd names included."""
    bank = mini_bank()
    answers = {qid: Answer(v, note if qid == "q3" else None) for qid, v in values.items()}  # type: ignore[arg-type]
    original = AnswerSet(
        bank="mini",
        bank_version="1.0",
        partnership=Partnership(name=name, councils=("A", "B")),
        respondent=Respondent(council="A", role="leader"),
        answers=answers,
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.yaml"
        path.write_text(dump_answers(original), encoding="utf-8")
        loaded = load_answers(path, bank).answers
    assert loaded.model_dump(exclude={"source"}) == original.model_dump(exclude={"source"})
