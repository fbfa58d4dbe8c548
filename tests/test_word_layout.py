"""The Word report as a clerk sends it: the whole summary on page 1 for any report (full
interviews and the longest summary the bank can give, laid out by LibreOffice and read back page
by page), page numbers, a running header, header rows that repeat, real file properties, no
answer said twice, and each source's address apart from its places."""

from __future__ import annotations

import dataclasses
import datetime
import io
import re

import pytest
from docx import Document

from helpers import walked_answers
from readiness.loading import load_bank
from readiness.model import UNKNOWN, Answer, AnswerSet, Partnership, Respondent
from readiness.priorities import FindOut, Risk, WhatIf
from readiness.render.docx import render_docx
from readiness.scoring import ActionResult, Assessment, Scorer
from tools import libreoffice_convert, pdf_pages

BANK = load_bank()
DAY = datetime.date(2026, 1, 15)
PARTNERSHIP = Partnership(
    name="Kingsmoor and Wexley Shared Management Partnership",
    councils=("Kingsmoor and District Borough Council", "Wexley and Upper Marsh District Council"),
)
RESPONDENT = Respondent(
    name="Alexandra Montgomery-Whitfield", council="Kingsmoor and District Borough Council", role="chief_executive"
)


def answer_set(values: dict[str, object]) -> AnswerSet:
    answers = {q: Answer(tuple(v) if isinstance(v, list) else v) for q, v in values.items()}  # type: ignore[arg-type]
    return AnswerSet(bank=BANK.id, partnership=PARTNERSHIP, respondent=RESPONDENT, answers=answers)


def interview(pick: str) -> Assessment:
    """A full interview answered throughout with the middle or the worst answer."""
    return Scorer(BANK).score(answer_set(walked_answers(BANK, pick)))


def longest() -> Assessment:
    """The longest summary the bank can give: every domain a range resting on unknowns, the
    five longest flags as the biggest risks, the three longest settled answers, the five longest
    actions, and five open questions each moving the verdict and three domains."""
    every_unknown = dict.fromkeys(BANK.questions, UNKNOWN)
    every_unknown.update({q: v for q, v in walked_answers(BANK, "middle").items() if not BANK.questions[q].unknown})
    a = Scorer(BANK).score(answer_set(every_unknown))
    flags = sorted(BANK.flags, key=lambda f: -len(f.says) - 12 * len(f.cites))[:5]
    risks = [Risk("flag", f.id, f.domain, f.says, f.cites, (), f.severity, tier=0) for f in flags]
    actions = [
        ActionResult("raised", x.when, a.explored, x.id, x.priority, x.domain, x.do, x.cites)  # type: ignore[arg-type]
        for x in sorted(BANK.actions, key=lambda x: -len(x.do) - 12 * len(x.cites))[:5]
    ]
    titles = sorted(BANK.header.domains, key=lambda d: -len(d.title))[:3]
    questions = sorted((q for q in BANK.questions.values() if q.unknown), key=lambda q: -len(q.text))[:5]
    whatifs = tuple(
        WhatIf(o.value, "ready_with_conditions" if i else "not_ready", "not_ready", tuple((d.id, r) for d in titles))
        for i, (o, r) in enumerate(zip(questions[0].options, ["amber-red", "red", "green-amber"], strict=False))
    )
    find_out = [FindOut(q.id, q.domain, True, tuple(d.id for d in titles), 40.0, whatifs) for q in questions]
    chosen = sorted(a.steps, key=lambda s: -len(BANK.questions[s.id].text))[:3]
    settled = [s._replace(value=BANK.questions[s.id].options[0].value) for s in chosen if BANK.questions[s.id].options]
    a = dataclasses.replace(a, verdict="not_enough_known")
    a.__dict__.update(top_risks=risks, first_actions=actions, find_out=find_out, settled=settled)
    return a


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Each report's pages as LibreOffice lays them out (one LibreOffice run for all)."""
    folder = tmp_path_factory.mktemp("word")
    reports = {"middle": interview("middle"), "worst": interview("worst"), "longest": longest()}
    paths = []
    for name, assessment in reports.items():
        paths.append(folder / f"{name}.docx")
        paths[-1].write_bytes(render_docx(assessment, DAY))
    return {name: pdf_pages(pdf) for name, pdf in zip(reports, libreoffice_convert(paths), strict=True)}


