"""The command line: parse, call one core function, print. Heavy imports stay inside commands
so that `readiness --help` starts fast."""

import contextlib
import functools
import gc
import os
import signal
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from readiness.render.text import plural

if TYPE_CHECKING:
    from readiness.answers import LoadedAnswers
    from readiness.files import Inputs
    from readiness.model import Bank

REPORT_BUGS_TO = "the maintainers of readiness"

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


class PlainHelp(typer.core.TyperCommand):
    """A command whose help speaks to people: `FILE...` for a list of files, in the usage line
    and the list of arguments, never typer's `{FILE}...` or `FILE <list[str]>`."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [piece.replace("{", "").replace("}", "") for piece in super().collect_usage_pieces(ctx)]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        super().format_help(ctx, formatter)
        formatter.buffer[:] = [part.replace(" <list[str]>", "...") for part in formatter.buffer]


def _print_version(wanted: bool) -> None:
    if wanted:
        from importlib.metadata import version  # here, not at the top: --help stays fast

        print(f"readiness {version('readiness')}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", callback=_print_version, is_eager=True),
    ] = False,
) -> None:
    # No docstring: typer would show it in place of the app's help
    pass


def guarded(command: F) -> F:
    """The one error boundary: bad input is a message and exit 1; Ctrl-C is exit 130."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        from readiness.errors import ReadinessError, ran_out

        try:
            return command(*args, **kwargs)
        except ReadinessError as exc:
            for diagnostic in exc.diagnostics:
                print(diagnostic, file=sys.stderr)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            raise typer.Exit(_reader_gone()) from None
        except (typer.Exit, typer.Abort):
            raise
        except (OSError, MemoryError, ImportError) as exc:
            if (words := ran_out(exc)) is None:
                raise _bug(exc) from None
            raise typer.Exit(_environment_failed(words)) from None
        except Exception as exc:  # the last resort: say it is our bug, not the user's input
            raise _bug(exc) from None

    return run  # type: ignore[return-value]


def _bug(exc: BaseException) -> typer.Exit:
    """Say it is our bug, not the user's input nor their machine."""
    print(
        f"readiness: internal error: {type(exc).__name__}: {exc} (this is a bug; please report it "
        f"to {REPORT_BUGS_TO} with the command you ran)",
        file=sys.stderr,
    )
    return typer.Exit(1)


def _environment_failed(words: str) -> int:
    """A full disk, a limit set with ulimit, no memory left: one line naming what ran out. What
    is still buffered for stdout is dropped, so the interpreter's last flush cannot fail again."""
    print(f"readiness: error: {words}", file=sys.stderr)
    _drop_stdout()
    return 1


BankOption = Annotated[
    Path | None,
    typer.Option(
        "--bank", help="A bank directory holding questions/ and seeds/ (default: the built-in bank).", file_okay=False
    ),
]


def _files(help: str) -> Any:
    """The FILE... argument of the commands that read answer files. Taken as plain text: the
    readers say what is wrong with a missing file or a directory, and typer's per-value path
    conversion costs a third of a second per 10,000 files."""
    return typer.Argument(help=help, metavar="FILE", show_default=False)


def _bank(directory: Path | None, *, checked: bool = True) -> "Bank":
    """Load a bank; with `checked`, refuse one that fails the static checks (a bank proven
    before, with the same files, comes from the cache without checking it again)."""
    from readiness.bankcache import load_checked_bank

    bank = load_checked_bank(directory, checked=checked)
    gc.freeze()  # what start-up built lives until exit: keep it out of every later collection
    gc.enable()  # paused since `main`; a batch or an interview makes garbage worth collecting
    return bank


@app.command(cls=PlainHelp, short_help="Answer the questions in the terminal, then get the report.")
@guarded
def assess(
    bank_dir: BankOption = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="Where to save every answer as you go (default: a new readiness-answers.yaml here).",
            dir_okay=False,
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", help="Where to write the report at the end (default: beside the answers file).", dir_okay=False
        ),
    ] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Carry on from the answers file.")] = False,
) -> None:
    """Answer the questions one at a time in the terminal, then get the report.

    Type the number of an answer; ? shows why a question matters and its sources; < goes back
    one question; Enter accepts the answer shown as the default. Every answer is saved at once,
    so Ctrl-C (or closing the terminal) loses nothing: --resume carries on.

    Example: readiness assess --answers northvale.yaml
    """
    from readiness.cli.interview import interview

    raise typer.Exit(interview(_bank(bank_dir), bank_dir, answers, report, resume))


