"""The bank as an XLSForm: survey, choices and settings sheets, as rows of cells (the shape
pyxform reads), and as the .xlsx file that KoboToolbox and ODK Central import."""

from __future__ import annotations

import io
import re
from typing import Any

from readiness.model import ROLES, UNKNOWN, Bank, Partnership, Question
from readiness.render.common import expected_number, role_words
from readiness.render.template import walk_order
from readiness.xlsform import routes

Row = dict[str, str]
Sheets = dict[str, list[Row]]

SURVEY_COLUMNS = (
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "calculation",
    "constraint",
    "constraint_message",
    "appearance",
)
CHOICE_COLUMNS = ("list_name", "name", "label")
OPENING = "about"
"""The group holding the opening questions (who is answering, for which council, in what role)."""
RESPONDENT, COUNCIL, ROLE, GROUP = "respondent", "council", "role", "group"
HIDDEN = ("bank", "bank_version", "bank_digest", "partnership", "councils")
"""Fields every submission carries without asking: what bank it was answered against and, when
the form was made for one partnership, which."""
DONT_KNOW_LABEL = "Don't know"


def form_id(bank: Bank) -> str:
    return "readiness_" + re.sub(r"[^a-z0-9_]", "_", bank.id)


def form_version(bank: Bank) -> str:
    """The bank's version and the start of its digest: `2.0-488631cbc4ab`. Every submission
    carries it, so an export says which questions were answered."""
    return f"{bank.version}-{bank.digest[:12]}" if bank.digest else bank.version


def version_of(form_version_text: str) -> str:
    """The bank version a form version names (the part before the digest)."""
    version, _, digest = form_version_text.rpartition("-")
    return version if version and re.fullmatch(r"[0-9a-f]{6,}", digest) else form_version_text


def form_sheets(bank: Bank, partnership: Partnership | None = None) -> Sheets:
    """The three sheets of the form."""
    survey: list[Row] = [*_hidden(bank, partnership), *_opening(partnership)]
    choices: list[Row] = _opening_choices(partnership)
    reached = routes.reached(bank)
    for qid in walk_order(bank):
        survey.append(
            {
                "type": "calculate",
                "name": routes.reached_name(qid),
                "calculation": routes.reached_calculation(reached[qid]),
            }
        )
    names = {*bank.questions, *HIDDEN, OPENING, RESPONDENT, COUNCIL, ROLE, GROUP}
    for domain, qids in _by_domain(bank):
        group = domain.id if domain.id not in names else f"D_{domain.id}"
        survey.append({"type": "begin_group", "name": group, "label": _text(domain.title)})
        for qid in qids:
            question = bank.questions[qid]
            survey += _question_rows(question)
            choices += _choices(question)
        survey.append({"type": "end_group", "name": group})
    if any(routes.has_companion(q) for q in bank.questions.values()):
        choices.append({"list_name": "dont_know", "name": UNKNOWN, "label": DONT_KNOW_LABEL})
    settings = {
        "form_title": _text(bank.header.title),
        "form_id": form_id(bank),
        "version": form_version(bank),
        "instance_name": f"concat(${{{RESPONDENT}}}, ' (', ${{{COUNCIL}}}, ')')",
    }
    return {"survey": survey, "choices": choices, "settings": [settings]}


def _hidden(bank: Bank, partnership: Partnership | None) -> list[Row]:
    values = {"bank": bank.id, "bank_version": bank.version, "bank_digest": bank.digest}
    if partnership is not None:
        values |= {"partnership": partnership.name, "councils": "; ".join(partnership.councils)}
    return [{"type": "calculate", "name": name, "calculation": routes.literal(value)} for name, value in values.items()]


def _opening(partnership: Partnership | None) -> list[Row]:
    council = {"type": "select_one councils"} if partnership else {"type": "text"}
    return [
        {"type": "begin_group", "name": OPENING, "label": "About you"},
        {"type": "text", "name": RESPONDENT, "label": "Your name", "required": "yes"},
        {**council, "name": COUNCIL, "label": "Which council are you answering for?", "required": "yes"},
        {"type": "select_one roles", "name": ROLE, "label": "Your role", "required": "yes"},
        {"type": "text", "name": GROUP, "label": "Your group or committee, if any (optional)"},
        {"type": "end_group", "name": OPENING},
    ]


def _opening_choices(partnership: Partnership | None) -> list[Row]:
    rows = [{"list_name": "roles", "name": role, "label": role_words(role)} for role in ROLES]
    if partnership is not None:
        # a council's name is the choice's value too (the list is select_one, so spaces are
        # safe), so exports carry the name itself
        rows += [{"list_name": "councils", "name": c, "label": _text(c)} for c in partnership.councils]
    return rows


