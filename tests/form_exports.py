"""Exports of the form written the way KoboToolbox and ODK Central write them (their export
documentation: group paths in the column names, select-multiple answers as a column of
space-separated values and/or a 0/1 column per option, their own metadata columns)."""

from __future__ import annotations

import csv
import io
from typing import Any

from readiness.model import UNKNOWN, AnswerSet, Bank
from readiness.xlsform import routes
from readiness.xlsform.form import form_version

KOBO_META = [
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
]
CENTRAL_META = [
    "meta-instanceID",
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
]


def _fields(bank: Bank) -> list[tuple[str, str, str | None]]:
    """(group, name, option) for every column of the form's answers, in form order; option is
    set for the 0/1 columns of a select-multiple."""
    found: list[tuple[str, str, str | None]] = [("about", n, None) for n in ("respondent", "council", "role", "group")]
    for qid, question in bank.questions.items():
        found.append((question.domain, qid, None))
        if question.type == "multi":
            values = [o.value for o in question.options] + ([UNKNOWN] if question.unknown else [])
            found += [(question.domain, qid, v) for v in values]
        if routes.has_companion(question):
            found += [
                (question.domain, routes.dont_know_name(qid), None),
                (question.domain, routes.dont_know_name(qid), UNKNOWN),
            ]
    return found


def _values(answers: AnswerSet, bank: Bank) -> dict[str, str]:
    who = answers.respondent
    values = {"respondent": who.name or "", "council": who.council, "role": who.role} if who else {}
    for qid, answer in answers.answers.items():
        question = bank.questions[qid]
        if routes.has_companion(question) and answer.value == UNKNOWN:
            values[routes.dont_know_name(qid)] = UNKNOWN
        else:
            values[qid] = " ".join(answer.value) if isinstance(answer.value, tuple) else str(answer.value)
    return values


def kobo_csv(bank: Bank, sets: list[AnswerSet], *, split: bool = True, summary: bool = True) -> str:
    """KoboToolbox's CSV export: `;` between columns, groups joined by `/`, select-multiple as
    both a summary column and a 0/1 column per option (either may be switched off)."""
    fields = [f for f in _fields(bank) if (f[2] is None and (summary or not _multi(bank, f[1]))) or (f[2] and split)]
    header = ["start", "end", "bank", "bank_version", "partnership", "councils"]
    header += [f"R_{q}" for q in list(bank.questions)[:2]]
    header += ["/".join(p for p in f if p) for f in fields] + KOBO_META
    rows = []
    for n, answers in enumerate(sets):
        values = _values(answers, bank)
        row = ["2026-01-05T10:00:00.000+00:00", "2026-01-05T10:20:00.000+00:00", bank.id, bank.version]
        row += [*_partnership(answers), "1", "1"]
        row += [_cell(values, f) for f in fields]
        row += [
            str(100 + n),
            f"uuid-{n}",
            "2026-01-05T10:21:00",
            "",
            "",
            "submitted_via_web",
            "",
            "vAbCdEf",
            "",
            str(n + 1),
        ]
        rows.append(row)
    return _csv([header, *rows], ";")


def central_csv(bank: Bank, sets: list[AnswerSet]) -> str:
    """ODK Central's CSV export: `,` between columns, groups joined by `-`, select-multiple as one
    column of space-separated values, the form version in FormVersion (no bank_version column)."""
    fields = [f for f in _fields(bank) if f[2] is None]
    header = ["SubmissionDate", "bank", "bank_digest", "partnership", "councils"]
    header += ["-".join(f[:2]) for f in fields] + CENTRAL_META
    rows = []
    for n, answers in enumerate(sets):
        values = _values(answers, bank)
        row = ["2026-01-05T10:21:00.000Z", bank.id, bank.digest, *_partnership(answers)]
        row += [_cell(values, f) for f in fields]
        row += [f"uuid:{n}", f"uuid:{n}", "5", "Survey", "0", "0", "", "", "", "0", form_version(bank)]
        rows.append(row)
    return _csv([header, *rows], ",")


def _partnership(answers: AnswerSet) -> list[str]:
    """The hidden fields of a form made with --partnership."""
    found = answers.partnership
    return [found.name, "; ".join(found.councils)] if found else ["", ""]


def _multi(bank: Bank, name: str) -> bool:
    question = bank.questions.get(name.removeprefix(routes.DONT_KNOW))
    return question is not None and (question.type == "multi" or name.startswith(routes.DONT_KNOW))


def _cell(values: dict[str, str], field: tuple[str, str, str | None]) -> str:
    value = values.get(field[1], "")
    if field[2] is None:
        return value
    return ("1" if field[2] in value.split() else "0") if value else ""


def _csv(rows: list[list[Any]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()
