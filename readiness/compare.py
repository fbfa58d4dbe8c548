"""The partnership view: several respondents' answers side by side, council by council. It shows
what no single report can: where people's answers diverge, whether the councils' expectations fit
together, and a verdict in which the weaker council counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from readiness.errors import AnswerError
from readiness.model import OWN_COUNCIL, AnswerSet, AnswerValue, Bank, Consistency, name_key
from readiness.scoring import Assessment, Scorer, Verdict, rating_key

SPREAD = 2
"""Answers this many risk points apart (or more) are listed as divergent."""


@dataclass(frozen=True)
class Member:
    """One respondent: a short label, their council and role, and their own assessment."""

    label: str
    council: str
    role: str
    assessment: Assessment


@dataclass(frozen=True)
class DomainView:
    id: str
    title: str
    by_council: dict[str, str]
    by_member: dict[str, tuple[str, float]]
    partnership: str


@dataclass(frozen=True)
class Divergence:
    """A question the respondents answered far apart, or some firmly and some "don't know"."""

    question: str
    domain: str
    kind: str  # "risk" or "unknown"
    answers: dict[str, AnswerValue]
    risks: dict[str, int]
    spread: int


@dataclass(frozen=True)
class Inconsistency:
    rule: Consistency
    detail: str


@dataclass(frozen=True)
class Comparison:
    bank: Bank
    partnership: str
    councils: list[str]
    members: list[Member]
    domains: list[DomainView]
    divergences: list[Divergence]
    inconsistencies: list[Inconsistency]
    paths: dict[str, list[str]]  # question -> members who were asked it, where not all were
    verdict: Verdict
    blockers: list[str]  # what makes it not ready
    conditions: list[str]  # what must be settled before it is ready


def compare(bank: Bank, answer_sets: Sequence[AnswerSet]) -> Comparison:
    """Compare the answer sets of one partnership; mismatched inputs raise AnswerError."""
    _check_inputs(bank, answer_sets)
    scorer = Scorer(bank)
    members = _members(scorer, answer_sets)
    first = answer_sets[0].partnership
    assert first is not None
    councils = [c for c in first.councils if any(m.council == c for m in members)]
    domains = [_domain_view(d.id, d.title, members, councils) for d in bank.header.domains]
    divergences = _divergences(bank, members)
    inconsistencies = [found for rule in bank.header.consistency if (found := _check(bank, rule, members, councils))]
    verdict, blockers, conditions = _verdict(bank, members, domains, divergences, inconsistencies)
    return Comparison(
        bank=bank,
        partnership=first.name,
        councils=councils,
        members=members,
        domains=domains,
        divergences=divergences,
        inconsistencies=inconsistencies,
        paths=_path_differences(bank, members),
        verdict=verdict,
        blockers=blockers,
        conditions=conditions,
    )


def _check_inputs(bank: Bank, answer_sets: Sequence[AnswerSet]) -> None:
    for answers in answer_sets:
        if answers.partnership is None or answers.respondent is None:
            problem = (
                "says nothing of its partnership or respondent (fill in both: a comparison needs to know who answered)"
            )
            raise AnswerError.at(answers.source, problem)
    names = {name_key(a.partnership.name) for a in answer_sets if a.partnership}
    if len(names) > 1:
        listed = "; ".join(f"{a.source}: {a.partnership.name}" for a in answer_sets if a.partnership)
        problem = f"the files are from different partnerships ({listed}); compare one partnership at a time"
        raise AnswerError.at(answer_sets[0].source, problem)
    _check_same_councils(answer_sets)
    declared = {name_key(c) for a in answer_sets if a.partnership for c in a.partnership.councils}
    for answers in answer_sets:
        council = answers.respondent.council if answers.respondent else ""
        if name_key(council) not in declared:
            problem = (
                f"the respondent's council '{council}' is not one of the partnership's councils (check the spelling)"
            )
            raise AnswerError.at(answers.source, problem)
    if len({name_key(a.respondent.council) for a in answer_sets if a.respondent}) < 2:
        problem = "every file is from the same council; a comparison needs respondents from at least two councils"
        raise AnswerError.at(answer_sets[0].source, problem + " (use `readiness score` for one council)")


def _check_same_councils(answer_sets: Sequence[AnswerSet]) -> None:
    """Every file must name the same councils, or the partnership-wide rating would depend on
    whose file was read first."""
    first = answer_sets[0]
    assert first.partnership is not None
    expected = {name_key(c) for c in first.partnership.councils}
    for answers in answer_sets[1:]:
        assert answers.partnership is not None
        if {name_key(c) for c in answers.partnership.councils} != expected:
            problem = (
                f"lists the councils {', '.join(answers.partnership.councils)}, but {first.source} lists "
                f"{', '.join(first.partnership.councils)} (give every file of the partnership the same councils)"
            )
            raise AnswerError.at(answers.source, problem)


def _members(scorer: Scorer, answer_sets: Sequence[AnswerSet]) -> list[Member]:
    members: list[Member] = []
    taken: set[str] = set()
    first = answer_sets[0].partnership
    assert first is not None
    spelling = {name_key(c): c for c in first.councils}  # every file's councils in the first file's words
    for answers in answer_sets:
        assert answers.respondent is not None
        council = spelling[name_key(answers.respondent.council)]
        label = answers.respondent.name or Path(answers.source).stem or "respondent"
        unique, n = label, 2
        while unique in taken:
            unique, n = f"{label} ({n})", n + 1
        taken.add(unique)
        members.append(Member(unique, council, answers.respondent.role, scorer.score(answers)))
    return members


def _domain_view(domain_id: str, title: str, members: list[Member], councils: list[str]) -> DomainView:
    by_member = {m.label: _rating_and_score(m, domain_id) for m in members}
    by_council = {
        council: max((by_member[m.label][0] for m in members if m.council == council), key=rating_key)
        for council in councils
    }
    partnership = max(by_council.values(), key=rating_key)
    return DomainView(domain_id, title, by_council, by_member, partnership)


def _rating_and_score(member: Member, domain_id: str) -> tuple[str, float]:
    domain = next(d for d in member.assessment.domains if d.id == domain_id)
    return domain.rating, domain.score


def _divergences(bank: Bank, members: list[Member]) -> list[Divergence]:
    """Questions on two or more respondents' paths whose answers are far apart, largest first."""
    found = []
    order = {d.id: i for i, d in enumerate(bank.header.domains)}
    for qid, question in bank.questions.items():
        if question.type == "text":
            continue
        steps = {m.label: s for m in members for s in m.assessment.steps if s.id == qid}
        if len(steps) < 2:
            continue
        answers = {label: s.value for label, s in steps.items()}
        risks = {label: s.risk for label, s in steps.items()}
        firm = [label for label, s in steps.items() if not s.unknown]
        spread = max(risks[label] for label in firm) - min(risks[label] for label in firm) if firm else 0
        if spread >= SPREAD:
            found.append(Divergence(qid, question.domain, "risk", answers, risks, spread))
        elif firm and len(firm) < len(steps):
            found.append(Divergence(qid, question.domain, "unknown", answers, risks, spread))
    return sorted(found, key=lambda d: (order.get(d.domain, len(order)), d.kind != "risk", -d.spread))


