"""The interview's state, apart from any terminal: the answers on the path, going back, the
replies a respondent can type, and saving after every answer (atomically).

The command line drives it with an `ask` function that shows a `Prompt` and returns what the
respondent typed; tests drive it with a scripted one."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from readiness.answers import checked_note, coerce, dump_answers
from readiness.engine import walk
from readiness.files import write_atomic
from readiness.model import (
    UNKNOWN,
    Answer,
    AnswerSet,
    AnswerValue,
    Bank,
    Name,
    Partnership,
    Question,
    Respondent,
    RespondentName,
    RetiredAnswer,
)

BACK = "<"
JUMP = "<<"
HELP = "?"
DONT_KNOW_WORDS = ("dk", "unknown", "don't know", "dont know", "?dk")


@dataclass(frozen=True)
class Prompt:
    """Everything the screen shows for one question."""

    question: Question
    domain_title: str
    number: int
    remaining: int
    default: Answer | None
    can_go_back: bool
    council: str | None = None
    """The respondent's council, named where an option stands for it."""


@dataclass(frozen=True)
class Reply:
    """What the respondent typed, understood: an answer, back, help, or a hint to try again."""

    value: AnswerValue | None = None
    note: str | None = None
    back: bool = False
    help: bool = False
    problem: str | None = None
    jump: bool = False
    """`<<`: the respondent wants the list of answers to go back to."""
    back_to: str | None = None
    """Go back to this question (answered before), setting aside the answers from it on."""


@dataclass
class Session:
    """Answers given so far; those a changed route no longer reaches are set aside as defaults."""

    bank: Bank
    answers: dict[str, Answer] = field(default_factory=dict)
    set_aside: dict[str, Answer] = field(default_factory=dict)
    partnership: Partnership | None = None
    respondent: Respondent | None = None
    save_to: Path | None = None
    retired: dict[str, RetiredAnswer] = field(default_factory=dict)
    """Answers to questions an earlier version asked: kept in the file, never asked or scored."""

    @classmethod
    def resume(cls, bank: Bank, answer_set: AnswerSet, save_to: Path | None = None) -> Session:
        """Carry on from a file: its answers that the path no longer reaches join those it had
        set aside, so none is lost by the next save."""
        session = cls(
            bank,
            dict(answer_set.answers),
            dict(answer_set.set_aside),
            answer_set.partnership,
            answer_set.respondent,
            save_to,
            dict(answer_set.retired),
        )
        session._prune()
        return session

    # --- where we are -------------------------------------------------------------------------

    def path(self) -> tuple[str, ...]:
        """The questions answered so far, in the order the map visits them."""
        return walk(self.bank, self._values(), stop_at_missing=True).path

    def current(self) -> str | None:
        """The next question to ask, or None when the path has reached the end."""
        return walk(self.bank, self._values(), stop_at_missing=True).pending

    def remaining(self) -> int:
        """How many questions are left on the path as it now runs (gaps counted as don't know)."""
        return len(walk(self.bank, self._values()).path) - len(self.path())

    def prompt(self, qid: str) -> Prompt:
        question = self.bank.questions[qid]
        domain = self.bank.domain(question.domain)
        return Prompt(
            question=question,
            domain_title=domain.title if domain else question.domain,
            number=len(self.path()) + 1,
            remaining=self.remaining() - 1,
            default=self.set_aside.get(qid),
            can_go_back=bool(self.path()),
            council=self.respondent.council if self.respondent else None,
        )

    def answered(self) -> list[tuple[str, str]]:
        """The path so far: (question id, the answer in words), for a list to jump back to."""
        council = self.respondent.council if self.respondent else None
        return [
            (qid, self.bank.questions[qid].answer_text(self.answers[qid].value, council=council)) for qid in self.path()
        ]

    # --- changing it --------------------------------------------------------------------------

    def answer(self, qid: str, value: AnswerValue, note: str | None = None) -> None:
        """Record an answer to the current question, then set aside answers now off the path."""
        self.answers[qid] = Answer(value, note)
        self.set_aside.pop(qid, None)
        self._prune()
        self.save()

    def back(self) -> str | None:
        """Undo the last answer on the path; it becomes the default of the question it answered."""
        path = self.path()
        if not path:
            return None
        last = path[-1]
        self.set_aside[last] = self.answers.pop(last)
        self._prune()
        self.save()
        return last

    def back_to(self, qid: str) -> None:
        """Go back to an answered question: its answer and those after it become the defaults
        of their questions (Enter keeps each), and it is asked next."""
        path = self.path()
        if qid not in path:
            return
        for later in path[path.index(qid) :]:
            self.set_aside[later] = self.answers.pop(later)
        self._prune()
        self.save()

    def set_profile(self, partnership: Partnership, respondent: Respondent) -> None:
        self.partnership, self.respondent = partnership, respondent
        self.save()

    def _prune(self) -> None:
        on_path = set(self.path())
        for qid in [q for q in self.answers if q not in on_path]:
            self.set_aside[qid] = self.answers.pop(qid)

    def _values(self) -> dict[str, Any]:
        return {qid: answer.value for qid, answer in self.answers.items()}

    # --- the file ------------------------------------------------------------------------------

    def answer_set(self, source: str = "") -> AnswerSet:
        return AnswerSet(
            bank=self.bank.id,
            bank_version=self.bank.version,
            bank_digest=self.bank.digest,
            partnership=self.partnership,
            respondent=self.respondent,
            answers={qid: self.answers[qid] for qid in self.path()},
            set_aside=dict(self.set_aside),
            retired=dict(self.retired),
            source=source or (str(self.save_to) if self.save_to else ""),
        )

    def save(self) -> None:
        if self.save_to is not None:
            write_atomic(self.save_to, dump_answers(self.answer_set()))


