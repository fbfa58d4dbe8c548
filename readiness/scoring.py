"""From a bank and an answer set to an Assessment: per-domain risk ranges and ratings, flags,
actions and a verdict. Deterministic, and every number can be traced back to answers.

A domain's score is the risk collected on the path, as a share of the most that domain could
collect on any path. "Don't know" is not evidence of risk: each domain gets a range, from the
least to the most it could reach once every "don't know" is answered (see `ranges`). The
verdict rests on firm answers; where the unknowns could still change it, it says between what.
Points are whole numbers until the one rounding at the end (half up, to one decimal), so every
Python gives the same figures."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Literal, NamedTuple, TypeVar

from readiness import bounds
from readiness.conditions import because, truth_over
from readiness.engine import walk
from readiness.errors import AnswerError
from readiness.model import (
    UNKNOWN,
    Action,
    AnswerSet,
    AnswerValue,
    Bank,
    Condition,
    Flag,
    Partnership,
    Respondent,
)
from readiness.ranges import Explored, explore, firm_answers, settle

if TYPE_CHECKING:
    from readiness.priorities import FindOut, Risk

Band = Literal["green", "amber", "red"]
BANDS: tuple[Band, ...] = ("green", "amber", "red")
Verdict = Literal["ready", "ready_with_conditions", "not_ready", "not_enough_known"]
VERDICT_ORDER: dict[str, int] = {"ready": 0, "ready_with_conditions": 1, "not_enough_known": 2, "not_ready": 3}
"""From the best verdict to the worst (not knowing enough is better than knowing it is not ready)."""
Status = Literal["raised", "possible"]


def rating_key(rating: str) -> tuple[int, int]:
    """How bad a rating is, for "the weaker counts": by its worst band, then its best."""
    low, _, high = rating.partition("-")
    return BANDS.index(high or low), BANDS.index(low)


ENOUGH_KNOWN = Fraction(1, 2)
"""Below this share of firm answers on the path, and with nothing firm saying "not ready", the
verdict is "not enough known"."""


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


class DomainResult(NamedTuple):
    """One domain: its range of risk points and scores, and the bands that range lies in."""

    id: str
    title: str
    weight: float
    low: int
    high: int
    most: int
    range: tuple[float, float]
    bands: tuple[Band, Band]
    rated_by: str
    answered: int
    unknown: int
    rests_on: tuple[str, ...] = ()
    """The open questions whose answers could move this domain's score."""

    @property
    def score(self) -> float:
        """The risk the firm answers already establish (the low end of the range)."""
        return self.range[0]

    @property
    def rating(self) -> str:
        """A band, or a band range such as "amber-red" when the unknowns could move it."""
        low, high = self.bands
        return low if low == high else f"{low}-{high}"

    @property
    def settled(self) -> bool:
        return self.bands[0] == self.bands[1]

    @property
    def confidence(self) -> float:
        counted = self.answered + self.unknown
        return round(self.answered / counted, 3) if counted else 1.0


@dataclass(eq=False)
class _Prompted:
    """A flag or an action the answers call for, and (worked out when asked: a batch of CSV
    rows never asks) the questions behind it. Not frozen, though never changed: an answer set
    calls for tens of them, and a frozen dataclass takes six times as long to make."""

    status: Status
    when: Condition = field(repr=False, compare=False)
    explored: Explored = field(repr=False, compare=False)

    @cached_property
    def because(self) -> tuple[str, ...]:
        """Raised: the questions whose firm answers raise it. Possible: the open questions it waits on."""
        return _why(self.when, self.explored, self.status)


@dataclass(eq=False)
class FlagResult(_Prompted):
    id: str
    severity: Literal["critical", "warning"]
    domain: str
    says: str
    cites: tuple[str, ...]


