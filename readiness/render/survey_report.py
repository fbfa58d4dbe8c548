"""The survey comparison (more than a small group of respondents) as a list of plain blocks
(headings, paragraphs, lists, tables), which markdown and Word render alike: so the two formats
hold the same sections by construction. Distributions, never lists of people, except in the
appendix `--respondents` asks for."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NamedTuple

from readiness.model import UNKNOWN, Question
from readiness.render import brief
from readiness.render.common import VERDICT_WORDS, rating_words, role_words
from readiness.survey import (
    FEWEST,
    SHARE,
    Distribution,
    Survey,
    Tally,
    distribution,
    group_tallies,
    merged,
    minority_words,
    partnership_view,
    question_split,
)

LISTED = 8
"""The most risks and unknowns listed."""


class Heading(NamedTuple):
    text: str
    level: int


class Para(NamedTuple):
    text: str
    bold: str = ""
    """A lead in bold before the text."""


class Items(NamedTuple):
    items: list[str] | list[str | tuple[str, list[str]]]
    """Each item: its text, or its text and the lines under it."""
    numbered: bool = True


class Grid(NamedTuple):
    header: list[str]
    rows: list[list[str]]
    ratings: tuple[list[str | None], ...] = ()
    """Per row and cell, the rating whose colour fills it (Word), if any."""


class Picture(NamedTuple):
    name: str
    alt: str
    data: bytes


Block = Heading | Para | Items | Grid | Picture


@dataclass
class Report:
    title: str
    date: datetime.date
    blocks: list[Block] = field(default_factory=list)
    notes: brief.Sources | None = None


RULE = (
    "A council's rating of a domain is that of its median respondent: respondents ordered from least to most "
    "risk, the one in the middle (of two in the middle, the more cautious).",
    "A worse rating held by the council's leader, its chief executive or a statutory officer, or by at least "
    "{share} of its respondents, is reported beside it as a minority view.",
    "A domain or question on which at least {share} of the respondents are at each end of the risk scale (green "
    "and red; an answer's risk {low} or less and {high} or more) is split: neither green nor red can be claimed.",
    "A critical flag raised by a leader, chief executive or statutory officer, or by at least {share} of a "
    "council's respondents, stops the partnership; raised by fewer, it must be settled first.",
    "The partnership takes the worse of its councils' ratings.",
    "Cannot tell counts the respondents whose \u201cdon't know\u201d answers leave the domain's rating open: "
    "it is kept apart from the ratings, never counted as risk.",
)


def rule_lines() -> list[str]:
    from readiness.survey import HIGH_RISK, LOW_RISK

    share = "a quarter" if Fraction(1, 4) == SHARE else f"{float(SHARE):.0%}"
    return [line.format(share=share, low=LOW_RISK, high=HIGH_RISK) for line in RULE]


def build(s: Survey, pictures: list[Picture] = (), today: datetime.date | None = None) -> Report:  # type: ignore[assignment]
    notes = brief.Sources(s.bank)
    today = today or datetime.date.today()
    report = Report(f"Partnership comparison: {s.partnership}", today, notes=notes)
    add = report.blocks.extend
    add(_facts(s, today))
    add(list(pictures))
    add(_verdict(s))
    add(_domains(s))
    if s.by_group:
        add(_groups(s))
    add(_discuss(s))
    add(_risks(s, notes))
    add(_do_first(s, notes))
    add(_find_out(s))
    add(_fit(s, notes))
    add(_paths(s))
    add(_questions(s, notes))
    if s.people is not None:
        add(_people(s))
    return report


def _facts(s: Survey, today: datetime.date) -> list[Block]:
    per_council = ", ".join(f"{t.n} in {c}" for c, t in s.tallies.items())
    blocks: list[Block] = [
        Para(", ".join(s.councils), "Councils:"),
        Para(f"{s.count} ({per_council})", "Respondents:"),
        Para(today.isoformat(), "Date of report:"),
        Para(f"{s.bank.header.title} ({s.bank.id} version {s.bank.version})", "Question bank:"),
    ]
    if s.people is None:
        blocks.append(
            Para(
                f"Respondents are not named (there are more than {8}); roles and groups of fewer than {FEWEST} "
                "are counted as \u201cother\u201d. The option --respondents adds an appendix naming each one."
            )
        )
    blocks += [Heading("Who answered", 2), Grid(["Council", "Respondents", "Roles", "Groups"], _who(s))]
    return blocks


def _who(s: Survey) -> list[list[str]]:
    rows = []
    for council, tally in s.tallies.items():
        roles = merged(tally.roles) if s.people is None else tally.roles
        groups = Counter({k or "none given": v for k, v in tally.groups.items()})
        groups = merged(groups) if s.people is None else groups
        rows.append([council, str(tally.n), _counted(roles, role_words), _counted(groups, str)])
    return rows


def _counted(counts: Counter[str], words: Any) -> str:
    return ", ".join(f"{words(k)} {v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _verdict(s: Survey) -> list[Block]:
    blocks: list[Block] = [Heading("Partnership verdict", 2), Para(VERDICT_WORDS[s.verdict], "Verdict:")]
    for heading, reasons in (("What stops it", s.blockers), ("What must be settled first", s.conditions)):
        if reasons:
            blocks += [Heading(heading, 3), Items([f"{r}." for r in reasons], numbered=False)]
    blocks += [Heading("How a council's rating is set", 3), Items(list(rule_lines()), numbered=False)]
    return blocks


def cell_words(dist: Distribution, n: int) -> str:
    """ "▲ Amber (30 G, 20 A, 5 R, 5 ?); red for 12 of 60, including the leader" """
    words = f"{rating_words(dist.rating)} ({dist.green} G, {dist.amber} A, {dist.red} R, {dist.cannot_tell} ?)"
    if dist.split:
        words += "; split"
    if dist.minority:
        words += f"; {minority_words(dist, n)}"
    return words


COUNTS = (
    "In brackets, how many respondents' own answers rate the domain green (G), amber (A) or red (R), "
    "and how many cannot yet tell (?)."
)


def _domains(s: Survey) -> list[Block]:
    rows, shades = [], []
    for d in s.bank.header.domains:
        dists = s.domains[d.id]
        rows.append(
            [
                d.title,
                *(cell_words(dists[c], s.tallies[c].n) for c in s.councils),
                cell_words(partnership_view(s, d.id), s.count),
            ]
        )
        shades.append([None, *(dists[c].rating for c in s.councils), s.partnership_ratings[d.id]])
    intro = (
        f"Each cell: the rating by the rule above. {COUNTS} The last column counts every respondent; its rating "
        "is the weaker council's."
    )
    return [
        Heading("Domains by council", 2),
        Para(intro),
        Grid(["Domain", *s.councils, "Partnership"], rows, tuple(shades)),
    ]


MOST_GROUPS = 6
"""The most groups of a council a table shows; the smallest beyond it are counted as "other"."""


def _groups(s: Survey) -> list[Block]:
    intro = (
        f"The same rule within each group of each council (groups of fewer than {FEWEST}, and the smallest "
        f"beyond {MOST_GROUPS}, are counted together as \u201cother\u201d): where the groups differ, the council "
        f"is divided along their lines. {COUNTS}"
    )
    blocks: list[Block] = [Heading("Domains by group", 2), Para(intro)]
    tallies = group_tallies(s, MOST_GROUPS)
    for council in s.councils:
        mine = {group: t for (c, group), t in tallies.items() if c == council}
        rows, shades = [], []
        for i, d in enumerate(s.bank.header.domains):
            dists = [distribution(t, i) for t in mine.values()]
            rows.append([d.title, *(cell_words(x, t.n) for x, t in zip(dists, mine.values(), strict=True))])
            shades.append([None, *(x.rating for x in dists)])
        header = ["Domain", *(f"{group or 'none given'} ({t.n})" for group, t in mine.items())]
        blocks += [Heading(council, 3), Grid(header, rows, tuple(shades))]
    return blocks


def answer_counts(question: Question, tally: Tally) -> str:
    """ "Yes 30, Broadly 0, No 30, don't know 0" in the question's own order of options."""
    counts = tally.answers.get(question.id, Counter())
    if question.options:
        parts = [f"{_short_label(o.label)} {counts[o.value]}" for o in question.options]
    else:
        risks = tally.risks.get(question.id, Counter())
        parts = [f"risk {r}: {risks[r]}" for r in range(5) if risks[r]]
    return ", ".join([*parts, f"don't know {counts[UNKNOWN]}"])


