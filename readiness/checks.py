"""Static checks of a loaded bank: references, routes, the shape of the map, citations, and a
proof that scoring is monotone. Every problem found is reported, each at its line."""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterable
from typing import Any

from readiness import bounds
from readiness.conditions import UNDECIDED, describe, truth, walk_atoms
from readiness.errors import Diagnostic, Severity
from readiness.gc_pause import paused_gc
from readiness.model import (
    CHOICE_TYPES,
    END,
    MAX_RISK,
    NUMERIC_TYPES,
    UNKNOWN,
    Bank,
    Broken,
    Condition,
    Consistency,
    Question,
)

Owner = tuple[str, str]  # ("question" | "flag" | "action", id)


def check_bank(bank: Bank, broken: Broken | None = None) -> list[Diagnostic]:
    """Every problem of the bank: errors first, in file and line order, then warnings. With
    `broken` (what failed its shape check), references to it are not reported again, and the
    map's shape is checked only when no question is missing from it."""
    with paused_gc():  # the tables of a large bank's proof hold no cycles
        return _Checker(bank, broken or Broken()).run()


def sort_key(diagnostic: Diagnostic) -> tuple[bool, str, int, int, str]:
    return (diagnostic.severity != "error", diagnostic.path, diagnostic.line, diagnostic.col, diagnostic.message)