@pytest.mark.parametrize("name", ["middle", "worst", "longest"])
def test_the_whole_summary_is_on_page_one_with_page_numbers(laid_out: dict[str, list[str]], name: str) -> None:
    """Page 1 holds the title, the summary and its last list; page 2 starts with section 1 (the
    summary is followed by a page break, so nothing of it ran over); every page says "Page X of
    Y" and carries the running header."""
    pages = laid_out[name]
    first = pages[0]
    for heading in ("Summary", "The biggest risks", "What is already settled", "What to do first"):
        assert heading in first
    assert "What to find out first" in first
    second = [line.strip() for line in pages[1].splitlines() if line.strip()]
    assert second[0] == f"{PARTNERSHIP.name}: readiness report, {DAY.isoformat()}"
    assert second[1] == "1. The answers", second[:3]
    for number, page in enumerate(pages, 1):
        assert re.search(rf"\bPage {number} of {len(pages)}\b", page), (name, number)
        assert page.count(f"{PARTNERSHIP.name}: readiness report") == 1


def test_the_longest_summary_is_cut_by_rule_and_says_where_the_rest_is(laid_out: dict[str, list[str]]) -> None:
    """The longest summary keeps at least two risks and two actions (the rule's last floor), and
    a list cut short says how many more there are and where."""
    first = laid_out["longest"][0]
    assert re.search(r"\d more in section", first)
    risks = first.split("The biggest risks")[1].split("What is already settled")[0]
    actions = first.split("What to do first")[1].split("What to find out first")[0]
    assert re.search(r"^\s*2\. ", risks, flags=re.M)
    assert re.search(r"^\s*2\. ", actions, flags=re.M)


def test_header_rows_repeat_and_properties_are_the_reports() -> None:
    """Each table's first row repeats on a new page; the properties name the report, the date and
    who answered, not python-docx and 2013."""
    doc = Document(io.BytesIO(render_docx(interview("middle"), DAY)))
    for table in doc.tables:
        assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    props = doc.core_properties
    assert props.title == f"Readiness report: {PARTNERSHIP.name}"
    assert props.author == RESPONDENT.name
    assert props.created is not None
    assert props.created.date() == DAY
    assert props.last_modified_by == "readiness"
    assert "python-docx" not in f"{props.author} {props.last_modified_by} {props.comments}"


def test_section_four_does_not_repeat_the_answers() -> None:
    """The path section lists stretches of domains, not the answers of section 1 again."""
    a = interview("middle")
    doc = Document(io.BytesIO(render_docx(a, DAY)))
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("4. The path through the map")
    end = texts.index("5. How the scores were computed")
    path = "\n".join(texts[start:end])
    assert not [s.id for s in a.steps if BANK.questions[s.id].text in path]
    assert "questions 1 to" in path


def test_a_sources_address_stands_apart_from_its_places() -> None:
    """In the sources list the address ends the reference, in angle brackets, and "Relied on:"
    comes before the first place: never "2011 https://… ss. 38-41:"."""
    doc = Document(io.BytesIO(render_docx(interview("middle"), DAY)))
    texts = [p.text for p in doc.paragraphs]
    entries = texts[texts.index("Sources") + 2 :]
    with_address = [t for t in entries if "http" in t]
    assert with_address
    for entry in with_address:
        assert re.search(r"\. <https?://[^ >]+> Relied on: ", entry), entry


def test_markdown_and_word_file_the_same_actions_in_the_same_order() -> None:
    """Summary then further actions: the same actions, in the same order and with the same
    priority words, in both formats; "What to do first" is the summary's list, and no priority
    is called "do first"."""
    from readiness.render.markdown import render_markdown

    a = interview("middle")
    text = render_markdown(a, DAY)
    summary = text.split("### What to do first")[1].split("###")[0]
    appendix = text.split("## Appendix C. Further actions")[1].split("\n## ")[0]
    in_markdown = re.findall(r"^\d+\. (.+?) \[", summary, flags=re.M)
    in_markdown += re.findall(r"^\d+\. \*\w+:\* (.+?) \[", appendix, flags=re.M)
    doc = Document(io.BytesIO(render_docx(a, DAY)))
    texts = [p.text for p in doc.paragraphs]
    first = texts[texts.index("What to do first") + 1 : texts.index("What to find out first")]
    further = texts[texts.index("3. Further actions") + 1 : texts.index("4. The path through the map")]
    in_word = [t.split(" [")[0] for t in first if not re.match(r"\d+ more in", t)]
    in_word += [re.sub(r"^\d+\. \w+: ", "", t).split(" [")[0] for t in further if re.match(r"^\d+\. ", t)]
    assert in_word == in_markdown
    assert "Do first" not in text
    assert not any("Do first" in t for t in texts)


def test_what_to_find_out_first_reads_as_a_sentence() -> None:
    from readiness.render import brief

    a = Scorer(BANK).score(answer_set({**walked_answers(BANK, "middle"), "leaders_trust": UNKNOWN}))
    said = [brief.could_move(a, f) for f in a.find_out]
    assert said
    for sentence in said:
        assert sentence.startswith(("Depending on the answer, ", "The answer could move the overall score"))
        assert "Could move" not in sentence