def _short_label(label: str, most: int = 40) -> str:
    """An option's label up to its first colon or comma: "Strong", "Workable"."""
    for mark in (":", ",", ";", " ("):
        label = label.split(mark)[0]
    return label if len(label) <= most else label[: most - 1] + "…"


def _discuss(s: Survey) -> list[Block]:
    blocks: list[Block] = [Heading("What to discuss", 2)]
    if not s.discuss:
        return [*blocks, Para("Nothing: the respondents' firm answers do not divide them on any question.")]
    blocks.append(
        Para(
            "The questions that divide the respondents most, widest first: within a council, across the "
            "partnership or between the councils. An agenda for a members' workshop and for scrutiny."
        )
    )
    items: list[str | tuple[str, list[str]]] = []
    for item in s.discuss:
        question = s.bank.questions[item.question]
        split = f"; split in {', '.join(item.split_in)}" if item.split_in else ""
        counts = [f"{c}: {answer_counts(question, t)}" for c, t in s.tallies.items()]
        items.append((f"{question.text} (divided {item.where}{split})", counts))
    return [*blocks, Items(items)]


def _risks(s: Survey, notes: brief.Sources) -> list[Block]:
    flags = {f.id: f for f in s.bank.flags}
    titles = {d.id: d.title for d in s.bank.header.domains}
    raised = [f for f in s.whole.flags if s.whole.flags[f]]
    raised.sort(key=lambda f: (flags[f].severity != "critical", -s.whole.flags[f], f))
    items = []
    for flag_id in raised[:LISTED]:
        flag = flags[flag_id]
        who = "; ".join(f"{t.flags[flag_id]} of {t.n} in {c}" for c, t in s.tallies.items())
        word = "Critical" if flag.severity == "critical" else "Warning"
        items.append(f"{word}, {titles.get(flag.domain, flag.domain)}: {flag.says} {notes.cite(flag.cites)} ({who})")
    if not items:
        return [Heading("The biggest risks", 2), Para("No respondent's firm answers raise a flag.")]
    intro = "The flags respondents' firm answers raise, critical first, then by how many raise them."
    return [Heading("The biggest risks", 2), Para(intro), Items(items)]


