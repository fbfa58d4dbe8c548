"""The terminal side of `readiness assess`: rich output and numbered prompts that also work
through a pipe, a screen reader or NO_COLOR. The session logic lives in `session`.

Nothing read from a file, a bank or the keyboard is ever taken as rich markup, and every line
goes through `controls.visible` before it is printed."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
import textwrap
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError
from rich.console import Console
from rich.table import Table
from rich.text import Text

from readiness.answers import load_answers
from readiness.controls import visible
from readiness.errors import AnswerError, ReadinessError
from readiness.files import Inputs, fresh_path, refuse_read_only, write_atomic
from readiness.loading import builtin_bank_dir
from readiness.locks import interview_lock
from readiness.model import OWN_COUNCIL, ROLES, Bank, Partnership, Respondent
from readiness.render.common import VERDICT_WORDS, expected_number, rating_words, role_words
from readiness.render.text import plural
from readiness.session import BACK, Prompt, Reply, Session, interpret, name_problem, pick, run

if TYPE_CHECKING:
    from rich.table import Table

    from readiness.scoring import Assessment

DEFAULT_ANSWERS = Path("readiness-answers.yaml")
NOTHING_TO_READ = (
    "readiness: no terminal and nothing to read, so there is nobody to interview. To score answers "
    "without one, fill in `readiness template > answers.yaml` and run `readiness score answers.yaml`."
)
INPUT_ENDED = "readiness: input ended before the interview was finished"


PIPED_RETRIES = 10  # lines in a row that answer nothing before piped input is given up on
_KEEP_TOGETHER = re.compile(r"\b(?:paras?|ss?|regs?|Sch|Pt|ch)\.? \d")
"""A place in a source and its number ("para. 3", "s. 41", "Sch 1"), kept on one line."""
_HELD = "\ue000"  # a private-use character: stands for a space that must not break


class InputNotUnderstood(Exception):
    """Piped input that keeps giving answers the current question cannot take."""


class Terminal:
    """Reads lines from the keyboard or a pipe, and writes through rich (which honours NO_COLOR)
    with markup and emoji codes off: `[/b]` or `:x:` in a name is printed as typed."""

    def __init__(self) -> None:
        self.interactive = sys.stdin.isatty()
        # with line editing, input() reads a pasted line whole; without it the terminal keeps
        # only the first 4,095 characters of a line, and the respondent is told when that happens
        self.editing = self.interactive and _line_editing()
        # a terminal gets word wrapping; a pipe or a log gets lines unbroken
        self.out = Console(highlight=False, markup=False, emoji=False, soft_wrap=not self.interactive)
        self.pushed: list[str] = []

    def say(self, text: str = "", style: str | None = None) -> None:
        """One line (or several), control characters made visible."""
        self.out.print(visible(text), style=style)

    def hanging(self, prefix: str, text: str, style: str | None = None) -> None:
        """`prefix` then `text`; on a terminal, wrapped lines are indented under the text's first line."""
        text = visible(text, keep="")
        if not self.interactive:
            self.say(prefix + text, style)
            return
        width = max(self.out.width - 1, len(prefix) + 20)
        held = _KEEP_TOGETHER.sub(lambda m: m[0].replace(" ", _HELD), text)  # "para. 3" is never split
        lines = textwrap.wrap(held, width, initial_indent=prefix, subsequent_indent=" " * len(prefix))
        self.out.print("\n".join(lines or [prefix]).replace(_HELD, " "), style=style, soft_wrap=True)

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
            line = self.out.input(prompt)
            if not self.editing and len(line) >= TERMINAL_LINE_LIMIT:
                self.say(CUT_AT_LIMIT)
                line = ""  # never taken as it stands: an empty reply asks the question again
            return line
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
            self.say(hint)
        if not self.interactive and attempt >= PIPED_RETRIES:
            raise InputNotUnderstood(hint)


TERMINAL_LINE_LIMIT = 4095
CUT_AT_LIMIT = (
    "That line reached the terminal's limit of 4,095 characters, so some of it may have been cut; it was "
    "not taken. Type or paste a shorter answer."
)


def _line_editing() -> bool:
    try:
        import readline  # noqa: F401 - importing it is what makes input() edit lines
    except ImportError:  # pragma: no cover - Python built without it
        return False
    return True


