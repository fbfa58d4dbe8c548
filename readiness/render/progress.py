"""The progress report: what changed between two assessments, as markdown, JSON or Word. It
opens with what a committee reads in a minute, then lists every answer that changed."""

from __future__ import annotations

import datetime
import json
from typing import Any

from readiness.model import AnswerValue, Bank
from readiness.progress import AnswerChange, Progress
from readiness.render import brief
from readiness.render.common import VERDICT_WORDS, rating_words
from readiness.render.escape import md
from readiness.render.markdown import sources_section
from readiness.render.text import plural

NOT_ASKED = "not asked"


def summary_lines(p: Progress) -> list[str]:
    """The opening sentences: the verdicts, and what the comparison rests on (plain text)."""
    then, now = VERDICT_WORDS[p.earlier.verdict], VERDICT_WORDS[p.later.verdict]
    moved = "unchanged" if then == now else f"was {then}"
    lines = [f"Verdict now: {now} ({moved})."]
    if p.method_changed:
        lines.append(
            f"The earlier answers were given against version {p.earlier.version} of the question bank and are read "
            f"here as version {p.later.version}: {p.common_share:.0%} of the questions on either path were asked in "
            "the same form by both. A movement marked “method changed” rests on a question that is new or was "
            "changed, so it may reflect the new questions rather than a real change."
        )
    retired = sum(len(a.answers.retired) for a in p.earlier.assessments)
    if retired:
        lines.append(
            f"{plural(retired, 'earlier answer')} went to questions or options the current version no longer has; "
            "they are kept in the answer file and do not count in either assessment."
        )
    if p.forced:
        lines.append(f"Note: {p.forced}.")
    return lines


def answer_words(bank: Bank, qid: str, value: AnswerValue | None) -> str:
    if value is None:
        return NOT_ASKED
    return brief.value_words(bank.questions[qid], value)


def action_lines(p: Progress) -> tuple[list[tuple[str, tuple[str, ...]]], list[tuple[str, tuple[str, ...]]]]:
    """The earlier "do first" actions: (those the later answers no longer call for, those still to do)."""
    met = [(a.do, a.cites) for a in p.actions if not a.still_needed]
    remaining = [(a.do, a.cites) for a in p.actions if a.still_needed]
    return met, remaining


# --- markdown ----------------------------------------------------------------------------------


def render_progress_markdown(p: Progress, today: datetime.date | None = None) -> str:
    sources = brief.Sources(p.bank)
    parts = [_heading(p, today or datetime.date.today()), _summary(p, sources), _changes(p, sources)]
    parts.append(sources_section(sources))
    return "\n\n".join(part for part in parts if part) + "\n"


def _heading(p: Progress, today: datetime.date) -> str:
    return "\n".join(
        [
            f"# Progress report: {md(p.subject)}",
            "",
            f"- **Earlier assessment:** {md(p.earlier.label)} (bank version {md(p.earlier.version)})",
            f"- **Later assessment:** {md(p.later.label)} (bank version {md(p.later.version)})",
            f"- **Question bank:** {md(p.bank.header.title)} ({md(p.bank.id)} version {md(p.bank.version)})",
            f"- **Date of report:** {today.isoformat()}",
        ]
    )


def _summary(p: Progress, sources: brief.Sources) -> str:
    lines = ["## Summary", "", *(md(line) + "\n" for line in summary_lines(p))]
    lines += ["| Domain | Then | Now | Change |", "|---|---|---|---|"]
    for d in p.domains:
        change = d.direction + (" (method changed)" if d.method_changed else "")
        lines.append(f"| {md(d.title)} | {_rating(d.then)} | {_rating(d.now)} | {change} |")
    lines += ["", "### Flags cleared", "", *_bullets([says for _, says in p.cleared], "None.")]
    lines += ["", "### Flags newly raised", "", *_bullets([says for _, says in p.raised], "None.")]
    answered = [p.bank.questions[q].text for q in p.unknowns_answered]
    lines += ["", f"### Unknowns answered ({len(answered)})", "", *_bullets(answered, "None.")]
    met, remaining = action_lines(p)
    lines += ["", '### The earlier "do first" actions', ""]
    lines += [f"No longer called for by the answers ({len(met)}):", ""]
    lines += _bullets([f"{do} {sources.cite(cites)}".rstrip() for do, cites in met], "None.")
    lines += ["", f"Still called for ({len(remaining)}):", ""]
    lines += _bullets([f"{do} {sources.cite(cites)}".rstrip() for do, cites in remaining], "None.")
    if p.plan:
        lines += ["", "### The action plan, against the answers", ""]
        lines += ["| Action | Status | Owner | Due | What the answers say |", "|---|---|---|---|---|"]
        for item in p.plan:
            cells = [item.do, item.status or "–", item.owner or "–", item.due or "–", item.reading]
            lines.append("| " + " | ".join(md(cell) for cell in cells) + " |")
    return "\n".join(lines)


def _rating(rating: str) -> str:
    return md(rating_words(rating)) if rating else "–"


def _bullets(items: list[str], empty: str) -> list[str]:
    return [f"- {md(item)}" for item in items] or [empty]


def _changes(p: Progress, sources: brief.Sources) -> str:
    lines = [f"## The answers that changed ({len(p.changes)})", ""]
    if not p.changes:
        return "\n".join([*lines, "No answer changed."])
    several = len({c.who for c in p.changes}) > 1
    lines += [f"| Question |{' Respondent |' if several else ''} Then | Now | Source |"]
    lines += [f"|---|{'---|' if several else ''}---|---|---|"]
    for change in p.changes:
        question = p.bank.questions[change.question]
        text = md(question.text) + (" *(method changed)*" if change.method_changed else "")
        who = f" {md(change.who)} |" if several else ""
        then, now = (
            answer_words(p.bank, change.question, change.then),
            answer_words(p.bank, change.question, change.now),
        )
        lines.append(f"| {text} |{who} {md(then)} | {md(now)} | {sources.cite(question.cites)} |")
    return "\n".join(lines)


