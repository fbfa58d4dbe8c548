"""Rendered reports: golden files for the examples, markdown that parses as intended, escaping of
whatever a user typed, and the JSON contract of DESIGN §5."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from readiness.answers import load_answers
from readiness.loading import load_bank
from readiness.model import Answer, AnswerSet, Partnership, Respondent
from readiness.render.data import render_csv, render_json, to_dict
from readiness.render.escape import md
from readiness.render.markdown import render_markdown
from readiness.scoring import Assessment, Scorer

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ["well-prepared", "mixed", "fragile"]
DAY = datetime.date(2026, 1, 15)
BANK = load_bank()
SCORER = Scorer(BANK)


def example(name: str) -> Assessment:
    answers = load_answers(ROOT / "examples" / f"{name}.yaml", BANK).answers
    return SCORER.score(answers.model_copy(update={"source": f"examples/{name}.yaml"}))


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").use(footnote_plugin)


@pytest.mark.parametrize("name", EXAMPLES)
def test_markdown_golden(name: str, golden: Callable[[str, str], None]) -> None:
    """The markdown report of each example, exactly (refresh with --update-golden and review)."""
    golden(f"{name}.md", render_markdown(example(name), DAY))


@pytest.mark.parametrize("name", EXAMPLES)
def test_json_golden(name: str, golden: Callable[[str, str], None]) -> None:
    """The JSON report of each example, exactly."""
    golden(f"{name}.json", render_json(example(name)))


@pytest.mark.parametrize("name", EXAMPLES)
def test_markdown_parses_as_intended(name: str) -> None:
    """Tables are tables (one row per domain), no footnotes and no raw HTML, one title, and
    every source cited in the text is in the numbered list, once."""
    text = render_markdown(example(name), DAY)
    tokens = parser().parse(text, {})
    tables = [i for i, t in enumerate(tokens) if t.type == "table_open"]
    assert len(tables) >= 3
    first_body = tokens[tables[0] :]
    rows = [
        t
        for t in first_body[: next(i for i, t in enumerate(first_body) if t.type == "table_close")]
        if t.type == "tr_open"
    ]
    assert len(rows) == 1 + len(BANK.header.domains)
    assert "[^" not in text
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    assert sum(1 for t in tokens if t.type == "heading_open" and t.tag == "h1") == 1
    body, sources = text.split("\n## Sources\n")
    groups = re.findall(r"\[(\d+, [^\]]+)\]", body)
    cited = {int(part.split(",")[0]) for group in groups for part in group.split("; ") if part.split(",")[0].isdigit()}
    listed = [int(n) for n in re.findall(r"^(\d+)\. ", sources, flags=re.M)]
    assert listed
    assert sorted(listed) == list(range(1, len(listed) + 1))
    assert cited == set(listed)


def test_summary_comes_first_and_fits_a_page() -> None:
    """The summary (verdict, domains, biggest risks, what is settled, what to do, what to find
    out) opens the report in at most 60 lines, and the whole report stays well under half its old
    length."""
    text = render_markdown(example("mixed"), DAY)
    headings = re.findall(r"^#{2,3} (.+)$", text, flags=re.M)
    assert headings[:6] == [
        "Summary",
        "The biggest risks",
        "What is already settled",
        "What to do first",
        "What to find out first",
        "Appendix A. The answers",
    ]
    summary = text.split("## Summary")[1].split("## Appendix A")[0]
    assert len(summary.strip().splitlines()) <= 60
    # The report before the summary came first ran to about 440 lines; bank 3.0's new questions
    # add their rows to the appendices (about 230 lines now).
    assert len(text.splitlines()) < 240


HOSTILE = "# Evil | <script>alert(1)</script> `tick` [link](javascript:alert(1)) **bold** ~~x~~"


def hostile_assessment() -> Assessment:
    good = example("mixed").answers
    first = next(iter(good.answers))
    answers = dict(good.answers)
    answers[first] = Answer(value=answers[first].value, note=HOSTILE + "\n# second line | x")
    return SCORER.score(
        AnswerSet(
            bank=BANK.id,
            partnership=Partnership(name=HOSTILE, councils=("A | B", "<b>C</b>")),
            respondent=Respondent(name="`whoami` #1", council="A | B", role="leader"),
            answers=answers,
            source="evil|file`.yaml",
        )
    )


def test_user_text_cannot_break_the_markdown() -> None:
    """Names and notes with |, <script>, backticks, links or a leading # stay plain text."""
    text = render_markdown(hostile_assessment(), DAY)
    tokens = parser().parse(text, {})
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    assert sum(1 for t in tokens if t.type == "heading_open" and t.tag == "h1") == 1
    children = [c for t in tokens if t.children for c in t.children]
    assert not [c for c in children if c.type == "link_open" and "javascript" in str(c.attrs.get("href"))]
    assert [c.content for c in children if c.type == "code_inline"] == ["shared-management"]
    assert not [c for c in children if c.type == "strong_open" and c.markup == "**" and "bold" in c.content]
    assert any("**bold** ~~x~~" in c.content for c in children if c.type == "text")
    for line in text.splitlines():
        if line.startswith("|") and "Why it matters" not in line and not line.startswith("|---"):
            cells = re.split(r"(?<!\\)\|", line)
            assert len(cells) - 2 in (4, 5, 6), line
    assert "<script>" not in text
    h1 = next(t for i, t in enumerate(tokens) if i and tokens[i - 1].type == "heading_open")
    assert h1.content.startswith("Readiness report: \\# Evil")