VALIDATE_DIR_HINT = "give validate a bank directory, one holding questions/ and seeds/: readiness validate DIR"


@app.command(cls=PlainHelp, short_help="Check a question bank: references, routes, citations, shape.")
@guarded
def validate(
    directory: Annotated[
        Path | None,
        typer.Argument(help="Bank directory (default: the built-in bank).", file_okay=False, show_default=False),
    ] = None,
    freeze: Annotated[
        bool,
        typer.Option(
            "--freeze",
            help="Then, if the bank is sound, write the frozen manifest of its version to questions/versions/.",
        ),
    ] = False,
) -> None:
    """Check a question bank: every reference, route, citation and the shape of the map, and
    its history (the frozen manifests of released versions and the migrations between them).

    Prints one line per problem (file:line:col: error|warning: ...) and a summary.
    Exits 1 if there is any error, 0 with warnings only. With --freeze, a sound bank's version
    is recorded as released (a manifest already there is never replaced).

    Example: readiness validate ./my-bank
    """
    from readiness.checks import check_bank, sort_key
    from readiness.errors import BankError
    from readiness.gc_pause import paused_gc
    from readiness.loading import BankReading, builtin_bank_dir, read_bank

    where = directory or builtin_bank_dir()
    try:
        with paused_gc(keep=True):  # one pause over loading and checking; the bank lives until exit
            reading = read_bank(where, hint=VALIDATE_DIR_HINT)
            # Shape problems and the graph checks of what loaded, in one run
            found = reading.diagnostics + (check_bank(reading.bank, reading.broken) if reading.bank else [])
            if reading.bank is not None:
                from readiness.answers.history_checks import check_history

                found += check_history(reading.bank)
    except BankError as exc:  # no bank at all there
        reading, found = BankReading(None, exc.diagnostics), exc.diagnostics
    found.sort(key=sort_key)
    for diagnostic in found:
        print(diagnostic)
    print(_count(found, where) if found or reading.bank is None else _summary(reading.bank))
    if any(d.severity == "error" for d in found):
        raise typer.Exit(1)
    if freeze and reading.bank is not None:
        _freeze(reading.bank)


def _freeze(bank: "Bank") -> None:
    """Write the frozen manifest of the bank's version, unless one is there already."""
    from readiness.answers.versions import VERSIONS_DIR, freeze
    from readiness.files import write_atomic

    target = Path(bank.root or ".") / "questions" / VERSIONS_DIR / f"{bank.version}.yaml"
    if target.exists():
        print(f"{_shown(target)} is already frozen (a released version never changes)", file=sys.stderr)
        return
    target.parent.mkdir(exist_ok=True)
    write_atomic(target, freeze(bank))
    print(f"froze version {bank.version} of bank '{bank.id}' in {_shown(target)}", file=sys.stderr)


def _count(found: list[Any], where: Path) -> str:
    errors = sum(1 for d in found if d.severity == "error")
    return f"{_shown(where)}: {plural(errors, 'error')}, {plural(len(found) - errors, 'warning')}"


def _summary(bank: "Bank") -> str:
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


def _graph_format(value: str) -> str:
    """--format of graph, refused in words (typer's own message names Python's ValueError)."""
    if value not in ("mermaid", "dot"):
        raise typer.BadParameter(
            f"{value!r} is not a format graph prints: use mermaid or dot "
            "(for a picture: readiness graph --format dot | dot -Tsvg > map.svg)"
        )
    return value


