"""The exports of the form read back as answer sets: KoboToolbox and ODK Central, as CSV or XLSX,
and any sheet whose column titles start with `[question_id]` (Microsoft Forms, SmartSurvey…).

What the exports look like (as their documentation describes them):
- a column per field, named by the field's path through its groups: `trust/leaders_trust` in
  KoboToolbox, `trust-leaders_trust` in ODK Central (or the bare name, when groups are left out);
- a select-multiple answer as one column of values separated by spaces, or as one column per
  option holding 1 or 0 (`trust/q/option`), or both;
- metadata of the servers' own: `_id`, `_uuid`, `_submission_time`, `_index`, `__version__`
  (KoboToolbox), `SubmissionDate`, `KEY`, `meta-instanceID`, `SubmitterID`, `FormVersion`…
  (ODK Central), `start`, `end`: ignored, except the form version (see `form.version_of`);
- blank cells for questions the respondent's route did not reach.
Every row becomes the same record a row of `readiness template`'s CSV does, and is checked by
the same code, so a problem names the export, its row and the column."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from readiness.errors import AnswerError
from readiness.model import UNKNOWN, Bank
from readiness.xlsform import form, routes

META = {
    "SubmissionDate",
    "KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
    "instanceID",
    "start",
    "end",
    "today",
    "deviceid",
    "audit",
}
OPENING = (form.RESPONDENT, form.COUNCIL, form.ROLE, form.GROUP)
TICKED = {"1", "1.0", "true", "yes", "x"}
_TITLE_ID = re.compile(r"\s*\[([a-z][a-z0-9_]*)\]")


class Columns:
    """What each column of an export holds: a field of the form, or one option of a
    select-multiple, or nothing of ours (metadata, calculations, fields added on the server)."""

    def __init__(self, header: list[str], bank: Bank) -> None:
        self.bank = bank
        names = {*bank.questions, *OPENING, *form.HIDDEN}
        names |= {routes.dont_know_name(q) for q, question in bank.questions.items() if routes.has_companion(question)}
        self.field: dict[int, str] = {}
        self.option: dict[int, tuple[str, str]] = {}
        self.form_version: int | None = None
        self.marked = False
        """Whether some column shows this is an export: a server's metadata, a group path, an [id] title."""
        for i, title in enumerate(header):
            self._place(i, title.strip(), names)
        self.column = {name: i + 1 for i, name in self.field.items()}
        for i, (name, _) in self.option.items():
            self.column.setdefault(name, i + 1)

    def _place(self, i: int, title: str, names: set[str]) -> None:
        if title == "FormVersion":
            self.form_version = i
        if title in META or title.startswith(("_", "meta/", "meta-")):
            self.marked = True
            return
        found = _TITLE_ID.match(title)
        if found and found.group(1) in names:
            self.field.setdefault(i, found.group(1))
            self.marked = True
            return
        parts = re.split(r"[/-]", title)
        for at in range(len(parts) - 1, -1, -1):
            if parts[at] not in names:
                continue
            rest = title[sum(len(p) + 1 for p in parts[: at + 1]) :]
            self.marked |= at > 0 or bool(rest)
            if not rest and parts[at] not in self.field.values():
                self.field[i] = parts[at]
            elif rest and self._is_option(parts[at], rest):
                self.option[i] = (parts[at], rest)
            return

    def _is_option(self, name: str, value: str) -> bool:
        question = self.bank.questions.get(name.removeprefix(routes.DONT_KNOW))
        return question is not None and (value == UNKNOWN or question.option(value) is not None)

    @property
    def questions(self) -> int:
        return sum(
            1 for name in {*self.field.values(), *(n for n, _ in self.option.values())} if name in self.bank.questions
        )

    def record(self, row: list[Any]) -> dict[str, Any]:
        """A row as the record `answers.answers_from_data` checks (the shape of a CSV row's)."""
        cells = {name: _cell(row, i) for i, name in self.field.items()}
        ticked: dict[str, list[str]] = {}
        for i, (name, value) in self.option.items():
            if _cell(row, i).lower() in TICKED:
                ticked.setdefault(name, []).append(value)
        answers = {qid: self._answer(qid, cells, ticked) for qid in self.bank.questions}
        version = cells.get("bank_version") or (
            form.version_of(_cell(row, self.form_version)) if self.form_version is not None else ""
        )
        councils = [c.strip() for c in cells.get("councils", "").split(";") if c.strip()]
        return {
            "bank": cells.get("bank") or self.bank.id,
            "bank_version": version or None,
            "bank_digest": cells.get("bank_digest") or None,
            "partnership": {"name": cells.get("partnership") or None, "councils": councils},
            "respondent": {
                key: cells.get(field) or None
                for key, field in (
                    ("name", form.RESPONDENT),
                    ("council", form.COUNCIL),
                    ("role", form.ROLE),
                    ("group", form.GROUP),
                )
            },
            "answers": {qid: value for qid, value in answers.items() if value is not None},
        }

    def _answer(self, qid: str, cells: dict[str, str], ticked: dict[str, list[str]]) -> Any:
        question = self.bank.questions[qid]
        cell = cells.get(qid, "")
        if question.type == "multi":
            chosen = cell.split() if cell else ticked.get(qid, [])
            return (UNKNOWN if chosen == [UNKNOWN] else chosen) if chosen else None
        if cell:
            return cell
        box = routes.dont_know_name(qid)
        if UNKNOWN in cells.get(box, "").split() or UNKNOWN in ticked.get(box, []):
            return UNKNOWN
        return None


