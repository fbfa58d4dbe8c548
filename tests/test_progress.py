"""`readiness progress`: what changed between two assessments of one council, a year apart and
across an edition of the bank; its markdown (golden), Word and JSON; and the bad inputs."""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readiness.answers import load_answers
from readiness.cli import app
from readiness.loading import load_bank
from readiness.progress import direction, progress
from readiness.render.progress import render_progress_docx, render_progress_json, render_progress_markdown

runner = CliRunner()
EXAMPLES = Path(__file__).parents[1] / "examples" / "progress"
EARLIER, LATER = EXAMPLES / "harrowdale-easterby-2025.yaml", EXAMPLES / "harrowdale-easterby-2026.yaml"
DAY = datetime.date(2026, 11, 30)


@pytest.fixture(scope="module")
def report() -> object:
    bank = load_bank()
    sides = []
    for path in (EARLIER, LATER):
        loaded = load_answers(path, bank)
        shown = loaded.answers.model_copy(update={"source": f"examples/progress/{path.name}"})
        sides.append([loaded._replace(answers=shown)])
    return progress(bank, *sides)


def test_progress_markdown_golden(report: object, golden: Callable[[str, str], None]) -> None:
    """The example pair a year apart, exactly (refresh with --update-golden and review)."""
    golden("progress-harrowdale-easterby.md", render_progress_markdown(report, DAY))  # type: ignore[arg-type]


def test_the_summary_says_what_a_committee_needs(report: object) -> None:
    data = json.loads(render_progress_json(report))  # type: ignore[arg-type]
    assert (data["earlier"]["verdict"], data["later"]["verdict"]) == ("not_ready", "ready_with_conditions")
    assert data["method_changed"] is True
    assert 0.5 < data["common_share"] < 1
    trust = next(d for d in data["domains"] if d["id"] == "trust")
    assert (trust["then"], trust["now"], trust["direction"], trust["method_changed"]) == (
        "amber",
        "green",
        "improved",
        False,
    )
    cleared = {f["id"] for f in data["flags_cleared"]}
    assert {"pay_outside_policy", "unresolved_unilateral_act"} <= cleared
    assert data["flags_raised"] == []
    met = {a["id"] for a in data["do_first"] if not a["still_needed"]}
    assert "rebuild_trust" in met
    assert any(
        c["question"] == "leaders_trust" and (c["then"], c["now"]) == ("workable", "strong") for c in data["changes"]
    )


def test_a_movement_on_a_new_question_is_marked_method_changed(report: object) -> None:
    data = json.loads(render_progress_json(report))  # type: ignore[arg-type]
    new_questions = {c["question"] for c in data["changes"] if c["method_changed"]}
    assert {"geography", "council_kinds"} <= new_questions
    service = next(d for d in data["domains"] if d["id"] == "service")
    assert service["method_changed"] is True


def test_the_word_report_has_the_sections_of_the_markdown(report: object) -> None:
    from docx import Document

    markdown = render_progress_markdown(report, DAY)  # type: ignore[arg-type]
    headings = [line.lstrip("#").strip() for line in markdown.splitlines() if line.startswith("#")][1:]
    doc = Document(io.BytesIO(render_progress_docx(report, DAY)))  # type: ignore[arg-type]
    word = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert [h.replace('\\"', '"') for h in headings] == word


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("green", "green", "unchanged"),
        ("amber", "green", "improved"),
        ("green", "red", "worse"),
        ("amber-red", "amber", "now known"),
        ("green-amber", "red", "worse"),
        ("amber", "green-red", "less certain"),
        ("amber-red", "green-amber", "improved"),
        ("green-red", "amber", "now known"),
        ("", "green", "changed"),
    ],
)
def test_direction(before: str, after: str, expected: str) -> None:
    assert direction(before, after) == expected


def test_cli_progress_prints_the_migration_line_and_writes_word(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["progress", str(EARLIER), str(LATER), "--format", "docx", "-o", str(tmp_path / "p.docx")]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0].startswith(f"{EARLIER}: bank 1.0 → ")
    assert (tmp_path / "p.docx").read_bytes()[:2] == b"PK"


def test_two_councils_are_refused_unless_forced(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(
        LATER.read_text().replace("council: Easterby Borough Council", "council: Harrowdale District Council"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["progress", str(EARLIER), str(other)])
    assert result.exit_code == 1
    assert (
        "the earlier answers are of Easterby Borough Council in Harrowdale and Easterby, the later of" in result.stderr
    )
    assert "(--force to compare anyway)" in result.stderr
    forced = runner.invoke(app, ["progress", str(EARLIER), str(other), "--force", "--format", "json"])
    assert forced.exit_code == 0, forced.output
    assert json.loads(forced.stdout)["forced"].startswith("compared as asked, though the earlier answers are of")


def test_progress_of_a_partnership_reads_directories(tmp_path: Path) -> None:
    """--partnership takes a directory of answer files for each side, as `compare` reads them."""
    partnership = Path(__file__).parents[1] / "examples" / "partnership"
    later = tmp_path / "later"
    later.mkdir()
    for path in partnership.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        (later / path.name).write_text(
            text.replace("leaders_trust: strained", "leaders_trust: workable"), encoding="utf-8"
        )
    result = runner.invoke(app, ["progress", "--partnership", str(partnership), str(later), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["subject"].startswith("Kingsmoor")
    assert data["earlier"]["verdict"] in ("not_ready", "ready_with_conditions", "ready", "not_enough_known")


def test_a_filled_in_action_plan_is_read_against_the_later_answers(tmp_path: Path) -> None:
    """The earlier report's xlsx plan, filled in by the council, and what the later answers say of it."""
    from openpyxl import load_workbook

    plan = tmp_path / "plan.xlsx"
    assert runner.invoke(app, ["score", str(EARLIER), "--format", "xlsx", "-o", str(plan)]).exit_code == 0
    book = load_workbook(plan)
    sheet = book["Action plan"]
    filled = {"update_pay_policy": "Done", "build_business_case": "Done", "staff_communication_plan": "In progress"}
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in filled:
            row[7].value = filled[str(row[0].value)]
            row[5].value = "Head of legal"
    book.save(plan)
    result = runner.invoke(app, ["progress", str(EARLIER), str(LATER), "--plan", str(plan), "--format", "json"])
    assert result.exit_code == 0, result.output
    readings = {item["id"]: item["reading"] for item in json.loads(result.stdout)["plan"]}
    assert readings["update_pay_policy"] == "done, and the answers now agree"
    assert readings["build_business_case"] == "marked done, but the later answers still call for it"
    assert readings["staff_communication_plan"] == "still open"
    assert readings["add_exit_clause"] == "no longer called for by the answers, though the plan does not mark it done"
    markdown = runner.invoke(app, ["progress", str(EARLIER), str(LATER), "--plan", str(plan)]).stdout
    assert "### The action plan, against the answers" in markdown


def test_a_bad_plan_is_one_located_error(tmp_path: Path) -> None:
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"not a workbook")
    result = runner.invoke(app, ["progress", str(EARLIER), str(LATER), "--plan", str(plan)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(f"{plan}")
