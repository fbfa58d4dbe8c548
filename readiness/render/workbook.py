"""The assessment as a workbook to track: first the action plan (each action, why, priority and
source, with empty Owner, Due and Status columns, Status limited to a list), then the domain
ratings, the answers and the sources cited. openpyxl is imported only when one is written."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from readiness.actionplan import COLUMNS, PLAN_SHEET, STATUSES
from readiness.controls import visible
from readiness.render import brief
from readiness.render.common import PRIORITY_WORDS, plain_rating, role_words
from readiness.scoring import ActionResult, Assessment

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from readiness.compare import Comparison

PlanRow = tuple[str, str, str, str, str]
"""Action id, action, why, priority, source."""
WIDTHS = {"Action id": 32, "Action": 60, "Why": 50, "Priority": 10, "Source": 18, "Owner": 18, "Due": 12}
VALIDATED_ROWS = 500
"""Status and Due are checked down to this row, so rows a council adds are checked too."""


def render_xlsx(a: Assessment, today: datetime.date | None = None) -> bytes:
    """One respondent's workbook: the plan, the domains, the answers, the sources."""
    sources = brief.Sources(a.bank)
    first = a.first_actions
    ordered = [*first, *sorted((x for x in a.actions if x not in first), key=lambda x: x.priority)]
    plan = [_plan_row(a, x, sources) for x in ordered]
    book = _book(f"Action plan: {a.partnership.name if a.partnership else 'Unnamed partnership'}", today)
    _plan(book, plan)
    domains = [
        [d.title, plain_rating(d.rating), d.range[0], d.range[1], d.answered, d.unknown, d.rated_by] for d in a.domains
    ]
    _sheet(book, "Domains", ["Domain", "Rating", "Risk score", "Risk score high", "Answered", "Don't know", "Rated by"])
    _rows(book["Domains"], domains)
    answers = []
    for step in a.steps:
        question = a.bank.questions[step.id]
        risk = "" if question.type == "text" or step.unknown else step.risk
        answer = question.answer_text(step.value, step.missing, brief.own_council(a))
        answers.append([step.domain, step.id, question.text, answer, risk])
        answers[-1].append(step.note or "")
    _sheet(book, "Answers", ["Domain", "Question id", "Question", "Answer", "Risk", "Note"])
    _rows(book["Answers"], answers)
    _sources(book, sources)
    return _bytes(book)


def render_comparison_xlsx(c: Comparison, today: datetime.date | None = None) -> bytes:
    """The partnership's workbook: the actions any respondent's report puts first, the domains
    by council, every respondent's answers side by side, the sources."""
    sources = brief.Sources(c.bank)
    plan = []
    for action, who in brief.partnership_actions(c.members).values():
        member = next(m for m in c.members if m.label in who)
        aid, do, why, priority, cite = _plan_row(member.assessment, action, sources)
        plan.append((aid, do, f"For {', '.join(who)}. {why}", priority, cite))
    book = _book(f"Action plan: {c.partnership}", today)
    _plan(book, plan)
    _sheet(book, "Domains", ["Domain", *c.councils, "Partnership"])
    _rows(
        book["Domains"],
        [[d.title, *(plain_rating(d.by_council[x]) for x in c.councils), d.partnership] for d in c.domains],
    )
    labels = [f"{m.label} ({m.council}, {role_words(m.role)})" for m in c.members]
    _sheet(book, "Answers", ["Question id", "Question", *labels])
    asked: dict[str, None] = {}
    for m in c.members:
        asked.update(dict.fromkeys(s.id for s in m.assessment.steps))
    rows = []
    for qid in asked:
        question = c.bank.questions[qid]
        given = [({s.id: s for s in m.assessment.steps}.get(qid), m.council) for m in c.members]
        texts = [question.answer_text(s.value, s.missing, council) if s else "" for s, council in given]
        rows.append([qid, question.text, *texts])
    _rows(book["Answers"], rows)
    _sources(book, sources)
    return _bytes(book)


def _plan_row(a: Assessment, x: ActionResult, sources: brief.Sources) -> PlanRow:
    """An action and why: the raised flags it answers, else the answers that call for it."""
    flags = [f for f in a.raised if set(f.because) & set(x.because)]
    if flags:
        why = " ".join(f"{'Critical' if f.severity == 'critical' else 'Warning'}: {f.says}" for f in flags)
    else:
        why = brief.shown_by(a, x.because)
    return (x.id, x.do, why, PRIORITY_WORDS[x.priority], sources.cite(x.cites))


