"""The interview's opening (issue 12, point 6): the respondent's name first; `<` within the
opening and from the first question of the map back into it, never saved as a name; piped input
that ends exits 1; at 80 columns nothing is cut and wrapped lines hang under their first line;
what the prompt takes, the file reader reads back (issue 11, point 8)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from readiness.answers import load_answers
from readiness.cli import app
from readiness.cli.interview import Terminal
from readiness.loading import load_bank
from readiness.session import interpret, name_problem, pick

MakeBank = Callable[..., Path]
runner = CliRunner()
MAP = "2\n1\n1\n12\n"  # the mini bank's four questions, answered


def assess(bank: Path, typed: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["assess", "--bank", str(bank), "--answers", "a.yaml"], input=typed)
    return result.exit_code, result.stdout, result.stderr


def saved(bank: Path, where: Path) -> tuple[str | None, str, str, str]:
    answers = load_answers(where / "a.yaml", load_bank(bank)).answers
    assert answers.respondent is not None
    assert answers.partnership is not None
    respondent = answers.respondent
    return respondent.name, answers.partnership.name, respondent.council, respondent.role


def test_the_name_comes_first_and_is_saved(make_bank: MakeBank, in_tmp: Path) -> None:
    bank = make_bank()
    code, out, _ = assess(bank, "A. Officer\nNorth and South\nNorth DC, South BC\n2\n4\n\n" + MAP)
    assert code == 0, out
    assert out.index("Your name") < out.index("Name of the partnership")
    assert saved(bank, in_tmp) == ("A. Officer", "North and South", "South BC", "chief_executive")


def test_back_within_the_opening_offers_what_was_typed(make_bank: MakeBank, in_tmp: Path) -> None:
    """`<` at the councils goes back to the partnership's name; Enter would keep it, a new one replaces it."""
    bank = make_bank()
    typed = "A. Officer\nNorth and South\n<\nSouth and North\nNorth DC, South BC\n2\n4\n\n" + MAP
    code, out, _ = assess(bank, typed)
    assert code == 0, out
    assert "Enter keeps: North and South; < goes back." in out
    assert saved(bank, in_tmp)[1] == "South and North"


def test_back_at_the_first_question_is_never_a_name(make_bank: MakeBank, in_tmp: Path) -> None:
    bank = make_bank()
    code, out, _ = assess(bank, "<\nA. Officer\nNorth and South\nNorth DC, South BC\n2\n4\n\n" + MAP)
    assert code == 0, out
    assert out.count("This is the first question; there is nothing to go back to.") == 1
    assert saved(bank, in_tmp)[0] == "A. Officer"


def test_back_from_the_first_map_question_into_the_opening(make_bank: MakeBank, in_tmp: Path) -> None:
    """From the map's first question, `<` reaches the group, the role, then the council; Enter keeps the role."""
    bank = make_bank()
    typed = "A. Officer\nNorth and South\nNorth DC, South BC\n2\n4\n\n<\n<\n<\n1\n\n\n" + MAP
    code, out, _ = assess(bank, typed)
    assert code == 0, out
    assert "Enter keeps: Chief executive; < goes back." in out
    assert saved(bank, in_tmp)[2:] == ("North DC", "chief_executive")


def test_the_opening_refuses_what_the_file_reader_would(make_bank: MakeBank, in_tmp: Path) -> None:
    """A name over 200 characters, or of zero-width characters only, and `²` as a number, are
    refused at the prompt, so the file saved can always be resumed and scored."""
    bank = make_bank()
    typed = "x" * 201 + "\n\u200b\nA. Officer\n" + "P" * 2001 + "\nP\nN, S\n²\n1\n4\n\n" + MAP
    code, out, _ = assess(bank, typed)
    assert code == 0, out
    assert "Not taken: that is over 200 characters (shorten it)." in out
    assert "Not taken: has nothing visible in it (type a name)." in out
    assert "Not taken: that is over 2,000 characters (shorten it)." in out
    assert "Type a number from 1 to 2." in out
    assert runner.invoke(app, ["score", "--bank", str(bank), "a.yaml"]).exit_code == 0


def test_what_the_prompt_takes_the_file_reader_reads(make_bank: MakeBank) -> None:
    """A note over 2,000 characters, a text over 10,000 and `²` at a numbered pick are refused
    with the reader's own words."""
    bank = load_bank(make_bank())
    q3 = bank.questions["q3"]
    assert interpret(q3, "1; " + "n" * 2001).problem == (
        "the note is over 2,000 characters (shorten it): type a number from 1 to 4"
    )
    assert interpret(q3, "²").problem == "'²' is not one of the numbers: type a number from 1 to 4"
    assert pick("²", 3) is None
    assert pick(" 2 ", 3) == 1
    text = load_bank().questions["other_concerns"]
    assert (
        interpret(text, "t" * 10_001).problem
        == "the text is over 10,000 characters (shorten it) (or dk for don't know)"
    )
    assert name_problem("name", "y" * 200) is None


def test_the_multi_choice_hint_counts_every_option_shown() -> None:
    """Six options and "don't know" are seven numbers on screen; the hint says so."""
    question = load_bank().questions["agreement_gaps"]
    assert interpret(question, "9").problem == (
        "'9' is not one of the numbers: type one or more numbers from 1 to 6, separated by commas "
        "(7 alone for don't know)"
    )


@pytest.fixture
def terminal_80() -> tuple[Terminal, io.StringIO]:
    """A terminal 80 columns wide, as a respondent at a terminal has it."""
    term = Terminal()
    screen = io.StringIO()
    term.interactive = True
    term.out = Console(file=screen, width=80, markup=False, emoji=False, highlight=False, color_system=None)
    return term, screen


def test_at_80_columns_wrapped_lines_hang_under_their_first(terminal_80: tuple[Terminal, io.StringIO]) -> None:
    term, screen = terminal_80
    label = "Yes, and the councils have also agreed how the chief executive's time will be shared each week"
    term.hanging("  1. ", label)
    term.hanging("── ", "Shared vision and equality between councils · 12 answered · about 40 more after this")
    lines = screen.getvalue().splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert lines[0].startswith("  1. Yes,")
    assert lines[1].startswith("     ")
    assert not lines[1][5].isspace()
    assert "about 40 more after this" in " ".join(line.strip() for line in lines[2:])
    assert "…" not in screen.getvalue()


def test_going_back_into_the_opening_keeps_the_group_the_file_holds(make_bank: MakeBank, in_tmp: Path) -> None:
    """A respondent's group, set in the answer file, survives the opening being answered again."""
    bank = make_bank()
    assess(bank, "A. Officer\nNorth and South\nNorth DC, South BC\n2\n4\n\n")  # the opening only, then input ends
    path = in_tmp / "a.yaml"
    path.write_text(path.read_text().replace("role: chief_executive", "role: chief_executive\n  group: officers"))
    result = runner.invoke(app, ["assess", "--bank", str(bank), "--answers", "a.yaml", "--resume"], input="<\n\n" + MAP)
    assert result.exit_code == 0, result.stdout
    respondent = load_answers(path, load_bank(bank)).answers.respondent
    assert respondent is not None
    assert respondent.group == "officers"