def first_actions(s: Survey) -> list[tuple[str, int]]:
    """The actions to take first: those the firm answers of the most respondents call for, the
    most urgent first ((action id, how many call for it))."""
    actions = {x.id: x for x in s.bank.actions}
    called = [(a, n) for a, n in s.whole.actions.items() if n and a in actions]
    called.sort(key=lambda item: (actions[item[0]].priority, -item[1], item[0]))
    return called[:LISTED]


def _do_first(s: Survey, notes: brief.Sources) -> list[Block]:
    actions = {x.id: x for x in s.bank.actions}
    items = []
    for action_id, _ in first_actions(s):
        action = actions[action_id]
        who = "; ".join(f"{t.actions[action_id]} of {t.n} in {c}" for c, t in s.tallies.items())
        items.append(f"{action.do} {notes.cite(action.cites)} (called for by {who})")
    if not items:
        return [Heading("What to do first", 2), Para("No respondent's firm answers call for an action yet.")]
    intro = "The most urgent actions the respondents' firm answers call for, then by how many call for each."
    return [Heading("What to do first", 2), Para(intro), Items(items)]


def _find_out(s: Survey) -> list[Block]:
    unknown = Counter({q: c[UNKNOWN] for q, c in s.whole.answers.items() if c[UNKNOWN]})
    items = []
    for qid, _ in sorted(unknown.items(), key=lambda kv: (-kv[1], kv[0]))[:LISTED]:
        who = "; ".join(f"{t.answers.get(qid, Counter())[UNKNOWN]} of {t.n} in {c}" for c, t in s.tallies.items())
        items.append(f"{s.bank.questions[qid].text} (don't know: {who})")
    if not items:
        return [Heading("What to find out first", 2), Para("Every respondent answered every question on their path.")]
    intro = "The questions most respondents could not answer: finding out would settle most of what cannot yet be told."
    return [Heading("What to find out first", 2), Para(intro), Items(items)]


