"""The action plan as a workbook a council fills in (`score --format xlsx`, `compare --format
xlsx`), and reading a filled-in one back: for each action id, its status, owner and due date.
openpyxl is imported only here and in `render.workbook`, when a workbook is read or written."""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING, Any, NamedTuple

from readiness.errors import ReadinessError

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

PLAN_SHEET = "Action plan"
COLUMNS = ("Action id", "Action", "Why", "Priority", "Source", "Owner", "Due", "Status")
"""The plan's columns, in order; Owner, Due and Status are left empty for the council to fill."""
STATUSES = ("Not started", "In progress", "Done", "Dropped")
"""What Status may hold (the workbook offers them as a list and refuses anything else)."""


class PlanError(ReadinessError):
    """A filled-in action plan that cannot be read back."""


class PlanEntry(NamedTuple):
    """One action as the plan records it: `status` is one of STATUSES, or None when left empty."""

    status: str | None
    owner: str | None
    due: datetime.date | None
    row: int
    """The row of the sheet it was read from, for messages."""


def read_action_plan(path: str | os.PathLike[str], known: set[str] | None = None) -> dict[str, PlanEntry]:
    """The filled-in plan at `path`: action id -> its entry, in the sheet's order. With `known`
    (the bank's action ids), an id the bank does not have is an error. Every problem is a
    PlanError naming the file, the row and column (line:col) and the cell."""
    from openpyxl import load_workbook

    shown = os.fspath(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise PlanError.at(shown, "no such file (check the path)") from None
    except Exception as exc:  # openpyxl raises several kinds for a file that is no workbook
        raise PlanError.at(
            shown, f"cannot be read as an .xlsx workbook ({type(exc).__name__}); save it as .xlsx"
        ) from None
    try:
        if PLAN_SHEET not in book.sheetnames:
            raise PlanError.at(shown, f"has no sheet named {PLAN_SHEET!r} (use the workbook readiness wrote)")
        return _entries(shown, book[PLAN_SHEET], known)
    finally:
        book.close()


def _entries(shown: str, sheet: Worksheet, known: set[str] | None) -> dict[str, PlanEntry]:
    rows = sheet.iter_rows(values_only=True)
    header = [str(v).strip() if v is not None else "" for v in next(rows, ())]
    where = {name: header.index(name) for name in COLUMNS if name in header}
    missing = [name for name in ("Action id", "Owner", "Due", "Status") if name not in where]
    if missing:
        problem = (
            f"the {PLAN_SHEET!r} sheet has no column {', '.join(map(repr, missing))} in row 1 (restore the header)"
        )
        raise PlanError.at(shown, problem, 1, 1)
    found: dict[str, PlanEntry] = {}
    problems: list[PlanError] = []
    for number, values in enumerate(rows, 2):
        cells = list(values) + [None] * len(header)
        action = _text(cells[where["Action id"]])
        if action is None:
            continue  # a blank row
        try:
            found[action] = _entry(shown, number, where, cells, action, found, known)
        except PlanError as exc:
            problems.append(exc)
    if problems:
        raise PlanError([d for p in problems for d in p.diagnostics])
    return found


def _entry(
    shown: str,
    number: int,
    where: dict[str, int],
    cells: list[Any],
    action: str,
    found: dict[str, PlanEntry],
    known: set[str] | None,
) -> PlanEntry:
    def fail(column: str, problem: str) -> PlanError:
        col = where[column] + 1
        return PlanError.at(shown, f"cell {_letter(col)}{number}: {problem}", number, col)

    if action in found:
        raise fail("Action id", f"action {action!r} is listed twice (rows {found[action].row} and {number})")
    if known is not None and action not in known:
        raise fail("Action id", f"{action!r} is no action of the question bank (check the id)")
    status = _text(cells[where["Status"]])
    if status is not None:
        matched = next((s for s in STATUSES if s.lower() == status.lower()), None)
        if matched is None:
            raise fail("Status", f"status {status!r} is not one of {', '.join(STATUSES)}")
        status = matched
    due = cells[where["Due"]]
    if isinstance(due, datetime.datetime):
        due = due.date()
    elif isinstance(due, str) and due.strip():
        try:
            due = datetime.date.fromisoformat(due.strip())
        except ValueError:
            raise fail("Due", f"{due.strip()!r} is not a date (type it as 2026-03-31)") from None
    elif due is not None and not isinstance(due, datetime.date) and not (isinstance(due, str) and not due.strip()):
        raise fail("Due", f"{due!r} is not a date (type it as 2026-03-31)")
    return PlanEntry(status, _text(cells[where["Owner"]]), due or None, number)


def _text(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _letter(col: int) -> str:
    """A column's letters: 1 -> A, 27 -> AA."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
