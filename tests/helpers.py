"""Small helpers for asserting whole messages with their file:line:col, and the example counts of
the property tests."""

from __future__ import annotations

import os
from pathlib import Path

# The property tests try a tenth of their examples on a working run (at least ten); CI sets
# HYPOTHESIS_PROFILE=ci and they try the full count. Every count goes through `examples`, since an
# explicit `settings(max_examples=...)` would override the profile's.
FULL_COUNT = os.environ.get("HYPOTHESIS_PROFILE") == "ci"


def examples(full: int) -> int:
    """How many examples a property test with `full` examples in CI tries on this run."""
    return full if FULL_COUNT else max(10, full // 10)


def at(root: Path, name: str, needle: str, nth: int = 1) -> str:
    """`path:line:col` of the `nth` occurrence of `needle` in file `name` below `root`."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{path}:{line}:{col}"
