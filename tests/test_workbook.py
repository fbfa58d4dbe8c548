"""The action plan workbook (`score`/`compare --format xlsx`): what it holds, that LibreOffice
Calc opens it with the Status list in place, and reading a filled-in plan back."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from readiness.actionplan import COLUMNS, PLAN_SHEET, STATUSES, PlanEntry, PlanError, read_action_plan
from readiness.answers import load_answers
from readiness.cli import app
from readiness.compare import compare
from readiness.loading import load_bank
from readiness.model import Answer
from readiness.render.workbook import render_comparison_xlsx, render_xlsx
from readiness.scoring import Assessment, Scorer
from tools import libreoffice_convert

ROOT = Path(__file__).resolve().parents[1]
BANK = load_bank()
DAY = datetime.date(2026, 1, 15)
PARTNERSHIP = sorted((ROOT / "examples" / "partnership").glob("*.yaml"))


def example(name: str = "mixed") -> Assessment:
    return Scorer(BANK).score(load_answers(ROOT / "examples" / f"{name}.yaml", BANK).answers)


def opened(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def status_lists(book: openpyxl.Workbook) -> list[tuple[str, str]]:
    """(range, list) of each list validation on the plan sheet."""
    found = book[PLAN_SHEET].data_validations.dataValidation
    return [(str(v.sqref), str(v.formula1)) for v in found if v.type == "list"]


def test_the_plan_comes_first_with_every_action_and_empty_columns_to_fill() -> None:
    """Sheet 1 is the plan: a row per action (those the summary puts first at the top), Owner,
    Due and Status empty, Status limited to the list; then domains, answers, sources."""
    a = example()
    book = opened(render_xlsx(a, DAY))
    assert book.sheetnames == [PLAN_SHEET, "Domains", "Answers", "Sources"]
    sheet = book[PLAN_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert [r[0] for r in rows[1:]] == [x.id for x in a.first_actions] + [
        x.id for x in sorted((x for x in a.actions if x not in a.first_actions), key=lambda x: x.priority)
    ]
    assert all(r[5:] == (None, None, None) for r in rows[1:])
    assert all(r[2] and r[4].startswith("[") for r in rows[1:])  # why, and a source
    assert status_lists(book) == [("H2:H500", '"' + ",".join(STATUSES) + '"')]
    assert [r[0] for r in book["Domains"].iter_rows(min_row=2, values_only=True)] == [d.title for d in a.domains]
    assert book["Answers"].max_row == len(a.steps) + 1
    assert book.properties.creator == "readiness"


def test_text_is_never_a_formula() -> None:
    """A note typed as a formula is kept as the text typed."""
    a = example()
    answers = dict(a.answers.answers)
    first = next(iter(answers))
    answers[first] = Answer(answers[first].value, note='=HYPERLINK("http://x","y")')
    scored = Scorer(BANK).score(a.answers.model_copy(update={"answers": answers}))
    sheet = opened(render_xlsx(scored, DAY))["Answers"]
    cell = next(c for c in sheet["F"] if c.value and str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"


def test_libreoffice_calc_opens_it_with_the_status_list_in_place(tmp_path: Path) -> None:
    """Calc reads both workbooks and, saving them again, keeps the Status list on the plan."""
    comparison = compare(BANK, [load_answers(f, BANK).answers for f in PARTNERSHIP])
    (tmp_path / "mixed.xlsx").write_bytes(render_xlsx(example(), DAY))
    (tmp_path / "partnership.xlsx").write_bytes(render_comparison_xlsx(comparison, DAY))
    for saved in libreoffice_convert([tmp_path / "mixed.xlsx", tmp_path / "partnership.xlsx"], "xlsx"):
        book = openpyxl.load_workbook(saved)
        assert book.sheetnames[0] == PLAN_SHEET
        [(where, listed)] = status_lists(book)
        assert where.startswith("H2:H")
        assert listed == '"' + ",".join(STATUSES) + '"'
        assert read_action_plan(saved)  # and it reads back


def test_a_filled_in_plan_reads_back(tmp_path: Path) -> None:
    """Status (any case), owner and due date (a date cell or typed 2026-03-31) per action id."""
    book = opened(render_xlsx(example(), DAY))
    sheet = book[PLAN_SHEET]
    sheet["F2"], sheet["G2"], sheet["H2"] = "Head of legal", datetime.datetime(2026, 3, 31), "Done"
    sheet["G3"], sheet["H3"] = "2026-04-30", "in progress"
    path = tmp_path / "plan.xlsx"
    book.save(path)
    plan = read_action_plan(path, {x.id for x in BANK.actions})
    first, second = sheet["A2"].value, sheet["A3"].value
    assert plan[first] == PlanEntry("Done", "Head of legal", datetime.date(2026, 3, 31), 2)
    assert plan[second] == PlanEntry("In progress", None, datetime.date(2026, 4, 30), 3)
    assert len(plan) == sheet.max_row - 1


def test_a_plan_with_mistakes_gets_one_located_line_each(tmp_path: Path) -> None:
    book = opened(render_xlsx(example(), DAY))
    sheet = book[PLAN_SHEET]
    sheet["H2"] = "Finished"
    sheet["G3"] = "next spring"
    sheet["A5"] = sheet["A4"].value
    sheet["A6"] = "no_such_action"
    path = tmp_path / "plan.xlsx"
    book.save(path)
    with pytest.raises(PlanError) as caught:
        read_action_plan(path, {x.id for x in BANK.actions})
    lines = [str(d) for d in caught.value.diagnostics]
    assert lines == [
        f"{path}:2:8: error: cell H2: status 'Finished' is not one of {', '.join(STATUSES)}",
        f"{path}:3:7: error: cell G3: 'next spring' is not a date (type it as 2026-03-31)",
        f"{path}:5:1: error: cell A5: action {sheet['A4'].value!r} is listed twice (rows 4 and 5)",
        f"{path}:6:1: error: cell A6: 'no_such_action' is no action of the question bank (check the id)",
    ]


def test_what_is_not_a_plan_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "plan.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(PlanError, match=r"plan.xlsx: error: cannot be read as an .xlsx workbook"):
        read_action_plan(text)
    other = openpyxl.Workbook()
    other.active.title = "Sheet1"  # type: ignore[union-attr]
    other.save(tmp_path / "other.xlsx")
    with pytest.raises(PlanError, match="has no sheet named 'Action plan'"):
        read_action_plan(tmp_path / "other.xlsx")
    with pytest.raises(PlanError, match="no such file"):
        read_action_plan(tmp_path / "missing.xlsx")


def test_score_and_compare_write_it(tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(
        app, ["score", str(ROOT / "examples" / "mixed.yaml"), "--format", "xlsx", "-o", str(tmp_path / "a.xlsx")]
    )
    assert done.exit_code == 0, done.output
    assert read_action_plan(tmp_path / "a.xlsx")
    done = runner.invoke(app, ["compare", *map(str, PARTNERSHIP), "--format", "xlsx", "-o", str(tmp_path / "p.xlsx")])
    assert done.exit_code == 0, done.output
    plan = read_action_plan(tmp_path / "p.xlsx")
    assert "agree_no_surprises" in plan
