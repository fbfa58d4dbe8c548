"""The judgement in words, shared by every report (markdown, Word, the end of the interview):
the verdict and why, ranges, the biggest risks, what to find out first, and sources numbered
once each. Plain text; each renderer escapes it its own way."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from readiness.model import NUMERIC_TYPES, AnswerSet, Bank, Question
from readiness.priorities import FindOut, Risk, statutory_bar, tier
from readiness.render.common import VERDICT_WORDS, plain_rating
from readiness.render.sources import reference
from readiness.render.text import plural
from readiness.scoring import ENOUGH_KNOWN, ActionResult, Assessment, DomainResult, QuestionResult

if TYPE_CHECKING:
    from readiness.compare import Inconsistency, Member


NOTHING_SETTLED = "No firm answer has yet put a serious risk aside."


class SourceEntry(NamedTuple):
    number: int
    reference: str
    url: str | None
    findings: tuple[tuple[str, str], ...]
    """(locator, claim) of each finding the report relies on."""


class Sources:
    """Numbers each source once, in order of first use; a citation names the source's number
    and the paragraph or section ("[2, para. 20]")."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self.numbers: dict[str, int] = {}
        self.used: dict[str, dict[str, None]] = {}

    def cite(self, citations: tuple[str, ...] | list[str]) -> str:
        """ "[2, paras. 3, 9; 5, s. 113]": each source by its number, then where in it."""
        cited: dict[int, list[str]] = {}
        for citation in citations:
            found = self.bank.finding(citation)
            if found is None:
                continue
            source, finding = found
            number = self.numbers.setdefault(source.id, len(self.numbers) + 1)
            self.used.setdefault(source.id, {})[finding.id] = None
            cited.setdefault(number, [])
            if finding.locator not in cited[number]:
                cited[number].append(finding.locator)
        return f"[{'; '.join(f'{n}, {places(found)}' for n, found in cited.items())}]" if cited else ""

    def entries(self) -> list[SourceEntry]:
        result = []
        for source_id, number in self.numbers.items():
            source = self.bank.sources[source_id]
            used = self.used.get(source_id, {})
            findings = tuple((place_words(f.locator), f.claim) for f in source.findings if f.id in used)
            result.append(SourceEntry(number, reference(self.bank, source_id), source.url, findings))
        return result


RETIRED_INTRO = (
    "These answers were given against an earlier version of the question bank, to questions or options this "
    "version no longer has. They are kept in the answer file and listed here, but not scored."
)


def retired_lines(answers: AnswerSet) -> list[str]:
    """Each retired answer as a sentence: the old question, the answer, its version and why."""
    lines = []
    for entry in answers.retired.values():
        value = ", ".join(map(str, entry.value)) if isinstance(entry.value, list) else str(entry.value)
        note = f" (note: {entry.note})" if entry.note else ""
        lines.append(f"{entry.question} Answered: {value}{note} (version {entry.version}). {entry.why}")
    return lines


def own_council(a: Assessment) -> str | None:
    """The respondent's council, which an answer of "my council" names."""
    return a.respondent.council if a.respondent else None


def score_words(domain: DomainResult) -> str:
    low, high = domain.range
    return f"{low:.1f}" if low == high else f"{low:.1f}–{high:.1f}"


def places(locators: list[str]) -> str:
    """The places cited in one source, as one: "para. 3", "paras. 3, 9", "ss. 112, 151"; a place
    another covers is left out ("s. 41" beside "ss. 38-41", "s. 114(6)-(7)" beside "s. 114").
    Places are separated by commas, so a semicolon in a citation always separates sources."""
    places = list(dict.fromkeys(place_words(place) for place in locators))
    places = [p for p in places if not any(_covers(other, p) for other in places if other != p)]
    groups = {
        "ss.": [p for p in places if _SECTION.match(p) or (p.startswith("ss. ") and _RANGE.match(p))],
        "paras.": [p for p in places if _PARA.match(p) or (p.startswith("paras. ") and _RANGE.match(p))],
    }
    merged = []
    for place in places:
        group = next((name for name, members in groups.items() if place in members and len(members) > 1), None)
        if group is None:
            merged.append(place)
        elif place == groups[group][0]:
            numbers = sorted((p.split(" ", 1)[1] for p in groups[group]), key=_number)
            merged.append(f"{group} {', '.join(numbers)}")
    return ", ".join(_once(part for place in merged for part in place.split(", ")))


