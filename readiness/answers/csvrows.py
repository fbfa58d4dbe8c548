"""Answer sets from the rows of a CSV export (a spreadsheet or an online form)."""

from __future__ import annotations

import functools
import itertools
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from readiness import yamlio
from readiness.answers.reading import LoadedAnswers, answers_from_data
from readiness.answers.values import short
from readiness.errors import AnswerError, Diagnostic
from readiness.model import UNKNOWN, Bank

CSV_FILE_LIMIT = 64 * 1024 * 1024
_NOT_UTF8 = re.compile("[\udc80-\udcff]")
CSV_FIELDS = ("bank", "bank_version", "partnership", "councils", "respondent", "council", "role", "group")


def read_csv_answers(path: str | Path, bank: Bank) -> Iterator[LoadedAnswers | AnswerError]:
    """One answer set per row of a CSV export (a spreadsheet or an online form): the columns
    bank, bank_version, partnership, councils (separated by ;), respondent, council, role, then
    one column per question id (multi answers separated by ;). Commas, semicolons or tabs may
    separate the columns, as spreadsheets in different countries export them. The file is read a
    row at a time, so its size does not set the memory used. Bad rows come back as errors."""
    import csv  # here: most runs read no CSV

    from readiness.xlsform.exports import read_export

    path = str(path)
    export = read_export(path, bank, CSV_FIELDS)  # a web form's export (KoboToolbox, ODK Central) or an .xlsx
    if export is not None:
        yield from export
        return
    handle = yamlio.open_regular(path, CSV_FILE_LIMIT, AnswerError)
    if (other := yamlio.other_encoding(os.pread(handle, 200, 0))) is not None:
        os.close(handle)
        raise AnswerError.at(path, other)
    # bytes that are not UTF-8 are let through as surrogates, so the row that holds one is named
    with open(handle, encoding="utf-8-sig", errors="surrogateescape", newline="") as stream:
        line = 1
        try:
            first = stream.readline()
            reader = csv.reader(itertools.chain([first], stream), delimiter=delimiter(first), strict=True)
            header = _csv_header(path, reader, bank)
            layout = _Layout(header)
            line, rows = 2, 0
            for row in reader:
                if _NOT_UTF8.search("".join(row)):
                    yield AnswerError.at(path, yamlio.NOT_UTF8, line)
                    return
                if any(cell.strip() for cell in row) and not row[0].lstrip().startswith("#"):  # "#": a guide line
                    rows += 1
                    yield _csv_row(path, line, row, layout, bank)
                line = reader.line_num + 1
        except csv.Error as exc:
            yield AnswerError.at(path, f"not readable as CSV: {exc} (a quote left open? export the sheet again)", line)
            return
    if not rows:
        raise AnswerError.at(path, "the CSV names its columns but has no respondents (one respondent a row)")


def delimiter(header: str) -> str:
    """What separates the columns: the commonest of comma, semicolon and tab in the header (it
    holds only field names and question ids, which contain none of them); the comma on a tie."""
    counts = {mark: header.count(mark) for mark in ",;\t"}
    return max(counts, key=lambda mark: counts[mark])


def _csv_header(path: str, reader: Any, bank: Bank) -> list[str]:
    header = [name.strip() for name in next(reader, [])]
    if not any(header):
        raise AnswerError.at(path, "the CSV is empty (the first row names the columns)")
    for i, name in enumerate(header):
        if name and name not in CSV_FIELDS and name not in bank.questions and name not in _earlier_types(bank):
            problem = f"column '{name}' is neither a respondent field nor a question of bank '{bank.id}'"
            raise AnswerError.at(path, f"{problem} (respondent fields: {', '.join(CSV_FIELDS)})", 1, i + 1)
        if name and name in header[:i]:
            raise AnswerError.at(path, f"column '{name}' appears twice (keep one)", 1, i + 1)
    return header


def _earlier_types(bank: Bank) -> dict[str, str]:
    """The type of each question of the bank's earlier versions, newest first (an export of
    answers given against one of them names its questions)."""

    def read() -> dict[str, str]:
        from readiness.answers.versions import history_of

        types: dict[str, str] = {}
        for manifest, _ in reversed(list(history_of(bank).manifests.values())):
            for qid, question in manifest.questions.items():
                types.setdefault(qid, question.type)
        return types

    types: dict[str, str] = bank.derived("earlier question types", read)
    return types


def _question_type(bank: Bank, qid: str) -> str | None:
    question = bank.questions.get(qid)
    return question.type if question is not None else _earlier_types(bank).get(qid)


class _Layout:
    """The columns of a CSV, as its header names them."""

    def __init__(self, header: list[str]) -> None:
        self.header = header
        self.columns = {name: i + 1 for i, name in enumerate(header)}
        self.named = max(i for i, name in enumerate(header) if name) + 1  # trailing unnamed columns do not count


def _csv_row(path: str, line: int, row: list[str], layout: _Layout, bank: Bank) -> LoadedAnswers | AnswerError:
    header = layout.header
    if len(row) > len(header):
        return AnswerError.at(path, f"this row has {len(row)} cells but the header names {len(header)} columns", line)
    for i, (name, cell) in enumerate(zip(header, row, strict=False)):
        if not name and cell.strip():
            problem = f"column {i + 1} has no name in the first row, yet this row has '{short(cell.strip())}' in it"
            return AnswerError.at(path, f"{problem} (name the column, or clear the cell)", line, i + 1)
    cells = {name: cell.strip() for name, cell in zip(header, row, strict=False) if name and cell.strip()}
    place = functools.partial(_csv_place, row=line, columns=layout.columns)
    try:
        loaded = answers_from_data(_csv_record(cells, bank), bank, path, place, source=f"{path}:{line}")
    except AnswerError as exc:
        return exc
    if len(row) < layout.named:
        message = (
            f"this row has {len(row)} cells but the header names {layout.named} columns; the missing ones count as "
            "blank (check the export)"
        )
        loaded.warnings.append(Diagnostic(path, line, len(row) + 1, "warning", message))
    return loaded


def _csv_record(cells: dict[str, str], bank: Bank) -> dict[str, Any]:
    def split(text: str) -> list[str]:
        return [part.strip() for part in text.split(";") if part.strip()]

    answers: dict[str, Any] = {}
    for qid, cell in cells.items():
        if qid not in CSV_FIELDS and (kind := _question_type(bank, qid)) is not None:
            answers[qid] = split(cell) if kind == "multi" and cell != UNKNOWN else cell
    return {
        "bank": cells.get("bank", bank.id),
        "bank_version": cells.get("bank_version"),
        "partnership": {"name": cells.get("partnership"), "councils": split(cells.get("councils", ""))},
        "respondent": {
            "name": cells.get("respondent"),
            "council": cells.get("council"),
            "role": cells.get("role"),
            "group": cells.get("group"),
        },
        "answers": answers,
    }


def _csv_place(loc: tuple[str | int, ...], row: int, columns: dict[str, int]) -> tuple[int, int]:
    names: dict[tuple[str | int, ...], str] = {
        ("partnership", "name"): "partnership",
        ("respondent", "name"): "respondent",
    }
    key = names.get(tuple(loc[:2])) or (loc[-1] if loc and isinstance(loc[-1], str) else "")
    return (row, columns.get(str(key), 1))