@app.command(cls=PlainHelp, short_help="Print the flow map (Mermaid or Graphviz).")
@guarded
def graph(
    bank_dir: BankOption = None,
    format: Annotated[
        str, typer.Option("--format", help="mermaid or dot.", callback=_graph_format, metavar="mermaid|dot")
    ] = "mermaid",
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
        _warn(loaded.notices())
        path = walk(bank, loaded.answers.values()).path
    _out(render.mermaid(bank, path) if format == GraphFormat.mermaid else render.dot(bank, path))


@app.command(cls=PlainHelp, short_help="List the sources, their findings and what cites each.")
@guarded
def sources(bank_dir: BankOption = None) -> None:
    """List the sources, their findings (paraphrased, with paragraph) and what cites each.

    Example: readiness sources | less
    """
    from readiness.render.sources import render_sources

    _out(render_sources(_bank(bank_dir, checked=False)))


class ReportFormat(StrEnum):
    markdown = "markdown"
    json = "json"
    csv = "csv"
    docx = "docx"
    xlsx = "xlsx"


SUFFIXES = {
    ReportFormat.markdown: ".md",
    ReportFormat.json: ".json",
    ReportFormat.csv: ".csv",
    ReportFormat.docx: ".docx",
    ReportFormat.xlsx: ".xlsx",
}


@app.command(cls=PlainHelp, short_help="Score answers: ratings, flags, actions and a verdict.")
@guarded
def score(
    files: Annotated[
        list[str],
        _files("Answer files: YAML, JSON, or CSV with a respondent a row; a folder stands for the answer files in it."),
    ],
    bank_dir: BankOption = None,
    format: Annotated[
        ReportFormat,
        typer.Option("--format", help="markdown, json, csv, docx (Word) or xlsx (an action plan to track)."),
    ] = ReportFormat.markdown,
    output: Annotated[
        str | None,  # as typed: a trailing / (a folder is meant) is kept
        typer.Option(
            "--output", "-o", help="File (one report or csv), or directory (one report per answer set, plus a summary)."
        ),
    ] = None,
) -> None:
    """Score answers: per-domain risk ratings, flags, actions and a verdict, with sources.

    One answer set (a file, or a CSV of one respondent): the report goes to stdout or --output
    FILE. Several files, or a CSV of several respondents: one report each into --output DIR plus
    a summary; with --format csv, one table with a row per answer set (stdout or --output FILE).
    Bad files are listed and the rest still scored; the exit code is then 1.

    Example: readiness score examples/mixed.yaml --output mixed.md
    """
    from readiness.answers import expand_folders

    bank = _bank(bank_dir)
    names = _once_each(expand_folders(files))
    if format == ReportFormat.csv:
        raise typer.Exit(_score_to_csv(bank, names, _one_file(output), bank_dir, files))
    one_file = len(files) == 1 and files == names
    single = _only_answer_set(bank, names[0]) if one_file else None  # files named: one report or a folder
    if single is not None:
        from readiness.scoring import Scorer

        _warn(single.notices())
        _emit(_render(format)(Scorer(bank).score(single.answers)), _one_file(output), names, bank_dir)
        return
    if _to_stdout(output):
        print(
            "readiness: several answer sets need --output DIR for their reports (or use --format csv for one table)",
            file=sys.stderr,
        )
        raise typer.Exit(2)
    assert output is not None
    raise typer.Exit(_score_to_directory(bank, names, format, Path(output), bank_dir, files))


def _one_file(output: str | None) -> Path | None:
    """Where one report (or one table) goes; a name ending in / means a folder, which is for
    several answer sets, so it is refused rather than written as a file of that name."""
    if output is not None and output != "-" and output.endswith(("/", os.sep)):
        from readiness.errors import ReadinessError

        raise ReadinessError.at(
            output, "names a folder (it ends with /), but one report goes to a file (name a file, e.g. report.md)"
        )
    return None if output is None else Path(output)


def _once_each(names: list[str]) -> list[str]:
    """The files as named, each once however many times (or by however many names) it was given:
    one file, one report."""
    first: dict[str, str] = {}
    for name in names:
        first.setdefault(os.path.realpath(name), name)
    kept = list(first.values())
    if len(kept) < len(names):
        twice = len(names) - len(kept)
        print(f"readiness: warning: {plural(twice, 'file')} named more than once; each is scored once", file=sys.stderr)
    return kept


def _render(format: ReportFormat) -> Callable[[Any], str | bytes]:
    if format == ReportFormat.json:
        from readiness.render.data import render_json

        return render_json
    if format == ReportFormat.docx:
        from readiness.render.docx import render_docx

        return render_docx
    if format == ReportFormat.xlsx:
        from readiness.render.workbook import render_xlsx

        return render_xlsx
    from readiness.render.markdown import render_markdown

    return render_markdown


def _only_answer_set(bank: "Bank", name: str) -> "LoadedAnswers | None":
    """The answer set of a file that holds one (YAML, JSON, or a CSV of one row); None for a
    CSV of several respondents. A file that cannot be read raises its error."""
    from itertools import islice

    from readiness.answers import is_csv, load_answers, read_csv_answers
    from readiness.errors import AnswerError

    if not is_csv(name):
        return load_answers(name, bank)
    first = list(islice(read_csv_answers(name, bank), 2))
    if len(first) != 1:
        return None
    if isinstance(first[0], AnswerError):
        raise first[0]
    return first[0]


def _out(text: str) -> None:
    """Text to stdout, control characters made visible (whatever file or bank it came from)."""
    from readiness.controls import visible

    sys.stdout.write(visible(text))


def _to_stdout(output: Path | str | None) -> bool:
    return output is None or str(output) == "-"


def _emit(data: str | bytes, output: Path | None, inputs: list[str], bank_dir: Path | None) -> None:
    """To stdout (no --output, or -), or atomically to the file the user named, replacing it
    unless it is one of the `inputs`. A Word document goes to stdout only when that is not a
    terminal."""
    if _to_stdout(output) and isinstance(data, bytes):
        if sys.stdout.isatty():
            print("readiness: a Word document or a workbook is not for the screen; give --output FILE", file=sys.stderr)
            raise typer.Exit(2)
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        return
    if _to_stdout(output):
        _out(str(data))
        return
    assert output is not None
    _write_report(data, output, _inputs(inputs, bank_dir))


def _write_report(data: str | bytes, output: Path, inputs: "Inputs") -> None:
    """Atomically to the file the user named, replacing it unless it is one of the `inputs`."""
    from readiness.files import write_atomic

    inputs.refuse(output)
    write_atomic(output, _visible(data))
    print(f"wrote {_shown(output)}", file=sys.stderr)


def _inputs(names: list[str], bank_dir: Path | None) -> "Inputs":
    """What no output of a command may be written over or among: its inputs and the bank's files."""
    from readiness.files import Inputs
    from readiness.loading import builtin_bank_dir

    return Inputs(names, bank=bank_dir or builtin_bank_dir())


def _visible(data: str | bytes) -> str | bytes:
    """Text with its control characters made visible; a Word document (built from text already
    cleaned as it entered the model) as it is."""
    from readiness.controls import visible

    return data if isinstance(data, bytes) else visible(data)


def _shown(path: Path | str) -> str:
    from readiness.controls import visible

    return visible(str(path), keep="")


def _score_to_csv(bank: "Bank", names: list[str], output: Path | None, bank_dir: Path | None, given: list[str]) -> int:
    import csv

    from readiness.batch import score_many
    from readiness.controls import visible
    from readiness.files import atomic_open
    from readiness.render.data import csv_header, csv_row

    failed = 0

    def write_rows(out: Any) -> None:
        nonlocal failed
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(csv_header(bank))
        for outcome in score_many(bank, names, csv_row):
            failed += _report_problems(outcome)
            if outcome.result is not None:
                writer.writerow([visible(cell) for cell in outcome.result])

    if _to_stdout(output):
        write_rows(sys.stdout)  # a row at a time: a batch of any size runs in the same memory
    else:
        assert output is not None
        _inputs(given, bank_dir).refuse(output)
        with atomic_open(output) as out:
            write_rows(out)
        print(f"wrote {_shown(output)}", file=sys.stderr)
    return 1 if failed else 0


def _report_problems(outcome: Any) -> int:
    _warn(outcome.warnings)
    for problem in outcome.problems:
        print(problem, file=sys.stderr)
    return 1 if outcome.problems else 0


def _score_to_directory(
    bank: "Bank", names: list[str], format: ReportFormat, output: Path, bank_dir: Path | None, given: list[str]
) -> int:
    from readiness.batch import Outcome, report_name, score_many
    from readiness.controls import visible
    from readiness.errors import ReadinessError
    from readiness.files import refuse_link, write_atomic
    from readiness.render.summary import render_summary, summary_row

    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"{_shown(output)}: error: cannot create the directory: {exc.strerror}", file=sys.stderr)
        return 1
    inputs = _inputs(given, bank_dir)
    render = _render(format)
    summary = output / ("summary.json" if format == ReportFormat.json else "summary.md")
    inputs.refuse(summary)
    refuse_link(summary)  # before any scoring
    # a report is never named like an input in the same directory (jd/a.json scored into jd/)
    rows, taken = [], {summary.name, *(p.name for p in output.iterdir() if inputs.which(p))}
    not_scored: dict[str, list[str]] = {}
    refused = 0

    def both(assessment: Any) -> tuple[str | bytes, dict[str, Any], tuple[str | None, ...]]:
        who = assessment.answers.respondent
        return render(assessment), summary_row(assessment), (who.name, who.council) if who else ()

    for outcome in score_many(bank, names, both):
        if _report_problems(outcome) and outcome.source not in not_scored:  # a file named twice: listed once
            not_scored[outcome.source] = [_problem_words(p) for p in outcome.problems]
        if outcome.result is None:
            continue
        text, row, respondent = outcome.result
        name = report_name(outcome.source, SUFFIXES[format], taken, respondent)
        try:
            inputs.refuse(output / name)  # a hard link in the directory may still lead to one
            write_atomic(output / name, _visible(text), follow_links=False)
        except ReadinessError as exc:  # a symlink planted in a shared folder: this report is not written
            refused += _report_problems(Outcome(outcome.source, problems=exc.diagnostics))
            continue
        rows.append({**row, "report": name})
    as_json = format == ReportFormat.json
    write_atomic(summary, visible(render_summary(bank, rows, not_scored, as_json=as_json)), follow_links=False)
    print(f"wrote {plural(len(rows), 'report')} and {summary.name} to {_shown(output)}", file=sys.stderr)
    return 1 if not_scored or refused else 0


