"""From a bank and an answer set to an Assessment: per-domain risk scores and ratings, flags,
actions and a verdict. Deterministic, and every number can be traced back to answers.

A domain's score is the risk collected on the path walked, as a share of the most that domain
could collect on any path. Because `readiness validate` proves that a riskier answer can never
lead to less risk (see checks.check_monotone), a worse answer never lowers a score."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from readiness import bounds
from readiness.conditions import because, holds
from readiness.engine import walk
from readiness.errors import AnswerError, BankError
from readiness.model import END, UNKNOWN, AnswerSet, AnswerValue, Bank, Partnership, Respondent

Rating = Literal["green", "amber", "red"]
Verdict = Literal["ready", "ready_with_conditions", "not_ready"]
RATING_ORDER: dict[Rating, int] = {"green": 0, "amber": 1, "red": 2}
READY_CONFIDENCE = 0.8
"""Below this share of firm answers, a bank with no other concern is only ready with conditions."""


class QuestionResult(NamedTuple):
    """One step of the path: the question, the answer given and the risk it carried."""

    id: str
    domain: str
    value: AnswerValue
    risk: int
    missing: bool
    note: str | None

    @property
    def unknown(self) -> bool:
        return self.value == UNKNOWN


@dataclass(frozen=True)
class DomainResult:
    id: str
    title: str
    weight: float
    score: float
    points: int
    most: float
    least: float
    rating: Rating
    rated_by: str
    confidence: float
    answered: int
    unknown: int


@dataclass(frozen=True)
class FlagResult:
    id: str
    severity: Literal["critical", "warning"]
    domain: str
    says: str
    cites: tuple[str, ...]
    because: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionResult:
    id: str
    priority: int
    domain: str
    do: str
    cites: tuple[str, ...]
    because: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assessment:
    """Everything a report shows, for one respondent's answers."""

    bank: Bank
    answers: AnswerSet
    verdict: Verdict
    score: float
    confidence: float
    domains: list[DomainResult]
    flags: list[FlagResult]
    actions: list[ActionResult]
    steps: list[QuestionResult]
    ignored: list[str] = field(default_factory=list)

    @property
    def path(self) -> list[str]:
        return [step.id for step in self.steps]

    @property
    def partnership(self) -> Partnership | None:
        return self.answers.partnership

    @property
    def respondent(self) -> Respondent | None:
        return self.answers.respondent

    def cited(self) -> list[str]:
        """Every citation the assessment relies on, in order of first use."""
        found: dict[str, None] = {}
        for step in self.steps:
            found.update(dict.fromkeys(self.bank.questions[step.id].cites))
        for cites in [f.cites for f in self.flags] + [x.cites for x in self.actions]:
            found.update(dict.fromkeys(cites))
        return list(found)


def _require_answers(bank: Bank, answers: AnswerSet, path: tuple[str, ...]) -> None:
    """A question without "don't know" that the path reaches must be answered: reading the gap
    as "don't know" would be an answer the bank does not offer, and could skip its follow-ups."""
    missing = [qid for qid in path if qid not in answers.answers and not bank.questions[qid].unknown]
    if missing:
        names = ", ".join(f"'{qid}'" for qid in missing)
        verb, they = ("is", "it offers") if len(missing) == 1 else ("are", "they offer")
        problem = f'{names} {verb} on the path but not answered, and {they} no "don\'t know" '
        problem += f"(answer {'it' if len(missing) == 1 else 'them'}; `readiness template` lists the options)"
        raise AnswerError.at(answers.source or "answers", problem)


