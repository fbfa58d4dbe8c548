"""The terminal side of `readiness assess`: rich output and numbered prompts that also work
through a pipe, a screen reader or NO_COLOR. The session logic lives in `session`."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from rich.console import Console

from readiness.answers import load_answers
from readiness.errors import AnswerError
from readiness.files import fresh_path, write_atomic
from readiness.model import ROLES, Bank, Partnership, Respondent, name_key
from readiness.render.common import RATING_WORDS, VERDICT_WORDS, expected_number, role_words
from readiness.render.text import plural
from readiness.session import Prompt, Reply, Session, interpret, run

DEFAULT_ANSWERS = Path("readiness-answers.yaml")
NOTHING_TO_READ = (
    "readiness: no terminal and nothing to read, so there is nobody to interview. To score answers "
    "without one, fill in `readiness template > answers.yaml` and run `readiness score answers.yaml`."
)


PIPED_RETRIES = 10  # lines in a row that answer nothing before piped input is given up on


class InputNotUnderstood(Exception):
    """Piped input that keeps giving answers the current question cannot take."""


class Terminal:
    """Reads lines from the keyboard or a pipe, and writes through rich (which honours NO_COLOR)."""

    def __init__(self) -> None:
        self.interactive = sys.stdin.isatty()
        # a terminal gets word wrapping; a pipe or a log gets lines unbroken
        self.out = Console(highlight=False, soft_wrap=not self.interactive)
        self.pushed: list[str] = []

    def has_input(self) -> bool:
        """With no terminal, whether anything at all can be read."""
        if self.interactive:
            return True
        line = sys.stdin.readline()
        if line:
            self.pushed.append(line)
        return bool(line)

    def read(self, prompt: str = "> ") -> str:
        """One line; EOFError at the end of the input (Ctrl-D), KeyboardInterrupt on Ctrl-C."""
        if self.interactive:
            return self.out.input(prompt)
        self.out.print(prompt, end="")
        line = self.pushed.pop() if self.pushed else sys.stdin.readline()
        if not line:
            self.out.print()
            raise EOFError
        return line.rstrip("\n")

    def retry(self, hint: str, attempt: int) -> None:
        """Say why an answer was not taken. A person at a terminal may try for as long as they
        like; a pipe that keeps sending what the question cannot take is stopped, not looped on."""
        if hint:
            self.out.print(hint, markup=False)
        if not self.interactive and attempt >= PIPED_RETRIES:
            raise InputNotUnderstood(hint)


def interview(bank: Bank, bank_dir: Path | None, answers: Path | None, report: Path | None, resume: bool) -> int:
    """Run the whole interview; returns the exit code."""
    term = Terminal()
    _check_paths(answers, report)
    if not term.has_input():
        print(NOTHING_TO_READ, file=sys.stderr)
        return 1
    try:
        session, target = _open_session(bank, answers, resume, term)
    except (KeyboardInterrupt, EOFError):
        term.out.print("\nStopped before the interview began; nothing was changed.")
        return 130
    command = _resume_command(bank_dir, target, report)
    try:
        if session.partnership is None or session.respondent is None:
            _ask_profile(session, term)
        if session.answers:
            term.out.print(f"Carrying on from {target}: {plural(len(session.answers), 'answer')} so far.")
        run(session, lambda prompt: _ask(prompt, term, bank))
    except (KeyboardInterrupt, EOFError, InputNotUnderstood) as stop:
        session.save()
        term.out.print()
        if isinstance(stop, InputNotUnderstood):
            print(
                f"readiness: stopped: the input gave {PIPED_RETRIES} lines in a row that did not answer the "
                "question (check what is piped in)",
                file=sys.stderr,
            )
        term.out.print(f"Saved {plural(len(session.path()), 'answer')} to {target}. To carry on later:")
        term.out.print(f"  {command}", soft_wrap=True, markup=False)  # unbroken, so it can be copied
        return 1 if isinstance(stop, InputNotUnderstood) else 130
    _finish(session, target, report, term)
    return 0


def _check_paths(answers: Path | None, report: Path | None) -> None:
    """Refuse, before anyone types an answer, files that could not be written at the end."""
    if answers is not None and answers.suffix.lower() not in (".yaml", ".yml"):
        raise AnswerError.at(str(answers), "answers are saved as YAML: give the file a .yaml name")
    for path in (answers, report):
        if path is None:
            continue
        folder = path.parent if str(path.parent) else Path()
        if path.is_dir() or not folder.is_dir() or not os.access(folder, os.W_OK):
            why = "is a directory" if path.is_dir() else f"cannot be written: {folder} is not a writable directory"
            raise AnswerError.at(str(path), f"{why} (choose another path)")


def _open_session(bank: Bank, answers: Path | None, resume: bool, term: Terminal) -> tuple[Session, Path]:
    target = answers or (DEFAULT_ANSWERS if resume else fresh_path(DEFAULT_ANSWERS))
    if resume and not target.exists():
        problem = "there is no answers file here to resume (check the path, or leave out --resume)"
        raise AnswerError.at(str(target), problem)
    if target.exists() and not resume:
        term.out.print(f"{target} already holds answers. Carry on from them? [Y/n]")
        if term.read().strip().lower() in ("n", "no"):
            target = fresh_path(target)
            term.out.print(f"Starting afresh; saving to {target} so the earlier answers stay as they were.")
        else:
            resume = True
    if not resume:
        session = Session(bank, save_to=target)
        session.save()  # at once: a path that cannot be written fails before any answer is typed
        if answers is None:
            term.out.print(f"Saving your answers to {target} as you go.")
        return session, target
    loaded = load_answers(target, bank)
    if loaded.other_version(bank):  # carrying on would mix two versions' questions in one file
        [warning] = loaded.warnings
        problem = f"{warning.message.split(' (')[0]} (start a new interview, or score it with `readiness score`)"
        raise AnswerError.at(warning.path, problem, warning.line, warning.col)
    for warning in loaded.warnings:
        term.out.print(str(warning), markup=False)
    return Session.resume(bank, loaded.answers, save_to=target), target


def _resume_command(bank_dir: Path | None, target: Path, report: Path | None) -> str:
    parts = [*_program(), "assess", "--answers", str(target), "--resume"]
    parts += ["--bank", str(bank_dir)] if bank_dir else []
    parts += ["--report", str(report)] if report else []
    return shlex.join(parts)


def _program() -> list[str]:
    """How the respondent ran the tool, so the resume command works as printed (a venv's
    `.venv/bin/readiness` is not on the PATH)."""
    run_as = Path(sys.argv[0] if sys.argv else "")
    if run_as.name == "readiness":
        return [str(run_as)]
    return ["python", "-m", "readiness"] if run_as.parts[-2:] == ("readiness", "__main__.py") else ["readiness"]


def _ask_profile(session: Session, term: Terminal) -> None:
    term.out.print("[bold]First, who is answering?[/bold]")
    name = _ask_text(term, "Name of the partnership (for example: Northvale and Southmere)")
    councils = _ask_councils(term)
    council = councils[_ask_number(term, "Which council are you answering for?", councils)]
    role = ROLES[_ask_number(term, "Your role:", [role_words(r) for r in ROLES])]
    respondent = Respondent.model_validate({"council": council, "role": role})
    session.set_profile(Partnership(name=name, councils=tuple(councils)), respondent)


def _ask_councils(term: Terminal) -> list[str]:
    attempt = 0
    while True:
        attempt += 1
        typed = _ask_text(term, "The councils in it, separated by commas")
        councils = [c.strip() for c in typed.replace(";", ",").split(",") if c.strip()]
        distinct = {name_key(c) for c in councils}
        if len(councils) >= 2 and len(distinct) == len(councils):
            return councils
        term.retry("Name at least two different councils, separated by commas.", attempt)


def _ask_text(term: Terminal, question: str) -> str:
    attempt = 0
    while True:
        attempt += 1
        term.out.print(question)
        text = term.read().strip()
        if text:
            return text
        term.retry("Please type an answer.", attempt)


def _ask_number(term: Terminal, question: str, choices: list[str]) -> int:
    attempt = 0
    while True:
        attempt += 1
        term.out.print(question)
        for i, choice in enumerate(choices, 1):
            term.out.print(f"  {i}. {choice}", markup=False)
        typed = term.read().strip()
        if typed.isdigit() and 1 <= int(typed) <= len(choices):
            return int(typed) - 1
        term.retry(f"Type a number from 1 to {len(choices)}.", attempt)


def _ask(prompt: Prompt, term: Terminal, bank: Bank) -> Reply:
    _show(prompt, term)
    attempt = 0
    while True:
        attempt += 1
        reply = interpret(prompt.question, term.read(), prompt.default)
        if reply.help:
            _show_help(prompt, term, bank)
            term.retry("", attempt)
        elif reply.back and not prompt.can_go_back:
            term.retry("This is the first question; there is nothing to go back to.", attempt)
        elif reply.problem:
            term.retry(f"Not understood: {reply.problem}.", attempt)
        else:
            if reply.value is not None:
                note = f" (note: {reply.note})" if reply.note else ""
                term.out.print(f"  → {prompt.question.answer_text(reply.value)}{note}", style="dim", markup=False)
            return reply


def _show(prompt: Prompt, term: Terminal) -> None:
    question = prompt.question
    term.out.print()
    to_go = "last question" if prompt.remaining == 0 else f"about {prompt.remaining} more after this"
    term.out.rule(f"{prompt.domain_title} · {prompt.number - 1} answered · {to_go}", style="dim")
    term.out.print(f"[bold]{_escape(question.text)}[/bold]")
    if question.type in ("yes_no", "choice", "multi"):
        for i, option in enumerate(question.options, 1):
            alone = " (on its own)" if option.exclusive else ""
            term.out.print(f"  {i}. {option.label}{alone}", markup=False)
        if question.unknown:
            term.out.print(f"  {len(question.options) + 1}. Don't know", markup=False)
        how = "Type the numbers, separated by commas" if question.type == "multi" else "Type a number"
    elif question.type in ("scale", "number"):
        how = f"Type {expected_number(question)}" + (", or dk for don't know" if question.unknown else "")
    else:
        how = "Type your answer" + (", or press Enter to skip" if question.unknown else "")
    if prompt.default is not None:
        how += f"; Enter keeps: {question.answer_text(prompt.default.value)}"
    back = "; < goes back" if prompt.can_go_back else ""
    term.out.print(f"{how}. ? explains why this matters{back}.", style="dim", markup=False)


def _show_help(prompt: Prompt, term: Terminal, bank: Bank) -> None:
    from readiness.render.sources import reference

    term.out.print(f"Why this matters: {prompt.question.help}", markup=False)
    shown = dict.fromkeys(
        f"{reference(bank, found[0].id)}, {found[1].locator}"
        for citation in prompt.question.cites
        if (found := bank.finding(citation))
    )
    for line in shown:
        term.out.print(f"  Source: {line}", markup=False)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _finish(session: Session, target: Path, report: Path | None, term: Terminal) -> None:
    # imported here, not above: the first question then appears sooner
    from rich.table import Table

    from readiness.render.markdown import render_markdown
    from readiness.scoring import Scorer

    result = Scorer(session.bank).score(session.answer_set(str(target)))
    table = Table(title="Readiness by domain", title_justify="left")
    for column in ("Domain", "Rating", "Risk score", "Flags"):
        table.add_column(column, justify="right" if column == "Risk score" else "left")
    for domain in result.domains:
        flags = [f for f in result.flags if f.domain == domain.id]
        critical = sum(1 for f in flags if f.severity == "critical")
        table.add_row(
            domain.title,
            RATING_WORDS[domain.rating],
            f"{domain.score:.1f}",
            f"{critical} critical, {len(flags) - critical} warning" if flags else "",
        )
    term.out.print()
    term.out.print(table)
    term.out.print(f"Verdict: [bold]{VERDICT_WORDS[result.verdict]}[/bold] (overall risk {result.score:.1f} of 100).")
    destination = report or fresh_path(target.with_suffix(".md"))
    write_atomic(destination, render_markdown(result))
    term.out.print(f"Your answers are in {target}; the full report, with actions and sources, is in {destination}.")
