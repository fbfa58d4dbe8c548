"""Answers that fall off the path are kept on disk under `set_aside:` (issue 11, point 2): resume,
back and stop never delete an answer; scoring ignores them; the interview offers them back."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from readiness.answers import load_answers
from readiness.loading import load_bank
from readiness.model import Answer, AnswerSet, Bank
from readiness.scoring import Scorer
from readiness.session import Session, interpret

ROOT = Path(__file__).resolve().parents[1]


@functools.cache
def bank() -> Bank:
    return load_bank()


def mixed() -> AnswerSet:
    return load_answers(ROOT / "examples" / "mixed.yaml", bank()).answers


def kept(path: Path) -> dict[str, Answer]:
    """Every answer the file holds, on the path or set aside."""
    answers = load_answers(path, bank()).answers
    return {**answers.set_aside, **answers.answers}


def test_resuming_a_file_missing_an_early_answer_keeps_the_rest(tmp_path: Path) -> None:
    """The issue's case: without `main_aim` the path stops at once; stopping there used to save
    one answer of 82. Now every answer is still in the file, the unreachable ones set aside."""
    original = mixed()
    answers = {q: a for q, a in original.answers.items() if q != "main_aim"}
    target = tmp_path / "a.yaml"
    session = Session.resume(bank(), original.model_copy(update={"answers": answers}), save_to=target)
    assert session.current() == "main_aim"
    session.save()  # what Ctrl-C at the first question does
    assert kept(target) == answers
    assert list(load_answers(target, bank()).answers.answers) == ["arrangement"]


def test_going_back_twelve_times_then_stopping_keeps_all_twelve(tmp_path: Path) -> None:
    """Twelve answers, twelve `<`, stop: the file holds none on the path and twelve set aside,
    and a resumed interview offers each back as the default when it is asked again."""
    target = tmp_path / "a.yaml"
    session = Session(bank(), save_to=target)
    given = {}
    for _ in range(12):
        qid = session.current()
        assert qid is not None
        reply = interpret(bank().questions[qid], "1")
        session.answer(qid, reply.value)  # type: ignore[arg-type]
        given[qid] = session.answers[qid]
    for _ in range(12):
        session.back()
    saved = load_answers(target, bank()).answers
    assert saved.answers == {}
    assert saved.set_aside == given
    resumed = Session.resume(bank(), saved, save_to=target)
    for qid, answer in given.items():
        assert resumed.current() == qid
        assert resumed.prompt(qid).default == answer
        resumed.answer(qid, answer.value)
    assert load_answers(target, bank()).answers.set_aside == {}


def test_a_hand_written_file_without_a_profile_keeps_its_answers(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("bank: shared-management\nanswers: {leaders_trust: workable, main_aim: savings}\n")
    session = Session.resume(bank(), load_answers(target, bank()).answers, save_to=target)
    session.save()
    assert {q: a.value for q, a in kept(target).items()} == {"leaders_trust": "workable", "main_aim": "savings"}


def test_an_answer_set_aside_goes_only_when_its_question_is_answered_again(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    session = Session(bank(), save_to=target)
    session.answer("arrangement", "shared_ceo")
    session.answer("main_aim", "savings")
    session.back()
    session.back()
    assert set(kept(target)) == {"arrangement", "main_aim"}
    session.answer("arrangement", "ceo_and_team")
    assert kept(target)["main_aim"] == Answer("savings")
    session.answer("main_aim", "resilience")
    assert load_answers(target, bank()).answers.set_aside == {}
    assert kept(target)["main_aim"] == Answer("resilience")


def test_scoring_ignores_what_is_set_aside(tmp_path: Path) -> None:
    """The same report with or without a set_aside section."""
    original = (ROOT / "examples" / "mixed.yaml").read_text()
    with_aside = tmp_path / "a.yaml"
    with_aside.write_text(original + "set_aside:\n  succession_plan: none\n")
    plain = Scorer(bank()).score(mixed())
    aside = Scorer(bank()).score(load_answers(with_aside, bank()).answers)
    assert aside.verdict == plain.verdict
    assert aside.score == plain.score
    assert [d.score for d in aside.domains] == [d.score for d in plain.domains]


def test_the_saved_file_says_what_set_aside_is(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    session = Session(bank(), save_to=target)
    session.answer("arrangement", "shared_ceo")
    session.back()
    text = target.read_text()
    assert "# set_aside: answers to questions your route no longer asks" in text
    assert yaml.safe_load(text)["set_aside"] == {"arrangement": "shared_ceo"}