@dataclass(eq=False)
class ActionResult(_Prompted):
    id: str
    priority: int
    domain: str
    do: str
    cites: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Assessment:
    """Everything a report shows, for one respondent's answers."""

    bank: Bank
    answers: AnswerSet
    verdict: Verdict
    best: Verdict
    """The verdict if every "don't know" turned out well (the firm answers alone)."""
    worst: Verdict
    """The verdict if every "don't know" turned out badly."""
    score: float
    score_range: tuple[float, float]
    confidence: float
    domains: list[DomainResult]
    flags: list[FlagResult]
    actions: list[ActionResult]
    steps: list[QuestionResult]
    ignored: list[str] = field(default_factory=list)
    possible_actions: list[ActionResult] = field(default_factory=list)
    explored: Explored | None = field(default=None, repr=False, compare=False)
    scorer: Scorer | None = field(default=None, repr=False, compare=False)

    @property
    def verdict_range(self) -> tuple[Verdict, Verdict] | None:
        """(best, worst) when the unknowns could still change the verdict."""
        return (self.best, self.worst) if self.best != self.worst else None

    @property
    def path(self) -> list[str]:
        return [step.id for step in self.steps]

    @property
    def partnership(self) -> Partnership | None:
        return self.answers.partnership

    @property
    def respondent(self) -> Respondent | None:
        return self.answers.respondent

    @property
    def raised(self) -> list[FlagResult]:
        return [f for f in self.flags if f.status == "raised"]

    @property
    def possible(self) -> list[FlagResult]:
        return [f for f in self.flags if f.status == "possible"]

    @cached_property
    def top_risks(self) -> list[Risk]:
        """Up to five weaknesses the firm answers show, the most serious first."""
        from readiness.priorities import biggest_risks

        return biggest_risks(self)

    @cached_property
    def first_actions(self) -> list[ActionResult]:
        """Up to five actions to take first, those answering the biggest risks before others."""
        from readiness.priorities import first_actions

        return first_actions(self)

    @cached_property
    def settled(self) -> list[QuestionResult]:
        """Up to three firm answers of no risk to questions whose riskiest answer is serious."""
        from readiness.priorities import settled

        return settled(self)

    @cached_property
    def find_out(self) -> list[FindOut]:
        """Up to five "don't know"s whose answers would move the verdict or a rating most."""
        from readiness.priorities import what_to_find_out

        return what_to_find_out(self, self.scorer)

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


def percent(points: int, most: int) -> float:
    """`points` as a percentage of `most`, rounded once, half up, to one decimal, in whole
    numbers until then (so every Python gives the same figure)."""
    if not most:
        return 0.0
    return (2000 * points + most) // (2 * most) / 10


def round_tenth(value: Fraction) -> float:
    """Half up to one decimal, in exact arithmetic (no float sum ever decides a figure)."""
    return (2 * 10 * value.numerator + value.denominator) // (2 * value.denominator) / 10


class Weighting:
    """The overall score as whole numbers: each domain's points times a whole coefficient, over
    one common denominator (the weights are exact fractions of the bank's figures)."""

    def __init__(self, weights: list[float], most: list[int]) -> None:
        total = sum((Fraction(w) for w in weights), Fraction(0))
        shares = [
            Fraction(w) * 100 / (m * total) if m and total else Fraction(0) for w, m in zip(weights, most, strict=True)
        ]
        self.denominator = math.lcm(*(f.denominator for f in shares)) if shares else 1
        self.coefficients = [int(f * self.denominator) for f in shares]

    def exact(self, points: list[int]) -> Fraction:
        """The weighted mean of the domain scores, 0 to 100, exactly."""
        return Fraction(sum(c * p for c, p in zip(self.coefficients, points, strict=True)), self.denominator)

    def score(self, points: list[int]) -> float:
        """The weighted mean of the domain scores, rounded once, half up, to one decimal."""
        return round_tenth(self.exact(points))


