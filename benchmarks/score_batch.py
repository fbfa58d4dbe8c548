"""Benchmark: score N answer files into one CSV, against PyYAML's C loader reading the same files.

Run: python benchmarks/score_batch.py [N ...] [--bank DIR] [--rounds R]
(default: 2000 10000 files, the built-in bank, 3 rounds)
Target (issue 4): `readiness score ... --format csv` takes at most 1.5x the time the C loader alone
needs to read the files (measured in the same run); its peak memory does not grow with N.
The two run in turn, R times over the same files, and the ratio is taken round by round: on a
machine shared with other work one pass of each can be a third apart from the next.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml
from peak import measured

from readiness.bounds import sample_points
from readiness.engine import walk
from readiness.loading import load_bank
from readiness.model import NUMERIC_TYPES, UNKNOWN, Question

ROOT = Path(__file__).resolve().parents[1]


def random_value(question: Question, rng: random.Random) -> object:
    if question.type in NUMERIC_TYPES:
        return rng.choice([int(v) for v in sample_points(question) if float(v).is_integer()] or [UNKNOWN])
    if question.type == "text":
        return "A note from the respondent."
    values = [o.value for o in question.options]
    return [rng.choice(values)] if question.type == "multi" else rng.choice(values)


BANK: str | None = None


def write_files(directory: Path, count: int) -> list[str]:
    bank = load_bank(BANK)
    rng = random.Random(7)
    paths = []
    for i in range(count):
        answers = {q.id: random_value(q, rng) for q in bank.questions.values()}
        on_path = {q: answers[q] for q in walk(bank, answers).path}
        document = {
            "bank": bank.id,
            "bank_version": bank.version,
            "partnership": {
                "name": f"Partnership {i % 50}",
                "councils": [f"Council {i % 50} A", f"Council {i % 50} B"],
            },
            "respondent": {"name": f"Respondent {i}", "council": f"Council {i % 50} A", "role": "councillor"},
            "answers": on_path,
        }
        path = directory / f"answers-{i:05d}.yaml"
        path.write_text(yaml.safe_dump(document, sort_keys=False))
        paths.append(str(path))
    return paths


def c_loader(paths: list[str]) -> float:
    started = time.perf_counter()
    for path in paths:
        with open(path, "rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def readiness_csv(paths: list[str], output: Path) -> tuple[float, int]:
    command = [sys.executable, "-m", "readiness", "score", *paths, "--format", "csv", "--output", str(output)]
    command += ["--bank", BANK] if BANK else []
    return measured(command)


def option(args: list[str], name: str) -> str | None:
    if name not in args:
        return None
    value = args.pop(args.index(name) + 1)
    args.remove(name)
    return value


def main() -> None:
    global BANK
    args = sys.argv[1:]
    BANK = option(args, "--bank")
    rounds = int(option(args, "--rounds") or 3)
    sizes = [int(a) for a in args] or [2000, 10000]
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            paths = write_files(Path(tmp), size)
            pairs = []
            for _ in range(rounds):
                loader = c_loader(paths)
                ours, peak_kib = readiness_csv(paths, Path(tmp) / "out.csv")
                pairs.append((ours, loader))
            rows = (Path(tmp) / "out.csv").read_text().count("\n") - 1
        ratios = sorted(ours / loader for ours, loader in pairs)
        print(
            f"{size} files: C loader {statistics.median(p[1] for p in pairs):.2f} s; readiness score --format csv "
            f"{statistics.median(p[0] for p in pairs):.2f} s; ratio median {statistics.median(ratios):.2f}x "
            f"(range {ratios[0]:.2f}-{ratios[-1]:.2f}, {rounds} rounds), {rows} rows, "
            f"peak RSS of the largest process {peak_kib / 1024:.0f} MiB"
        )


if __name__ == "__main__":
    main()