class _Checker:
    def __init__(self, bank: Bank, broken: Broken) -> None:
        self.bank = bank
        self.broken = broken
        self.found: list[Diagnostic] = []
        self.cited: set[str] = set(broken.citations)
        self.broken_routes = bool(broken.questions)  # a question missing from the map: no shape to check

    def run(self) -> list[Diagnostic]:
        self.check_header()
        for question in self.bank.questions.values():
            self.check_question(question)
        for kind, items in (("flag", self.bank.flags), ("action", self.bank.actions)):
            for item in items:
                self.check_domain((kind, item.id), item.domain)
                self.check_cites((kind, item.id), item.cites)
                self.check_condition((kind, item.id), item.when, ("when",))
        self.check_partnership_rules()
        self.check_uncited()
        if not self.broken_routes:
            self.check_shape()
        return sorted(self.found, key=sort_key)

    def report(
        self, owner: tuple[str, str], sub: Iterable[str | int], message: str, severity: Severity = "error"
    ) -> None:
        path, line, col = self.bank.where(*owner, *sub)
        self.found.append(Diagnostic(path, line, col, severity, message))

    # --- references -------------------------------------------------------------------------

    def check_header(self) -> None:
        header = ("bank", self.bank.id)
        start = self.bank.header.start
        if start not in self.bank.questions:
            self.broken_routes = True
        if start not in self.bank.questions and start not in self.broken.questions:
            self.report(
                header,
                ["start"],
                f"start question '{start}' does not exist (name one of the questions)",
            )
        used = {q.domain for q in self.bank.questions.values()}
        for i, domain in enumerate(self.bank.header.domains):
            if domain.id not in used and domain.id not in self.broken.domains:
                self.report(
                    header, ["domains", i], f"domain '{domain.id}' has no questions (add some, or remove the domain)"
                )

    def check_question(self, question: Question) -> None:
        owner = ("question", question.id)
        self.check_domain(owner, question.domain)
        if not question.cites:
            self.report(owner, [], f"question '{question.id}' cites no finding (add cites: [source-id.finding-id])")
        self.check_cites(owner, question.cites)
        last = len(question.next) - 1
        for i, route in enumerate(question.next):
            if route.goto != END and route.goto not in self.bank.questions:
                self.broken_routes = True
                if route.goto not in self.broken.questions:  # else its own shape error names it
                    self.report(
                        owner,
                        ["next", i, "goto"],
                        f"question '{question.id}' goes to '{route.goto}', which is no question "
                        "(check the id, or use 'end')",
                    )
            if route.when is not None:
                self.check_condition(owner, route.when, ("next", i, "when"))
                if i == last and all(r.when is not None for r in question.next):
                    self.broken_routes = True
                    self.report(
                        owner,
                        ["next", i],
                        f"question '{question.id}': the last route has a condition, so some answers lead nowhere "
                        "(add a final route without 'when')",
                    )
            elif i < last:
                self.report(
                    owner,
                    ["next", i + 1],
                    f"question '{question.id}': route {i + 2} comes after a route without a condition and is never "
                    "taken (move the default route to the end)",
                )

    def check_domain(self, owner: Owner, domain: str) -> None:
        if self.bank.domain(domain) is None:
            self.report(
                owner,
                ["domain"],
                f"{owner[0]} '{owner[1]}' is in domain '{domain}', which bank.yaml does not declare "
                "(add it to domains, or fix the id)",
            )

    def check_cites(self, owner: Owner, cites: Iterable[str], loc: list[str | int] | None = None) -> None:
        for i, citation in enumerate(cites):
            self.cited.add(citation)
            if self.bank.finding(citation) is None and not self.broken.covers(citation):
                self.report(
                    owner,
                    [*(loc or ["cites"]), i],
                    f"{owner[0]} '{owner[1]}' cites '{citation}', which is no finding in seeds/ "
                    "(check the id; `readiness sources` lists them)",
                )

    def check_condition(self, owner: Owner, condition: Condition, loc: tuple[str | int, ...]) -> None:
        for atom, atom_loc, _ in walk_atoms(condition, loc):
            assert atom.q is not None
            target = self.bank.questions.get(atom.q)
            where = f"{owner[0]} '{owner[1]}'"
            if target is None and atom.q in self.broken.questions:
                continue
            if target is None:
                self.report(
                    owner, atom_loc, f"{where}: condition names '{atom.q}', which is no question (check the id)"
                )
                continue
            problem = _misfit(atom, target)
            if problem:
                self.report(owner, atom_loc, f"{where}: condition on '{atom.q}' {problem}")

    def check_partnership_rules(self) -> None:
        """The cross-council checks and the divergence rule name real questions, values and domains."""
        for i, rule in enumerate(self.bank.header.consistency):
            self.check_consistency(i, rule)
        divergence = self.bank.header.divergence
        if divergence is not None:
            self.check_cites(("bank", self.bank.id), divergence.cites, ["divergence", "cites"])
            for i, qid in enumerate(divergence.questions):
                if qid not in self.bank.questions and qid not in self.broken.questions:
                    message = f"divergence names '{qid}', which is no question (check the id)"
                    self.report(("bank", self.bank.id), ["divergence", "questions", i], message)

    def check_consistency(self, i: int, rule: Consistency) -> None:
        header = ("bank", self.bank.id)
        where: list[str | int] = ["consistency", i]
        self.check_cites(header, rule.cites, [*where, "cites"])
        question = self.bank.questions.get(rule.question)
        name = f"consistency check '{rule.id}'"
        if question is None and rule.question in self.broken.questions:
            return
        if question is None:
            self.report(
                header, [*where, "question"], f"{name} names '{rule.question}', which is no question (check the id)"
            )
            return
        if (rule.kind == "sum_over") != (question.type in NUMERIC_TYPES):
            need = "a number or scale question" if rule.kind == "sum_over" else "a question with options"
            self.report(
                header, [*where, "question"], f"{name} ({rule.kind}) needs {need}, not a {question.type} question"
            )
            return
        wrong = [v for v in (rule.value, *rule.one, *rule.other) if v is not None and v not in question.values]
        if wrong:
            listed = ", ".join(repr(v) for v in wrong)
            self.report(
                header,
                where,
                f"{name} tests {listed}, which is not an option of '{rule.question}' ({', '.join(question.values)})",
            )

    def check_uncited(self) -> None:
        for source in self.bank.sources.values():
            citations = [f"{source.id}.{f.id}" for f in source.findings]
            if not self.cited.intersection(citations):
                self.report(
                    ("source", source.id), [], f"source '{source.id}' is never cited (cite it, or remove it)", "warning"
                )
                continue
            for citation in citations:
                if citation not in self.cited:
                    self.report(
                        ("finding", citation),
                        [],
                        f"finding '{citation}' is never cited (cite it, or remove it)",
                        "warning",
                    )

    # --- the shape of the map ---------------------------------------------------------------

    def check_shape(self) -> None:
        order = bounds.topological_order(self.bank)
        if order is None:
            self.check_cycles()
            return
        self.check_reachable(self.reachable())
        table = bounds.compute(self.bank, order)
        for qid in order:
            self.check_monotone(self.bank.questions[qid], table)
            self.check_routes_on_others(self.bank.questions[qid], table)
            self.check_assumptions(self.bank.questions[qid], table)
        for flag in self.bank.flags:
            self.check_upward(flag.id, flag.when)
            self.check_no_unknown("flag", flag.id, flag.when)
        for action in self.bank.actions:
            self.check_no_unknown("action", action.id, action.when)

    def check_reachable(self, reachable: set[str], named: Iterable[str] = ()) -> None:
        """Every question the start cannot reach, except those `named` in another error."""
        skip = set(named)
        for qid in self.bank.questions:
            if qid not in reachable and qid not in skip:
                self.report(
                    ("question", qid),
                    [],
                    f"question '{qid}' cannot be reached from the start '{self.bank.header.start}' "
                    "(route to it, or remove it)",
                )

    def check_no_unknown(self, kind: str, item_id: str, condition: Condition) -> None:
        """Flags and actions read "don't know" as possible, never as raised, so naming 'unknown'
        in their conditions would say something the scorer does not do."""
        for atom, loc, _ in walk_atoms(condition, ("when",)):
            if atom.is_ == UNKNOWN or UNKNOWN in (atom.in_ or ()):
                problem = (
                    f"{kind} '{item_id}' names 'unknown' of '{atom.q}', which has no effect: \"don't know\" makes "
                    f"a {kind} possible (something to find out), never raised (remove 'unknown' from the condition)"
                )
                self.report((kind, item_id), loc, problem, "warning")

    def reachable(self) -> set[str]:
        seen = {self.bank.header.start}
        todo = [self.bank.header.start]
        while todo:
            for target in bounds.successors(self.bank.questions[todo.pop()]):
                if target != END and target not in seen:
                    seen.add(target)
                    todo.append(target)
        return seen

    def check_cycles(self) -> None:
        """One error per cycle, saying too whether it has a way out and whether the start reaches it."""
        reachable, leads_to_end = self.reachable(), self.leads_to_end()
        cycles = _cycles(self.bank)
        for cycle in cycles:
            closed, cut_off = not leads_to_end.intersection(cycle), not reachable.intersection(cycle)
            kind = "a cycle" + (" with no way out" if closed else "")
            kind += f" that the start '{self.bank.header.start}' never reaches" if cut_off else ""
            fix = "route one of them to a later question" + (", or to end" if closed else "")
            self.report(
                ("question", cycle[0]),
                [],
                f"questions form {kind}: {' -> '.join(f'{q!r}' for q in [*cycle, cycle[0]])} "
                f"(the map only goes forward; {fix})",
            )
        # A cycle the start reaches with no way out cuts off what its missing exit led to: which
        # questions those are depends on the fix, so the unreachable ones wait until then.
        if not any(reachable.intersection(c) and not leads_to_end.intersection(c) for c in cycles):
            self.check_reachable(reachable, named=(q for c in cycles for q in c))

    def leads_to_end(self) -> set[str]:
        before: dict[str, list[str]] = {}
        for question in self.bank.questions.values():
            for target in bounds.successors(question):
                before.setdefault(target, []).append(question.id)
        seen: set[str] = set()
        todo = [END]
        while todo:
            for source in before.get(todo.pop(), []):
                if source not in seen:
                    seen.add(source)
                    todo.append(source)
        return seen

    # --- what a question or option takes for granted -----------------------------------------

    def check_assumptions(self, question: Question, table: bounds.Bounds) -> None:
        """A question or option that `assumes` something of earlier answers must not be reached
        by a path on which those answers say otherwise (no "not applicable: only the chief
        executive" after "the chief executive and team")."""
        owner = ("question", question.id)
        if question.assumes is not None:
            self.check_assumption(owner, ["assumes"], question, f"question '{question.id}'", question.assumes, table)
        for i, option in enumerate(question.options):
            if option.assumes is not None:
                what = f"question '{question.id}': option '{option.value}'"
                self.check_assumption(owner, ["options", i, "assumes"], question, what, option.assumes, table)

    def check_assumption(
        self,
        owner: Owner,
        loc: list[str | int],
        question: Question,
        what: str,
        assumes: Condition,
        table: bounds.Bounds,
    ) -> None:
        named = list(dict.fromkeys(atom.q for atom, _, _ in walk_atoms(assumes, ()) if atom.q is not None))
        for qid in named:
            if qid not in self.bank.questions or qid == question.id or not table.dominates(qid, question.id):
                self.report(
                    owner,
                    loc,
                    f"{what} assumes an answer to '{qid}', which is not asked before it on every path "
                    "(assume only what every path to it has asked)",
                )
                return
        choices = [[o.value for o in self.bank.questions[qid].options] for qid in named]
        for values in itertools.product(*choices):
            given: dict[str, object] = dict(zip(named, values, strict=True))
            if truth(assumes, functools.partial(_given, given)) is False and self.reaches(question.id, given):
                answers = ", ".join(f"{q} = {v}" for q, v in given.items())
                self.report(
                    owner,
                    loc,
                    f"{what} assumes {describe(assumes)}, but the answers {answers} still lead to it "
                    "(route those answers past it, or drop or reword what it assumes)",
                )
                return

    def reaches(self, target: str, given: dict[str, object]) -> bool:
        """Whether some walk from the start on which the `given` answers hold reaches `target`."""
        seen, todo = {self.bank.header.start}, [self.bank.header.start]
        while todo:
            current = self.bank.questions[todo.pop()]
            if current.id == target:
                return True
            for following in bounds.targets_of(current, given.get(current.id, UNDECIDED), given):
                if following != END and following not in seen:
                    seen.add(following)
                    todo.append(following)
        return False

    # --- monotone scoring -------------------------------------------------------------------

    def check_monotone(self, question: Question, table: bounds.Bounds) -> None:
        """A riskier answer must never be able to end with less risk in any domain than a safer
        one, counting everything up to where their routes meet again. Where the routes also test
        earlier answers, the comparison is made for every combination of those answers."""
        own = _slot(table, question.domain)
        others = self.tested_by(question)
        worst_case: dict[str, tuple[float, str, str, int]] = {}
        combinations = _combinations_of(others, table)
        if combinations is None:
            self.report(
                ("question", question.id),
                [],
                f"question '{question.id}': its routes test too many answers together to prove that a riskier "
                f"answer never scores less (over {COMBINATIONS_LIMIT:,} combinations; test fewer questions at once)",
            )
            return
        for known in combinations:
            classes = table.classes_given(question, known)
            if len({c.targets for c in classes}) < 2:
                continue
            for safer in classes:
                for riskier in classes:
                    if riskier.risk > safer.risk:
                        for gain, domain in _gains(safer, riskier, own, table):
                            if gain > worst_case.get(riskier.label, (0.0, "", "", 0))[0]:
                                worst_case[riskier.label] = (gain, safer.label, domain, riskier.risk)
        for label, (gain, safer_label, domain, risk) in sorted(worst_case.items()):
            if domain == question.domain and risk + gain <= MAX_RISK:
                fix = f"give '{label}' a risk of at least {risk + gain:g}, or route it through the same follow-ups"
            elif domain == question.domain:
                fix = f"route '{label}' through the same follow-ups, or lower the risks it skips: it would need a risk "
                fix += f"of {risk + gain:g}, above the 0-{MAX_RISK} scale"
            else:
                fix = "route both answers through the same questions, or keep the follow-ups in domain "
                fix += f"'{question.domain}'"
            self.report(
                ("question", question.id),
                [],
                f"question '{question.id}': the riskier answer '{label}' can end with {gain:g} less risk in domain "
                f"'{domain}' than the safer '{safer_label}' ({fix})",
            )

    def tested_by(self, question: Question) -> list[Question]:
        """The earlier questions this question's routes test (unknown ids are reported apart)."""
        return [self.bank.questions[q] for q in bounds.routed_on(question) if q in self.bank.questions]

    def check_routes_on_others(self, question: Question, table: bounds.Bounds) -> None:
        """Where a route tests an earlier question's answer, a riskier answer to that question
        must not send this one down a way that collects less risk. (check_monotone proves each
        question's own choice; this covers a choice that an earlier answer makes further on.)"""
        for other in self.tested_by(question):
            if not table.dominates(other.id, question.id):
                self.report(
                    ("question", question.id),
                    [],
                    f"question '{question.id}': its routes test '{other.id}', which some paths to '{question.id}' "
                    "never ask, so an earlier answer could change this route unseen by the monotone proof "
                    f"(test a question that every path to '{question.id}' asks)",
                )
                continue
            worst = self.worst_later_route(question, other, table)
            if worst is not None:
                gain, risky_label, safe_label, domain = worst
                self.report(
                    ("question", question.id),
                    [],
                    f"question '{question.id}': its routes test '{other.id}', and the riskier answer "
                    f"'{risky_label}' there can end with {gain:g} less risk in domain '{domain}' than the safer "
                    f"'{safe_label}' (send the riskier answer the way that asks more, or route on "
                    f"'{question.id}' alone)",
                )

    def worst_later_route(
        self, question: Question, other: Question, table: bounds.Bounds
    ) -> tuple[float, str, str, str] | None:
        """The largest shortfall a riskier answer to `other` can cause through `question`'s routes:
        (shortfall, riskier answer, safer answer, domain), or None when there is none."""
        own = _slot(table, question.domain)
        rest = [q for q in self.tested_by(question) if q.id != other.id]
        worst: tuple[float, str, str, str] | None = None
        for known in _combinations_of(rest, table) or []:  # too many: check_monotone says so
            for (safe_label, safe), (risky_label, risky) in _riskier_pairs(other, table):
                credit = _own_risk_credit(other, safe, risky, table)
                for _, value in table.candidates(question):
                    to_safe = bounds.targets_of(question, value, {**known, other.id: safe})
                    to_risky = bounds.targets_of(question, value, {**known, other.id: risky})
                    if to_safe == to_risky:
                        continue
                    risk = question.risk_of(value)
                    pair = (
                        bounds.AnswerClass(safe_label, risk, to_safe),
                        bounds.AnswerClass(risky_label, risk, to_risky),
                    )
                    for gain, domain in _gains(*pair, own, table):
                        gain -= credit if domain == other.domain else 0
                        if gain > 1e-9 and (worst is None or gain > worst[0]):
                            worst = (gain, risky_label, safe_label, domain)
        return worst

    def check_upward(self, flag_id: str, condition: Condition) -> None:
        """A flag that fires on one answer must fire on every riskier answer of that question."""
        for atom, loc, negated in walk_atoms(condition, ("when",)):
            question = self.bank.questions.get(atom.q or "")
            if question is None or question.type not in CHOICE_TYPES:
                continue
            matched = {atom.is_} if atom.is_ is not None else set(atom.in_ or ())
            if not matched or atom.answered is not None:
                continue
            real = [o.value for o in question.options]
            if negated:
                matched = set(real) - matched
            risks = {v: question.risk_of(v) for v in real}
            for value in sorted(matched & set(risks)):
                missed = [w for w in real if w not in matched and risks[w] > risks[value]]
                if missed:
                    self.report(
                        ("flag", flag_id),
                        loc,
                        f"flag '{flag_id}' fires on '{value}' of '{question.id}' but not on the riskier "
                        f"{', '.join(repr(w) for w in missed)} (add them, so a worse answer never clears the flag)",
                        "warning",
                    )
                    break


