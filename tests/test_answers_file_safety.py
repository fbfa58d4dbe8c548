"""What the README promises about answers files, in a real terminal: kill -9 at any point loses
no confirmed answer and leaves a file that parses (20 kills, each followed by --resume), and a
second interview on the same file is refused while the first runs."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from readiness.answers import load_answers
from readiness.loading import load_bank

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

PROMPT = r"\r\n> |^> "
OPENING = [
    "A. Officer",
    "Northvale and Southmere",
    "Northvale District Council, Southmere Borough Council",
    "1",
    "4",
    "",
]
HEADER = r"· (\d+) answered ·"


def spawn(where: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "readiness", "assess", "--answers", "a.yaml", *args],
        cwd=str(where),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 250),  # wide enough that no header wraps
    )


def answered_at_next_question(child: pexpect.spawn) -> int:
    """Wait for the next question of the map; how many answers its header says are saved."""
    child.expect(HEADER)
    count = int(child.match.group(1))
    child.expect(PROMPT)
    return count


def on_disk(where: Path) -> tuple[int, set[str]]:
    """How many answers the file holds on the path, and every question it holds an answer to."""
    saved = load_answers(where / "a.yaml", load_bank()).answers  # it must parse, whatever the kill hit
    return len(saved.answers), set(saved.answers) | set(saved.set_aside)


def test_twenty_kills_at_random_points_lose_no_confirmed_answer(tmp_path: Path) -> None:
    """Each round answers (or goes back) a few times, then is killed with SIGKILL at a random
    moment, perhaps mid-save; the file then parses, holds every answer the screen confirmed (the
    next question's header counts the saved ones) and every question ever answered, on the path
    or set aside; --resume carries on."""
    rng = random.Random(20)
    child = spawn(tmp_path)
    for line in OPENING:
        child.expect(PROMPT)
        child.sendline(line)
    confirmed = answered_at_next_question(child)
    ever: set[str] = set()
    for _ in range(20):
        for _ in range(rng.randint(0, 5)):
            child.sendline("<" if confirmed and rng.random() < 0.25 else rng.choice("12"))
            confirmed = answered_at_next_question(child)
        last = "<" if confirmed and rng.random() < 0.25 else rng.choice("12")
        child.sendline(last)
        time.sleep(rng.uniform(0, 0.03))  # sometimes before the save, sometimes during, sometimes after
        os.kill(child.pid, signal.SIGKILL)
        child.expect(pexpect.EOF)
        count, held = on_disk(tmp_path)
        assert count in ((confirmed, confirmed - 1) if last == "<" else (confirmed, confirmed + 1))
        assert ever <= held, f"answers lost: {sorted(ever - held)}"
        ever = held
        child = spawn(tmp_path, "--resume")
        confirmed = answered_at_next_question(child)
        assert confirmed == count
    for _ in range(300):  # finish the interview: the last run sweeps what the kills left
        child.sendline("1")
        if child.expect([PROMPT, "the full report, with actions and sources, is in"]) == 1:
            break
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "a.yaml"], "a temporary or a lock was left"


def test_a_second_interview_on_the_same_file_is_refused(tmp_path: Path) -> None:
    """The second is told which process holds the file and exits 1; once the first is gone
    (even by kill -9), the file is free again."""
    first = spawn(tmp_path)
    first.expect("Your name")
    command = [sys.executable, "-m", "readiness", "assess", "--answers", "a.yaml", "--resume"]
    second = subprocess.run(command, cwd=tmp_path, input="1\n", capture_output=True, text=True, timeout=30)
    assert second.returncode == 1
    assert second.stderr == (
        f"a.yaml: error: is in use by another interview (process {first.pid}); finish or stop that one "
        "first, or save to another file with --answers\n"
    )
    os.kill(first.pid, signal.SIGKILL)
    first.expect(pexpect.EOF)
    third = subprocess.run(command, cwd=tmp_path, input="", capture_output=True, text=True, timeout=30)
    assert "in use" not in third.stderr