def _once(parts: Iterable[str]) -> list[str]:
    """The parts of the places in order, a named part ("Sch 1 Pt 2") given once however many
    findings share it; bare numbers ("9" of "paras. 3, 9") always kept."""
    seen: set[str] = set()
    kept = []
    for part in parts:
        if part in seen and not part.isdigit():
            continue
        seen.add(part)
        kept.append(part)
    return kept


_SECTION = re.compile(r"^s\. (\d+)(\(.*\))?$")
_PARA = re.compile(r"^para\. (\d+)(\(.*\))?$")
_RANGE = re.compile(r"^(ss|paras)\. (\d+)-(\d+)$")


def place_words(locator: str) -> str:
    """A place in a source in the one spelling reports use: "para."/"paras." with a stop, and
    commas (never semicolons) between the parts of one place."""
    text = locator.replace(";", ",")
    text = re.sub(r"\bparas\b\.?", "paras.", text)
    return re.sub(r"\bpara\b\.?(?!s)", "para.", text)


def _covers(broad: str, narrow: str) -> bool:
    """Whether citing `broad` already cites `narrow`: a section its subsection, a range its member."""
    for single, plural_prefix in ((_SECTION, "ss"), (_PARA, "paras")):
        found = single.match(narrow)
        if not found:
            continue
        number = int(found[1])
        head = narrow.split(" ")[0]
        if found[2] and broad == f"{head} {number}":
            return True
        span = _RANGE.match(broad)
        if span and span[1] == plural_prefix and int(span[2]) <= number <= int(span[3]):
            return True
    return False


def _number(place: str) -> int:
    digits = re.match(r"\d+", place)
    return int(digits[0]) if digits else 0


def plain_verdict(verdict: str) -> str:
    """The verdict without its symbol, in lower case, for the middle of a sentence."""
    return VERDICT_WORDS[verdict].split(" ", 1)[1].lower()


def why(a: Assessment) -> str:
    """One sentence saying why the verdict is what it is."""
    critical = [f for f in a.raised if f.severity == "critical"]
    red = [d for d in a.domains if d.bands[0] == "red"]
    if a.verdict == "not_ready":
        reasons = []
        if critical:
            reasons.append(f"{plural(len(critical), 'critical flag')} raised")
        if red:
            reasons.append(f"{_titles(red)} red on firm answers alone")
        return f"The firm answers already rule it out: {' and '.join(reasons)}."
    share = f"{a.confidence:.0%}"
    if a.verdict == "not_enough_known":
        return (
            f"Only {share} of the questions on the path have a firm answer (a verdict needs at least "
            f"{float(ENOUGH_KNOWN):.0%}), and nothing firm rules the partnership out."
        )
    amber = [d for d in a.domains if d.bands[0] == "amber"]
    warnings = [f for f in a.raised if f.severity == "warning"]
    reasons = []
    if amber:
        reasons.append(f"{_titles(amber)} amber on firm answers")
    if warnings:
        reasons.append(f"{plural(len(warnings), 'warning')} raised")
    if a.best != a.worst:
        reasons.append(
            f"the {plural(_open_count(a), 'unanswered question')} could still make it {plain_verdict(a.worst)}"
        )
    if not reasons:
        return "Every domain is green on firm answers and no flag is raised."
    return f"{_capital('; '.join(reasons))}."