def _fit(s: Survey, notes: brief.Sources) -> list[Block]:
    heading = Heading("Do the councils' expectations fit together?", 2)
    basis = Para("A council's answer here is its respondents' most common firm answer (for a figure, their average).")
    if not s.inconsistencies:
        return [heading, basis, Para("Yes: none of the cross-council checks found a clash.")]
    items = [
        f"{'Critical' if f.rule.severity == 'critical' else 'Warning'}: {f.rule.says} ({f.detail}) "
        f"{notes.cite(f.rule.cites)}"
        for f in s.inconsistencies
    ]
    return [heading, basis, Items(items, numbered=False)]


def _paths(s: Survey) -> list[Block]:
    items = []
    for qid, question in s.bank.questions.items():
        asked = {c: sum(t.risks.get(qid, Counter()).values()) for c, t in s.tallies.items()}
        total = sum(asked.values())
        if total and total < s.count:
            who = "; ".join(f"{n} of {s.tallies[c].n} in {c}" for c, n in asked.items())
            items.append(f"{question.text} (asked of {who})")
    if not items:
        return []
    intro = "Their answers took the respondents down different routes; these questions were asked of some only."
    return [Heading("Different paths through the map", 2), Para(intro), Items(items, numbered=False)]


def _questions(s: Survey, notes: brief.Sources) -> list[Block]:
    blocks: list[Block] = [
        Heading("Answers by question", 2),
        Para("How many respondents of each council gave each answer, in the order the map asks the questions."),
    ]
    rows = []
    for qid, question in s.bank.questions.items():
        if qid not in s.whole.risks:
            continue
        marks = [c for c, t in s.tallies.items() if question_split(t, qid)[1]]
        split = f" (split in {', '.join(marks)})" if marks else ""
        for i, (answer, counts) in enumerate(answer_rows(question, [*s.tallies.values(), s.whole])):
            rows.append([question.text + split if i == 0 else "", answer, *map(str, counts)])
    return [*blocks, Grid(["Question", "Answer", *s.councils, "Partnership"], rows)]


def answer_rows(question: Question, tallies: list[Tally]) -> list[tuple[str, list[int]]]:
    """(answer, count in each tally): the options in order, or the risks of a figure, then "don't know"."""
    if question.options:
        rows = [
            (_short_label(o.label, 60), [t.answers.get(question.id, Counter())[o.value] for t in tallies])
            for o in question.options
        ]
    else:
        rows = [
            (f"a figure carrying risk {r}", [t.risks.get(question.id, Counter())[r] for t in tallies]) for r in range(5)
        ]
        rows = [row for row in rows if any(row[1])]
    return [*rows, ("don't know", [t.answers.get(question.id, Counter())[UNKNOWN] for t in tallies])]


def _people(s: Survey) -> list[Block]:
    assert s.people is not None
    header = ["Respondent", "Council", "Role", "Group", "Own verdict", *(d.title for d in s.bank.header.domains)]
    rows = [
        [
            p.name or p.source,
            p.council,
            role_words(p.role),
            p.group or "",
            VERDICT_WORDS[p.verdict],
            *(r.replace("-", " to ") for r in p.ratings),
        ]
        for p in s.people
    ]
    intro = "Each respondent's own verdict and domain ratings (asked for with `--respondents`)."
    return [Heading("Appendix: the respondents", 2), Para(intro), Grid(header, rows)]


def to_markdown(report: Report) -> str:
    """The report as markdown: every table kept, so nothing depends on a picture."""
    from readiness.render.escape import md

    parts = [f"# {md(report.title)}"]
    for block in report.blocks:
        if isinstance(block, Heading):
            parts.append(f"{'#' * block.level} {md(block.text)}")
        elif isinstance(block, Para):
            parts.append((f"**{md(block.bold)}** " if block.bold else "") + md(block.text))
        elif isinstance(block, Items):
            lines = []
            for i, item in enumerate(block.items, 1):
                text, under = (item, []) if isinstance(item, str) else item
                mark = f"{i}." if block.numbered else "-"
                lines += _wrapped(f"{mark} {md(text)}", " " * (len(mark) + 1))
                pad = " " * (len(mark) + 1)
                for line in under:
                    lines += _wrapped(f"{pad}- {md(line)}", pad + "  ")
            parts.append("\n".join(lines))
        elif isinstance(block, Grid):
            rows = ["| " + " | ".join(md(h) for h in block.header) + " |", "|" + "---|" * len(block.header)]
            rows += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in block.rows]
            parts.append("\n".join(rows))
        else:
            parts.append(f"![{md(block.alt)}]({block.name})")
    if report.notes and report.notes.numbers:
        parts.append(_sources_markdown(report.notes))
    return "\n\n".join(parts) + "\n"