def _problem_words(problem: Any) -> str:
    """A problem as the summary lists it under its file: the line, if any, and what is wrong."""
    return f"line {problem.line}: {problem.message}" if problem.line else problem.message


class CompareFormat(StrEnum):
    markdown = "markdown"
    json = "json"
    docx = "docx"
    xlsx = "xlsx"


class CompareBy(StrEnum):
    group = "group"


@app.command(cls=PlainHelp, short_help="Compare the councils and respondents of one partnership.")
@guarded
def compare(
    files: Annotated[
        list[str],
        _files(
            "Answer files of one partnership: two or more councils, any number of respondents each; a folder "
            "stands for the answer files in it."
        ),
    ],
    bank_dir: BankOption = None,
    format: Annotated[
        CompareFormat, typer.Option("--format", help="markdown, json, docx (Word) or xlsx (an action plan to track).")
    ] = CompareFormat.markdown,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write the report here (replacing it).")] = None,
    by: Annotated[
        CompareBy | None, typer.Option("--by", help="group: the distributions of each group within each council.")
    ] = None,
    respondents: Annotated[
        bool, typer.Option("--respondents", help="Name each respondent in an appendix, however many there are.")
    ] = False,
) -> None:
    """Compare respondents of one partnership: ratings by council, where answers diverge, and
    whether the councils' expectations fit together; the weaker council sets the verdict.

    Up to 8 respondents, each is named; a survey of more is reported as counts (a council
    takes its median respondent's rating), anonymously unless --respondents is given.

    Example: readiness compare examples/partnership/*.yaml --output partnership.md
    """
    from readiness.answers import expand_folders, is_csv

    bank = _bank(bank_dir)
    survey = None
    paths = expand_folders(files)
    if len(paths) > SMALL_GROUP or any(is_csv(f) for f in paths):  # a table may hold any number of respondents
        from readiness.survey import survey_files

        survey = survey_files(bank, paths, by == CompareBy.group, respondents, warn=lambda w: _warn([w]))
    if survey is not None:
        _emit_survey(survey, format, _one_file(output), files, bank_dir)
        return
    if by or respondents:
        print("readiness: up to 8 respondents, each is named and --by/--respondents change nothing", file=sys.stderr)
    _small_group(bank, paths, format, _one_file(output), bank_dir, files)


