"""The assessment as a Word document for committee: a title block, the one-page summary, the
detail as numbered sections, then each source once. Word's built-in styles only (Title,
Heading 1-2, List Number, Table Grid), so a council's own template can restyle it. Every page
carries the partnership and date in its header and "Page X of Y" in its footer; a table's header
row repeats on each page it runs onto; the file's properties name the report, its date and who
answered."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from readiness.priorities import NO_RISK_YET
from readiness.render import brief
from readiness.render.common import PRIORITY_WORDS, VERDICT_WORDS, rating_words, role_words
from readiness.render.text import plural
from readiness.scoring import Assessment, DomainResult, FlagResult

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table, _Cell, _Row
    from docx.text.paragraph import Paragraph

    from readiness.compare import Comparison

SHADES = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE"}
"""The fills spreadsheets use for red, amber and green: light enough to print and read."""


def render_docx(a: Assessment, today: datetime.date | None = None) -> bytes:
    """The whole report as the bytes of a .docx file."""
    today = today or datetime.date.today()
    who = (a.respondent.name or "") if a.respondent else ""
    doc = _new(f"Readiness report: {_name(a)}", f"{_name(a)}: readiness report, {today.isoformat()}", today, who)
    sources = brief.Sources(a.bank)
    facts = _facts(a, today)
    _title_block(doc, facts)
    fitted = _fitted(a, facts)
    _summary(doc, a, sources, fitted)
    _answers(doc, a, sources)
    _flags(doc, a, sources)
    _actions(doc, a, sources, fitted.counts["actions"])
    _path(doc, a)
    _method(doc, a)
    _what_ifs(doc, a)
    _retired(doc, a)
    _sources(doc, sources)
    return _bytes(doc)


def render_comparison_docx(c: Comparison, today: datetime.date | None = None) -> bytes:
    """The partnership view as a .docx file, section for section as the markdown holds it."""
    from readiness.render import comparison as parts

    today = today or datetime.date.today()
    doc = _new(f"Partnership comparison: {c.partnership}", f"{c.partnership}: comparison, {today.isoformat()}", today)
    sources = brief.Sources(c.bank)
    facts = [
        ("Councils", ", ".join(c.councils)),
        ("Respondents", "; ".join(f"{m.label} ({m.council}, {role_words(m.role)})" for m in c.members)),
        ("Date of report", today.isoformat()),
        ("Question bank", f"{c.bank.header.title} ({c.bank.id} version {c.bank.version})"),
    ]
    _title_block(doc, facts)
    doc.add_heading("Partnership verdict", level=1)
    _bold_lead(doc, f"Verdict: {VERDICT_WORDS[c.verdict]}.", parts.RULE_WORDS)
    for heading, reasons in (("What stops it", c.blockers), ("What must be settled first", c.conditions)):
        if reasons:
            doc.add_heading(heading, level=2)
            _numbered(doc, [f"{reason}." for reason in reasons])
    doc.add_heading("Domains by council", level=1)
    table = _table(doc, ["Domain", *c.councils, "Partnership"])
    for d in c.domains:
        cells = _row(table)
        cells[0].text = d.title
        for cell, rating in zip(cells[1:], [*(d.by_council[x] for x in c.councils), d.partnership], strict=True):
            _rating_cell(cell, rating)
    risks = [
        f"{line.heading}: {line.text}{' ' + line.answer if line.answer else ''} {sources.cite(line.cites)}"
        f" (from {', '.join(who)})"
        for line, who in brief.partnership_risks(c.members, c.inconsistencies).values()
    ]
    doc.add_heading("The biggest risks", level=1)
    _numbered(doc, risks, NO_RISK_YET)
    _comparison_detail(doc, c, sources)
    _sources(doc, sources)
    return _bytes(doc)


def _comparison_detail(doc: Document, c: Comparison, sources: brief.Sources) -> None:
    """What to find out, domains by respondent, the cross-council checks, the divergences and
    the different paths: the markdown's sections after the risks."""
    from readiness.render import comparison as parts

    actions = [
        f"{PRIORITY_WORDS[action.priority]}: {action.do} {sources.cite(action.cites)} (for {', '.join(who)})"
        for action, who in brief.partnership_actions(c.members).values()
    ]
    doc.add_heading("What to do first", level=1)
    _numbered(doc, actions, "Nothing any respondent's firm answers show calls for an action yet.")
    if found := parts.find_out_items(c):
        doc.add_heading("What to find out first", level=1)
        _numbered(doc, [f"{text} (not known to {', '.join(who)})" for text, who in found])
    doc.add_heading("Domains by respondent", level=1)
    doc.add_paragraph("Rating and risk score (0 to 100) of each respondent's own answers.")
    table = _table(doc, ["Domain", *(f"{m.label} ({m.council})" for m in c.members)])
    for d in c.domains:
        cells = _row(table)
        cells[0].text = d.title
        for cell, m in zip(cells[1:], c.members, strict=True):
            rating, text = parts.member_cell(m, d.id)
            _rating_cell(cell, rating)
            cell.text = text
    doc.add_heading("Do the councils' expectations fit together?", level=1)
    if not c.inconsistencies:
        doc.add_paragraph("Yes: none of the cross-council checks found a clash.")
    for f in c.inconsistencies:
        word = "Critical" if f.rule.severity == "critical" else "Warning"
        _bold_lead(doc, f"{word}:", f"{f.rule.says} ({f.detail}) {sources.cite(f.rule.cites)}")
    doc.add_heading("Where the answers diverge", level=1)
    if not c.divergences:
        doc.add_paragraph("Nowhere: no two respondents are two or more risk points apart.")
    titles = {d.id: d.title for d in c.domains}
    for domain in dict.fromkeys(d.domain for d in c.divergences):
        doc.add_heading(titles.get(domain, domain), level=2)
        table = _table(doc, ["Question", "Answers (risk)", "Apart"], [70, 80, 20])
        for divergence in (x for x in c.divergences if x.domain == domain):
            question, answers, apart = parts.divergence_cells(c, divergence, sources)
            for cell, text in zip(_row(table), (question, answers, apart), strict=True):
                cell.text = text
    if c.paths:
        doc.add_heading("Different paths through the map", level=1)
        doc.add_paragraph(parts.PATHS_WORDS)
        _numbered(doc, [f"{c.bank.questions[q].text} (asked of {', '.join(who)})" for q, who in c.paths.items()])


