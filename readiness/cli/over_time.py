"""The commands that follow a partnership through time: `migrate` (answer files carried to the
bank's current version) and `progress` (what changed between two assessments)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from readiness.cli import BankOption, PlainHelp, _bank, _emit, _files, _warn, app, guarded

if TYPE_CHECKING:
    from readiness.answers import LoadedAnswers
    from readiness.model import AnswerSet, Bank


@app.command(cls=PlainHelp, short_help="Carry answer files to the bank's current version and write them.")
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
        _emit(text, target, files, bank_dir)


def _current(item: LoadedAnswers, bank: Bank) -> AnswerSet:
    return item.answers.model_copy(update={"bank_version": bank.version, "bank_digest": bank.digest})


def _migrated_note(name: str, item: LoadedAnswers, bank: Bank) -> str:
    source = item.carried.declared or item.carried.from_version if item.carried else bank.version
    return f"# Carried from version {source} to version {bank.version} of bank '{bank.id}' by `readiness migrate`.\n"


class ProgressFormat(StrEnum):
    markdown = "markdown"
    json = "json"
    docx = "docx"


@app.command(cls=PlainHelp, short_help="What changed since the last assessment of a council or partnership.")
@guarded
def progress(
    earlier: Annotated[
        str,
        typer.Argument(
            help="The earlier answers: a file, or with --partnership a directory or CSV.",
            metavar="EARLIER",
            show_default=False,
        ),
    ],
    later: Annotated[
        str, typer.Argument(help="The later answers, in the same form.", metavar="LATER", show_default=False)
    ],
    bank_dir: BankOption = None,
    partnership: Annotated[
        bool,
        typer.Option("--partnership", help="Each side is a whole partnership (a directory of answer files, or a CSV)."),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Compare even answers of different councils or partnerships.")
    ] = False,
    format: Annotated[
        ProgressFormat, typer.Option("--format", help="markdown, json or docx (Word).")
    ] = ProgressFormat.markdown,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here (replacing it).")] = None,
    plan: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            help="The earlier action plan (xlsx from score), filled in: each action's status against the answers.",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """What changed since the last assessment: the verdict and each domain then and now, flags
    cleared and raised, unknowns answered, the earlier "do first" actions met or still needed,
    and every answer that changed. Earlier answers of an older bank version are carried first.

    Example: readiness progress examples/progress/2025.yaml examples/progress/2026.yaml
    """
    from readiness.answers import expand_folders, load_answer_sets
    from readiness.progress import progress as compare_over_time

    bank = _bank(bank_dir)
    sides = []
    for given in (earlier, later):
        names = expand_folders([given]) if partnership else [given]
        loaded = load_answer_sets(names, bank)
        for item in loaded:
            _warn(item.notices())
        sides.append(loaded)
    filled = None
    if plan is not None:
        from readiness.actionplan import read_action_plan

        filled = read_action_plan(plan, known={action.id for action in bank.actions})
    report = compare_over_time(bank, sides[0], sides[1], partnership=partnership, force=force, plan=filled)
    if format == ProgressFormat.json:
        from readiness.render.progress import render_progress_json

        _emit(render_progress_json(report), output, _inputs(earlier, later, plan), bank_dir)
    elif format == ProgressFormat.docx:
        from readiness.render.progress import render_progress_docx

        _emit(render_progress_docx(report), output, _inputs(earlier, later, plan), bank_dir)
    else:
        from readiness.render.progress import render_progress_markdown

        _emit(render_progress_markdown(report), output, _inputs(earlier, later, plan), bank_dir)


def _inputs(earlier: str, later: str, plan: Path | None) -> list[str]:
    return [earlier, later, *([str(plan)] if plan else [])]
