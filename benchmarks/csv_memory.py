"""Benchmark: score one CSV export of N respondents into a directory (a report each plus a
summary), and report the peak memory of the command.

Run: python benchmarks/csv_memory.py [N ...]   (default: 1000 5000 20000)
Target (issue 11): the peak stays flat from 1,000 to 20,000 rows. Before the CSV was streamed,
8,000 rows peaked at 1.3 GB (every report was held until the last row was scored).

Measured (2026-11, 2 shared cores): 1,000 rows 41 MiB, 5,000 rows 51 MiB, 20,000 rows 89 MiB.
Reports are written as they are scored; what still grows is the summary's line per answer set
(its verdict and domain ratings, under 1 KiB each in Python objects), which the summary needs.
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
from pathlib import Path

from peak import measured
from score_batch import random_value  # the same random, routed answers as the file benchmark

from readiness.answers import CSV_FIELDS
from readiness.engine import walk
from readiness.loading import load_bank


def write_csv(path: Path, rows: int) -> None:
    bank = load_bank()
    rng = random.Random(11)
    questions = list(bank.questions)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow([*CSV_FIELDS, *questions])
        for i in range(rows):
            answers = {q.id: random_value(q, rng) for q in bank.questions.values()}
            on_path = set(walk(bank, answers).path)
            cells = [
                ";".join(map(str, v)) if isinstance(v, list) else str(v)
                for v in (answers[q] if q in on_path else "" for q in questions)
            ]
            council = f"Council {i % 50} A"
            people = [bank.id, bank.version, f"Partnership {i % 50}", f"{council};Council {i % 50} B", f"R {i}"]
            writer.writerow([*people, council, "councillor", *cells])


def peak_of(csv_path: Path, output: Path) -> tuple[float, int]:
    command = [sys.executable, "-m", "readiness", "score", str(csv_path), "--output", str(output)]
    return measured(command)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 5000, 20000]
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "export.csv"
            write_csv(source, size)
            elapsed, peak_kib = peak_of(source, Path(tmp) / "reports")
            reports = sum(1 for _ in (Path(tmp) / "reports").iterdir()) - 1
        print(f"{size} rows: {reports} reports in {elapsed:.1f} s, peak RSS {peak_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