def _path_differences(bank: Bank, members: list[Member]) -> dict[str, list[str]]:
    asked = {m.label: set(m.assessment.path) for m in members}
    result = {}
    for qid in bank.questions:
        who = [label for label, path in asked.items() if qid in path]
        if who and len(who) < len(members):
            result[qid] = who
    return result


def _council_values(rule: Consistency, members: list[Member], councils: list[str]) -> dict[str, list[AnswerValue]]:
    values: dict[str, list[AnswerValue]] = {c: [] for c in councils}
    for member in members:
        step = next((s for s in member.assessment.steps if s.id == rule.question), None)
        if step is not None and not step.unknown:
            values[member.council].append(step.value)
    return values


def _check(bank: Bank, rule: Consistency, members: list[Member], councils: list[str]) -> Inconsistency | None:
    """Whether the councils' answers break one cross-council rule, with the figures that show it."""
    return judge(bank, rule, _council_values(rule, members, councils))


def judge(bank: Bank, rule: Consistency, values: dict[str, list[AnswerValue]]) -> Inconsistency | None:
    """Whether the councils' answers (each council's list of firm answers) break a cross-council rule."""
    question = bank.questions[rule.question]

    def said(*options: str) -> str:
        return " or ".join(f"\u201c{question.answer_text(v)}\u201d" for v in options)

    if rule.kind == "sum_over":
        means = {c: mean for c, vs in values.items() if (mean := _mean(vs)) is not None}
        if len(means) < 2 or sum(means.values()) <= (rule.limit or 0):
            return None
        parts = ", ".join(f"{c} {v:g}" for c, v in means.items())
        detail = f"{parts}: {sum(means.values()):g} in all, against at most {rule.limit:g}"
        return Inconsistency(rule, detail + "; a council's figure is the average of its respondents' answers")
    if rule.kind == "claimed_by_several":
        claiming = [c for c, vs in values.items() if rule.value in vs]
        if len(claiming) < 2:
            return None
        if rule.value == OWN_COUNCIL:  # each names itself: say so, not "my council" in both
            asked = f"\u201c{question.text}\u201d"
            return Inconsistency(rule, f"{' and '.join(claiming)} each answered {asked} with its own name")
        return Inconsistency(rule, f"{said(rule.value or '')} in {', '.join(claiming)}")
    if rule.kind == "claimed_by_none":
        if all(values.values()) and not any(rule.value in vs for vs in values.values()):
            named = "with its own name" if rule.value == OWN_COUNCIL else said(rule.value or "")
            return Inconsistency(rule, f"no council answered {named}")
        return None
    one = [c for c, vs in values.items() if any(v in rule.one for v in vs)]
    other = [c for c, vs in values.items() if any(v in rule.other for v in vs)]
    if any(a != b for a in one for b in other):
        return Inconsistency(rule, f"{said(*rule.one)} in {', '.join(one)}; {said(*rule.other)} in {', '.join(other)}")
    return None