def range_sentence(a: Assessment) -> str:
    """What the unknowns leave open, when they leave anything open."""
    if a.best == a.worst:
        return ""
    return (
        f"Depending on the \u201cdon't know\u201d answers, the verdict could be anything from "
        f"{plain_verdict(a.best)} to {plain_verdict(a.worst)}; the questions under \u201cWhat to find out first\u201d "
        "decide which."
    )


def _open_count(a: Assessment) -> int:
    return sum(1 for s in a.steps if s.unknown and a.bank.questions[s.id].type != "text")


def _titles(domains: list[DomainResult]) -> str:
    if len(domains) > 2:
        return f"{len(domains)} domains are"
    names = [d.title for d in domains]
    if len(names) == 1:
        return f"{names[0]} is"
    return f"{names[0]} and {names[1]} are"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def domain_note(domain: DomainResult) -> str:
    """What a range rests on: "rests on 4 unknowns"."""
    if domain.settled or not domain.rests_on:
        return ""
    return f"rests on {plural(len(domain.rests_on), 'unknown')}"


class RiskLine(NamedTuple):
    """A biggest risk in words. A flag: what it says, and `shown` the answers behind it. A firm
    answer: the question as `text` and the answer given as `answer`."""

    heading: str
    text: str
    answer: str
    shown: str
    cites: tuple[str, ...]

    @property
    def plain(self) -> str:
        """The risk in one line of plain text."""
        return f"{self.heading}: {self.text}" + (f" {self.answer}" if self.answer else f" ({self.shown})")


def risk_line(a: Assessment, risk: Risk) -> RiskLine:
    """A biggest risk as words: where, what, and the answer that shows it."""
    titles = {d.id: d.title for d in a.domains}
    where = titles.get(risk.domain, risk.domain)
    if risk.kind == "flag":
        heading = f"{'Critical' if risk.severity == 'critical' else 'Warning'}, {where}"
        return RiskLine(heading, risk.says, "", shown_by(a, risk.because), risk.cites)
    step = next(s for s in a.steps if s.id == risk.id)
    answer = a.bank.questions[risk.id].answer_text(step.value, step.missing, own_council(a))
    return RiskLine(where, risk.says, answer, "", risk.cites)


def shown_by(a: Assessment, questions: tuple[str, ...], limit: int = 2) -> str:
    """The answers behind a finding: “question”: answer; …"""
    steps = {s.id: s for s in a.steps}
    shown = []
    for qid in [q for q in questions if q in steps][:limit]:
        question, step = a.bank.questions[qid], steps[qid]
        shown.append(f"\u201c{question.text}\u201d: {question.answer_text(step.value, step.missing, own_council(a))}")
    return "; ".join(shown)


def could_move(a: Assessment, item: FindOut) -> str:
    """What settling an open question could change, as a sentence: "Depending on the answer,
    the verdict would be ready with conditions or not ready; Governance and scrutiny amber or red."."""
    titles = {d.id: d.title for d in a.domains}
    parts = []
    if item.moves_verdict:
        verdicts = dict.fromkeys(plain_verdict(w.best) for w in item.answers)
        parts.append(f"the verdict would be {' or '.join(verdicts)}")
    for domain_id in item.moves:
        ratings = dict.fromkeys(plain_rating(r) for w in item.answers for d, r in w.ratings if d == domain_id)
        parts.append(f"{titles.get(domain_id, domain_id)} {' or '.join(ratings)}")
    if not parts:
        return f"The answer could move the overall score by up to {item.gap:.1f} points."
    return f"Depending on the answer, {'; '.join(parts)}."


def settled_line(a: Assessment, step: QuestionResult) -> tuple[str, str]:
    """A settled answer in words: the question, and the answer given."""
    question = a.bank.questions[step.id]
    return question.text, question.answer_text(step.value, step.missing, own_council(a))