def interview(bank: Bank, bank_dir: Path | None, answers: Path | None, report: Path | None, resume: bool) -> int:
    """Run the whole interview; returns the exit code."""
    term = Terminal()
    _check_paths(answers, report, bank_dir)
    if not term.has_input():
        print(NOTHING_TO_READ, file=sys.stderr)
        return 1
    with ExitStack() as held:
        try:
            session, target = _open_session(bank, answers, resume, term, held)
        except (KeyboardInterrupt, EOFError) as stop:
            term.say()
            term.say("Stopped before the interview began; nothing was changed.")
            if isinstance(stop, EOFError) and not term.interactive:
                print(INPUT_ENDED, file=sys.stderr)
                return 1
            return 130
        return _carry_out(session, target, bank_dir, report, term)


def _carry_out(session: Session, target: Path, bank_dir: Path | None, report: Path | None, term: Terminal) -> int:
    """Ask the opening (if the file lacks it) and the map; on any stop, say how to carry on."""
    command = _resume_command(bank_dir, target, report)
    opening = Opening(session, term)
    try:
        if session.partnership is None or session.respondent is None:
            opening.ask()
        if session.current() is None and session.partnership is not None:
            term.say(f"The interview in {target} is already finished ({_so_far(session)}); here is its summary again.")
        elif session.answers or session.set_aside:
            term.say(f"Carrying on from {target}: {_so_far(session)}.")
        run(session, lambda prompt: _ask(prompt, term, session.bank, session.answered()), opening=opening.ask_from_end)
    except (KeyboardInterrupt, EOFError, InputNotUnderstood, ReadinessError) as stop:
        return _stopped(stop, session, target, command, term)
    _finish(session, target, report, term)
    return 0


def _so_far(session: Session) -> str:
    aside = f", and {len(session.set_aside)} set aside to offer back" if session.set_aside else ""
    return plural(len(session.answers), "answer") + " so far" + aside


def _stopped(stop: BaseException, session: Session, target: Path, command: str, term: Terminal) -> int:
    """Save what can be saved, say why the interview stopped and how to carry on; the exit code."""
    if isinstance(stop, ReadinessError):  # a save failed: what is on disk is the last save that worked
        for diagnostic in stop.diagnostics:
            print(diagnostic, file=sys.stderr)
        term.say()
        term.say(f"Your answers up to the last one saved are in {target}. To carry on later:")
        term.out.print(f"  {visible(command)}", soft_wrap=True)
        return 1
    session.save()
    term.say()
    if isinstance(stop, InputNotUnderstood):
        print(
            f"readiness: stopped: the input gave {PIPED_RETRIES} lines in a row that did not answer the "
            "question (check what is piped in)",
            file=sys.stderr,
        )
    piped_end = isinstance(stop, EOFError) and not term.interactive
    if piped_end:
        print(INPUT_ENDED, file=sys.stderr)
    term.say(f"Saved {plural(len(session.path()), 'answer')} to {target}. To carry on later:")
    term.out.print(f"  {visible(command)}", soft_wrap=True)  # unbroken, so it can be copied
    return 1 if isinstance(stop, InputNotUnderstood) or piped_end else 130


def _check_paths(answers: Path | None, report: Path | None, bank_dir: Path | None) -> None:
    """Refuse, before anyone types an answer, files that could not be written at the end."""
    if answers is not None and answers.suffix.lower() not in (".yaml", ".yml"):
        raise AnswerError.at(str(answers), "answers are saved as YAML: give the file a .yaml name")
    for path in (answers, report):
        if path is None:
            continue
        folder = Path(os.path.realpath(path)).parent
        if path.is_dir() or not folder.is_dir() or not os.access(folder, os.W_OK):
            why = "is a directory" if path.is_dir() else f"cannot be written: {folder} is not a writable directory"
            raise AnswerError.at(str(path), f"{why} (choose another path)")
        refuse_read_only(path)
    bank_files = Inputs(bank=bank_dir or builtin_bank_dir())
    for path in (answers, report):
        if path is not None:
            bank_files.refuse(path)
    if answers is not None and report is not None:
        Inputs([answers]).refuse(report)


def _open_session(
    bank: Bank, answers: Path | None, resume: bool, term: Terminal, held: ExitStack
) -> tuple[Session, Path]:
    """The session to carry on or start, with the lock of its file held until `held` closes."""
    target = answers or (DEFAULT_ANSWERS if resume else fresh_path(DEFAULT_ANSWERS))
    if resume and not target.exists():
        problem = "there is no answers file here to resume (check the path, or leave out --resume)"
        raise AnswerError.at(str(target), problem)
    held.enter_context(interview_lock(target))
    if target.exists() and not resume:
        term.say(f"{target} already holds answers. Carry on from them? [Y/n]")
        if term.read().strip().lower() in ("n", "no"):
            target = fresh_path(target)
            held.enter_context(interview_lock(target))
            term.say(f"Starting afresh; saving to {target} so the earlier answers stay as they were.")
        else:
            resume = True
    if not resume:
        session = Session(bank, save_to=target)
        session.save()  # at once: a path that cannot be written fails before any answer is typed
        term.say(f"Saving your answers to {target} as you go.")
        return session, target
    loaded = load_answers(target, bank)  # a file of an earlier version is carried to this one
    for notice in loaded.notices():
        term.say(str(notice))
    if loaded.carried:
        term.say(f"Carrying on with version {bank.version}'s questions; {target} is saved in that version from now on.")
    return Session.resume(bank, loaded.answers, save_to=target), target


