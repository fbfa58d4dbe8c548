"""The assessment as a GitHub-flavoured markdown report (it also reads right through pandoc)."""

from __future__ import annotations

import datetime

from readiness.model import Bank
from readiness.render.common import (
    PRIORITY_WORDS,
    RATING_WORDS,
    VERDICT_WORDS,
    role_words,
)
from readiness.render.escape import md
from readiness.render.graph import mermaid_text
from readiness.render.sources import reference
from readiness.render.text import plural
from readiness.scoring import READY_CONFIDENCE, Assessment, DomainResult


class Footnotes:
    """Numbers citations in order of first use; each becomes one footnote."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self.numbers: dict[str, int] = {}

    def refs(self, cites: tuple[str, ...] | list[str]) -> str:
        return "".join(f"[^{self.numbers.setdefault(c, len(self.numbers) + 1)}]" for c in cites)

    def notes(self) -> list[str]:
        lines = []
        for citation, number in self.numbers.items():
            found = self.bank.finding(citation)
            if found is None:
                continue
            source, finding = found
            lines.append(f"[^{number}]: {md(reference(self.bank, source.id))}, {finding.locator}: {md(finding.claim)}")
        return lines


def render_markdown(assessment: Assessment, today: datetime.date | None = None) -> str:
    """The whole report; `today` is the date printed on it."""
    notes = Footnotes(assessment.bank)
    parts = [
        _heading(assessment, today or datetime.date.today()),
        _verdict(assessment),
        _domains(assessment),
        _flags(assessment, notes),
        _actions(assessment, notes),
        _findings(assessment, notes),
        _path(assessment),
        _gaps(assessment),
        _method(assessment),
        _bibliography(assessment),
    ]
    body = "\n\n".join(p for p in parts if p)
    return body + "\n\n" + "\n".join(notes.notes()) + "\n"


def _heading(a: Assessment, today: datetime.date) -> str:
    name = a.partnership.name if a.partnership else "Unnamed partnership"
    lines = [f"# Readiness report: {md(name)}", ""]
    if a.partnership:
        lines.append(f"- **Councils:** {md(', '.join(a.partnership.councils))}")
    if a.respondent:
        who = ", ".join(p for p in (a.respondent.name, role_words(a.respondent.role), a.respondent.council) if p)
        lines.append(f"- **Respondent:** {md(who)}")
    lines.append(f"- **Date of report:** {today.isoformat()}")
    bank = a.bank
    lines.append(
        f"- **Question bank:** {md(bank.header.title)} (`{bank.id}` version {md(bank.version)}, digest {bank.digest})"
    )
    if a.answers.source:
        lines.append(f"- **Answers:** {md(a.answers.source)}")
    return "\n".join(lines)


def _verdict(a: Assessment) -> str:
    red = [d for d in a.domains if d.rating == "red"]
    amber = [d for d in a.domains if d.rating == "amber"]
    critical = [f for f in a.flags if f.severity == "critical"]
    reasons = []
    if critical:
        reasons.append(plural(len(critical), "critical flag"))
    if red:
        reasons.append(f"{plural(len(red), 'domain')} rated red")
    if amber:
        reasons.append(f"{plural(len(amber), 'domain')} rated amber")
    if len(a.flags) > len(critical):
        reasons.append(plural(len(a.flags) - len(critical), "warning"))
    if a.confidence < READY_CONFIDENCE:
        reasons.append(f"only {a.confidence:.0%} of questions answered firmly")
    why = "; ".join(reasons) if reasons else "every domain is green and no flag was raised"
    return "\n".join(
        [
            "## Verdict",
            "",
            f"**{VERDICT_WORDS[a.verdict]}**: {why}.",
            "",
            f"Overall risk score {a.score:.1f} out of 100 (0 is no concern). Confidence {a.confidence:.0%}: the "
            'share of questions on the path answered with something other than "don\'t know".',
        ]
    )


def _domains(a: Assessment) -> str:
    lines = [
        "## Domains",
        "",
        "| Domain | Rating | Risk score | Answered | Don't know |",
        "|---|---|---:|---:|---:|",
    ]
    for d in a.domains:
        flagged = " (flag)" if d.rated_by != "score" else ""
        lines.append(
            f"| {md(d.title)} | {RATING_WORDS[d.rating]}{flagged} | {d.score:.1f} | {d.answered} | {d.unknown} |"
        )
    return "\n".join(lines)


def _flags(a: Assessment, notes: Footnotes) -> str:
    if not a.flags:
        return "## Flags\n\nNo flag was raised."
    lines = ["## Flags"]
    titles = {d.id: d.title for d in a.domains}
    for severity, heading in (("critical", "Critical"), ("warning", "Warnings")):
        chosen = [f for f in a.flags if f.severity == severity]
        if chosen:
            lines += ["", f"### {heading}", ""]
            for flag in chosen:
                where = md(titles.get(flag.domain, flag.domain))
                lines.append(f"- **{where}:** {md(flag.says)}{notes.refs(flag.cites)}{_prompted(a, flag.because)}")
    return "\n".join(lines)


def _actions(a: Assessment, notes: Footnotes) -> str:
    if not a.actions:
        return "## Recommended actions\n\nNone: nothing in the answers calls for one."
    lines = ["## Recommended actions"]
    number = 0
    for priority, heading in PRIORITY_WORDS.items():
        chosen = [x for x in a.actions if x.priority == priority]
        if not chosen:
            continue
        lines += ["", f"### {heading} ({len(chosen)})", ""]
        for action in chosen:
            number += 1
            lines.append(f"{number}. {md(action.do)}{notes.refs(action.cites)}{_prompted(a, action.because)}")
    return "\n".join(lines)


def _prompted(a: Assessment, because: tuple[str, ...]) -> str:
    """Which answers raised a flag or prompted an action, so a reader can check them."""
    steps = {s.id: s for s in a.steps}
    shown = []
    for qid in [q for q in because if q in steps][:2]:
        question, step = a.bank.questions[qid], steps[qid]
        shown.append(f"\u201c{md(question.text)}\u201d: {md(question.answer_text(step.value, step.missing))}")
    return f" *Prompted by* {'; '.join(shown)}." if shown else ""


def _findings(a: Assessment, notes: Footnotes) -> str:
    lines = ["## Findings by domain"]
    for domain in a.domains:
        steps = [s for s in a.steps if s.domain == domain.id]
        if not steps:
            continue
        lines += [
            "",
            f"### {md(domain.title)}",
            "",
            "| Question | Answer | Risk | Why it matters |",
            "|---|---|---:|---|",
        ]
        for step in steps:
            question = a.bank.questions[step.id]
            answer = md(question.answer_text(step.value, step.missing))
            if step.note:
                answer += f" (note: {md(step.note)})"
            risk = "–" if question.type == "text" else str(step.risk)
            lines.append(
                f"| {md(question.text)} | {answer} | {risk} | {md(question.help)}{notes.refs(question.cites)} |"
            )
    return "\n".join(lines)


def _path(a: Assessment) -> str:
    lines = [
        "## Path walked",
        "",
        f"The answers took this route through the map ({plural(len(a.steps), 'question')}).",
        "",
    ]
    titles = {d.id: d.title for d in a.domains}
    for i, step in enumerate(a.steps, 1):
        question = a.bank.questions[step.id]
        answer = question.answer_text(step.value, step.missing)
        lines.append(f"{i}. {md(titles.get(step.domain, step.domain))}: {md(question.text)} → {md(answer)}")
    return "\n".join([*lines, "", *_path_diagram(a)])


def _path_diagram(a: Assessment) -> list[str]:
    """The route as Mermaid, one box for each stretch of questions in the same domain."""
    stretches: list[tuple[str, int, int]] = []
    for i, step in enumerate(a.steps, 1):
        if stretches and stretches[-1][0] == step.domain:
            stretches[-1] = (step.domain, stretches[-1][1], i)
        else:
            stretches.append((step.domain, i, i))
    ratings = {d.id: (d.title, RATING_WORDS[d.rating]) for d in a.domains}
    lines = ["```mermaid", "flowchart TD"]
    for n, (domain, first, last) in enumerate(stretches, 1):
        title, rating = ratings.get(domain, (domain, ""))
        span = f"question {first}" if first == last else f"questions {first} to {last}"
        lines.append(f'  p{n}["{mermaid_text(title)}<br/>{span} · {mermaid_text(rating)}"]')
    lines += [f"  p{n} --> p{n + 1}" for n in range(1, len(stretches))]
    return [*lines, "```"]


def _gaps(a: Assessment) -> str:
    lines = []
    unknown = [s for s in a.steps if s.unknown]
    if unknown:
        lines += ['## Questions left as "don\'t know"', ""]
        for step in unknown:
            question = a.bank.questions[step.id]
            how = "not answered" if step.missing else "don't know"
            lines.append(f"- {md(question.text)} ({how}; counted as risk {step.risk})")
    if a.ignored:
        lines += [
            "",
            "## Answers not on the path",
            "",
            "These questions were answered but the route taken skips them, so they do not count:",
            "",
        ]
        lines += [f"- {md(a.bank.questions[q].text)}" for q in a.ignored]
    return "\n".join(lines).strip()


def _method(a: Assessment) -> str:
    ratings = a.bank.header.ratings
    weights = ", ".join(f"{d.title} {d.weight:g}" for d in a.domains)
    lines = [
        "## How the scores were computed",
        "",
        "Each answer carries a risk from 0 (no concern) to 4 (severe); an answer that skips follow-up questions "
        'carries the risk of the questions it skips. "Don\'t know", and a question on the path left unanswered, '
        "carry the question's own don't-know risk. A domain's risk score is the risk collected on the path walked, "
        "as a percentage of the most that domain could collect on any path through the map, so a worse answer never "
        "lowers a score.",
        "",
        f"Ratings: green below {ratings.amber:g}, amber from {ratings.amber:g}, red from {ratings.red:g}. A critical "
        "flag makes its domain red and a warning flag makes a green domain amber. The verdict is *not ready* if any "
        "domain is red or any critical flag is raised; *ready with conditions* if any domain is amber, any flag is "
        f"raised or fewer than {READY_CONFIDENCE:.0%} of the questions had a firm answer; otherwise *ready*. The "
        f"overall score is the mean of the domain scores weighted by importance ({md(weights)}).",
        "",
        "| Domain | Risk points | Most possible | Risk score | Best possible | Rated by |",
        "|---|---:|---:|---:|---:|---|",
    ]
    lines += [_method_row(d) for d in a.domains]
    return "\n".join(lines)


def _method_row(d: DomainResult) -> str:
    return f"| {md(d.title)} | {d.points} | {d.most:g} | {d.score:.1f} | {d.least:.1f} | {d.rated_by} |"


def _bibliography(a: Assessment) -> str:
    used = dict.fromkeys(c.split(".", 1)[0] for c in a.cited())
    lines = ["## Sources", ""]
    lines += [
        f"- {md(reference(a.bank, s))}" + (f" <{a.bank.sources[s].url}>" if a.bank.sources[s].url else "")
        for s in sorted(used)
    ]
    return "\n".join(lines)
