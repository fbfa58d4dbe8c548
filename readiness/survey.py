"""The partnership view of a survey: tens to thousands of respondents, read in one pass and
kept as counts (never as a list of people), so a report is about the same length, and memory
about the same size, whatever the number of respondents.

Each respondent is first boiled down to a `Digest` (their ratings, answers and raised flags);
digests are added into `Tally`s, one per council, per group within a council and for the
partnership; `conclude` turns the tallies into a `Survey` with the council rating rule, the
minority views, the splits and the agenda of what to discuss."""

from __future__ import annotations

import dataclasses
import functools
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NamedTuple

from readiness.compare import Inconsistency, judge
from readiness.errors import AnswerError, Diagnostic
from readiness.model import UNKNOWN, AnswerSet, AnswerValue, Bank, Consistency, name_key
from readiness.scoring import BANDS, Assessment, Verdict, rating_key

SMALL_GROUP = 8
"""Up to this many respondents, the comparison names each one (the small-group view)."""
KEY_ROLES = ("leader", "chief_executive", "statutory_officer")
"""Roles whose worse view is always reported beside the council's rating, and whose critical flag
stops the partnership on its own (the chief executive is the head of paid service, one of the
three statutory officers)."""
SHARE = Fraction(1, 4)
"""The share of a council's respondents whose worse view is a minority view that must be
reported, whose critical flag stops the partnership, and that makes a split at each end."""
FEWEST = 3
"""A group or role with fewer respondents than this is merged into "other" in anonymous reports."""
OTHER = "other"
DISCUSS = 10
"""The most questions "What to discuss" lists."""
LOW_RISK, HIGH_RISK = 1, 3
"""A firm answer carrying at most LOW_RISK is at the low end of the scale, at least HIGH_RISK the high end."""


class Digest(NamedTuple):
    """What one respondent adds to a survey: small, so it can cross from a worker process."""

    source: str
    name: str | None
    council: str
    role: str
    group: str | None
    partnership: str
    councils: tuple[str, ...]
    bank_version: str | None
    verdict: str
    ratings: tuple[str, ...]
    """The rating of each of the bank's domains, in the bank's order."""
    answers: tuple[tuple[str, AnswerValue, int], ...]
    """(question, answer, risk) for each question on the respondent's path."""
    flags: tuple[str, ...]
    """The flags the respondent's firm answers raise."""
    actions: tuple[str, ...] = ()
    """The actions the respondent's firm answers call for."""


def digest(assessment: Assessment) -> Digest:
    a = assessment.answers
    if a.partnership is None or a.respondent is None:
        problem = (
            "says nothing of its partnership or respondent (fill in both: a comparison needs to know who answered)"
        )
        raise AnswerError.at(a.source, problem)
    bank = assessment.bank
    text = bank.derived("text_questions", lambda: {q for q, x in bank.questions.items() if x.type == "text"})
    return Digest(
        source=a.source,
        name=a.respondent.name,
        council=a.respondent.council,
        role=a.respondent.role,
        group=a.respondent.group,
        partnership=a.partnership.name,
        councils=a.partnership.councils,
        bank_version=a.bank_version,
        verdict=assessment.verdict,
        ratings=tuple(d.rating for d in assessment.domains),
        answers=tuple((s.id, s.value, s.risk) for s in assessment.steps if s.id not in text),
        flags=tuple(f.id for f in assessment.raised),
        actions=tuple(x.id for x in assessment.actions),
    )


