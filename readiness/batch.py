"""Scoring many answer files (and CSV exports of many respondents) on every core, with the
results coming back in input order and memory that does not grow with the number of files."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from readiness.answers import LoadedAnswers, is_csv, load_answers, read_csv_answers
from readiness.errors import Diagnostic, ReadinessError
from readiness.model import Bank
from readiness.scoring import Assessment, Scorer

R = TypeVar("R")
PARALLEL_FROM = 64
"""Below this many files, starting worker processes costs more than it saves."""
WINDOW = 2048


@dataclass(frozen=True)
class Outcome(Generic[R]):
    """What became of one answer set: its rendered result, or the problems that stopped it."""

    source: str
    result: R | None = None
    problems: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


Job = tuple[Scorer, Callable[[Assessment], Any]]
_job: Job | None = None


def score_many(
    bank: Bank, paths: Sequence[str], render: Callable[[Assessment], R], workers: int | None = None
) -> Iterator[Outcome[R]]:
    """Score every answer set in `paths` and render each with `render` (which must return
    something small: it crosses from a worker process). One answer set's failure, expected or
    not, is that set's outcome and never stops the others."""
    job = (Scorer(bank), render)
    workers = workers or min(os.cpu_count() or 1, 8)
    files = sum(1 for path in paths if not is_csv(path))
    if workers < 2 or files < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        for path in paths:
            yield from _score_path(path, job)
        return
    yield from _in_workers(paths, job, workers)


def _in_workers(paths: Sequence[str], job: Job, workers: int) -> Iterator[Outcome[Any]]:
    """Answer files go to worker processes a window at a time; a CSV is read here, a row at a
    time and in its place, so its reports are never all held at once."""
    global _job
    _job = job  # forked workers inherit it: the bank is loaded once, never pickled
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for csv_files, group in itertools.groupby(paths, key=is_csv):
                if csv_files:
                    for path in group:
                        yield from _score_path(path, job)
                    continue
                while window := list(itertools.islice(group, WINDOW)):  # bounds the results in flight
                    for outcomes in pool.imap(_score_in_worker, window, chunksize=64):
                        yield from outcomes
    finally:
        _job = None


def _score_in_worker(path: str) -> list[Outcome[Any]]:
    assert _job is not None
    return list(_score_path(path, _job))


def _score_path(path: str, job: Job) -> Iterator[Outcome[Any]]:
    scorer, render = job
    try:
        if is_csv(path):
            for item in read_csv_answers(path, scorer.bank):
                yield _score_one(scorer, render, item)
        else:
            yield _score_one(scorer, render, load_answers(path, scorer.bank))
    except ReadinessError as exc:
        yield Outcome(path, problems=exc.diagnostics)
    except Exception as exc:  # a bug of ours: this file's problem, not the batch's
        yield Outcome(path, problems=[_bug(path, exc)])


def _score_one(
    scorer: Scorer, render: Callable[[Assessment], Any], item: LoadedAnswers | ReadinessError
) -> Outcome[Any]:
    if isinstance(item, ReadinessError):
        first = item.diagnostics[0] if item.diagnostics else None
        return Outcome(f"{first.path}:{first.line}" if first else "?", problems=item.diagnostics)
    source = item.answers.source
    try:
        return Outcome(source, render(scorer.score(item.answers)), warnings=item.notices())
    except ReadinessError as exc:
        return Outcome(source, problems=exc.diagnostics)
    except Exception as exc:  # a bug of ours: this answer set's problem, not the batch's
        return Outcome(source, problems=[_bug(source, exc)])


def _bug(source: str, exc: Exception) -> Diagnostic:
    message = (
        f"could not be scored: internal error {type(exc).__name__}: {exc} "
        "(this is a bug; please report it with this answer set)"
    )
    return Diagnostic(source, 0, 0, "error", message)


def report_name(source: str, suffix: str, taken: set[str], respondent: Sequence[str | None] = ()) -> str:
    """A file name for a report, made unique among `taken`: the answer file's stem, or for a row
    of a CSV export the respondent (a slug of `respondent`, their name and council), since a row
    number means nothing to the person looking for their report."""
    path, _, row = source.rpartition(":") if source.rpartition(":")[2].isdigit() else (source, "", "")
    stem = _slug(" ".join(part for part in respondent if part)) if row else ""
    if not stem:
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(path).stem).strip("-.") or "answers"
        stem += f"-row{row}" if row else ""
    name, n = stem + suffix, 2
    while name in taken:
        name, n = f"{stem}-{n}{suffix}", n + 1
    taken.add(name)
    return name


SLUG_LIMIT = 80


def _slug(text: str) -> str:
    """Lower-case ASCII letters, digits and single hyphens: a file name safe on every system
    ("Siân O'Neill, Ynys Môn" → "sian-o-neill-ynys-mon")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower())[:SLUG_LIMIT].strip("-")
