"""The commands that follow a partnership through time: `migrate` (answer files carried to the
bank's current version) and `progress` (what changed between two assessments)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from readiness.cli import BankOption, _bank, _emit, _files, _warn, app, guarded

if TYPE_CHECKING:
    from readiness.answers import LoadedAnswers
    from readiness.model import AnswerSet, Bank


@app.command()
@guarded
def migrate(
    files: Annotated[list[str], _files("Answer files (YAML or JSON) saved against any version of the bank.")],
    bank_dir: BankOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="File (one answer file), or directory (one file each, under its own name)."
        ),
    ] = None,
) -> None:
    """Carry answer files to the bank's current version and write them: answers carried, mapped
    to the new questions and options, and those the bank no longer asks kept under `retired`.

    Prints one line per file saying what was carried. Never writes over an input.

    Example: readiness migrate answers-2025.yaml -o answers-2025-v2.yaml
    """
    from readiness.answers import dump_answers, is_csv, load_answers
    from readiness.errors import AnswerError

    bank = _bank(bank_dir)
    csv_files = [name for name in files if is_csv(name)]
    if csv_files:
        problem = "a CSV export is carried to the current version whenever it is scored (score it as it is)"
        raise AnswerError.at(csv_files[0], problem)
    if len(files) > 1 and (output is None or not output.is_dir()):
        raise AnswerError.at(str(output or "-"), "several files need --output DIR, an existing directory")
    loaded = [load_answers(name, bank) for name in files]  # all read before any is written
    for name, item in zip(files, loaded, strict=True):
        _warn(item.notices())
        text = dump_answers(_current(item, bank), _migrated_note(name, item, bank))
        target = output / Path(name).name if output is not None and output.is_dir() else output
        _emit(text, target, files)


def _current(item: LoadedAnswers, bank: Bank) -> AnswerSet:
    return item.answers.model_copy(update={"bank_version": bank.version, "bank_digest": bank.digest})


def _migrated_note(name: str, item: LoadedAnswers, bank: Bank) -> str:
    source = item.carried.declared or item.carried.from_version if item.carried else bank.version
    return f"# Carried from version {source} to version {bank.version} of bank '{bank.id}' by `readiness migrate`.\n"


class ProgressFormat(StrEnum):
    markdown = "markdown"
    json = "json"
    docx = "docx"