@dataclass
class Tally:
    """The counts of one council, one group within a council, or the whole partnership."""

    n: int = 0
    ratings: list[Counter[str]] = field(default_factory=list)
    """Per domain (bank order): how many respondents hold each rating."""
    key_firm: list[dict[str, Counter[str]]] = field(default_factory=list)
    """Per domain: for each band, the key roles whose firm answers put the domain in it or worse."""
    answers: dict[str, Counter[str]] = field(default_factory=dict)
    """Per question: how many gave each answer (an option of a multi answer counts once)."""
    risks: dict[str, Counter[int]] = field(default_factory=dict)
    """Per question: how many firm answers carried each risk; -1 counts "don't know"."""
    numbers: dict[str, list[float]] = field(default_factory=dict)
    """Per number question: [sum, count] of the firm answers."""
    flags: Counter[str] = field(default_factory=Counter)
    actions: Counter[str] = field(default_factory=Counter)
    """Per action: how many respondents' firm answers call for it."""
    key_flags: dict[str, Counter[str]] = field(default_factory=dict)
    roles: Counter[str] = field(default_factory=Counter)
    groups: Counter[str] = field(default_factory=Counter)
    verdicts: Counter[str] = field(default_factory=Counter)

    def add(self, d: Digest) -> None:
        """Count one respondent in (run for every respondent and tally: kept to plain dict steps)."""
        if not self.ratings:
            self.ratings = [Counter() for _ in d.ratings]
            self.key_firm = [{} for _ in d.ratings]
        self.n += 1
        _count(self.roles, d.role)
        _count(self.groups, d.group or "")
        _count(self.verdicts, d.verdict)
        key = d.role in KEY_ROLES
        for i, rating in enumerate(d.ratings):
            _count(self.ratings[i], rating)
            if key:
                firm = BANDS.index(rating.partition("-")[0])
                for band in BANDS[: firm + 1]:
                    _count(self.key_firm[i].setdefault(band, Counter()), d.role)
        answers, risks = self.answers, self.risks
        for qid, value, risk in d.answers:
            counts = answers.get(qid)
            if counts is None:
                counts = answers[qid] = Counter()
                risks[qid] = Counter()
            if value == UNKNOWN:
                _count(counts, UNKNOWN)
                _count(risks[qid], -1)
                continue
            _count(risks[qid], risk)
            if type(value) is str:
                _count(counts, value)
            elif isinstance(value, tuple):
                for option in value:
                    _count(counts, option)
            else:
                total = self.numbers.setdefault(qid, [0.0, 0.0])
                total[0] += value  # type: ignore[operator]
                total[1] += 1
        for action in d.actions:
            _count(self.actions, action)
        for flag in d.flags:
            _count(self.flags, flag)
            if key:
                _count(self.key_flags.setdefault(flag, Counter()), d.role)


def _count(counter: Counter[Any], key: Any) -> None:
    counter[key] = counter.get(key, 0) + 1


class Accumulator:
    """Digests added one at a time, checked against the first as they come."""

    def __init__(
        self, bank: Bank, by_group: bool = False, keep_people: bool = False, files: Sequence[str] | None = None
    ) -> None:
        """`files`: the files being read, when the caller has their list (then the list is not
        built again, a name per respondent, from the digests)."""
        self.bank = bank
        self.by_group = by_group
        self.first: Digest | None = None
        self.spelling: dict[str, str] = {}
        self.councils: dict[str, Tally] = {}
        self.groups: dict[tuple[str, str], Tally] = {}
        self.count = 0
        self.seen: dict[int, int] = {}
        """A hash of each respondent's name and council, and where their answer set came in the
        stream (a number, not its source: this is the one thing held for every respondent)."""
        self.given = files
        self.sources: list[str] = []
        """Each answer set's source, when the files are not given (the digests are then in memory)."""
        self.people: list[Digest] | None = [] if keep_people else None

    def add(self, d: Digest) -> None:
        d = self._checked(d)
        if self.given is None:
            self.sources.append(d.source)
        self.count += 1  # the partnership's tally is the councils' added up at the end
        self.councils[d.council].add(d)
        if self.by_group:
            self.groups.setdefault((d.council, d.group or ""), Tally()).add(d)
        if self.people is not None:
            self.people.append(d)

    def _checked(self, d: Digest) -> Digest:
        if self.first is None:
            self.first = d
            self.spelling = {name_key(c): c for c in d.councils}
            self.councils = {c: Tally() for c in d.councils}
        first = self.first
        if d.bank_version not in (None, self.bank.version):
            problem = f"answers were given against version {d.bank_version} of bank '{self.bank.id}'; this is version "
            raise AnswerError.at(d.source, problem + f"{self.bank.version} (compare answers given to one version)")
        if name_key(d.partnership) != name_key(first.partnership):
            problem = f"is from the partnership '{d.partnership}', but {first.source} is from '{first.partnership}'"
            raise AnswerError.at(d.source, problem + " (compare one partnership at a time)")
        if {name_key(c) for c in d.councils} != set(self.spelling):
            problem = (
                f"lists the councils {', '.join(d.councils)}, but {first.source} lists {', '.join(first.councils)} "
                "(give every file of the partnership the same councils)"
            )
            raise AnswerError.at(d.source, problem)
        council = self.spelling.get(name_key(d.council))
        if council is None:
            problem = f"the respondent's council '{d.council}' is not one of the partnership's councils"
            raise AnswerError.at(d.source, problem + " (check the spelling)")
        if d.name is not None:
            who = hash((name_key(d.name), name_key(council)))
            if who in self.seen:
                earlier = self._source_at(self.seen[who])
                problem = f"answers for the same respondent as {earlier} (give each respondent's answers once)"
                raise AnswerError.at(d.source, problem)
            self.seen[who] = self.count
        return d._replace(council=council)

    def _source_at(self, position: int) -> str:
        """The source of the answer set that came at `position` in the stream. Only a refusal
        asks, so the files are read again rather than every source kept."""
        if self.given is None:
            return self.sources[position]
        from readiness.answers import is_csv, read_csv_answers

        for path in self.given:
            if not is_csv(path):
                if position == 0:
                    return path
                position -= 1
                continue
            for item in read_csv_answers(path, self.bank):
                if position == 0:
                    return item.answers.source if not isinstance(item, AnswerError) else path
                position -= 1
        return "an earlier answer set"