def _resume_command(bank_dir: Path | None, target: Path, report: Path | None) -> str:
    """The command that carries on, with every path absolute: it works from any directory."""
    parts = [*_program(), "assess", "--answers", os.path.abspath(target), "--resume"]
    parts += ["--bank", os.path.abspath(bank_dir)] if bank_dir else []
    parts += ["--report", os.path.abspath(report)] if report else []
    return shlex.join(parts)


def _program() -> list[str]:
    """How the respondent ran the tool, so the resume command works as printed from anywhere:
    `readiness` when that is the one on the PATH, else its absolute path (a venv's
    `.venv/bin/readiness` is not on the PATH, and is relative to the checkout)."""
    run_as = Path(sys.argv[0] if sys.argv else "")
    if run_as.name == "readiness":
        on_path = shutil.which("readiness")
        if on_path and os.path.realpath(on_path) == os.path.realpath(run_as):
            return ["readiness"]
        return [os.path.abspath(run_as)]
    if run_as.parts[-2:] == ("readiness", "__main__.py"):
        return [sys.executable or "python3", "-m", "readiness"]
    return ["readiness"]


# --- the opening: who is answering ----------------------------------------------------------------

STEPS = ("name", "partnership", "councils", "council", "role", "group")
_BACK = object()


class Opening:
    """The questions before the map: the respondent's name, the partnership, its councils, the
    respondent's council, role and (optionally) group. `<` steps back through them; Enter keeps
    what was given."""

    def __init__(self, session: Session, term: Terminal) -> None:
        self.session, self.term = session, term
        partnership, respondent = session.partnership, session.respondent
        self.given: dict[str, str | list[str] | None] = {
            "name": respondent.name if respondent else None,
            "partnership": partnership.name if partnership else None,
            "councils": list(partnership.councils) if partnership else None,
            "council": respondent.council if respondent else None,
            "role": respondent.role if respondent else None,
            "group": respondent.group if respondent else None,
        }

    def ask(self, step: int = 0) -> None:
        """Ask from `step` to the last, then save the profile."""
        self.term.say("First, who is answering?", style="bold")
        while step < len(STEPS):
            got = getattr(self, f"_ask_{STEPS[step]}")(step > 0)
            if got is _BACK:
                step -= 1
                continue
            self.given[STEPS[step]] = got
            step += 1
        self._save()

    def ask_from_end(self) -> None:
        """Back from the first question of the map: into the last opening question."""
        self.ask(len(STEPS) - 1)

    def _save(self) -> None:
        councils = tuple(self.given["councils"] or ())
        respondent = Respondent.model_validate({key: self.given[key] for key in ("name", "council", "role", "group")})
        self.session.set_profile(Partnership(name=str(self.given["partnership"]), councils=councils), respondent)

    def _ask_name(self, can_go_back: bool) -> object:
        return self._text("Your name", "name", can_go_back, lambda typed: name_problem("name", typed))

    def _ask_partnership(self, can_go_back: bool) -> object:
        question = "Name of the partnership (for example: Northvale and Southmere)"
        return self._text(question, "partnership", can_go_back, lambda typed: name_problem("partnership", typed))

    def _ask_councils(self, can_go_back: bool) -> object:
        def problem(typed: str) -> str | None:
            return _councils_problem(str(self.given["partnership"]), _split(typed))

        got = self._text("The councils in it, separated by commas", "councils", can_go_back, problem)
        return got if got is _BACK else _split(str(got))

    def _ask_council(self, can_go_back: bool) -> object:
        councils = list(self.given["councils"] or [])
        return self._number("Which council are you answering for?", "council", councils, councils, can_go_back)

    def _ask_role(self, can_go_back: bool) -> object:
        labels = [role_words(r) for r in ROLES]
        return self._number("Your role:", "role", list(ROLES), labels, can_go_back)

    def _ask_group(self, can_go_back: bool) -> object:
        question = "Your group within the council, if the survey asks (for example administration, opposition)"
        return self._text(question, "group", can_go_back, lambda typed: name_problem("name", typed), optional=True)

    def _text(
        self, question: str, key: str, can_go_back: bool, problem: Callable[[str], str | None], optional: bool = False
    ) -> object:
        given = self.given[key]
        default = ", ".join(given) if isinstance(given, list) else given
        attempt = 0
        while True:
            attempt += 1
            self.term.say(question)
            self._keys(default, can_go_back, optional)
            typed = self.term.read().strip()
            if typed == BACK:
                if can_go_back:
                    return _BACK
                self.term.retry("This is the first question; there is nothing to go back to.", attempt)
                continue
            typed = typed or default or ""
            if optional and not typed:
                return None
            found = problem(typed) if typed else "please type an answer"
            if found is None:
                return typed
            self.term.retry(f"Not taken: {found}.", attempt)

    def _number(self, question: str, key: str, values: list[str], labels: list[str], can_go_back: bool) -> object:
        given = self.given[key]
        default = labels[values.index(given)] if isinstance(given, str) and given in values else None
        attempt = 0
        while True:
            attempt += 1
            self.term.say(question)
            for i, label in enumerate(labels, 1):
                self.term.hanging(f"  {i}. ", label)
            self._keys(default, can_go_back)
            typed = self.term.read().strip()
            if typed == BACK and can_go_back:
                return _BACK
            if not typed and default is not None:
                return given
            index = pick(typed, len(values))
            if index is not None:
                return values[index]
            self.term.retry(f"Type a number from 1 to {len(values)}.", attempt)

    def _keys(self, default: str | None, can_go_back: bool, optional: bool = False) -> None:
        keys = [f"Enter keeps: {default}"] if default else ["Enter leaves it out"] if optional else []
        keys += ["< goes back"] if can_go_back else []
        if keys:
            self.term.say("; ".join(keys) + ".", style="dim")


