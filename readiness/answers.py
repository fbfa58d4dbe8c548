"""Reading answer files (YAML or JSON) and checking each answer against the bank's questions."""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from readiness import yamlio
from readiness.controls import visible
from readiness.errors import AnswerError, Diagnostic
from readiness.loading import ANSWER_FILE_LIMIT, pydantic_diagnostics
from readiness.model import (
    NUMERIC_TYPES,
    UNKNOWN,
    Answer,
    AnswerSet,
    AnswerValue,
    Bank,
    Partnership,
    Plain,
    Question,
    Respondent,
    name_key,
)


class _Envelope(BaseModel):
    """An answer file before its answers are checked against the bank."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # built when a file is first read
    bank: str = Field(min_length=1)
    bank_version: Plain | None = None
    bank_digest: Plain | None = None
    partnership: Partnership | None = None
    respondent: Respondent | None = None
    answers: dict[str, Any] | None = None
    set_aside: dict[str, Any] | None = None


class LoadedAnswers(NamedTuple):
    """An answer set and the warnings met while reading it."""

    answers: AnswerSet
    warnings: list[Diagnostic]

    def other_version(self, bank: Bank) -> bool:
        return self.answers.bank_version not in (None, bank.version)


CSV_FILE_LIMIT = 64 * 1024 * 1024
NOTE_LIMIT = 2000
TEXT_ANSWER_LIMIT = 10_000
NUMBER_LIMIT = 10**15
"""Beyond this no answer is meant (a quadrillion pounds), and a float cannot hold it exactly."""
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")
CSV_FIELDS = ("bank", "bank_version", "partnership", "councils", "respondent", "council", "role", "group")


def load_answers(path: str | Path, bank: Bank) -> LoadedAnswers:
    """Read one answer file; every problem in it is reported at once as an AnswerError."""
    path = str(path)
    if path.lower().endswith(".csv"):
        raise AnswerError.at(path, "a CSV file holds many respondents (score it with `readiness score FILE.csv`)")
    text = yamlio.read_text(path, ANSWER_FILE_LIMIT, AnswerError)
    data, source_map = _parse(text, path)
    return answers_from_data(data, bank, path, source_map.locate)


def _parse(text: str, path: str) -> tuple[Any, yamlio.SourceMap]:
    if not path.lower().endswith(".json"):
        return yamlio.parse(text, path, AnswerError, allow_aliases=False, max_nodes=100_000)
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise AnswerError.at(
            path, f"JSON syntax: {exc.msg} (fix the syntax at this point)", exc.lineno, exc.colno
        ) from None
    except ValueError as exc:
        raise AnswerError.at(path, str(exc)) from None
    except RecursionError:
        raise AnswerError.at(path, "nested too deeply (an answer file is two levels deep)") from None
    try:  # JSON is (nearly) YAML: borrow the YAML parser for line numbers
        return data, yamlio.parse(text, path, AnswerError, allow_aliases=False, max_nodes=100_000)[1]
    except AnswerError:
        return data, yamlio.SourceMap()


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key '{key}' (keep one of them)")
        result[key] = value
    return result


Locate = Callable[[tuple[str | int, ...]], tuple[int, int]]


def answers_from_data(
    data: Any, bank: Bank, path: str, locate: Locate | None = None, source: str | None = None
) -> LoadedAnswers:
    """Check parsed answer data against `bank`; `locate` gives the line of a key path, and
    `source` names the answer set in reports (default: `path`)."""
    where = locate or (lambda loc: (0, 0))
    envelope = _envelope(data, bank, path, where)
    answers = _checked_answers(envelope.answers, "answers", bank, path, where)
    set_aside = _checked_answers(envelope.set_aside, "set_aside", bank, path, where)
    # Every part was checked above (and the bank's id matched): built without a second check
    result = AnswerSet.model_construct(
        bank=envelope.bank,
        bank_version=envelope.bank_version,
        bank_digest=envelope.bank_digest,
        partnership=envelope.partnership,
        respondent=envelope.respondent,
        answers=answers,
        set_aside={qid: answer for qid, answer in set_aside.items() if qid not in answers},
        source=visible(source or path),
    )
    return LoadedAnswers(answers=result, warnings=_bank_warnings(envelope, bank, path, where))


def _envelope(data: Any, bank: Bank, path: str, where: Locate) -> _Envelope:
    """Everything but the answers, shape-checked, and for this bank."""
    if data is None:
        raise AnswerError.at(path, "the file is empty (fill in a file from `readiness template`)")
    if not isinstance(data, dict):
        raise AnswerError.at(path, "expected a mapping with bank, partnership, respondent and answers", *where(()))
    data = {k: None if k in ("partnership", "respondent") and _blank(v) else v for k, v in data.items()}
    try:
        envelope = _Envelope.model_validate(data)
    except ValidationError as exc:
        raise AnswerError(pydantic_diagnostics(exc, path, data, _Located(where))) from None
    if envelope.bank != bank.id:
        problem = f"these answers are for bank '{envelope.bank}', not '{bank.id}'"
        hint = " (use --bank to point at the bank they were given against)"
        raise AnswerError.at(path, problem + hint, *where(("bank",)))
    partnership, respondent = envelope.partnership, envelope.respondent
    if partnership and respondent and name_key(respondent.council) not in map(name_key, partnership.councils):
        problem = f"the respondent's council '{respondent.council}' is not one of {', '.join(partnership.councils)}"
        raise AnswerError.at(path, problem + " (check the spelling)", *where(("respondent", "council")))
    return envelope


def _checked_answers(
    given: dict[str, Any] | None, section: str, bank: Bank, path: str, where: Locate
) -> dict[str, Answer]:
    """Each answer of a section (`answers`, or `set_aside`, which the interview keeps to offer
    back) checked against its question; every problem reported at once."""
    problems: list[Diagnostic] = []
    answers: dict[str, Answer] = {}
    for qid, raw in (given or {}).items():
        try:
            answer = read_answer(bank, str(qid), raw)
        except ValueError as exc:
            problems.append(Diagnostic(path, *where((section, qid)), "error", str(exc)))
            continue
        if answer is not None:
            answers[str(qid)] = answer
    if problems:
        raise AnswerError(problems)
    return answers


def _bank_warnings(envelope: _Envelope, bank: Bank, path: str, where: Locate) -> list[Diagnostic]:
    """Answers given against another version, or another copy, of the same bank; or none at all."""
    if not envelope.answers or all(v is None for v in envelope.answers.values()):
        message = "no question is answered yet (fill in the answers; `readiness template` lists them)"
        return [Diagnostic(path, *where(("answers",)), "warning", message)]
    if envelope.bank_version and envelope.bank_version != bank.version:
        message = (
            f"answers were given against version {envelope.bank_version} of bank '{bank.id}'; "
            f"this is version {bank.version} (check the report with care)"
        )
        return [Diagnostic(path, *where(("bank_version",)), "warning", message)]
    if envelope.bank_digest and envelope.bank_digest != bank.digest:
        message = (
            f"answers were saved against another copy of bank '{bank.id}' {bank.version} (digest "
            f"{envelope.bank_digest}, now {bank.digest}): its questions may have been edited since"
        )
        return [Diagnostic(path, *where(("bank_digest",)), "warning", message)]
    return []


def _blank(value: Any) -> bool:
    """A section of a template left unfilled: nothing in it but empty values."""
    if isinstance(value, dict):
        return all(_blank(v) for v in value.values())
    return value in (None, "", [])


class _Located:
    def __init__(self, where: Locate) -> None:
        self.where = where

    def locate(self, loc: Any) -> tuple[int, int]:
        return self.where(tuple(loc))


def read_answer(bank: Bank, qid: str, raw: Any) -> Answer | None:
    """One answer, checked against its question; None for a blank. ValueError says what is wrong."""
    question = bank.questions.get(qid)
    if question is None:
        raise ValueError(
            f"answer to '{qid}', which is no question of bank '{bank.id}' {bank.version} "
            "(check the id; `readiness template` lists the questions)"
        )
    note = None
    if isinstance(raw, dict):
        unexpected = set(raw) - {"value", "note"}
        if unexpected or "value" not in raw:
            raise ValueError(f"answer to '{qid}': write it as a value, or as {{value: ..., note: ...}}")
        note = raw.get("note")
        if note is not None and not isinstance(note, str):
            note = str(note)
        raw = raw["value"]
    if raw is None:
        return None
    return Answer(coerce(question, raw), checked_note(question, note))


def checked_note(question: Question, note: str | None) -> str | None:
    """A note as it is kept: within the limit, its control characters made visible."""
    if note is not None and len(note) > NOTE_LIMIT:
        raise ValueError(f"answer to '{question.id}': the note is over {NOTE_LIMIT:,} characters (shorten it)")
    return visible(note) if note else note


def coerce(question: Question, raw: Any) -> AnswerValue:
    """The answer in the form its question takes; ValueError names what is expected."""
    if isinstance(raw, str) and question.type != "multi" and question.option(raw) is not None:
        return raw  # the common case first: exactly one of the options ("unknown" is never one)
    if isinstance(raw, str) and raw.strip().lower() in (UNKNOWN, "don't know", "dont know"):
        if not question.unknown:
            raise ValueError(
                f"answer to '{question.id}': \"don't know\" is not allowed for this question "
                "(choose one of its answers)"
            )
        return UNKNOWN
    if question.type == "text":
        if isinstance(raw, dict | list):
            raise ValueError(f"answer to '{question.id}': expected text (put the answer in quotes)")
        text = str(raw)
        if len(text) > TEXT_ANSWER_LIMIT:
            raise ValueError(
                f"answer to '{question.id}': the text is over {TEXT_ANSWER_LIMIT:,} characters (shorten it)"
            )
        return visible(text)
    if question.type in NUMERIC_TYPES:
        return _number(question, raw)
    if question.type == "multi":
        items = raw if isinstance(raw, list) else [raw]
        if UNKNOWN in items:
            if len(items) > 1:
                raise ValueError(
                    f"answer to '{question.id}': \"don't know\" cannot go with other options "
                    "(give it alone, or drop it)"
                )
            return coerce(question, UNKNOWN)
        chosen = tuple(dict.fromkeys(_option(question, item) for item in items))
        if not chosen:
            raise ValueError(f"answer to '{question.id}': choose at least one option (or unknown)")
        alone = [v for v in chosen if question.option(v).exclusive]  # type: ignore[union-attr]
        if alone and len(chosen) > 1:
            raise ValueError(
                f"answer to '{question.id}': '{alone[0]}' goes on its own, not with other options "
                "(keep it alone, or drop it)"
            )
        return chosen
    return _option(question, raw)


def _option(question: Question, raw: Any) -> str:
    value = ("yes" if raw else "no") if isinstance(raw, bool) else raw
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str) or question.option(value) is None:
        shown = value if isinstance(value, str) else type(value).__name__
        raise ValueError(
            f"answer to '{question.id}': '{shown}' is not one of its options ({', '.join(question.values)})"
        )
    return value


def _number(question: Question, raw: Any) -> int | float:
    value = raw
    if isinstance(raw, str):
        text = raw.strip().removeprefix("£").strip()
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        try:
            value = float(text)
        except ValueError:
            value = None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (isinstance(value, float) and math.isnan(value))
    ):
        raise ValueError(f"answer to '{question.id}': expected a number{question.range_words}, got '{_short(raw)}'")
    if not -NUMBER_LIMIT <= value <= NUMBER_LIMIT:  # compared, never converted: a huge int overflows a float
        raise ValueError(f"answer to '{question.id}': the number is too large (no answer needs one beyond 10^15)")
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = int(value)
    if question.type == "scale" and not isinstance(value, int):
        raise ValueError(f"answer to '{question.id}': expected a whole number{question.range_words}, got '{raw}'")
    low = question.min if question.min is not None else -math.inf
    high = question.max if question.max is not None else math.inf
    if not low <= value <= high:
        raise ValueError(f"answer to '{question.id}': {value} is out of range{question.range_words}")
    return cast(int | float, value)


def _short(raw: Any) -> str:
    text = str(raw)
    return text if len(text) <= 40 else text[:20] + "…"


def read_csv_answers(path: str | Path, bank: Bank) -> Iterator[LoadedAnswers | AnswerError]:
    """One answer set per row of a CSV export (a spreadsheet or an online form): the columns
    bank, bank_version, partnership, councils (separated by ;), respondent, council, role, then
    one column per question id (multi answers separated by ;). Commas, semicolons or tabs may
    separate the columns, as spreadsheets in different countries export them. The file is read a
    row at a time, so its size does not set the memory used. Bad rows come back as errors."""
    import csv  # here: most runs read no CSV

    path = str(path)
    with open(yamlio.open_regular(path, CSV_FILE_LIMIT, AnswerError), encoding="utf-8-sig", newline="") as stream:
        line = 1
        try:
            first = stream.readline()
            reader = csv.reader(itertools.chain([first], stream), delimiter=_delimiter(first), strict=True)
            header = _csv_header(path, reader, bank)
            layout = _Layout(header)
            line, rows = 2, 0
            for row in reader:
                if any(cell.strip() for cell in row):
                    rows += 1
                    yield _csv_row(path, line, row, layout, bank)
                line = reader.line_num + 1
        except csv.Error as exc:
            yield AnswerError.at(path, f"not readable as CSV: {exc} (a quote left open? export the sheet again)", line)
            return
        except UnicodeDecodeError:
            yield AnswerError.at(path, "file is not UTF-8 text (save it as UTF-8)", line)
            return
    if not rows:
        raise AnswerError.at(path, "the CSV names its columns but has no respondents (one respondent a row)")


def _delimiter(header: str) -> str:
    """What separates the columns: the commonest of comma, semicolon and tab in the header (it
    holds only field names and question ids, which contain none of them); the comma on a tie."""
    counts = {mark: header.count(mark) for mark in ",;\t"}
    return max(counts, key=lambda mark: counts[mark])


def _csv_header(path: str, reader: Any, bank: Bank) -> list[str]:
    header = [name.strip() for name in next(reader, [])]
    if not any(header):
        raise AnswerError.at(path, "the CSV is empty (the first row names the columns)")
    for i, name in enumerate(header):
        if name and name not in CSV_FIELDS and name not in bank.questions:
            problem = f"column '{name}' is neither a respondent field nor a question of bank '{bank.id}'"
            raise AnswerError.at(path, f"{problem} (respondent fields: {', '.join(CSV_FIELDS)})", 1, i + 1)
        if name and name in header[:i]:
            raise AnswerError.at(path, f"column '{name}' appears twice (keep one)", 1, i + 1)
    return header


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
            problem = f"column {i + 1} has no name in the first row, yet this row has '{_short(cell.strip())}' in it"
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
        if qid in bank.questions:
            question = bank.questions[qid]
            answers[qid] = split(cell) if question.type == "multi" and cell != UNKNOWN else cell
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


def load_answer_sets(paths: Sequence[str | Path], bank: Bank) -> list[LoadedAnswers]:
    """Every answer set in the files (a CSV holds several), refusing a file named twice; every
    problem in every file is reported at once as one AnswerError."""
    found: list[LoadedAnswers] = []
    problems: list[Diagnostic] = []
    seen: dict[Path, str] = {}
    for path in map(str, paths):
        key = Path(path).resolve()
        if key in seen:
            problems.append(Diagnostic(path, 0, 0, "error", f"is the same file as {seen[key]} (give each file once)"))
            continue
        seen[key] = path
        try:
            items = list(read_csv_answers(path, bank)) if path.lower().endswith(".csv") else [load_answers(path, bank)]
        except AnswerError as exc:
            problems.extend(exc.diagnostics)
            continue
        for item in items:
            if isinstance(item, AnswerError):
                problems.extend(item.diagnostics)
            else:
                found.append(item)
    if problems:
        raise AnswerError(problems)
    return found
