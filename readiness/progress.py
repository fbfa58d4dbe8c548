"""What changed between two assessments of the same council (or partnership): the verdict and
each domain then and now, flags cleared and raised, unknowns answered, which of the earlier
"do first" actions no longer apply, and every answer that changed. Where the earlier answers
were given against an earlier version of the bank, they are carried to the current one first,
and a movement that rests on a question that is new or was changed is marked as such rather
than reported as a real change."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from readiness.answers import LoadedAnswers
from readiness.compare import compare
from readiness.errors import AnswerError
from readiness.model import AnswerValue, Bank, name_key
from readiness.scoring import Assessment, Scorer

RANK = {"green": 0, "amber": 1, "red": 2}


class Side(NamedTuple):
    """One assessment: the answer sets it was made of, scored, and what its verdict and domain
    ratings were (for a partnership, as `compare` sees them)."""

    label: str
    version: str
    """The bank version the answers were given against (before any carrying)."""
    assessments: list[Assessment]
    verdict: str
    ratings: dict[str, str]
    same: frozenset[str] | None
    """The questions the answers' own version asked in the same form; None: every question."""


class DomainMove(NamedTuple):
    id: str
    title: str
    then: str
    now: str
    direction: str
    """improved, worse, unchanged, now known, less certain, or changed (a range moved both ways)."""
    method_changed: bool


class AnswerChange(NamedTuple):
    question: str
    domain: str
    who: str
    then: AnswerValue | None
    now: AnswerValue | None
    method_changed: bool


class PlanCheck(NamedTuple):
    """One action of a filled-in action plan, against what the later answers call for."""

    id: str
    do: str
    status: str | None
    owner: str | None
    due: str | None
    called_for: bool
    """Whether the later answers still call for the action."""

    @property
    def reading(self) -> str:
        done = self.status == "Done"
        if done and not self.called_for:
            return "done, and the answers now agree"
        if done:
            return "marked done, but the later answers still call for it"
        if self.status == "Dropped":
            return "dropped, though the answers still call for it" if self.called_for else "dropped"
        if not self.called_for:
            return "no longer called for by the answers, though the plan does not mark it done"
        return "still open"


class ActionState(NamedTuple):
    id: str
    do: str
    cites: tuple[str, ...]
    still_needed: bool


@dataclass(frozen=True)
class Progress:
    """Everything the progress report shows."""

    bank: Bank
    subject: str
    earlier: Side
    later: Side
    domains: list[DomainMove]
    cleared: list[tuple[str, str]]
    raised: list[tuple[str, str]]
    unknowns_answered: list[str]
    actions: list[ActionState]
    changes: list[AnswerChange]
    common_share: float
    """The share of the questions on either path that both versions asked in the same form."""
    forced: str = ""
    plan: tuple[PlanCheck, ...] = ()

    @property
    def method_changed(self) -> bool:
        return self.earlier.version != self.later.version


def progress(
    bank: Bank,
    earlier: Sequence[LoadedAnswers],
    later: Sequence[LoadedAnswers],
    *,
    partnership: bool = False,
    force: bool = False,
    plan: Mapping[str, Any] | None = None,
) -> Progress:
    """Compare two assessments; AnswerError when they are of different councils or
    partnerships (unless `force`, which the report then states)."""
    forced = _check_same_subject(earlier, later, partnership, force)
    scorer = Scorer(bank)
    then, now = _side(bank, scorer, earlier, partnership), _side(bank, scorer, later, partnership)
    same = _same_questions(then, now)
    changes = _changes(bank, then, now, same)
    moved = {(c.domain, c.method_changed) for c in changes}
    return Progress(
        bank=bank,
        subject=_subject(earlier, later, partnership),
        earlier=then,
        later=now,
        domains=[_move(bank, d.id, d.title, then, now, (d.id, True) in moved) for d in bank.header.domains],
        cleared=_flags(then, now),
        raised=_flags(now, then),
        unknowns_answered=_unknowns_answered(then, now),
        actions=_actions(then, now),
        changes=changes,
        common_share=_common_share(then, now, same),
        forced=forced,
        plan=_plan(bank, now, plan or {}),
    )


# --- who and what is compared -----------------------------------------------------------------


def _check_same_subject(
    earlier: Sequence[LoadedAnswers], later: Sequence[LoadedAnswers], partnership: bool, force: bool
) -> str:
    """Both sides are of one partnership (and, for one council, of one council)."""
    first, second = _names(earlier, partnership), _names(later, partnership)
    if first == second:
        return ""
    kind = "partnerships" if partnership else "councils"
    said = f"the earlier answers are of {first[1]}, the later of {second[1]}"
    if force:
        return f"compared as asked, though {said}"
    source = (later[0] if later else earlier[0]).answers.source
    raise AnswerError.at(
        source, f"{said}: progress compares one council's {kind[:-1]} over time (--force to compare anyway)"
    )


def _names(sets: Sequence[LoadedAnswers], partnership: bool) -> tuple[tuple[str, ...], str]:
    names = []
    for item in sets:
        answers = item.answers
        name = answers.partnership.name if answers.partnership else "an unnamed partnership"
        council = answers.respondent.council if answers.respondent else "an unnamed council"
        names.append(name if partnership else f"{council} in {name}")
    keys = tuple(sorted({name_key(n) for n in names}))
    return keys, " and ".join(sorted(set(names)))