def _split(typed: str) -> list[str]:
    return [c.strip() for c in typed.replace(";", ",").split(",") if c.strip()]


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:20] + "…"


def _councils_problem(partnership: str, councils: list[str]) -> str | None:
    """The file reader's rules for the councils: at least two, each once, each a name."""
    if len(councils) < 2:
        return "name at least two different councils, separated by commas"
    for council in councils:
        if (problem := name_problem("partnership", council)) is not None:  # a council's name: the same rules
            return f"{_short(council)}: {problem}"
    try:
        Partnership(name=partnership, councils=tuple(councils))
    except ValidationError as exc:
        return str(exc.errors(include_url=False)[0]["msg"]).removeprefix("Value error, ")
    return None


# --- the map's questions --------------------------------------------------------------------------


def _ask(prompt: Prompt, term: Terminal, bank: Bank, answered: list[tuple[str, str]] | None = None) -> Reply:
    """Ask one question until the reply is understood; `answered` is (question id, answer in
    words) of the path so far, for `<<`."""
    answered = answered or []
    council = prompt.council
    _show(prompt, term)
    attempt = 0
    while True:
        attempt += 1
        reply = interpret(prompt.question, term.read(), prompt.default)
        if reply.help:
            _show_help(prompt, term, bank)
            term.retry("", attempt)
        elif reply.jump:
            if (back_to := _jump(answered, term, bank)) is not None:
                return Reply(back_to=back_to)
            term.retry("", attempt)
        elif reply.back and not prompt.can_go_back:
            term.retry("This is the first question; there is nothing to go back to.", attempt)
        elif reply.problem:
            term.retry(f"Not understood: {reply.problem}.", attempt)
        else:
            if reply.value is not None:
                note = f" (note: {reply.note})" if reply.note else ""
                term.hanging("  → ", f"{prompt.question.answer_text(reply.value, council=council)}{note}", "dim")
            return reply