def _mean(values: list[AnswerValue]) -> float | None:
    """A council's answer to a number question: the mean of its respondents' answers."""
    numbers = [float(v) for v in values if isinstance(v, int | float)]
    return sum(numbers) / len(numbers) if numbers else None


def _verdict(
    bank: Bank,
    members: list[Member],
    domains: list[DomainView],
    divergences: list[Divergence],
    inconsistencies: list[Inconsistency],
) -> tuple[Verdict, list[str], list[str]]:
    """Not ready if the weaker council is; worse still where the councils contradict each other
    or their people see trust and purpose far apart."""
    stop: list[str] = []
    caution: list[str] = []
    for domain in domains:
        if domain.partnership == "red":
            stop.append(f"{domain.title} is red for {_red_councils(domain)}")
        elif domain.partnership != "green":
            caution.append(f"{domain.title} is {domain.partnership}")
    for member in members:
        critical = [f for f in member.assessment.raised if f.severity == "critical"]
        if critical:
            stop.append(
                f"{member.label} ({member.council}) raised {len(critical)} critical flag{'s' * (len(critical) > 1)}"
            )
    for found in inconsistencies:
        clash = found.rule.says.split(";")[0].rstrip(".")
        clash = clash[:1].lower() + clash[1:]
        (stop if found.rule.severity == "critical" else caution).append(f"The councils' answers clash: {clash}")
    rule = bank.header.divergence
    if rule is not None:
        watched = [d for d in divergences if d.question in rule.questions and d.kind == "risk"]
        widest = max(watched, key=lambda d: d.spread, default=None)
        if widest is not None and widest.spread >= rule.warning_at:
            text = bank.questions[widest.question].text
            message = f"Answers to \u201c{text}\u201d are {widest.spread} risk points apart"
            (stop if widest.spread >= rule.critical_at else caution).append(message)
    unknown = _too_little_known(members)
    caution += [f"Too little is known in {council} to judge" for council in unknown]
    verdict: Verdict = (
        "not_ready" if stop else "not_enough_known" if unknown else "ready_with_conditions" if caution else "ready"
    )
    return verdict, stop, caution


def _too_little_known(members: list[Member]) -> list[str]:
    """The councils none of whose respondents knows enough for a verdict of their own."""
    councils = dict.fromkeys(m.council for m in members)
    return [c for c in councils if all(m.assessment.verdict == "not_enough_known" for m in members if m.council == c)]


def _red_councils(domain: DomainView) -> str:
    return ", ".join(c for c, r in domain.by_council.items() if r == "red")