@functools.cache
def _name_rule(kind: str) -> TypeAdapter[str]:
    return TypeAdapter(RespondentName if kind == "name" else Name)


def name_problem(kind: Literal["name", "partnership"], typed: str) -> str | None:
    """What is wrong with a respondent's name (`name`) or a partnership's, by the rules the
    file reader applies; None when it will do."""
    try:
        _name_rule(kind).validate_python(typed)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        if error["type"] == "string_too_long":
            return f"that is over {error['ctx']['max_length']:,} characters (shorten it)"
        return str(error["msg"]).removeprefix("Value error, ")
    return None


def interpret(question: Question, text: str, default: Answer | None = None) -> Reply:
    """Understand one line typed at a question: a number for an option, a value for number and
    scale questions, `dk` for don't know, `?` for help, `<` for back, Enter for the default.
    A note may follow a semicolon."""
    typed, _, note_text = text.partition(";") if question.type != "text" else (text, "", "")
    typed, note = typed.strip(), note_text.strip() or None
    if typed == HELP:
        return Reply(help=True)
    if typed == BACK:
        return Reply(back=True)
    if typed == JUMP:
        return Reply(jump=True)
    if not typed:
        if default is not None:
            return Reply(value=default.value, note=note or default.note)
        if question.type == "text" and question.unknown:
            return Reply(value=UNKNOWN)  # a free-text question can be passed over
        return Reply(problem="type an answer (or ? for help, < to go back)")
    if typed.lower() in DONT_KNOW_WORDS or (question.unknown and _is_dont_know_number(question, typed)):
        if not question.unknown:
            return Reply(problem='"don\'t know" is not an option here')
        return Reply(value=UNKNOWN, note=note)
    try:
        return Reply(value=_typed_value(question, typed), note=checked_note(question, note))
    except ValueError as exc:
        return Reply(problem=_hint(question, str(exc)))


def _is_dont_know_number(question: Question, typed: str) -> bool:
    """In a numbered list, "don't know" is the number after the last option."""
    return question.type in ("yes_no", "choice", "multi") and typed == str(len(question.options) + 1)


def _typed_value(question: Question, typed: str) -> AnswerValue:
    if question.type in ("yes_no", "choice"):
        return question.options[_option_number(question, typed)].value
    if question.type == "multi":
        numbers = [part for part in typed.replace(" ", ",").split(",") if part]
        chosen = [_option_number(question, n) for n in numbers]
        alone = [i for i in chosen if question.options[i].exclusive]
        if alone and len(set(chosen)) > 1:  # said by its number, as typed, not by its value in the bank
            raise ValueError(f"{alone[0] + 1} ({question.options[alone[0]].label}) goes on its own, not with others")
        return coerce(question, [question.options[i].value for i in chosen])
    return coerce(question, typed)  # the file reader's own rules, so what is typed can be read back


def _option_number(question: Question, typed: str) -> int:
    number = pick(typed, len(question.options))
    if number is None:
        raise ValueError(f"'{typed}' is not one of the numbers")
    return number


def pick(typed: str, count: int) -> int | None:
    """The 0-based index a typed number picks from `count` numbered choices, or None. Only
    ASCII digits: `²` and `٣` are digits to Python but not numbers anyone means here."""
    typed = typed.strip()
    if not (typed.isascii() and typed.isdigit()) or not 1 <= int(typed) <= count:
        return None
    return int(typed) - 1


def _hint(question: Question, problem: str) -> str:
    problem = problem.split(": ", 1)[-1] if problem.startswith("answer to") else problem
    if question.type in ("yes_no", "choice"):
        return f"{problem}: type a number from 1 to {len(question.options) + int(question.unknown)}"
    if question.type == "multi":
        dont_know = f" ({len(question.options) + 1} alone for don't know)" if question.unknown else ""
        return f"{problem}: type one or more numbers from 1 to {len(question.options)}, separated by commas{dont_know}"
    return f"{problem} (or dk for don't know)"


Ask = Callable[[Prompt], Reply]


def run(session: Session, ask: Ask, opening: Callable[[], None] | None = None) -> Session:
    """Ask until the path reaches the end. `ask` returns replies that `interpret` understood;
    help is the caller's to show, so it never reaches here. `opening`, when given, is called
    when the respondent goes back from the first question (to the questions before the map).
    Interrupts propagate (saved already)."""
    while (qid := session.current()) is not None:
        prompt = session.prompt(qid)
        if opening is not None:
            prompt = replace(prompt, can_go_back=True)
        reply = ask(prompt)
        if reply.back_to is not None:
            session.back_to(reply.back_to)
        elif reply.back and session.path():
            session.back()
        elif reply.back and opening is not None:
            opening()
        elif reply.value is not None:
            session.answer(qid, reply.value, reply.note)
    return session