def _show(prompt: Prompt, term: Terminal) -> None:
    question = prompt.question
    term.say()
    if prompt.problem:
        term.say(f"Not saved: {prompt.problem}.")
    to_go = "last question" if prompt.remaining == 0 else f"about {prompt.remaining} more after this"
    # a plain line, not a rule: a rule cuts a long title to the width of the terminal
    term.hanging("── ", f"{prompt.domain_title} · {prompt.number - 1} answered · {to_go}", style="dim")
    term.hanging("", question.text, style="bold")
    if question.type in ("yes_no", "choice", "multi"):
        for i, option in enumerate(question.options, 1):
            alone = " (on its own)" if option.exclusive else ""
            label = f"{prompt.council} (my council)" if option.value == OWN_COUNCIL and prompt.council else option.label
            term.hanging(f"  {i}. ", f"{label}{alone}")
        if question.unknown:
            term.hanging(f"  {len(question.options) + 1}. ", "Don't know")
        how = "Type the numbers, separated by commas" if question.type == "multi" else "Type a number"
    elif question.type in ("scale", "number"):
        how = f"Type {expected_number(question)}" + (", or dk for don't know" if question.unknown else "")
    else:
        how = "Type your answer" + (", or press Enter to skip" if question.unknown else "")
    if prompt.default is not None:
        how += f"; Enter keeps: {question.answer_text(prompt.default.value, council=prompt.council)}"
    note = "; a note may follow a semicolon (2; finance only)" if question.type != "text" else ""
    back = "; < goes back, << lists your answers to jump to" if prompt.can_go_back else ""
    term.hanging("", f"{how}{note}. ? explains why this matters{back}.", style="dim")


def _jump(answered: list[tuple[str, str]], term: Terminal, bank: Bank) -> str | None:
    """List the answers so far and ask which question to go back to; None to stay."""
    if not answered:
        term.say("Nothing is answered yet; there is nothing to go back to.")
        return None
    term.say("Your answers so far:")
    for i, (qid, answer) in enumerate(answered, 1):
        term.hanging(f"  {i}. ", f"{bank.questions[qid].text} → {answer}")
    term.say(f"Go back to which question? Type its number (1 to {len(answered)}), or press Enter to stay.")
    index = pick(term.read(), len(answered))
    return answered[index][0] if index is not None else None


def _show_help(prompt: Prompt, term: Terminal, bank: Bank) -> None:
    from readiness.render.brief import places
    from readiness.render.sources import reference

    term.hanging("", f"Why this matters: {prompt.question.help}")
    by_source: dict[str, list[str]] = {}
    for citation in prompt.question.cites:
        if found := bank.finding(citation):
            by_source.setdefault(found[0].id, []).append(found[1].locator)
    for source_id, locators in by_source.items():  # each source's title once, then its places
        term.hanging("  Source: ", f"{reference(bank, source_id)}, {places(locators)}")


CLOSING_ITEMS = 3
"""Items of each list on the closing screen (the report has them all), so that at 80 by 40 the
whole screen, verdict and domain table included, stays in view."""


def _finish(session: Session, target: Path, report: Path | None, term: Terminal) -> None:
    """The closing screen, then the report. The lists come first and the domain table and the
    verdict last, so what matters most is what stays on the screen; on a terminal each list
    item takes one line."""
    from readiness.render import brief
    from readiness.render.markdown import render_markdown
    from readiness.scoring import Scorer

    result = Scorer(session.bank).score(session.answer_set(str(target)))
    lists = (
        ("The biggest risks", [brief.risk_line(result, r).plain for r in result.top_risks]),
        ("What to do first", [x.do for x in result.first_actions]),
        ("What to find out first", [session.bank.questions[f.question].text for f in result.find_out]),
    )
    for heading, items in lists:
        if items:
            more = f" (first {CLOSING_ITEMS} of {len(items)})" if len(items) > CLOSING_ITEMS else ""
            term.say(f"{heading}{more}:", style="bold")
        for i, item in enumerate(items[:CLOSING_ITEMS], 1):
            term.say(f"  {i}. {_one_line(item, term)}")
    term.out.print(_domain_table(result))
    verdict = (VERDICT_WORDS[result.verdict], "bold")
    term.out.print(Text.assemble("Verdict: ", verdict, ". ", visible(brief.why(result))))
    if sentence := brief.range_sentence(result):
        term.say(sentence)
    destination = report or fresh_path(target.with_suffix(".md"))
    Inputs([target]).refuse(destination)
    write_atomic(destination, visible(render_markdown(result)))
    term.say(f"Your answers are in {target}; the full report, with actions and sources, is in {destination}.")


def _domain_table(result: Assessment) -> Table:
    from rich import box
    from rich.table import Table

    from readiness.render import brief

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1))
    for column in ("Domain", "Rating", "Score", "Unknown"):
        table.add_column(column, justify="right" if column in ("Score", "Unknown") else "left")
    for domain in result.domains:
        title = visible(domain.title, keep="")
        table.add_row(title, rating_words(domain.rating), brief.score_words(domain), str(domain.unknown))
    return table


def _one_line(text: str, term: Terminal) -> str:
    """On a terminal, `text` cut at a word to fit one line after a list number (with "…")."""
    text = visible(text, keep="")
    room = term.out.width - 6
    if not term.interactive or len(text) <= room:
        return text
    return text[: room - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
