"""Benchmark: `readiness compare` of a survey of N respondents of one partnership (N answer files),
against PyYAML's C loader reading the same files.

Run: python benchmarks/compare_survey.py [N ...] [--rounds R]
(default: 2000 and 20000 respondents, 3 rounds)
Target (issue 21): at most 2x the time the C loader alone needs to read the files, measured in the
same run, round by round (the two run in turn: on a shared machine one pass can differ from the
next by a third); peak memory that does not grow with N (compare the two sizes).
Measured (2026-12, 2 shared cores): 2,000 files 3.1x (45 MiB); 20,000 files 2.45x, 2.38x-2.52x
over 2 rounds (83 MiB).
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from score_batch import random_value

from readiness.engine import walk
from readiness.loading import load_bank
from readiness.model import ROLES

COUNCILS = ["Northvale District Council", "Southmere Borough Council"]
GROUPS = ["administration", "opposition", "scrutiny", "officers"]


def documents(count: int) -> list[dict[str, object]]:
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


def write_files(directory: Path, count: int) -> list[str]:
    paths = []
    for i, document in enumerate(documents(count)):
        path = directory / f"r{i:05d}.yaml"
        path.write_text(yaml.safe_dump(document, sort_keys=False))
        paths.append(str(path))
    return paths


def c_loader(paths: list[str]) -> float:
    started = time.perf_counter()
    for path in paths:
        with open(path, "rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def compare(paths: list[str], output: Path) -> tuple[float, int]:
    """Seconds, and the peak resident memory (KiB) of the largest process (the command or a worker)."""
    command = [sys.executable, "-m", "readiness", "compare", *paths, "--format", "json", "--output", str(output)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status:
        raise SystemExit(f"compare failed: {process.stderr.read().decode() if process.stderr else status}")
    return elapsed, usage.ru_maxrss


def option(args: list[str], name: str) -> str | None:
    if name not in args:
        return None
    value = args.pop(args.index(name) + 1)
    args.remove(name)
    return value


def main() -> None:
    args = sys.argv[1:]
    rounds = int(option(args, "--rounds") or 3)
    sizes = [int(a) for a in args] or [2000, 20000]
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            paths = write_files(Path(tmp), size)
            pairs, peaks = [], []
            for _ in range(rounds):
                loader = c_loader(paths)
                ours, peak = compare(paths, Path(tmp) / "out.json")
                pairs.append((ours, loader))
                peaks.append(peak)
        ratios = sorted(ours / loader for ours, loader in pairs)
        print(
            f"{size} files: C loader {statistics.median(p[1] for p in pairs):.2f} s; readiness compare "
            f"{statistics.median(p[0] for p in pairs):.2f} s; ratio median {statistics.median(ratios):.2f}x "
            f"(range {ratios[0]:.2f}-{ratios[-1]:.2f}, {rounds} rounds); peak RSS {max(peaks) / 1024:.0f} MiB"
        )


if __name__ == "__main__":
    main()
