"""Answer files, in one place: reading them (YAML, JSON, the rows of a CSV export), writing
them, and carrying a file of an earlier version of the bank to the current one.

- `reading`: one file, its envelope and answers checked against the bank; many files at once.
- `values`: one answer checked against its question.
- `csvrows`: answer sets from a CSV, a row at a time.
- `writing`: the file the interview saves and `readiness migrate` writes.
- `versions`: the bank's history (frozen manifests, migration steps); `migrate` applies them;
  `history_checks` is what `readiness validate` proves of them.
"""

from readiness.answers.csvrows import CSV_FIELDS, CSV_FILE_LIMIT, read_csv_answers
from readiness.answers.reading import (
    LoadedAnswers,
    answers_from_data,
    expand_folders,
    is_csv,
    load_answer_sets,
    load_answers,
)
from readiness.answers.values import NOTE_LIMIT, NUMBER_LIMIT, TEXT_ANSWER_LIMIT, checked_note, coerce, read_answer
from readiness.answers.writing import SET_ASIDE_NOTE, dump_answers
from readiness.files import ANSWER_SUFFIXES, answer_files_in

__all__ = [
    "ANSWER_SUFFIXES",
    "CSV_FIELDS",
    "CSV_FILE_LIMIT",
    "NOTE_LIMIT",
    "NUMBER_LIMIT",
    "SET_ASIDE_NOTE",
    "TEXT_ANSWER_LIMIT",
    "LoadedAnswers",
    "answer_files_in",
    "answers_from_data",
    "checked_note",
    "coerce",
    "dump_answers",
    "expand_folders",
    "is_csv",
    "load_answer_sets",
    "load_answers",
    "read_answer",
    "read_csv_answers",
]