def _new(title: str, running: str, today: datetime.date, author: str = "") -> Document:
    """A document with A4 pages, the styles set small enough for a one-page summary, `running`
    in every page's header, "Page X of Y" in every footer and its properties filled in."""
    from docx import Document
    from docx.shared import Mm, Pt

    doc = Document()
    _properties(doc, title, today, author)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4, as councils print
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(TOP_MM)
    section.header_distance = section.footer_distance = Mm(8)
    _running(doc, running)
    doc.styles["Normal"].font.size = Pt(9)  # small enough for the summary to fit one page
    doc.styles["Normal"].paragraph_format.space_after = Pt(2)
    doc.styles["Title"].font.size = Pt(18)
    for name in ("Heading 1", "Heading 2"):
        doc.styles[name].paragraph_format.space_before = Pt(6)
        doc.styles[name].paragraph_format.space_after = Pt(2)
    doc.styles["List Number"].paragraph_format.space_after = Pt(0)
    doc.add_heading(title, level=0)
    return doc


TOP_MM = 18
"""The top and bottom margins; the header and footer sit in them, 8 mm from the edge."""


def _properties(doc: Document, title: str, today: datetime.date, author: str) -> None:
    """The file's properties as Word shows them (python-docx's template would say its own name
    and a date in 2013)."""
    moment = datetime.datetime.combine(today, datetime.time(), tzinfo=datetime.UTC)
    props = doc.core_properties
    props.title = title
    props.subject = "Readiness for a shared chief executive or management team"
    props.author = author or "readiness"
    props.last_modified_by = "readiness"
    props.comments = "Written by readiness from the answers named in the report."
    props.keywords = "readiness; shared management"
    props.category = "Committee report"
    props.created = props.modified = moment
    props.last_printed = moment
    props.revision = 1