def _given(given: dict[str, object], qid: str) -> object:
    return given.get(qid, UNDECIDED)


def _misfit(atom: Condition, question: Question) -> str | None:
    """Why a comparison does not fit the question it tests, if it does not."""
    if atom.answered is not None:
        return None
    numeric = question.type in NUMERIC_TYPES
    if atom.gte is not None or atom.lte is not None:
        op = "gte" if atom.gte is not None else "lte"
        return None if numeric else f"uses {op}, but it is a {question.type} question (use is or in with its options)"
    tested = [atom.is_] if atom.is_ is not None else list(atom.in_ or ())
    if tested == [UNKNOWN] and question.unknown:
        return None  # "don't know" can be tested on any question that allows it
    if numeric:
        return f"uses is/in, but it is a {question.type} question (use gte or lte, or is: unknown)"
    if question.type == "text":
        return "uses is/in, but it is a text question (use answered: true or false)"
    allowed = question.values
    wrong = [v for v in tested if v not in allowed]
    if wrong:
        extra = "" if question.unknown or UNKNOWN not in wrong else "; 'unknown' is not allowed here (unknown: false)"
        return (
            f"tests {', '.join(repr(v) for v in wrong)}, which is not one of its options ({', '.join(allowed)}{extra})"
        )
    return None