class Scorer:
    """Scores answer sets against one bank; the bank's bounds are computed once."""

    def __init__(self, bank: Bank) -> None:
        order = bounds.topological_order(bank)
        if order is None or any(
            t != END and t not in bank.questions for q in bank.questions.values() for t in bounds.successors(q)
        ):
            problem = "the map has a cycle or a route to no question (`readiness validate` shows where)"
            raise BankError.at(bank.where("bank", bank.id)[0], problem)
        self.bank = bank
        table = bounds.compute(bank, order)
        self.most = table.domain_max(bank.header.start)
        self.least = table.domain_min(bank.header.start)

    def score(self, answers: AnswerSet) -> Assessment:
        """The assessment of one answer set."""
        bank = self.bank
        path = walk(bank, answers.values()).path
        _require_answers(bank, answers, path)
        steps = [self._step(qid, answers) for qid in path]
        context: dict[str, Any] = {step.id: step.value for step in steps}
        flags = [
            FlagResult(f.id, f.severity, f.domain, f.says, f.cites, tuple(because(f.when, context)))
            for f in bank.flags
            if holds(f.when, context)
        ]
        order = {d.id: i for i, d in enumerate(bank.header.domains)}
        actions = sorted(
            (
                ActionResult(a.id, a.priority, a.domain, a.do, a.cites, tuple(because(a.when, context)))
                for a in bank.actions
                if holds(a.when, context)
            ),
            key=lambda a: (a.priority, order.get(a.domain, len(order))),
        )
        by_domain: dict[str, list[QuestionResult]] = {d.id: [] for d in bank.header.domains}
        for step in steps:
            if bank.questions[step.id].type != "text":
                by_domain.setdefault(step.domain, []).append(step)
        domains = [self._domain(d.id, by_domain[d.id], flags) for d in bank.header.domains]
        total_weight = sum(d.weight for d in domains)
        overall = sum(d.score * d.weight for d in domains) / total_weight
        counted = [s for s in steps if bank.questions[s.id].type != "text"]
        confidence = sum(1 for s in counted if not s.unknown) / len(counted) if counted else 1.0
        return Assessment(
            bank=bank,
            answers=answers,
            verdict=_verdict(domains, flags, confidence),
            score=round(overall, 1),
            confidence=round(confidence, 3),
            domains=domains,
            flags=flags,
            actions=actions,
            steps=steps,
            ignored=[qid for qid in answers.answers if qid not in context],
        )

    def _step(self, qid: str, answers: AnswerSet) -> QuestionResult:
        question = self.bank.questions[qid]
        answer = answers.answers.get(qid)
        value: AnswerValue = answer.value if answer else UNKNOWN
        return QuestionResult(
            qid, question.domain, value, question.risk_of(value), answer is None, answer.note if answer else None
        )

    def _domain(self, domain_id: str, mine: list[QuestionResult], flags: list[FlagResult]) -> DomainResult:
        """The result of one domain from its (non-text) steps on the path."""
        domain = self.bank.domain(domain_id)
        assert domain is not None
        points = sum(s.risk for s in mine)
        most = self.most[domain_id]
        score = round(100 * points / most, 1) if most else 0.0
        thresholds = self.bank.header.ratings
        rating: Rating = "red" if score >= thresholds.red else "amber" if score >= thresholds.amber else "green"
        rated_by = "score"
        severities = {f.severity for f in flags if f.domain == domain_id}
        if "critical" in severities and rating != "red":
            rating, rated_by = "red", "critical flag"
        elif "warning" in severities and rating == "green":
            rating, rated_by = "amber", "warning flag"
        unknown = sum(1 for s in mine if s.unknown)
        return DomainResult(
            id=domain_id,
            title=domain.title,
            weight=domain.weight,
            score=score,
            points=points,
            most=most,
            least=round(100 * self.least[domain_id] / most, 1) if most else 0.0,
            rating=rating,
            rated_by=rated_by,
            confidence=round((len(mine) - unknown) / len(mine), 3) if mine else 1.0,
            answered=len(mine) - unknown,
            unknown=unknown,
        )


def _verdict(domains: list[DomainResult], flags: list[FlagResult], confidence: float) -> Verdict:
    if any(f.severity == "critical" for f in flags) or any(d.rating == "red" for d in domains):
        return "not_ready"
    if any(d.rating == "amber" for d in domains) or flags or confidence < READY_CONFIDENCE:
        return "ready_with_conditions"
    return "ready"


def score(bank: Bank, answers: AnswerSet) -> Assessment:
    """Score one answer set (for many, make one `Scorer` and reuse it)."""
    return Scorer(bank).score(answers)
