"""The assessment as a GitHub-flavoured markdown report (it also reads right through pandoc): a
summary that fits one page, then the detail as appendices, then each source listed once."""

from __future__ import annotations

import datetime

from readiness.priorities import NO_RISK_YET, FindOut, Risk
from readiness.render import brief
from readiness.render.brief import NOTHING_SETTLED
from readiness.render.common import PRIORITY_WORDS, VERDICT_WORDS, rating_words, role_words
from readiness.render.escape import md, mermaid_text
from readiness.render.text import plural
from readiness.scoring import ENOUGH_KNOWN, ActionResult, Assessment, DomainResult, FlagResult


def render_markdown(assessment: Assessment, today: datetime.date | None = None) -> str:
    """The whole report; `today` is the date printed on it."""
    sources = brief.Sources(assessment.bank)
    parts = [
        _heading(assessment, today or datetime.date.today()),
        _summary(assessment, sources),
        _findings(assessment, sources),
        _flags(assessment, sources),
        _actions(assessment, sources),
        _path(assessment),
        _method(assessment),
        _retired(assessment),
        sources_section(sources),
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


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


def _summary(a: Assessment, sources: brief.Sources) -> str:
    lines = ["## Summary", "", f"**Verdict: {VERDICT_WORDS[a.verdict]}.** {md(brief.why(a))}"]
    if sentence := brief.range_sentence(a):
        lines += ["", md(sentence)]
    lines += ["", *_domain_table(a), "", "### The biggest risks", ""]
    lines += _numbered([_risk(a, r, sources) for r in a.top_risks]) or [NO_RISK_YET]
    lines += ["", "### What is already settled", ""]
    settled = [brief.settled_line(a, s) for s in a.settled]
    lines += _numbered([f"{md(text)} *{md(answer)}*" for text, answer in settled]) or [NOTHING_SETTLED]
    lines += ["", "### What to do first", ""]
    chosen = a.first_actions
    lines += _numbered([f"{md(x.do)} {sources.cite(x.cites)}".rstrip() for x in chosen]) or [
        "Nothing the firm answers show calls for an action yet."
    ]
    if len(a.actions) > len(chosen):
        lines += ["", f"{plural(len(a.actions) - len(chosen), 'further action')} in appendix C."]
    lines += ["", "### What to find out first", ""]
    lines += _numbered([_find_out(a, item) for item in a.find_out]) or [
        'No "don\'t know" answer could change the verdict or a rating.'
    ]
    return "\n".join(lines)


def _domain_table(a: Assessment) -> list[str]:
    lines = ["| Domain | Rating | Risk score | Answered | Don't know |", "|---|---|---:|---:|---:|"]
    for d in a.domains:
        note = brief.domain_note(d)
        rating = rating_words(d.rating) + (f" ({note})" if note else "")
        lines.append(f"| {md(d.title)} | {rating} | {brief.score_words(d)} | {d.answered} | {d.unknown} |")
    return lines


def _numbered(items: list[str]) -> list[str]:
    return [f"{i}. {item}" for i, item in enumerate(items, 1)]


def _risk(a: Assessment, risk: Risk, sources: brief.Sources) -> str:
    line = brief.risk_line(a, risk)
    text = md(line.text) + (f" *{md(line.answer)}*" if line.answer else "")
    shown = f" *Shown by* {md(line.shown)}." if line.shown else ""
    return f"**{md(line.heading)}:** {text} {sources.cite(line.cites)}{shown}"


def _find_out(a: Assessment, item: FindOut) -> str:
    question = a.bank.questions[item.question]
    outcomes = "; ".join(md(o) for o in brief.answer_outcomes(a, item))
    text = f"**{md(question.text)}** {md(brief.could_move(a, item))}"
    return f"{text} *If* {outcomes}." if outcomes else text


def _findings(a: Assessment, sources: brief.Sources) -> str:
    lines = [
        "## Appendix A. The answers",
        "",
        "| Domain | Question | Answer | Risk | Source |",
        "|---|---|---|---:|---|",
    ]
    shown = None
    for domain in a.domains:
        for step in (s for s in a.steps if s.domain == domain.id):
            question = a.bank.questions[step.id]
            answer = md(question.answer_text(step.value, step.missing, brief.own_council(a)))
            if step.note:
                answer += f" (note: {md(step.note)})"
            risk = "–" if question.type == "text" or step.unknown else str(step.risk)
            where = md(domain.title) if shown != domain.id else ""
            shown = domain.id
            lines.append(f"| {where} | {md(question.text)} | {answer} | {risk} | {sources.cite(question.cites)} |")
    return "\n".join(lines)


def _flags(a: Assessment, sources: brief.Sources) -> str:
    lines = ["## Appendix B. Flags"]
    if not a.flags:
        return "\n".join([*lines, "", "No flag is raised, and none could be."])
    titles = {d.id: d.title for d in a.domains}
    summarised = {r.id for r in a.top_risks if r.kind == "flag"}
    if summarised:
        lines += ["", f"Besides the {plural(len(summarised), 'flag')} among the biggest risks:"]
    for status, heading in (("raised", "Raised by firm answers"), ("possible", "Possible, depending on unknowns")):
        chosen = [f for f in a.flags if f.status == status and f.id not in summarised]
        if not chosen:
            continue
        lines += ["", f"### {heading} ({len(chosen)})", ""]
        for flag in sorted(chosen, key=lambda f: f.severity != "critical"):
            where = md(titles.get(flag.domain, flag.domain))
            severity = "Critical" if flag.severity == "critical" else "Warning"
            lines.append(f"- **{severity}, {where}:** {md(flag.says)} {sources.cite(flag.cites)}{_because(a, flag)}")
    return "\n".join(lines)


def _because(a: Assessment, item: FlagResult | ActionResult) -> str:
    if item.status == "raised":
        shown = brief.shown_by(a, item.because)
        return f" *Shown by* {md(shown)}." if shown else ""
    texts = [a.bank.questions[q].text for q in item.because if q in a.bank.questions][:2]
    return f" *Waits on* {md('; '.join(f'“{t}”' for t in texts))}." if texts else ""


def _actions(a: Assessment, sources: brief.Sources) -> str:
    lines = ["## Appendix C. Further actions", ""]
    rest = sorted((x for x in a.actions if x not in a.first_actions), key=lambda x: x.priority)
    if not rest:
        lines.append("None beyond those in the summary.")
    first = len(a.first_actions) + 1
    for number, action in enumerate(rest, first):
        when = PRIORITY_WORDS[action.priority]
        lines.append(f"{number}. *{when}:* {md(action.do)} {sources.cite(action.cites)}{_because(a, action)}")
    if a.possible_actions:
        more = plural(len(a.possible_actions), "further action")
        lines += ["", f"{more} would follow if the unknowns turn out badly:", ""]
        lines += [f"- {md(x.do)} {sources.cite(x.cites)}{_because(a, x)}" for x in a.possible_actions]
    return "\n".join(lines)


def _path(a: Assessment) -> str:
    lines = [
        "## Appendix D. The path through the map",
        "",
        f"The answers took this route ({plural(len(a.steps), 'question')}; appendix A lists each in its domain).",
        "",
        *_path_diagram(a),
    ]
    if a.ignored:
        lines += ["", "Answered, but off the route the answers took, so not counted:", ""]
        lines += [f"- {md(a.bank.questions[q].text)}" for q in a.ignored]
    return "\n".join(lines)


def _path_diagram(a: Assessment) -> list[str]:
    """The route as Mermaid, one box for each stretch of questions in the same domain."""
    stretches = brief.stretches(a)
    ratings = {d.id: (d.title, rating_words(d.rating)) for d in a.domains}
    lines = ["```mermaid", "flowchart TD"]
    for n, (domain, span) in enumerate(stretches, 1):
        title, rating = ratings.get(domain, (domain, ""))
        lines.append(f'  p{n}["{mermaid_text(title)}<br/>{span} · {mermaid_text(rating)}"]')
    if len(stretches) > 1:
        lines.append("  " + " --> ".join(f"p{n}" for n in range(1, len(stretches) + 1)))
    return [*lines, "```"]


def _method(a: Assessment) -> str:
    ratings = a.bank.header.ratings
    weights = ", ".join(f"{d.title} {d.weight:g}" for d in a.domains)
    lines = [
        "## Appendix E. How the scores were computed",
        "",
        "Each answer carries a risk from 0 (no concern) to 4 (severe); an answer that skips follow-up questions "
        "carries the risk of the questions it skips. A domain's risk score is the risk collected on the path, as a "
        "percentage of the most that domain could collect on any path through the map, rounded once, half up, to "
        'one decimal. "Don\'t know" is not counted as risk: it could be any answer, so the domain gets a range, '
        'from the least to the most it could reach once every "don\'t know" is answered (following the routes each '
        "answer would take).",
        "",
        f"Ratings: green below {ratings.amber:g}, amber from {ratings.amber:g}, red from {ratings.red:g}; a range "
        'that crosses a line is shown as a band range ("amber to red"). A flag raised by firm answers makes its '
        "domain red (critical) or at least amber (warning); a flag that unknowns could raise lifts only the top of "
        "the range. The verdict is *not ready* only when firm answers make it so (a critical flag, or a domain red "
        "at the low end of its range); *not enough known* when fewer than "
        f"{float(ENOUGH_KNOWN):.0%} of the questions on the path have a firm answer; *ready with conditions* when "
        "any domain is amber, any flag is raised, or the unknowns could still make it worse; otherwise *ready*. "
        f"The overall score is the mean of the domain scores weighted by importance ({md(weights)}).",
        "",
        "| Domain | Risk points | Most possible | Risk score | Rated by |",
        "|---|---:|---:|---:|---|",
    ]
    lines += [_method_row(d) for d in a.domains]
    return "\n".join(lines)


def _retired(a: Assessment) -> str:
    lines = brief.retired_lines(a.answers)
    if not lines:
        return ""
    heading = "## Appendix F. Answers to questions this version no longer asks"
    return "\n".join([heading, "", brief.RETIRED_INTRO, "", *(f"- {md(line)}" for line in lines)])


def _method_row(d: DomainResult) -> str:
    points = f"{d.low}" if d.low == d.high else f"{d.low}–{d.high}"
    return f"| {md(d.title)} | {points} | {d.most} | {brief.score_words(d)} | {d.rated_by} |"


def sources_section(sources: brief.Sources) -> str:
    """Each source once, numbered as cited, with the findings the report relies on."""
    if not sources.numbers:
        return ""
    lines = ["## Sources", "", "Cited in the text as [source number, paragraph or section]."]
    lines.append("")
    for entry in sources.entries():
        url = f" <{entry.url}>" if entry.url else ""
        relied = " ".join(f"{md(locator)}: {md(claim)}" for locator, claim in entry.findings)
        lines.append(f"{entry.number}. {md(entry.reference)}.{url} *Relied on:* {relied}")
    return "\n".join(lines)