def _cell(row: list[Any], i: int) -> str:
    if i >= len(row) or row[i] is None:
        return ""
    value = row[i]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def is_export(header: list[str], bank: Bank, plain: tuple[str, ...]) -> bool:
    """Whether a CSV's header is an export's rather than the plain layout of `readiness
    template --format csv` (only the `plain` respondent fields and question ids)."""
    named = [t.strip() for t in header if t.strip()]
    if all(t in plain or t in bank.questions for t in named):
        return False
    columns = Columns(header, bank)
    return columns.marked and columns.questions > 0


def read_export(path: str, bank: Bank, plain: tuple[str, ...]) -> Iterator[Any] | None:
    """The rows of an export as answer sets (or AnswerErrors), read one at a time; None when
    the file is a plain CSV, for the plain reader."""
    if path.lower().endswith(".xlsx"):
        return _rows_scored(path, bank, _xlsx_rows(path))
    header = _csv_header(path)
    if header is None or not is_export(header, bank, plain):
        return None
    return _rows_scored(path, bank, _csv_rows(path))


def _csv_header(path: str) -> list[str] | None:
    import csv

    from readiness import yamlio
    from readiness.answers.csvrows import CSV_FILE_LIMIT, delimiter

    try:
        with open(yamlio.open_regular(path, CSV_FILE_LIMIT, AnswerError), encoding="utf-8-sig", newline="") as stream:
            first = stream.readline()
            return next(csv.reader([first], delimiter=delimiter(first)), [])
    except (UnicodeDecodeError, csv.Error):
        return None  # the plain reader says what is wrong


def _csv_rows(path: str) -> Iterator[tuple[int, list[Any]]]:
    import csv

    from readiness import yamlio
    from readiness.answers.csvrows import CSV_FILE_LIMIT, delimiter

    with open(yamlio.open_regular(path, CSV_FILE_LIMIT, AnswerError), encoding="utf-8-sig", newline="") as stream:
        first = stream.readline()
        reader = csv.reader([first], delimiter=delimiter(first))
        yield 1, next(reader)
        reader = csv.reader(stream, delimiter=delimiter(first), strict=True)
        line = 2
        try:
            for row in reader:
                yield line, row
                line = reader.line_num + 2
        except csv.Error as exc:
            raise AnswerError.at(path, f"not readable as CSV: {exc} (export the data again)", line) from None


def _xlsx_rows(path: str) -> Iterator[tuple[int, list[Any]]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, BadZipFile, KeyError, ValueError) as exc:
        raise AnswerError.at(path, f"not readable as an XLSX workbook ({exc}); export the data again") from None
    try:
        for n, row in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            yield n, ["" if v is None else v for v in row]
    finally:
        book.close()


def _field_of(loc: tuple[str | int, ...]) -> str:
    """The field of the form a place in the record comes from."""
    if tuple(loc[:2]) == ("respondent", "name"):
        return form.RESPONDENT
    if loc[:1] == ("partnership",):
        return "councils" if loc[1:2] == ("councils",) else "partnership"
    return str(loc[1]) if len(loc) > 1 else str(loc[0]) if loc else ""


def _rows_scored(path: str, bank: Bank, rows: Iterator[tuple[int, list[Any]]]) -> Iterator[Any]:
    from readiness.answers import answers_from_data

    try:
        _, header = next(rows, (1, []))
        columns = Columns([str(t) for t in header], bank)
        if not columns.questions:
            raise AnswerError.at(path, "no column names a question of the form (export with XML values as headers)", 1)
        found = 0
        for line, row in rows:
            if not any(_cell(row, i) for i in range(len(row))):
                continue
            found += 1

            def place(loc: tuple[str | int, ...], line: int = line) -> tuple[int, int]:
                return (line, columns.column.get(_field_of(loc), 1))

            try:
                yield answers_from_data(columns.record(row), bank, path, place, source=f"{path}:{line}")
            except AnswerError as exc:
                yield exc
    except AnswerError as exc:
        yield exc
        return
    if not found:
        yield AnswerError.at(path, "the export names its columns but has no submissions")