def _wrapped(line: str, indent: str, width: int = 300) -> list[str]:
    """A long list item over several lines (markdown joins them back into one item), so that no
    line of the report runs past what an editor or a diff shows comfortably."""
    import textwrap

    if len(line) <= width:
        return [line]
    return textwrap.wrap(line, width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


def headings(report: Report) -> list[str]:
    return [report.title, *(b.text for b in report.blocks if isinstance(b, Heading))]


def _sources_markdown(notes: brief.Sources) -> str:
    """Each source once, numbered as cited, each finding relied on a line of its own."""
    from readiness.render.escape import md

    lines = ["## Sources", "", "Cited in the text as [source number, paragraph or section].", ""]
    for entry in notes.entries():
        url = f" <{entry.url}>" if entry.url else ""
        lines.append(f"{entry.number}. {md(entry.reference)}.{url}")
        for locator, claim in entry.findings:
            lines += _wrapped(f"   - {md(locator)}: {md(claim)}", "     ")
    return "\n".join(lines)


def pictures(s: Survey, prefix: str = "") -> list[Picture]:
    """The heat map (with the groups, when the survey is by group) and the bars, drawn now."""
    from readiness.render import pictures as draw

    drawn = [Picture(f"{prefix}heat-map.png", draw.heat_map_alt(s), draw.heat_map(s))]
    if s.by_group:
        drawn.append(Picture(f"{prefix}groups.png", draw.groups_alt(s), draw.heat_map(s, by_group=True)))
    return [*drawn, Picture(f"{prefix}domains.png", draw.bars_alt(s), draw.domain_bars(s))]


def to_docx(report: Report) -> bytes:
    """The report as a Word document: the same blocks, the pictures as images with alt text."""
    from readiness.render import docx as word

    doc = word._new(report.title, f"{report.title.partition(': ')[2]}: survey comparison, {report.date}", report.date)
    for block in report.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=block.level - 1)
        elif isinstance(block, Para):
            if block.bold:
                word._bold_lead(doc, block.bold, block.text)
            else:
                doc.add_paragraph(block.text)
        elif isinstance(block, Items):
            _docx_items(doc, block)
        elif isinstance(block, Grid):
            _docx_grid(doc, block)
        else:
            _docx_picture(doc, block)
    if report.notes is not None:
        word._sources(doc, report.notes)
    return word._bytes(doc)


def _docx_items(doc: Any, block: Items) -> None:
    from readiness.render import docx as word

    if block.numbered and all(isinstance(item, str) for item in block.items):
        word._numbered(doc, [str(item) for item in block.items])
        return
    for item in block.items:
        text, under = (item, []) if isinstance(item, str) else item
        doc.add_paragraph(text, style="List Bullet")
        for line in under:
            doc.add_paragraph(line, style="List Bullet 2")


def _docx_grid(doc: Any, block: Grid) -> None:
    from readiness.render import docx as word

    first = 60 if len(block.header) <= 6 else 34
    rest = (word.TEXT_WIDTH_MM - first) // max(len(block.header) - 1, 1)
    table = word._table(doc, block.header, [first, *[rest] * (len(block.header) - 1)])
    none: list[str | None] = [None] * len(block.header)
    shades = block.ratings or tuple(none for _ in block.rows)
    for row, shade in zip(block.rows, shades, strict=True):
        for cell, text, rating in zip(word._row(table), row, shade, strict=True):
            if rating is not None:
                word._rating_cell(cell, rating)
            cell.text = text


def _docx_picture(doc: Any, picture: Picture) -> None:
    import io

    from docx.shared import Mm

    doc.add_picture(io.BytesIO(picture.data), width=Mm(170))
    properties = doc.inline_shapes[-1]._inline.docPr
    properties.set("descr", picture.alt)  # the alt text Word and screen readers show
    properties.set("title", picture.name)


