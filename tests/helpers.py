"""Small helpers for asserting whole messages with their file:line:col, and the example counts of
the property tests."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

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


def walked_answers(bank: Any, pick: str) -> dict[str, Any]:
    """A full interview's answers, every question on the path answered firmly: `pick` is
    "middle" (the middle option, the middle of a number's range) or "worst" (the riskiest
    option, every risky choice of a multi, a number in its riskiest band)."""
    from readiness.engine import walk

    answers: dict[str, Any] = {}
    while (pending := walk(bank, answers, stop_at_missing=True).pending) is not None:
        answers[pending] = _answer(bank.questions[pending], pick)
    return answers


def _answer(question: Any, pick: str) -> Any:
    if question.type == "text":
        return "A long note, typed in full as a respondent might, to test how the report holds it. " * 3
    if question.type in ("yes_no", "choice"):
        options = list(question.options)
        chosen = options[(len(options) - 1) // 2] if pick == "middle" else max(options, key=lambda o: o.risk)
        return chosen.value
    if question.type == "multi":
        plain = [o for o in question.options if not o.exclusive]
        return [plain[0].value] if pick == "middle" else [o.value for o in plain if o.risk > 0] or [plain[0].value]
    low = question.min if question.min is not None else 0
    high = question.max if question.max is not None else low + 100
    if pick == "middle":
        return int((low + high) // 2)
    bands = list(question.bands)
    worst = max(range(len(bands)), key=lambda i: bands[i].risk)
    if bands[worst].upto is None:
        return int(max(low, (bands[worst - 1].upto or 0) + 1)) if worst else int(low)
    return int(bands[worst].upto)