def _is_row(source: str) -> bool:
    return source.rpartition(":")[2].isdigit()


@dataclass(frozen=True)
class Distribution:
    """One domain in one tally: the counts, the rating by the rule, and what stands beside it."""

    green: int
    amber: int
    red: int
    cannot_tell: int
    rating: str
    """The median respondent's rating."""
    minority: str | None
    """A worse band held by a key role or by at least the share of respondents, if any."""
    minority_count: int
    minority_roles: tuple[str, ...]
    split: bool


@dataclass(frozen=True)
class QuestionSplit:
    """A question in "What to discuss": how widely it divides, and where."""

    question: str
    width: float
    """From 0 to 1/2: the smaller share at either end (within a council or the partnership), or
    half the gap between two councils' average risks (as a share of the scale)."""
    where: str
    split_in: tuple[str, ...]
    """The councils (or "the partnership") whose answers are split on it."""


@dataclass(frozen=True)
class Survey:
    bank: Bank
    partnership: str
    councils: list[str]
    count: int
    files: list[str]
    whole: Tally
    tallies: dict[str, Tally]
    groups: dict[tuple[str, str], Tally]
    domains: dict[str, dict[str, Distribution]]
    """Per domain id: per council (and "" for the partnership), its distribution."""
    partnership_ratings: dict[str, str]
    discuss: list[QuestionSplit]
    inconsistencies: list[Inconsistency]
    verdict: Verdict
    blockers: list[str]
    conditions: list[str]
    people: list[Digest] | None
    by_group: bool


def conclude(acc: Accumulator) -> Survey:
    """The survey's conclusions from its tallies (the tallies must hold at least one respondent)."""
    bank = acc.bank
    assert acc.first is not None
    councils = [c for c, t in acc.councils.items() if t.n]
    if len(councils) < 2:
        problem = "every answer set is from the same council; a comparison needs respondents from at least two councils"
        raise AnswerError.at(acc.first.source, problem + " (use `readiness score` for one council)")
    tallies = {c: acc.councils[c] for c in councils}
    whole = functools.reduce(combine, tallies.values())
    domains = {
        d.id: {**{c: distribution(t, i) for c, t in tallies.items()}, "": distribution(whole, i)}
        for i, d in enumerate(bank.header.domains)
    }
    ratings = {
        d: max((dist[c].rating for c in councils), key=rating_key) for d, dist in domains.items()
    }  # the weaker council
    inconsistencies = [
        found for rule in bank.header.consistency if (found := judge(bank, rule, _values(rule, tallies)))
    ]
    survey = Survey(
        bank=bank,
        partnership=acc.first.partnership,
        councils=councils,
        count=whole.n,
        files=_files_of(acc),
        whole=whole,
        tallies=tallies,
        groups=acc.groups,
        domains=domains,
        partnership_ratings=ratings,
        discuss=discuss(bank, tallies, whole),
        inconsistencies=inconsistencies,
        verdict="ready",
        blockers=[],
        conditions=[],
        people=acc.people,
        by_group=acc.by_group,
    )
    verdict, blockers, conditions = _verdict(survey)
    return dataclasses.replace(survey, verdict=verdict, blockers=blockers, conditions=conditions)