def to_json(s: Survey) -> str:
    import json

    return json.dumps(survey_to_dict(s), indent=2, ensure_ascii=False) + "\n"


def _dist(d: Distribution) -> dict[str, Any]:
    minority = (
        {"rating": d.minority, "count": d.minority_count, "roles": list(d.minority_roles)} if d.minority else None
    )
    return {
        "rating": d.rating,
        "green": d.green,
        "amber": d.amber,
        "red": d.red,
        "cannot_tell": d.cannot_tell,
        "split": d.split,
        "minority": minority,
    }


def _question_counts(s: Survey, tally: Tally, qid: str) -> dict[str, Any]:
    counts = tally.answers.get(qid, Counter())
    risks = tally.risks.get(qid, Counter())
    return {
        "asked": sum(risks.values()),
        "answers": {k: v for k, v in counts.items() if k != UNKNOWN},
        "dont_know": counts[UNKNOWN],
        "risks": {str(r): risks[r] for r in range(5) if risks[r]},
        "split": question_split(tally, qid)[1],
    }


def survey_to_dict(s: Survey) -> dict[str, Any]:
    """`compare --format json` for a survey: counts, never names (unless --respondents)."""
    flags = {f.id: f for f in s.bank.flags}
    data: dict[str, Any] = {
        "bank": {"id": s.bank.id, "version": s.bank.version, "digest": s.bank.digest},
        "partnership": s.partnership,
        "view": "survey",
        "rule": rule_lines(),
        "respondent_count": s.count,
        "first_actions": [
            {"id": a, "called_for": {c: t.actions[a] for c, t in s.tallies.items()}} for a, _ in first_actions(s)
        ],
        "answers_files": s.files,
        "councils": [
            {
                "name": c,
                "respondent_count": t.n,
                "roles": dict(merged(t.roles) if s.people is None else t.roles),
                "groups": dict(merged(Counter({k or "none given": v for k, v in t.groups.items()}))),
            }
            for c, t in s.tallies.items()
        ],
        "domains": [
            {
                "id": d.id,
                "title": d.title,
                "partnership": s.partnership_ratings[d.id],
                "by_council": {c: s.domains[d.id][c].rating for c in s.councils},
                "distribution": {
                    **{c: _dist(s.domains[d.id][c]) for c in s.councils},
                    "partnership": _dist(partnership_view(s, d.id)),
                },
            }
            for d in s.bank.header.domains
        ],
        "questions": [
            {"id": q, "by_council": {c: _question_counts(s, t, q) for c, t in s.tallies.items()}}
            for q in s.bank.questions
            if q in s.whole.risks
        ],
        "divergences": [
            {
                "question": item.question,
                "domain": s.bank.questions[item.question].domain,
                "kind": "split",
                "width": item.width,
                "where": item.where,
                "split_in": list(item.split_in),
            }
            for item in s.discuss
        ],
        "flags": [
            {
                "id": f,
                "severity": flags[f].severity,
                "by_council": {
                    c: {"count": t.flags[f], "key_roles": sorted(t.key_flags.get(f, Counter()))}
                    for c, t in s.tallies.items()
                },
            }
            for f in s.whole.flags
        ],
        "inconsistencies": [
            {"id": f.rule.id, "severity": f.rule.severity, "says": f.rule.says, "detail": f.detail}
            for f in s.inconsistencies
        ],
        "verdict": s.verdict,
        "blockers": s.blockers,
        "conditions": s.conditions,
    }
    if s.by_group:
        data["groups"] = [
            {
                "council": council,
                "group": group,
                "respondent_count": tally.n,
                "domains": {d.id: _dist(distribution(tally, i)) for i, d in enumerate(s.bank.header.domains)},
            }
            for (council, group), tally in group_tallies(s).items()
        ]
    if s.people is not None:
        data["respondents"] = [
            {
                "name": p.name,
                "council": p.council,
                "role": p.role,
                "group": p.group,
                "answers_file": p.source,
                "verdict": p.verdict,
                "ratings": dict(zip((d.id for d in s.bank.header.domains), p.ratings, strict=True)),
            }
            for p in s.people
        ]
    return data
