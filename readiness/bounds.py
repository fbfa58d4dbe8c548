"""What every question can lead to: answer classes, their routes, and each domain's reachable
risk range. One pass over the map in reverse topological order; the checks use it to prove
scoring monotone, the scorer to scale each domain to 0-100."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from readiness.conditions import UNDECIDED, truth, walk_atoms
from readiness.errors import BankError
from readiness.model import END, NUMERIC_TYPES, Bank, Condition, Question

Points = list[int]
"""Risk points per domain, in the order of the bank's domains."""

Pick = Callable[[Iterable[int]], int]


class AnswerClass(NamedTuple):
    """A set of answers to one question that carry the same risk and take the same routes."""

    label: str
    risk: int
    targets: tuple[str, ...]
    value: Any = None
    """One answer of the class (what the judgement fixes a "don't know" to when it asks what if)."""


@dataclass
class Bounds:
    """Per question: the answer classes, the least and most risk per domain reachable from it,
    and the question where all its routes meet again (immediate post-dominator)."""

    domains: tuple[str, ...]
    order: list[str]
    classes: dict[str, list[AnswerClass]] = field(default_factory=dict)
    best: dict[str, Points] = field(default_factory=dict)
    worst: dict[str, Points] = field(default_factory=dict)
    rejoin: dict[str, str] = field(default_factory=dict)
    depth: dict[str, int] = field(default_factory=lambda: {END: 0})
    tested: dict[str, set[float | str]] = field(default_factory=dict)
    routers: dict[str, list[str]] = field(default_factory=dict)  # question -> questions whose routes test it
    looks_back: dict[str, list[str]] = field(default_factory=dict)  # question -> earlier questions its routes test
    idom: dict[str, str] = field(default_factory=lambda: {ROOT: ROOT})
    idom_depth: dict[str, int] = field(default_factory=lambda: {ROOT: 0})

    def meet(self, *targets: str) -> str:
        """The nearest question that every path from each of `targets` passes through."""
        return _meet(list(targets), self.rejoin, self.depth)

    def candidates(self, question: Question) -> list[tuple[str, Any]]:
        """The answers that tell apart every case of this question, as any route sees it."""
        return candidates(question, self.tested.get(question.id, ()))

    def classes_given(self, question: Question, known: dict[str, object]) -> list[AnswerClass]:
        """The question's answer classes with the answers to other questions its routes test
        fixed as `known` (with none known, the classes already computed)."""
        if not known:
            return self.classes[question.id]
        return answer_classes(question, self.tested.get(question.id, ()), known)

    def dominates(self, earlier: str, later: str) -> bool:
        """Whether every path from the start to `later` asks `earlier` first (or is `later`)."""
        if earlier not in self.idom_depth or later not in self.idom_depth:
            return False
        while self.idom_depth[later] > self.idom_depth[earlier]:
            later = self.idom[later]
        return later == earlier

    def domain_max(self, start: str) -> dict[str, int]:
        """The most risk each domain can collect on any path from `start`."""
        return dict(zip(self.domains, self.worst[start], strict=True))

    def domain_min(self, start: str) -> dict[str, int]:
        return dict(zip(self.domains, self.best[start], strict=True))


def successors(question: Question) -> list[str]:
    return list(dict.fromkeys(route.goto for route in question.next))


def topological_order(bank: Bank) -> list[str] | None:
    """Questions so that every route goes forward; None when there is a cycle."""
    indegree = dict.fromkeys(bank.questions, 0)
    for question in bank.questions.values():
        for target in successors(question):
            if target in indegree:
                indegree[target] += 1
    ready = [qid for qid, n in indegree.items() if n == 0]
    order: list[str] = []
    while ready:
        qid = ready.pop()
        order.append(qid)
        for target in successors(bank.questions[qid]):
            if target in indegree:
                indegree[target] -= 1
                if indegree[target] == 0:
                    ready.append(target)
    return order if len(order) == len(bank.questions) else None


def of(bank: Bank) -> Bounds:
    """The bank's bounds, worked out once per bank (a bank read back from the cache brings them)."""
    table: Bounds = bank.derived("bounds", lambda: sound(bank))
    return table


def sound(bank: Bank) -> Bounds:
    """The bounds of a bank whose map can be followed, or BankError: one with a cycle or a route
    to no question has none (the checks say where)."""
    order = topological_order(bank)
    if order is None or any(
        t != END and t not in bank.questions for q in bank.questions.values() for t in successors(q)
    ):
        problem = "the map has a cycle or a route to no question (`readiness validate` shows where)"
        raise BankError.at(bank.where("bank", bank.id)[0], problem)
    return compute(bank, order)


