"""Evaluating structured conditions against answers, in two- or three-valued logic."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

from readiness.model import UNKNOWN, Condition

ABSENT: Any = object()
"""The question is not on the path: every comparison on it is false."""

UNDECIDED: Any = object()
"""The answer is not known yet (static analysis): comparisons on it are undecided."""

Lookup = Callable[[str], Any]


def holds(condition: Condition, answers: Mapping[str, Any]) -> bool:
    """Whether `condition` holds for the answers on the path (missing ids are off the path)."""
    return condition.test(answers)


def compile_condition(condition: Condition) -> Callable[[Mapping[str, Any]], bool]:
    """A function with the same answer as `truth(condition, answers.get)` for decided answers,
    built once per condition because scoring a batch tests each condition thousands of times."""
    if condition.all_ is not None:
        tests = [c.test for c in condition.all_]
        return lambda answers: all(t(answers) for t in tests)
    if condition.any_ is not None:
        tests = [c.test for c in condition.any_]
        return lambda answers: any(t(answers) for t in tests)
    if condition.not_ is not None:
        inner = condition.not_.test
        return lambda answers: not inner(answers)
    return _compile_atom(condition)


def _compile_atom(atom: Condition) -> Callable[[Mapping[str, Any]], bool]:
    """One comparison as a function of the answers, its kind settled here rather than at every
    call (the same answers as `_compare`)."""
    assert atom.q is not None
    qid, word, words = atom.q, atom.is_, atom.in_
    if atom.answered is not None:
        wanted = atom.answered
        return lambda answers: _answered(answers.get(qid, ABSENT)) == wanted
    if word is not None:
        return lambda answers: _is(answers.get(qid, ABSENT), word)
    if words is not None:
        chosen = frozenset(words)
        return lambda answers: _among(answers.get(qid, ABSENT), chosen)
    return lambda answers: _compare(atom, answers.get(qid, ABSENT))


def _answered(value: Any) -> bool:
    return value is not ABSENT and value != UNKNOWN


def _is(value: Any, word: str) -> bool:
    """Whether the answer is `word` (a multi answer: whether it includes it)."""
    return word in value if isinstance(value, tuple) else value == word


def _among(value: Any, words: Collection[str]) -> bool:
    """Whether the answer is one of `words` (a multi answer: whether any option it has is)."""
    return any(v in words for v in value) if isinstance(value, tuple) else value in words


def truth(condition: Condition, lookup: Lookup) -> bool | None:
    """Kleene three-valued truth of `condition`: None where an UNDECIDED answer matters."""

    def possible(qid: str) -> tuple[Any, ...] | None:
        value = lookup(qid)
        return None if value is UNDECIDED else (value,)

    return truth_over(condition, possible)


Possible = Callable[[str], "tuple[Any, ...] | None"]
"""The values a question may still take (ABSENT among them when it may be skipped), or None
when it could take any real answer."""


def truth_over(condition: Condition, possible: Possible) -> bool | None:
    """Kleene truth of `condition` over every value each question may still take: True when it
    holds for all of them, False when for none, None when that depends on answers not yet known."""
    if condition.all_ is not None:
        results = [truth_over(c, possible) for c in condition.all_]
        return False if False in results else (None if None in results else True)
    if condition.any_ is not None:
        results = [truth_over(c, possible) for c in condition.any_]
        return True if True in results else (None if None in results else False)
    if condition.not_ is not None:
        inner = truth_over(condition.not_, possible)
        return None if inner is None else not inner
    assert condition.q is not None
    values = possible(condition.q)
    if values is None:
        return None
    seen = {_compare(condition, value) for value in values}
    return seen.pop() if len(seen) == 1 else None


def _compare(atom: Condition, value: Any) -> bool:
    if atom.answered is not None:
        return _answered(value) == atom.answered
    if value is ABSENT:
        return False
    if atom.is_ is not None:
        return _is(value, atom.is_)
    if atom.in_ is not None:
        return _among(value, atom.in_)
    if not isinstance(value, int | float):
        return False
    if atom.gte is not None:
        return value >= atom.gte
    return atom.lte is not None and value <= atom.lte


def walk_atoms(
    condition: Condition, loc: tuple[str | int, ...] = ()
) -> Iterator[tuple[Condition, tuple[str | int, ...], bool]]:
    """Each comparison with its location inside the condition and whether it sits under a `not`."""
    yield from _atoms(condition, loc, False)


def _atoms(
    condition: Condition, loc: tuple[str | int, ...], negated: bool
) -> Iterator[tuple[Condition, tuple[str | int, ...], bool]]:
    if condition.q is not None:
        yield condition, loc, negated
    for key, group in (("all", condition.all_), ("any", condition.any_)):
        for i, child in enumerate(group or ()):
            yield from _atoms(child, (*loc, key, i), negated)
    if condition.not_ is not None:
        yield from _atoms(condition.not_, (*loc, "not"), not negated)


def describe(condition: Condition, own: str | None = None) -> str:
    """A short plain-text reading of a condition; comparisons on `own` name only the values."""
    if condition.all_ is not None:
        return " and ".join(_grouped(c, own) for c in condition.all_)
    if condition.any_ is not None:
        return " or ".join(_grouped(c, own) for c in condition.any_)
    if condition.not_ is not None:
        return f"not {_grouped(condition.not_, own)}"
    subject = "" if condition.q == own else f"{condition.q} "
    if condition.is_ is not None:
        return f"{subject}{'' if own == condition.q else 'is '}{condition.is_}".strip()
    if condition.in_ is not None:
        values = " / ".join(condition.in_)
        return f"{subject}{'' if own == condition.q else 'in '}{values}".strip()
    if condition.gte is not None:
        return f"{subject}≥ {condition.gte:g}".strip()
    if condition.lte is not None:
        return f"{subject}≤ {condition.lte:g}".strip()
    return f"{condition.q} {'answered' if condition.answered else 'not answered'}"


def _grouped(condition: Condition, own: str | None) -> str:
    text = describe(condition, own)
    return f"({text})" if condition.q is None and condition.not_ is None else text


def because(condition: Condition, answers: Mapping[str, Any]) -> list[str]:
    """The questions whose answers make `condition` hold: the comparisons that are true and not
    under a `not` (for explaining why a flag was raised or an action proposed)."""
    found = [
        atom.q
        for atom, negated in condition.atoms
        if atom.q is not None and not negated and _compare(atom, answers.get(atom.q, ABSENT))
    ]
    return list(dict.fromkeys(found))