def _own_risk_credit(other: Question, safe: object, risky: object, table: bounds.Bounds) -> float:
    """The extra risk a riskier answer carries itself may pay for what it skips further on,
    but only where nothing else can spend it: its own routes treat the two answers alike, and
    one question alone routes on it."""
    if len(table.routers.get(other.id, [])) != 1 or bounds.routed_on(other):
        return 0.0
    if bounds.targets_of(other, safe) != bounds.targets_of(other, risky):
        return 0.0
    return float(other.risk_of(risky) - other.risk_of(safe))


def _slot(table: bounds.Bounds, domain: str) -> int:
    """The column of a domain in the bounds table; -1 for an undeclared domain (reported apart)."""
    return table.domains.index(domain) if domain in table.domains else -1


def _riskier_pairs(question: Question, table: bounds.Bounds) -> list[tuple[tuple[str, Any], tuple[str, Any]]]:
    """Every (safer, riskier) pair of the answers a question can be given."""
    found = [(candidate, question.risk_of(candidate[1])) for candidate in table.candidates(question)]
    return [(safe, risky) for safe, low in found for risky, high in found if high > low]


COMBINATIONS_LIMIT = 4096
"""The most combinations of earlier answers a question's routes may be checked against."""


def _combinations_of(questions: list[Question], table: bounds.Bounds) -> list[dict[str, object]] | None:
    """Every combination of answers to `questions` (one empty combination when there are none);
    None past COMBINATIONS_LIMIT."""
    choices = [[value for _, value in table.candidates(q)] for q in questions]
    if math.prod(len(c) for c in choices) > COMBINATIONS_LIMIT:
        return None
    return [dict(zip((q.id for q in questions), values, strict=True)) for values in itertools.product(*choices)]