class Scorer:
    """Scores answer sets against one bank; the bank's bounds are computed once."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self.table = bounds.of(bank)
        self.most = self.table.domain_max(bank.header.start)
        self.weighting = Weighting([d.weight for d in bank.header.domains], list(self.most.values()))
        self.domain_order = {d.id: i for i, d in enumerate(bank.header.domains)}

    def score(self, answers: AnswerSet) -> Assessment:
        """The assessment of one answer set."""
        bank = self.bank
        values = answers.values()
        path = walk(bank, values).path
        _require_answers(bank, answers, path)
        steps = self._steps(path, answers)
        firm = firm_answers(values)
        if all(s.id in firm or bank.questions[s.id].type == "text" for s in steps):
            walked = [(s.id, s.domain, s.risk) for s in steps]
            return self.judge(answers, steps, settle(bank, self.table, firm, walked))
        return self.judge(answers, steps, explore(bank, self.table, firm))

    def judge(self, answers: AnswerSet, steps: list[QuestionResult], explored: Explored) -> Assessment:
        """The assessment once the ranges are known."""
        counted = [s for s in steps if self.bank.questions[s.id].type != "text"]
        flags = self._flags(explored)
        domains = self._domains(explored, counted, flags, with_gaps=True)
        best, worst = _verdict(domains, flags, "low"), _verdict(domains, flags, "high")
        firm_share = _firm_share(counted)
        actions = self._actions(explored)
        return Assessment(
            bank=self.bank,
            answers=answers,
            verdict=_headline(best, worst, firm_share),
            best=best,
            worst=worst,
            score=self._overall(domains, "low"),
            score_range=(self._overall(domains, "low"), self._overall(domains, "high")),
            confidence=round(float(firm_share), 3),
            domains=domains,
            flags=flags,
            actions=[a for a in actions if a.status == "raised"],
            possible_actions=[a for a in actions if a.status == "possible"],
            steps=steps,
            ignored=_ignored(answers, steps),
            explored=explored,
            scorer=self,
        )

    def outlook(self, steps: list[QuestionResult], explored: Explored) -> tuple[list[DomainResult], Verdict, Verdict]:
        """Only the ratings and the best and worst verdicts (what `priorities` needs to see what
        one answer to a "don't know" would change)."""
        counted = [s for s in steps if self.bank.questions[s.id].type != "text"]
        flags = self._flags(explored)
        domains = self._domains(explored, counted, flags, with_gaps=False)
        return domains, _verdict(domains, flags, "low"), _verdict(domains, flags, "high")

    def _steps(self, path: tuple[str, ...], answers: AnswerSet) -> list[QuestionResult]:
        """Each question on the path with the answer given (or "don't know") and its risk."""
        questions, given = self.bank.questions, answers.answers
        steps = []
        for qid in path:
            question, answer = questions[qid], given.get(qid)
            value: AnswerValue = answer.value if answer else UNKNOWN
            note = answer.note if answer else None
            steps.append(QuestionResult(qid, question.domain, value, question.risk_of(value), answer is None, note))
        return steps

    def _flags(self, explored: Explored) -> list[FlagResult]:
        return [
            FlagResult(status, flag.when, explored, flag.id, flag.severity, flag.domain, flag.says, flag.cites)
            for flag, status in _called_for(self.bank.flags, explored)
        ]

    def _actions(self, explored: Explored) -> list[ActionResult]:
        found = [
            ActionResult(status, x.when, explored, x.id, x.priority, x.domain, x.do, x.cites)
            for x, status in _called_for(self.bank.actions, explored)
        ]
        return sorted(found, key=lambda a: (a.priority, self.domain_order.get(a.domain, len(self.domain_order))))

    def _domains(
        self, explored: Explored, counted: list[QuestionResult], flags: list[FlagResult], with_gaps: bool
    ) -> list[DomainResult]:
        low, high = explored.domain_range()
        open_gaps = {s.id: explored.gap(s.id) for s in counted if with_gaps and s.id in explored.split}
        answered: dict[str, int] = {}
        unknown: dict[str, int] = {}
        for step in counted:
            tally = unknown if step.value == UNKNOWN else answered
            tally[step.domain] = tally.get(step.domain, 0) + 1
        flagged: dict[str, list[FlagResult]] = {}
        for flag in flags:
            flagged.setdefault(flag.domain, []).append(flag)
        results = []
        for slot, domain in enumerate(self.bank.header.domains):
            most = self.most[domain.id]
            scores = (percent(low[slot], most), percent(high[slot], most))
            bands, rated_by = self._bands(scores, flagged.get(domain.id, []))
            results.append(
                DomainResult(
                    id=domain.id,
                    title=domain.title,
                    weight=domain.weight,
                    low=low[slot],
                    high=high[slot],
                    most=most,
                    range=scores,
                    bands=bands,
                    rated_by=rated_by,
                    answered=answered.get(domain.id, 0),
                    unknown=unknown.get(domain.id, 0),
                    rests_on=tuple(qid for qid, gap in open_gaps.items() if gap[slot] > 0),
                )
            )
        return results

    def _bands(self, scores: tuple[float, float], flags: list[FlagResult]) -> tuple[tuple[Band, Band], str]:
        """The bands of the two ends of a domain's range; a raised flag of the domain lifts both,
        a possible one the top."""
        low, high = (self._band(s) for s in scores)
        rated_by = "score"
        for flag in flags:
            floor: Band = "red" if flag.severity == "critical" else "amber"
            if flag.status == "raised" and BANDS.index(floor) > BANDS.index(low):
                low, rated_by = floor, f"{flag.severity} flag"
            if BANDS.index(floor) > BANDS.index(high):
                high = floor
        if BANDS.index(low) > BANDS.index(high):
            high = low
        return (low, high), rated_by

    def _band(self, score: float) -> Band:
        thresholds = self.bank.header.ratings
        return "red" if score >= thresholds.red else "amber" if score >= thresholds.amber else "green"

    def _overall(self, domains: list[DomainResult], end: Literal["low", "high"]) -> float:
        """The domain scores' mean weighted by importance, exactly, then rounded once."""
        return self.weighting.score([getattr(d, end) for d in domains])