def partnership_view(s: Survey, domain_id: str) -> Distribution:
    """The partnership's column: every respondent counted, the rating the weaker council's (a
    minority view is a council's, so none is shown here)."""
    return dataclasses.replace(s.domains[domain_id][""], rating=s.partnership_ratings[domain_id], minority=None)


def median_rating(counts: Counter[str]) -> str:
    """The rating of the middle respondent, from least to most risk (of two, the more cautious)."""
    ordered = sorted(counts, key=rating_key)
    middle = sum(counts.values()) // 2
    for rating in ordered:
        middle -= counts[rating]
        if middle < 0:
            return rating
    return ordered[-1]


def distribution(tally: Tally, index: int) -> Distribution:
    counts = tally.ratings[index] if tally.ratings else Counter()
    settled = {b: counts[b] for b in BANDS}
    firm = Counter({b: sum(k for r, k in counts.items() if r.partition("-")[0] == b) for b in BANDS})
    rating = median_rating(counts) if counts else "green-red"
    minority: str | None = None
    count = 0
    roles: tuple[str, ...] = ()
    worst = BANDS.index(rating.partition("-")[2] or rating)
    for band in reversed(BANDS[worst + 1 :]):
        at_least = sum(firm[b] for b in BANDS[BANDS.index(band) :])
        key = tally.key_firm[index].get(band, Counter()) if tally.key_firm else Counter()
        if at_least and (at_least >= SHARE * tally.n or key):
            minority, count, roles = band, at_least, tuple(r for r in KEY_ROLES if key[r])
            break
    split = is_split(settled["green"], settled["red"], tally.n)  # a range is firmly at neither end
    unsure = sum(k for r, k in counts.items() if "-" in r)
    return Distribution(
        settled["green"], settled["amber"], settled["red"], unsure, rating, minority, count, roles, split
    )


def is_split(low: int, high: int, n: int) -> bool:
    return n >= 2 and low >= SHARE * n and high >= SHARE * n


def question_split(tally: Tally, qid: str) -> tuple[float, bool]:
    """How widely a question divides a tally's firm answers (0 to 1/2), and whether that is a split."""
    risks = tally.risks.get(qid, Counter())
    firm = sum(k for r, k in risks.items() if r >= 0)
    if not firm:
        return 0.0, False
    low = sum(k for r, k in risks.items() if 0 <= r <= LOW_RISK)
    high = sum(k for r, k in risks.items() if r >= HIGH_RISK)
    return min(low, high) / firm, is_split(low, high, firm)


def mean_risk(tally: Tally, qid: str) -> float | None:
    risks = tally.risks.get(qid, Counter())
    firm = sum(k for r, k in risks.items() if r >= 0)
    return sum(r * k for r, k in risks.items() if r >= 0) / firm if firm else None


def discuss(bank: Bank, tallies: dict[str, Tally], whole: Tally) -> list[QuestionSplit]:
    """The questions that divide the respondents most, widest first: the workshop's agenda."""
    found = []
    for qid in whole.risks:
        widths = {c: question_split(t, qid) for c, t in tallies.items()}
        widths["the partnership"] = question_split(whole, qid)
        means = [m for t in tallies.values() if (m := mean_risk(t, qid)) is not None]
        gap = (max(means) - min(means)) / 8 if len(means) > 1 else 0.0
        width = max(w for w, _ in widths.values())
        places = [c for c, (w, _) in widths.items() if w == width and c != "the partnership"]
        where = ("within " + " and ".join(places)) if places else "across the partnership"
        if gap > width:
            width, where = gap, "between the councils"
        split_in = tuple(c for c, (_, split) in widths.items() if split)
        if width > 0:
            found.append(QuestionSplit(qid, round(width, 3), where, split_in))
    order = list(bank.questions)
    found.sort(key=lambda s: (-s.width, order.index(s.question)))
    return found[:DISCUSS]