def compute(bank: Bank, order: list[str]) -> Bounds:
    """Bounds for an acyclic bank whose routes all name known questions."""
    domains = tuple(d.id for d in bank.header.domains)
    slot = {d: i for i, d in enumerate(domains)}
    looking_back = ((q.id, routed_on(q)) for q in bank.questions.values())
    looks_back = {qid: earlier for qid, earlier in looking_back if earlier}
    bounds = Bounds(domains, order, tested=route_tests(bank), routers=_inverse(looks_back), looks_back=looks_back)
    zero = [0] * len(domains)
    bounds.best[END] = bounds.worst[END] = zero
    for qid in reversed(order):
        question = bank.questions[qid]
        classes = answer_classes(question, bounds.tested.get(qid, ()))
        bounds.classes[qid] = classes
        own = slot.get(question.domain)
        bounds.best[qid] = fold(min, classes, bounds.best, own)
        bounds.worst[qid] = fold(max, classes, bounds.worst, own)
        bounds.rejoin[qid] = bounds.meet(*successors(question))
        bounds.depth[qid] = bounds.depth[bounds.rejoin[qid]] + 1
    _dominators(bank, order, bounds)
    return bounds


ROOT = ""  # above every question with no route into it, in the tree of dominators


def _dominators(bank: Bank, order: list[str], bounds: Bounds) -> None:
    """Each question's immediate dominator: the nearest question every path to it asks. In
    topological order each is the meet, in the tree built so far, of the questions routing to it."""
    routed_from: dict[str, list[str]] = {qid: [] for qid in order}
    for qid in order:
        for target in successors(bank.questions[qid]):
            if target in routed_from:
                routed_from[target].append(qid)
    for qid in order:
        parent = _meet(routed_from[qid], bounds.idom, bounds.idom_depth) if routed_from[qid] else ROOT
        bounds.idom[qid] = parent
        bounds.idom_depth[qid] = bounds.idom_depth[parent] + 1


def fold(pick: Pick, classes: list[AnswerClass], table: dict[str, Points], own: int | None) -> Points:
    """The least (`pick=min`) or most (`max`) risk per domain from a question to the end: over
    its answer classes, its own risk in its domain (`own`) plus what their targets lead to."""
    return reduce(pick, [per_class(pick, answer, table, own) for answer in classes])


def reduce(pick: Pick, vectors: list[Points]) -> Points:
    """Per domain, the least or most of several vectors."""
    if len(vectors) == 1:
        return vectors[0]
    return [pick(values) for values in zip(*vectors, strict=True)]


def per_class(pick: Pick, answer: AnswerClass, table: dict[str, Points], own: int | None) -> Points:
    """What one answer class leads to: its own risk plus the least or most of its targets."""
    if len(answer.targets) == 1:  # the common case: one way on
        after = list(table[answer.targets[0]])
    else:
        after = [pick(values) for values in zip(*(table[t] for t in answer.targets), strict=True)]
    if own is not None:
        after[own] += answer.risk
    return after


def _meet(targets: list[str], rejoin: dict[str, str], depth: dict[str, int]) -> str:
    """The nearest common ancestor of `targets` in a tree given by parent links and depths: with
    post-dominators, the question every target passes through on its way to the end."""
    meet = targets[0]
    for other in targets[1:]:
        a, b = meet, other
        while a != b:
            if depth[a] >= depth[b]:
                a = rejoin[a]
            else:
                b = rejoin[b]
        meet = a
    return meet


def answer_classes(
    question: Question, tested: Iterable[float | str] = (), known: dict[str, object] | None = None
) -> list[AnswerClass]:
    """The distinct answers a question can get, as far as risk and routing can tell them apart
    (with the answers to other questions its routes test as `known` gives them, or undecided)."""
    classes: dict[tuple[int, tuple[str, ...]], AnswerClass] = {}
    for label, value in candidates(question, tested):
        risk = question.risk_of(value)
        targets = targets_of(question, value, known)
        classes.setdefault((risk, targets), AnswerClass(label, risk, targets, value))
    return list(classes.values())


MULTI_EXACT = 12
"""Up to this many options named in routes, every combination of them is tried."""


def candidates(question: Question, tested: Iterable[float | str] = ()) -> list[tuple[str, Any]]:
    """A real answer for every case that risk and routes can tell apart, with a label for messages.
    "Don't know" is not among them: it stands for whichever real answer is true, so a range over
    the real answers covers it (a question without "don't know" cannot be left out either:
    scoring refuses that, see `scoring`)."""
    found: list[tuple[str, Any]]
    if question.type in NUMERIC_TYPES:
        cuts = [v for v in tested if isinstance(v, int | float) and not isinstance(v, bool)]
        found = [(_number_label(v), v) for v in sample_points(question, cuts)]
    elif question.type == "text":
        found = [("any text", "")]
    elif question.type == "multi":
        named = {v for v in tested if isinstance(v, str)}
        found = [(" + ".join(chosen), chosen) for chosen in _combinations(question, named)]
    else:
        found = [(o.value, o.value) for o in question.options]
    return found


