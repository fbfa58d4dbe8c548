"""What the firm answers allow: each domain's least and most risk once every "don't know" is
replaced by a real answer, following the routes that answer would take. "Don't know" is not
evidence of risk; it is a question whose answer could be any of its options.

One pass forward over the part of the map the answers can still reach, one pass back to fold
the least and the most risk per domain (the same fold as the bank's bounds, with each firm
answer standing for its one answer class)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from readiness import bounds
from readiness.bounds import AnswerClass, Points
from readiness.conditions import ABSENT
from readiness.model import CHOICE_TYPES, END, UNKNOWN, Bank, Question


@dataclass
class Explored:
    """The map as the answers leave it open: per question, its possible answer classes and the
    least (`low`) and most (`high`) risk per domain from it to the end."""

    bank: Bank
    table: bounds.Bounds
    firm: Mapping[str, Any]
    choices: dict[str, list[AnswerClass]] = field(default_factory=dict)
    low: dict[str, Points] = field(default_factory=dict)
    high: dict[str, Points] = field(default_factory=dict)
    sure: set[str] = field(default_factory=set)
    split: dict[str, tuple[list[Points], list[Points]]] = field(default_factory=dict)
    """For each open question: what each of its answer classes leads to, least and most."""
    settled: bool = False
    """Every question on the path has a firm answer: the range is one point, the path itself."""

    @cached_property
    def sure_firm(self) -> dict[str, Any]:
        """The firm answers to the questions every completion asks."""
        return {qid: value for qid, value in self.firm.items() if qid in self.sure}

    @property
    def start(self) -> str:
        return self.bank.header.start

    def domain_range(self) -> tuple[Points, Points]:
        """The least and the most risk points each domain could end with."""
        return self.low[self.start], self.high[self.start]

    def is_open(self, qid: str) -> bool:
        """Reachable, and its answer still undecided."""
        return qid in self.choices and qid not in self.firm and self.bank.questions[qid].type != "text"

    def gap(self, qid: str) -> Points:
        """Per domain, how far apart this question's best and worst answers leave the range,
        follow-ups included, up to where its routes meet again (what lies beyond is common)."""
        if qid not in self.split:
            return [0] * len(self.table.domains)
        lows, highs = self.split[qid]
        meet = self.table.rejoin[qid]
        floor = bounds.reduce(min, lows)
        ceiling = bounds.reduce(max, highs)
        return [
            (top - self.high[meet][d]) - (bottom - self.low[meet][d])
            for d, (bottom, top) in enumerate(zip(floor, ceiling, strict=True))
        ]

    def possible(self, qid: str) -> tuple[Any, ...] | None:
        """The values a question may still hold, ABSENT among them when some answers skip it;
        None when it could be any real answer."""
        if qid not in self.choices:
            return (ABSENT,)
        maybe_absent = () if qid in self.sure else (ABSENT,)
        if qid in self.firm:
            return (self.firm[qid], *maybe_absent)
        question = self.bank.questions[qid]
        if question.type in CHOICE_TYPES and question.type != "multi":
            return (*(o.value for o in question.options), *maybe_absent)
        return None


def firm_answers(values: Mapping[str, Any]) -> dict[str, Any]:
    """The answers that are evidence: every answer but "don't know"."""
    return {qid: value for qid, value in values.items() if value != UNKNOWN}


def explore(bank: Bank, table: bounds.Bounds, firm: Mapping[str, Any]) -> Explored:
    """The ranges left open by the `firm` answers (see `firm_answers`)."""
    explored = Explored(bank, table, firm)
    _reach(explored)
    _fold_back(explored)
    _sure_path(explored)
    return explored


def settle(bank: Bank, table: bounds.Bounds, firm: Mapping[str, Any], path: Sequence[tuple[str, str, int]]) -> Explored:
    """The ranges when every question on the walked `path` ((question, domain, risk) in order)
    has a firm answer: nothing is left open, so each range is the risk the path collects (the
    same as `explore` finds, quicker)."""
    explored = Explored(bank, table, firm, settled=True)
    slot = {d: i for i, d in enumerate(table.domains)}
    points = [0] * len(table.domains)
    for qid, domain, risk in path:
        explored.choices[qid] = []
        if domain in slot:
            points[slot[domain]] += risk
    explored.low[explored.start] = explored.high[explored.start] = points
    explored.sure = set(explored.choices)
    return explored


def _reach(explored: Explored) -> None:
    """Every question some real answers to the open questions would ask, with its classes."""
    todo = [explored.start]
    while todo:
        qid = todo.pop()
        if qid == END or qid in explored.choices:
            continue
        explored.choices[qid] = classes = _classes(explored, explored.bank.questions[qid])
        todo += [t for c in classes for t in c.targets]


def _classes(explored: Explored, question: Question) -> list[AnswerClass]:
    """A firm answer is one class; an open question has every class its real answers make.
    Routes that test an earlier answer see it when it is firm and surely asked, and go both
    ways when it is not."""
    table = explored.table
    known = {  # an earlier answer counts only where every path here asks it (else it may be skipped)
        q: explored.firm[q]
        for q in table.looks_back.get(question.id, ())
        if q in explored.firm and table.dominates(q, question.id)
    }
    value = explored.firm.get(question.id)
    if value is None:
        return explored.table.classes_given(question, known)
    targets = bounds.targets_of(question, value, known)
    return [AnswerClass(str(value), question.risk_of(value), targets, value)]


def _fold_back(explored: Explored) -> None:
    table = explored.table
    slot = {d: i for i, d in enumerate(table.domains)}
    explored.low[END] = explored.high[END] = [0] * len(table.domains)
    for qid in reversed(table.order):
        classes = explored.choices.get(qid)
        if classes is None:
            continue
        own = slot.get(explored.bank.questions[qid].domain)
        lows = [bounds.per_class(min, c, explored.low, own) for c in classes]
        highs = [bounds.per_class(max, c, explored.high, own) for c in classes]
        explored.low[qid] = bounds.reduce(min, lows)
        explored.high[qid] = bounds.reduce(max, highs)
        if len(classes) > 1:
            explored.split[qid] = (lows, highs)


def _sure_path(explored: Explored) -> None:
    """The questions every completion asks: from the start, one way on where the answers
    leave one, else on to where the open ways meet again."""
    current = explored.start
    while current != END:
        explored.sure.add(current)
        targets = list(dict.fromkeys(t for c in explored.choices[current] for t in c.targets))
        current = targets[0] if len(targets) == 1 else explored.table.meet(*targets)
