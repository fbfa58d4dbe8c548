"""The partnership view as markdown (a council-by-domain table first) and as JSON."""

from __future__ import annotations

import datetime
import json
from typing import Any

from readiness.compare import Comparison, Divergence, Member
from readiness.priorities import NO_RISK_YET
from readiness.render import brief
from readiness.render.common import PRIORITY_WORDS, VERDICT_WORDS, rating_words, role_words
from readiness.render.escape import md
from readiness.render.markdown import sources_section


def render_comparison_markdown(c: Comparison, today: datetime.date | None = None) -> str:
    notes = brief.Sources(c.bank)
    parts = [
        _heading(c, today or datetime.date.today()),
        _verdict(c, notes),
        _by_council(c),
        _risks(c, notes),
        _actions(c, notes),
        _find_out(c),
        _by_member(c),
        _inconsistencies(c, notes),
        _divergences(c, notes),
        _paths(c),
        sources_section(notes),
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


def _heading(c: Comparison, today: datetime.date) -> str:
    lines = [f"# Partnership comparison: {md(c.partnership)}", ""]
    lines.append(f"- **Councils:** {md(', '.join(c.councils))}")
    lines.append(f"- **Date of report:** {today.isoformat()}")
    lines.append(f"- **Question bank:** `{c.bank.id}` version {md(c.bank.version)}")
    lines += ["", "| Respondent | Council | Role | Own verdict | Answers |", "|---|---|---|---|---|"]
    for m in c.members:
        lines.append(
            f"| {md(m.label)} | {md(m.council)} | {role_words(m.role)} | "
            f"{VERDICT_WORDS[m.assessment.verdict]} | {md(m.assessment.answers.source)} |"
        )
    return "\n".join(lines)


def _verdict(c: Comparison, notes: brief.Sources) -> str:
    lines = ["## Partnership verdict", "", f"**{VERDICT_WORDS[c.verdict]}**"]
    for heading, reasons in (("What stops it", c.blockers), ("What must be settled first", c.conditions)):
        if reasons:
            lines += ["", f"### {heading}", ""] + [f"- {md(reason)}." for reason in reasons]
    lines += ["", RULE_WORDS]
    rule = c.bank.header.divergence
    if rule is not None:
        lines[-1] += f" {md(rule.says)} {notes.cite(rule.cites)}"
    return "\n".join(lines)


RULE_WORDS = (
    "The partnership is as ready as its weaker council: each domain takes the worse of the councils' "
    "ratings, and a council takes the most cautious of its respondents."
)
PATHS_WORDS = "Their answers took the respondents down different routes; these questions were asked of some only."


def _by_council(c: Comparison) -> str:
    header = "| Domain | " + " | ".join(md(council) for council in c.councils) + " | Partnership |"
    lines = ["## Domains by council", "", header, "|---|" + "---|" * (len(c.councils) + 1)]
    for d in c.domains:
        cells = " | ".join(rating_words(d.by_council[council]) for council in c.councils)
        lines.append(f"| {md(d.title)} | {cells} | **{rating_words(d.partnership)}** |")
    return "\n".join(lines)


def _by_member(c: Comparison) -> str:
    header = "| Domain | " + " | ".join(f"{md(m.label)} ({md(m.council)})" for m in c.members) + " |"
    lines = [
        "## Domains by respondent",
        "",
        "Rating and risk score (0 to 100) of each respondent's own answers.",
        "",
        header,
        "|---|" + "---|" * len(c.members),
    ]
    for d in c.domains:
        cells = " | ".join(_member_cell(c, d.id, m.label) for m in c.members)
        lines.append(f"| {md(d.title)} | {cells} |")
    return "\n".join(lines)


def _member_cell(c: Comparison, domain_id: str, label: str) -> str:
    member = next(m for m in c.members if m.label == label)
    return member_cell(member, domain_id)[1]


def member_cell(member: Member, domain_id: str) -> tuple[str, str]:
    """A respondent's rating of a domain, and it in words with their risk score."""
    domain = next(d for d in member.assessment.domains if d.id == domain_id)
    flagged = " (flag)" if domain.rated_by != "score" else ""
    return domain.rating, f"{rating_words(domain.rating)}{flagged} {domain.score:.1f}"


def _inconsistencies(c: Comparison, notes: brief.Sources) -> str:
    if not c.inconsistencies:
        return "## Do the councils' expectations fit together?\n\nYes: none of the cross-council checks found a clash."
    lines = ["## Do the councils' expectations fit together?", ""]
    for found in c.inconsistencies:
        word = "Critical" if found.rule.severity == "critical" else "Warning"
        lines.append(f"- **{word}:** {md(found.rule.says)} ({md(found.detail)}) {notes.cite(found.rule.cites)}")
    return "\n".join(lines)


def _divergences(c: Comparison, notes: brief.Sources) -> str:
    if not c.divergences:
        return "## Where the answers diverge\n\nNowhere: no two respondents are two or more risk points apart."
    lines = [
        "## Where the answers diverge",
        "",
        "Questions whose answers are two or more risk points apart, largest first in each domain, then "
        "questions some answered and others did not know.",
    ]
    titles = {d.id: d.title for d in c.domains}
    for domain in dict.fromkeys(d.domain for d in c.divergences):
        lines += [
            "",
            f"### {md(titles.get(domain, domain))}",
            "",
            "| Question | Answers (risk) | Apart |",
            "|---|---|---:|",
        ]
        lines += [_divergence_row(c, d, notes) for d in c.divergences if d.domain == domain]
    return "\n".join(lines)


def _divergence_row(c: Comparison, d: Divergence, notes: brief.Sources) -> str:
    question = c.bank.questions[d.question]
    councils = {m.label: m.council for m in c.members}
    answers = "; ".join(
        f"{md(label)}: {md(question.answer_text(value, council=councils.get(label)))} ({d.risks[label]})"
        for label, value in d.answers.items()
    )
    apart = str(d.spread) if d.kind == "risk" else "don't know against a firm answer"
    return f"| {md(question.text)} {notes.cite(question.cites)} | {answers} | {apart} |"


def divergence_cells(c: Comparison, d: Divergence, notes: brief.Sources) -> tuple[str, str, str]:
    """A divergence's question (with its sources), each respondent's answer and risk, and how far apart."""
    question = c.bank.questions[d.question]
    answers = "; ".join(
        f"{label}: {question.answer_text(value)} ({d.risks[label]})" for label, value in d.answers.items()
    )
    apart = str(d.spread) if d.kind == "risk" else "don't know against a firm answer"
    return f"{question.text} {notes.cite(question.cites)}", answers, apart


def _paths(c: Comparison) -> str:
    if not c.paths:
        return ""
    lines = [
        "## Different paths through the map",
        "",
        PATHS_WORDS,
        "",
    ]
    lines += [f"- {md(c.bank.questions[q].text)} (asked of {md(', '.join(who))})" for q, who in c.paths.items()]
    return "\n".join(lines)


def _risks(c: Comparison, notes: brief.Sources) -> str:
    """The biggest risks any respondent's firm answers show, each once, with who shows it."""
    seen = brief.partnership_risks(c.members, c.inconsistencies)
    lines = ["## The biggest risks", ""]
    if not seen:
        return "\n".join([*lines, NO_RISK_YET])
    for i, (line, who) in enumerate(seen.values(), 1):
        text = line.text + (f" {line.answer}" if line.answer else "")
        risk = f"**{md(line.heading)}:** {md(text)} {notes.cite(line.cites)}"
        lines.append(f"{i}. {risk} (from {md(', '.join(who))})")
    return "\n".join(lines)


def _actions(c: Comparison, notes: brief.Sources) -> str:
    """What to do first: the actions each respondent's report puts first, each once."""
    seen = brief.partnership_actions(c.members)
    lines = ["## What to do first", ""]
    if not seen:
        return "\n".join([*lines, "Nothing any respondent's firm answers show calls for an action yet."])
    for i, (action, who) in enumerate(seen.values(), 1):
        when = PRIORITY_WORDS[action.priority]
        lines.append(f"{i}. *{when}:* {md(action.do)} {notes.cite(action.cites)} (for {md(', '.join(who))})")
    return "\n".join(lines)


def _find_out(c: Comparison) -> str:
    """The open questions that would move a respondent's verdict or ratings most, each once."""
    found = find_out_items(c)
    if not found:
        return ""
    lines = ["## What to find out first", ""]
    for i, (text, who) in enumerate(found, 1):
        lines.append(f"{i}. {md(text)} (not known to {md(', '.join(who))})")
    return "\n".join(lines)


def find_out_items(c: Comparison) -> list[tuple[str, list[str]]]:
    """Each open question worth finding out (its text), with the respondents who do not know it."""
    seen: dict[str, list[str]] = {}
    for member in c.members:
        for item in member.assessment.find_out:
            seen.setdefault(item.question, []).append(member.label)
    return [(c.bank.questions[qid].text, who) for qid, who in seen.items()]


def comparison_to_dict(c: Comparison) -> dict[str, Any]:
    """The `compare --format json` contract: councils, domains, divergences and the verdict."""
    return {
        "bank": {"id": c.bank.id, "version": c.bank.version, "digest": c.bank.digest},
        "partnership": c.partnership,
        "councils": [
            {"name": council, "respondents": [m.label for m in c.members if m.council == council]}
            for council in c.councils
        ],
        "respondents": [
            {
                "label": m.label,
                "council": m.council,
                "role": m.role,
                "answers_file": m.assessment.answers.source,
                "verdict": m.assessment.verdict,
                "score": m.assessment.score,
            }
            for m in c.members
        ],
        "domains": [
            {
                "id": d.id,
                "title": d.title,
                "by_council": d.by_council,
                "partnership": d.partnership,
                "by_respondent": {label: {"rating": r, "score": s} for label, (r, s) in d.by_member.items()},
            }
            for d in c.domains
        ],
        "divergences": [
            {
                "question": d.question,
                "domain": d.domain,
                "kind": d.kind,
                "spread": d.spread,
                "answers": {k: list(v) if isinstance(v, tuple) else v for k, v in d.answers.items()},
                "risks": d.risks,
            }
            for d in c.divergences
        ],
        "inconsistencies": [
            {
                "id": f.rule.id,
                "severity": f.rule.severity,
                "says": f.rule.says,
                "detail": f.detail,
                "cites": list(f.rule.cites),
            }
            for f in c.inconsistencies
        ],
        "different_paths": c.paths,
        "top_risks": [
            {"id": rid, "heading": line.heading, "says": line.text, "answer": line.answer or line.shown, "from": who}
            for rid, (line, who) in brief.partnership_risks(c.members, c.inconsistencies).items()
        ],
        "first_actions": [
            {"id": aid, "priority": x.priority, "do": x.do, "cites": list(x.cites), "for": who}
            for aid, (x, who) in brief.partnership_actions(c.members).items()
        ],
        "verdict": c.verdict,
        "blockers": c.blockers,
        "conditions": c.conditions,
    }


def render_comparison_json(c: Comparison) -> str:
    return json.dumps(comparison_to_dict(c), indent=2, ensure_ascii=False) + "\n"