def _combinations(question: Question, named: set[str]) -> list[tuple[str, ...]]:
    """The answers of a multi question that risk and routes can tell apart. Routes see only the
    options they name, and risk is the highest of the options chosen, so it is enough to take
    each set of named options, alone or with one unnamed option of each risk. Options that go
    alone are tried alone. (Past MULTI_EXACT named options, only sets of up to two are tried.)"""
    alone = [(o.value,) for o in question.options if o.exclusive]
    shared = [o for o in question.options if not o.exclusive]
    seen_in_routes = [o.value for o in shared if o.value in named]
    by_risk = {o.risk: o.value for o in shared if o.value not in named}  # one unnamed option per risk
    sizes = range(len(seen_in_routes) + 1) if len(seen_in_routes) <= MULTI_EXACT else range(3)
    found: list[tuple[str, ...]] = []
    for size in sizes:
        for chosen in itertools.combinations(seen_in_routes, size):
            found += [(*chosen, extra) for extra in by_risk.values()]
            if chosen:
                found.append(chosen)
    return alone + found


def targets_of(question: Question, value: object, known: dict[str, object] | None = None) -> tuple[str, ...]:
    """Where an answer may go. Answers to other questions that the routes test are UNDECIDED
    unless `known` gives them; an undecided test keeps both of its routes open."""
    given = {**(known or {}), question.id: value}

    def lookup(qid: str) -> object:
        return given.get(qid, UNDECIDED)

    found: list[str] = []
    for route in question.next:
        verdict = True if route.when is None else truth(route.when, lookup)
        if verdict is not False and route.goto not in found:
            found.append(route.goto)
        if verdict is True:
            break
    return tuple(found)


def routed_on(question: Question) -> list[str]:
    """The other questions whose answers this question's routes test."""
    return list(
        dict.fromkeys(
            atom.q
            for route in question.next
            if route.when is not None
            for atom, _, _ in walk_atoms(route.when)
            if atom.q is not None and atom.q != question.id
        )
    )


def _inverse(looks_back: dict[str, list[str]]) -> dict[str, list[str]]:
    """Question -> the questions whose routes test it, from question -> the questions it tests."""
    found: dict[str, list[str]] = {}
    for router, earlier in looks_back.items():
        for tested in earlier:
            found.setdefault(tested, []).append(router)
    return found


def route_tests(bank: Bank) -> dict[str, set[float | str]]:
    """For each question, what routes anywhere in the map test it on: the thresholds of a number
    and the options of a choice (the proof must try an answer on each side of every one)."""
    found: dict[str, set[float | str]] = {}
    for question in bank.questions.values():
        for route in question.next:
            for atom in _own_atoms(route.when, None):
                values = [atom.gte, atom.lte, atom.is_, *(atom.in_ or ())]
                found.setdefault(str(atom.q), set()).update(v for v in values if v is not None)
    return found


SCALE_EXACT = 1000
"""A scale question of up to this many steps has every step tried."""


def sample_points(question: Question, extra: Iterable[float] = ()) -> list[float]:
    """Every threshold the bands and routes use, and a value inside every stretch between them
    (and beyond the first and last), within the question's bounds: between two neighbouring
    points, no band or route can tell answers apart."""
    cuts = {b.upto for b in question.bands if b.upto is not None} | set(extra)
    for route in question.next:
        for atom in _own_atoms(route.when, question.id):
            cuts.update(v for v in (atom.gte, atom.lte) if v is not None)
    low = question.min if question.min is not None else -math.inf
    high = question.max if question.max is not None else math.inf
    if question.type == "scale" and high - low <= SCALE_EXACT:  # whole numbers only: try each one
        return [float(v) for v in range(math.ceil(low), math.floor(high) + 1)]
    edges = sorted(
        {c for c in cuts if math.isfinite(c) and low <= c <= high} | {b for b in (low, high) if math.isfinite(b)}
    )
    if not edges:
        return [0.0 if low <= 0 <= high else (low if math.isfinite(low) else high)]
    inside = [(a + b) / 2 for a, b in itertools.pairwise(edges)]
    outside = [edges[0] - 1] * (low < edges[0]) + [edges[-1] + 1] * (edges[-1] < high)
    return sorted({*edges, *inside, *outside})


def _own_atoms(condition: Condition | None, qid: str | None) -> list[Condition]:
    """The comparisons of a condition on question `qid` (on any question, with None)."""
    if condition is None:
        return []
    return [atom for atom, _, _ in walk_atoms(condition) if atom.q is not None and qid in (None, atom.q)]


def _number_label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)
