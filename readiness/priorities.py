"""What a report puts first: the biggest risks the firm answers show, and the "don't know"s
whose answers would move the verdict or a rating most (what to find out first)."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Literal, NamedTuple

from readiness.conditions import truth_over, walk_atoms
from readiness.engine import route_taken
from readiness.model import Bank, Condition
from readiness.ranges import Explored, explore

if TYPE_CHECKING:
    from readiness.scoring import ActionResult, Assessment, QuestionResult, Scorer, Verdict

LIMIT = 5
RISK_WORTH_NAMING = 2
"""A firm answer counts among the biggest risks from this risk up (of 0 to 4): an answer of risk
0 or 1 is a favourable one, and a list of risks holds none."""
NO_RISK_YET = "No risk shown yet on firm answers."
"""What a report says when no flag is raised and no firm answer reaches RISK_WORTH_NAMING."""

TIERS = (
    "critical flags and clashes that are statutory bars",
    "other critical flags and clashes",
    "warnings that are statutory bars",
    "other warnings",
    f"firm answers of risk {RISK_WORTH_NAMING} or more",
)
"""THE ranking rule of the biggest risks, in every report (score, compare, the closing screen;
markdown, Word, JSON, xlsx): critical flags and clashes first, the statutory bars among them
first; then warnings, statutory bars first; then firm answers. Within a tier: the more important
domain first, then the bank's order (for answers: the riskier answer, then the path's order)."""


def statutory_bar(bank: Bank, cites: tuple[str, ...] | list[str]) -> bool:
    """A flag or clash rests on the law alone (every source it cites is a statute): it says a step
    would be unlawful, which outranks practice advice of the same severity."""
    kinds = {bank.sources[c.partition(".")[0]].kind for c in cites if c.partition(".")[0] in bank.sources}
    return kinds == {"statute"}


def tier(severity: str | None, statutory: bool) -> int:
    """Where a risk stands in TIERS (0 first): `severity` is None for a firm answer."""
    if severity is None:
        return len(TIERS) - 1
    return (0 if severity == "critical" else 2) + (0 if statutory else 1)


WHAT_IF_CANDIDATES = 8
"""How many open questions, by the size of their gap, are tried answer by answer."""


class Risk(NamedTuple):
    """One of the biggest risks: a raised flag, or a firm answer carrying much risk."""

    kind: Literal["flag", "answer"]
    id: str
    domain: str
    says: str
    cites: tuple[str, ...]
    because: tuple[str, ...]
    """The questions whose firm answers show it."""
    severity: Literal["critical", "warning"] | None = None
    risk: int | None = None
    tier: int = len(TIERS) - 1
    """Its place in the ranking rule (TIERS); a flag's by its severity and whether it is a
    statutory bar."""


class WhatIf(NamedTuple):
    """One answer to an open question and how the assessment would then read."""

    value: object
    best: Verdict
    worst: Verdict
    ratings: tuple[tuple[str, str], ...]
    """(domain, rating) for the domains whose rating would differ between the answers."""


class FindOut(NamedTuple):
    """An open question worth settling first, and what each answer to it would mean."""

    question: str
    domain: str
    moves_verdict: bool
    moves: tuple[str, ...]
    """The domains whose rating the answer could change."""
    gap: float
    """How far the overall score could move on this answer alone, in points of 100."""
    answers: tuple[WhatIf, ...]

    @property
    def rules_out(self) -> bool:
        """One of its answers would make the verdict "not ready" on firm answers."""
        return any(w.best == "not_ready" for w in self.answers) and not all(w.best == "not_ready" for w in self.answers)


def biggest_risks(a: Assessment) -> list[Risk]:
    """The raised flags by the ranking rule (TIERS), then the riskiest firm answers the path is
    sure to ask (weighted by their domain's importance); firm evidence only."""
    weight = {d.id: d.weight for d in a.domains}
    index = {f.id: i for i, f in enumerate(a.bank.flags)}
    tiers = {f.id: tier(f.severity, statutory_bar(a.bank, f.cites)) for f in a.raised}
    flags = sorted(a.raised, key=lambda f: (tiers[f.id], -weight.get(f.domain, 0), index[f.id]))
    found: list[Risk] = []
    for f in flags:
        if not any(set(f.because) <= set(earlier.because) for earlier in found):  # the same evidence, said once
            found.append(Risk("flag", f.id, f.domain, f.says, f.cites, f.because, f.severity, tier=tiers[f.id]))
    shown = {q for f in flags for q in f.because}
    sure = a.explored.sure if a.explored else set()
    steps = [s for s in a.steps if not s.unknown and s.risk >= RISK_WORTH_NAMING and s.id in sure and s.id not in shown]
    steps.sort(key=lambda s: -s.risk * weight.get(s.domain, 0))  # stable: path order breaks ties
    for step in steps:
        question = a.bank.questions[step.id]
        found.append(Risk("answer", step.id, step.domain, question.text, question.cites, (step.id,), risk=step.risk))
    return found[:LIMIT]


SETTLED_LIMIT = 3
SETTLED_FROM = 3
"""A firm answer below RISK_WORTH_NAMING counts as settled when the question's riskiest answer
carries this much risk or more: the answer has put a real danger aside."""


def settled(a: Assessment) -> list[QuestionResult]:
    """What is already settled: the firm, low-risk answers (below RISK_WORTH_NAMING) to the
    questions that matter most: those of no risk first, then by the risk the question's riskiest
    answer carries, weighted by the domain, the path's order breaking ties; at most SETTLED_LIMIT."""
    weight = {d.id: d.weight for d in a.domains}
    found: list[tuple[tuple[int, float], QuestionResult]] = []
    for step in a.steps:
        question = a.bank.questions[step.id]
        worst = max([o.risk for o in question.options] + [b.risk for b in question.bands], default=0)
        if not step.unknown and step.risk < RISK_WORTH_NAMING and worst >= SETTLED_FROM:
            found.append(((step.risk, -worst * weight.get(step.domain, 0)), step))
    found.sort(key=lambda pair: pair[0])  # stable: path order breaks ties
    return [step for _, step in found[:SETTLED_LIMIT]]


def first_actions(a: Assessment) -> list[ActionResult]:
    """The actions to take first: those answering one of the biggest risks, then by priority,
    then by how much risk the answers behind them carry (weighted by domain)."""
    weight = {d.id: d.weight for d in a.domains}
    risk = {s.id: s.risk for s in a.steps}
    top = {q for r in a.top_risks for q in r.because}

    def key(x: ActionResult) -> tuple[bool, int, float]:
        evidence = max((risk.get(q, 0) for q in x.because), default=0) * weight.get(x.domain, 0)
        return (not top & set(x.because), x.priority, -evidence)

    return sorted(a.actions, key=key)[:LIMIT]


def what_to_find_out(a: Assessment, scorer: Scorer | None = None) -> list[FindOut]:
    """The open questions on the path to settle first, each with what its answers would mean.
    First those the firm answers already point to (a flag they half raise, then a domain where
    they already carry risk), then those that could rule the partnership out or move the verdict,
    then those that would move the most ratings and the score."""
    from readiness.scoring import Scorer

    explored = a.explored
    if explored is None:
        return []
    scorer = scorer or Scorer(a.bank)
    gaps = {s.id: scorer.weighting.exact(explored.gap(s.id)) for s in a.steps if explored.is_open(s.id)}
    pointed = _pointed_to(a, gaps)
    urgent = {q for f in a.possible if f.severity == "critical" for q in f.because if q in gaps}
    tried = sorted(gaps, key=lambda q: (pointed.get(q, UNPOINTED), q not in urgent, -gaps[q]))
    tried = tried[: max(WHAT_IF_CANDIDATES, len(urgent))]
    found = [_what_if(a, scorer, qid, gaps[qid]) for qid in tried if gaps[qid] > 0 or qid in urgent]
    found.sort(
        key=lambda f: (pointed.get(f.question, UNPOINTED), not f.rules_out, not f.moves_verdict, -len(f.moves), -f.gap)
    )
    return [f for f in found if f.moves_verdict or f.moves][:LIMIT]


UNPOINTED = 4


def _pointed_to(a: Assessment, gaps: dict[str, Fraction]) -> dict[str, int]:
    """The open questions the firm answers already point to, by how strongly: 0 when a critical
    flag that firm answers of some risk half raise waits on it, 1 for such a warning, 2 when a
    firm answer is why it is asked at all (the follow-up its route leads to), 3 when it could move
    a domain where firm answers already carry risk."""
    assert a.explored is not None
    explored = a.explored
    conditions = {f.id: f.when for f in a.bank.flags}
    risky = {s.id for s in a.steps if not s.unknown and s.risk > 0}
    found: dict[str, int] = {}
    for flag in a.possible:
        if any(atom.q in risky for atom in _backing(conditions[flag.id], explored)):
            for qid in (q for q in flag.because if q in gaps):
                found[qid] = min(found.get(qid, UNPOINTED), 0 if flag.severity == "critical" else 1)
    at_risk = {s.domain for s in a.steps if s.id in risky}
    followed = _firm_follow_ups(a)
    for step in a.steps:
        if step.id in gaps and gaps[step.id] > 0 and (step.id in followed or step.domain in at_risk):
            found.setdefault(step.id, 2 if step.id in followed else 3)
    return found


def _backing(condition: Condition, explored: Explored) -> list[Condition]:
    """The comparisons of a condition that the firm answers already make true."""
    return [atom for atom, _, negated in walk_atoms(condition) if not negated and truth_over(atom, explored.possible)]


def _firm_follow_ups(a: Assessment) -> set[str]:
    """The questions asked because of a firm answer: the targets of conditional routes that firm
    answers took (a follow-up only some partnerships are asked)."""
    seen: dict[str, object] = {}
    found = set()
    for step in a.steps:
        seen[step.id] = step.value
        question = a.bank.questions[step.id]
        taken = route_taken(question, seen)
        if not step.unknown and taken is not None and question.next[taken].when is not None:
            found.add(question.next[taken].goto)
    return found


def _what_if(a: Assessment, scorer: Scorer, qid: str, gap: Fraction) -> FindOut:
    """Score the answers again with this question given each of its answers in turn."""
    assert a.explored is not None
    question = a.bank.questions[qid]
    values = [o.value for o in question.options] if question.type in ("yes_no", "choice") else None
    if values is None:
        values = [c.value for c in a.explored.choices[qid]]
    outcomes = []
    for value in values:
        steps = [s._replace(value=value, missing=False) if s.id == qid else s for s in a.steps]
        domains, best, worst = scorer.outlook(steps, explore(a.bank, scorer.table, {**a.explored.firm, qid: value}))
        outcomes.append((value, {d.id: d.rating for d in domains}, best, worst))
    moves = tuple(d.id for d in a.domains if len({ratings[d.id] for _, ratings, _, _ in outcomes}) > 1)
    whatifs = tuple(
        WhatIf(value, best, worst, tuple((d, ratings[d]) for d in moves)) for value, ratings, best, worst in outcomes
    )
    moves_verdict = len({w.best for w in whatifs}) > 1 or len({w.worst for w in whatifs}) > 1
    return FindOut(qid, question.domain, moves_verdict, moves, float(gap), whatifs)