def _running(doc: Document, running: str) -> None:
    """The running header (`running`, on the right) and footer ("Page X of Y", centred)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section = doc.sections[0]
    head = section.header.paragraphs[0]
    head.text = running
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("Page ")
    _field(foot, "PAGE", "1")
    foot.add_run(" of ")
    _field(foot, "NUMPAGES", "1")


def _field(paragraph: Paragraph, code: str, shown: str) -> None:
    """A field Word and LibreOffice work out when they lay the pages out (PAGE, NUMPAGES)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), ("instr", f" {code} "), ("separate", None), ("text", shown), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _bytes(doc: Document) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _name(a: Assessment) -> str:
    return a.partnership.name if a.partnership else "Unnamed partnership"


def _facts(a: Assessment, today: datetime.date) -> list[tuple[str, str]]:
    facts = []
    if a.partnership:
        facts.append(("Councils", ", ".join(a.partnership.councils)))
    if a.respondent:
        who = ", ".join(p for p in (a.respondent.name, role_words(a.respondent.role), a.respondent.council) if p)
        facts.append(("Respondent", who))
    bank = a.bank
    facts.append(("Question bank", f"{bank.header.title} ({bank.id} version {bank.version}, digest {bank.digest})"))
    answers = f"; answers in {a.answers.source}" if a.answers.source else ""
    facts.append(("Date of report", today.isoformat() + answers))
    return facts


def _title_block(doc: Document, facts: Sequence[tuple[str, str]]) -> None:
    for label, value in facts:
        _bold_lead(doc, f"{label}:", value)