def _by_domain(bank: Bank) -> list[tuple[Any, list[str]]]:
    """The domains in the bank's order, each with its questions in the order the walk meets them."""
    order = walk_order(bank)
    found = []
    for domain in bank.header.domains:
        qids = [qid for qid in order if bank.questions[qid].domain == domain.id]
        if qids:
            found.append((domain, qids))
    return found


def _text(text: str) -> str:
    """A label as written: `${` would read as a reference to another field."""
    return text.replace("${", "$ {")


def _question_rows(question: Question) -> list[Row]:
    row: Row = {
        "name": question.id,
        "label": _text(question.text),
        "hint": _text(question.help),
        "relevant": routes.is_reached(question.id),
    }
    if not question.unknown:
        row["required"] = "yes"
    if question.type in ("yes_no", "choice"):
        row["type"] = f"select_one {_list(question)}"
    elif question.type == "multi":
        row["type"] = f"select_multiple {_list(question)}"
        row |= _alone_constraint(question)
    elif question.type == "text":
        row["type"] = "text"
        row["appearance"] = "multiline"
    else:
        row |= _number(question)
    if not routes.has_companion(question):
        return [row]
    row["hint"] += " (If you do not know, tick the box below instead.)"
    box = {
        "type": "select_multiple dont_know",
        "name": routes.dont_know_name(question.id),
        "label": f"{DONT_KNOW_LABEL}: {_text(question.text)}",
        "relevant": routes.is_reached(question.id),
    }
    row["relevant"] += f" and not(selected(${{{box['name']}}}, '{UNKNOWN}'))"
    return [row, box]


def _list(question: Question) -> str:
    return f"q_{question.id}"


def _choices(question: Question) -> list[Row]:
    if question.type not in ("yes_no", "choice", "multi"):
        return []
    rows = [{"list_name": _list(question), "name": o.value, "label": _text(o.label)} for o in question.options]
    if question.unknown:
        rows.append({"list_name": _list(question), "name": UNKNOWN, "label": DONT_KNOW_LABEL})
    return rows


def _alone_constraint(question: Question) -> Row:
    alone = [o.value for o in question.options if o.exclusive] + ([UNKNOWN] if question.unknown else [])
    if not alone:
        return {}
    tests = [f"not(selected(., {routes.literal(v)}))" for v in alone]
    return {
        "constraint": f"({' and '.join(tests)}) or count-selected(.) = 1",
        "constraint_message": f"{', '.join(alone)}: choose on its own, not with other answers",
    }


def _number(question: Question) -> Row:
    row: Row = {"type": "integer" if question.type == "scale" else "decimal"}
    bounds = []
    if question.min is not None:
        bounds.append(f". >= {routes.number(question.min)}")
    if question.max is not None:
        bounds.append(f". <= {routes.number(question.max)}")
    if bounds:
        row["constraint"] = " and ".join(bounds)
        row["constraint_message"] = f"Give {expected_number(question)}."
    return row


def form_xlsx(sheets: Sheets) -> bytes:
    """The sheets as an .xlsx workbook (openpyxl, which also reads the XLSX exports back)."""
    from openpyxl import Workbook  # here: only `readiness form` writes a workbook

    book = Workbook()
    for sheet in book.worksheets:  # the empty sheet a new workbook starts with
        book.remove(sheet)
    columns = {"survey": SURVEY_COLUMNS, "choices": CHOICE_COLUMNS}
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        header = list(columns.get(name, ())) or list(dict.fromkeys(k for row in rows for k in row))
        sheet.append(header)
        for row in rows:
            sheet.append([row.get(column) or None for column in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


PARTNERSHIP_FILE_LIMIT = 1024 * 1024


def read_partnership(path: str) -> Partnership:
    """The partnership a form is made for: a YAML file with `name` and `councils` (or an
    answer file, whose `partnership:` is taken)."""
    from pydantic import ValidationError

    from readiness import yamlio
    from readiness.errors import AnswerError
    from readiness.loading import pydantic_diagnostics

    data, source_map = yamlio.parse(yamlio.read_text(path, PARTNERSHIP_FILE_LIMIT, AnswerError), path, AnswerError)
    prefix: tuple[str, ...] = ()
    if isinstance(data, dict) and isinstance(data.get("partnership"), dict):
        data, prefix = data["partnership"], ("partnership",)
    if not isinstance(data, dict):
        raise AnswerError.at(path, "expected a mapping: name: THE PARTNERSHIP, councils: [COUNCIL, COUNCIL]")
    try:
        return Partnership.model_validate(data)
    except ValidationError as exc:
        raise AnswerError(pydantic_diagnostics(exc, path, data, _Prefixed(source_map, prefix))) from None


class _Prefixed:
    def __init__(self, source_map: Any, prefix: tuple[str, ...]) -> None:
        self.source_map, self.prefix = source_map, prefix

    def locate(self, loc: Any) -> tuple[int, int]:
        found: tuple[int, int] = self.source_map.locate((*self.prefix, *loc))
        return found
