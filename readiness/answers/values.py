"""One answer checked against its question: the value in the form the question takes, and its note."""

from __future__ import annotations

import math
import re
from typing import Any, cast

from readiness.controls import visible
from readiness.model import NUMERIC_TYPES, UNKNOWN, Answer, AnswerValue, Bank, Question

NOTE_LIMIT = 2000
TEXT_ANSWER_LIMIT = 10_000
NUMBER_LIMIT = 10**15
"""Beyond this no answer is meant (a quadrillion pounds), and a float cannot hold it exactly."""
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")


def read_answer(bank: Bank, qid: str, raw: Any) -> Answer | None:
    """One answer, checked against its question; None for a blank. ValueError says what is wrong."""
    question = bank.questions.get(qid)
    if question is None:
        raise ValueError(
            f"answer to '{qid}', which is no question of bank '{bank.id}' {bank.version} "
            "(check the id; `readiness template` lists the questions)"
        )
    note = None
    if isinstance(raw, dict):
        unexpected = set(raw) - {"value", "note"}
        if unexpected or "value" not in raw:
            raise ValueError(f"answer to '{qid}': write it as a value, or as {{value: ..., note: ...}}")
        note = raw.get("note")
        if note is not None and not isinstance(note, str):
            note = str(note)
        raw = raw["value"]
    if raw is None:
        return None
    return Answer(coerce(question, raw), checked_note(question, note))


def checked_note(question: Question, note: str | None) -> str | None:
    """A note as it is kept: within the limit, its control characters made visible."""
    if note is not None and len(note) > NOTE_LIMIT:
        raise ValueError(f"answer to '{question.id}': the note is over {NOTE_LIMIT:,} characters (shorten it)")
    return visible(note) if note else note


def coerce(question: Question, raw: Any) -> AnswerValue:
    """The answer in the form its question takes; ValueError names what is expected."""
    if isinstance(raw, str) and question.type != "multi" and question.option(raw) is not None:
        return raw  # the common case first: exactly one of the options ("unknown" is never one)
    if isinstance(raw, str) and raw.strip().lower() in (UNKNOWN, "don't know", "dont know"):
        if not question.unknown:
            raise ValueError(
                f"answer to '{question.id}': \"don't know\" is not allowed for this question "
                "(choose one of its answers)"
            )
        return UNKNOWN
    if question.type == "text":
        if isinstance(raw, dict | list):
            raise ValueError(f"answer to '{question.id}': expected text (put the answer in quotes)")
        text = str(raw)
        if len(text) > TEXT_ANSWER_LIMIT:
            raise ValueError(
                f"answer to '{question.id}': the text is over {TEXT_ANSWER_LIMIT:,} characters (shorten it)"
            )
        return visible(text)
    if question.type in NUMERIC_TYPES:
        return _number(question, raw)
    if question.type == "multi":
        items = raw if isinstance(raw, list) else [raw]
        if UNKNOWN in items:
            if len(items) > 1:
                raise ValueError(
                    f"answer to '{question.id}': \"don't know\" cannot go with other options "
                    "(give it alone, or drop it)"
                )
            return coerce(question, UNKNOWN)
        chosen = tuple(dict.fromkeys(_option(question, item) for item in items))
        if not chosen:
            raise ValueError(f"answer to '{question.id}': choose at least one option (or unknown)")
        alone = [v for v in chosen if question.option(v).exclusive]  # type: ignore[union-attr]
        if alone and len(chosen) > 1:
            raise ValueError(
                f"answer to '{question.id}': '{alone[0]}' goes on its own, not with other options "
                "(keep it alone, or drop it)"
            )
        return chosen
    return _option(question, raw)


def _option(question: Question, raw: Any) -> str:
    value = ("yes" if raw else "no") if isinstance(raw, bool) else raw
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str) or question.option(value) is None:
        shown = value if isinstance(value, str) else type(value).__name__
        raise ValueError(
            f"answer to '{question.id}': '{shown}' is not one of its options ({', '.join(question.values)})"
        )
    return value


def _number(question: Question, raw: Any) -> int | float:
    value = raw
    if isinstance(raw, str):
        text = raw.strip().removeprefix("£").strip()
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        try:
            value = float(text)
        except ValueError:
            value = None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (isinstance(value, float) and math.isnan(value))
    ):
        raise ValueError(f"answer to '{question.id}': expected a number{question.range_words}, got '{short(raw)}'")
    if not -NUMBER_LIMIT <= value <= NUMBER_LIMIT:  # compared, never converted: a huge int overflows a float
        raise ValueError(f"answer to '{question.id}': the number is too large (no answer needs one beyond 10^15)")
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = int(value)
    if question.type == "scale" and not isinstance(value, int):
        raise ValueError(f"answer to '{question.id}': expected a whole number{question.range_words}, got '{raw}'")
    low = question.min if question.min is not None else -math.inf
    high = question.max if question.max is not None else math.inf
    if not low <= value <= high:
        raise ValueError(f"answer to '{question.id}': {value} is out of range{question.range_words}")
    return cast(int | float, value)


def short(raw: Any) -> str:
    text = str(raw)
    return text if len(text) <= 40 else text[:20] + "…"