def _bold_lead(doc: Document, lead: str, rest: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.add_run(lead).bold = True
    if rest:
        paragraph.add_run(f" {rest}")


Item = tuple[str, str]
"""A summary item: its text, and its citation (kept whole when the text is clipped)."""
LISTS = ("risks", "settled", "actions", "find_out")


class Fit(NamedTuple):
    """How much of the summary the first page holds: the items kept of each list, whether the
    domain table keeps its notes, and the most lines an item may take (None: as many as it needs)."""

    counts: dict[str, int]
    notes: bool = True
    max_lines: int | None = None


def _summary_lists(
    a: Assessment, sources: brief.Sources, counts: dict[str, int] | None = None
) -> dict[str, list[Item]]:
    """The summary's lists, in full or the first `counts` of each (the kept ones, whose citations
    alone are then numbered)."""
    counts = counts or {}
    risks: list[tuple[str, tuple[str, ...]]] = []
    for risk in a.top_risks:
        line = brief.risk_line(a, risk)  # the answers behind a flag are in section 2, to keep this to a page
        risks.append((f"{line.heading}: {line.text}" + (f" {line.answer}" if line.answer else ""), line.cites))
    no_cites: tuple[str, ...] = ()
    settled = [(f"{text} {answer}", no_cites) for text, answer in (brief.settled_line(a, s) for s in a.settled)]
    actions = [(x.do, x.cites) for x in a.first_actions]
    find_out = [(f"{a.bank.questions[f.question].text} {brief.could_move(a, f)}", no_cites) for f in a.find_out]
    lists: dict[str, list[tuple[str, tuple[str, ...]]]] = {
        "risks": risks,
        "settled": settled,
        "actions": actions,
        "find_out": find_out,
    }
    return {
        name: [(text, sources.cite(cites)) for text, cites in items[: counts.get(name)]]
        for name, items in lists.items()
    }


def _fitted(a: Assessment, facts: Sequence[tuple[str, str]]) -> Fit:
    """The summary cut, by rule, to what the first page holds (by the estimate of `_height`). In
    turn, until it fits: (1) the last item goes from the list with the most items beyond its
    first floor (risks 3, actions 3, settled 1, find out 1; ties in the order find out, settled,
    actions, risks); (2) the domain table drops its "rests on" notes; (3) each item is clipped to
    three lines, its citation kept; (4) the lists go down to their last floor (risks 2, actions 2,
    settled and find out none). Each list cut short says how many more there are, and where."""
    full = _summary_lists(a, brief.Sources(a.bank))  # numbered apart: only the kept are cited
    fit = Fit({name: len(full[name]) for name in LISTS})
    for floors, notes, max_lines in (
        ({"find_out": 1, "settled": 1, "actions": 3, "risks": 3}, True, None),
        ({"find_out": 1, "settled": 1, "actions": 3, "risks": 3}, False, None),
        ({"find_out": 1, "settled": 1, "actions": 3, "risks": 3}, False, CLIPPED_LINES),
        ({"find_out": 0, "settled": 0, "actions": 2, "risks": 2}, False, CLIPPED_LINES),
    ):
        fit = fit._replace(notes=notes, max_lines=max_lines)
        while _height(a, facts, full, fit) > PAGE_POINTS:
            name = max(["find_out", "settled", "actions", "risks"], key=lambda n: fit.counts[n] - floors[n])
            if fit.counts[name] <= floors[name]:
                break
            fit = fit._replace(counts={**fit.counts, name: fit.counts[name] - 1})
        else:
            return fit
    return fit


CLIPPED_LINES = 3
NOTHING_TO_FIND_OUT = 'No "don\'t know" answer could change the verdict or a rating.'
EMPTY = {
    "risks": NO_RISK_YET,
    "settled": brief.NOTHING_SETTLED,
    "actions": "Nothing the firm answers show calls for an action yet.",
    "find_out": NOTHING_TO_FIND_OUT,
}
HEADINGS = {
    "risks": "The biggest risks",
    "settled": "What is already settled",
    "actions": "What to do first",
    "find_out": "What to find out first",
}


def _more(a: Assessment, name: str, kept: int) -> str:
    """The line under a list cut short: how many more, and where they are (flags in section 2,
    answers in section 1)."""
    sizes = {"risks": len(a.top_risks), "settled": len(a.settled), "actions": len(a.first_actions)}
    total = sizes.get(name, len(a.find_out))
    if kept >= total:
        return ""
    where = {"settled": "section 1", "actions": "section 3", "find_out": "section 6"}.get(name, "")
    if name == "risks":
        kinds = {r.kind for r in a.top_risks[kept:]}
        where = "sections 1 and 2" if len(kinds) > 1 else "section 2" if kinds == {"flag"} else "section 1"
    return f"{total - kept} more in {where}."


def _clip(item: Item, max_lines: int | None) -> str:
    """An item as one line of text, clipped at a word to `max_lines` (with "…"), its citation whole."""
    text, cite = item
    whole = f"{text} {cite}".rstrip()
    room = (CHARS_PER_LINE - 6) * max_lines - len(cite) - 2 if max_lines else 0
    if not max_lines or _lines(whole, CHARS_PER_LINE - 6) <= max_lines:
        return whole
    return f"{text[:room].rsplit(' ', 1)[0].rstrip(',;:')}… {cite}".rstrip()


PAGE_POINTS = 750
"""What the first page holds below its header, in points (A4 less the margins is 740), with
room to spare: the estimates below come out some 5 % over what LibreOffice lays out (tested on
the longest summary the bank can give)."""
LINE_POINTS = 11.5
"""A line of 9-point text, with its leading."""
CHARS_PER_LINE = 96
"""Characters of 9-point text that a line of the full text width holds, at the fewest (wide
letters); a numbered item's line holds six fewer."""


def _lines(text: str, chars: float = CHARS_PER_LINE) -> int:
    """How many lines `text` takes at `chars` a line, breaking at spaces."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > chars:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines


def _height(a: Assessment, facts: Sequence[tuple[str, str]], full: dict[str, list[Item]], fit: Fit) -> float:
    """The estimated height of the title block and the summary, in points, as `fit` cuts it."""
    height = 30.0 * _lines(f"Readiness report: {_name(a)}", 48) + 14  # the Title style, 18 points
    height += sum(_lines(f"{label}: {value}") * LINE_POINTS + 2 for label, value in facts)
    height += 26 + 22 * len(LISTS)  # the heading and the lists' headings
    height += (_lines(f"Verdict: {VERDICT_WORDS[a.verdict]}. {brief.why(a)}") + 0.2) * LINE_POINTS
    if sentence := brief.range_sentence(a):
        height += (_lines(sentence) + 0.2) * LINE_POINTS
    for d in [None, *a.domains]:  # the header row, then a row per domain
        title, rating = (d.title, _rating_words(d, fit.notes)) if d else ("Domain", "Rating")
        height += max(_lines(title, 38), _lines(rating, 21)) * LINE_POINTS + 2
    for name in LISTS:
        kept = full[name][: fit.counts[name]]
        height += sum(_lines(_clip(item, fit.max_lines), CHARS_PER_LINE - 6) for item in kept) * LINE_POINTS
        height += LINE_POINTS if not kept or _more(a, name, len(kept)) else 0  # "none" or "N more"
    return height + LINE_POINTS  # the line pointing to section 6


def _rating_words(d: DomainResult, notes: bool) -> str:
    note = brief.domain_note(d) if notes else ""
    return rating_words(d.rating) + (f" ({note})" if note else "")


def _summary(doc: Document, a: Assessment, sources: brief.Sources, fit: Fit) -> None:
    doc.add_heading("Summary", level=1)
    _bold_lead(doc, f"Verdict: {VERDICT_WORDS[a.verdict]}.", brief.why(a))
    if sentence := brief.range_sentence(a):
        doc.add_paragraph(sentence)
    table = _table(doc, ["Domain", "Rating", "Score", "Firm", "Don't know"], [70, 40, 22, 14, 24])
    for d in a.domains:
        cells = _row(table)
        cells[0].text = d.title
        _rating_cell(cells[1], d.rating, _rating_words(d, fit.notes).removeprefix(rating_words(d.rating)))
        cells[2].text = brief.score_words(d)
        cells[3].text = str(d.answered)
        cells[4].text = str(d.unknown)
    lists = _summary_lists(a, sources, fit.counts)
    for name in LISTS:
        doc.add_heading(HEADINGS[name], level=2)
        items = [_clip(item, fit.max_lines) for item in lists[name]]
        _numbered(doc, items, EMPTY[name] if not _more(a, name, 0) else "")
        if more := _more(a, name, len(items)):
            doc.add_paragraph(more)
    if any(brief.answer_outcomes(a, f) for f in a.find_out):
        doc.add_paragraph("Section 6 says what each answer to these would mean.")


def _answers(doc: Document, a: Assessment, sources: brief.Sources) -> None:
    # a new page by the heading's own property: a page-break paragraph after a full first page
    # would fall onto page 2 and leave it blank
    doc.add_heading("1. The answers", level=1).paragraph_format.page_break_before = True
    for domain in a.domains:
        steps = [s for s in a.steps if s.domain == domain.id]
        if not steps:
            continue
        doc.add_heading(f"{domain.title}: {rating_words(domain.rating)}, {brief.score_words(domain)}", level=2)
        table = _table(doc, ["Question", "Answer", "Risk", "Source"], [75, 55, 12, 28])
        for step in steps:
            question = a.bank.questions[step.id]
            answer = question.answer_text(step.value, step.missing, brief.own_council(a))
            cells = _row(table)
            cells[0].text = question.text
            cells[1].text = answer + (f" (note: {step.note})" if step.note else "")
            cells[2].text = "–" if question.type == "text" or step.unknown else str(step.risk)
            cells[3].text = sources.cite(question.cites)


def _flags(doc: Document, a: Assessment, sources: brief.Sources) -> None:
    doc.add_heading("2. Flags", level=1)
    if not a.flags:
        doc.add_paragraph("No flag is raised, and none could be.")
    titles = {d.id: d.title for d in a.domains}
    for status, heading in (("raised", "Raised by firm answers"), ("possible", "Possible, depending on unknowns")):
        chosen = [f for f in a.flags if f.status == status]
        if chosen:
            doc.add_heading(f"{heading} ({len(chosen)})", level=2)
            _numbered(
                doc,
                [
                    f"{'Critical' if f.severity == 'critical' else 'Warning'}, {titles.get(f.domain, f.domain)}: "
                    f"{f.says} {sources.cite(f.cites)}{_behind(a, f)}"
                    for f in sorted(chosen, key=lambda f: f.severity != "critical")
                ],
            )


def _behind(a: Assessment, flag: FlagResult) -> str:
    """The answers that raise a flag, or the questions it waits on."""
    if flag.status == "raised":
        shown = brief.shown_by(a, flag.because)
        return f" Shown by {shown}." if shown else ""
    waiting = "; ".join(f"\u201c{a.bank.questions[q].text}\u201d" for q in flag.because[:2] if q in a.bank.questions)
    return f" Waits on {waiting}." if waiting else ""


def _actions(doc: Document, a: Assessment, sources: brief.Sources, shown: int) -> None:
    """The actions beyond the `shown` first ones of the summary, numbered on from them (as the
    markdown's appendix C)."""
    doc.add_heading("3. Further actions", level=1)
    # the summary's own actions it had no room for come first, so the order is the markdown's
    cut = a.first_actions[shown:]
    rest = cut + sorted((x for x in a.actions if x not in a.first_actions), key=lambda x: x.priority)
    if not rest:
        doc.add_paragraph("None beyond those in the summary.")
    for number, x in enumerate(rest, shown + 1):
        _bold_lead(doc, f"{number}. {PRIORITY_WORDS[x.priority]}:", f"{x.do} {sources.cite(x.cites)}".rstrip())
    if a.possible_actions:
        doc.add_paragraph(
            f"{plural(len(a.possible_actions), 'further action')} would follow if the unknowns turn out badly:"
        )
        _numbered(doc, [f"{x.do} {sources.cite(x.cites)}".rstrip() for x in a.possible_actions])


def _path(doc: Document, a: Assessment) -> None:
    """The route by stretches of one domain; section 1 holds each answer."""
    doc.add_heading("4. The path through the map", level=1)
    doc.add_paragraph(
        f"The answers took this route ({plural(len(a.steps), 'question')}; section 1 lists each answer in its domain):"
    )
    titles = {d.id: (d.title, rating_words(d.rating)) for d in a.domains}
    _numbered(doc, [f"{titles[domain][0]} ({span}): {titles[domain][1]}" for domain, span in brief.stretches(a)])
    if a.ignored:
        doc.add_paragraph("Answered, but off the route the answers took, so not counted:")
        _numbered(doc, [a.bank.questions[q].text for q in a.ignored])


def _method(doc: Document, a: Assessment) -> None:
    doc.add_heading("5. How the scores were computed", level=1)
    ratings = a.bank.header.ratings
    doc.add_paragraph(
        "Each answer carries a risk from 0 (no concern) to 4 (severe). A domain's risk score is the risk collected "
        "on the path as a percentage of the most that domain could collect on any path, rounded once, half up, to "
        'one decimal. "Don\'t know" carries no risk of its own: the domain gets a range, from the least to the most '
        f'it could reach once every "don\'t know" is answered. Green below {ratings.amber:g}, amber from '
        f"{ratings.amber:g}, red from {ratings.red:g}. The verdict is not ready only when firm answers make it so."
    )
    table = _table(doc, ["Domain", "Risk points", "Most possible", "Risk score", "Rated by"])
    for d in a.domains:
        cells = _row(table)
        points = f"{d.low}" if d.low == d.high else f"{d.low}–{d.high}"
        for cell, text in zip(cells, [d.title, points, str(d.most), brief.score_words(d), d.rated_by], strict=True):
            cell.text = text


def _what_ifs(doc: Document, a: Assessment) -> None:
    """What each answer to the questions to find out first would mean."""
    items = [(f, outcomes) for f in a.find_out if (outcomes := brief.answer_outcomes(a, f))]
    if not items:
        return
    doc.add_heading("6. What each unknown could change", level=1)
    _numbered(doc, [f"{a.bank.questions[f.question].text} If {'; '.join(outcomes)}." for f, outcomes in items])


def _retired(doc: Document, a: Assessment) -> None:
    lines = brief.retired_lines(a.answers)
    if lines:
        doc.add_heading("7. Answers to questions this version no longer asks", level=1)
        doc.add_paragraph(brief.RETIRED_INTRO)
        _numbered(doc, lines)


def _sources(doc: Document, sources: brief.Sources) -> None:
    entries = sources.entries()
    if not entries:
        return
    doc.add_heading("Sources", level=1)
    doc.add_paragraph("Cited in the text as [source number, paragraph or section].")
    num_id = _fresh_numbering(doc)
    for entry in entries:
        paragraph = doc.add_paragraph(style="List Number")
        number = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        number.get_or_add_ilvl().val = 0
        number.get_or_add_numId().val = num_id
        paragraph.add_run(f"{entry.reference}.")
        if entry.url:
            paragraph.add_run(f" <{entry.url}>")
        paragraph.add_run(" Relied on:").italic = True
        for locator, claim in entry.findings:
            paragraph.add_run(f" {locator}").bold = True
            paragraph.add_run(f": {claim}")


TEXT_WIDTH_MM = 170
"""A4 less two 20 mm margins."""


def _table(doc: Document, headers: list[str], widths: Sequence[int] = ()) -> Table:
    """A Table Grid table with a bold header row, columns `widths` mm wide (by default the first
    takes 60 mm and the rest share what is left of the text width)."""
    from docx.shared import Mm

    table: Table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    rest = (TEXT_WIDTH_MM - 60) // max(len(headers) - 1, 1)
    widths = widths or [60, *[rest] * (len(headers) - 1)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)  # the grid, which LibreOffice reads
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
        cell.width = Mm(width)  # each cell, which Word reads
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    _repeats(table.rows[0])
    return table


def _repeats(row: _Row) -> None:
    """The header row repeats at the top of each page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _row(table: Table) -> list[_Cell]:
    """A new row whose cells are as wide as the header's (Word reads widths cell by cell)."""
    cells = table.add_row().cells  # type: ignore[no-untyped-call]  # python-docx leaves it untyped
    for cell, header in zip(cells, table.rows[0].cells, strict=True):
        cell.width = header.width
    return list(cells)


def _rating_cell(cell: _Cell, rating: str, note: str = "") -> None:
    """The rating in words, the cell filled with the colour of its firm (lower) band and, for a
    range the unknowns leave open, striped with the colour of the upper band."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    cell.text = rating_words(rating) + note
    low, _, high = rating.partition("-")
    shade = OxmlElement("w:shd")
    shade.set(qn("w:val"), "diagStripe" if high else "clear")
    shade.set(qn("w:color"), SHADES[high] if high else "auto")
    shade.set(qn("w:fill"), SHADES[low])
    cell._tc.get_or_add_tcPr().append(shade)


def _numbered(doc: Document, items: Sequence[str], empty: str = "") -> None:
    """A numbered list that starts again at 1 (Word would otherwise run on from the last list);
    `empty` is said, unnumbered, when there is nothing to list."""
    if not items and empty:
        doc.add_paragraph(empty)
    num_id = _fresh_numbering(doc)
    for item in items:
        paragraph = doc.add_paragraph(item, style="List Number")
        number = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        number.get_or_add_ilvl().val = 0
        number.get_or_add_numId().val = num_id


def _fresh_numbering(doc: Document) -> int:
    """A new numbering instance of the List Number style's list, restarting at 1."""
    numbering = doc.part.numbering_part.element
    style_num = doc.styles["List Number"].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    fresh = numbering.add_num(abstract)
    fresh.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(fresh.numId)
