"""The map's routes compiled to XPath, the expression language of XForms: for each question a
hidden "reached" flag that is '1' exactly when `engine.walk` would visit it.

How the walk reads answers, and how the expressions copy it:
- a question the walk has not reached is off the path, so every comparison on it is false
  (`conditions.ABSENT`); here every comparison is guarded by the question's own reached flag;
- a question reached but left blank counts as "don't know", as a missing answer does in a file;
- route i of P is taken when P is reached, its condition holds and no earlier route's does;
  Q is reached when some route of some question leading to Q is taken (the start always is).
"""

from __future__ import annotations

from decimal import Decimal

from readiness.model import NUMERIC_TYPES, UNKNOWN, Bank, Condition, Question

REACHED = "R_"
"""Prefix of the hidden reached flags. Question ids are lower case, so no id can take it."""
DONT_KNOW = "DK_"
"""Prefix of the "don't know" box beside a number question."""
TRUE, FALSE = "true()", "false()"


def reached_name(qid: str) -> str:
    return REACHED + qid


def dont_know_name(qid: str) -> str:
    return DONT_KNOW + qid


def has_companion(question: Question) -> bool:
    """A number or scale that may be unknown gets a "don't know" box of its own."""
    return question.type in NUMERIC_TYPES and question.unknown


def literal(text: str) -> str:
    """An XPath 1.0 string literal (which has no escapes: a text with both quotes is a concat)."""
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    parts = [f"'{part}'" for part in text.split("'")]
    return "concat(" + ', "\'", '.join(parts) + ")"


def number(value: float) -> str:
    """A number as XPath 1.0 writes it: digits and a point, never an exponent."""
    text = format(Decimal(repr(float(value))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def ref(name: str) -> str:
    return "${" + name + "}"


def is_reached(qid: str) -> str:
    return f"{ref(reached_name(qid))} = '1'"


def _all(parts: list[str]) -> str:
    kept = [p for p in parts if p != TRUE]
    if FALSE in kept:
        return FALSE
    return " and ".join(f"({p})" for p in kept) if kept else TRUE


def _any(parts: list[str]) -> str:
    kept = [p for p in parts if p != FALSE]
    if TRUE in kept:
        return TRUE
    return " or ".join(f"({p})" for p in kept) if kept else FALSE


def _not(part: str) -> str:
    return FALSE if part == TRUE else TRUE if part == FALSE else f"not({part})"


def unknown(question: Question) -> str:
    """The question's answer counts as "don't know": blank, or the don't-know choice (a number
    whose box is ticked is not shown, so it is blank too)."""
    value = ref(question.id)
    if question.type == "multi":
        return f"{value} = '' or selected({value}, '{UNKNOWN}')"
    if question.type in ("yes_no", "choice"):
        return f"{value} = '' or {value} = '{UNKNOWN}'"
    if question.type == "text":  # typed words that an answer file reads as "don't know" too
        typed = f"normalize-space(translate({value}, '{_UPPER}', '{_UPPER.lower()}'))"
        return " or ".join(f"{typed} = {literal(word)}" for word in ("", UNKNOWN, "don't know", "dont know"))
    return f"{value} = ''"


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _is(question: Question, word: str) -> str:
    """The answer is `word` (a multi answer: includes it), for a reached question."""
    if word == UNKNOWN:
        return unknown(question)
    if question.type in NUMERIC_TYPES:
        return FALSE  # a number is never equal to a word (as in conditions._is)
    value = ref(question.id)
    return f"selected({value}, {literal(word)})" if question.type == "multi" else f"{value} = {literal(word)}"


def condition(bank: Bank, cond: Condition) -> str:
    """`cond` as XPath, true exactly when `conditions.holds` is, for answers on the path."""
    if cond.all_ is not None:
        return _all([condition(bank, c) for c in cond.all_])
    if cond.any_ is not None:
        return _any([condition(bank, c) for c in cond.any_])
    if cond.not_ is not None:
        return _not(condition(bank, cond.not_))
    assert cond.q is not None
    question = bank.questions.get(cond.q)
    if question is None:
        return FALSE if cond.answered is not False else TRUE  # never on the path
    return _atom(question, cond)


def _atom(question: Question, cond: Condition) -> str:
    present = is_reached(question.id)
    if cond.answered is not None:
        answered = _all([present, _not(unknown(question))])
        return answered if cond.answered else _not(answered)
    if cond.is_ is not None:
        test = _is(question, cond.is_)
    elif cond.in_ is not None:
        test = _any([_is(question, word) for word in cond.in_])
    elif question.type not in NUMERIC_TYPES:
        test = FALSE  # a word is never at least a number (as in conditions._compare)
    else:
        value = ref(question.id)
        bound, sign = (cond.gte, ">=") if cond.gte is not None else (cond.lte, "<=")
        assert bound is not None
        test = _all([f"{value} != ''", f"{value} {sign} {number(bound)}"])
    return _all([present, test])


def route_taken(bank: Bank, question: Question, index: int) -> str:
    """Route `index` of `question` is the one the walk takes from it."""
    parts = [is_reached(question.id)]
    for earlier in question.next[:index]:
        if earlier.when is not None:
            parts.append(_not(condition(bank, earlier.when)))
    when = question.next[index].when
    parts.append(TRUE if when is None else condition(bank, when))
    return _all(parts)


def reached(bank: Bank) -> dict[str, str]:
    """For each question, the condition under which the walk reaches it."""
    ways: dict[str, list[str]] = {qid: [] for qid in bank.questions}
    for question in bank.questions.values():
        for i, route in enumerate(question.next):
            if route.goto in ways:
                ways[route.goto].append(route_taken(bank, question, i))
    return {qid: TRUE if qid == bank.header.start else _any(parts) for qid, parts in ways.items()}


def reached_calculation(expression: str) -> str:
    """The hidden flag's calculation: '1' or '0', compared as text so no engine converts it."""
    if expression in (TRUE, FALSE):
        return "'1'" if expression == TRUE else "'0'"
    return f"if({expression}, '1', '0')"
