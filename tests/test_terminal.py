"""The interview in a real pseudo-terminal (pexpect): typing 1 at every prompt reaches the end
and writes a report; killing the process mid-way and resuming loses no answer."""

from __future__ import annotations

import os
import re
import signal
import sys
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


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "xterm"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "readiness", "assess", *args],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
    )


def answer_ones(child: pexpect.spawn, limit: int = 400) -> int:
    """Type 1 at every prompt until the report is written; returns how many prompts there were."""
    for count in range(limit):
        found = child.expect([PROMPT, "the full report, with actions and sources, is in"])
        if found == 1:
            return count
        child.sendline("1")
    raise AssertionError("the interview did not end")


def test_typing_1_everywhere_reaches_the_end(tmp_path: Path) -> None:
    """A real terminal session from the first question to the report."""
    child = spawn(tmp_path, "--answers", "a.yaml")
    for line in OPENING:
        child.expect(PROMPT)
        child.sendline(line)
    prompts = answer_ones(child)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert prompts > 40
    report = (tmp_path / "a.md").read_text()
    assert report.startswith("# Readiness report: Northvale and Southmere")
    answers = load_answers(tmp_path / "a.yaml", load_bank()).answers
    assert len(answers.answers) == prompts


def test_kill_and_resume_loses_nothing(tmp_path: Path) -> None:
    """kill -9 after a few answers: the file holds every answer given; --resume finishes the job."""
    child = spawn(tmp_path, "--answers", "a.yaml")
    for line in [*OPENING, "1", "2", "1", "1", "2"]:
        child.expect(PROMPT)
        child.sendline(line)
    child.expect(PROMPT)  # the fifth answer has been saved before the next question shows
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    bank = load_bank()
    saved = load_answers(tmp_path / "a.yaml", bank).answers
    assert len(saved.answers) == 5
    # the lock file stays after kill -9 (the kernel has released the lock itself), nothing else
    assert sorted(p.name for p in tmp_path.iterdir()) == [".a.yaml.lock", "a.yaml"]
    child = spawn(tmp_path, "--answers", "a.yaml", "--resume")
    child.expect("Carrying on from a.yaml: 5 answers so far.")
    answer_ones(child)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    final = load_answers(tmp_path / "a.yaml", bank).answers
    assert list(final.answers.items())[:5] == list(saved.answers.items())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "a.yaml"]


def test_ctrl_c_saves_and_exits_130(tmp_path: Path) -> None:
    """Ctrl-C prints the exact command to carry on, and exits 130."""
    child = spawn(tmp_path, "--answers", "a.yaml")
    for line in [*OPENING, "1"]:
        child.expect(PROMPT)
        child.sendline(line)
    child.expect(PROMPT)
    child.sendintr()
    child.expect("To carry on later:")
    # absolute, so it works from any directory: this interpreter, -m readiness, the file's full path
    child.expect(re.escape(f"{sys.executable} -m readiness assess --answers {tmp_path / 'a.yaml'} --resume"))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def test_ctrl_d_at_the_resume_question(tmp_path: Path) -> None:
    """Ctrl-D before the interview begins leaves the existing answers untouched: exit 130."""
    existing = tmp_path / "a.yaml"
    existing.write_text("bank: shared-management\nanswers: {arrangement: shared_ceo}\n")
    child = spawn(tmp_path, "--answers", "a.yaml")
    child.expect(r"Carry on from them\? \[Y/n\]")
    child.expect(PROMPT)
    child.sendeof()
    child.expect("nothing was changed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert existing.read_text() == "bank: shared-management\nanswers: {arrangement: shared_ceo}\n"
