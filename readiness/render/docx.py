"""The assessment as a Word document for committee: a title block, the one-page summary, the
detail as numbered sections, then each source once. Word's built-in styles only (Title,
Heading 1-2, List Number, Table Grid), so a council's own template can restyle it."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from readiness.render import brief
from readiness.render.common import PRIORITY_WORDS, VERDICT_WORDS, rating_words, role_words
from readiness.render.text import plural
from readiness.scoring import Assessment, FlagResult

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table, _Cell

    from readiness.compare import Comparison

SHADES = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE"}
"""The fills spreadsheets use for red, amber and green: light enough to print and read."""


def render_docx(a: Assessment, today: datetime.date | None = None) -> bytes:
    """The whole report as the bytes of a .docx file."""
    doc = _new(f"Readiness report: {_name(a)}")
    sources = brief.Sources(a.bank)
    _title_block(doc, _facts(a, today or datetime.date.today()))
    _summary(doc, a, sources)
    doc.add_page_break()  # type: ignore[no-untyped-call]  # python-docx leaves it untyped
    _answers(doc, a, sources)
    _flags(doc, a, sources)
    _actions(doc, a, sources)
    _path(doc, a)
    _method(doc, a)
    _what_ifs(doc, a)
    _sources(doc, sources)
    return _bytes(doc)


def render_comparison_docx(c: Comparison, today: datetime.date | None = None) -> bytes:
    """The partnership view as a .docx file, section for section as the markdown holds it."""
    from readiness.render import comparison as parts

    doc = _new(f"Partnership comparison: {c.partnership}")
    sources = brief.Sources(c.bank)
    facts = [
        ("Councils", ", ".join(c.councils)),
        ("Respondents", "; ".join(f"{m.label} ({m.council}, {role_words(m.role)})" for m in c.members)),
        ("Date of report", (today or datetime.date.today()).isoformat()),
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
        for line, who in brief.partnership_risks(c.members).values()
    ]
    doc.add_heading("The biggest risks", level=1)
    _numbered(doc, risks, "No respondent's firm answers show a serious weakness.")
    _comparison_detail(doc, c, sources)
    _sources(doc, sources)
    return _bytes(doc)


def _comparison_detail(doc: Document, c: Comparison, sources: brief.Sources) -> None:
    """What to find out, domains by respondent, the cross-council checks, the divergences and
    the different paths: the markdown's sections after the risks."""
    from readiness.render import comparison as parts

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


def _new(title: str) -> Document:
    from docx import Document
    from docx.shared import Mm, Pt

    doc = Document()
    doc.core_properties.title = title
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4, as councils print
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(15)
    doc.styles["Normal"].font.size = Pt(9)  # small enough for the summary to fit one page
    doc.styles["Normal"].paragraph_format.space_after = Pt(2)
    doc.styles["Title"].font.size = Pt(18)
    for name in ("Heading 1", "Heading 2"):
        doc.styles[name].paragraph_format.space_before = Pt(6)
        doc.styles[name].paragraph_format.space_after = Pt(2)
    doc.styles["List Number"].paragraph_format.space_after = Pt(0)
    doc.add_heading(title, level=0)
    return doc


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


def _summary(doc: Document, a: Assessment, sources: brief.Sources) -> None:
    doc.add_heading("Summary", level=1)
    _bold_lead(doc, f"Verdict: {VERDICT_WORDS[a.verdict]}.", brief.why(a))
    if sentence := brief.range_sentence(a):
        doc.add_paragraph(sentence)
    table = _table(doc, ["Domain", "Rating", "Score", "Firm", "Don't know"], [70, 40, 22, 14, 24])
    for d in a.domains:
        cells = _row(table)
        cells[0].text = d.title
        note = brief.domain_note(d)
        _rating_cell(cells[1], d.rating, f" ({note})" if note else "")
        cells[2].text = brief.score_words(d)
        cells[3].text = str(d.answered)
        cells[4].text = str(d.unknown)
    doc.add_heading("The biggest risks", level=2)
    risks = []
    for risk in a.top_risks:
        line = brief.risk_line(a, risk)  # the answers behind a flag are in section 2, to keep this to a page
        answer = f" {line.answer}" if line.answer else ""
        risks.append(f"{line.heading}: {line.text}{answer} {sources.cite(line.cites)}")
    _numbered(doc, risks, "The firm answers show no serious weakness.")
    doc.add_heading("What to do first", level=2)
    actions = [f"{x.do} {sources.cite(x.cites)}" for x in a.first_actions]
    _numbered(doc, actions, "Nothing the firm answers show calls for an action yet.")
    doc.add_heading("What to find out first", level=2)
    items = [f"{a.bank.questions[f.question].text} Could move {brief.could_move(a, f)}." for f in a.find_out]
    _numbered(doc, items, 'No "don\'t know" answer could change the verdict or a rating.')
    if any(brief.answer_outcomes(a, f) for f in a.find_out):
        doc.add_paragraph("Section 6 says what each answer to these would mean.")


def _answers(doc: Document, a: Assessment, sources: brief.Sources) -> None:
    doc.add_heading("1. The answers", level=1)
    for domain in a.domains:
        steps = [s for s in a.steps if s.domain == domain.id]
        if not steps:
            continue
        doc.add_heading(f"{domain.title}: {rating_words(domain.rating)}, {brief.score_words(domain)}", level=2)
        table = _table(doc, ["Question", "Answer", "Risk", "Source"], [75, 55, 12, 28])
        for step in steps:
            question = a.bank.questions[step.id]
            answer = question.answer_text(step.value, step.missing)
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


def _actions(doc: Document, a: Assessment, sources: brief.Sources) -> None:
    doc.add_heading("3. All actions", level=1)
    if not a.actions:
        doc.add_paragraph("None yet: nothing the firm answers show calls for one.")
    for priority, heading in PRIORITY_WORDS.items():
        chosen = [x for x in a.actions if x.priority == priority]
        if chosen:
            doc.add_heading(f"{heading} ({len(chosen)})", level=2)
            _numbered(doc, [f"{x.do} {sources.cite(x.cites)}" for x in chosen])


def _path(doc: Document, a: Assessment) -> None:
    doc.add_heading("4. The path through the map", level=1)
    doc.add_paragraph(f"The answers took this route ({plural(len(a.steps), 'question')}).")
    _numbered(
        doc,
        [f"{a.bank.questions[s.id].text} {a.bank.questions[s.id].answer_text(s.value, s.missing)}" for s in a.steps],
    )
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
        paragraph.add_run(entry.reference + (f" {entry.url}" if entry.url else ""))
        for locator, claim in entry.findings:
            paragraph.add_run(f" {locator}: ").italic = True
            paragraph.add_run(claim)


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
    return table


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