# --- JSON --------------------------------------------------------------------------------------


def progress_data(p: Progress) -> dict[str, Any]:
    """Everything in the report, for scripts (the fields are listed in the README)."""
    met, remaining = action_lines(p)
    return {
        "subject": p.subject,
        "bank": {"id": p.bank.id, "version": p.bank.version, "digest": p.bank.digest},
        "earlier": _side(p.earlier),
        "later": _side(p.later),
        "method_changed": p.method_changed,
        "common_share": round(p.common_share, 3),
        "forced": p.forced or None,
        "domains": [d._asdict() for d in p.domains],
        "flags_cleared": [{"id": i, "says": says} for i, says in p.cleared],
        "flags_raised": [{"id": i, "says": says} for i, says in p.raised],
        "unknowns_answered": p.unknowns_answered,
        "do_first": [{"id": a.id, "do": a.do, "still_needed": a.still_needed} for a in p.actions],
        "changes": [_change(c) for c in p.changes],
        "plan": [{**item._asdict(), "reading": item.reading} for item in p.plan],
        "summary": summary_lines(p),
        "counts": {"actions_met": len(met), "actions_remaining": len(remaining), "changes": len(p.changes)},
    }


def _side(side: Any) -> dict[str, Any]:
    return {"answers": side.label, "bank_version": side.version, "verdict": side.verdict, "ratings": side.ratings}


def _change(c: AnswerChange) -> dict[str, Any]:
    def plain(value: AnswerValue | None) -> Any:
        return list(value) if isinstance(value, tuple) else value

    data = c._asdict()
    data["then"], data["now"] = plain(c.then), plain(c.now)
    return data


def render_progress_json(p: Progress) -> str:
    return json.dumps(progress_data(p), indent=2, ensure_ascii=False) + "\n"


# --- Word --------------------------------------------------------------------------------------


def render_progress_docx(p: Progress, today: datetime.date | None = None) -> bytes:
    """The same report as a Word document, with the same sections as the markdown."""
    from readiness.render import docx as word

    today = today or datetime.date.today()
    doc = word._new(f"Progress report: {p.subject}", f"{p.subject}: progress report, {today.isoformat()}", today)
    sources = brief.Sources(p.bank)
    word._title_block(
        doc,
        [
            ("Earlier assessment", f"{p.earlier.label} (bank version {p.earlier.version})"),
            ("Later assessment", f"{p.later.label} (bank version {p.later.version})"),
            ("Question bank", f"{p.bank.header.title} ({p.bank.id} version {p.bank.version})"),
            ("Date of report", today.isoformat()),
        ],
    )
    doc.add_heading("Summary", level=1)
    for line in summary_lines(p):
        doc.add_paragraph(line)
    table = word._table(doc, ["Domain", "Then", "Now", "Change"], [60, 35, 35, 40])
    for d in p.domains:
        cells = word._row(table)
        cells[0].text = d.title
        for cell, rating in ((cells[1], d.then), (cells[2], d.now)):
            if rating and all(band in word.SHADES for band in rating.split("-")):
                word._rating_cell(cell, rating)
            else:
                cell.text = rating_words(rating) if rating else "–"
        cells[3].text = d.direction + (" (method changed)" if d.method_changed else "")
    for heading, items in (
        ("Flags cleared", [says for _, says in p.cleared]),
        ("Flags newly raised", [says for _, says in p.raised]),
        (f"Unknowns answered ({len(p.unknowns_answered)})", [p.bank.questions[q].text for q in p.unknowns_answered]),
    ):
        doc.add_heading(heading, level=2)
        word._numbered(doc, items, "None.")
    met, remaining = action_lines(p)
    doc.add_heading('The earlier "do first" actions', level=2)
    doc.add_paragraph(f"No longer called for by the answers ({len(met)}):")
    word._numbered(doc, [f"{do} {sources.cite(cites)}".rstrip() for do, cites in met], "None.")
    doc.add_paragraph(f"Still called for ({len(remaining)}):")
    word._numbered(doc, [f"{do} {sources.cite(cites)}".rstrip() for do, cites in remaining], "None.")
    if p.plan:
        doc.add_heading("The action plan, against the answers", level=2)
        table = word._table(doc, ["Action", "Status", "Owner", "Due", "What the answers say"], [60, 20, 25, 20, 45])
        for item in p.plan:
            cells = word._row(table)
            texts = [item.do, item.status or "–", item.owner or "–", item.due or "–", item.reading]
            for cell, text in zip(cells, texts, strict=True):
                cell.text = text
    _word_changes(doc, p, sources)
    word._sources(doc, sources)
    return word._bytes(doc)


def _word_changes(doc: Any, p: Progress, sources: brief.Sources) -> None:
    from readiness.render import docx as word

    doc.add_heading(f"The answers that changed ({len(p.changes)})", level=1)
    if not p.changes:
        doc.add_paragraph("No answer changed.")
        return
    table = word._table(doc, ["Question", "Then", "Now", "Source"], [80, 35, 35, 20])
    for change in p.changes:
        question = p.bank.questions[change.question]
        cells = word._row(table)
        who = f" ({change.who})" if len({c.who for c in p.changes}) > 1 else ""
        cells[0].text = question.text + who + (" (method changed)" if change.method_changed else "")
        cells[1].text = answer_words(p.bank, change.question, change.then)
        cells[2].text = answer_words(p.bank, change.question, change.now)
        cells[3].text = sources.cite(question.cites)