SMALL_GROUP = 8
"""Up to this many answer files, the comparison names each respondent (readiness.survey agrees)."""


def _small_group(
    bank: Any, files: list[str], format: CompareFormat, to: Path | None, bank_dir: Path | None, given: list[str]
) -> None:
    from readiness.answers import load_answer_sets
    from readiness.compare import compare as compare_answers

    loaded = load_answer_sets(files, bank)
    for item in loaded:  # each carried to the bank's version, so one comparison asks one set of questions
        _warn(item.notices())
    comparison = compare_answers(bank, [item.answers for item in loaded])
    if format == CompareFormat.json:
        from readiness.render.comparison import render_comparison_json

        _emit(render_comparison_json(comparison), to, given, bank_dir)
    elif format == CompareFormat.docx:
        from readiness.render.docx import render_comparison_docx

        _emit(render_comparison_docx(comparison), to, given, bank_dir)
    elif format == CompareFormat.xlsx:
        from readiness.render.workbook import render_comparison_xlsx

        _emit(render_comparison_xlsx(comparison), to, given, bank_dir)
    else:
        from readiness.render.comparison import render_comparison_markdown

        _emit(render_comparison_markdown(comparison), to, given, bank_dir)


def _emit_survey(
    survey: Any, format: CompareFormat, output: Path | None, files: list[str], bank_dir: Path | None
) -> None:
    """A survey's report; its pictures go into a Word document, or beside a markdown file (and
    are left out when the markdown goes to stdout: the tables say the same)."""
    from readiness.render import survey_report

    if format == CompareFormat.xlsx:
        print(
            "readiness: --format xlsx is drawn for up to 8 respondents; give a survey markdown, json or docx",
            file=sys.stderr,
        )
        raise typer.Exit(2)
    if format == CompareFormat.json:
        _emit(survey_report.to_json(survey), output, files, bank_dir)
        return
    if format == CompareFormat.docx:
        report = survey_report.build(survey, survey_report.pictures(survey))
        _emit(survey_report.to_docx(report), output, files, bank_dir)
        return
    if _to_stdout(output):
        _emit(survey_report.to_markdown(survey_report.build(survey)), output, files, bank_dir)
        return
    assert output is not None
    from readiness.files import write_atomic

    inputs = _inputs(files, bank_dir)
    inputs.refuse(output)  # before any picture is written beside it
    drawn = survey_report.pictures(survey, output.stem + "-")
    besides = [output.parent / picture.name for picture in drawn]
    for beside in besides:
        inputs.refuse(beside)
    for picture, beside in zip(drawn, besides, strict=True):
        write_atomic(beside, picture.data)
        print(f"wrote {_shown(beside)}", file=sys.stderr)
    _write_report(survey_report.to_markdown(survey_report.build(survey, drawn)), output, inputs)


