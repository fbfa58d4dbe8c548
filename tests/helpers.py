"""Small helpers for asserting whole messages with their file:line:col."""

from __future__ import annotations

from pathlib import Path


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