def answer_outcomes(a: Assessment, item: FindOut) -> list[str]:
    """Each group of answers that would read alike, and how: “Strong” or “Workable”: Trust green.
    Empty when every answer would read the same."""
    question = a.bank.questions[item.question]
    titles = {d.id: d.title for d in a.domains}
    ruled_out = {what.best == "not_ready" for what in item.answers}
    groups: dict[str, list[str]] = {}
    for what in item.answers:
        parts = ["not ready"] if what.best == "not_ready" and len(ruled_out) > 1 else []
        parts += [f"{titles.get(d, d)} {plain_rating(r)}" for d, r in what.ratings]
        outcome = "; ".join(parts) or "no change to the verdict or the ratings"
        groups.setdefault(outcome, []).append(f"\u201c{value_words(question, what.value)}\u201d")
    if len(groups) < 2:
        return []
    return [f"{' or '.join(answers)}: {outcome}" for outcome, answers in groups.items()]


def value_words(question: Question, value: object) -> str:
    """An answer in words; a number stands for its band ("3 years or less")."""
    if question.type not in NUMERIC_TYPES or not isinstance(value, int | float) or not question.bands:
        return question.answer_text(value)  # type: ignore[arg-type]
    limits = [b.upto for b in question.bands]
    for i, upto in enumerate(limits):
        if upto is None or value <= upto:
            below = limits[i - 1] if i else None
            if upto is None:
                return f"more than {question.answer_text(_whole(below))}" if below is not None else "any"
            if below is None:
                return f"{question.answer_text(_whole(upto))} or less"
            return f"more than {question.answer_text(_whole(below))}, up to {question.answer_text(_whole(upto))}"
    return question.answer_text(value)


def _whole(number: float | None) -> int | float:
    assert number is not None
    return int(number) if float(number).is_integer() else number


def stretches(a: Assessment) -> list[tuple[str, str]]:
    """The path as stretches of questions in one domain: (domain, "questions 1 to 6")."""
    found: list[tuple[str, int, int]] = []
    for i, step in enumerate(a.steps, 1):
        if found and found[-1][0] == step.domain:
            found[-1] = (step.domain, found[-1][1], i)
        else:
            found.append((step.domain, i, i))
    return [(d, f"question {first}" if first == last else f"questions {first} to {last}") for d, first, last in found]


def partnership_risks(
    members: Sequence[Member], clashes: Sequence[Inconsistency] = ()
) -> dict[str, tuple[RiskLine, list[str]]]:
    """The clashes between the councils' answers and the biggest risks any respondent's firm
    answers show, each once (by id) with who shows it, ranked by the one rule of
    `priorities.TIERS` (a clash stands with the flags of its severity, before them)."""
    ranked: list[tuple[int, int, str, RiskLine, list[str]]] = []
    for clash in clashes:
        rule = clash.rule
        line = RiskLine(f"{_capital(rule.severity)} clash", rule.says, "", clash.detail, rule.cites)
        bar = statutory_bar(members[0].assessment.bank, rule.cites) if members else False
        ranked.append((tier(rule.severity, bar), 0, rule.id, line, ["the councils' answers"]))
    seen: dict[str, list[str]] = {}
    for member in members:
        for risk in member.assessment.top_risks:
            if risk.id not in seen:
                seen[risk.id] = []
                ranked.append((risk.tier, 1, risk.id, risk_line(member.assessment, risk), seen[risk.id]))
            seen[risk.id].append(member.label)
    ranked.sort(key=lambda entry: entry[:2])  # stable: first shown first within a tier
    return {rid: (line, who) for _, _, rid, line, who in ranked}


def partnership_actions(members: Sequence[Member]) -> dict[str, tuple[ActionResult, list[str]]]:
    """The actions each respondent's report puts first, each once (by id) with whose report
    calls for it: by priority, then in the order the respondents' reports give them."""
    seen: dict[str, tuple[ActionResult, list[str]]] = {}
    for member in members:
        for action in member.assessment.first_actions:
            seen.setdefault(action.id, (action, []))[1].append(member.label)
    return dict(sorted(seen.items(), key=lambda item: item[1][0].priority))
