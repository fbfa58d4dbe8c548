"""The command line: parse, call one core function, print. Heavy imports stay inside commands
so that `readiness --help` starts fast."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from readiness.render.text import plural

if TYPE_CHECKING:
    from readiness.model import Bank

ISSUES_URL = "the project's issue tracker"

app = typer.Typer(
    name="readiness",
    help="A flow decision map for councils weighing up a shared chief executive or shared management team.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


def guarded(command: F) -> F:
    """The one error boundary: bad input is a message and exit 1; Ctrl-C is exit 130."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        from readiness.errors import ReadinessError

        try:
            return command(*args, **kwargs)
        except ReadinessError as exc:
            for diagnostic in exc.diagnostics:
                print(diagnostic, file=sys.stderr)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # the last resort: say it is our bug, not the user's input
            print(
                f"readiness: internal error: {type(exc).__name__}: {exc} (this is a bug; please report it "
                f"to {ISSUES_URL} with the command you ran)",
                file=sys.stderr,
            )
            raise typer.Exit(1) from None

    return run  # type: ignore[return-value]


BankOption = Annotated[
    Path | None,
    typer.Option(
        "--bank", help="A bank directory holding questions/ and seeds/ (default: the built-in bank).", file_okay=False
    ),
]


def _bank(directory: Path | None, *, checked: bool = True) -> Bank:
    """Load a bank; with `checked`, refuse one that fails the static checks."""
    from readiness.checks import check_bank
    from readiness.errors import BankError
    from readiness.loading import load_bank

    bank = load_bank(directory)
    if checked:
        errors = [d for d in check_bank(bank) if d.severity == "error"]
        if errors:
            raise BankError(errors)
    return bank


@app.command()
@guarded
def validate(
    directory: Annotated[
        Path | None,
        typer.Argument(help="Bank directory (default: the built-in bank).", file_okay=False, show_default=False),
    ] = None,
) -> None:
    """Check a question bank: every reference, route, citation and the shape of the map.

    Prints one line per problem (file:line:col: error|warning: ...) and a summary.
    Exits 1 if there is any error, 0 with warnings only.

    Example: readiness validate ./my-bank
    """
    from readiness.checks import check_bank
    from readiness.errors import BankError
    from readiness.loading import builtin_bank_dir, load_bank

    where = directory or builtin_bank_dir()
    try:
        bank = load_bank(where)
    except BankError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic)
        print(_count(exc.diagnostics, where))
        raise typer.Exit(1) from None
    found = check_bank(bank)
    for diagnostic in found:
        print(diagnostic)
    print(_count(found, where) if found else _summary(bank))
    if any(d.severity == "error" for d in found):
        raise typer.Exit(1)


def _count(found: list[Any], where: Path) -> str:
    errors = sum(1 for d in found if d.severity == "error")
    return f"{where}: {plural(errors, 'error')}, {plural(len(found) - errors, 'warning')}"


def _summary(bank: Bank) -> str:
    routes = sum(1 for q in bank.questions.values() for r in q.next if r.when is not None)
    critical = sum(1 for f in bank.flags if f.severity == "critical")
    findings = sum(len(s.findings) for s in bank.sources.values())
    return (
        f"bank '{bank.id}' {bank.version} is sound: {plural(len(bank.questions), 'question')} in "
        f"{plural(len(bank.header.domains), 'domain')}, {plural(routes, 'conditional route')}, "
        f"{plural(len(bank.flags), 'flag')} ({critical} critical), {plural(len(bank.actions), 'action')}, "
        f"{plural(findings, 'finding')} from {plural(len(bank.sources), 'source')}"
    )


class GraphFormat(StrEnum):
    mermaid = "mermaid"
    dot = "dot"


@app.command()
@guarded
def graph(
    bank_dir: BankOption = None,
    format: Annotated[GraphFormat, typer.Option("--format", help="mermaid or dot.")] = GraphFormat.mermaid,
    answers: Annotated[
        Path | None, typer.Option("--answers", help="Mark the path these answers walk.", dir_okay=False)
    ] = None,
) -> None:
    """Print the flow map as a Mermaid flowchart or a Graphviz digraph.

    Example: readiness graph --format dot --answers answers.yaml | dot -Tsvg > map.svg
    """
    from readiness.render import graph as render

    bank = _bank(bank_dir)
    path: tuple[str, ...] = ()
    if answers is not None:
        from readiness.answers import load_answers
        from readiness.engine import walk

        loaded = load_answers(answers, bank)
        _warn(loaded.warnings)
        path = walk(bank, _values(loaded.answers)).path
    sys.stdout.write(render.mermaid(bank, path) if format == GraphFormat.mermaid else render.dot(bank, path))


@app.command()
@guarded
def sources(bank_dir: BankOption = None) -> None:
    """List the sources, their findings (paraphrased, with paragraph) and what cites each.

    Example: readiness sources | less
    """
    from readiness.render.sources import render_sources

    sys.stdout.write(render_sources(_bank(bank_dir, checked=False)))


def _values(answer_set: Any) -> dict[str, Any]:
    return {qid: answer.value for qid, answer in answer_set.answers.items()}


def _warn(warnings: list[Any]) -> None:
    for warning in warnings:
        print(warning, file=sys.stderr)


def main() -> None:
    """Entry point of the `readiness` console script."""
    app()
