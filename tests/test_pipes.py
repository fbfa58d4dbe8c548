"""A reader that has gone (`readiness sources | true`) ends every output command quietly: no
message, and the status a shell reports for a writer whose reader left (128 + SIGPIPE)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from readiness.cli import SIGPIPE_STATUS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
PARTNERSHIP = sorted(str(p) for p in (EXAMPLES / "partnership").glob("*.yaml"))

COMMANDS = {
    "validate": ["validate"],
    "sources": ["sources"],
    "template": ["template"],
    "graph": ["graph", "--format", "dot"],
    "score": ["score", str(EXAMPLES / "mixed.yaml")],
    "score json": ["score", str(EXAMPLES / "mixed.yaml"), "--format", "json"],
    "score to /dev/stdout": ["score", str(EXAMPLES / "mixed.yaml"), "-o", "/dev/stdout"],
    "score csv": ["score", str(EXAMPLES / "mixed.yaml"), str(EXAMPLES / "fragile.yaml"), "--format", "csv"],
    "compare": ["compare", *PARTNERSHIP],
}


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_closed_reader_ends_the_command_quietly(name: str) -> None:
    """The reader is gone before the command writes a byte, so every write meets a closed pipe."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "readiness", *COMMANDS[name]],
            stdout=writing,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(writing)
    assert (done.returncode, done.stderr) == (SIGPIPE_STATUS, "")
