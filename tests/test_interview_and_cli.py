"""The interview and the command line as a newcomer meets them: the closing screen at 80 by 40,
resuming a finished file, the council named, multi-choice mistakes by number, `?` naming each
source once, wrapping at 80 columns, notes, jumping back, help without Python, the answers file
kept out of git, and the saving line."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from helpers import walked_answers
from readiness.answers import load_answers
from readiness.cli import app
from readiness.cli.interview import Terminal, _finish, _show_help
from readiness.compare import compare
from readiness.loading import load_bank
from readiness.model import Answer, Partnership, Respondent
from readiness.render.markdown import render_markdown
from readiness.render.sources import reference
from readiness.scoring import Scorer
from readiness.session import Session, interpret

MakeBank = Callable[..., Path]
ROOT = Path(__file__).resolve().parents[1]
BANK = load_bank()
runner = CliRunner()
OPENING = "A. Officer\nNorth and South\nNorth DC, South BC\n2\n4\n\n"


def terminal(width: int = 80) -> tuple[Terminal, io.StringIO]:
    """A terminal as a person has it (wrapping on), `width` columns, recording what it shows."""
    term = Terminal()
    shown = io.StringIO()
    term.interactive = True
    term.out = Console(file=shown, width=width, highlight=False, markup=False, emoji=False, color_system=None)
    return term, shown


@pytest.mark.parametrize("pick", ["middle", "worst"])
def test_the_closing_screen_fits_80_by_40_with_the_verdict_and_table_last(pick: str, in_tmp: Path) -> None:
    """A full interview's closing screen is at most 40 lines of at most 80 columns, and ends
    with the domain table, the verdict and where the report is."""
    session = Session(
        BANK,
        {q: Answer(tuple(v) if isinstance(v, list) else v) for q, v in walked_answers(BANK, pick).items()},
        partnership=Partnership(name="Kingsmoor and Wexley", councils=("Kingsmoor DC", "Wexley BC")),
        respondent=Respondent(name="A. Officer", council="Kingsmoor DC", role="chief_executive"),
        save_to=Path("a.yaml"),
    )
    term, shown = terminal(80)
    _finish(session, Path("a.yaml"), None, term)
    lines = shown.getvalue().splitlines()
    assert len(lines) <= 40, "\n".join(lines)
    assert max(len(line) for line in lines) <= 80
    screen = "\n".join(lines)
    assert screen.index("The biggest risks") < screen.index("Domain") < screen.index("Verdict:")
    assert screen.rsplit("Verdict:", 1)[1].count("Your answers are in") == 1


def test_resuming_a_finished_file_says_so(make_bank: MakeBank, in_tmp: Path) -> None:
    bank = make_bank()
    runner.invoke(app, ["assess", "--bank", str(bank), "--answers", "a.yaml"], input=OPENING + "2\n1\n1\n12\n")
    again = runner.invoke(app, ["assess", "--bank", str(bank), "--answers", "a.yaml", "--resume"], input="\n")
    assert again.exit_code == 0, again.output
    assert "The interview in a.yaml is already finished (4 answers so far); here is its summary again." in again.stdout
    assert "the full report, with actions and sources, is in a-2.md" in again.stdout


def test_saving_is_announced_with_answers_too(make_bank: MakeBank, in_tmp: Path) -> None:
    done = runner.invoke(app, ["assess", "--bank", str(make_bank()), "--answers", "mine.yaml"], input=OPENING)
    assert "Saving your answers to mine.yaml as you go." in done.stdout


def test_reports_name_the_council_not_my_council() -> None:
    """An answer of "my council" is the respondent's council by name, in reports and in compare."""
    files = sorted((ROOT / "examples" / "partnership").glob("*.yaml"))
    loaded = [load_answers(f, BANK).answers for f in files]
    text = render_markdown(Scorer(BANK).score(loaded[0]))
    assert "My council" not in text
    assert f"| {loaded[0].respondent.council} |" in text  # type: ignore[union-attr]
    from readiness.render.comparison import render_comparison_markdown

    view = render_comparison_markdown(compare(BANK, loaded))
    assert "My council" not in view
    assert "each answered “Which council would employ the shared chief executive?” with its own name" in view