def test_escape() -> None:
    """The escape keeps text literal: HTML as entities, markup characters backslashed."""
    assert md("a | b <i>x</i> `c` #d [e]") == "a \\| b &lt;i&gt;x&lt;/i&gt; \\`c\\` \\#d \\[e\\]"
    assert md("two\nlines") == "two lines"


def _inline_text(markdown: str, index: int = 0) -> str:
    """The literal text markdown-it reads from an inline run of a document (a paragraph or a cell)."""
    inline = [t for t in parser().parse(markdown) if t.type == "inline"][index]
    assert inline.children is not None
    kinds = {c.type for c in inline.children}
    assert kinds <= {"text", "text_special"}, kinds  # no emphasis, code, link, HTML or footnote
    return "".join(c.content for c in inline.children)


# What a YAML answer file can hold: printable text of any script (YAML refuses control characters)
TYPED = st.text(st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn")), max_size=60)


@given(TYPED)
def test_escaped_text_reads_back_literally_in_a_paragraph_and_a_table_cell(text: str) -> None:
    """Whatever a respondent types comes back as the same words, never as markup."""
    expected = " ".join(text.split())
    assert _inline_text(f"x {md(text)}") == f"x {expected}".rstrip()
    table = f"| a | b |\n|---|---|\n| x {md(text)} | y |\n"
    assert [_inline_text(table, i) for i in (2, 3)] == [f"x {expected}".rstrip(), "y"]


def test_json_contract() -> None:
    """The keys and types DESIGN §5 promises to scripts and dashboards."""
    data = json.loads(render_json(example("fragile")))
    assert data["bank"] == {"id": "shared-management", "version": BANK.version, "digest": BANK.digest}
    assert set(data["partnership"]) == {"name", "councils"}
    assert {"council", "role"} <= set(data["respondent"])
    assert data["verdict"] in ("ready", "ready_with_conditions", "not_ready", "not_enough_known")
    assert data["verdict_range"] is None or len(data["verdict_range"]) == 2
    assert isinstance(data["score"], float)
    assert 0 <= data["confidence"] <= 1
    bands = ("green", "amber", "red")
    ratings = {*bands, *(f"{a}-{b}" for i, a in enumerate(bands) for b in bands[i + 1 :])}
    for domain in data["domains"]:
        assert {"id", "title", "rating", "range", "score", "confidence", "answered", "unknown"} <= set(domain)
        assert domain["rating"] in ratings
        assert domain["range"][0] == domain["score"] <= domain["range"][1]
    for flag in data["flags"]:
        assert {"id", "severity", "status", "domain", "says", "cites"} <= set(flag)
        assert flag["status"] in ("raised", "possible")
    for risk in data["top_risks"]:
        assert {"kind", "id", "domain", "says", "answer", "cites"} <= set(risk)
        assert risk["answer"]
    assert 1 <= len(data["top_risks"]) <= 5
    for item in data["find_out"]:
        assert {"question", "text", "could_move"} <= set(item)
    for action in data["actions"]:
        assert {"id", "do", "cites"} <= set(action)
    assert data["path"] == [a["question"] for a in data["answers"]]
    assert all({"id", "title"} <= set(s) for s in data["sources"])


def test_csv_rows() -> None:
    """One header, one row per assessment, both ends of the range and the rating per domain."""
    text = render_csv(BANK, [example(n) for n in EXAMPLES])
    header, *rows = [line.split(",") for line in text.splitlines()]
    assert header[:8] == [
        "file",
        "partnership",
        "respondent",
        "council",
        "role",
        "verdict",
        "verdict_best",
        "verdict_worst",
    ]
    assert len(header) == 14 + 3 * len(BANK.header.domains)
    assert header[14:17] == ["scope_score", "scope_score_high", "scope_rating"]
    assert [r[5] for r in rows] == ["ready", "ready_with_conditions", "not_ready"]
    assert [r[2] for r in rows] == [example(n).respondent.name for n in EXAMPLES]  # type: ignore[union-attr]


def test_csv_cells_cannot_become_formulas() -> None:
    """A name starting with = is written so a spreadsheet shows it as text."""
    assessment = hostile_assessment()
    evil = assessment.answers.model_copy(update={"partnership": Partnership(name="=HYPERLINK(1)", councils=("A", "B"))})
    text = render_csv(BANK, [SCORER.score(evil)])
    assert ",'=HYPERLINK(1)," in text


def test_report_shows_ignored_and_unanswered() -> None:
    """Answers off the path are listed as not counting; gaps on the path as don't know."""
    answers = example("well-prepared").answers
    kept = dict(list(answers.answers.items())[:4])  # the opening questions, which offer no "don't know"
    off_path = next(q for q in BANK.questions if q not in example("well-prepared").path)
    kept[off_path] = (
        Answer(value="unknown") if BANK.questions[off_path].unknown else next(iter(answers.answers.values()))
    )
    result = SCORER.score(answers.model_copy(update={"answers": kept}))
    text = render_markdown(result, DAY)
    assert "Answered, but off the route the answers took, so not counted:" in text
    assert "| Not answered (counted as don't know) | – |" in text
    data = to_dict(result)
    assert data["ignored"] == [off_path]