class TemplateFormat(StrEnum):
    yaml = "yaml"
    csv = "csv"


@app.command(cls=PlainHelp, short_help="Print a blank answer file to fill in by hand.")
@guarded
def template(
    bank_dir: BankOption = None,
    format: Annotated[
        TemplateFormat, typer.Option("--format", help="yaml (one answer file) or csv (a respondent a row).")
    ] = TemplateFormat.yaml,
) -> None:
    """Print a blank answer file: every question as a comment with its options, in walk order.

    Fill it in (leave what your route skips blank) and score it with `readiness score`. With
    --format csv: a header of respondent fields and question ids, and a line saying what each
    column takes, for a spreadsheet or a survey tool without form import.

    Example: readiness template > answers.yaml
    """
    if format == TemplateFormat.csv:
        from readiness.answers import CSV_FIELDS
        from readiness.render.template import render_template_csv

        _out(render_template_csv(_bank(bank_dir), CSV_FIELDS))
        return
    from readiness.render.template import render_template

    _out(render_template(_bank(bank_dir)))


@app.command(cls=PlainHelp, short_help="Write the map as a web form (XLSForm) for KoboToolbox or ODK Central.")
@guarded
def form(
    output: Annotated[Path, typer.Option("--output", "-o", help="The XLSForm to write (.xlsx).", dir_okay=False)],
    bank_dir: BankOption = None,
    partnership: Annotated[
        Path | None,
        typer.Option(
            "--partnership",
            help="YAML with the partnership's name and councils: the council question lists them.",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Write the map as an XLSForm, for a web or phone survey on KoboToolbox or ODK Central.

    The form asks what the interview asks, and shows a question exactly when the map reaches it.
    Score its CSV or XLSX export with `readiness score` or `readiness compare`.

    Example: readiness form --partnership partnership.yaml -o readiness-form.xlsx
    """
    from readiness.files import Inputs, write_atomic
    from readiness.xlsform.form import form_sheets, form_xlsx, read_partnership

    bank = _bank(bank_dir)
    chosen = read_partnership(str(partnership)) if partnership is not None else None
    workbook = form_xlsx(form_sheets(bank, chosen))
    if _to_stdout(output):
        if sys.stdout.isatty():
            print("readiness: a workbook is not for the screen; give -o FORM.xlsx", file=sys.stderr)
            raise typer.Exit(2)
        sys.stdout.flush()
        sys.stdout.buffer.write(workbook)
        return
    Inputs([partnership] if partnership is not None else []).refuse(output)
    write_atomic(output, workbook)
    print(f"wrote {_shown(output)}", file=sys.stderr)


def _warn(warnings: list[Any]) -> None:
    for warning in warnings:
        print(warning, file=sys.stderr)


from readiness.cli import over_time  # noqa: E402, F401  (registers migrate and progress)

SIGPIPE_STATUS = 128 + 13
"""What a shell reports for a writer whose reader went away (`yes | head`): 128 + SIGPIPE."""


def _reader_gone() -> int:
    """The reader of stdout has gone (`readiness sources | head -1`): stop quietly. Whatever is
    still buffered goes to /dev/null, so the interpreter's last flush cannot complain."""
    _drop_stdout()
    return SIGPIPE_STATUS


def _drop_stdout() -> None:
    # no descriptor left (ulimit -n), or a test's stand-in with none: then there is nothing to drop
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            os.close(devnull)


def _usable_streams() -> None:
    """Standard streams a command can always use. A closed one (`>&-`, `<&-`) is opened on
    /dev/null: with no stdin an interview says there is nobody to interview, and with no stdout
    what would be printed is lost rather than a traceback. One whose encoding cannot show a
    character (PYTHONIOENCODING=latin-1 or ascii) shows `?` for it instead of failing."""
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        stream = getattr(sys, name)
        if stream is None:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            setattr(sys, name, open(fd, mode, encoding="utf-8", errors="replace", closefd=False))  # noqa: SIM115 - lives as long as the process
        elif name != "stdin" and str(getattr(stream, "encoding", "utf-8")).lower().replace("-", "") != "utf8":
            with contextlib.suppress(AttributeError, ValueError):
                stream.reconfigure(errors="replace")


def main() -> None:
    """Entry point of the `readiness` console script."""
    # Paused already when started as the `readiness` command (see readiness.__main__); paused
    # here too for a caller of this function. `_bank` turns it back on.
    gc.disable()
    # pydantic looks for plugins by reading the metadata of every installed package, a fiftieth
    # of a short command; readiness validates its own files and has no use for them (typer turns
    # them off for its own validation in the same way). A user's explicit setting stands.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        _usable_streams()  # inside the try: a Ctrl-C this early is still met by the handler below
        if hasattr(signal, "SIGXFSZ"):  # past `ulimit -f` a write fails with a message, not a silent kill
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        try:
            app()
        finally:  # flushed here, where a closed pipe can still be caught, not at exit
            sys.stdout.flush()
    except BrokenPipeError:
        sys.exit(_reader_gone())
    except KeyboardInterrupt:  # outside a command's own boundary (while the options are read)
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except MemoryError:  # said without importing or building anything more
        _out_of_memory()
    except SystemError:  # what a C library may raise when an allocation fails under `ulimit -v`
        if not _memory_limited():
            raise
        _out_of_memory()
    except (OSError, ImportError) as exc:
        try:  # not imported at the top: `--help` stays light
            from readiness.errors import ran_out
        except MemoryError:
            _out_of_memory()
        if (words := ran_out(exc)) is None:
            raise
        sys.exit(_environment_failed(words))


def _out_of_memory() -> NoReturn:
    """Say so and end at once: the interpreter's own tidying up at exit needs memory it may not
    get, and would print its failure after our line (a temporary left half-written is swept by
    the next run that writes beside it)."""
    sys.stderr.write(OUT_OF_MEMORY)
    sys.stderr.flush()
    os._exit(1)


def _memory_limited() -> bool:
    """Whether the process runs under a memory limit (`ulimit -v`); so short of memory that it
    cannot even load the module to ask counts as yes."""
    try:
        import resource
    except ModuleNotFoundError:  # not on this system
        return False
    except (ImportError, MemoryError):  # a compiled module that could not be mapped into memory
        return True
    return resource.getrlimit(resource.RLIMIT_AS)[0] != resource.RLIM_INFINITY


OUT_OF_MEMORY = "readiness: error: out of memory (raise the memory limit, ulimit -v, or name fewer files at once)\n"
