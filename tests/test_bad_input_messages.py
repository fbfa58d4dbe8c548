"""Bad input at the edges (an output that is a directory, impossible dates, malformed CSV
exports, repeated files, a device): each gets one clean line naming the file and the place, or
is accepted as meant."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import at
from readiness.answers import load_answers
from readiness.cli import app
from readiness.loading import load_bank

ROOT = Path(__file__).resolve().parents[1]
MIXED = str(ROOT / "examples" / "mixed.yaml")
runner = CliRunner()
MakeBank = Callable[..., Path]


def test_output_that_is_a_directory(tmp_path: Path) -> None:
    """One report cannot be written over a directory."""
    result = runner.invoke(app, ["score", MIXED, "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path}: error: is a directory (name a file to write)\n"


def test_answers_saved_only_as_yaml(in_tmp: Path) -> None:
    """assess writes YAML, so a .json or .csv answers path is refused before any question."""
    result = runner.invoke(app, ["assess", "--answers", "a.json"], input="P\n")
    assert result.exit_code == 1
    assert result.stderr == "a.json: error: answers are saved as YAML: give the file a .yaml name\n"


def test_impossible_date_in_an_answer_file(tmp_path: Path) -> None:
    """A value YAML cannot build (30 February) is refused at its line."""
    path = tmp_path / "a.yaml"
    path.write_text("bank: shared-management\nanswers:\n  other_concerns: 2020-02-30\n")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{path}:3:19: error: cannot read '2020-02-30': day is out of range for month (quote it to keep it as text)\n"
    )


def test_impossible_date_in_a_bank(make_bank: MakeBank) -> None:
    """The same in a source file of a bank, through validate."""
    root = make_bank(edit={"seeds/src.yaml": ("date: 2011-01-27", "date: 2011-02-30")})
    result = runner.invoke(app, ["validate", str(root)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{at(root, 'seeds/src.yaml', '2011-02-30')}: error: cannot read '2011-02-30': day is out of range for "
        "month (quote it to keep it as text)"
    )


def test_missing_seeds_directory_is_one_line(make_bank: MakeBank) -> None:
    """A bank without seeds/ says so once, instead of a 'no finding' error per citation."""
    root = make_bank()
    for path in (root / "seeds").iterdir():
        path.unlink()
    (root / "seeds").rmdir()
    result = runner.invoke(app, ["validate", str(root)])
    assert result.exit_code == 1
    seeds, questions = root / "seeds", root / "questions"
    assert result.stdout == (
        f"{seeds}: error: no seeds/ directory beside {questions} (a bank holds questions/ and seeds/)\n"
        f"{root}: 1 error, 0 warnings\n"
    )


def test_duplicate_domain_ids(make_bank: MakeBank) -> None:
    """A domain declared twice would count twice in the weighted score."""
    twice = "  - {id: trust, title: Again, purpose: Twice, weight: 1}\n"
    root = make_bank(edit={"questions/bank.yaml": ("  - {id: service", twice + "  - {id: service")})
    result = runner.invoke(app, ["validate", str(root)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{at(root, 'questions/bank.yaml', 'id: mini')}: error: domain 'trust' is declared twice (keep one)"
    )


def test_summary_name_is_kept_for_the_summary(tmp_path: Path) -> None:
    """An answer file called summary.yaml gets a report of its own, not the summary's name."""
    summary = tmp_path / "summary.yaml"
    summary.write_text(Path(MIXED).read_text())
    result = runner.invoke(app, ["score", str(summary), MIXED, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["mixed.md", "summary-2.md", "summary.md"]
    assert (tmp_path / "out" / "summary.md").read_text().startswith("# Readiness summary: 2 answer sets")


def test_dont_know_as_a_list_in_a_multi_question(tmp_path: Path) -> None:
    """[unknown] means don't know; mixed with options it is refused with a clear reason."""
    bank = load_bank()
    multi = next(q for q in bank.questions.values() if q.type == "multi")
    path = tmp_path / "a.yaml"
    path.write_text(f"bank: shared-management\nanswers:\n  {multi.id}: [unknown]\n")
    assert load_answers(path, bank).answers.answers[multi.id].value == "unknown"
    path.write_text(f"bank: shared-management\nanswers:\n  {multi.id}: [unknown, {multi.options[0].value}]\n")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"{path}:3:{len(multi.id) + 5}: error: answer to '{multi.id}': \"don't know\" cannot go with other options "
        "(give it alone, or drop it)\n"
    )


@pytest.mark.parametrize(("typed", "expected"), [("1:30", None), ("0x1F", None), ("£1,0,0", None), ("£1,000", 1000)])
def test_numbers_mean_what_they_say(tmp_path: Path, typed: str, expected: int | None) -> None:
    """YAML 1.1's sexagesimal and hex forms and stray commas are not quietly turned into numbers."""
    path = tmp_path / "a.yaml"
    path.write_text(f"bank: shared-management\nanswers:\n  annual_savings: {typed}\n")
    bank = load_bank()
    if expected is None:
        result = runner.invoke(app, ["score", str(path)])
        assert result.exit_code == 1
        assert (
            result.stderr
            == f"{path}:3:19: error: answer to 'annual_savings': expected a number of at least 0, got '{typed}'\n"
        )
    else:
        assert load_answers(path, bank).answers.answers["annual_savings"].value == expected


def test_a_device_is_refused_before_it_is_read() -> None:
    """Something that is not a regular file (here an endless one) is refused before any reading."""
    result = runner.invoke(app, ["score", "/dev/zero"])
    assert result.exit_code == 1
    assert result.stderr == "/dev/zero: error: is a device, not a regular file (name a regular file)\n"


def test_resume_without_answers_uses_the_default_file(make_bank: MakeBank, in_tmp: Path) -> None:
    """--resume alone carries on from readiness-answers.yaml."""
    bank = make_bank()
    first = runner.invoke(app, ["assess", "--bank", str(bank)], input="Pat\nP\nA, B\n1\n1\n\n1\n")
    assert first.exit_code == 1  # the piped input ended
    result = runner.invoke(app, ["assess", "--bank", str(bank), "--resume"], input="1\n3\n")
    assert result.exit_code == 0, result.output
    assert "Carrying on from readiness-answers.yaml: 1 answer so far." in result.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'partnership,councils,council,role,arrangement\nP,"A;B,A,leader,shared_ceo\n',
            "2:1: error: not readable as CSV: unexpected end of data (a quote left open? export the sheet again)",
        ),
        ("partnership,council,council\nP,A,B\n", "1:3: error: column 'council' appears twice (keep one)"),
        (
            "partnership,councils,council,role\nP,A;B,A,leader,extra\n",
            "2:1: error: this row has 5 cells but the header names 4 columns",
        ),
        (
            "partnership,councils,council,role\n",
            ": error: the CSV names its columns but has no respondents (one respondent a row)",
        ),
    ],
)
def test_malformed_csv_exports(tmp_path: Path, text: str, expected: str) -> None:
    """An open quote, a repeated column, a row too long, no rows at all: each refused, not guessed at."""
    path = tmp_path / "survey.csv"
    path.write_text(text)
    result = runner.invoke(app, ["score", str(path), "--format", "csv"])
    assert result.exit_code == 1
    where = f"{path}{expected}" if expected.startswith(":") else f"{path}:{expected}"  # ": …" has no line
    assert result.stderr == f"{where}\n"