def _gains(
    safer: bounds.AnswerClass, riskier: bounds.AnswerClass, own: int, table: bounds.Bounds
) -> list[tuple[float, str]]:
    """How much more risk the safer answer can collect than the riskier one, per domain, before
    their two routes meet again (only where that is more than nothing)."""
    found: list[tuple[float, str]] = []
    for to_safe in safer.targets:
        for to_risky in riskier.targets:
            if to_safe == to_risky:
                continue  # same questions follow, with the same answers: the own risk decides
            meet = table.meet(to_safe, to_risky)
            for d, domain in enumerate(table.domains):
                most = table.worst[to_safe][d] - table.worst[meet][d]
                least = table.best[to_risky][d] - table.best[meet][d]
                gain = most - least + ((safer.risk - riskier.risk) if d == own else 0)
                if gain > 1e-9:
                    found.append((gain, domain))
    return found


def _cycles(bank: Bank) -> list[list[str]]:
    """Strongly connected groups of questions that route into each other (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in bank.questions:
        if root in index:
            continue
        work = [(root, iter(_edges(bank, root)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            step = next(edges, None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(_edges(bank, step))))
                elif step in on_stack:
                    low[node] = min(low[node], index[step])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in _edges(bank, node):
                    found.append(_in_route_order(bank, group))
    return found


def _edges(bank: Bank, qid: str) -> list[str]:
    return [t for t in bounds.successors(bank.questions[qid]) if t in bank.questions]


def _in_route_order(bank: Bank, group: list[str]) -> list[str]:
    """The members of a cycle in the order the routes visit them, from the first in the files."""
    members = set(group)
    start = min(group, key=list(bank.questions).index)
    order = [start]
    while len(order) < len(group):
        following = [t for t in _edges(bank, order[-1]) if t in members and t not in order]
        if not following:
            order.extend(sorted(members - set(order), key=list(bank.questions).index))
            break
        order.append(following[0])
    return order
