"""Reading answer files (YAML or JSON): the envelope, each answer checked against the bank's
questions, and a file of an earlier version of the bank carried to this one."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from readiness import yamlio
from readiness.answers.values import cut, read_answer
from readiness.controls import visible
from readiness.errors import AnswerError, Diagnostic
from readiness.files import answer_files_in
from readiness.loading import ANSWER_FILE_LIMIT, pydantic_diagnostics
from readiness.model import Answer, AnswerSet, Bank, Partnership, Plain, Respondent, RetiredAnswer, name_key

if TYPE_CHECKING:
    from readiness.answers.migrate import Carried


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
    retired: dict[str, Any] | None = None


class LoadedAnswers(NamedTuple):
    """An answer set, the warnings met while reading it, and how it was carried from an
    earlier version of the bank (None when it was answered against this one)."""

    answers: AnswerSet
    warnings: list[Diagnostic]
    carried: Carried | None = None

    def notices(self) -> list[Diagnostic]:
        """What to tell the user about this file: how it was carried, then its warnings."""
        return ([self.carried.notice()] if self.carried else []) + self.warnings


def expand_folders(names: Sequence[str]) -> list[str]:
    """The files as named, each folder among them standing for the answer files in it."""
    found: list[str] = []
    for name in names:
        if os.path.isdir(name):
            found.extend(answer_files_in(name))
        else:
            found.append(name)
    return found


def is_csv(path: str | Path) -> bool:
    """A table of many respondents (a CSV, or a web form's XLSX export) rather than one answer
    file (YAML or JSON)."""
    return str(path).lower().endswith((".csv", ".xlsx"))


def _is_json(path: str) -> bool:
    return path.lower().endswith(".json")


def load_answers(path: str | Path, bank: Bank) -> LoadedAnswers:
    """Read one answer file; every problem in it is reported at once as an AnswerError."""
    path = str(path)
    if is_csv(path):
        raise AnswerError.at(path, "a CSV file holds many respondents (score it with `readiness score FILE.csv`)")
    text = yamlio.read_text(path, ANSWER_FILE_LIMIT, AnswerError)
    data, source_map = _parse(text, path)
    return answers_from_data(data, bank, path, source_map.locate)


def _parse(text: str, path: str) -> tuple[Any, yamlio.SourceMap]:
    if not _is_json(path):
        return yamlio.parse(text, path, AnswerError, allow_aliases=False, max_nodes=100_000)
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_json_int)
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


def _json_int(digits: str) -> int:
    if len(digits.lstrip("-").lstrip("0")) > 400:  # Python's own refusal names a setting of its own
        raise ValueError(f"a number of {len(digits):,} digits is far beyond any answer (check the value)")
    return int(digits)


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
    `source` names the answer set in reports (default: `path`). Answers given against an
    earlier version of the bank are carried to this one first (see `readiness.answers.migrate`)."""
    where = locate or (lambda loc: (0, 0))
    envelope = _envelope(data, bank, path, where)
    given, set_aside, retired = envelope.answers or {}, envelope.set_aside or {}, envelope.retired or {}
    carried = None
    if envelope.bank_version and envelope.bank_version != bank.version:
        from readiness.answers.migrate import carry  # only a file of another version needs it

        carried = carry(bank, envelope.bank_version, given, set_aside, retired, path, where)
        given, set_aside, retired = carried.answers, carried.set_aside, carried.retired
        where = carried.locate(where)
    answers = _checked_answers(given, "answers", bank, path, where)
    aside_warnings: list[Diagnostic] = []
    kept_aside = _checked_answers(set_aside, "set_aside", bank, path, where, aside_warnings)
    for qid in kept_aside.keys() & answers.keys():
        message = f"set_aside: '{qid}' is answered under answers too; that answer counts and this one is dropped"
        aside_warnings.append(Diagnostic(path, *where(("set_aside", qid)), "warning", message + " (remove one)"))
    # Every part was checked above (and the bank's id matched): built without a second check
    result = AnswerSet.model_construct(
        bank=envelope.bank,
        bank_version=bank.version if carried else envelope.bank_version,
        bank_digest=None if carried else envelope.bank_digest,
        partnership=envelope.partnership,
        respondent=envelope.respondent,
        answers=answers,
        set_aside={qid: answer for qid, answer in kept_aside.items() if qid not in answers},
        retired=_checked_retired(retired, path, where),
        source=visible(source or path),
    )
    warnings = _bank_warnings(envelope, bank, path, where, carried) + sorted(aside_warnings)
    return LoadedAnswers(result, warnings, carried)


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
        problem = f"these answers are for bank '{cut(envelope.bank)}', not '{bank.id}'"
        hint = " (use --bank to point at the bank they were given against)"
        raise AnswerError.at(path, problem + hint, *where(("bank",)))
    partnership, respondent = envelope.partnership, envelope.respondent
    if partnership and respondent and name_key(respondent.council) not in map(name_key, partnership.councils):
        problem = (
            f"the respondent's council '{cut(respondent.council)}' is not one of "
            f"{', '.join(map(cut, partnership.councils))}"
        )
        raise AnswerError.at(path, problem + " (check the spelling)", *where(("respondent", "council")))
    return envelope


def _checked_answers(
    given: dict[str, Any],
    section: str,
    bank: Bank,
    path: str,
    where: Locate,
    lenient: list[Diagnostic] | None = None,
) -> dict[str, Answer]:
    """Each answer of a section (`answers`, or `set_aside`, which the interview keeps to offer
    back) checked against its question; every problem reported at once. With `lenient` (for
    `set_aside`, which scoring ignores) a problem is a warning added there, and that answer left out."""
    problems: list[Diagnostic] = []
    answers: dict[str, Answer] = {}
    for qid, raw in given.items():
        try:
            answer = read_answer(bank, str(qid), raw)
        except ValueError as exc:
            if lenient is not None:
                message = f"set_aside: {exc}; it is left out (correct or remove it)"
                lenient.append(Diagnostic(path, *where((section, qid)), "warning", message))
            else:
                problems.append(Diagnostic(path, *where((section, qid)), "error", str(exc)))
            continue
        if answer is not None:
            answers[str(qid)] = answer
    if problems:
        raise AnswerError(problems)
    return answers


def _checked_retired(given: dict[str, Any], path: str, where: Locate) -> dict[str, RetiredAnswer]:
    """The `retired` section as it is kept: answers to questions an earlier version asked, each
    with that question's text, its version and why it was dropped. Kept as written, so it
    travels on unchanged; only its shape is checked."""
    if not given:
        return {}
    from readiness.answers.migrate import retired_answers, retired_problem

    problems = [
        Diagnostic(path, *where(("retired", key)), "error", problem)
        for key, entry in given.items()
        if (problem := retired_problem(str(key), entry))
    ]
    if problems:
        raise AnswerError(problems)
    return retired_answers({str(key): entry for key, entry in given.items()})


def _bank_warnings(
    envelope: _Envelope, bank: Bank, path: str, where: Locate, carried: Carried | None
) -> list[Diagnostic]:
    """No answer at all, or answers saved against another copy of the same version."""
    if not envelope.answers or all(v is None for v in envelope.answers.values()):
        message = "no question is answered yet (fill in the answers; `readiness template` lists them)"
        return [Diagnostic(path, *where(("answers",)), "warning", message)]
    if carried is None and envelope.bank_digest and envelope.bank_digest != bank.digest:
        message = (
            f"answers were saved against another copy of bank '{bank.id}' {bank.version} (digest "
            f"{cut(envelope.bank_digest)}, now {bank.digest}): its questions may have been edited since"
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


def load_answer_sets(paths: Sequence[str | Path], bank: Bank) -> list[LoadedAnswers]:
    """Every answer set in the files (a CSV holds several), refusing a file named twice; every
    problem in every file is reported at once as one AnswerError."""
    from readiness.answers.csvrows import read_csv_answers

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
            items = list(read_csv_answers(path, bank)) if is_csv(path) else [load_answers(path, bank)]
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