def test_a_multi_choice_mistake_names_the_option_by_its_number() -> None:
    question = next(q for q in BANK.questions.values() if q.type == "multi" and q.options[-1].exclusive)
    last = len(question.options)
    reply = interpret(question, f"1,{last}")
    assert reply.problem is not None
    assert reply.problem.startswith(f"{last} ({question.options[-1].label}) goes on its own, not with others")
    assert question.options[-1].value not in reply.problem


def test_a_note_follows_a_semicolon_and_the_prompt_says_so(make_bank: MakeBank, in_tmp: Path) -> None:
    question = BANK.questions["leaders_trust"]
    assert interpret(question, "2; finance only so far").note == "finance only so far"
    done = runner.invoke(
        app, ["assess", "--bank", str(make_bank()), "--answers", "a.yaml"], input=OPENING + "2; tense\n"
    )
    assert "a note may follow a semicolon (2; finance only)" in done.stdout
    assert "→ No (note: tense)" in done.stdout


def test_jumping_back_through_the_list(make_bank: MakeBank, in_tmp: Path) -> None:
    """`<<` lists the answers so far; a number goes back there, later answers kept as defaults."""
    bank = make_bank()
    typed = OPENING + "1\n1\n<<\n1\n2\n1\n\n12\n"  # q1 yes, q3 full; back to q1: no, q2 1, q3 kept, q4 12
    done = runner.invoke(app, ["assess", "--bank", str(bank), "--answers", "a.yaml"], input=typed)
    assert done.exit_code == 0, done.output
    assert "Your answers so far:" in done.stdout
    assert "Go back to which question? Type its number (1 to 2), or press Enter to stay." in done.stdout
    saved = load_answers(in_tmp / "a.yaml", load_bank(bank)).answers
    assert {k: a.value for k, a in saved.answers.items()} == {"q1": "no", "q2": 1, "q3": "full", "q4": 12}


def test_help_names_each_source_once_and_keeps_para_with_its_number() -> None:
    """`?`: one line per source, its places together; at 80 columns a wrapped line is indented
    under the text and no line ends in "para." or "s."."""
    question = next(q for q in BANK.questions.values() if len({c.split(".")[0] for c in q.cites}) < len(q.cites))
    session = Session(BANK)
    term, shown = terminal(80)
    _show_help(session.prompt(question.id), term, BANK)
    text = shown.getvalue()
    for source in {c.split(".")[0] for c in question.cites}:
        assert text.count(reference(BANK, source)[:30]) == 1
    lines = text.splitlines()
    for before, after in itertools.pairwise(lines):
        assert not re.search(r"\b(paras?|ss?)\.$", before), before
        if before.startswith("  Source: ") and after and not after.startswith("  Source: "):
            assert after.startswith(" " * len("  Source: ")), after


def test_help_shows_no_python_and_no_cut_descriptions() -> None:
    listing = runner.invoke(app, ["--help"], env={"COLUMNS": "80"}).stdout
    assert "..." not in listing.split("Commands:")[1]
    for command in ("score", "compare"):
        text = runner.invoke(app, [command, "--help"], env={"COLUMNS": "80"}).stdout
        assert "list[str]" not in text
        assert "{FILE}" not in text
        assert f"Usage: readiness {command} [OPTIONS] FILE..." in text


def test_graph_says_which_formats_it_has() -> None:
    done = runner.invoke(app, ["graph", "--format", "svg"])
    assert done.exit_code == 2
    assert "Value error" not in done.output
    assert "'svg' is not a format graph prints: use mermaid or dot" in done.output


def test_git_ignores_what_the_interview_saves() -> None:
    ignored = subprocess.run(
        ["git", "check-ignore", "readiness-answers.yaml", "readiness-answers-2.yaml", "readiness-answers.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if ignored.returncode == 128:
        pytest.skip("not a git checkout")
    assert ignored.stdout.split() == ["readiness-answers.yaml", "readiness-answers-2.yaml", "readiness-answers.md"]