def test_compare_reports_every_bad_file_and_refuses_repeats(tmp_path: Path) -> None:
    """All the problems of all the files at once; the same file twice counts as an error."""
    partner = ROOT / "examples" / "partnership" / "wexley-leader.yaml"
    broken = tmp_path / "broken.yaml"
    broken.write_text("bank: shared-management\nanswers: {leaders_trust: maybe}\n")
    result = runner.invoke(app, ["compare", str(partner), str(partner), str(broken)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [  # in the order the files were named, wherever they live
        f"{partner}: error: is the same file as {partner} (give each file once)",
        f"{broken}:2:26: error: answer to 'leaders_trust': 'maybe' is not one of its options "
        "(strong, workable, strained, unknown)",
    ]


def test_compare_reads_a_csv_export(tmp_path: Path) -> None:
    """Respondents may come as rows of a CSV export."""
    export = tmp_path / "survey.csv"
    export.write_text(
        "partnership,councils,respondent,council,role,arrangement,main_aim,num_councils\n"
        "P and Q,P DC;Q BC,A,P DC,leader,ceo_and_team,resilience,two\n"
        "P and Q,P DC;Q BC,B,Q BC,leader,ceo_and_team,resilience,two\n"
    )
    result = runner.invoke(app, ["compare", str(export), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"councils": [' in result.stdout


def test_exclusive_option_goes_alone(tmp_path: Path) -> None:
    """'None of these' cannot be ticked together with one of these."""
    path = tmp_path / "a.yaml"
    path.write_text("bank: shared-management\nanswers:\n  agreement_gaps: [nothing_missing, disputes]\n")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{path}:3:19: error: answer to 'agreement_gaps': 'nothing_missing' goes on its own, not with other options "
        "(keep it alone, or drop it)\n"
    )
