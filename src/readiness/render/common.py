"""Words shared by the report renderers: ratings, verdicts, roles and answers as text."""

from __future__ import annotations

from readiness.model import UNKNOWN, AnswerValue, Question

RATING_WORDS = {"green": "✔ Green", "amber": "▲ Amber", "red": "✖ Red"}
VERDICT_WORDS = {"ready": "✔ Ready", "ready_with_conditions": "▲ Ready with conditions", "not_ready": "✖ Not ready"}
PRIORITY_WORDS = {1: "Do first", 2: "Soon", 3: "Later"}


def role_words(role: str) -> str:
    return role.replace("_", " ").capitalize()


def answer_words(question: Question, value: AnswerValue, missing: bool = False) -> str:
    """An answer as a person reads it: the option's label, the number with its unit."""
    if missing:
        return "Not answered (counted as don't know)"
    if value == UNKNOWN:
        return "Don't know"
    if isinstance(value, tuple):
        return "; ".join(_label(question, v) for v in value)
    if isinstance(value, str):
        return _label(question, value)
    unit = f" {question.unit}" if question.unit else ""
    return f"{value:,}{unit}" if isinstance(value, int) else f"{value:,g}{unit}"


def _label(question: Question, value: str) -> str:
    option = question.option(value)
    return option.label if option else value
