"""Benchmark: `readiness compare` of a survey of N respondents of one partnership, against
PyYAML's C loader reading the same answers as N YAML files.

Run: python benchmarks/compare_survey.py [N ...] [--rounds R]
(default: 2000 and 20000 respondents, 2 rounds)
The survey is given three ways: its folder (`compare survey/`), each file named on the command
line (`compare survey/*.yaml`), and one CSV export holding the same respondents.
Target (issue 21): at most 2x the time the C loader alone needs to read the files, measured in the
same run, round by round (they run in turn: on a shared machine one pass can differ from the next
by a third); peak memory that does not grow with N (compare the two sizes). Peak memory is that of
the largest process of the command (itself or a worker), measured as benchmarks/peak.py says.
Measured: see the README, "Comparing a survey".
"""

from __future__ import annotations

import csv
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from peak import measured
from score_batch import random_value

from readiness.answers import CSV_FIELDS
from readiness.engine import walk
from readiness.loading import load_bank
from readiness.model import ROLES

COUNCILS = ["Northvale District Council", "Southmere Borough Council"]
GROUPS = ["administration", "opposition", "scrutiny", "officers"]


def documents(count: int) -> list[dict[str, Any]]:
    bank = load_bank()
    rng = random.Random(21)
    found = []
    for i in range(count):
        answers = {q.id: random_value(q, rng) for q in bank.questions.values()}
        on_path = {q: answers[q] for q in walk(bank, answers).path}
        found.append(
            {
                "bank": bank.id,
                "bank_version": bank.version,
                "partnership": {"name": "Northvale and Southmere", "councils": COUNCILS},
                "respondent": {
                    "name": f"Respondent {i}",
                    "council": COUNCILS[i % 2],
                    "role": rng.choice(ROLES),
                    "group": rng.choice(GROUPS),
                },
                "answers": on_path,
            }
        )
    return found


def write_survey(directory: Path, count: int) -> tuple[list[str], Path]:
    """The respondents' answer files in `directory`, and the same answers as a CSV export beside it."""
    directory.mkdir()
    questions = list(load_bank().questions)
    paths = []
    export = directory.with_suffix(".csv")
    with export.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow([*CSV_FIELDS, *questions])
        for i, document in enumerate(documents(count)):
            path = directory / f"r{i:05d}.yaml"
            path.write_text(yaml.safe_dump(document, sort_keys=False))
            paths.append(str(path))
            writer.writerow(csv_row(document, questions))
    return paths, export


def csv_row(document: dict[str, Any], questions: list[str]) -> list[str]:
    partnership, respondent, answers = document["partnership"], document["respondent"], document["answers"]
    people = [document["bank"], document["bank_version"], partnership["name"], ";".join(partnership["councils"])]
    people += [respondent["name"], respondent["council"], respondent["role"], respondent["group"]]
    cells = (answers.get(q, "") for q in questions)
    return [*people, *(";".join(map(str, v)) if isinstance(v, list) else str(v) for v in cells)]


def c_loader(paths: list[str]) -> float:
    started = time.perf_counter()
    for path in paths:
        with open(path, "rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def compare(inputs: list[str], output: Path) -> tuple[float, int]:
    """Seconds, and the peak resident memory (KiB) of the largest process (the command or a worker)."""
    return measured(
        [sys.executable, "-m", "readiness", "compare", *inputs, "--format", "json", "--output", str(output)]
    )


def option(args: list[str], name: str) -> str | None:
    if name not in args:
        return None
    value = args.pop(args.index(name) + 1)
    args.remove(name)
    return value


def main() -> None:
    args = sys.argv[1:]
    rounds = int(option(args, "--rounds") or 2)
    sizes = [int(a) for a in args] or [2000, 20000]
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "survey"
            paths, export = write_survey(folder, size)
            ways = {"folder": [str(folder)], "files named": paths, "CSV export": [str(export)]}
            loader: list[float] = []
            runs: dict[str, list[tuple[float, int]]] = {way: [] for way in ways}
            for _ in range(rounds):
                loader.append(c_loader(paths))
                for way, inputs in ways.items():
                    runs[way].append(compare(inputs, Path(tmp) / "out.json"))
        print(f"{size} respondents: C loader {statistics.median(loader):.2f} s")
        for way, measured_runs in runs.items():
            ratios = sorted(seconds / floor for (seconds, _), floor in zip(measured_runs, loader, strict=True))
            print(
                f"  {way:12s} {statistics.median(s for s, _ in measured_runs):6.2f} s; ratio median "
                f"{statistics.median(ratios):.2f}x (range {ratios[0]:.2f}-{ratios[-1]:.2f}, {rounds} rounds); "
                f"peak RSS {max(p for _, p in measured_runs) / 1024:.0f} MiB"
            )


if __name__ == "__main__":
    main()
