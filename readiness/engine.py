"""The walk through the map: which questions an answer set visits, and which comes next."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from readiness.conditions import holds
from readiness.errors import BankError
from readiness.model import END, UNKNOWN, Bank, Question


class Walk(NamedTuple):
    """The questions visited in order, and the first one still waiting for an answer."""

    path: tuple[str, ...]
    pending: str | None = None

    @property
    def finished(self) -> bool:
        return self.pending is None


def walk(bank: Bank, answers: Mapping[str, Any], *, stop_at_missing: bool = False) -> Walk:
    """Follow the routes from the start. A missing answer counts as "don't know",
    unless `stop_at_missing`, when the walk stops there (the interview's next question)."""
    path: list[str] = []
    seen: dict[str, Any] = {}
    current = bank.header.start
    while current != END:
        question = bank.questions.get(current)
        if question is None or current in seen:
            problem = "is no question" if question is None else "is visited twice (a cycle)"
            raise BankError.at(bank.where("bank", bank.id)[0], f"'{current}' {problem}: run `readiness validate`")
        if current not in answers and stop_at_missing:
            return Walk(tuple(path), current)
        path.append(current)
        seen[current] = answers.get(current, UNKNOWN)
        current = next_id(question, seen)
    return Walk(tuple(path))


def next_id(question: Question, on_path: dict[str, Any]) -> str:
    """The target of the first route whose condition holds for the answers on the path."""
    taken = route_taken(question, on_path)
    return END if taken is None else question.next[taken].goto


def route_taken(question: Question, on_path: dict[str, Any]) -> int | None:
    """The index of the first route whose condition holds (None only in an unchecked bank)."""
    for i, route in enumerate(question.next):
        if route.when is None or holds(route.when, on_path):
            return i
    return None


def routes_walked(bank: Bank, answers: Mapping[str, Any]) -> list[tuple[str, int]]:
    """(question, route index) for every step of the walk."""
    values = on_path(bank, answers)
    seen: dict[str, Any] = {}
    taken = []
    for qid in values:
        seen[qid] = values[qid]
        index = route_taken(bank.questions[qid], seen)
        if index is not None:
            taken.append((qid, index))
    return taken


def on_path(bank: Bank, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers that count: those on the path walked, with "don't know" for gaps."""
    return {qid: answers.get(qid, UNKNOWN) for qid in walk(bank, answers).path}