def _book(title: str, today: datetime.date | None) -> Workbook:
    from openpyxl import Workbook

    book = Workbook()
    moment = datetime.datetime.combine(today or datetime.date.today(), datetime.time())
    book.properties.title = visible(title, keep="")
    book.properties.creator = "readiness"
    book.properties.created = book.properties.modified = moment
    book.active.title = PLAN_SHEET  # type: ignore[union-attr]
    return book


def _plan(book: Workbook, plan: Sequence[PlanRow]) -> None:
    """The first sheet: a row per action, Owner, Due and Status empty; Status offers STATUSES
    and refuses anything else, Due takes only a date."""
    from openpyxl.styles import Alignment
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet = book[PLAN_SHEET]
    _header(sheet, list(COLUMNS))
    _rows(sheet, [[*row, "", "", ""] for row in plan])
    status_col, due_col = _column(COLUMNS.index("Status")), _column(COLUMNS.index("Due"))
    status = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Status",
        error="Choose one of: " + ", ".join(STATUSES),
        promptTitle="Status",
        prompt="Choose from the list",
        showInputMessage=True,
    )
    due = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="DATE(2000,1,1)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Due",
        error="Type a date, for example 2026-03-31",
    )
    sheet.add_data_validation(status)
    sheet.add_data_validation(due)
    status.add(f"{status_col}2:{status_col}{VALIDATED_ROWS}")
    due.add(f"{due_col}2:{due_col}{VALIDATED_ROWS}")
    for row in range(2, len(plan) + 2):
        sheet[f"{due_col}{row}"].number_format = "yyyy-mm-dd"
    for name, width in WIDTHS.items():
        sheet.column_dimensions[_column(COLUMNS.index(name))].width = width
    for cell in sheet["A"][1:]:  # an id is one word: never wrapped
        cell.alignment = Alignment(wrap_text=False, vertical="top")
    _printable(sheet)


def _printable(sheet: Worksheet) -> None:
    """Printed, the plan is landscape, one page wide, its header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    sheet.print_title_rows = "1:1"


def _sheet(book: Workbook, title: str, header: list[str]) -> None:
    _header(book.create_sheet(title), header)


def _header(sheet: Worksheet, header: list[str]) -> None:
    from openpyxl.styles import Font

    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _rows(sheet: Worksheet, rows: Iterable[Sequence[object]]) -> None:
    """Rows below the header. Text is always text: never run as a formula (a note typed as
    "=HYPERLINK(…)" stays what was typed), and control characters are shown, not written."""
    from openpyxl.styles import Alignment

    wrap = Alignment(wrap_text=True, vertical="top")
    for values in rows:
        sheet.append([visible(v) if isinstance(v, str) else v for v in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
            cell.alignment = wrap


def _sources(book: Workbook, sources: brief.Sources) -> None:
    _sheet(book, "Sources", ["Number", "Source", "Address", "Relied on"])
    rows = []
    for entry in sources.entries():
        relied = " ".join(f"{locator}: {claim}" for locator, claim in entry.findings)
        rows.append([entry.number, entry.reference, entry.url or "", relied])
    _rows(book["Sources"], rows)


def _column(index: int) -> str:
    """The letter of the column at `index` (from 0)."""
    return chr(ord("A") + index)


SHEET_WIDTHS = {
    "Domains": {"A": 45, "B": 16},
    "Answers": {"B": 24, "C": 60, "D": 45, "F": 40},
    "Sources": {"B": 60, "C": 40, "D": 90},
}
"""Column widths, in characters, beyond the plan's (a column not named keeps the default)."""


def _fit_rows(sheet: Worksheet) -> None:
    """Each row as tall as its most wrapped cell (openpyxl writes no heights, and Calc then
    draws wrapped text over the next row)."""
    for letter, width in SHEET_WIDTHS.get(sheet.title, {}).items():
        sheet.column_dimensions[letter].width = width
    for number, row in enumerate(sheet.iter_rows(min_row=2), 2):
        lines = 1
        for cell in row:
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                room = max(int(sheet.column_dimensions[cell.column_letter].width or 13) - 1, 1)
                lines = max(lines, sum(-(-max(len(part), 1) // room) for part in cell.value.split("\n")))
        sheet.row_dimensions[number].height = min(15 * lines, 409)


def _bytes(book: Workbook) -> bytes:
    for sheet in book.worksheets:
        _fit_rows(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
