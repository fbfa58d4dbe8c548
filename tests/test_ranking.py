"""One ranking rule for the biggest risks (priorities.TIERS), in every format of `score` and
`compare`: critical flags and clashes first, statutory bars first among them, then warnings,
then firm answers of risk 2 or more; checked on the partnership example and the calibration cases."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from docx import Document

from readiness.answers import load_answers
from readiness.compare import Comparison, compare
from readiness.loading import load_bank
from readiness.priorities import NO_RISK_YET, RISK_WORTH_NAMING, TIERS, statutory_bar, tier
from readiness.render import brief
from readiness.render.comparison import comparison_to_dict, render_comparison_markdown
from readiness.render.data import to_dict
from readiness.render.docx import render_comparison_docx, render_docx
from readiness.render.markdown import render_markdown
from readiness.scoring import Assessment, Scorer

ROOT = Path(__file__).resolve().parents[1]
BANK = load_bank()
SCORER = Scorer(BANK)
PARTNERSHIP = sorted((ROOT / "examples" / "partnership").glob("*.yaml"))
SEVERITY = {"Critical": 0, "Warning": 1}


def assess(path: Path) -> Assessment:
    return SCORER.score(load_answers(path, BANK).answers)


def the_partnership() -> Comparison:
    return compare(BANK, [load_answers(f, BANK).answers for f in PARTNERSHIP])


def rank_of(heading: str) -> int:
    """0 for a critical flag or clash, 1 for a warning, 2 for a firm answer (its heading is its domain)."""
    return SEVERITY.get(heading.split(",")[0].split(" ")[0], 2)


def in_order(headings: list[str]) -> bool:
    ranks = [rank_of(h) for h in headings]
    return ranks == sorted(ranks)


def markdown_risks(text: str) -> list[str]:
    """The headings of the biggest risks in a markdown report: "Critical, Trust and ..."."""
    section = re.split(r"^#{2,3} The biggest risks$", text, flags=re.M)[1]
    section = re.split(r"^#{2,3} ", section, flags=re.M)[0]
    return re.findall(r"^\d+\. \*\*([^*]+):\*\*", section, flags=re.M)


def docx_risks(data: bytes) -> list[str]:
    texts = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    start = texts.index("The biggest risks") + 1
    end = next(i for i in range(start, len(texts)) if texts[i] in ("What is already settled", "Sources"))
    return [t.split(":")[0] for t in texts[start:end] if ":" in t]


def test_the_rule_is_written_once() -> None:
    """Five tiers, critical before warnings before answers, statutory bars first in each severity."""
    assert tier("critical", True) < tier("critical", False) < tier("warning", True) < tier("warning", False)
    assert tier("warning", False) < tier(None, False) == len(TIERS) - 1
    assert statutory_bar(BANK, ["localism-act-2011.pay_decisions"])
    assert not statutory_bar(BANK, ["localism-act-2011.pay_decisions", "tizard-2011.sla"])


@pytest.mark.parametrize("path", PARTNERSHIP, ids=lambda p: p.stem)
def test_each_respondents_report_ranks_by_the_rule_in_every_format(path: Path) -> None:
    """markdown, Word and JSON list the same risks in the same order: tiers never go back."""
    a = assess(path)
    assert [r.tier for r in a.top_risks] == sorted(r.tier for r in a.top_risks)
    headings = [brief.risk_line(a, r).heading for r in a.top_risks]
    assert in_order(headings)
    assert markdown_risks(render_markdown(a)) == headings
    assert docx_risks(render_docx(a)) == headings[: len(docx_risks(render_docx(a)))]
    assert [r["id"] for r in to_dict(a)["top_risks"]] == [r.id for r in a.top_risks]


def test_a_statutory_bar_reaches_the_biggest_risks() -> None:
    """The flag that an offer would breach s. 41 of the Localism Act (a warning resting on the
    statute alone) is among the biggest risks of every respondent whose answers raise it, ahead
    of every other warning."""
    for path in PARTNERSHIP:
        a = assess(path)
        if any(f.id == "pay_outside_policy" for f in a.raised):
            ids = [r.id for r in a.top_risks]
            assert "pay_outside_policy" in ids
            warnings = [r.id for r in a.top_risks if r.severity == "warning"]
            assert warnings[0] == "pay_outside_policy"


def test_compare_puts_the_critical_flag_and_clashes_first_in_every_format() -> None:
    """The partnership view: both critical clashes and the leaders' distrust (critical) come
    before any warning or answer, in markdown, Word and JSON alike; and it has an actions section."""
    c = the_partnership()
    ranked = brief.partnership_risks(c.members, c.inconsistencies)
    ids = list(ranked)
    assert set(ids[:3]) == {"both_expect_to_employ", "merger_expectations_differ", "leaders_distrust"}
    headings = [line.heading for line, _ in ranked.values()]
    assert in_order(headings)
    text = render_comparison_markdown(c)
    assert markdown_risks(text) == headings
    assert "## What to do first" in text
    assert [r["id"] for r in comparison_to_dict(c)["top_risks"]] == ids
    assert json.loads(json.dumps(comparison_to_dict(c)))["first_actions"]
    word = [p.text for p in Document(io.BytesIO(render_comparison_docx(c))).paragraphs]
    start = word.index("The biggest risks") + 1
    listed = [t.split(":")[0] for t in word[start : start + len(headings)]]
    assert listed == headings


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "cases").glob("[er][0-9]*.yaml")), ids=lambda p: p.stem)
def test_a_favourable_answer_is_never_a_risk(path: Path) -> None:
    """On the calibration cases (ten of which listed a risk-0 or risk-1 answer among the biggest
    risks before the threshold), every answer listed carries RISK_WORTH_NAMING or more; with
    nothing to list, the report says so."""
    a = assess(path)
    assert all(r.risk is not None and r.risk >= RISK_WORTH_NAMING for r in a.top_risks if r.kind == "answer")
    if not a.top_risks:
        assert NO_RISK_YET in render_markdown(a)