def _values(rule: Consistency, tallies: dict[str, Tally]) -> dict[str, list[AnswerValue]]:
    """Each council's answer to a cross-council rule's question: its most common firm answer (all
    of them on a tie), or for a number its respondents' average."""
    qid = rule.question
    values: dict[str, list[AnswerValue]] = {}
    for council, tally in tallies.items():
        if qid in tally.numbers:
            total, count = tally.numbers[qid]
            values[council] = [total / count]
            continue
        counts = Counter({v: k for v, k in tally.answers.get(qid, Counter()).items() if v != UNKNOWN})
        top = max(counts.values(), default=0)
        values[council] = [v for v, k in counts.items() if k == top and top]
    return values


def _verdict(s: Survey) -> tuple[Verdict, list[str], list[str]]:
    """Not ready if the weaker council is, if a key role or the share of a council raises a critical
    flag, or the councils' answers clash; a minority view or a split must be settled first."""
    stop: list[str] = []
    caution: list[str] = []
    titles = {d.id: d.title for d in s.bank.header.domains}
    for domain, rating in s.partnership_ratings.items():
        reds = [c for c in s.councils if s.domains[domain][c].rating == "red"]
        if reds:
            stop.append(f"{titles[domain]} is red for {', '.join(reds)}")
        elif rating != "green":
            caution.append(f"{titles[domain]} is {rating.replace('-', ' to ')}")
        for council in s.councils:
            dist = s.domains[domain][council]
            if dist.split:
                caution.append(f"{titles[domain]} is split in {council}: neither green nor red can be claimed")
            elif dist.minority:
                caution.append(f"{titles[domain]} in {council}: {minority_words(dist, s.tallies[council].n)}")
    flags = {f.id: f for f in s.bank.flags}
    for council, tally in s.tallies.items():
        for flag_id, count in tally.flags.items():
            flag = flags[flag_id]
            if flag.severity != "critical":
                continue
            roles = tally.key_flags.get(flag_id, Counter())
            who = f"{count} of {tally.n} in {council}{including(tuple(r for r in KEY_ROLES if roles[r]))}"
            line = f"{flag.says.rstrip('.')} ({who})"
            (stop if roles or count >= SHARE * tally.n else caution).append(line)
    for found in s.inconsistencies:
        clash = found.rule.says.split(";")[0].rstrip(".")
        clash = clash[:1].lower() + clash[1:]
        (stop if found.rule.severity == "critical" else caution).append(f"The councils' answers clash: {clash}")
    watched = s.bank.header.divergence.questions if s.bank.header.divergence else ()
    for item in s.discuss:
        if item.question in watched and item.split_in:
            text = s.bank.questions[item.question].text
            caution.append(f"Answers to \u201c{text}\u201d are split ({', '.join(item.split_in)})")
    unknown = [c for c, t in s.tallies.items() if t.verdicts["not_enough_known"] * 2 > t.n]
    caution += [f"Too little is known in {council} to judge" for council in unknown]
    verdict: Verdict = (
        "not_ready" if stop else "not_enough_known" if unknown else "ready_with_conditions" if caution else "ready"
    )
    return verdict, stop, caution


ROLE_NAMES = {
    "leader": "the leader",
    "chief_executive": "the chief executive",
    "statutory_officer": "a statutory officer",
}


def including(roles: tuple[str, ...]) -> str:
    return f", including {' and '.join(ROLE_NAMES[r] for r in roles)}" if roles else ""


def minority_words(dist: Distribution, n: int) -> str:
    """ "red for 12 of 60, including the leader" """
    assert dist.minority is not None
    worse = dist.minority if dist.minority == "red" else f"{dist.minority} or worse"
    return f"{worse} for {dist.minority_count} of {n}{including(dist.minority_roles)}"


def merged(counts: Counter[str]) -> Counter[str]:
    """Counts with every entry of fewer than FEWEST respondents merged into "other"."""
    out: Counter[str] = Counter()
    for name, count in counts.items():
        out[name if count >= FEWEST and name else OTHER] += count
    return out


