"""`readiness assess` through CliRunner: the opening questions, answers typed through a pipe,
interruption and resume, and the rules about existing files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from readiness import session as session_module
from readiness.answers import load_answers
from readiness.cli import app
from readiness.cli.interview import NOTHING_TO_READ
from readiness.errors import ReadinessError
from readiness.loading import load_bank

MakeBank = Callable[..., Path]
runner = CliRunner()
OPENING = "A. Officer\nNorth and South\nNorth DC, South BC\n2\n4\n\n"


def test_whole_interview_through_a_pipe(make_bank: MakeBank, in_tmp: Path) -> None:
    """Opening questions, every answer typed, then the summary and a report beside the answers."""
    bank = make_bank()
    result = runner.invoke(app, ["assess", "--bank", str(bank)], input=OPENING + "2\n1\n1\n12\n")
    assert result.exit_code == 0, result.output
    assert "Saving your answers to readiness-answers.yaml as you go." in result.stdout
    assert "Verdict: ✖ Not ready. The firm answers already rule it out" in result.stdout
    assert "the full report, with actions and sources, is in readiness-answers.md" in result.stdout
    saved = load_answers(in_tmp / "readiness-answers.yaml", load_bank(bank)).answers
    assert saved.respondent is not None
    assert (saved.respondent.council, saved.respondent.role) == ("South BC", "chief_executive")
    assert {k: a.value for k, a in saved.answers.items()} == {"q1": "no", "q2": 1, "q3": "full", "q4": 12}
    assert (in_tmp / "readiness-answers.md").read_text().startswith("# Readiness report: North and South")


def test_councils_may_be_split_by_semicolons_but_never_named_twice(make_bank: MakeBank, in_tmp: Path) -> None:
    """The opening question takes the separator a CSV export uses, and refuses the same council twice."""
    typed = "A. Officer\nNorth and South\nNorth DC, north dc\nNorth DC; South BC\n2\n4\n\n2\n1\n1\n12\n"
    result = runner.invoke(app, ["assess", "--bank", str(make_bank())], input=typed)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Not taken: council 'north dc' is named twice (name each council once).") == 1
    saved = load_answers(in_tmp / "readiness-answers.yaml", load_bank(make_bank())).answers
    assert saved.partnership is not None
    assert saved.partnership.councils == ("North DC", "South BC")


def test_piped_input_that_is_never_understood_is_given_up_on(make_bank: MakeBank, in_tmp: Path) -> None:
    """`yes 1 | readiness assess` would otherwise ask for the councils for ever."""
    result = runner.invoke(app, ["assess", "--bank", str(make_bank())], input="1\n" * 1000)
    assert result.exit_code == 1
    assert result.stdout.count("Not taken: name at least two different councils, separated by commas.") == 10
    assert result.stderr == (
        "readiness: stopped: the input gave 10 lines in a row that did not answer the question "
        "(check what is piped in)\n"
    )
    assert f"readiness assess --answers {in_tmp / 'readiness-answers.yaml'} --resume" in result.stdout


def test_help_back_and_bad_input_at_the_prompt(make_bank: MakeBank, in_tmp: Path) -> None:
    """? shows why and the source; < goes back; nonsense gets a hint and the question again."""
    typed = OPENING + "?\n9\n2\n<\n1\n1\n5\n"
    result = runner.invoke(app, ["assess", "--bank", str(make_bank()), "--answers", "a.yaml"], input=typed)
    assert result.exit_code == 0, result.output
    assert "Why this matters: Trust matters." in result.stdout
    assert "  Source: A. Writer, “A source”, The Journal, 27 January 2011, para. 3" in result.stdout
    assert "Not understood: '9' is not one of the numbers: type a number from 1 to 3." in result.stdout
    assert "Enter keeps: No" in result.stdout
    saved = load_answers(in_tmp / "a.yaml", load_bank(make_bank())).answers
    assert list(saved.answers) == ["q1", "q3", "q4"]


def test_nothing_to_read_names_the_other_ways(make_bank: MakeBank, in_tmp: Path) -> None:
    """No terminal and no input: exit 1 at once, pointing at score and template."""
    result = runner.invoke(app, ["assess", "--bank", str(make_bank())], input="")
    assert result.exit_code == 1
    assert result.stderr == NOTHING_TO_READ + "\n"
    assert not list(in_tmp.glob("readiness-answers*"))


def test_end_of_input_saves_and_prints_the_resume_command(make_bank: MakeBank, in_tmp: Path) -> None:
    """Piped input that runs out midway keeps every answer, says the input ended and how to carry
    on: exit 1 (130 is for Ctrl-C)."""
    bank = make_bank()
    result = runner.invoke(app, ["assess", "--bank", str(bank), "--answers", "a.yaml"], input=OPENING + "2\n")
    assert result.exit_code == 1
    assert result.stderr == "readiness: input ended before the interview was finished\n"
    assert (
        "Saved 1 answer to a.yaml. To carry on later:\n"
        f"  readiness assess --answers {in_tmp / 'a.yaml'} --resume --bank {bank}" in result.stdout
    )
    resumed = runner.invoke(app, ["assess", "--bank", str(bank), "--answers", "a.yaml", "--resume"], input="3\n1\n2\n")
    assert resumed.exit_code == 0, resumed.output
    assert "Carrying on from a.yaml: 1 answer so far." in resumed.stdout
    saved = load_answers(in_tmp / "a.yaml", load_bank(bank)).answers
    assert {k: a.value for k, a in saved.answers.items()} == {"q1": "no", "q2": 3, "q3": "full", "q4": 2}


def test_existing_file_asks_before_starting_over(make_bank: MakeBank, in_tmp: Path) -> None:
    """Without --resume an existing file is never silently replaced: declining starts a fresh file."""
    bank = make_bank()
    runner.invoke(app, ["assess", "--bank", str(bank), "--answers", "a.yaml"], input=OPENING + "1\n")
    before = (in_tmp / "a.yaml").read_text()
    result = runner.invoke(app, ["assess", "--bank", str(bank), "--answers", "a.yaml"], input="n\n" + OPENING + "2\n")
    assert "Starting afresh; saving to a-2.yaml so the earlier answers stay as they were." in result.stdout
    assert (in_tmp / "a.yaml").read_text() == before
    assert (in_tmp / "a-2.yaml").exists()


def test_resume_without_a_file(make_bank: MakeBank, in_tmp: Path) -> None:
    """--resume needs something to resume."""
    result = runner.invoke(
        app, ["assess", "--bank", str(make_bank()), "--answers", "gone.yaml", "--resume"], input="1\n"
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "gone.yaml: error: there is no answers file here to resume (check the path, or leave out --resume)\n"
    )


def test_resume_carries_another_version_on_and_says_so(make_bank: MakeBank, in_tmp: Path) -> None:
    """Answers given against another version of the bank that fit this one are carried on: the
    interview says from which version, and saves the file in this version from then on."""
    (in_tmp / "old.yaml").write_text('bank: mini\nbank_version: "0.9"\nanswers: {q1: "yes"}\n')
    result = runner.invoke(
        app, ["assess", "--bank", str(make_bank()), "--answers", "old.yaml", "--resume"], input="1\n"
    )
    assert "old.yaml: bank 0.9 → 1.0: 1 answer carried, 0 mapped, 0 retired" in result.output
    assert "saved in that version from now on" in result.output
    assert "bank_version: '1.0'" in (in_tmp / "old.yaml").read_text()


def test_resume_refuses_a_newer_version(make_bank: MakeBank, in_tmp: Path) -> None:
    """A file of a later version than the bank, whose answers this bank cannot read, is refused."""
    (in_tmp / "new.yaml").write_text('bank: mini\nbank_version: "1.2"\nanswers: {q7: "yes"}\n')
    result = runner.invoke(
        app, ["assess", "--bank", str(make_bank()), "--answers", "new.yaml", "--resume"], input="1\n"
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("new.yaml:2:15: error: these answers were given against version 1.2 of bank")
    assert "newer than this bank (1.0)" in result.stderr


def test_default_report_never_replaces_a_file(make_bank: MakeBank, in_tmp: Path) -> None:
    """An existing report at the default path is kept; the new one gets a fresh name."""
    (in_tmp / "a.md").write_text("keep me")
    result = runner.invoke(
        app, ["assess", "--bank", str(make_bank()), "--answers", "a.yaml"], input=OPENING + "1\n1\n3\n"
    )
    assert result.exit_code == 0, result.output
    assert (in_tmp / "a.md").read_text() == "keep me"
    assert (in_tmp / "a-2.md").read_text().startswith("# Readiness report")


def test_a_failed_save_still_says_how_to_carry_on(make_bank: MakeBank, in_tmp: Path, monkeypatch: Any) -> None:
    """The disk fills up after the first answer: the error, where the answers are and the resume
    command are printed, exit 1; the file holds the last answer saved."""
    bank = make_bank()
    saves = 0
    real_write = session_module.write_atomic

    def failing_write(path: Path, text: str) -> None:
        nonlocal saves
        saves += 1
        if saves > 3:  # the first save, the profile, the first answer
            raise ReadinessError.at(str(path), "cannot write the file: No space left on device (check the path)")
        real_write(path, text)

    monkeypatch.setattr(session_module, "write_atomic", failing_write)
    result = runner.invoke(app, ["assess", "--bank", str(bank), "--answers", "a.yaml"], input=OPENING + "2\n1\n")
    assert result.exit_code == 1
    assert result.stderr == "a.yaml: error: cannot write the file: No space left on device (check the path)\n"
    assert result.stdout.endswith(
        "Your answers up to the last one saved are in a.yaml. To carry on later:\n"
        f"  readiness assess --answers {in_tmp / 'a.yaml'} --resume --bank {bank}\n"
    )
    saved = load_answers(in_tmp / "a.yaml", load_bank(bank)).answers
    assert {k: a.value for k, a in saved.answers.items()} == {"q1": "no"}
