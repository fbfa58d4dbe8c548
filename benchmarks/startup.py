"""Benchmark: start-up of the command line, each measure against `copier --help` in the same run.

Run: python benchmarks/startup.py [--rounds N] [--walks N] [--copier-venv DIR]
(from the venv readiness is installed in, with the test extras for pexpect). copier is
installed into a throwaway venv first (with --copier-venv DIR, into DIR, kept for later runs).
The two commands run in turn, readiness then copier, and the
ratio is taken pair by pair, so a machine whose speed drifts during the run still gives a fair
ratio; the report gives the median and the range of the ratios.

Measures (targets of issue 13):
- `readiness --help`, goal <= 0.30x copier --help;
- `readiness score examples/mixed.yaml --format markdown`, goal <= 0.50x;
- `readiness assess` from start to its first prompt, in a pseudo-terminal, goal <= 0.50x;
- per answer in the interview: from Enter to the next prompt over a full walk, goal p95 < 30 ms.

Measured on a 2-core machine shared with other work (copier --help took 0.45-0.66 s instead of
its usual quarter second), with 31 pairs and 3 walks a run; the two runs of the final build:
    --help             0.17x, 0.17x
    score one file     0.46x, 0.45x   (0.53x at the start of that session, 0.56x before issue 13)
    assess, 1st prompt 0.47x, 0.43x   (0.53x at the start of that session, 0.61x before issue 13)
    per answer, p95    8.1 ms, 8.4 ms
Scoring one file, the final build against the build at the start of that session, 30 pairs:
0.85x; in instructions, which a busy machine does not disturb, 1,046 million against 890 million,
where copier --help takes 1,444 million (`valgrind --tool=callgrind --callgrind-out-file=/dev/null
readiness score examples/mixed.yaml` prints them as "Collected"). The rest of a score is
mostly importing typer, pydantic and PyYAML, and importlib.metadata, which pydantic brings in when
typer builds its first parameter: about 750 million instructions before readiness does anything.
The per-answer time is mostly saving the answers file (fsync).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[1]
PROMPT = r"\r\n> |^> "
OPENING = ["A. Officer", "Northvale and Southmere", "Northvale District Council, Southmere Borough Council", "1", "4"]
END = "the full report, with actions and sources, is in"
ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "xterm"}


def readiness_command() -> list[str]:
    """The console script installed beside this Python, as a user runs it."""
    script = Path(sys.executable).with_name("readiness")
    return [str(script)] if script.exists() else [sys.executable, "-m", "readiness"]


def install_copier(venv: Path) -> Path:
    """copier in a venv of its own (made once), so its start-up is a fixed yardstick."""
    copier = venv / "bin" / "copier"
    if not copier.exists():
        print(f"installing copier into {venv} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "copier"], check=True)
    return copier


def run_command(command: list[str], cwd: Path) -> float:
    """Seconds from start to exit, output thrown away."""
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=ENV)
    return time.perf_counter() - started


def spawn_assess(cwd: Path) -> pexpect.spawn:
    command = readiness_command()
    return pexpect.spawn(
        command[0],
        [*command[1:], "assess", "--answers", "a.yaml"],
        cwd=str(cwd),
        env=ENV,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 100),
    )


def first_prompt(cwd: Path) -> float:
    """Seconds from starting `readiness assess` to its first prompt; the process is then ended."""
    (cwd / "a.yaml").unlink(missing_ok=True)
    started = time.perf_counter()
    child = spawn_assess(cwd)
    child.expect(PROMPT)
    elapsed = time.perf_counter() - started
    child.terminate(force=True)
    child.close()
    return elapsed


def walk_latencies(cwd: Path) -> list[float]:
    """Seconds from Enter to the next prompt, for every answer of a full walk (the last answer,
    which leads to the summary and the report rather than a prompt, is not counted)."""
    (cwd / "a.yaml").unlink(missing_ok=True)
    for report in cwd.glob("a*.md"):
        report.unlink()
    child = spawn_assess(cwd)
    child.expect(PROMPT)
    latencies: list[float] = []
    replies = iter(OPENING)
    while True:
        child.sendline(next(replies, "1"))
        started = time.perf_counter()
        if child.expect([PROMPT, END]) == 1:
            break
        latencies.append(time.perf_counter() - started)
    child.expect(pexpect.EOF)
    child.close()
    return latencies


def paired(measure: Callable[[], float], yardstick: Callable[[], float], rounds: int) -> list[tuple[float, float]]:
    """(ours, yardstick) for each round, run in turn; one warm-up pair first, not counted."""
    measure(), yardstick()
    return [(measure(), yardstick()) for _ in range(rounds)]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def summary(name: str, pairs: list[tuple[float, float]], goal: str) -> str:
    ratios = [ours / theirs for ours, theirs in pairs]
    ours = statistics.median(p[0] for p in pairs) * 1000
    theirs = statistics.median(p[1] for p in pairs) * 1000
    return (
        f"{name:<34} {ours:7.1f} ms  copier --help {theirs:6.1f} ms  ratio median {statistics.median(ratios):.2f}x "
        f"(range {min(ratios):.2f}-{max(ratios):.2f}, {len(pairs)} pairs; goal {goal})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="pairs per command measure (default 15)")
    parser.add_argument("--walks", type=int, default=3, help="full interview walks (default 3)")
    parser.add_argument("--copier-venv", type=Path, help="reuse (or create and keep) copier's venv here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        copier = [str(install_copier(args.copier_venv or work / "copier-venv")), "--help"]
        ours = readiness_command()
        mixed = str(ROOT / "examples" / "mixed.yaml")

        def yardstick() -> float:
            return run_command(copier, work)

        lines = [f"readiness from {ours[0]}; python {sys.version.split()[0]}; {os.cpu_count()} cores"]
        measures = [
            ("readiness --help", lambda: run_command([*ours, "--help"], work), "<= 0.30x"),
            (
                "score mixed.yaml --format markdown",
                lambda: run_command([*ours, "score", mixed, "--format", "markdown"], work),
                "<= 0.50x",
            ),
            ("assess to its first prompt", lambda: first_prompt(work), "<= 0.50x"),
        ]
        for name, measure, goal in measures:
            lines.append(summary(name, paired(measure, yardstick, args.rounds), goal))
            print(lines[-1], file=sys.stderr)
        walks = [(walk_latencies(work), yardstick()) for _ in range(args.walks)]
        p95s = [p95(latencies) * 1000 for latencies, _ in walks]
        medians = [statistics.median(latencies) * 1000 for latencies, _ in walks]
        ratios = [p95(latencies) / theirs for latencies, theirs in walks]
        lines.append(
            f"{'per answer (Enter to next prompt)':<34} p95 {statistics.median(p95s):.1f} ms "
            f"(range {min(p95s):.1f}-{max(p95s):.1f} over {len(walks)} walks of {len(walks[0][0])} answers), "
            f"median {statistics.median(medians):.1f} ms; p95 / copier --help {statistics.median(ratios):.3f}x "
            "(goal p95 < 30 ms)"
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
