"""Small text helpers shared by the renderers and the command line."""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """`1 question`, `2 questions`."""
    return f"{count} {noun}{'s' * (count != 1)}"