def _ignored(answers: AnswerSet, steps: list[QuestionResult]) -> list[str]:
    """The questions answered but off the path."""
    walked = {s.id for s in steps}
    return [qid for qid in answers.answers if qid not in walked]


def _firm_share(counted: list[QuestionResult]) -> Fraction:
    """The share of the (non-text) questions on the path with a firm answer."""
    return Fraction(sum(1 for s in counted if s.value != UNKNOWN), len(counted)) if counted else Fraction(1)


Prompted = TypeVar("Prompted", Flag, Action)


def _called_for(items: Iterable[Prompted], explored: Explored) -> Iterator[tuple[Prompted, Status]]:
    """The flags or actions whose conditions hold (raised) or could hold (possible)."""
    if explored.settled:  # every answer on the path is firm: plain two-valued truth
        firm = explored.sure_firm
        yield from ((item, "raised") for item in items if item.when.test(firm))
        return
    for item in items:
        status = _status(item.when, explored)
        if status is not None:
            yield item, status


def _status(condition: Condition, explored: Explored) -> Status | None:
    truth = truth_over(condition, explored.possible)
    return "raised" if truth is True else "possible" if truth is None else None


def _why(condition: Condition, explored: Explored, status: Status) -> tuple[str, ...]:
    """Raised: the questions whose firm answers make it hold. Possible: the open questions
    whose answers decide it."""
    if status == "raised":
        return tuple(because(condition, explored.sure_firm))
    waiting = [
        atom.q for atom, _ in condition.atoms if atom.q is not None and truth_over(atom, explored.possible) is None
    ]
    return tuple(dict.fromkeys(waiting))


def _verdict(domains: list[DomainResult], flags: list[FlagResult], end: Literal["low", "high"]) -> Verdict:
    """The verdict at one end of the ranges: the best case reads raised flags and the low
    bands, the worst case possible flags too and the high bands."""
    side = 0 if end == "low" else 1
    counted = [f for f in flags if f.status == "raised" or end == "high"]
    bands = {d.bands[side] for d in domains}
    if "red" in bands or any(f.severity == "critical" for f in counted):
        return "not_ready"
    if "amber" in bands or counted:
        return "ready_with_conditions"
    return "ready"


def _headline(best: Verdict, worst: Verdict, firm_share: Fraction) -> Verdict:
    """Not ready only when firm answers make it so; too little known otherwise says so; a
    verdict the unknowns could still worsen is at best ready with conditions (the condition:
    find out)."""
    if best == "not_ready":
        return best
    if firm_share < ENOUGH_KNOWN:
        return "not_enough_known"
    if best == "ready" and worst != "ready":
        return "ready_with_conditions"
    return best


def score(bank: Bank, answers: AnswerSet) -> Assessment:
    """Score one answer set (for many, make one `Scorer` and reuse it)."""
    return Scorer(bank).score(answers)