def _subject(earlier: Sequence[LoadedAnswers], later: Sequence[LoadedAnswers], partnership: bool) -> str:
    answers = later[0].answers if later else earlier[0].answers
    name = answers.partnership.name if answers.partnership else "the partnership"
    if partnership or answers.respondent is None:
        return name
    return f"{answers.respondent.council}, {name}"


def _side(bank: Bank, scorer: Scorer, sets: Sequence[LoadedAnswers], partnership: bool) -> Side:
    assessments = [scorer.score(item.answers) for item in sets]
    carried = [item.carried for item in sets if item.carried]
    version = carried[0].declared or carried[0].from_version if carried else bank.version
    same = frozenset.intersection(*(c.same for c in carried)) if carried else None
    label = ", ".join(item.answers.source for item in sets)
    if partnership and len(sets) > 1:
        view = compare(bank, [item.answers for item in sets])
        ratings = {d.id: d.partnership for d in view.domains}
        return Side(label, version, assessments, view.verdict, ratings, same)
    [only] = assessments
    return Side(label, version, assessments, only.verdict, {d.id: d.rating for d in only.domains}, same)


def _same_questions(then: Side, now: Side) -> frozenset[str] | None:
    sides = [s.same for s in (then, now) if s.same is not None]
    return frozenset.intersection(*sides) if sides else None


# --- the parts of the report --------------------------------------------------------------------


def _move(bank: Bank, domain: str, title: str, then: Side, now: Side, method_changed: bool) -> DomainMove:
    before, after = then.ratings.get(domain, ""), now.ratings.get(domain, "")
    return DomainMove(domain, title, before, after, direction(before, after), method_changed and before != after)


def direction(before: str, after: str) -> str:
    """How a rating moved: "green" to "amber" is worse, "amber-red" to "amber" now known."""
    if before == after:
        return "unchanged"
    was, now = _bands(before), _bands(after)
    if was is None or now is None:
        return "changed"
    if was[0] == was[1] and now[0] != now[1]:
        return "less certain"
    if was[0] != was[1] and now[0] == now[1] and was[0] <= now[0] <= was[1]:
        return "now known"
    if now[0] <= was[0] and now[1] <= was[1]:
        return "improved"
    if now[0] >= was[0] and now[1] >= was[1]:
        return "worse"
    return "changed"


def _bands(rating: str) -> tuple[int, int] | None:
    parts = rating.split("-")
    if not all(part in RANK for part in parts) or len(parts) > 2:
        return None
    return RANK[parts[0]], RANK[parts[-1]]


def _flags(first: Side, second: Side) -> list[tuple[str, str]]:
    """The flags raised by firm answers on the first side and not on the second: (id, what it says)."""
    later = {f.id for a in second.assessments for f in a.raised}
    seen: dict[str, str] = {}
    for assessment in first.assessments:
        for flag in assessment.raised:
            if flag.id not in later:
                seen.setdefault(flag.id, flag.says)
    return list(seen.items())


def _unknowns_answered(then: Side, now: Side) -> list[str]:
    before = {s.id for a in then.assessments for s in a.steps if s.unknown and not s.missing}
    after = {s.id: s for a in now.assessments for s in a.steps}
    return [qid for qid in before if qid in after and not after[qid].unknown and not after[qid].missing]


def _actions(then: Side, now: Side) -> list[ActionState]:
    """The earlier report's "do first" actions, and whether the later answers still call for each."""
    still = {x.id for a in now.assessments for x in a.actions}
    states: dict[str, ActionState] = {}
    for assessment in then.assessments:
        for action in assessment.first_actions:
            states.setdefault(action.id, ActionState(action.id, action.do, action.cites, action.id in still))
    return list(states.values())


def _plan(bank: Bank, now: Side, plan: Mapping[str, Any]) -> tuple[PlanCheck, ...]:
    """Each action of a filled-in plan (action id -> an entry with status, owner and due)."""
    still = {x.id for a in now.assessments for x in a.actions}
    actions = {action.id: action for action in bank.actions}
    checks = []
    for action_id, entry in plan.items():
        due = entry.due.isoformat() if entry.due else None
        do = actions[action_id].do if action_id in actions else action_id
        checks.append(PlanCheck(action_id, do, entry.status, entry.owner, due, action_id in still))
    return tuple(checks)


def _changes(bank: Bank, then: Side, now: Side, same: frozenset[str] | None) -> list[AnswerChange]:
    """Each answer that differs, respondent by respondent (matched by council and name)."""
    earlier = {_who(a): a for a in then.assessments}
    result: list[AnswerChange] = []
    for later in now.assessments:
        before = earlier.get(_who(later))
        old = {s.id: s.value for s in before.steps if not s.missing} if before else {}
        new = {s.id: s.value for s in later.steps if not s.missing}
        for qid in [*new, *(q for q in old if q not in new)]:
            if old.get(qid) != new.get(qid):
                changed = same is not None and qid not in same
                domain = bank.questions[qid].domain
                result.append(AnswerChange(qid, domain, _label(later), old.get(qid), new.get(qid), changed))
    return result


def _who(a: Assessment) -> tuple[str, str]:
    respondent = a.answers.respondent
    return (name_key(respondent.council), name_key(respondent.name or "")) if respondent else ("", "")


def _label(a: Assessment) -> str:
    respondent = a.answers.respondent
    return f"{respondent.name} ({respondent.council})" if respondent else a.answers.source


def _common_share(then: Side, now: Side, same: frozenset[str] | None) -> float:
    asked = {s.id for side in (then, now) for a in side.assessments for s in a.steps}
    if same is None or not asked:
        return 1.0
    return len(asked & same) / len(asked)
