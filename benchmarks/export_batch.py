"""Benchmark: score a KoboToolbox-style CSV export of N submissions of the form, against the same
answers as N YAML files, in the same run; and the peak memory of each.

Run: python benchmarks/export_batch.py [N ...]   (default: 20000)
Target (issue 20): the export is scored in one streamed pass, its peak memory flat in N, and it
takes no longer than the N answer files (`readiness score ... --format csv` both times).

Measured (2026-12, 2 shared cores): 5,000 submissions 9.3 s and 37 MiB against 12.1 s and 42 MiB
for the files (0.77x); 20,000 submissions 31.3 s and 40 MiB against 57.7 s and 58 MiB (0.54x).
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
from pathlib import Path

import yaml
from peak import measured
from score_batch import random_value  # the same random, routed answers as the file benchmark

from readiness.engine import walk
from readiness.loading import load_bank
from readiness.model import UNKNOWN
from readiness.xlsform import routes

KOBO_META = ["_id", "_uuid", "_submission_time", "_validation_status", "__version__", "_index"]


def answer_sets(count: int) -> list[dict[str, object]]:
    bank = load_bank()
    rng = random.Random(20)
    found = []
    for i in range(count):
        answers = {q.id: random_value(q, rng) for q in bank.questions.values()}
        answers = {q: answers[q] for q in walk(bank, answers).path}
        found.append({"respondent": f"Respondent {i}", "council": f"Council {i % 2}", "answers": answers})
    return found


def write_files(directory: Path, sets: list[dict[str, object]]) -> list[str]:
    bank = load_bank()
    paths = []
    for i, item in enumerate(sets):
        document = {
            "bank": bank.id,
            "bank_version": bank.version,
            "respondent": {"name": item["respondent"], "council": item["council"], "role": "councillor"},
            "answers": item["answers"],
        }
        path = directory / f"answers-{i:05d}.yaml"
        path.write_text(yaml.safe_dump(document, sort_keys=False))
        paths.append(str(path))
    return paths


def write_export(path: Path, sets: list[dict[str, object]]) -> None:
    """The columns KoboToolbox writes: group paths joined by /, select-multiple as a column of
    space-separated values, its metadata; `;` between columns."""
    bank = load_bank()
    questions = list(bank.questions.values())
    header = ["start", "end", "bank", "bank_version", "about/respondent", "about/council", "about/role"]
    for q in questions:
        header.append(f"{q.domain}/{q.id}")
        if routes.has_companion(q):
            header.append(f"{q.domain}/{routes.dont_know_name(q.id)}")
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(header + KOBO_META)
        for i, item in enumerate(sets):
            answers: dict[str, object] = item["answers"]  # type: ignore[assignment]
            row = ["2026-01-05", "2026-01-05", bank.id, bank.version, item["respondent"], item["council"], "councillor"]
            for q in questions:
                value = answers.get(q.id, "")
                if routes.has_companion(q):
                    row += ["", UNKNOWN] if value == UNKNOWN else [str(value), ""]
                else:
                    row.append(" ".join(value) if isinstance(value, list) else str(value))
            writer.writerow([*row, str(i), f"uuid-{i}", "2026-01-05T10:00:00", "", "vAbC", str(i + 1)])


def timed(inputs: list[str], output: Path) -> tuple[float, int]:
    command = [sys.executable, "-m", "readiness", "score", *inputs, "--format", "csv", "--output", str(output)]
    return measured(command)


def main() -> None:
    for size in [int(a) for a in sys.argv[1:]] or [20000]:
        sets = answer_sets(size)
        with tempfile.TemporaryDirectory() as tmp:
            export = Path(tmp) / "export.csv"
            write_export(export, sets)
            files = write_files(Path(tmp), sets)
            export_time, export_peak = timed([str(export)], Path(tmp) / "a.csv")
            files_time, files_peak = timed(files, Path(tmp) / "b.csv")
            same = (Path(tmp) / "a.csv").read_text().count("\n") == (Path(tmp) / "b.csv").read_text().count("\n")
        print(
            f"{size} submissions: export {export_time:.1f} s, peak {export_peak / 1024:.0f} MiB; "
            f"{size} YAML files {files_time:.1f} s, peak {files_peak / 1024:.0f} MiB (largest process); "
            f"ratio {export_time / files_time:.2f}x; same number of rows: {same}"
        )


if __name__ == "__main__":
    main()
