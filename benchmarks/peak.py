"""Run a command and measure its time and the peak memory of its largest process.

The command is started by a small Python process, which reports its children's peak. Measured
from the benchmark itself the figure would be wrong: Linux carries a process's peak resident
memory across `exec`, so a child started by a benchmark that has just built 20,000 answer sets
in memory reports the benchmark's size, not its own (try it: a 200 MB Python process that runs
/bin/true gets back a peak of 200 MB).
"""

from __future__ import annotations

import subprocess
import sys
import time

LAUNCHER = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def measured(command: list[str]) -> tuple[float, int]:
    """Seconds, and the peak resident memory (KiB) of the largest process the command ran
    (itself or a worker)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", LAUNCHER, *command], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"{' '.join(command[:4])} ... failed: {done.stderr.strip()[-500:]}")
    return elapsed, int(done.stdout.strip())