def group_tallies(s: Survey, most: int = 6) -> dict[tuple[str, str], Tally]:
    """The groups within each council, largest first, those of fewer than FEWEST (and the smallest
    beyond `most`) merged into "other"."""
    out: dict[tuple[str, str], Tally] = {}
    for council in s.councils:
        mine = sorted(((g, t) for (c, g), t in s.groups.items() if c == council), key=lambda gt: (-gt[1].n, gt[0]))
        for rank, (group, tally) in enumerate(mine):
            name = group if group and tally.n >= FEWEST and rank < most - 1 else OTHER
            key = (council, name)
            out[key] = combine(out[key], tally) if key in out else tally
    return out


def combine(a: Tally, b: Tally) -> Tally:
    """Two tallies as one: the partnership of its councils, or small groups merged."""
    out = Tally()
    out.n = a.n + b.n
    out.ratings = [x + y for x, y in zip(a.ratings, b.ratings, strict=True)]
    out.key_firm = [
        {band: x.get(band, Counter()) + y.get(band, Counter()) for band in {*x, *y}}
        for x, y in zip(a.key_firm, b.key_firm, strict=True)
    ]
    for name in ("answers", "risks", "key_flags"):
        merged_map: dict[str, Counter] = {}  # type: ignore[type-arg]
        for source in (getattr(a, name), getattr(b, name)):
            for k, v in source.items():
                merged_map[k] = merged_map.get(k, Counter()) + v
        setattr(out, name, merged_map)
    out.numbers = {
        k: [
            a.numbers.get(k, [0, 0])[0] + b.numbers.get(k, [0, 0])[0],
            a.numbers.get(k, [0, 0])[1] + b.numbers.get(k, [0, 0])[1],
        ]
        for k in {*a.numbers, *b.numbers}
    }
    out.actions = a.actions + b.actions
    out.flags, out.roles, out.groups, out.verdicts = (
        a.flags + b.flags,
        a.roles + b.roles,
        a.groups + b.groups,
        a.verdicts + b.verdicts,
    )
    return out


def survey_of(bank: Bank, digests: Iterable[Digest], by_group: bool = False, keep_people: bool = False) -> Survey:
    acc = Accumulator(bank, by_group, keep_people)
    for d in digests:
        acc.add(d)
    return conclude(acc)


def digests_of(bank: Bank, answer_sets: Iterable[AnswerSet]) -> Iterable[Digest]:
    from readiness.scoring import Scorer

    scorer = Scorer(bank)
    for answers in answer_sets:
        yield digest(scorer.score(answers))


def survey_files(
    bank: Bank,
    paths: list[str],
    by_group: bool = False,
    keep_people: bool = False,
    warn: Callable[[Diagnostic], None] = lambda _: None,
) -> Survey | None:
    """The survey of every answer set in `paths` (a CSV holds many), in one streamed pass on
    every core; None when there are no more than SMALL_GROUP respondents (the small-group view is
    theirs). The first problem stops it, as an AnswerError."""
    from readiness.batch import score_many

    _each_file_once(paths)
    acc = Accumulator(bank, by_group, keep_people, paths)
    for outcome in score_many(bank, paths, digest):
        if outcome.problems:
            raise AnswerError(outcome.problems)
        for warning in outcome.warnings:
            warn(warning)
        assert outcome.result is not None
        acc.add(outcome.result)
    if acc.first is None:
        raise AnswerError.at(paths[0], "holds no answer sets (a comparison needs respondents from two councils)")
    return conclude(acc) if acc.count > SMALL_GROUP else None


def _each_file_once(paths: Sequence[str]) -> None:
    """Refuse a file given twice (by any name). What it holds is let go before the scoring."""
    seen: dict[int, int] = {}  # a hash of each file's real path, and where it is in `paths`
    for i, path in enumerate(paths):
        key = hash(os.path.realpath(path))
        if key in seen and os.path.realpath(paths[seen[key]]) == os.path.realpath(path):
            raise AnswerError.at(path, f"is the same file as {paths[seen[key]]} (give each file once)")
        seen[key] = i


def _files_of(acc: Accumulator) -> list[str]:
    """The files the answer sets came from, each once (a CSV holds many)."""
    if acc.given is not None:
        return list(acc.given)
    return list(dict.fromkeys(source.rpartition(":")[0] if _is_row(source) else source for source in acc.sources))
